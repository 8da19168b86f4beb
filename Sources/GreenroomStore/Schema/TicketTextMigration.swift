import Foundation
import GRDB

// v20-ticket-text: one search document per ticket, over the whole history (issue 28).
extension Schema {
    /// Free text over every ticket (the All tickets and Solved views, `tickets list --view
    /// all`) searches `ticket_text_fts`: one document per ticket, its subject and every reply
    /// and note, as `ticket_open_fts` is for the open tickets. It replaces the two contentless
    /// indexes v4 kept (subjects; messages by event rowid), which answered a word with event
    /// rowids that each had to be looked up to find their ticket: a one-letter prefix at 1M
    /// tickets read millions of events (~30 s a keystroke). Now a word yields ticket rowids
    /// directly, and every word may be anywhere in the ticket, as in the open views.
    ///
    /// The document is stored (a contentless index forgets a row only when given its old
    /// text, and a ticket's old document is gone once a message is added), but only the
    /// rowids of each term are indexed (`detail = none`): the filter language asks for
    /// prefixes, never phrases, so positions would only make the index bigger. Prefix indexes
    /// of 1–3 letters make the first keys of a word a lookup, not a scan of the vocabulary.
    ///
    /// Inside a sync (`meta.defer_ticket_search`) the triggers stand down; the deferred
    /// triggers of v13 already note every ticket whose subject, state or messages changed,
    /// and `flushDeferredTicketSearch` rewrites both documents of those tickets at the end.
    static let v20TicketText = """
    DROP TRIGGER ticket_fts_after_insert;
    DROP TRIGGER ticket_fts_after_update;
    DROP TRIGGER ticket_message_fts_after_insert;
    DROP TRIGGER ticket_message_fts_after_update;
    DROP TABLE ticket_subject_fts;
    DROP TABLE ticket_message_fts;
    CREATE VIRTUAL TABLE ticket_text_fts USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = none
    );
    CREATE TRIGGER ticket_text_fts_after_insert AFTER INSERT ON ticket
        WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT INTO ticket_text_fts(rowid, text) SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.rowid = new.rowid;
    END;
    CREATE TRIGGER ticket_text_fts_after_update AFTER UPDATE OF subject, deleted ON ticket
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_text_fts WHERE rowid = old.rowid;
        INSERT INTO ticket_text_fts(rowid, text) SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.rowid = new.rowid AND t.deleted = 0;
    END;
    CREATE TRIGGER ticket_text_fts_after_message AFTER INSERT ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_text_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_text_fts(rowid, text) SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.id = new.ticket_id AND t.deleted = 0;
    END;
    CREATE TRIGGER ticket_text_fts_after_message_update AFTER UPDATE OF body, deleted, ticket_id ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_text_fts WHERE rowid IN (SELECT rowid FROM ticket WHERE id IN (old.ticket_id, new.ticket_id));
        INSERT INTO ticket_text_fts(rowid, text) SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.id IN (old.ticket_id, new.ticket_id) AND t.deleted = 0;
    END;
    """

    /// A ticket's search document (`t` is the ticket): the subject, then its live replies and notes.
    static let ticketText = openTicketText

    /// Fills the ticket search indexes from the tables (the v20 migration, and the demo
    /// generator, which writes rows with the triggers off). A bulk load does not merge index
    /// segments as it goes (30% faster at 1.7M messages); later writes merge as usual.
    /// `openToo: false` fills only the history's index (the migration: the open tickets'
    /// index is already full).
    static func fillTicketSearch(_ db: Database, openToo: Bool = true) throws {
        let tables = openToo ? ["ticket_text_fts", "ticket_open_fts"] : ["ticket_text_fts"]
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 0)") }
        try db.execute(sql: "INSERT INTO ticket_text_fts(rowid, text) SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.deleted = 0")
        if openToo {
            try db.execute(sql: "INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE \(openTicket)")
        }
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 4)") }
    }
}
