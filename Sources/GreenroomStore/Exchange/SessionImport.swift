import Foundation
import GRDB
import GreenroomCore

extension CreatorPlanner {
    /// Checks a live-sessions file: each row names a creator (already here, or added by this
    /// import), a start and minutes. A session already stored (the same creator and start,
    /// or the same id) is counted as unchanged, so importing an export again adds nothing.
    mutating func addSessions(_ table: CSVTable, file: String, match: ImportColumns.Match) throws {
        try loadCreators()
        let c = match.columns
        var seen = Set<String>()
        var idsByHandle: [String: String?] = [:]
        // Probes through SQLite's C interface (GRDB's arguments cost more than the probe);
        // none at all while the table is empty (a new database).
        let anyStored = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM live_session)") ?? true
        let stored = try db.cachedStatement(sql: "SELECT 1 FROM live_session WHERE creator_id = ? AND started_at = ?")
        let storedID = try db.cachedStatement(sql: "SELECT 1 FROM live_session WHERE id = ?")
        let byRowid = try db.makeStatement(sql: "SELECT id FROM creator WHERE rowid = ?")
        func exists(_ statement: Statement, _ values: [FieldValue]) throws -> Bool {
            let s = SQLite.ready(statement.sqliteStatement)
            for (i, v) in values.enumerated() { SQLite.bind(s, Int32(i + 1), v) }
            return try SQLite.readRow(s, db) { _ in }
        }
        for (index, (line, fields)) in table.records.enumerated() {
            if index % 4096 == 0 { options.progress?(ImportProgress(phase: .checking, done: index, total: table.records.count)) }
            func cell(_ name: String) -> String {
                guard let i = c[name] else { return "" }
                return ImportValues.trim(fields[i])
            }
            var problems: [String] = []
            let rawHandle = cell("handle")
            let handle = ImportValues.handle(rawHandle)
            var creatorID: String?
            var isNew = false
            if rawHandle.isEmpty {
                problems.append("handle is empty")
            } else if let id = added[handle] {
                creatorID = id
                isNew = true
            } else if let cached = idsByHandle[handle] {
                creatorID = cached
            } else {
                if let rowid = rowids[handle] { creatorID = try String.fetchOne(byRowid, arguments: [rowid]) }
                idsByHandle[handle] = creatorID
            }
            if !rawHandle.isEmpty && creatorID == nil {
                problems.append("no creator \(TerminalText.sanitize(handle)) (import the creators file first, or in the same command)")
            }
            let startText = cell("started_at")
            let start = ImportValues.instant(startText, zone: plan.zone)
            if start == nil {
                problems.append("start \"\(TerminalText.sanitize(startText))\" is not a date and time (2026-11-20T19:30:00Z or 2026-11-20 19:30)")
            } else if let s = start, s > now {
                problems.append("start \(TerminalText.sanitize(startText)) is in the future")
            }
            let minutesText = cell("minutes")
            let minutes = ImportValues.minutes(minutesText)
            if minutes == nil { problems.append("minutes \"\(TerminalText.sanitize(minutesText))\" is not a duration (90 or 1:30, at most a day)") }
            var extras: [Int] = [0, 0, 0]
            for (k, column) in ["peak_viewers", "viewer_minutes", "gifts"].enumerated() {
                let v = cell(column)
                guard !v.isEmpty else { continue }
                if let n = ImportValues.count(v) { extras[k] = n } else {
                    problems.append("\(column.replacingOccurrences(of: "_", with: " ")) \"\(TerminalText.sanitize(v))\" is not a number")
                }
            }
            let id = cell("id")
            if !id.isEmpty && !UUIDv7.isValid(id) {
                problems.append("id \"\(TerminalText.sanitize(id))\" is not a Greenroom id (a lowercase UUIDv7; leave the cell empty)")
            }
            guard problems.isEmpty, let creatorID, let start, let minutes else {
                plan.errors.append("\(file):\(line): " + problems.joined(separator: "; "))
                continue
            }
            let key = "\(creatorID)|\(start)"
            var already = seen.contains(key)
            if anyStored && !already && !id.isEmpty { already = try exists(storedID, [.text(id)]) }
            if anyStored && !already && !isNew { already = try exists(stored, [.text(creatorID), .int(start)]) }
            if already {
                plan.sessionsUnchanged += 1
                continue
            }
            seen.insert(key)
            let session = LiveSession(id: id.isEmpty ? UUIDv7.make(millis: start) : id, creatorID: creatorID, startedAt: start,
                                      minutes: minutes, peakViewers: extras[0], viewerMinutes: extras[1], gifts: extras[2])
            // The rules every write obeys (what a peer's sync would refuse).
            if let problem = Store.fieldProblem(session) {
                plan.errors.append("\(file):\(line): \(TerminalText.sanitize(problem))")
                continue
            }
            plan.sessions.append(session)
        }
    }
}
