import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// 1:1s and coaching (issue 25): the next 1:1's agenda for a desk with planted breaches, bad
/// ratings, QA reviews and coaching items — every expectation worked out by hand from the
/// fixture's times — its window (since the last 1:1, else seven days), holding a 1:1, and the
/// writes' refusals and undo.
@Suite struct OneOnOneStoreTests {
    static func utc(_ iso: String) -> Millis { Time.parseISO(iso)! }

    /// Now is Friday 2026-11-20 09:30 UTC (the team zone is UTC), so with no 1:1 held the
    /// window is (2026-11-13 09:30, now].
    struct Desk {
        let f: Fixture
        var store: Store { f.store }
        let tuan: Member
        let rosa: Member
        let creatorID: String
        var t: [String: String] = [:]

        init() throws {
            f = try Fixture()
            tuan = Member(id: UUIDv7.make(millis: pinnedNow - 200 * Time.day), handle: "@tuan", name: "Tuan Le", role: .specialist, team: "US", tier: 1)
            rosa = Member(id: UUIDv7.make(millis: pinnedNow - 199 * Time.day), handle: "@rosa", name: "Rosa", role: .specialist, team: "US", tier: 1)
            try f.store.insertForTesting(tuan)
            try f.store.insertForTesting(rosa)
            creatorID = try f.creator("@mila").id
            // A: urgent, first reply after 90 min against 60: first reply breached, due 11-18 11:00.
            t["A"] = try ticket("payout missing", tuan, .urgent, "2026-11-18T10:00:00Z", reply: 90)
            // B: the same breach a week earlier (due 11-10 11:00): before the window.
            t["B"] = try ticket("old breach", tuan, .urgent, "2026-11-10T10:00:00Z", reply: 90)
            // C: on time; rated good; its QA reviews below.
            t["C"] = try ticket("quick fix", tuan, .urgent, "2026-11-19T08:00:00Z", reply: 30, ratings: [("2026-11-19T12:00:00Z", .good, nil)])
            // D: rated bad on 11-17 with a comment: low CSAT.
            t["D"] = try ticket("slow refund", tuan, .normal, "2026-11-16T09:00:00Z", reply: 30,
                                ratings: [("2026-11-17T10:00:00Z", .bad, "took three days")])
            // E: rated bad, then good: good now, not on the agenda.
            t["E"] = try ticket("re-rated", tuan, .normal, "2026-11-18T08:00:00Z", reply: 30,
                                ratings: [("2026-11-18T10:00:00Z", .bad, "meh"), ("2026-11-18T12:00:00Z", .good, "sorted")])
            // F: rated bad on 11-12: before the window.
            t["F"] = try ticket("old rating", tuan, .normal, "2026-11-11T08:00:00Z", reply: 30, ratings: [("2026-11-12T10:00:00Z", .bad, nil)])
            // G: Rosa's breach, in the window: not Tuan's agenda.
            t["G"] = try ticket("rosa's ticket", rosa, .urgent, "2026-11-18T10:00:00Z", reply: 90)
            // QA of C (standard rubric, pass mark 80): all 2s = 50 on 11-19 15:00 (fails); all 4s
            // = 100 (passes); all 1s = 25 on 11-12 (fails, before the window).
            try qa("C", ["accuracy": 2, "tone": 2, "policy": 2, "localization": 2], "2026-11-19T15:00:00Z", "wrong policy quoted")
            try qa("C", ["accuracy": 4, "tone": 4, "policy": 4, "localization": 4], "2026-11-19T16:00:00Z", "")
            try qa("B", ["accuracy": 1, "tone": 1, "policy": 1, "localization": 1], "2026-11-12T10:00:00Z", "")
        }

        /// A ticket created at `created`, first reply `reply` minutes later, solved 10 minutes
        /// after that, then rated as `ratings` say (the last rating is the ticket's).
        mutating func ticket(_ subject: String, _ agent: Member, _ priority: TicketPriority, _ created: String, reply: Millis,
                             ratings: [(String, CSAT, String?)] = []) throws -> String {
            let at = OneOnOneStoreTests.utc(created)
            let id = UUIDv7.make(millis: at)
            let ticket = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "b", requesterCreatorID: creatorID, requesterNetworkID: nil,
                                channel: .inApp, category: .other, priority: priority, status: .solved, tier: 1, assigneeID: agent.id,
                                csat: ratings.last?.1, createdAt: at)
            var events = [
                TicketEvent(id: UUIDv7.make(millis: at + reply * Time.minute), ticketID: id, kind: .reply, at: at + reply * Time.minute, actor: .agent,
                            authorID: agent.id, isPublic: true, body: "hi"),
                TicketEvent(id: UUIDv7.make(millis: at + (reply + 10) * Time.minute), ticketID: id, kind: .status, at: at + (reply + 10) * Time.minute,
                            actor: .agent, authorID: agent.id, isPublic: false, fromValue: "open", toValue: "solved"),
            ]
            for (when, rating, comment) in ratings {
                let w = OneOnOneStoreTests.utc(when)
                events.append(TicketEvent(id: UUIDv7.make(millis: w), ticketID: id, kind: .csat, at: w, actor: .requester, authorID: nil, isPublic: false,
                                          body: comment, toValue: rating.rawValue))
            }
            try store.apply(ChangeSet("add", [.insertTicket(ticket, tags: [], events: events)]), by: nil)
            return id
        }

        func qa(_ ticket: String, _ scores: [String: Int], _ at: String, _ comment: String) throws {
            let when = OneOnOneStoreTests.utc(at)
            try store.insertForTesting(QAReview(id: UUIDv7.make(millis: when), ticketID: t[ticket]!, agentID: tuan.id, reviewerID: f.manager.id,
                                                scores: scores, comment: comment, reviewedAt: when))
        }

        /// A coaching item written at `at` (through the stamped path, as a peer's would arrive).
        @discardableResult
        func item(_ kind: CoachingKind, _ body: String, at: String, due: String? = nil, done: String? = nil, member: Member? = nil) throws -> String {
            let when = OneOnOneStoreTests.utc(at)
            let id = UUIDv7.make(millis: when)
            try store.insertForTesting(CoachingItem(id: id, memberID: (member ?? tuan).id, kind: kind, body: body, dueAt: due.map(OneOnOneStoreTests.utc),
                                                    doneAt: done.map(OneOnOneStoreTests.utc), authorID: f.manager.id, at: when))
            return id
        }

        /// The key as shown: its first four characters (no two of these seven tickets share them).
        func key(_ name: String) throws -> String {
            String(try store.read { db in try String.fetchOne(db, sql: "SELECT key FROM ticket WHERE id = ?", arguments: [t[name]!]) }!.prefix(4))
        }
    }

    @Test func theAgendaCollectsTheWeeksBreachesBadRatingsQAFailsAndOpenItems() throws {
        let d = try Desk()
        let followUp = try d.item(.followUp, "pair on two appeal tickets", at: "2026-11-02T10:00:00Z", due: "2026-11-24T00:00:00Z")
        let overdue = try d.item(.followUp, "read the payout FAQ", at: "2026-11-03T10:00:00Z", due: "2026-11-17T00:00:00Z")
        try d.item(.followUp, "shadow a tier 2 shift", at: "2026-11-04T10:00:00Z", due: "2026-11-10T00:00:00Z", done: "2026-11-09T00:00:00Z")
        let goal = try d.item(.goal, "first replies under 30 min", at: "2026-10-01T10:00:00Z")
        let note = try d.item(.note, "handled the outage calmly", at: "2026-11-19T18:00:00Z")
        try d.item(.note, "an older note", at: "2026-11-12T10:00:00Z")
        try d.item(.followUp, "Rosa's follow-up", at: "2026-11-19T10:00:00Z", member: d.rosa)

        let agenda = try d.store.oneOnOneAgenda(handle: "tuan", now: pinnedNow)
        #expect(agenda.since == Self.utc("2026-11-13T09:30:00Z") && agenda.lastOneOnOne == nil)
        #expect(agenda.breaches == [.init(ticketID: d.t["A"]!, key: try d.key("A"), subject: "payout missing", at: Self.utc("2026-11-18T11:00:00Z"),
                                          reason: .breach([.firstReply]))])
        #expect(agenda.lowCSAT == [.init(ticketID: d.t["D"]!, key: try d.key("D"), subject: "slow refund", at: Self.utc("2026-11-17T10:00:00Z"),
                                         reason: .lowCSAT(comment: "took three days"))])
        #expect(agenda.qaFails == [.init(ticketID: d.t["C"]!, key: try d.key("C"), subject: "quick fix", at: Self.utc("2026-11-19T15:00:00Z"),
                                         reason: .qaFail(score: 50, comment: "wrong policy quoted"))])
        // The overdue one first (due 11-17), then 11-24; the done one and Rosa's are not there.
        #expect(agenda.followUps.map(\.id) == [overdue, followUp])
        #expect(agenda.followUps[0].isOverdue(now: pinnedNow) && !agenda.followUps[1].isOverdue(now: pinnedNow))
        #expect(agenda.goals.map(\.id) == [goal])
        #expect(agenda.notes.map(\.id) == [note])
        #expect(agenda.tickets.count == 3 && agenda.history.isEmpty && agenda.passMark == 80)
        // Rosa's agenda has her breach only.
        let hers = try d.store.oneOnOneAgenda(handle: "@rosa", now: pinnedNow)
        #expect(hers.breaches.map(\.ticketID) == [d.t["G"]!] && hers.lowCSAT.isEmpty && hers.qaFails.isEmpty && hers.followUps.count == 1)
    }

    /// The window starts at the last 1:1: an item at or before it is not on the agenda, one a
    /// millisecond after it is.
    @Test func anItemBeforeTheLastOneOnOneIsNotOnTheAgenda() throws {
        let d = try Desk()
        // A 1:1 held at 11-18 11:00, the instant A's first reply fell due.
        let held = try d.item(.oneOnOne, "talked about replies", at: "2026-11-18T11:00:00Z")
        try d.item(.oneOnOne, "an earlier one", at: "2026-11-04T11:00:00Z")
        try d.item(.note, "at the 1:1", at: "2026-11-18T11:00:00Z")
        let after = try d.item(.note, "just after", at: "2026-11-18T11:00:00.001Z")
        let agenda = try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow)
        #expect(agenda.since == Self.utc("2026-11-18T11:00:00Z") && agenda.lastOneOnOne?.id == held)
        #expect(agenda.breaches.isEmpty) // due at the 1:1's instant: it was that 1:1's
        #expect(agenda.lowCSAT.isEmpty) // rated bad on 11-17
        #expect(agenda.qaFails.map(\.ticketID) == [d.t["C"]!]) // reviewed 11-19
        #expect(agenda.notes.map(\.id) == [after])
        #expect(agenda.history.map(\.body) == ["talked about replies", "an earlier one"])
        // Without that 1:1 (deleted), the one before it starts the window; without both, the seven days.
        try d.store.removeCoaching(id: held, by: nil)
        let earlier = try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow)
        // (B fell due on 11-10, after it.)
        #expect(earlier.since == Self.utc("2026-11-04T11:00:00Z") && earlier.breaches.map(\.ticketID) == [d.t["A"]!, d.t["B"]!])
        try d.store.removeCoaching(id: try #require(earlier.lastOneOnOne?.id), by: nil)
        #expect(try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow).since == Self.utc("2026-11-13T09:30:00Z"))
    }

    @Test func holdingAOneOnOneRecordsWhatWasDiscussedAndStartsTheNextAgenda() throws {
        let d = try Desk()
        let goal = try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .goal, body: "first replies under 30 min"), by: d.f.manager.id)
        let fu = try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .followUp, body: "pair on appeals", dueAt: Self.utc("2026-11-24T00:00:00Z"),
                                                       ticketID: d.t["A"]), by: d.f.manager.id)
        let held = try d.store.holdOneOnOne(memberID: d.tuan.id, notes: "  Went through the payout breach.  ", by: d.f.manager.id)
        #expect(held.kind == .oneOnOne && held.at == pinnedNow && held.body == "Went through the payout breach." && held.authorID == d.f.manager.id)
        let a = try d.key("A"), dk = try d.key("D"), c = try d.key("C")
        #expect(held.discussed == """
            SLA breaches (1): \(a) payout missing (first reply)
            Low CSAT (1): \(dk) slow refund (bad: "took three days")
            QA under 80 (1): \(c) quick fix (QA 50)
            Open follow-ups (1): pair on appeals (due 2026-11-24)
            Open goals (1): first replies under 30 min
            """)
        // The next agenda starts at the 1:1: no tickets; the goal and follow-up stay open.
        let next = try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow)
        #expect(next.since == pinnedNow && next.lastOneOnOne?.id == held.id && next.tickets.isEmpty)
        #expect(next.followUps.map(\.id) == [fu] && next.goals.map(\.id) == [goal] && next.followUps[0].ticketID == d.t["A"])
        // Done: off the agenda; undone: back.
        let undo = try d.store.setCoachingDone(id: fu, true, by: nil)
        #expect(try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow).followUps.isEmpty)
        try d.store.apply(undo, by: nil)
        #expect(try d.store.oneOnOneAgenda(handle: "@tuan", now: pinnedNow).followUps.map(\.id) == [fu])
    }

    @Test func badInputIsRefusedInOneLineAndChangesNothing() throws {
        let d = try Desk()
        let note = try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .note, body: "fine"), by: nil)
        func count() throws -> Int { try d.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM coaching_item") ?? -1 } }
        func outbox() throws -> Int { try d.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? -1 } }
        let before = (try count(), try outbox())
        func refused(_ expected: String, _ body: () throws -> Void) {
            do { try body(); Issue.record("not refused: \(expected)") } catch let e as GreenroomError {
                #expect(e.description.hasSuffix(expected) && !e.description.contains("\n"), "\(e.description)")
            } catch { Issue.record("\(error)") }
        }
        refused("write the follow-up first (the text is empty)") { try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .followUp, body: "  \n"), by: nil) }
        refused("only a goal or follow-up has a due date") {
            try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .note, body: "x", dueAt: pinnedNow), by: nil)
        }
        refused("that teammate no longer exists") { try d.store.addCoaching(CoachingDraft(memberID: UUIDv7.make(millis: pinnedNow), kind: .goal, body: "x"), by: nil) }
        refused("that ticket no longer exists") {
            try d.store.addCoaching(CoachingDraft(memberID: d.tuan.id, kind: .goal, body: "x", ticketID: UUIDv7.make(millis: pinnedNow)), by: nil)
        }
        refused("only a goal or follow-up is marked done") { try d.store.setCoachingDone(id: note, true, by: nil) }
        refused("no teammate @nobody") { _ = try d.store.oneOnOneAgenda(handle: "@nobody") }
        #expect(try count() == before.0 && outbox() == before.1)
        // Deleting tombstones (the trash lists it); undo restores.
        let undo = try d.store.removeCoaching(id: note, by: nil)
        #expect(try d.store.trash().contains { $0.entity == .coachingItem && $0.id == note && $0.label == "@tuan note: fine" })
        refused("that item is already deleted") { try d.store.removeCoaching(id: note, by: nil) }
        try d.store.apply(undo, by: nil)
        #expect(try d.store.oneOnOneAgenda(handle: "@tuan").notes.map(\.id) == [note])
        // An id's start finds it; too short or shared finds nothing.
        #expect(try d.store.coachingItem(reference: String(note.prefix(13)))?.id == note)
        #expect(try d.store.coachingItem(reference: "01") == nil)
    }

    /// The agent page shows the teammate's own schedule, teams and time off (issue 24's
    /// records, read only): Friday 2026-11-20 09:30 UTC is 17:30 in Kuala Lumpur, after a
    /// 09:00–17:00 shift, so off shift; the leave from the 24th is listed in their zone.
    @Test func theAgentPageShowsTheirScheduleTeamsAndTimeOff() throws {
        let d = try Desk()
        _ = try d.store.addTeam(name: "Tier 1 BPO")
        _ = try d.store.addToTeam("Tier 1 BPO", handles: ["@tuan"])
        _ = try d.store.setSchedule(handle: "@tuan", schedule: "mon-fri 09:00-17:00", timeZone: "Asia/Kuala_Lumpur")
        _ = try d.store.addTimeOff(handle: "@tuan", from: Self.utc("2026-11-23T16:00:00Z"), to: Self.utc("2026-11-27T16:00:00Z"), kind: .leave)
        _ = try d.store.addTimeOff(handle: "@tuan", from: Self.utc("2026-11-01T00:00:00Z"), to: Self.utc("2026-11-02T00:00:00Z"), kind: .leave) // over
        let page = try d.store.agentPage(handle: "@tuan", now: pinnedNow, weeks: 2)
        let s = try #require(page.schedule)
        #expect(s.teams == ["Tier 1 BPO"] && s.zone == "Asia/Kuala_Lumpur" && s.shifts == "mon-fri 09:00-17:00")
        #expect(!s.onShift && s.offReason == "off shift")
        #expect(s.timeOff.map { DateInput.formatMinute($0.startsAt, zone: s.timeZone) } == ["2026-11-24 00:00"])
        // Rosa has none of it: no team, no schedule (on shift any time), no time off.
        let rosa = try #require(try d.store.agentPage(handle: "@rosa", now: pinnedNow, weeks: 2).schedule)
        #expect(rosa.teams.isEmpty && rosa.shifts == nil && rosa.onShift && rosa.timeOff.isEmpty && rosa.zone == "UTC")
    }
}
