import GRDB
import GreenroomCore

// v21-ticket-snooze: tickets snoozed until a time (issue 28; `TicketSnooze`).
extension Schema {
    /// - `ticket.snoozed_until` (synced): the time an agent snoozed the ticket until; kept after
    ///   it passes as the "woke" marker until an agent acts on the ticket.
    /// - `ticket.wake_at` (derived, `Derived.refreshTicket`): when the snooze ends —
    ///   `snoozed_until`, or the minute of the requester's first message since the snooze.
    /// - `ticket_event.kind` takes `snooze` (the CHECK rewritten in place, as v11 does: the
    ///   table's rows are not touched).
    /// - The open queue's three indexes lead with whether the ticket has a wake time, so woken
    ///   tickets come first in every open view and snoozed ones sit in their own range (the
    ///   Snoozed view and the counts search it; the other views test `wake_at` inside
    ///   `ticket_queue`, which now holds it, without reading a ticket row).
    static func ticketSnooze(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE ticket ADD COLUMN snoozed_until INTEGER CHECK (snoozed_until IS NULL OR typeof(snoozed_until) = 'integer');
            ALTER TABLE ticket ADD COLUMN wake_at INTEGER; -- derived: when the snooze ends (TicketSnooze.wakeAt)
            """)
        guard let events = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ticket_event'"),
              let merge = events.range(of: "kind = 'merge'") else {
            throw GreenroomError.database("v21-ticket-snooze: ticket_event's kind check is not the one this migration knows")
        }
        try rewriteTableDefinitions(db, [("ticket_event", events.replacingCharacters(in: merge, with: "kind = 'merge' OR kind = 'snooze'"))])
        try db.execute(sql: """
            DROP INDEX ticket_queue;
            CREATE INDEX ticket_queue ON ticket((wake_at IS NULL), ifnull(sla_due_at, 9223372036854775807), created_at,
                priority, status, tier, assignee_id, category, channel, requester_creator_id, requester_network_id, deleted, wake_at)
                WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
            DROP INDEX ticket_queue_priority;
            CREATE INDEX ticket_queue_priority ON ticket((wake_at IS NULL), CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
                ifnull(sla_due_at, 9223372036854775807), created_at) WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
            DROP INDEX ticket_queue_created;
            CREATE INDEX ticket_queue_created ON ticket((wake_at IS NOT NULL), created_at) WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
            """)
    }
}
