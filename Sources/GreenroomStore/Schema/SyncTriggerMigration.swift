import Foundation
import GRDB

extension Schema {
    /// v13-quiet-triggers: two trigger changes that make writes cheaper where they were
    /// measured to dominate a big sync (Python's sqlite3 on a copy of a database holding a
    /// 1M-operation sync, SQLite 3.40):
    ///
    /// 1. **KPI-cache invalidation is skipped when nothing is cached for its KPIs.** Every
    ///    trigger whose body only deletes `kpi_rollup` rows of named KPIs gets a `WHEN` that
    ///    asks whether a row of any of those KPIs exists (one index probe per KPI). A trigger
    ///    that fires does real work even when it deletes nothing — each `DELETE` on
    ///    `kpi_rollup` (which has delete triggers) first builds a temporary B-tree of the keys
    ///    to delete, and an IN list builds another: 22–32 µs per stage event (of 48), 13 µs per
    ///    ticket status change. When nothing of those KPIs is kept (a new laptop's first sync,
    ///    or right after the cache was invalidated) the deletes could not delete anything, so
    ///    skipping them changes no result; when rows are kept, the trigger runs as before.
    ///    The triggers are rewritten from their current text (header, `WHEN` and body
    ///    checked; anything unexpected fails the migration), so their bodies stay exactly as
    ///    the earlier migrations wrote them.
    /// 2. **During a sync, open-queue search rows are written once per ticket at the end**
    ///    (as creators' are since v8/v12): a ticket's status change rewrote its document in
    ///    `ticket_open_fts` (60 µs of a 90 µs update), and a week of status changes touches
    ///    the same tickets many times. While `meta.defer_ticket_search` is set (only inside a
    ///    sync's transaction) the triggers note the ticket in `ticket_search_dirty` instead;
    ///    `SyncSession.finish` rewrites those documents. Outside a sync nothing changes.
    static func quietTriggers(_ db: Database) throws {
        try guardKPITriggers(db)
        try db.execute(sql: v13DeferredTicketSearch)
    }

    static func guardKPITriggers(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'trigger' AND tbl_name <> 'kpi_rollup' AND sql LIKE '%DELETE FROM kpi_rollup%' ORDER BY name
            """)
        for row in rows {
            let name: String = row[0]
            let sql: String = row[1]
            guard let guarded = guardedKPITrigger(sql) else {
                // Its body does more than drop rollups (ticket_fact_assignee, say): left alone.
                continue
            }
            try db.execute(sql: "DROP TRIGGER \(name.quotedDatabaseIdentifier)")
            try db.execute(sql: guarded)
        }
    }

    /// The trigger with a `WHEN` that holds only if a rollup of one of the KPIs its body
    /// deletes exists; nil when the body is anything but `DELETE FROM kpi_rollup WHERE kpi …`
    /// statements naming their KPIs.
    static func guardedKPITrigger(_ sql: String) -> String? {
        guard let begin = sql.firstRange(of: #/\bBEGIN\b/#), let end = sql.ranges(of: #/\bEND\b/#).last,
              begin.upperBound <= end.lowerBound else { return nil }
        let header = String(sql[..<begin.lowerBound])
        let body = sql[begin.upperBound..<end.lowerBound]
        let statements = body.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        var kpis: [String] = []
        for statement in statements {
            guard let match = statement.prefixMatch(of: #/DELETE FROM kpi_rollup WHERE kpi (?:= '(?<one>[a-z0-9_]+)'|IN \((?<list>'[a-z0-9_]+'(?:, ?'[a-z0-9_]+')*)\))/#) else {
                return nil
            }
            if let one = match.output.one { kpis.append(String(one)) }
            if let list = match.output.list {
                kpis += list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            }
        }
        guard !kpis.isEmpty else { return nil }
        var seen = Set<String>()
        let guardSQL = kpis.filter { seen.insert($0).inserted }
            .map { "EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = '\($0)')" }.joined(separator: " OR ")
        let newHeader: String
        if let when = header.firstRange(of: #/\bWHEN\b/#) {
            let condition = header[when.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            newHeader = header[..<when.lowerBound] + "WHEN (\(guardSQL))\n    AND (\(condition)) "
        } else {
            newHeader = header.trimmingCharacters(in: .whitespaces) + "\n    WHEN \(guardSQL) "
        }
        return newHeader + sql[begin.lowerBound...]
    }

    static let v13DeferredTicketSearch = """
    CREATE TABLE ticket_search_dirty (ticket_rowid INTEGER PRIMARY KEY NOT NULL);
    DROP TRIGGER ticket_open_fts_after_insert;
    CREATE TRIGGER ticket_open_fts_after_insert AFTER INSERT ON ticket
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    DROP TRIGGER ticket_open_fts_after_update;
    CREATE TRIGGER ticket_open_fts_after_update AFTER UPDATE OF subject, status, deleted ON ticket
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = old.rowid;
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    DROP TRIGGER ticket_open_fts_after_message;
    CREATE TRIGGER ticket_open_fts_after_message AFTER INSERT ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;
    DROP TRIGGER ticket_open_fts_after_message_update;
    CREATE TRIGGER ticket_open_fts_after_message_update AFTER UPDATE OF body, deleted ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_deferred_insert AFTER INSERT ON ticket
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT OR IGNORE INTO ticket_search_dirty(ticket_rowid) VALUES (new.rowid);
    END;
    CREATE TRIGGER ticket_open_fts_deferred_update AFTER UPDATE OF subject, status, deleted ON ticket
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT OR IGNORE INTO ticket_search_dirty(ticket_rowid) VALUES (new.rowid);
    END;
    CREATE TRIGGER ticket_open_fts_deferred_message AFTER INSERT ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT OR IGNORE INTO ticket_search_dirty(ticket_rowid) SELECT rowid FROM ticket WHERE id = new.ticket_id;
    END;
    CREATE TRIGGER ticket_open_fts_deferred_message_update AFTER UPDATE OF body, deleted ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND EXISTS (SELECT 1 FROM meta WHERE key = 'defer_ticket_search') BEGIN
        INSERT OR IGNORE INTO ticket_search_dirty(ticket_rowid) SELECT rowid FROM ticket WHERE id = new.ticket_id;
    END;
    """

    /// Rewrites the search documents (open queue, v13; whole history, v20) of the tickets
    /// noted while search was deferred, and forgets the notes (the end of a sync).
    static let flushDeferredTicketSearch = """
    DELETE FROM ticket_open_fts WHERE rowid IN (SELECT ticket_rowid FROM ticket_search_dirty);
    INSERT INTO ticket_open_fts(rowid, text)
    SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid IN (SELECT ticket_rowid FROM ticket_search_dirty) AND \(openTicket);
    DELETE FROM ticket_text_fts WHERE rowid IN (SELECT ticket_rowid FROM ticket_search_dirty);
    INSERT INTO ticket_text_fts(rowid, text)
    SELECT t.rowid, \(ticketText) FROM ticket t WHERE t.rowid IN (SELECT ticket_rowid FROM ticket_search_dirty) AND t.deleted = 0;
    DELETE FROM ticket_search_dirty;
    """
}
