import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The first frame's three whole counts (roster, board columns, open queue) read the narrowest
/// index that holds exactly their rows, and still count what a plain query counts after deletes.
@Suite struct NarrowCountTests {
    @Test func wholeCountsUseNarrowIndexesAndAgreeWithPlainCounts() throws {
        let q = try QueueFixture()
        for i in 0..<12 { _ = try q.f.creator("@narrow\(i)", stage: i % 3 == 0 ? Stage.lead : Stage.activated) }
        // One open ticket snoozed past now: All open and the summary leave it out.
        let sleeper = try #require(q.ids["soon"])
        try q.store.apply(try q.store.snoozeChanges(ticketIDs: [sleeper], until: pinnedNow + 3 * Time.day, author: nil, now: pinnedNow), by: nil)
        let doomed = try q.f.creator("@gone")
        try q.store.apply(ChangeSet("delete", [.update(.creator, id: doomed.id, fields: [CreatorField.deleted.rawValue: FieldValue(true)])]), by: nil)
        let (roster, board, open): (Int, [String: Int], Int) = try q.store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator NOT INDEXED WHERE deleted = 0") ?? -1,
             Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT stage, COUNT(*) AS n FROM creator NOT INDEXED WHERE deleted = 0 GROUP BY stage")
                .map { ($0["stage"] as String, $0["n"] as Int) }),
             try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ticket NOT INDEXED WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')
                  AND (snoozed_until IS NULL OR snoozed_until <= ?)
                """, arguments: [pinnedNow]) ?? -1)
        }
        #expect(try q.store.rosterCount(now: pinnedNow) == roster)
        #expect(try q.store.stageCounts(now: pinnedNow) == board)
        #expect(try q.store.ticketCount(view: .allOpen, me: nil, now: pinnedNow) == open)
        #expect(try q.store.queueSummary(now: pinnedNow).open == open)
        #expect(open == 3) // of the fixture's four open tickets, one is asleep
        // The whole All open view is the case `ticketCount` counts on the narrow index.
        #expect(Store.ticketWhere(view: .allOpen, filter: .all, me: nil, now: pinnedNow).clause
                == "t.deleted = 0 AND t.status IN \(Store.openStatuses) AND ifnull(t.wake_at, 0) <= :q1")
        let plans: [String] = try q.store.read { db in
            try [Store.openTicketCount, "SELECT COUNT(*) FROM creator c INDEXED BY creator_created WHERE c.deleted = 0"].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: " ")
            }
        }
        #expect(plans[0].contains("ticket_queue_created") && plans[1].contains("creator_created"), "\(plans)")
    }
    /// The queue's first load counts every open ticket once for both the All open view's total
    /// and the pane's summary, and both follow a reopened ticket.
    @Test func theOpenQueueIsCountedOnceForTheViewAndTheSummary() throws {
        let q = try QueueFixture()
        func computed() -> Int { q.store.counts.computed.load(ordering: .relaxed) }
        var before = computed()
        let summary = try q.store.queueSummary(now: pinnedNow)
        #expect(computed() - before == 2, "the summary, and the whole open count inside it")
        before = computed()
        let total = try q.store.ticketCount(view: .allOpen, me: nil, now: pinnedNow)
        #expect(computed() - before == 1, "the view's count, with the whole open count already kept")
        #expect(summary.open == total)
        let solved = try #require(q.ids["solved"])
        try q.store.apply(ChangeSet("reopen", [.update(.ticket, id: solved, fields: ["status": .text("open")])]), by: nil)
        #expect(try q.store.ticketCount(view: .allOpen, me: nil, now: pinnedNow) == total + 1)
        #expect(try q.store.queueSummary(now: pinnedNow).open == total + 1)
    }
    /// The queue's page finds its keys' shortest unique prefixes in one statement; they are
    /// what the one-key lookup every other screen uses gives, where neighbours share prefixes.
    @Test func theQueuePagesShortKeysAreTheOneKeyLookups() throws {
        let q = try QueueFixture()
        let crafted = ["ABCDEFGH0001", "ABCDEFGH0002", "ABCDZZZZ0000", "ABCE00000000", "ZZZZ00000001"]
        let ids = try q.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM ticket ORDER BY id LIMIT 5") }
        try q.store.write { db in
            for (id, key) in zip(ids, crafted) { try db.execute(sql: "UPDATE ticket SET key = ? WHERE id = ?", arguments: [key, id]) }
        }
        let page = try q.store.ticketPage(view: .all, me: nil, offset: 0, limit: 50, now: pinnedNow)
        let expected: [String: String] = try q.store.read { db in
            Dictionary(uniqueKeysWithValues: try String.fetchAll(db, sql: "SELECT key FROM ticket").map { ($0, try Store.shortKey($0, db)) })
        }
        let fullByID: [String: String] = try q.store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, key FROM ticket").map { ($0["id"] as String, $0["key"] as String) })
        }
        #expect(page.count == fullByID.count)
        for row in page { #expect(row.key == expected[fullByID[row.id] ?? ""], "\(row.id)") }
        #expect(Set(page.map(\.key)).isSuperset(of: ["ABCDEFGH0001", "ABCDEFGH0002", "ABCDZ", "ABCE"]), "\(page.map(\.key))")
    }
}
