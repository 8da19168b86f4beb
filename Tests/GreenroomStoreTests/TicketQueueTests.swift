import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// A small queue with known facts: the views, the filter, the order, triage and undo.
struct QueueFixture {
    let f: Fixture
    var store: Store { f.store }
    let mila: Creator
    let tuan: Member
    var ids: [String: String] = [:]

    init() throws {
        f = try Fixture()
        mila = try f.creator("@mila.cooks")
        tuan = Member(id: UUIDv7.make(millis: 7), handle: "@tuan", name: "Tuan", role: .specialist, team: "US", tier: 1)
        try f.store.insertForTesting(tuan)
        /// A ticket created `ago` before now, with the given events (minutes after creation).
        func add(_ name: String, subject: String, priority: TicketPriority, status: TicketStatus = .new, ago: Millis, tier: Int = 1,
                 assignee: String? = nil, category: TicketCategory = .other, events: [(Millis, TicketEventKind, TicketActor, String?)] = [],
                 tags: [String] = []) throws -> String {
            let created = pinnedNow - ago
            let id = UUIDv7.make(millis: created)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "body of \(name)", requesterCreatorID: mila.id,
                           requesterNetworkID: nil, channel: .inApp, category: category, priority: priority, status: status, tier: tier,
                           assigneeID: assignee, createdAt: created)
            let evs = events.enumerated().map { i, e in
                TicketEvent(id: UUIDv7.make(millis: created + e.0 * Time.minute + Millis(i)), ticketID: id, kind: e.1, at: created + e.0 * Time.minute,
                            actor: e.2, authorID: e.2 == .agent ? tuan.id : nil, isPublic: e.1 == .reply, body: e.1 == .status ? nil : e.3,
                            toValue: e.1 == .status ? e.3 : nil)
            }
            try f.store.apply(ChangeSet("add", [.insertTicket(t, tags: tags, events: evs)]), by: nil)
            return id
        }
        // Urgent (first reply 60 min), created 2 h ago, unanswered: breached 60 min ago.
        ids["breached"] = try add("breached", subject: "Payout missing for October", priority: .urgent, ago: 2 * Time.hour,
                                  category: .rewardsPayout, tags: ["payout"])
        // High (4 h), created 3.5 h ago: due in 30 min.
        ids["soon"] = try add("soon", subject: "Verification stuck", priority: .high, ago: 210 * Time.minute, assignee: tuan.id,
                              category: .verification)
        // Normal (8 h), answered within 10 minutes; resolution (72 h) due in ~70 h.
        ids["answered"] = try add("answered", subject: "Gift totals look wrong", priority: .normal, status: .open, ago: 2 * Time.hour, tier: 2,
                                  events: [(10, .reply, .agent, "We are checking the gift ledger."), (10, .status, .agent, "open")])
        // Pending: the clock is paused.
        ids["pending"] = try add("pending", subject: "Agency transfer", priority: .low, status: .pending, ago: Time.day,
                                 events: [(5, .reply, .agent, "Please send the agency letter."), (6, .status, .agent, "pending")])
        // Solved yesterday.
        ids["solved"] = try add("solved", subject: "Password reset", priority: .normal, status: .solved, ago: 2 * Time.day,
                                events: [(30, .reply, .agent, "Reset link sent."), (31, .status, .agent, "solved")])
    }

    func keys(_ view: TicketView, _ filter: String = "", me: String? = "@tuan") throws -> [String] {
        let parsed = try TicketFilterParser().parse(filter)
        let byID = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
        return try store.ticketPage(view: view, filter: parsed, me: me, offset: 0, limit: 50, now: pinnedNow).map { byID[$0.id] ?? $0.id }
    }
}

@Suite struct TicketQueueTests {
    @Test func theQueueIsInBreachOrderBreachedFirstPausedLast() throws {
        let q = try QueueFixture()
        #expect(try q.keys(.allOpen) == ["breached", "soon", "answered", "pending"])
        let rows = try q.store.ticketPage(view: .allOpen, me: nil, offset: 0, limit: 10, now: pinnedNow)
        #expect(rows[0].slaDueAt == pinnedNow - Time.hour)            // urgent: 60 min after creation
        #expect(rows[1].slaDueAt == pinnedNow + 30 * Time.minute)     // high: 4 h after creation
        #expect(rows[2].slaDueAt == pinnedNow - 2 * Time.hour + 72 * Time.hour) // first reply achieved: resolution next
        #expect(rows[3].slaDueAt == nil)                               // pending: paused
        #expect(try q.store.queueSummary(now: pinnedNow) == QueueSummary(open: 4, breaching: 1))
        // Pages from the end agree with pages from the start.
        for offset in 0..<4 {
            let page = try q.store.ticketPage(view: .allOpen, me: nil, offset: offset, limit: 2, now: pinnedNow).map(\.id)
            #expect(page == Array(rows.map(\.id)[offset..<min(4, offset + 2)]))
        }
    }

    @Test func everyViewSelectsWhatItSays() throws {
        let q = try QueueFixture()
        #expect(try q.keys(.myOpen) == ["soon"])
        #expect(try q.keys(.myOpen, me: nil) == [])
        #expect(try q.keys(.unassigned) == ["breached", "answered", "pending"])
        #expect(try q.keys(.breachingSoon) == ["breached", "soon"])
        #expect(try q.keys(.escalated) == ["answered"])
        #expect(try q.keys(.pending) == ["pending"])
        #expect(try q.keys(.solvedRecently) == ["solved"])
        #expect(try q.store.ticketCount(view: .allOpen, me: nil, now: pinnedNow) == 4)
    }

    @Test func theFilterLanguageAndFreeTextOverSubjectsAndMessages() throws {
        let q = try QueueFixture()
        #expect(try q.keys(.allOpen, "priority:urgent,high") == ["breached", "soon"])
        #expect(try q.keys(.allOpen, "-priority:urgent status:new") == ["soon"])
        #expect(try q.keys(.allOpen, "category:rewards_payout") == ["breached"])
        #expect(try q.keys(.allOpen, "tier:2") == ["answered"])
        #expect(try q.keys(.allOpen, "assignee:@me") == ["soon"])
        #expect(try q.keys(.allOpen, "assignee:none") == ["breached", "answered", "pending"])
        #expect(try q.keys(.allOpen, "requester:@mila") == ["breached", "soon", "answered", "pending"])
        #expect(try q.keys(.allOpen, "tag:payout") == ["breached"])
        #expect(try q.keys(.allOpen, "octob") == ["breached"])           // a subject prefix
        #expect(try q.keys(.allOpen, "ledger") == ["answered"])          // a message
        #expect(try q.keys(.allOpen, "agency letter") == ["pending"])    // every word in one message
        #expect(try q.keys(.allOpen, "nothing-like-this") == [])
        #expect(throws: FilterError.self) { try TicketFilterParser().parse("statu:open") }
    }

    @Test func aPublicReplyAchievesFirstReplyAndUndoWithdrawsIt() throws {
        let q = try QueueFixture()
        let id = q.ids["breached"]!
        let reply = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .reply, at: pinnedNow, actor: .agent, authorID: q.tuan.id,
                                isPublic: true, body: "Found it: the October batch failed, resending today.")
        let undo = try q.store.apply(ChangeSet("reply", [.ticketAction(reply, fields: [:])]), by: q.tuan.id)
        var detail = try #require(try q.store.ticketDetail(id: id, now: pinnedNow))
        #expect(detail.sla[.firstReply]?.state == .breached)          // answered, but late
        #expect(detail.sla[.firstReply]?.achievedAt == pinnedNow)
        #expect(detail.events.map(\.event.kind) == [.reply])
        #expect(try q.keys(.allOpen, "resending") == ["breached"])
        // The next breach is now resolution (8 h after creation).
        #expect(try q.store.ticketPage(view: .allOpen, me: nil, offset: 0, limit: 10, now: pinnedNow).first { $0.id == id }?.slaDueAt
                == pinnedNow - 2 * Time.hour + 8 * Time.hour)
        // Undo withdraws the event: the timeline, the search and the clock forget it.
        try q.store.apply(undo, by: q.tuan.id)
        detail = try #require(try q.store.ticketDetail(id: id, now: pinnedNow))
        #expect(detail.events.isEmpty)
        #expect(detail.sla[.firstReply]?.state == .breached && detail.sla[.firstReply]?.achievedAt == nil)
        #expect(try q.keys(.allOpen, "resending") == [])
        #expect(try q.keys(.allOpen).first == "breached")
    }

    @Test func statusPausesTheClockAndUndoPutsFieldsBack() throws {
        let q = try QueueFixture()
        let id = q.ids["soon"]!
        let event = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .status, at: pinnedNow, actor: .agent, authorID: q.tuan.id,
                                isPublic: false, fromValue: "new", toValue: "pending")
        let undo = try q.store.apply(ChangeSet("pending", [.ticketAction(event, fields: [TicketField.status.rawValue: .text("pending")])]), by: q.tuan.id)
        #expect(try q.keys(.pending) == ["pending", "soon"]) // both paused: oldest first
        #expect(try q.store.ticket(reference: id)?.status == .pending)
        #expect(try q.keys(.breachingSoon) == ["breached"])
        let redo = try q.store.apply(undo, by: q.tuan.id)
        #expect(try q.store.ticket(reference: id)?.status == .new)
        #expect(try q.keys(.breachingSoon) == ["breached", "soon"])
        // Redo restores the same event and value.
        try q.store.apply(redo, by: q.tuan.id)
        #expect(try q.store.ticket(reference: id)?.status == .pending)
        #expect(try q.store.ticketDetail(id: id, now: pinnedNow)?.events.map(\.event.id) == [event.id])
    }

    @Test func escalationNeedsAReasonAndMergedTicketsAreReadOnly() throws {
        let q = try QueueFixture()
        let id = q.ids["soon"]!
        let bare = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .escalation, at: pinnedNow, actor: .agent, authorID: nil,
                               isPublic: false, toValue: "2")
        #expect(throws: (any Error).self) { try q.store.apply(ChangeSet("esc", [.ticketAction(bare, fields: [TicketField.tier.rawValue: .int(2)])]), by: nil) }
        #expect(try q.store.ticket(reference: id)?.tier == 1) // nothing written
        // Merge "soon" into "breached": then "soon" refuses triage.
        let merge = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .merge, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: false, toValue: "breached")
        try q.store.apply(ChangeSet("merge", [.ticketAction(merge, fields: [TicketField.mergedIntoID.rawValue: .text(q.ids["breached"]!),
                                                                            TicketField.status.rawValue: .text("closed")])]), by: nil)
        let note = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 1), ticketID: id, kind: .note, at: pinnedNow, actor: .agent, authorID: nil,
                               isPublic: false, body: "x")
        #expect(throws: GreenroomError.self) { try q.store.apply(ChangeSet("note", [.ticketAction(note, fields: [:])]), by: nil) }
        #expect(try q.store.ticketDetail(id: q.ids["breached"]!, now: pinnedNow)?.mergedFromKeys.count == 1)
    }

    @Test func theOpenQueuesSearchIndexFollowsEachTicketsLife() throws {
        let q = try QueueFixture()
        let id = q.ids["answered"]!
        #expect(try q.keys(.allOpen, "ledger") == ["answered"])
        // Solved: gone from the open search, found in the history.
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .status, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: false, fromValue: "open", toValue: "solved")
        let undo = try q.store.apply(ChangeSet("solve", [.ticketAction(solve, fields: [TicketField.status.rawValue: .text("solved")])]), by: nil)
        #expect(try q.keys(.allOpen, "ledger") == [])
        #expect(try q.keys(.solvedRecently, "ledger") == ["answered"])
        // Reopened (the undo): back, with its messages.
        try q.store.apply(undo, by: nil)
        #expect(try q.keys(.allOpen, "ledger gift") == ["answered"])
        // Both plans (look up by rowid; walk the queue index) give the same pages and counts.
        for text in ["g", "ledger", "payout", "agency letter", "priority:urgent,low o"] {
            let filter = try TicketFilterParser().parse(text)
            for walk in [false, true] {
                let (count, page): (Int, [String]) = try q.store.read { db in
                    let w = Store.ticketWhere(view: .allOpen, filter: filter, me: nil, now: pinnedNow, walk: walk)
                    var args = w.arguments
                    args += ["limit": 10]
                    return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket t WHERE \(w.clause)", arguments: w.arguments) ?? 0,
                            try String.fetchAll(db, sql: "SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, reversed: false)) LIMIT :limit",
                                                arguments: args))
                }
                let expected = try q.store.ticketPage(view: .allOpen, filter: filter, me: nil, offset: 0, limit: 10, now: pinnedNow).map(\.id)
                #expect(page == expected, "\(text) walk \(walk)")
                #expect(count == (try q.store.ticketCount(view: .allOpen, filter: filter, me: nil, now: pinnedNow)), "\(text) walk \(walk)")
            }
        }
    }

    @Test func queueViewsUseTheirIndexes() throws {
        let q = try QueueFixture()
        let plans: [TicketView: String] = try q.store.read { db in
            var out: [TicketView: String] = [:]
            for view in [TicketView.allOpen, .breachingSoon, .solvedRecently] {
                let w = Store.ticketWhere(view: view, filter: .all, me: "@tuan", now: pinnedNow)
                out[view] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, reversed: false)) LIMIT 30",
                                             arguments: w.arguments).map { $0["detail"] as String }.joined(separator: " | ")
            }
            return out
        }
        #expect(plans[.allOpen]?.contains("ticket_queue") == true, "\(plans[.allOpen] ?? "")")
        #expect(plans[.breachingSoon]?.contains("ticket_queue") == true, "\(plans[.breachingSoon] ?? "")")
        #expect(plans[.solvedRecently]?.contains("ticket_solved") == true, "\(plans[.solvedRecently] ?? "")")
        for (view, plan) in plans { #expect(!plan.contains("USE TEMP B-TREE"), "\(view) sorts in memory: \(plan)") }
    }
}

/// Issue 28: the queue's orders (`o`), each page in a stable order, each an index walk where
/// one exists.
@Suite struct TicketSortTests {
    func fixture() throws -> (QueueFixture, old: String) {
        let q = try QueueFixture()
        // Normal (first reply 8 h), created 10 h ago, unanswered: breached 2 h ago, before the urgent one.
        let created = pinnedNow - 10 * Time.hour
        let id = UUIDv7.make(millis: created)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Old question", body: "b", requesterCreatorID: nil,
                       requesterNetworkID: nil, channel: .email, category: .other, priority: .normal, status: .new, tier: 1,
                       assigneeID: nil, createdAt: created)
        try q.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: [])]), by: nil)
        return (q, id)
    }

    func order(_ q: QueueFixture, _ sort: TicketSort, offset: Int = 0, limit: Int = 10) throws -> [String] {
        try q.store.ticketPage(view: .allOpen, me: "@tuan", offset: offset, limit: limit, now: pinnedNow, sort: sort).map(\.id)
    }

    @Test func eachOrderSortsTheOpenQueue() throws {
        let (q, old) = try fixture()
        let ids = q.ids
        #expect(try order(q, .nextBreach) == [old, ids["breached"]!, ids["soon"]!, ids["answered"]!, ids["pending"]!])
        #expect(try order(q, .priority) == [ids["breached"]!, ids["soon"]!, old, ids["answered"]!, ids["pending"]!])
        #expect(try order(q, .lastUpdate) == [ids["answered"]!, ids["breached"]!, ids["soon"]!, old, ids["pending"]!])
        #expect(try Array(order(q, .created).suffix(3)) == [ids["soon"]!, old, ids["pending"]!])
        // A ticket with no creator requester (the old one) goes last; the rest (all @mila.cooks) by breach.
        #expect(try order(q, .requester) == [ids["breached"]!, ids["soon"]!, ids["answered"]!, ids["pending"]!, old])
    }

    @Test func pagesFromTheEndMatchPagesFromTheStart() throws {
        let (q, _) = try fixture()
        for sort in TicketSort.allCases {
            let whole = try order(q, sort)
            // Offset 3 of 5 is read from the end (reversed order), then turned back.
            #expect(try order(q, sort, offset: 3, limit: 2) == Array(whole.suffix(2)), "\(sort)")
        }
    }

    @Test func priorityAndCreatedOrdersWalkTheirIndexes() throws {
        let (q, _) = try fixture()
        let plans: [TicketSort: String] = try q.store.read { db in
            var out: [TicketSort: String] = [:]
            for sort in [TicketSort.priority, .created] {
                let w = Store.ticketWhere(view: .allOpen, filter: .all, me: "@tuan", now: pinnedNow)
                out[sort] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, sort: sort, reversed: false)) LIMIT 30",
                                             arguments: w.arguments).map { $0["detail"] as String }.joined(separator: " | ")
            }
            return out
        }
        #expect(plans[.priority]?.contains("ticket_queue_priority") == true, "\(plans[.priority] ?? "")")
        #expect(plans[.created]?.contains("ticket_queue_created") == true, "\(plans[.created] ?? "")")
        for (sort, plan) in plans { #expect(!plan.contains("USE TEMP B-TREE"), "\(sort) sorts in memory: \(plan)") }
    }
}

/// Issue 28: every ticket is searchable — the All tickets view, free text over subjects and
/// messages of solved tickets too, and the `created:` / `solved:` terms.
@Suite struct TicketHistoryTests {
    @Test func allTicketsHoldsEveryTicketNewestFirst() throws {
        let q = try QueueFixture()
        // Created 2 h ago (two of them: the later insert first), 3.5 h, 1 d and 2 d ago.
        #expect(try q.keys(.all) == ["answered", "breached", "soon", "pending", "solved"])
        #expect(try q.store.ticketCount(view: .all, me: "@tuan", now: pinnedNow) == 5)
        #expect(try q.store.ticketCount(view: .allOpen, me: "@tuan", now: pinnedNow) == 4)
    }

    @Test func freeTextAndStatusFindASolvedTicketOnlyInTheHistory() throws {
        let q = try QueueFixture()
        #expect(try q.keys(.allOpen, "reset") == [])
        #expect(try q.keys(.all, "reset") == ["solved"])                    // its subject
        #expect(try q.keys(.all, "link sent status:solved") == ["solved"])  // one of its messages
        #expect(try q.keys(.all, "reset status:open") == [])
        #expect(try q.keys(.all, "requester:@mila status:solved,closed") == ["solved"])
    }

    @Test func createdAndSolvedTermsCountDaysBack() throws {
        let q = try QueueFixture()
        #expect(try Set(q.keys(.all, "created:<1d")) == ["breached", "answered", "soon"])
        #expect(try Set(q.keys(.all, "created:>1d")) == ["solved"])
        #expect(try Set(q.keys(.all, "created:>=1")) == ["pending", "solved"])
        #expect(try q.keys(.all, "solved:<7d") == ["solved"])
        #expect(try q.keys(.all, "solved:>7d") == [])
        #expect(try q.keys(.all, "created:=2") == ["solved"])                 // the third day back
    }
}

/// Issue 28: what `M` offers: the requester's other tickets first, never itself or a merged one.
@Suite struct MergeCandidateTests {
    @Test func theRequestersTicketsComeFirst() throws {
        let q = try QueueFixture()
        // A ticket from nobody, newer than all: still after the requester's own.
        let id = UUIDv7.make(millis: pinnedNow - Time.minute)
        try q.store.apply(ChangeSet("add", [.insertTicket(Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Other", body: "b",
                                                                 requesterCreatorID: nil, requesterNetworkID: nil, channel: .email, category: .other,
                                                                 priority: .normal, status: .new, tier: 1, assigneeID: nil, createdAt: pinnedNow - Time.minute),
                                                          tags: [], events: [])]), by: nil)
        let c = try q.store.mergeCandidates(for: q.ids["breached"]!)
        #expect(!c.contains { $0.id == q.ids["breached"]! })
        let firstOther = try #require(c.firstIndex { !$0.sameRequester })
        #expect(c[..<firstOther].allSatisfy { $0.sameRequester })
        #expect(c[..<firstOther].map(\.id).contains(q.ids["solved"]!))   // history too, for the same requester
        #expect(c[firstOther].id == id)
    }
}
