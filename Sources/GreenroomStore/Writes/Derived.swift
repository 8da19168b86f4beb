import GRDB
import GreenroomCore

/// Derived columns: caches of values computed from history, maintained in the same
/// transaction as the writes they depend on, and recomputable at any time.
enum Derived {
    /// `creator.stage_entered_at`: the latest stage event into the creator's current stage.
    static func refreshStageEntered(_ db: Database, creatorID: String) throws {
        try db.execute(sql: """
            UPDATE creator SET stage_entered_at = (
                SELECT MAX(at) FROM stage_event e WHERE e.creator_id = creator.id AND e.to_stage = creator.stage AND e.deleted = 0
            ) WHERE id = ?
            """, arguments: [creatorID])
    }

    /// `ticket.first_reply_at`, `solved_at` and `sla_due_at`.
    static func refreshTicket(_ db: Database, ticketID: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT status, priority, created_at FROM ticket WHERE id = ?", arguments: [ticketID]),
              let status = TicketStatus(rawValue: row["status"]),
              let priority = TicketPriority(rawValue: row["priority"]) else { return }
        let createdAt: Millis = row["created_at"]
        let firstReply = try Millis.fetchOne(db, sql: """
            SELECT MIN(at) FROM ticket_event WHERE ticket_id = ? AND kind = 'reply' AND actor = 'agent' AND is_public = 1
            """, arguments: [ticketID])
        var solvedAt: Millis?
        if !status.isOpen {
            solvedAt = try Millis.fetchOne(db, sql: """
                SELECT MAX(at) FROM ticket_event WHERE ticket_id = ? AND kind = 'status' AND to_value IN ('solved','closed')
                """, arguments: [ticketID]) ?? createdAt
        }
        let policy = try SLAPolicy.fetchOne(db, sql: "SELECT * FROM sla_policy WHERE priority = ? AND deleted = 0", arguments: [priority.rawValue])
        let due = QueueDue.next(status: status, priority: priority, createdAt: createdAt, firstReplyAt: firstReply, policy: policy)
        try db.execute(sql: "UPDATE ticket SET first_reply_at = ?, solved_at = ?, sla_due_at = ? WHERE id = ?",
                       arguments: [firstReply, solvedAt, due?.due, ticketID])
    }

    static func refreshAllOpenTickets(_ db: Database) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')")
        for id in ids { try refreshTicket(db, ticketID: id) }
    }
}
