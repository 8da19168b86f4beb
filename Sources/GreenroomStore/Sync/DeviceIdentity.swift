import Foundation
import GRDB
import GreenroomCore

/// Device identity is per database file (DESIGN.md §9, issue 19).
///
/// A laptop is most often set up by copying another's database file. Two files writing as one
/// device would stamp different writes alike and write the same `ops/<id>/` folder, and the
/// copies would drift apart for ever. So:
/// - **On open**, the file's identity (device and inode numbers, `meta.file_identity`) is
///   compared with the one recorded when this database last wrote. A different file — a copy,
///   or a restore from a backup — takes a new device id before it writes anything (the old id
///   is kept in `meta.previous_device_ids`). Every row, stamp and waiting outbox operation
///   stays: operations already stamped with the old id are published under the old id's
///   folder (`Syncer.exportPending`), as the original would publish them.
/// - **At sync**, a segment in this device's own ops folder that this database did not write
///   (`sync_exported`) and that holds an operation it never made means a second database
///   writes as this device — a clone that kept the inode (a disk image, a file-system
///   snapshot). Sync says so and this database takes a new id too (`rekey`).
extension Store {
    /// `st_dev:st_ino` of the database file, or nil when it cannot be read.
    static func fileIdentity(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino)"
    }

    /// Checks the file's identity against the one recorded (inside the open's first write);
    /// returns the new device id when this file is a copy.
    static func settleIdentity(_ db: Database, path: String, device: String) throws -> String? {
        guard let identity = fileIdentity(path) else { return nil }
        let recorded = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'file_identity'")
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('file_identity', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [identity])
        guard let recorded, recorded != identity else { return nil }
        return try takeNewDeviceID(db, replacing: device, reason: "copied file")
    }

    /// Writes a new device id into `meta`, remembering the old one and why.
    static func takeNewDeviceID(_ db: Database, replacing old: String, reason: String) throws -> String {
        let new = DeviceID.make()
        var previous = JSONText.decodeStrings(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'previous_device_ids'") ?? "[]")
        previous.append(old)
        for (key, value) in [("device_id", new), ("previous_device_ids", JSONText.encode(previous)), ("device_changed", "\(old) → \(new) (\(reason))")] {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
        return new
    }

    /// Device ids this database wrote as before it took its current one (oldest first).
    public func previousDeviceIDs() throws -> [String] {
        try read { db in JSONText.decodeStrings(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'previous_device_ids'") ?? "[]") }
    }

    /// Records `id` as a device id this database wrote as before (a rejoin takes a new id
    /// for the same laptop): its files in the folder are this laptop's to retire.
    public func addPreviousDeviceID(_ id: String) throws {
        try write { db in
            var previous = JSONText.decodeStrings(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'previous_device_ids'") ?? "[]")
            guard !previous.contains(id), id != deviceID else { return }
            previous.append(id)
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('previous_device_ids', ?)", arguments: [JSONText.encode(previous)])
        }
    }

    /// The last change of device id, as `old → new (why)`, when there was one.
    public func deviceChange() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'device_changed'") }
    }

    /// Takes a new device id now (a second database was found writing as this one); returns it.
    @discardableResult
    public func rekey(reason: String) throws -> String {
        try write { db in
            let new = try Store.takeNewDeviceID(db, replacing: deviceID, reason: reason)
            hlc.withLock { $0 = HybridLogicalClock(device: new, latest: $0.latest) }
            try persistClock(db)
            return new
        }
    }

    /// Segments this database published into its own ops folders, by path relative to the
    /// sync folder.
    public func exportedSegments() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT path FROM sync_exported")) }
    }

    /// Records segments as this database's own (published by it, or checked to hold only
    /// operations it made). From the first call on, this database tracks what it publishes
    /// (`tracksExports`); before it (a database from before issue 19), every segment in its
    /// own folder is taken as its own.
    /// `ordinal` is a segment's place in this device's sequence (its header's), when it has one.
    public func recordExported(_ paths: [(path: String, hash: String)], ordinal: Int? = nil) throws {
        try write { db in
            for p in paths {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_exported(path, hash, ordinal) VALUES (?, ?, ?)", arguments: [p.path, p.hash, ordinal])
            }
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('sync_exported_tracked', '1')")
        }
    }

    public func tracksExports() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM meta WHERE key = 'sync_exported_tracked'") ?? false }
    }

    /// Whether this database already holds `op` exactly: an insert whose row carries its
    /// stamp (or whose stamp is in the row's fields' history), or a `set` every field of
    /// which is in the history with its stamp.
    public func holds(_ op: SyncOperation) throws -> Bool {
        try read { db in
            if op.entity == .setting {
                return try Bool.fetchOne(db, sql: "SELECT 1 FROM field_write WHERE entity = 'setting' AND row_id = ? AND hlc = ?",
                                         arguments: [op.id, op.stamp]) == true
                    || Bool.fetchOne(db, sql: "SELECT 1 FROM setting WHERE key = ? AND hlc = ?", arguments: [op.id, op.stamp]) == true
            }
            let table = op.entity.rawValue
            if op.kind == .insert, try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ? AND hlc = ?", arguments: [op.id, op.stamp]) == true {
                return true
            }
            for field in op.fieldNames {
                let known = try Bool.fetchOne(db, sql: "SELECT 1 FROM field_write WHERE entity = ? AND row_id = ? AND field = ? AND hlc = ?",
                                              arguments: [table, op.id, field, op.stamp]) == true
                if !known { return false }
            }
            return true
        }
    }
}
