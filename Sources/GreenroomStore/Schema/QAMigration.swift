import Foundation
import GRDB

extension Schema {
    /// v23-agent-page (issue 25): an agent's page reads twelve weeks of their tickets by
    /// assignee, not the whole team's weeks — `ticket_agent_created` (first reply times,
    /// tickets created) and `ticket_agent_solved` (solved, resolution, CSAT, reopen rate)
    /// carry what those KPIs read, so each is a range of one index; the per-agent SLA counts
    /// already read `ticket_fact_agent`.
    static let v23AgentPage = """
    CREATE INDEX ticket_agent_created ON ticket(assignee_id, created_at, deleted, first_reply_at, priority) WHERE assignee_id IS NOT NULL;
    CREATE INDEX ticket_agent_solved ON ticket(assignee_id, first_solved_at, deleted, csat, created_at, reopened_at)
        WHERE assignee_id IS NOT NULL AND first_solved_at IS NOT NULL;
    """

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

    /// v24-qa-reviews (issue 25): a QA review of a ticket — scores per rubric criterion (a JSON
    /// object, `QAReview.decodeScores`), a comment, who was reviewed and by whom. Synced like
    /// every record; a delete is a tombstone (the undo of a review).
    static let v24QAReviews = """
    CREATE TABLE qa_review (
        id TEXT PRIMARY KEY NOT NULL,
        ticket_id TEXT NOT NULL,
        agent_id TEXT,
        reviewer_id TEXT,
        scores TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        reviewed_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND deleted IN (0, 1) AND typeof(reviewed_at) = 'integer' AND json_valid(scores))
    );
    CREATE INDEX qa_review_ticket ON qa_review(ticket_id, reviewed_at) WHERE deleted = 0;
    CREATE INDEX qa_review_agent ON qa_review(agent_id, reviewed_at) WHERE deleted = 0;
    """

    /// v25-agent-weeks (issue 25): an agent's complete weeks are kept like the team's
    /// (`kpi_rollup`, `kpi = 'agent:<member id>:<kpi>'`, see `Store.agentSeries`). A kept agent
    /// week lives no longer than the team's value of the same KPI and week — whose triggers
    /// follow every ticket, fact, policy and setting change — and is also dropped when a
    /// ticket moves between agents (the weeks from its creation on, for both). CSAT comments
    /// are found newest first through a small partial index of rated events with a comment.
    /// Both triggers find an agent's rows as a range of the primary key (`agent:<id>:` up to
    /// `agent:<id>;`), and the assignee trigger does nothing unless the agent has kept weeks.
    static let v25AgentWeeks = """
    CREATE TRIGGER agent_weeks_follow_kpis AFTER DELETE ON kpi_rollup
        WHEN old.unit = 'week' AND old.kpi IN ('tickets_solved','first_reply_time','resolution_time','sla_attainment','csat','reopen_rate') BEGIN
        DELETE FROM kpi_rollup WHERE kpi > 'agent:' AND kpi < 'agent;' AND unit = 'week' AND start = old.start AND kpi LIKE '%:' || old.kpi;
    END;
    CREATE TRIGGER agent_weeks_assignee AFTER UPDATE OF assignee_id ON ticket
        WHEN (EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi >= 'agent:' || IFNULL(old.assignee_id, '-') || ':' AND kpi < 'agent:' || IFNULL(old.assignee_id, '-') || ';')
           OR EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi >= 'agent:' || IFNULL(new.assignee_id, '-') || ':' AND kpi < 'agent:' || IFNULL(new.assignee_id, '-') || ';'))
          AND old.assignee_id IS NOT new.assignee_id BEGIN
        DELETE FROM kpi_rollup WHERE "end" > new.created_at
          AND ((kpi >= 'agent:' || IFNULL(old.assignee_id, '-') || ':' AND kpi < 'agent:' || IFNULL(old.assignee_id, '-') || ';')
            OR (kpi >= 'agent:' || IFNULL(new.assignee_id, '-') || ':' AND kpi < 'agent:' || IFNULL(new.assignee_id, '-') || ';'));
    END;
    CREATE INDEX ticket_event_csat_comment ON ticket_event(at) WHERE kind = 'csat' AND deleted = 0 AND body IS NOT NULL AND body <> '';
    """
}
