import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// `Store.editSLAPolicy`, `editBusinessHours`, `setSLAWarningMinutes` and `ticketListing`:
/// edits are validated as a whole, saved in one transaction that re-times the open tickets,
/// and a refused edit changes nothing.
@Suite struct SLASettingsTests {
    /// 2026-11-20 (the pinned now) is a Friday.
    static let friday = pinnedNow

    /// Inserts a ticket the way the UI does; `solvedAt` adds a status event to solved.
    @discardableResult
    func ticket(_ f: Fixture, priority: TicketPriority, status: TicketStatus = .new, createdAt: Millis, solvedAt: Millis? = nil,
                tags: [String] = [], subject: String = "Payout missing") throws -> Ticket {
        let creator = try f.creator("@req\(UUID().uuidString.prefix(6).lowercased())")
        let id = UUIDv7.make(millis: createdAt)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: creator.id,
                       requesterNetworkID: nil, channel: .email, category: .rewardsPayout, priority: priority, status: status, tier: 1,
                       assigneeID: f.manager.id, createdAt: createdAt)
        var events: [TicketEvent] = []
        if let solvedAt {
            events.append(TicketEvent(id: UUIDv7.make(millis: solvedAt), ticketID: id, kind: .status, at: solvedAt, actor: .agent,
                                      authorID: f.manager.id, isPublic: false, fromValue: "new", toValue: status.rawValue))
        } else if status != .new {
            events.append(TicketEvent(id: UUIDv7.make(millis: createdAt), ticketID: id, kind: .status, at: createdAt, actor: .agent,
                                      authorID: f.manager.id, isPublic: false, fromValue: "new", toValue: status.rawValue))
        }
        try f.store.apply(ChangeSet("New ticket", [.insertTicket(t, tags: tags, events: events)]), by: f.manager.id)
        return t
    }

    func due(_ f: Fixture, _ t: Ticket) throws -> Millis? {
        try f.store.read { db in try Int64.fetchOne(db, sql: "SELECT sla_due_at FROM ticket WHERE id = ?", arguments: [t.id]) }
    }

    func outboxCount(_ store: Store) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    // MARK: Durations

    @Test func durationsParseAndFormat() {
        #expect(SLADuration.parse("30m") == 30)
        #expect(SLADuration.parse("4h") == 240)
        #expect(SLADuration.parse("2d") == 2880)
        #expect(SLADuration.parse("1w") == 7 * 1440)
        #expect(SLADuration.parse("90") == 90)
        #expect(SLADuration.parse("1h30m") == 90)
        #expect(SLADuration.parse("1h 30m") == 90)
        #expect(SLADuration.parse("0") == 0)
        for bad in ["", "abc", "3x", "-5", "30m1h", "1h1h", "h", "1.5h", "12345678901"] {
            #expect(SLADuration.parse(bad) == nil, "\(bad)")
        }
        #expect(SLADuration.format(30) == "30m")
        #expect(SLADuration.format(60) == "1h")
        #expect(SLADuration.format(8 * 60) == "8h")
        #expect(SLADuration.format(3 * 1440) == "3d")
        #expect(SLADuration.format(90) == "1h 30m")
        #expect(SLADuration.format(36 * 60) == "36h")
        #expect(SLADuration.validationError(0, what: "first reply") == "first reply must be more than 0 minutes")
        #expect(SLADuration.validationError(SLADuration.maxMinutes + 1, what: "resolution") != nil)
        #expect(SLADuration.validationError(1, what: "resolution") == nil)
    }

    // MARK: Policies

    @Test func defaultsAreShownUrgentFirst() throws {
        let f = try Fixture()
        let sla = try f.store.slaSettings()
        #expect(sla.policies.map(\.priority) == [.urgent, .high, .normal, .low])
        #expect(sla.policy(.urgent)?.firstReplyMinutes == 60)
        #expect(sla.policies.allSatisfy { !$0.businessHours })
        #expect(sla.businessHours == .standard)
        #expect(sla.warningMinutes == 15)
    }

    @Test func aPolicyEditPersistsAndRetimesOpenTickets() throws {
        let f = try Fixture()
        let created = pinnedNow - 10 * Time.minute
        let open = try ticket(f, priority: .urgent, createdAt: created)
        let solved = try ticket(f, priority: .urgent, status: .solved, createdAt: created - Time.day, solvedAt: created - Time.hour)
        let normal = try ticket(f, priority: .normal, createdAt: created)
        #expect(try due(f, open) == created + 60 * Time.minute)
        #expect(try due(f, solved) == nil)
        let normalDue = try due(f, normal)

        let outbox = try outboxCount(f.store)
        let (policy, retimed) = try f.store.editSLAPolicy(.urgent, SLAPolicyEdit(firstReplyMinutes: 30, resolutionMinutes: 4 * 60))
        #expect(policy.firstReplyMinutes == 30 && policy.resolutionMinutes == 240 && policy.nextReplyMinutes == 120)
        #expect(retimed == 1)
        #expect(try due(f, open) == created + 30 * Time.minute)
        #expect(try due(f, solved) == nil)
        #expect(try due(f, normal) == normalDue)
        // One synced write of the policy row, both fields in it.
        #expect(try outboxCount(f.store) == outbox + 1)
        let last = try #require(try f.store.read { db in try Row.fetchOne(db, sql: "SELECT entity, fields FROM outbox ORDER BY seq DESC LIMIT 1") })
        #expect(last["entity"] as String == "sla_policy")
        #expect((last["fields"] as String).contains("first_reply_minutes") && (last["fields"] as String).contains("resolution_minutes"))

        // The same values again: nothing to write, nothing re-timed.
        let again = try f.store.editSLAPolicy(.urgent, SLAPolicyEdit(firstReplyMinutes: 30))
        #expect(again.retimed == 0)
        #expect(try outboxCount(f.store) == outbox + 1)

        try f.store.close()
        let reopened = try Store.open(at: f.dir.file("fixture.sqlite"), clock: .fixed(pinnedNow))
        let saved = try #require(try reopened.slaSettings().policy(.urgent))
        #expect(saved.firstReplyMinutes == 30 && saved.resolutionMinutes == 240)
        #expect(try reopened.slaSettings().policy(.high)?.firstReplyMinutes == 4 * 60)
    }

    @Test func aRefusedPolicyEditChangesNothing() throws {
        let f = try Fixture()
        let open = try ticket(f, priority: .urgent, createdAt: pinnedNow - Time.minute)
        let before = try f.store.slaSettings()
        let outbox = try outboxCount(f.store)
        let dueBefore = try due(f, open)
        let refused: [SLAPolicyEdit] = [
            SLAPolicyEdit(),
            SLAPolicyEdit(firstReplyMinutes: 0),
            SLAPolicyEdit(firstReplyMinutes: 30, nextReplyMinutes: -5),
            SLAPolicyEdit(resolutionMinutes: SLADuration.maxMinutes + 1, businessHours: true),
        ]
        for edit in refused {
            #expect(throws: GreenroomError.self) { try f.store.editSLAPolicy(.urgent, edit) }
        }
        #expect(try f.store.slaSettings() == before)
        #expect(try outboxCount(f.store) == outbox)
        #expect(try due(f, open) == dueBefore)
    }

    @Test func switchingToBusinessHoursRetimes() throws {
        let f = try Fixture()
        // Friday 09:30 UTC; high: first reply in 4 h.
        let open = try ticket(f, priority: .high, createdAt: Self.friday)
        #expect(try due(f, open) == Self.friday + 4 * Time.hour)
        let (_, retimed) = try f.store.editSLAPolicy(.high, SLAPolicyEdit(businessHours: true))
        // Standard hours, 09:00–17:00 UTC: still 13:30 on Friday.
        #expect(retimed == 0)
        #expect(try due(f, open) == Self.friday + 4 * Time.hour)

        // Closing at noon: 2.5 h on Friday, 1.5 h on Monday → Monday 10:30.
        let monday = Self.friday + 3 * Time.day
        let (hours, moved) = try f.store.editBusinessHours(BusinessHoursEdit(endMinute: 12 * 60))
        #expect(hours.endMinute == 720 && hours.startMinute == 540)
        #expect(moved == 1)
        #expect(try due(f, open) == monday + Time.hour)

        // Monday off: Tuesday 10:30.
        try f.store.editBusinessHours(BusinessHoursEdit(addHolidays: ["2026-11-23"]))
        #expect(try due(f, open) == monday + Time.day + Time.hour)
        #expect(try f.store.teamSettings().businessHours.holidays == ["2026-11-23"])

        // Another zone and days, and the holiday removed, in one edit.
        let (madrid, _) = try f.store.editBusinessHours(BusinessHoursEdit(timeZone: "Europe/Madrid", weekdays: [5, 1, 2, 3, 4, 1],
                                                                           removeHolidays: ["2026-11-23"]))
        #expect(madrid.timeZone == "Europe/Madrid")
        #expect(madrid.weekdays == [1, 2, 3, 4, 5])
        #expect(madrid.holidays.isEmpty)
        // Friday 10:30–12:00 Madrid (09:30–11:00 UTC) is 1.5 h, then Monday 09:00 Madrid + 2.5 h = 11:30 Madrid = 10:30 UTC.
        #expect(try due(f, open) == monday + Time.hour)

        try f.store.close()
        let reopened = try Store.open(at: f.dir.file("fixture.sqlite"), clock: .fixed(pinnedNow))
        #expect(try reopened.slaSettings().businessHours == madrid)
        #expect(try reopened.slaSettings().policy(.high)?.businessHours == true)
    }

    @Test func refusedBusinessHoursChangeNothing() throws {
        let f = try Fixture()
        try f.store.editBusinessHours(BusinessHoursEdit(addHolidays: ["2026-12-25"]))
        let before = try f.store.teamSettings().businessHours
        let outbox = try outboxCount(f.store)
        let refused: [(BusinessHoursEdit, String)] = [
            (BusinessHoursEdit(), "nothing to change"),
            (BusinessHoursEdit(startMinute: 18 * 60), "is not after start"),
            (BusinessHoursEdit(timeZone: "Mars/Olympus"), "unknown time zone"),
            (BusinessHoursEdit(weekdays: []), "no working weekdays"),
            (BusinessHoursEdit(weekdays: [1, 8]), "outside 1…7"),
            (BusinessHoursEdit(addHolidays: ["2026-02-30"]), "not a real date"),
            (BusinessHoursEdit(addHolidays: ["25/12/2026"]), "YYYY-MM-DD"),
            (BusinessHoursEdit(removeHolidays: ["2026-12-24"]), "is not a holiday"),
            (BusinessHoursEdit(addHolidays: ["2027-01-01"], removeHolidays: ["2027-01-01"]), "both added and removed"),
            // A good part does not save a bad whole.
            (BusinessHoursEdit(timeZone: "Europe/Madrid", endMinute: 8 * 60), "is not after start"),
        ]
        for (edit, reason) in refused {
            do {
                try f.store.editBusinessHours(edit)
                Issue.record("accepted \(edit)")
            } catch let error as GreenroomError {
                #expect(error.description.contains(reason), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(try f.store.teamSettings().businessHours == before)
        #expect(try outboxCount(f.store) == outbox)
    }

    @Test func warningThreshold() throws {
        let f = try Fixture()
        #expect(try f.store.setSLAWarningMinutes(30) == 30)
        #expect(try f.store.teamSettings().slaWarningMinutes == 30)
        let outbox = try outboxCount(f.store)
        for bad in [0, -1, 7 * 1440 + 1] {
            #expect(throws: GreenroomError.self) { try f.store.setSLAWarningMinutes(bad) }
        }
        #expect(try f.store.teamSettings().slaWarningMinutes == 30)
        #expect(try outboxCount(f.store) == outbox)
        try f.store.close()
        let reopened = try Store.open(at: f.dir.file("fixture.sqlite"), clock: .fixed(pinnedNow))
        #expect(try reopened.slaSettings().warningMinutes == 30)
    }

    // MARK: Listings

    @Test func listingsFollowTheQueueWithTheEngineReport() throws {
        let f = try Fixture()
        let late = try ticket(f, priority: .urgent, createdAt: pinnedNow - 2 * Time.hour, tags: ["vip", "payout"]) // first reply breached 1 h ago
        let soon = try ticket(f, priority: .urgent, createdAt: pinnedNow - 30 * Time.minute)                  // due in 30 m
        let later = try ticket(f, priority: .low, createdAt: pinnedNow - Time.hour)                            // due in 23 h
        let paused = try ticket(f, priority: .urgent, status: .pending, createdAt: pinnedNow - 3 * Time.hour)
        let solved = try ticket(f, priority: .high, status: .solved, createdAt: pinnedNow - 2 * Time.day, solvedAt: pinnedNow - Time.day)

        let all = try f.store.ticketListing(view: .allOpen, me: nil, now: pinnedNow)
        #expect(all.map(\.id) == [late.id, soon.id, later.id, paused.id])
        let first = all[0]
        #expect(first.key == late.key && first.shortKey.count >= TicketKey.minimumLength && late.key.hasPrefix(first.shortKey))
        #expect(first.tags == ["payout", "vip"])
        #expect(first.sla.nextBreachTarget == .firstReply)
        #expect(first.sla.nextBreachDue == pinnedNow - Time.hour)
        #expect(first.sla[.firstReply]?.state == .breached)
        #expect(first.sla[.firstReply]?.remaining == -Time.hour)
        #expect(first.headlineTarget?.target == .firstReply)
        #expect(all[3].sla.nextBreach == nil)
        #expect(all[3].headlineTarget?.state == .paused)

        let breaching = try f.store.ticketListing(view: .breachingSoon, me: nil, now: pinnedNow)
        #expect(breaching.map(\.id) == [late.id, soon.id])
        #expect(try f.store.ticketListing(view: .allOpen, me: nil, limit: 2, now: pinnedNow).map(\.id) == [late.id, soon.id])
        #expect(try f.store.ticketListing(view: .allOpen, me: nil, limit: 0, now: pinnedNow).isEmpty)
        let urgent = try TicketFilterParser().parse("priority:urgent tag:vip")
        #expect(try f.store.ticketListing(view: .allOpen, filter: urgent, me: nil, now: pinnedNow).map(\.id) == [late.id])

        let done = try f.store.ticketListing(view: .solvedRecently, me: nil, now: pinnedNow)
        #expect(done.map(\.id) == [solved.id])
        #expect(done[0].solvedAt == pinnedNow - Time.day)
        #expect(done[0].sla.nextBreach == nil)
        #expect(done[0].headlineTarget?.target == .resolution)
        #expect(done[0].headlineTarget?.state == .achieved)
    }
}
