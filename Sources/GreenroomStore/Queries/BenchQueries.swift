import Foundation
import GRDB

extension Store {
    /// The specialist with the most tickets assigned (the heaviest agent page), read without
    /// opening the store for writing: what `greenroom bench --terminal` opens with
    /// `:agent @handle`. Nil when the team has no specialist.
    public static func busiestSpecialist(atPath path: String) throws -> String? {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchOne(db, sql: """
                SELECT m.handle FROM member m WHERE m.role = 'specialist' AND m.deleted = 0
                ORDER BY (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = m.id) DESC, m.handle LIMIT 1
                """)
        }
    }
}
