import CSV
import Foundation
import GRDB
import GreenroomCore

extension Store {
    public enum ExportFormat: String, CaseIterable, Sendable {
        case csv, json
    }

    /// Writes the data to `directory`, each file written under a temporary name and renamed
    /// when complete. Rows are streamed, so exports of millions of rows use little memory.
    ///
    /// - CSV: `creators.csv`, `live_sessions.csv`, `tickets.csv` with the column names
    ///   `greenroom import` reads back, in a stable order (handle, start, key).
    /// - JSON: a snapshot (see `exportSnapshot`): one `<entity>.json` per entity, every record
    ///   (tombstones included) with every synced field and its stamps, keys sorted and
    ///   pretty-printed, ordered by id: stable for diffs, and `importSnapshot` restores it.
    /// Returns the files written.
    @discardableResult
    public func export(format: ExportFormat, to directory: String) throws -> [String] {
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
            case .csv: return try exportCSV(db, directory)
            case .json: return try exportJSON(db, directory)
            }
        }
    }

    private func exportCSV(_ db: Database, _ directory: String) throws -> [String] {
        var files: [String] = []
        try writeFile(directory, "creators.csv", &files) { out in
            let writer = try CSVWriter(stream: out)
            try writer.write(row: ["handle", "name", "kind", "market", "language", "network", "owner", "stage", "source", "followers",
                                   "email", "phone", "tags", "notes", "created_at"])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.*, n.name AS network_name, m.handle AS owner_handle,
                       (SELECT IFNULL(group_concat(tag, ';'), '') FROM (SELECT DISTINCT tag FROM creator_tag t WHERE t.creator_id = c.id AND t.deleted = 0 ORDER BY tag)) AS tags
                FROM creator c LEFT JOIN network n ON n.id = c.network_id LEFT JOIN member m ON m.id = c.owner_id
                WHERE c.deleted = 0 ORDER BY c.handle
                """)
            while let r = try rows.next() {
                let fields: [String] = ["handle", "display_name", "kind", "market", "language", "network_name", "owner_handle", "stage",
                                        "source", "followers", "email", "phone", "tags", "notes"].map { text(r, $0) }
                try writer.write(row: fields + [Time.iso(r["created_at"])])
            }
            try out.write(Data("\n".utf8))
        }
        try writeFile(directory, "live_sessions.csv", &files) { out in
            let writer = try CSVWriter(stream: out)
            try writer.write(row: ["handle", "started_at", "minutes", "peak_viewers", "viewer_minutes", "gifts"])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.handle, s.started_at, s.minutes, s.peak_viewers, s.viewer_minutes, s.gifts
                FROM live_session s JOIN creator c ON c.id = s.creator_id
                ORDER BY c.handle, s.started_at, s.id
                """)
            while let r = try rows.next() {
                let numbers: [String] = ["minutes", "peak_viewers", "viewer_minutes", "gifts"].map { text(r, $0) }
                try writer.write(row: [text(r, "handle"), Time.iso(r["started_at"])] + numbers)
            }
            try out.write(Data("\n".utf8))
        }
        try writeFile(directory, "tickets.csv", &files) { out in
            let writer = try CSVWriter(stream: out)
            try writer.write(row: ["key", "subject", "requester", "network", "channel", "category", "priority", "status", "tier",
                                   "assignee", "csat", "created_at"])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.*, c.handle AS requester, n.name AS network_name, m.handle AS assignee
                FROM ticket t LEFT JOIN creator c ON c.id = t.requester_creator_id
                  LEFT JOIN network n ON n.id = t.requester_network_id LEFT JOIN member m ON m.id = t.assignee_id
                WHERE t.deleted = 0 ORDER BY t.key
                """)
            while let r = try rows.next() {
                let fields: [String] = ["key", "subject", "requester", "network_name", "channel", "category", "priority", "status", "tier",
                                        "assignee", "csat"].map { text(r, $0) }
                try writer.write(row: fields + [Time.iso(r["created_at"])])
            }
            try out.write(Data("\n".utf8))
        }
        return files
    }

    private func exportJSON(_ db: Database, _ directory: String) throws -> [String] {
        try exportSnapshot(db, directory) // Sync/Snapshot.swift
    }

    /// A column as text: numbers in decimal, NULL as empty.
    private func text(_ row: Row, _ column: String) -> String {
        let value: DatabaseValue = row[column]
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let b): return b.base64EncodedString()
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
