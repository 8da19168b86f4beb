import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 28: snoozed tickets leave the active views, sit in Snoozed, wake by time or by the
/// requester's message, come back on top until an agent acts, and page and count correctly.
@Suite struct TicketSnoozeStoreTests {
    func keys(_ q: QueueFixture, _ view: TicketView, _ filter: String = "", now: Millis = pinnedNow, sort: TicketSort = .nextBreach) throws -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: q.ids.map { ($0.value, $0.key) })
        return try q.store.ticketPage(view: view, filter: try TicketFilterParser().parse(filter), me: "@tuan", offset: 0, limit: 50, now: now, sort: sort)
            .map { byID[$0.id] ?? $0.id }
    }

    func count(_ q: QueueFixture, _ view: TicketView, _ filter: String = "", now: Millis = pinnedNow) throws -> Int {
        try q.store.ticketCount(view: view, filter: try TicketFilterParser().parse(filter), me: "@tuan", now: now)
    }

    /// Snoozes (or, with nil, unsnoozes) fixture tickets by name, as done at `at`; returns the inverse.
    @discardableResult
    func snooze(_ q: QueueFixture, _ names: [String], until: Millis?, at: Millis = pinnedNow) throws -> ChangeSet {
        let set = try q.store.snoozeChanges(ticketIDs: names.map { q.ids[$0]! }, until: until, author: q.tuan.id, now: at)
        return try q.store.apply(set, by: q.tuan.id)
    }

    func note(_ q: QueueFixture, _ name: String, at: Millis = pinnedNow) -> ChangeSet {
        ChangeSet("note", [.ticketAction(TicketEvent(id: UUIDv7.make(millis: at), ticketID: q.ids[name]!, kind: .note, at: at, actor: .agent,
                                                     authorID: q.tuan.id, isPublic: false, body: "checked"), fields: [:])])
    }

    func requesterMessage(_ q: QueueFixture, _ name: String, at: Millis) -> ChangeSet {
        ChangeSet("message", [.ticketAction(TicketEvent(id: UUIDv7.make(millis: at), ticketID: q.ids[name]!, kind: .reply, at: at, actor: .requester,
                                                        authorID: nil, isPublic: true, body: "Any news? I still have no payout."), fields: [:])])
    }

    func wakeAt(_ q: QueueFixture, _ name: String) throws -> Millis? {
        try q.store.ticketDetail(id: q.ids[name]!, now: pinnedNow)?.wakeAt
    }

    @Test func aSnoozedTicketLeavesTheActiveViewsAndSitsInSnoozed() throws {
        let q = try QueueFixture()
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        try snooze(q, ["soon", "answered"], until: monday)
        #expect(try keys(q, .allOpen) == ["breached", "pending"])
        #expect(try count(q, .allOpen) == 2)
        #expect(try keys(q, .myOpen) == [])                          // "soon" is @tuan's, and asleep
        #expect(try keys(q, .escalated) == [])
        #expect(try keys(q, .unassigned) == ["breached", "pending"])
        #expect(try keys(q, .snoozed) == ["soon", "answered"])       // in breach order
        #expect(try count(q, .snoozed) == 2)
        #expect(try keys(q, .snoozed, "tier:2") == ["answered"])
        // A snooze never hides a breach: due within the hour, "soon" stays in Breaching soon.
        #expect(try keys(q, .breachingSoon) == ["soon", "breached"])
        // The history lists it as always.
        #expect(try count(q, .all) == 5)
        #expect(try q.store.queueSummary(now: pinnedNow) == QueueSummary(open: 2, breaching: 1, snoozed: 2))
        // The pages carry the wake time; the other orders leave it out too.
        let row = try #require(try q.store.ticketPage(view: .snoozed, me: nil, offset: 0, limit: 5, now: pinnedNow).first)
        #expect(row.wakeAt == monday)
        for sort in TicketSort.allCases {
            #expect(try Set(keys(q, .allOpen, sort: sort)) == ["breached", "pending"], "\(sort)")
            #expect(try Set(keys(q, .snoozed, sort: sort)) == ["soon", "answered"], "\(sort)")
        }
        // Free text over the open tickets leaves it out, counted from the search index alone too.
        #expect(try keys(q, .allOpen, "ledger") == [])
        #expect(try count(q, .allOpen, "ledger") == 0)
        #expect(try count(q, .allOpen, "gift") == 0)
        #expect(try keys(q, .snoozed, "ledger") == ["answered"])
        #expect(try count(q, .snoozed, "ledger") == 1)
    }

    @Test func todayKeepsASnoozedTicketThatBreaches() throws {
        let q = try QueueFixture()
        let before = try q.store.today(me: nil, now: pinnedNow).breachingTickets.rows.map(\.ticketID)
        #expect(before == [q.ids["breached"]!, q.ids["soon"]!])
        try snooze(q, ["soon"], until: pinnedNow + 3 * Time.day)
        // Still there (its clock runs while it sleeps), first beside the woken ones.
        #expect(try q.store.today(me: nil, now: pinnedNow).breachingTickets.rows.map(\.ticketID) == [q.ids["soon"]!, q.ids["breached"]!])
    }

    @Test func itWakesAtItsTimeOnTopAndAnAgentsActionPutsItBackInLine() throws {
        let q = try QueueFixture()
        // "pending" is last in line (its clock is paused). Snoozed two hours ago for an hour, it
        // woke an hour ago (the store's clock is now): first.
        let wake = pinnedNow - Time.hour
        try snooze(q, ["pending"], until: wake, at: pinnedNow - 2 * Time.hour)
        #expect(try keys(q, .allOpen, now: wake - 1) == ["breached", "soon", "answered"])
        #expect(try keys(q, .snoozed, now: wake - 1) == ["pending"])
        #expect(try keys(q, .allOpen, now: wake) == ["pending", "breached", "soon", "answered"])
        #expect(try keys(q, .allOpen) == ["pending", "breached", "soon", "answered"])
        #expect(try count(q, .allOpen) == 4)
        #expect(try keys(q, .snoozed) == [])
        #expect(try keys(q, .pending) == ["pending"])
        #expect(try q.store.queueSummary(now: pinnedNow) == QueueSummary(open: 4, breaching: 1, snoozed: 0))
        for sort in TicketSort.allCases { #expect(try keys(q, .allOpen, sort: sort).first == "pending", "\(sort)") }
        // An agent's note clears the marker: back to its place. Undoing the note brings it back on top.
        let undo = try q.store.apply(note(q, "pending"), by: q.tuan.id)
        #expect(try q.store.ticket(reference: q.ids["pending"]!)?.snoozedUntil == nil)
        #expect(try wakeAt(q, "pending") == nil)
        #expect(try keys(q, .allOpen) == ["breached", "soon", "answered", "pending"])
        try q.store.apply(undo, by: q.tuan.id)
        #expect(try keys(q, .allOpen).first == "pending")
    }

    @Test func aRequestersMessageWakesItAtOnce() throws {
        let q = try QueueFixture()
        try snooze(q, ["answered"], until: pinnedNow + 3 * Time.day)
        #expect(try keys(q, .allOpen).contains("answered") == false)
        let at = pinnedNow + 90_000                                    // 09:31:30
        try q.store.apply(requesterMessage(q, "answered", at: at), by: nil)
        #expect(try wakeAt(q, "answered") == pinnedNow + Time.minute) // its minute
        #expect(try keys(q, .allOpen, now: at) == ["answered", "breached", "soon", "pending"])
        #expect(try keys(q, .snoozed, now: at) == [])
        let detail = try #require(try q.store.ticketDetail(id: q.ids["answered"]!, now: at))
        #expect(detail.ticket.snoozedUntil == pinnedNow + 3 * Time.day)  // the agent's choice stays, as the woke marker
        // An agent's message before the snooze's time changes nothing; only the requester's does.
        try snooze(q, ["soon"], until: pinnedNow + 3 * Time.day)
        try q.store.apply(note(q, "soon", at: pinnedNow + Time.minute), by: q.tuan.id)
        #expect(try wakeAt(q, "soon") == pinnedNow + 3 * Time.day)
    }

    @Test func undoAndUnsnoozeBringItBackAndTheTimelineSaysWhatHappened() throws {
        let q = try QueueFixture()
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        let undo = try snooze(q, ["answered"], until: monday)
        var detail = try #require(try q.store.ticketDetail(id: q.ids["answered"]!, now: pinnedNow))
        let event = try #require(detail.events.last?.event)
        #expect(event.kind == .snooze && event.toValue == "2026-11-23T09:00:00Z" && event.authorID == q.tuan.id)
        #expect(detail.events.last?.authorHandle == "@tuan")
        // Undo: the field and the event are withdrawn.
        try q.store.apply(undo, by: q.tuan.id)
        detail = try #require(try q.store.ticketDetail(id: q.ids["answered"]!, now: pinnedNow))
        #expect(detail.ticket.snoozedUntil == nil && detail.wakeAt == nil)
        #expect(!detail.events.contains { $0.event.kind == .snooze })
        #expect(try keys(q, .allOpen) == ["breached", "soon", "answered", "pending"])
        // Snooze again, then W: awake, with both events in the timeline.
        try snooze(q, ["answered"], until: monday)
        try snooze(q, ["answered"], until: nil)
        detail = try #require(try q.store.ticketDetail(id: q.ids["answered"]!, now: pinnedNow))
        #expect(detail.wakeAt == nil)
        #expect(detail.events.filter { $0.event.kind == .snooze }.map(\.event.toValue) == ["2026-11-23T09:00:00Z", nil])
        #expect(try keys(q, .allOpen) == ["breached", "soon", "answered", "pending"])
    }

    @Test func solvingEndsASnoozeAndClosedTicketsCannotBeSnoozed() throws {
        let q = try QueueFixture()
        try snooze(q, ["answered"], until: pinnedNow + Time.day)
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: q.ids["answered"]!, kind: .status, at: pinnedNow, actor: .agent,
                                authorID: nil, isPublic: false, fromValue: "open", toValue: "solved")
        let undo = try q.store.apply(ChangeSet("solve", [.ticketAction(solve, fields: [TicketField.status.rawValue: .text("solved")])]), by: nil)
        #expect(try q.store.ticket(reference: q.ids["answered"]!)?.snoozedUntil == nil)
        #expect(try count(q, .snoozed) == 0)
        try q.store.apply(undo, by: nil)                                 // reopened: asleep again
        #expect(try keys(q, .snoozed) == ["answered"])
        let solvedKey = try q.store.displayKey(try #require(try q.store.ticket(reference: q.ids["solved"]!)).key)
        #expect(throws: GreenroomError.invalidInput("\(solvedKey) is solved: only open tickets can be snoozed")) {
            try snooze(q, ["solved"], until: pinnedNow + Time.day)
        }
        #expect(throws: GreenroomError.self) { try snooze(q, ["breached"], until: nil) }     // not snoozed
        #expect(try q.store.ticket(reference: q.ids["breached"]!)?.snoozedUntil == nil)
    }

    @Test func theSnoozedRangeAndTheActiveViewsUseTheQueueIndexes() throws {
        let q = try QueueFixture()
        let plans: [String: String] = try q.store.read { db in
            var out: [String: String] = [:]
            for view in [TicketView.allOpen, .snoozed] {
                for sort in [TicketSort.nextBreach, .priority, .created] {
                    let w = Store.ticketWhere(view: view, filter: .all, me: "@tuan", now: pinnedNow)
                    out["\(view) \(sort)"] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, sort: sort, reversed: false)) LIMIT 30",
                                                              arguments: w.arguments).map { $0["detail"] as String }.joined(separator: " | ")
                }
                let w = Store.ticketWhere(view: view, filter: .all, me: "@tuan", now: pinnedNow)
                out["\(view) count"] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ticket t WHERE \(w.clause)", arguments: w.arguments)
                    .map { $0["detail"] as String }.joined(separator: " | ")
            }
            let w = Store.ticketWhere(view: .breachingSoon, filter: .all, me: "@tuan", now: pinnedNow)
            out["breachingSoon nextBreach"] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, reversed: false)) LIMIT 30",
                                                               arguments: w.arguments).map { $0["detail"] as String }.joined(separator: " | ")
            return out
        }
        for (name, plan) in plans {
            #expect(plan.contains("INDEX ticket_queue"), "\(name): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(name) sorts in memory: \(plan)")
        }
        // The Snoozed view and Breaching soon search a range instead of walking every open ticket.
        for name in ["snoozed nextBreach", "snoozed priority", "snoozed created", "snoozed count", "breachingSoon nextBreach"] {
            #expect(plans[name]?.hasPrefix("SEARCH t USING") == true, "\(name): \(plans[name] ?? "")")
        }
        #expect(plans["allOpen count"]?.contains("COVERING INDEX ticket_queue") == true, "\(plans["allOpen count"] ?? "")")
    }

    @Test func theEventKindIsCheckedByTheDatabaseToo() throws {
        let q = try QueueFixture()
        try q.store.write { db in
            try db.execute(sql: "INSERT INTO ticket_event(id, ticket_id, kind, at, actor, hlc) VALUES ('e-snooze', ?, 'snooze', 1, 'agent', 'x')",
                           arguments: [q.ids["soon"]!])
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO ticket_event(id, ticket_id, kind, at, actor, hlc) VALUES ('e-sleep', ?, 'sleep', 1, 'agent', 'x')",
                               arguments: [q.ids["soon"]!])
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE ticket SET snoozed_until = 'monday' WHERE id = ?", arguments: [q.ids["soon"]!]) }
        }
    }
}

/// Issue 28: with snoozed and woken tickets mixed in, every page read from a held row is the
/// page at that position, in every view and order, and the counts add up.
@Suite struct SnoozeKeysetPagingTests {
    @Test func pagesAndCountsWithSnoozedAndWokenTicketsMixedIn() throws {
        let f = try Fixture()
        let priorities: [TicketPriority] = [.urgent, .high, .normal, .low]
        var ids: [String] = []
        for i in 0..<40 {
            // Groups of five created in the same millisecond: equal due times within a priority.
            let created = pinnedNow - Millis(1 + i / 5) * Time.hour
            let id = UUIDv7.make(millis: created)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Ticket \(i)", body: "", requesterCreatorID: nil, requesterNetworkID: nil,
                           channel: .email, category: .other, priority: priorities[i % 4], status: i % 7 == 0 ? .pending : .new, tier: 1,
                           assigneeID: nil, createdAt: created)
            try f.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: [])]), by: nil)
            ids.append(id)
        }
        // Seen two hours on: every third ticket snoozed for an hour (woken by then), every fifth for a day.
        let woken = ids.enumerated().filter { $0.offset % 3 == 0 && $0.offset % 5 != 0 }.map(\.element)
        let asleep = ids.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        try f.store.apply(try f.store.snoozeChanges(ticketIDs: woken, until: pinnedNow + Time.hour, author: nil, now: pinnedNow), by: nil)
        try f.store.apply(try f.store.snoozeChanges(ticketIDs: asleep, until: pinnedNow + Time.day, author: nil, now: pinnedNow), by: nil)
        let now = pinnedNow + 2 * Time.hour
        var checked = 0
        for view in [TicketView.allOpen, .snoozed, .breachingSoon, .all] {
            for sort in TicketSort.allCases {
                let all = try f.store.ticketPage(view: view, me: nil, offset: 0, limit: 1000, now: now, sort: sort)
                #expect(all.count == (try f.store.ticketCount(view: view, me: nil, now: now)), "\(view) \(sort)")
                switch view {
                case .allOpen:
                    #expect(all.count == 40 - asleep.count)
                    #expect(Set(all.prefix(woken.count).map(\.id)) == Set(woken), "\(sort): the woken ones first")
                case .snoozed:
                    #expect(Set(all.map(\.id)) == Set(asleep))
                case .all:
                    #expect(all.count == 40)
                default:
                    break
                }
                for limit in [1, 4] {
                    for start in 1..<all.count {
                        let expected = all[start..<min(all.count, start + limit)].map(\.id)
                        func page(_ seek: PageSeek<QueueRow>) throws -> [String] {
                            try f.store.ticketPage(view: view, me: nil, offset: start, limit: limit, now: now, total: all.count, sort: sort, seek: seek).map(\.id)
                        }
                        #expect(try page(.after(all[start - 1], skip: 0)) == expected, "\(view) \(sort) after, \(limit) from \(start)")
                        if start >= 2 { #expect(try page(.after(all[start - 2], skip: 1)) == expected, "\(view) \(sort) after +1, \(limit) from \(start)") }
                        if start + limit < all.count {
                            #expect(try page(.before(all[start + limit], skip: 0)) == expected, "\(view) \(sort) before, \(limit) from \(start)")
                        }
                        // By position, from the end too.
                        #expect(try f.store.ticketPage(view: view, me: nil, offset: start, limit: limit, now: now, total: all.count, sort: sort).map(\.id)
                                == expected, "\(view) \(sort) offset \(start)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 400)
    }
}
