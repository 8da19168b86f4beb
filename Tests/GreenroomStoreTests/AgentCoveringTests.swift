import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// v27-agent-covering and v28-idle-covering (issue 23): the agent page's reads that cost a table lookup per row are
/// ranges of an index holding every column they read, and a migrated database keeps its
/// planner statistics for the two rebuilt indexes.
@Suite struct AgentCoveringTests {
    @Test func anAgentsSLAAndFirstReplyReadsAreIndexOnly() throws {
        let k = try KPIFixture()
        let week = k.w47
        try k.store.read { db in
            let s = try KPIScopeSQL(.agent("@tuan"), db)
            var windowed = s.arguments
            windowed += ["from": week.start, "to": week.end, "now": pinnedNow]
            func plan(_ sql: String, _ arguments: StatementArguments) throws -> [String] {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            let facts = "COVERING INDEX ticket_fact_agent (kind=? AND assignee_id=? AND at>? AND at<?)"
            let counts = try plan(Store.kpiSLACountsSQL(s), windowed)
            #expect(counts.contains { $0.contains(facts) }, "\(counts)")
            let breached = try plan(Store.breachedTicketCountSQL(s), windowed)
            #expect(breached.contains { $0.contains(facts) }, "\(breached)")
            for collect in [false, true] {
                let replies = try plan(Store.kpiFirstReplySQL([week], s, collect: collect), s.arguments)
                // Without the ids the index holds every column read; with them, the row is read too.
                let expected = collect ? "INDEX ticket_agent_created (assignee_id=? AND created_at>? AND created_at<?)"
                    : "COVERING INDEX ticket_agent_created (assignee_id=? AND created_at>? AND created_at<?)"
                #expect(replies.contains { $0.contains(expected) }, "\(replies)")
            }
            // Nothing else reads a whole table.
            for detail in counts + breached {
                #expect(!(detail.hasPrefix("SCAN") && !detail.contains("CONSTANT ROW")), "\(detail)")
            }
        }
    }

    /// The two indexes are rebuilt with the new column; where `ANALYZE` had run, their
    /// statistics are measured again (a dropped index loses its row in `sqlite_stat1`), and
    /// where it had not, none are made up.
    @Test func theMigrationRebuildsBothIndexesAndMeasuresThemOnlyWhereStatisticsExist() throws {
        for analyzed in [true, false] {
            let dir = TempDir()
            let path = dir.file("v26.sqlite")
            let old = try DatabaseQueue(path: path)
            try Schema.migrator().migrate(old, upTo: "v26-one-on-ones")
            try old.write { db in
                for i in 0..<40 {
                    try db.execute(sql: "INSERT INTO ticket_fact(ticket_id, kind, at, outcome, assignee_id) VALUES (?, 'first_reply', ?, 'breached', ?)",
                                   arguments: ["t\(i)", 1_000 + i, "m\(i % 3)"])
                }
                if analyzed { try db.execute(sql: "ANALYZE") }
                #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('ticket_fact_agent') ORDER BY seqno")
                        == ["kind", "assignee_id", "at", "outcome"])
            }
            try old.close()
            let store = try Store.open(at: path, clock: .fixed(pinnedNow))
            try store.read { db in
                #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('ticket_fact_agent') ORDER BY seqno")
                        == ["kind", "assignee_id", "at", "outcome", "ticket_id"])
                #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('ticket_agent_created') ORDER BY seqno")
                        == ["assignee_id", "created_at", "deleted", "first_reply_at", "priority", "team_id"])
                // v28-idle-covering: Today's idle creators probe the health index for the last LIVE.
                #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('creator_stats_health') ORDER BY seqno")
                        == ["health", "creator_id", "last_live_at"])
                let stat = try db.tableExists("sqlite_stat1")
                    ? String.fetchOne(db, sql: "SELECT stat FROM sqlite_stat1 WHERE idx = 'ticket_fact_agent'") : nil
                if analyzed {
                    // 40 facts; one kind; three agents.
                    #expect(stat?.hasPrefix("40 40 14") == true, "\(stat ?? "none")")
                } else {
                    #expect(stat == nil)
                }
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_fact") == 40)
            }
        }
    }
}
