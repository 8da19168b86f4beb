import GRDB
import GreenroomCore

/// Reply and note drafts: local rows (`reply_draft`, migration `v17-reply-drafts`), written as
/// the user types and read when an editor opens. Not synced: a draft is one person's
/// unfinished text, like the config file, and never becomes an operation.
extension Store {
    /// Every saved draft.
    public func replyDrafts() throws -> [ReplyDraft] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT ticket_id, is_public, body, saved_at FROM reply_draft ORDER BY ticket_id, is_public").map {
                ReplyDraft(key: ReplyDraftKey(ticketID: $0["ticket_id"], isPublic: $0["is_public"]), body: $0["body"], savedAt: $0["saved_at"])
            }
        }
    }

    /// Saves `saved` (replacing what each key had) and removes `deleted`, in one transaction.
    public func saveReplyDrafts(_ saved: [ReplyDraft], deleting deleted: [ReplyDraftKey]) throws {
        guard !saved.isEmpty || !deleted.isEmpty else { return }
        try pool.write { db in
            for d in saved {
                try db.execute(sql: """
                    INSERT INTO reply_draft(ticket_id, is_public, body, saved_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(ticket_id, is_public) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at
                    """, arguments: [d.key.ticketID, d.key.isPublic, d.body, d.savedAt])
            }
            for k in deleted {
                try db.execute(sql: "DELETE FROM reply_draft WHERE ticket_id = ? AND is_public = ?", arguments: [k.ticketID, k.isPublic])
            }
        }
    }
}
