import Foundation

extension Schema {
    /// v26-one-on-ones (issue 25): coaching on a teammate — notes, goals, follow-ups and the
    /// 1:1s held (`CoachingItem`). Synced like every record (a `set` per write, per-field
    /// clocks); a delete is a tombstone; goals and follow-ups are done by `done_at`. A 1:1
    /// keeps its agenda in words (`discussed`).
    ///
    /// - `coaching_item_member`: a teammate's items, by time (the 1:1 screen reads only them);
    /// - `ticket_event_csat_bad`: ratings of `bad`, by time, so a 1:1 agenda's "low CSAT" is
    ///   a range of a small partial index, not a walk of every CSAT event.
    static let v26OneOnOnes = """
    CREATE TABLE coaching_item (
        id TEXT PRIMARY KEY NOT NULL,
        member_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        discussed TEXT,
        ticket_id TEXT,
        due_at INTEGER,
        done_at INTEGER,
        author_id TEXT,
        at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(deleted) = 'integer' AND deleted IN (0, 1) AND typeof(at) = 'integer'
               AND (due_at IS NULL OR typeof(due_at) = 'integer') AND (done_at IS NULL OR typeof(done_at) = 'integer'))
    );
    CREATE INDEX coaching_item_member ON coaching_item(member_id, at) WHERE deleted = 0;
    CREATE INDEX ticket_event_csat_bad ON ticket_event(at) WHERE kind = 'csat' AND deleted = 0 AND to_value = 'bad';
    """
}
