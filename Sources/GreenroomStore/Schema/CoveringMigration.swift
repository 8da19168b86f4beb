import Foundation
import GRDB

extension Schema {
    /// v27-agent-covering (issue 23): the agent page's two reads that still looked up the
    /// table row per index entry now find everything in the index. `ticket_fact_agent` gains
    /// the ticket id (the week's breached-ticket count is `COUNT(DISTINCT ticket_id)` over an
    /// agent's ~30,000 facts: 22 ms warm, most of the cold open, before) and
    /// `ticket_agent_created` the team (first reply times are timed against the ticket's
    /// team's policy and hours). Both keep their names and leading columns, so every plan that
    /// used them still does.
    static let v27AgentCovering = """
    DROP INDEX ticket_fact_agent;
    CREATE INDEX ticket_fact_agent ON ticket_fact(kind, assignee_id, at, outcome, ticket_id);
    DROP INDEX ticket_agent_created;
    CREATE INDEX ticket_agent_created ON ticket(assignee_id, created_at, deleted, first_reply_at, priority, team_id) WHERE assignee_id IS NOT NULL;
    """

    /// v28-idle-covering (issue 23): Today's idle creators probe `creator_stats_health` for
    /// each activated creator (health and id both known) instead of the statistics table.
    /// The probes then stay within the idle creators' stretch of a small index — ~100 pages
    /// at 100k creators — where a probe of the table could land on any of its ~1,300: cold,
    /// the idle section went from 113–134 ms to 44–46 ms in `sqlite3`. The roster's
    /// `health:` filter reads the same index by its first column, as before.
    static let v28IdleCovering = """
    DROP INDEX creator_stats_health;
    CREATE INDEX creator_stats_health ON creator_stats(health, creator_id, last_live_at);
    """

    /// Statistics for indexes a migration dropped and created again, where the database has
    /// statistics (`ANALYZE` ran on it: the demo, a bench dataset, a grown team's file). A
    /// dropped index loses its `sqlite_stat1` row, and the planner would then weigh a guess for
    /// the new one against measured figures for the rest. Without statistics nothing is added
    /// (the planner's guesses stay consistent). One index at a time: ~1.4 s for both on 1M
    /// tickets.
    static func analyzeRebuiltIndexes(_ names: [String], _ db: Database) throws {
        guard try db.tableExists("sqlite_stat1"),
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_stat1)") == true else { return }
        for name in names { try db.execute(sql: "ANALYZE \(name)") }
    }
}
