import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 24: teams own tickets; their rule hands unassigned tickets, oldest first, to members
/// on shift with room, explained on the ticket, once per time a ticket becomes unassigned.
@Suite struct TeamAssignmentTests {
    /// Friday 2026-11-20 15:30 UTC: 10:30 in Bogotá, 00:30 Saturday in Tokyo.
    static let now = Time.parseISO("2026-11-20T15:30:00Z")!

    struct Desk {
        let f: Fixture
        let creator: Creator
        var store: Store { f.store }
        var handles: [String: String] = [:]

        init() throws {
            f = try Fixture(now: TeamAssignmentTests.now)
            creator = try f.creator("@mila")
            for (h, tier) in [("@lucia", 1), ("@sam", 1), ("@tuan", 1), ("@kenji", 2)] {
                let m = Member(id: UUIDv7.make(millis: TeamAssignmentTests.now - Time.day), handle: h, name: h, role: .specialist, team: "", tier: tier)
                try f.store.insertForTesting(m)
                handles[m.id] = h
            }
        }

        @discardableResult
        func ticket(_ subject: String, team: String?, minutesAgo: Int64, assignee: String? = nil, status: TicketStatus = .new) throws -> Ticket {
            let created = TeamAssignmentTests.now - minutesAgo * Time.minute
            let id = UUIDv7.make(millis: created)
            let assigneeID = try assignee.flatMap { try store.member(handle: $0)?.id }
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: creator.id, requesterNetworkID: nil,
                           channel: .inApp, category: .rewardsPayout, priority: .normal, status: status, tier: 1, assigneeID: assigneeID, createdAt: created)
            try store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: [])]), by: nil)
            if let team { try store.setTeam(ticketIDs: [id], team: team) }
            return t
        }

        func assignee(_ t: Ticket) throws -> String? {
            try store.ticketDetail(id: t.id, now: TeamAssignmentTests.now)?.ticket.assigneeID.flatMap { handles[$0] }
        }

        func assignmentEvents(_ t: Ticket) throws -> [TicketEvent] {
            try store.ticketDetail(id: t.id, now: TeamAssignmentTests.now)?.events.map(\.event).filter { $0.kind == .assignment && !$0.deleted } ?? []
        }
    }

    @Test func roundRobinHandsTheOldestTicketsToMembersOnShiftWithRoomAndSaysWhy() throws {
        let d = try Desk()
        _ = try d.store.addTeam(name: "Tier 1 BPO", assignment: .roundRobin, capacity: 2)
        try d.store.addToTeam("tier 1 bpo", handles: ["@lucia", "@sam", "@tuan"])
        try d.store.setSchedule(handle: "@lucia", schedule: "mon-fri 07:00-16:00", timeZone: "America/Bogota")   // on: 10:30
        try d.store.setSchedule(handle: "@sam", schedule: "tue-sat 14:00-23:00", timeZone: "America/Bogota")     // off: 10:30
        try d.store.setSchedule(handle: "@tuan", schedule: "daily 00:00-24:00", timeZone: "Asia/Manila")          // on
        let busy = try d.ticket("already @tuan's", team: nil, minutesAgo: 300, assignee: "@tuan")
        let t1 = try d.ticket("oldest", team: "Tier 1 BPO", minutesAgo: 120)
        let t2 = try d.ticket("second", team: "Tier 1 BPO", minutesAgo: 90)
        let t3 = try d.ticket("third", team: "Tier 1 BPO", minutesAgo: 60)
        let t4 = try d.ticket("fourth", team: "Tier 1 BPO", minutesAgo: 30)
        let otherTeam = try d.ticket("no team", team: nil, minutesAgo: 200)
        let pending = try d.ticket("waiting on creator", team: "Tier 1 BPO", minutesAgo: 400, status: .pending)

        let dry = try d.store.autoAssign(dryRun: true)
        #expect(dry.assigned.map(\.handle) == ["@lucia", "@tuan", "@lucia"])
        #expect(try d.assignee(t1) == nil, "a dry run writes nothing")

        let report = try d.store.autoAssign()
        #expect(report == dry)
        // @lucia never had a ticket, @tuan had one; then back to @lucia, who is full at 2 with
        // @tuan; @sam is off shift. The fourth waits.
        #expect(try [t1, t2, t3, t4].map(d.assignee) == ["@lucia", "@tuan", "@lucia", nil])
        #expect(try d.assignee(otherTeam) == nil && d.assignee(pending) == nil && d.assignee(busy) == "@tuan")
        #expect(report.leftOver.count == 1 && report.leftOver[0].count == 1)
        #expect(report.leftOver[0].reason == "everyone on shift is at capacity (@lucia 2/2, @tuan 2/2)")
        let event = try #require(try d.assignmentEvents(t2).first)
        #expect(event.actor == .system && event.toValue == "@tuan")
        #expect(event.reason == "assigned by rule Tier 1 BPO round-robin: @tuan had 1 of 2")

        // Nothing new: nothing more.
        #expect(try d.store.autoAssign().assigned.isEmpty)
        // The team's lead raises the capacity: the fourth goes to whoever waited longest.
        _ = try d.store.editTeam("Tier 1 BPO", capacity: 3)
        #expect(try d.store.autoAssign().assigned.map(\.ticketID) == [t4.id])
        #expect(try d.assignee(t4) == "@tuan")
    }

    @Test func undoIsRespectedAndUnassigningStartsANewTurn() throws {
        let d = try Desk()
        _ = try d.store.addTeam(name: "Tier 1 BPO", assignment: .roundRobin)
        try d.store.addToTeam("Tier 1 BPO", handles: ["@lucia"])
        let t = try d.ticket("help", team: "Tier 1 BPO", minutesAgo: 10)
        let report = try d.store.autoAssign()
        #expect(try d.assignee(t) == "@lucia")
        // Undo: the ticket is unassigned again and the rule does not take it back.
        try d.store.apply(try #require(report.undo), by: nil)
        #expect(try d.assignee(t) == nil)
        #expect(try d.store.autoAssign().assigned.isEmpty)
        // Someone assigns it by hand, then takes it away: a new turn for the rule.
        let lucia = try #require(try d.store.member(handle: "@lucia"))
        let assign = TicketEvent(id: UUIDv7.make(millis: TeamAssignmentTests.now), ticketID: t.id, kind: .assignment, at: TeamAssignmentTests.now,
                                 actor: .agent, authorID: lucia.id, isPublic: false, toValue: "@lucia")
        try d.store.apply(ChangeSet("take", [.ticketAction(assign, fields: ["assignee_id": FieldValue(lucia.id)])]), by: lucia.id)
        let later = TeamAssignmentTests.now + Time.minute
        let drop = TicketEvent(id: UUIDv7.make(millis: later), ticketID: t.id, kind: .assignment, at: later, actor: .agent, authorID: lucia.id,
                               isPublic: false, fromValue: "@lucia", toValue: nil)
        try d.store.apply(ChangeSet("drop", [.ticketAction(drop, fields: ["assignee_id": .null])]), by: lucia.id)
        #expect(try d.store.autoAssign().assigned.map(\.handle) == ["@lucia"])
    }

    @Test func timeOffAndRemovedMembersAreSkipped() throws {
        let d = try Desk()
        _ = try d.store.addTeam(name: "Tier 2", assignment: .leastLoaded)
        try d.store.addToTeam("Tier 2", handles: ["@kenji", "@lucia"])
        _ = try d.store.addTimeOff(handle: "@kenji", from: TeamAssignmentTests.now - Time.day, to: TeamAssignmentTests.now + Time.day, kind: .sick)
        let t = try d.ticket("escalated", team: "Tier 2", minutesAgo: 5)
        let overview = try #require(try d.store.teamOverviews(now: TeamAssignmentTests.now).first)
        #expect(overview.members.map(\.handle) == ["@kenji", "@lucia"])
        #expect(overview.members[0].onShift == false && overview.members[0].offReason?.hasPrefix("sick until 2026-11-21") == true)
        #expect(overview.unassigned == 1)
        _ = try d.store.removeFromTeam("Tier 2", handles: ["@lucia"])
        let report = try d.store.autoAssign()
        #expect(report.assigned.isEmpty)
        #expect(report.leftOver.map(\.reason) == ["nobody on the team is on shift"])
        #expect(try d.assignee(t) == nil)
    }

    @Test func teamFilterAndRefusals() throws {
        let d = try Desk()
        _ = try d.store.addTeam(name: "MX creators")
        let a = try d.ticket("mx", team: "mx creators", minutesAgo: 5)
        _ = try d.ticket("none", team: nil, minutesAgo: 6)
        let mx = try d.store.ticketPage(view: .all, filter: TicketFilterParser().parse("team:\"MX creators\""), me: nil, offset: 0, limit: 10, now: TeamAssignmentTests.now)
        #expect(mx.map(\.id) == [a.id])
        let none = try d.store.ticketPage(view: .all, filter: TicketFilterParser().parse("team:none"), me: nil, offset: 0, limit: 10, now: TeamAssignmentTests.now)
        #expect(none.map(\.subject) == ["none"])
        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "accepted" } catch { return "\(error)" }
        }
        let before = try d.store.teams()
        #expect(reason { _ = try d.store.addTeam(name: "mx CREATORS") } == "there is already a team called \"mx CREATORS\"")
        #expect(reason { _ = try d.store.addTeam(name: "X", timeZone: "Mars/Base") }.contains("is not a time zone"))
        #expect(reason { _ = try d.store.addTeam(name: "X", capacity: 0) } == "capacity must be from 1 to 1000 open tickets (got 0)")
        #expect(reason { _ = try d.store.addTeam(name: "X", lead: "@nobody") }.hasPrefix("no member @nobody"))
        #expect(reason { _ = try d.store.addTeam(name: "  ") } == "a team name cannot be empty")
        #expect(reason { try d.store.setTeam(ticketIDs: [a.id], team: "Tier 9") } == "no team called \"Tier 9\"; teams: \"MX creators\"")
        #expect(reason { try d.store.setSchedule(handle: "@lucia", schedule: "mon 9-5", timeZone: nil) }.hasPrefix("schedule: "))
        #expect(reason { _ = try d.store.addTimeOff(handle: "@lucia", from: TeamAssignmentTests.now, to: TeamAssignmentTests.now, kind: .leave) }
                == "time off must end after it starts")
        #expect(try d.store.teams() == before)
        #expect(try d.store.member(handle: "@lucia")?.schedule == nil)
    }
}
