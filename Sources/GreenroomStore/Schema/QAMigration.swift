import Foundation

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
