import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

extension Store {
    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, json
    }

    /// Writes the data to `directory`, each file written under a temporary name and renamed
    /// when complete. Rows are streamed, so exports of millions of rows use little memory.
    ///
    /// - CSV: `creators.csv`, `live_sessions.csv`, `tickets.csv` with the column names
    ///   `greenroom import` reads back, in a stable order (handle, start, key), each with an
    ///   `id` column last, so importing them into a new database keeps every creator, session
    ///   and ticket (and so ticket keys) as they were. Deleted creators, their sessions and
    ///   deleted tickets are left out.
    /// - JSON: a snapshot (see `exportSnapshot`): one `<entity>.json` per entity, every record
    ///   (tombstones included) with every synced field and its stamps, keys sorted and
    ///   pretty-printed, ordered by id: stable for diffs, and `importSnapshot` restores it.
    /// Returns the files written. `progress` hears rows written against the rows to write.
    @discardableResult
    public func export(format: ExportFormat, to directory: String, progress: (@Sendable (ImportProgress) -> Void)? = nil) throws -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw GreenroomError.invalidInput("\(directory) is a file, not a directory") }
        } else {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw GreenroomError.invalidInput("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        return try read { db in
            switch format {
            case .csv: return try exportCSV(db, directory, progress: progress)
            case .json: return try exportSnapshot(db, directory) // Sync/Snapshot.swift
            }
        }
    }

    private func exportCSV(_ db: Database, _ directory: String, progress: (@Sendable (ImportProgress) -> Void)?) throws -> [String] {
        // Sessions are read in creator order, each a look-up in the table: through the
        // default 2,000-page cache most pages were read from the OS again and again (a third
        // of the export was the kernel copying them). 128 MiB for the export, then back.
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -131072")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
        var files: [String] = []
        // For the progress bar only: every session counts (a deleted creator's are skipped
        // later), which saves joining 200k sessions to their creators once more.
        let total = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM creator WHERE deleted = 0) + (SELECT COUNT(*) FROM live_session) + (SELECT COUNT(*) FROM ticket WHERE deleted = 0)
            """) ?? 0
        var done = 0
        func advance() {
            done += 1
            if done % 8192 == 0 { progress?(ImportProgress(phase: .writing, done: done, total: total)) }
        }
        let members = try Dictionary(String.fetchAll(db, sql: "SELECT id || char(31) || handle FROM member").compactMap(Store.pair), uniquingKeysWith: { a, _ in a })
        let networks = try Dictionary(String.fetchAll(db, sql: "SELECT id || char(31) || name FROM network").compactMap(Store.pair), uniquingKeysWith: { a, _ in a })
        // A creator's team by name (a removed team's creators show none, as the app does).
        let teams = try Dictionary(String.fetchAll(db, sql: "SELECT id || char(31) || name FROM team WHERE deleted = 0").compactMap(Store.pair), uniquingKeysWith: { a, _ in a })
        func tags(_ table: String, _ owner: String) throws -> [String: String] {
            var out: [String: String] = [:]
            let s = try db.makeStatement(sql: "SELECT \(owner), tag FROM \(table) WHERE deleted = 0 ORDER BY \(owner), tag")
            try SQLite.readRows(s.sqliteStatement, db) { row in
                let id = SQLite.text(row, 0) ?? "", tag = SQLite.text(row, 1) ?? ""
                // Two laptops can add the same tag to one creator: listed once (as main does since
                // its DISTINCT tags).
                if let list = out[id] {
                    if !list.split(separator: ";").contains(Substring(tag)) { out[id] = list + ";" + tag }
                } else {
                    out[id] = tag
                }
            }
            return out
        }
        let creatorTags = try tags("creator_tag", "creator_id")
        try writeCSV(directory, "creators.csv", &files) { out in
            out.row(["handle", "name", "kind", "market", "language", "network", "owner", "stage", "source", "followers",
                     "email", "phone", "tags", "notes", "created_at", "team", "id"])
            let s = try db.makeStatement(sql: """
                SELECT handle, display_name, kind, market, language, network_id, owner_id, stage, source, followers,
                       email, phone, notes, created_at, id, team_id
                FROM creator WHERE deleted = 0 ORDER BY handle
                """)
            try SQLite.readRows(s.sqliteStatement, db) { r in
                let id = SQLite.text(r, 14) ?? ""
                for i in Int32(0)...4 { out.field(r, i) }
                out.field(SQLite.text(r, 5).flatMap { networks[$0] })
                out.field(SQLite.text(r, 6).flatMap { members[$0] })
                for i in Int32(7)...11 { out.field(r, i) }
                out.field(creatorTags[id])
                out.field(r, 12)
                out.field(FastTime.format(sqlite3_column_int64(r, 13)))
                out.field(SQLite.text(r, 15).flatMap { teams[$0] })
                out.field(id, last: true)
                advance()
            }
        }
        try writeCSV(directory, "live_sessions.csv", &files) { out in
            out.row(["handle", "started_at", "minutes", "peak_viewers", "viewer_minutes", "gifts", "id"])
            let s = try db.makeStatement(sql: """
                SELECT c.handle, s.started_at, s.minutes, s.peak_viewers, s.viewer_minutes, s.gifts, s.id
                FROM creator c JOIN live_session s ON s.creator_id = c.id
                WHERE c.deleted = 0 ORDER BY c.handle, s.started_at, s.id
                """)
            try SQLite.readRows(s.sqliteStatement, db) { r in
                out.field(r, 0)
                out.field(FastTime.format(sqlite3_column_int64(r, 1)))
                for i in Int32(2)...5 { out.field(r, i) }
                out.field(r, 6, last: true)
                advance()
            }
        }
        let ticketTags = try tags("ticket_tag", "ticket_id")
        try writeCSV(directory, "tickets.csv", &files) { out in
            out.row(["key", "subject", "requester", "network", "channel", "category", "priority", "status", "tier",
                     "assignee", "csat", "created_at", "tags", "body", "id"])
            let s = try db.makeStatement(sql: """
                SELECT t.key, t.subject, c.handle, t.requester_network_id, t.channel, t.category, t.priority, t.status, t.tier,
                       t.assignee_id, t.csat, t.created_at, t.body, t.id
                FROM ticket t LEFT JOIN creator c ON c.id = t.requester_creator_id AND c.deleted = 0
                WHERE t.deleted = 0 ORDER BY t.key
                """)
            try SQLite.readRows(s.sqliteStatement, db) { r in
                let id = SQLite.text(r, 13) ?? ""
                for i in Int32(0)...2 { out.field(r, i) }
                out.field(SQLite.text(r, 3).flatMap { networks[$0] })
                for i in Int32(4)...8 { out.field(r, i) }
                out.field(SQLite.text(r, 9).flatMap { members[$0] })
                out.field(r, 10)
                out.field(FastTime.format(sqlite3_column_int64(r, 11)))
                out.field(ticketTags[id])
                out.field(r, 12)
                out.field(id, last: true)
                advance()
            }
        }
        progress?(ImportProgress(phase: .writing, done: total, total: total))
        return files
    }

    /// Rows of every synced entity, tombstones included (what a JSON snapshot holds).
    public func rowCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for entity in Entity.allCases { counts[entity.rawValue] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(entity.rawValue)") ?? 0 }
            return counts
        }
    }

    /// `id<US>value` → (id, value).
    private static func pair(_ text: String) -> (String, String)? {
        guard let split = text.firstIndex(of: "\u{1F}") else { return nil }
        return (String(text[..<split]), String(text[text.index(after: split)...]))
    }

    /// Streams a CSV file under a temporary name, then renames it into place.
    private func writeCSV(_ directory: String, _ name: String, _ files: inout [String], _ body: (inout CSVBuffer) throws -> Void) throws {
        try writeFile(directory, name, &files) { out in
            var buffer = CSVBuffer(out)
            try body(&buffer)
            try buffer.flush()
            if let error = buffer.error { throw error }
        }
    }

    /// Streams a file under a temporary name, then renames it into place.
    func writeFile(_ directory: String, _ name: String, _ files: inout [String], _ body: (OutputStream) throws -> Void) throws {
        let final = (directory as NSString).appendingPathComponent(name)
        let temp = (directory as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
        guard let out = OutputStream(toFileAtPath: temp, append: false) else {
            throw GreenroomError.invalidInput("cannot write \(temp)")
        }
        out.open()
        do {
            try body(out)
            out.close()
            if FileManager.default.fileExists(atPath: final) { try FileManager.default.removeItem(atPath: final) }
            try FileManager.default.moveItem(atPath: temp, toPath: final)
        } catch {
            out.close()
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        files.append(final)
    }
}

/// RFC 4180 rows written into a 1 MiB buffer that goes to the file in one call when full:
/// the previous export handed every field to the stream on its own, a system call each
/// (44.9 s for 300k rows, two thirds of it in the kernel). A value is quoted when it holds
/// a comma, a quote or a line break, with its quotes doubled — what `StrictCSV` reads back.
struct CSVBuffer {
    private let out: OutputStream
    private var bytes: [UInt8] = []
    private var atRowStart = true
    private(set) var error: Error?
    private static let capacity = 1 << 20

    init(_ out: OutputStream) {
        self.out = out
        bytes.reserveCapacity(CSVBuffer.capacity + 4096)
    }

    mutating func row(_ fields: [String]) {
        for (i, f) in fields.enumerated() { field(f, last: i == fields.count - 1) }
    }

    /// A text value (nil: empty).
    mutating func field(_ text: String?, last: Bool = false) {
        if var text, !text.isEmpty {
            text.withUTF8 { append($0) }
        }
        end(last)
    }

    /// Column `index` of a statement's current row: integers in decimal, NULL empty.
    mutating func field(_ statement: OpaquePointer, _ index: Int32, last: Bool = false) {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: break
        case SQLITE_INTEGER:
            var text = String(sqlite3_column_int64(statement, index))
            text.withUTF8 { bytes.append(contentsOf: $0) }
        default:
            if let text = sqlite3_column_text(statement, index) {
                append(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))))
            }
        }
        end(last)
    }

    private mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { bytes.append(contentsOf: utf8); return }
        bytes.append(UInt8(ascii: "\""))
        for b in utf8 {
            if b == UInt8(ascii: "\"") { bytes.append(b) }
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func end(_ last: Bool) {
        bytes.append(last ? 0x0A : UInt8(ascii: ","))
        if last && bytes.count >= CSVBuffer.capacity { try? flush() }
    }

    mutating func flush() throws {
        guard error == nil, !bytes.isEmpty else { return }
        do {
            try out.write(Data(bytes))
        } catch {
            self.error = error
            throw error
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

extension OutputStream {
    func write(_ data: Data) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var p = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var left = buffer.count
            while left > 0 {
                let n = write(p, maxLength: left)
                if n <= 0 { throw streamError ?? GreenroomError.invalidInput("write failed") }
                p += n
                left -= n
            }
        }
    }
}
