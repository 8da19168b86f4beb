import Foundation
import GRDB
import GreenroomCore

/// A database as a new laptop can start from (issue 27): the team's data as this laptop has
/// it, and which op files that data covers, so a new laptop reads only what came after.
///
/// It is an SQLite file (`VACUUM INTO`, a page copy: far faster to make and to start from
/// than replaying the operations or a JSON export) with this laptop's own bookkeeping taken
/// out — its device id, its outbox (those operations are in the data and will be
/// published as usual), its record of files read and published, its team keys — and
/// everything a replica needs to behave exactly as one that replayed the log kept in: the
/// field histories and conflict decisions (the same open conflicts, now and later), the
/// quarantine, operations waiting for their rows, held deletes. `snapshot_cover` lists the
/// op files it covers, by path and content hash. Its clock (`meta.hlc`) stays, so the new
/// laptop's first write is stamped after everything it starts with.
extension Store {
    /// Writes a snapshot of this database to `path` (which must not exist), covering `files`
    /// (path → hash: the op files whose every operation is in the data).
    public func writeFolderSnapshot(to path: String, covering files: [String: CoveredFile]) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw GreenroomError.invalidInput("\(path) exists") }
        try writeOutsideTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            try db.execute(sql: """
                DELETE FROM outbox; DELETE FROM sync_ingested; DELETE FROM sync_exported; DELETE FROM damaged_value;
                DELETE FROM meta WHERE key IN ('device_id', 'file_identity', 'last_sync_at', 'previous_device_ids', 'device_changed',
                    'quick_check_ok', 'sync_team_keys', 'sync_team_key_current', 'sync_exported_tracked');
                CREATE TABLE snapshot_cover (path TEXT PRIMARY KEY NOT NULL, hash TEXT NOT NULL, ordinal INTEGER) WITHOUT ROWID;
                """)
            let insert = try db.makeStatement(sql: "INSERT INTO snapshot_cover(path, hash, ordinal) VALUES (?, ?, ?)")
            for (file, covered) in files.sorted(by: { $0.key < $1.key }) { try insert.execute(arguments: [file, covered.hash, covered.ordinal]) }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('snapshot_made_by', ?), ('snapshot_made_at', ?)",
                           arguments: [deviceID, Time.iso(now)])
        }
    }

    /// An op file a snapshot covers: its content hash, and its place in its device's
    /// sequence when numbered.
    public struct CoveredFile: Sendable, Hashable {
        public var hash: String
        public var ordinal: Int?
    }

    /// The op files this database's data covers: those it read completely (or started
    /// from: a joined database's record includes what its snapshot covered, pruned or not),
    /// and those it published.
    public func coveredOpFiles() throws -> [String: CoveredFile] {
        try read { db in
            var files: [String: CoveredFile] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, hash, ordinal FROM sync_ingested WHERE complete = 1") {
                files[row[0]] = CoveredFile(hash: row[1], ordinal: row[2])
            }
            for row in try Row.fetchAll(db, sql: "SELECT path, hash, ordinal FROM sync_exported") { files[row[0]] = CoveredFile(hash: row[1], ordinal: row[2]) }
            return files
        }
    }

    /// Starts the database at `path` from a snapshot: `prepared` is the snapshot's file,
    /// already copied (or unsealed) next to `path`, which this turns into a database of its
    /// own — its own device id (given on open), the op files the snapshot covers recorded as
    /// read when the folder holds them unchanged (`current`: path → size, mtime, hash as found
    /// now) — and moves into place. `path` must not exist. Returns the store.
    public static func join(prepared: String, at path: String, current: [String: (size: Int64, mtime: Int64, hash: String)],
                            clock: WallClock = .system) throws -> Store {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw GreenroomError.invalidInput("\(path) exists; a laptop joins from a snapshot into a new database (give --db a new file)")
        }
        do {
            let queue = try DatabaseQueue(path: prepared)
            try queue.write { db in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE name = 'snapshot_cover'") == true else {
                    throw GreenroomError.invalidInput("not a Greenroom snapshot")
                }
                // A snapshot from a newer schema is not started from (format versions, issue 27).
                let unknown = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").filter { !Schema.migrationIdentifiers.contains($0) }
                guard unknown.isEmpty else {
                    throw GreenroomError.invalidInput("the snapshot was made by a newer Greenroom (schema \(unknown.joined(separator: ", "))); upgrade Greenroom to join from it, or sync without a snapshot")
                }
                // Snapshots from before v16 have no ordinals.
                let numbered = try Row.fetchAll(db, sql: "PRAGMA table_info(snapshot_cover)").contains { ($0["name"] as String?) == "ordinal" }
                for row in try Row.fetchAll(db, sql: "SELECT path, hash, \(numbered ? "ordinal" : "NULL") FROM snapshot_cover") {
                    let file: String = row[0], hash: String = row[1], ordinal: Int? = row[2]
                    if let now = current[file] {
                        guard now.hash == hash else { continue } // changed: read it
                        try db.execute(sql: "INSERT OR REPLACE INTO sync_ingested(path, size, mtime_ns, hash, lines, complete, ordinal) VALUES (?, ?, ?, ?, 0, 1, ?)",
                                       arguments: [file, now.size, now.mtime, hash, ordinal])
                    } else if ordinal != nil {
                        // Gone from the folder (pruned, or not arrived yet): its operations are in
                        // the data, and the record keeps this laptop's frontier whole. Size -1
                        // never matches a real file, so one that does arrive is read (harmlessly).
                        try db.execute(sql: "INSERT OR REPLACE INTO sync_ingested(path, size, mtime_ns, hash, lines, complete, ordinal) VALUES (?, -1, 0, ?, 0, 1, ?)",
                                       arguments: [file, hash, ordinal])
                    }
                }
                try db.execute(sql: "DROP TABLE snapshot_cover; DELETE FROM meta WHERE key IN ('snapshot_made_by', 'snapshot_made_at', 'created_at')")
            }
            try queue.close()
            chmod(prepared, 0o600)
            guard rename(prepared, path) == 0 else { throw GreenroomError.invalidInput("cannot move the joined database to \(path): \(String(cString: strerror(errno)))") }
        } catch {
            try? FileManager.default.removeItem(atPath: prepared)
            if let e = error as? GreenroomError { throw e }
            throw describe(error, path: path)
        }
        return try open(at: path, clock: clock)
    }
}
