import Foundation
import GRDB

extension Store {
    /// What `greenroom bench --terminal` needs to know of a database before it starts the app
    /// on it, read without opening the store for writing (no migration, no identity written).
    public struct TerminalBenchInputs: Sendable {
        /// The specialist with the most tickets assigned (the heaviest agent page), opened with
        /// `:agent @handle`; nil when the team has no specialist.
        public let busiestSpecialist: String?
        /// The board's main stages, in order (its columns in the first frame).
        public let boardStages: [String]
    }

    public static func terminalBenchInputs(atPath path: String) throws -> TerminalBenchInputs {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            let agent = try String.fetchOne(db, sql: """
                SELECT m.handle FROM member m WHERE m.role = 'specialist' AND m.deleted = 0
                ORDER BY (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = m.id) DESC, m.handle LIMIT 1
                """)
            return TerminalBenchInputs(busiestSpecialist: agent, boardStages: try loadSettings(db).stages.map(\.name))
        }
    }
}
