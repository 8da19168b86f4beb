import GRDB
import GreenroomCore

/// Counting snoozed tickets (issue 28): open tickets whose wake time is still ahead, found in
/// their own range of `ticket_queue` (its leading column says whether a ticket has one).
extension Store {
    /// Open tickets snoozed past now (to the minute, as the views compare).
    func snoozedCount(_ db: Database, now: Millis) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM ticket t WHERE t.deleted = 0 AND t.status IN \(Store.openStatuses)
              AND (t.wake_at IS NULL) = 0 AND t.wake_at > ?
            """, arguments: [TicketSnooze.viewBound(now)]) ?? 0
    }

    /// Snoozed tickets whose open-ticket text matches `match`: what the All open view's count
    /// from `ticket_open_fts` alone (which holds every open ticket) leaves out. Zero when the
    /// view keeps snoozed tickets (`after` nil).
    func snoozedMatching(_ db: Database, _ match: String, after: Millis?) throws -> Int {
        guard let after else { return 0 }
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM ticket t WHERE t.deleted = 0 AND t.status IN \(Store.openStatuses)
              AND (t.wake_at IS NULL) = 0 AND t.wake_at > ?
              AND t.rowid IN (SELECT rowid FROM ticket_open_fts WHERE ticket_open_fts MATCH ?)
            """, arguments: [after, match]) ?? 0
    }
}
