import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 24: a team's own SLA policies and calendar time its tickets only; every other ticket
/// keeps the team-wide ones, and moving a ticket between teams re-times it.
@Suite struct TeamSLATests {
    /// 2026-11-20 09:30 UTC, a Friday (17:30 in Manila).
    let now = pinnedNow

    func ticket(_ f: Fixture, priority: TicketPriority = .normal, team: String? = nil, requester: Creator? = nil) throws -> Ticket {
        let creator = try requester ?? f.creator("@req\(UUID().uuidString.prefix(6).lowercased())")
        let id = UUIDv7.make(millis: now)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Payout missing", body: "", requesterCreatorID: creator.id,
                       requesterNetworkID: nil, channel: .email, category: .rewardsPayout, priority: priority, status: .new, tier: 1,
                       assigneeID: nil, createdAt: now)
        try f.store.apply(ChangeSet("New ticket", [.insertTicket(t, tags: [], events: [])]), by: f.manager.id)
        if let team { _ = try f.store.setTeam(ticketIDs: [id], team: team) }
        return t
    }

    func due(_ f: Fixture, _ t: Ticket) throws -> Millis? {
        try f.store.read { db in try Int64.fetchOne(db, sql: "SELECT sla_due_at FROM ticket WHERE id = ?", arguments: [t.id]) }
    }

    @Test func aTeamsPolicyTimesItsTicketsOnly() throws {
        let f = try Fixture()
        _ = try f.store.addTeam(name: "Tier 1", timeZone: "UTC")
        _ = try f.store.addTeam(name: "Tier 2", timeZone: "UTC")
        let mine = try ticket(f, team: "Tier 1"), theirs = try ticket(f, team: "Tier 2"), none = try ticket(f)
        // Normal: first reply within 8 h, team-wide.
        for t in [mine, theirs, none] { #expect(try due(f, t) == now + 8 * Time.hour) }

        let (policy, retimed) = try f.store.editSLAPolicy(.normal, SLAPolicyEdit(firstReplyMinutes: 30), team: "tier 1")
        #expect(retimed == 1)
        #expect(policy.teamID != nil && policy.id == SLAPolicy.id(team: policy.teamID!, priority: .normal))
        #expect(try due(f, mine) == now + 30 * Time.minute)
        #expect(try due(f, theirs) == now + 8 * Time.hour)
        #expect(try due(f, none) == now + 8 * Time.hour)
        // The other priorities of Tier 1, and the team-wide policy itself, are as they were.
        #expect(try f.store.slaSettings().policy(.normal)?.firstReplyMinutes == 8 * 60)
        let tier1 = try f.store.slaSettings(team: "Tier 1")
        #expect(tier1.ownPriorities == [.normal] && !tier1.ownHours)
        #expect(tier1.policy(.normal)?.firstReplyMinutes == 30 && tier1.policy(.urgent)?.firstReplyMinutes == 60)
        // The detail screen and the listing time it the same way.
        #expect(try f.store.ticketDetail(id: mine.id, now: now)?.sla.nextBreachDue == now + 30 * Time.minute)
        let listed = try f.store.ticketListing(view: .all, me: nil, now: now).first { $0.id == mine.id }
        #expect(listed?.sla.nextBreachDue == now + 30 * Time.minute)

        // A team-wide edit leaves Tier 1's own normal policy alone.
        _ = try f.store.editSLAPolicy(.normal, SLAPolicyEdit(firstReplyMinutes: 4 * 60))
        #expect(try due(f, mine) == now + 30 * Time.minute)
        #expect(try due(f, theirs) == now + 4 * Time.hour)

        // Reset: Tier 1 follows the team-wide policy again.
        _ = try f.store.resetTeamSLAPolicy(.normal, team: "Tier 1")
        #expect(try due(f, mine) == now + 4 * Time.hour)
        #expect(throws: GreenroomError.invalidInput("team \"Tier 1\" has no normal policy of its own (it follows the team-wide one)")) {
            try f.store.resetTeamSLAPolicy(.normal, team: "Tier 1")
        }
        // Set again after a reset: the same row (its derived id) comes back.
        _ = try f.store.editSLAPolicy(.normal, SLAPolicyEdit(firstReplyMinutes: 45), team: "Tier 1")
        #expect(try due(f, mine) == now + 45 * Time.minute)
    }

    @Test func aTeamsCalendarCountsOnlyItsOwnHours() throws {
        let f = try Fixture()
        _ = try f.store.addTeam(name: "Manila", timeZone: "Asia/Manila")
        _ = try f.store.addTeam(name: "Madrid", timeZone: "Europe/Madrid")
        // Urgent on business hours for everyone: 1 h of the team-wide 09:00–17:00 UTC.
        _ = try f.store.editSLAPolicy(.urgent, SLAPolicyEdit(businessHours: true))
        let manila = try ticket(f, priority: .urgent, team: "Manila"), madrid = try ticket(f, priority: .urgent, team: "Madrid")
        #expect(try due(f, manila) == now + Time.hour)

        // Manila works 09:00–18:00 local: Friday 17:30 leaves 30 minutes, the rest is Monday 09:00–09:30 (01:30 UTC).
        let (hours, retimed) = try f.store.editBusinessHours(BusinessHoursEdit(timeZone: "Asia/Manila", startMinute: 9 * 60, endMinute: 18 * 60),
                                                             team: "Manila")
        #expect(hours.timeZone == "Asia/Manila" && retimed == 1)
        #expect(try due(f, manila) == Time.parseISO("2026-11-23T01:30:00Z"))
        #expect(try due(f, madrid) == now + Time.hour)
        // Calendar-time policies ignore the team's hours.
        let calendarTicket = try ticket(f, priority: .high, team: "Manila")
        #expect(try due(f, calendarTicket) == now + 4 * Time.hour)

        // A Manila holiday on Monday pushes it to Tuesday.
        _ = try f.store.editBusinessHours(BusinessHoursEdit(addHolidays: ["2026-11-23"]), team: "Manila")
        #expect(try due(f, manila) == Time.parseISO("2026-11-24T01:30:00Z"))
        #expect(try f.store.slaSettings(team: "Manila").ownHours)

        // Back to the team-wide hours.
        let (_, back) = try f.store.clearTeamBusinessHours(team: "Manila")
        #expect(back == 1)
        #expect(try due(f, manila) == now + Time.hour)
        #expect(try !f.store.slaSettings(team: "Manila").ownHours)
    }

    @Test func aTeamWithoutRulesOfItsOwnOrRemovedFollowsTheTeamWideOnes() throws {
        let f = try Fixture()
        _ = try f.store.addTeam(name: "Plain", timeZone: "UTC")
        _ = try f.store.addTeam(name: "Fast", timeZone: "UTC")
        let plain = try ticket(f, priority: .high, team: "Plain"), fast = try ticket(f, priority: .high, team: "Fast")
        _ = try f.store.editSLAPolicy(.high, SLAPolicyEdit(firstReplyMinutes: 15), team: "Fast")
        #expect(try due(f, plain) == now + 4 * Time.hour)
        #expect(try due(f, fast) == now + 15 * Time.minute)
        // A removed team's rules stop; restoring it brings them back.
        let removed = try f.store.removeTeam("Fast")
        #expect(try due(f, fast) == now + 4 * Time.hour)
        try f.store.write { db in try f.store.updateStamped(.team, id: removed.id, fields: ["deleted": false.databaseValue], in: db) }
        #expect(try due(f, fast) == now + 15 * Time.minute)
    }

    @Test func movingATicketToAnotherTeamRetimesIt() throws {
        let f = try Fixture()
        _ = try f.store.addTeam(name: "Slow", timeZone: "UTC")
        _ = try f.store.addTeam(name: "Fast", timeZone: "UTC")
        _ = try f.store.editSLAPolicy(.low, SLAPolicyEdit(firstReplyMinutes: 10), team: "Fast")
        let t = try ticket(f, priority: .low, team: "Slow")
        #expect(try due(f, t) == now + 24 * Time.hour)
        _ = try f.store.setTeam(ticketIDs: [t.id], team: "Fast")
        #expect(try due(f, t) == now + 10 * Time.minute)
        _ = try f.store.setTeam(ticketIDs: [t.id], team: nil)
        #expect(try due(f, t) == now + 24 * Time.hour)
    }

    @Test func badTeamEditsAreRefusedAndChangeNothing() throws {
        let f = try Fixture()
        _ = try f.store.addTeam(name: "Tier 1", timeZone: "UTC")
        let before = try f.store.slaSettings(team: "Tier 1")
        #expect(throws: GreenroomError.invalidInput("business hours: end 08:00 is not after start 09:00")) {
            try f.store.editBusinessHours(BusinessHoursEdit(endMinute: 8 * 60), team: "Tier 1")
        }
        #expect(throws: GreenroomError.invalidInput("first reply must be more than 0 minutes")) {
            try f.store.editSLAPolicy(.urgent, SLAPolicyEdit(firstReplyMinutes: 0), team: "Tier 1")
        }
        #expect(throws: GreenroomError.invalidInput("no team called \"Tier 9\"; teams: \"Tier 1\"")) {
            try f.store.editSLAPolicy(.urgent, SLAPolicyEdit(firstReplyMinutes: 5), team: "Tier 9")
        }
        #expect(try f.store.slaSettings(team: "Tier 1") == before)
    }

    @Test func aCreatorsNewTicketTakesTheirTeam() throws {
        let f = try Fixture()
        let team = try f.store.addTeam(name: "MX creators", timeZone: "America/Mexico_City")
        _ = try f.store.editSLAPolicy(.normal, SLAPolicyEdit(firstReplyMinutes: 20), team: "MX creators")
        let rosa = try f.creator("@rosa"), luis = try f.creator("@luis")
        try f.store.apply(ChangeSet("team", [.update(.creator, id: rosa.id, fields: ["team_id": FieldValue(team.id)])]), by: f.manager.id)
        let t = try ticket(f, requester: rosa)
        #expect(try f.store.ticketDetail(id: t.id, now: now)?.ticket.teamID == team.id)
        #expect(try due(f, t) == now + 20 * Time.minute)
        // The roster filter finds her by team, and others by team:none.
        let mx = try f.store.rosterIDs(filter: FilterParser().parse("team:\"mx creators\""), me: nil, now: now)
        #expect(mx == [rosa.id])
        let others = try f.store.rosterIDs(filter: FilterParser().parse("team:none"), me: nil, now: now)
        #expect(others == [luis.id])
    }

    @Test func theBookLooksUpTeamsRulesAndFallsBack() throws {
        let base = SLAPolicy.defaults { "x" }
        let teamPolicy = SLAPolicy(id: "p", priority: .urgent, firstReplyMinutes: 5, nextReplyMinutes: 10, resolutionMinutes: 60,
                                   businessHours: true, teamID: "t1")
        let manila = BusinessHours(timeZone: "Asia/Manila", weekdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1080, holidays: [])
        let book = SLAPolicyBook(policies: [teamPolicy], fallback: base, hours: .standard, teamHours: ["t2": manila])
        #expect(book.entry(team: "t1", priority: .urgent)?.policy.firstReplyMinutes == 5)
        #expect(book.entry(team: "t1", priority: .high)?.policy.firstReplyMinutes == 240)
        #expect(book.entry(team: nil, priority: .urgent)?.policy.firstReplyMinutes == 60)
        #expect(book.entry(team: "unknown", priority: .urgent)?.policy.firstReplyMinutes == 60)
        #expect(book.teamsWithOwnRules == ["t1", "t2"])
        // JSON round trip, and a bad value reads as a one-line reason.
        #expect(try BusinessHours(json: manila.json) == manila)
        #expect(throws: GreenroomError.invalidInput("unknown time zone \"Mars/Base\"")) {
            try BusinessHours(json: #"{"time_zone":"Mars/Base","weekdays":[1],"start_minute":0,"end_minute":60}"#)
        }
    }
}
