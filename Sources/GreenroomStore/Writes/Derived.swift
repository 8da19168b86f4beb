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

    /// `ticket.first_reply_at`, `solved_at` and `sla_due_at` (the SLA engine's next breach:
    /// the soonest due time among targets whose clock runs; nil while paused or done).
    static func refreshTicket(_ db: Database, ticketID: String, hours: BusinessHours? = nil) throws {
        guard let ticket = try Ticket.fetchOne(db, sql: "SELECT \(Ticket.selectColumns) FROM ticket WHERE id = ?", arguments: [ticketID]) else { return }
        let events = try TicketEvent.fetchAll(db, sql: """
            SELECT \(TicketEvent.selectColumns) FROM ticket_event WHERE ticket_id = ? AND deleted = 0 ORDER BY at, rowid
            """, arguments: [ticketID])
        let firstReply = events.first { $0.kind == .reply && $0.actor == .agent && $0.isPublic }?.at
        var solvedAt: Millis?
        if !ticket.status.isOpen {
            solvedAt = events.last { $0.kind == .status && ($0.toValue == "solved" || $0.toValue == "closed") }?.at ?? ticket.createdAt
        }
        var due: Millis?
        if ticket.status.isOpen && !ticket.deleted {
            let policy = try Store.slaPolicy(db, ticket.priority)
            let businessHours = try hours ?? Store.loadSettings(db).businessHours
            // The next breach does not depend on "now": it is where the running clock reaches its target.
            let report = SLAEngine.evaluate(Store.slaTicket(ticket, events), policy: policy, hours: businessHours, now: Millis.max / 4)
            due = report.nextBreach?.due
        }
        try db.execute(sql: "UPDATE ticket SET first_reply_at = ?, solved_at = ?, sla_due_at = ? WHERE id = ?",
                       arguments: [firstReply, solvedAt, due, ticketID])
    }

    /// After a policy or business-hours change: every unsolved ticket's due time again.
    static func refreshAllOpenTickets(_ db: Database) throws {
        let hours = try Store.loadSettings(db).businessHours
        let ids = try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')")
        for id in ids { try refreshTicket(db, ticketID: id, hours: hours) }
    }
}
