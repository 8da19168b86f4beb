import Foundation
import GRDB
import GreenroomCore

/// The queries behind the four panes. Each reads one page through an index; none loads a
/// whole table.
extension Store {
    // MARK: Tickets

    static let openStatuses = "('new','open','pending','on_hold')"

    /// Every open ticket, counted on the narrowest index that holds exactly them
    /// (`ticket_queue_created`, 1.1 MB at 1M tickets: 281 page reads). Left to itself SQLite
    /// 3.40 counts the widest, `ticket_queue` (11 MB, 2,815 reads), which a cold first frame
    /// pays for in full; the same goes for the roster's and the board's counts.
    static let openTicketCount = "SELECT COUNT(*) FROM ticket t INDEXED BY ticket_queue_created WHERE t.deleted = 0 AND t.status IN \(openStatuses)"

    public func queueSummary(now: Millis) throws -> QueueSummary {
        // Counted once per minute of "now" until the database changes.
        try counts.value("queue-summary|\(now / Time.minute)") { try queueSummaryUncached(now: now) }
    }

    /// Every open ticket, snoozed or not (`openTicketCount`), counted once until the database
    /// changes: the queue's first load asks for it twice (the All open view's total and the
    /// pane's summary), ~5 ms each at 1M tickets.
    func wholeOpenTicketCount(_ db: Database) throws -> Int {
        try counts.value("open-tickets-whole") { try Int.fetchOne(db, sql: Store.openTicketCount) ?? 0 }
    }

    func queueSummaryUncached(now: Millis) throws -> QueueSummary {
        try read { db in
            let open = try wholeOpenTicketCount(db)
            // Snoozed tickets count as breaching (a snooze never hides a breach); the IN, true of
            // every row, lets SQLite search ticket_queue's two ranges by due time.
            let breaching = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM ticket WHERE deleted = 0 AND status IN \(Store.openStatuses)
                  AND (wake_at IS NULL) IN (0, 1) AND ifnull(sla_due_at, 9223372036854775807) < ?
                """, arguments: [now]) ?? 0
            let snoozed = try snoozedCount(db, now: now)
            return QueueSummary(open: open - snoozed, breaching: breaching, snoozed: snoozed)
        }
    }

    /// Open tickets by time to next breach: breached first (most overdue on top), paused last.
    public func queuePage(offset: Int, limit: Int) throws -> [QueueRow] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id, t.key, t.subject, t.category, t.priority, t.status, t.tier, t.created_at, t.sla_due_at,
                       c.handle AS requester_handle, n.name AS network_name, m.handle AS assignee_handle
                FROM ticket t
                  LEFT JOIN creator c ON c.id = t.requester_creator_id
                  LEFT JOIN network n ON n.id = t.requester_network_id
                  LEFT JOIN member m ON m.id = t.assignee_id
                WHERE t.deleted = 0 AND t.status IN \(Store.openStatuses)
                ORDER BY ifnull(t.sla_due_at, 9223372036854775807), t.created_at
                LIMIT :limit OFFSET :offset
                """, arguments: ["limit": limit, "offset": offset])
            return try rows.map { r in
                let fullKey: String = r["key"]
                return QueueRow(id: r["id"], key: try Store.shortKey(fullKey, db), subject: r["subject"],
                                requesterHandle: (r["requester_handle"] as String?) ?? (r["network_name"] as String?),
                                category: try decodeEnum(r, "category"), priority: try decodeEnum(r, "priority"),
                                status: try decodeEnum(r, "status"), tier: r["tier"], assigneeHandle: r["assignee_handle"],
                                createdAt: r["created_at"], slaDueAt: r["sla_due_at"])
            }
        }
    }

    /// `shortKey` of many keys in one statement (the Review's breached list, drill-downs).
    static func shortKeys(_ keys: [String], _ db: Database) throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        let json = JSONText.encode(keys)
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT j.value, (SELECT key FROM ticket WHERE key < j.value ORDER BY key DESC LIMIT 1),
                   (SELECT key FROM ticket WHERE key > j.value ORDER BY key LIMIT 1)
            FROM json_each(?) j
            """, arguments: [json]) {
            let key: String = row[0]
            out[key] = String(key.prefix(TicketKey.displayLength(of: key, previous: row[1], next: row[2])))
        }
        return out
    }

    /// A full ticket key as every screen and report shows it (see `shortKey`).
    public func displayKey(_ key: String) throws -> String {
        try read { db in try Store.shortKey(key, db) }
    }

    /// The shortest unique prefix (≥ 4) of a full ticket key, from its neighbours in the key index.
    /// Every screen and report shows a ticket's key this way (queue, detail, Today, drill-downs,
    /// the Review, reports).
    static func shortKey(_ key: String, _ db: Database) throws -> String {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT key FROM ticket WHERE key < ? ORDER BY key DESC LIMIT 1"), arguments: [key])
        let next = try String.fetchOne(db.cachedStatement(sql: "SELECT key FROM ticket WHERE key > ? ORDER BY key LIMIT 1"), arguments: [key])
        return String(key.prefix(TicketKey.displayLength(of: key, previous: previous, next: next)))
    }

    // MARK: Header

    public func member(handle: String) throws -> Member? {
        try read { db in try Member.fetchOne(db, sql: "SELECT * FROM member WHERE handle = ? AND deleted = 0", arguments: [handle]) }
    }

    public func members() throws -> [Member] {
        try read { db in try Member.fetchAll(db, sql: "SELECT * FROM member WHERE deleted = 0 ORDER BY handle") }
    }

    /// When this database last completed a sync, if ever.
    public func lastSyncAt() throws -> Millis? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_sync_at'").flatMap(Time.parseISO)
        }
    }
}
