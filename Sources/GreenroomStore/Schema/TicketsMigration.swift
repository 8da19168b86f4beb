import Foundation
import GRDB
import GreenroomCore

// v4-tickets: the ticket queue's search and indexes.
extension Schema {
    /// The ticket queue. Undoing a triage action withdraws its ticket event (`deleted`, a
    /// tombstone that syncs) so SLA clocks and reports never count an action someone took back.
    ///
    /// Free text in the open queue searches `ticket_open_fts`: one document per unsolved
    /// ticket (its subject and every reply and note), so a word typed in the queue is matched
    /// among the tens of thousands of open tickets, not the million in the history, and yields
    /// ticket rowids directly (a one-letter prefix counts in ~2 ms at 1M tickets). Triggers
    /// add, rewrite and drop a ticket's document as it opens, gets a message, or is solved.
    ///
    /// The history views searched two contentless indexes (subjects; messages) until v20
    /// replaced them with one document per ticket (`v20TicketText`).
    /// Fills v4's ticket search indexes from the tables (the v4 migration only; later
    /// databases fill them with `fillTicketSearch`).
    static func fillV4TicketSearch(_ db: Database) throws {
        let tables = ["ticket_subject_fts", "ticket_message_fts", "ticket_open_fts"]
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 0)") }
        try db.execute(sql: "INSERT INTO ticket_subject_fts(rowid, subject) SELECT rowid, subject FROM ticket WHERE deleted = 0")
        try db.execute(sql: """
            INSERT INTO ticket_message_fts(rowid, body)
            SELECT rowid, body FROM ticket_event WHERE kind IN ('reply', 'note') AND body IS NOT NULL AND deleted = 0
            """)
        try db.execute(sql: "INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE \(openTicket)")
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 4)") }
    }

    static let openTicket = "t.deleted = 0 AND t.status IN ('new','open','pending','on_hold')"
    static let openTicketText = """
        t.subject || char(10) || IFNULL((SELECT group_concat(e.body, char(10)) FROM ticket_event e
            WHERE e.ticket_id = t.id AND e.kind IN ('reply', 'note') AND e.body IS NOT NULL AND e.deleted = 0), '')
        """
    static let v4Tickets = """
    ALTER TABLE ticket_event ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
    -- The queue index covers what views and filters test, so a filter walks it without
    -- reading a single ticket row (the partial index holds only unsolved tickets).
    DROP INDEX ticket_queue;
    CREATE INDEX ticket_queue ON ticket(ifnull(sla_due_at, 9223372036854775807), created_at,
        priority, status, tier, assignee_id, category, channel, requester_creator_id, requester_network_id, deleted)
        WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
    CREATE INDEX ticket_merged ON ticket(merged_into_id) WHERE merged_into_id IS NOT NULL;

    CREATE VIRTUAL TABLE ticket_subject_fts USING fts5(
        subject, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE VIRTUAL TABLE ticket_message_fts USING fts5(
        body, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );

    CREATE VIRTUAL TABLE ticket_open_fts USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
    );
    CREATE TRIGGER ticket_open_fts_after_insert AFTER INSERT ON ticket BEGIN
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_update AFTER UPDATE OF subject, status, deleted ON ticket BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = old.rowid;
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_message AFTER INSERT ON ticket_event WHEN new.kind IN ('reply', 'note') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_message_update AFTER UPDATE OF body, deleted ON ticket_event WHEN new.kind IN ('reply', 'note') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;

    CREATE TRIGGER ticket_fts_after_insert AFTER INSERT ON ticket WHEN new.deleted = 0 BEGIN
        INSERT INTO ticket_subject_fts(rowid, subject) VALUES (new.rowid, new.subject);
    END;
    CREATE TRIGGER ticket_fts_after_update AFTER UPDATE OF subject, deleted ON ticket BEGIN
        INSERT INTO ticket_subject_fts(ticket_subject_fts, rowid, subject) SELECT 'delete', old.rowid, old.subject WHERE old.deleted = 0;
        INSERT INTO ticket_subject_fts(rowid, subject) SELECT new.rowid, new.subject WHERE new.deleted = 0;
    END;
    CREATE TRIGGER ticket_message_fts_after_insert AFTER INSERT ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND new.body IS NOT NULL AND new.deleted = 0 BEGIN
        INSERT INTO ticket_message_fts(rowid, body) VALUES (new.rowid, new.body);
    END;
    CREATE TRIGGER ticket_message_fts_after_update AFTER UPDATE OF body, deleted ON ticket_event
        WHEN new.kind IN ('reply', 'note') BEGIN
        INSERT INTO ticket_message_fts(ticket_message_fts, rowid, body)
            SELECT 'delete', old.rowid, old.body WHERE old.deleted = 0 AND old.body IS NOT NULL;
        INSERT INTO ticket_message_fts(rowid, body) SELECT new.rowid, new.body WHERE new.deleted = 0 AND new.body IS NOT NULL;
    END;
    """
}
