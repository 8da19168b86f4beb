import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 24: a team's assignment rule run on two laptops offline hands a ticket out once.
@Suite struct TeamAssignSyncTests {
    /// Friday 15:30 UTC: the demo's Tier 1 BPO has @grace (New York) and @lucia (Bogotá) on shift.
    static let afternoon = Time.parseISO("2026-11-20T15:30:00Z")!


    func newTicket(_ r: Replica, subject: String) throws -> String {
        let requester = try r.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY id LIMIT 1")! }
        let id = UUIDv7.make(millis: TeamAssignSyncTests.afternoon - Time.minute)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: requester, requesterNetworkID: nil,
                       channel: .inApp, category: .rewardsPayout, priority: .normal, status: .new, tier: 1, assigneeID: nil,
                       createdAt: TeamAssignSyncTests.afternoon - Time.minute)
        try r.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: [])]), by: nil)
        try r.store.setTeam(ticketIDs: [id], team: "Tier 1 BPO")
        return id
    }

    func assignments(_ r: Replica, _ ticket: String) throws -> [String] {
        try r.store.read { db in
            try String.fetchAll(db, sql: """
                SELECT e.id || ' ' || ifnull(e.to_value, '-') || ' ' || ifnull(e.reason, '') FROM ticket_event e
                WHERE e.ticket_id = ? AND e.kind = 'assignment' AND e.deleted = 0 ORDER BY e.id
                """, arguments: [ticket])
        }
    }

    @Test func twoLaptopsRunningTheRuleOfflineWriteOneAssignment() throws {
        let a = try Replica("a", device: device(71), clock: .fixed(TeamAssignSyncTests.afternoon))
        let b = try Replica("b", device: device(72), clock: .fixed(TeamAssignSyncTests.afternoon + 7_000))
        // The rule is off while the ticket arrives everywhere, so neither sync assigns it.
        _ = try a.store.editTeam("Tier 1 BPO", assignment: .off)
        let ticket = try newTicket(a, subject: "Payout missing")
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try b.store.ticketDetail(id: ticket, now: TeamAssignSyncTests.afternoon)?.ticket.assigneeID == nil)

        // Both turn the rule on, offline, and run it; b's @grace is busier there (a ticket b
        // gave her by hand), so b picks someone else than a does.
        _ = try a.store.editTeam("Tier 1 BPO", assignment: .roundRobin)
        _ = try b.store.editTeam("Tier 1 BPO", assignment: .roundRobin)
        let onA = try a.store.autoAssign()
        let other = try newTicket(b, subject: "Other")
        let grace = try #require(try b.store.member(handle: "@grace"))
        let byHand = TicketEvent(id: UUIDv7.make(millis: TeamAssignSyncTests.afternoon), ticketID: other, kind: .assignment,
                                 at: TeamAssignSyncTests.afternoon, actor: .agent, authorID: grace.id, isPublic: false, toValue: "@grace")
        try b.store.apply(ChangeSet("take", [.ticketAction(byHand, fields: ["assignee_id": FieldValue(grace.id)])]), by: grace.id)
        let onB = try b.store.autoAssign()
        let pickA = try #require(onA.assigned.first { $0.ticketID == ticket }).handle
        let pickB = try #require(onB.assigned.first { $0.ticketID == ticket }).handle
        #expect(pickA != pickB, "the laptops should disagree for this test to mean something")

        for _ in 0..<2 {
            try a.sync(); try b.sync()
            try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        }
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        // One assignment event for the firing, the same on both, and the same assignee.
        let eventsA = try assignments(a, ticket), eventsB = try assignments(b, ticket)
        #expect(eventsA.count == 1, "\(eventsA)")
        #expect(eventsA == eventsB)
        let assigneeA = try a.store.ticketDetail(id: ticket, now: TeamAssignSyncTests.afternoon)?.ticket.assigneeID
        #expect(assigneeA == (try b.store.ticketDetail(id: ticket, now: TeamAssignSyncTests.afternoon)?.ticket.assigneeID))
        #expect(eventsA[0].contains(assigneeA.flatMap { id in try? a.store.members().first { $0.id == id }?.handle } ?? "?"))
        // Nothing left to do on either, and the replicas are identical.
        #expect(try a.store.autoAssign(dryRun: true).assigned.allSatisfy { $0.ticketID != ticket })
        #expect(try a.snapshot() == b.snapshot())
    }

    @Test func teamsMembersAndSchedulesSyncAndAPeersBadScheduleIsQuarantined() throws {
        let a = try Replica("a", device: device(73)), b = try Replica("b", device: device(74))
        _ = try a.store.addTeam(name: "MX creators", timeZone: "America/Mexico_City", assignment: .leastLoaded, capacity: 5)
        _ = try a.store.addToTeam("MX creators", handles: ["@rosa", "@diego"], capacity: 4)
        try a.store.setSchedule(handle: "@rosa", schedule: "mon-fri 10:00-19:00", timeZone: "America/Mexico_City")
        _ = try a.store.addTimeOff(handle: "@diego", from: pinnedNow, to: pinnedNow + 3 * Time.day, kind: .leave, note: "family")
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        let teamB = try #require(try b.store.teamOverviews(now: pinnedNow).first { $0.team.name == "MX creators" })
        #expect(teamB.team.assignment == .leastLoaded && teamB.team.capacity == 5 && teamB.team.timeZone == "America/Mexico_City")
        #expect(teamB.members.map(\.handle) == ["@diego", "@rosa"])
        #expect(teamB.members.map(\.capacity) == [4, 4])
        #expect(teamB.members[0].offReason?.hasPrefix("leave until") == true)
        #expect(try b.store.member(handle: "@rosa")?.schedule == "mon-fri 10:00-19:00")

        // A peer's line with a schedule that does not read is quarantined; nothing else changes.
        try a.store.setSchedule(handle: "@rosa", schedule: "mon-fri 11:00-20:00", timeZone: nil)
        try a.sync()
        var tampered = 0
        try tamper(a.folder) { line in
            guard line.contains("mon-fri 11:00-20:00") else { return line }
            tampered += 1
            return line.replacingOccurrences(of: "mon-fri 11:00-20:00", with: "mon 25:00-26:00")
        }
        #expect(tampered == 1)
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.skipped.map(\.reason).contains { $0.hasPrefix("schedule: \"25:00-26:00\" is not a time range") && $0.hasSuffix("; quarantined") },
                "\(summary.skipped)")
        #expect(try b.store.member(handle: "@rosa")?.schedule == "mon-fri 10:00-19:00")
    }
}
