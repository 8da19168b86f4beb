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
}
