import Foundation
import GRDB
import GreenroomCore

/// `greenroom demo`: the demo database built off to the side and moved into place; the rows
/// come from `DemoGenerator`.
extension Store {
    /// The device id stamped on demo rows, identical everywhere so that laptops generating
    /// the same seed start from identical data.
    static let demoDevice = "00000000000000de"

    /// Writes a realistic, deterministic demo database at `path`, which must not exist yet.
    ///
    /// The data is built in a private temporary file next to `path`, without fsyncs, since
    /// nobody can see the file until it is complete. Rows are generated on this thread and
    /// written by two others (`BulkLoader`): the ticket events, over half the rows, go to a
    /// second private file by their own connection while everything else goes to the first,
    /// and are then copied over in one statement — the two writers keep both cores busy
    /// (100k creators / 1M tickets: 52–59 s → 37–38 s of rows plus a 10 s copy). The result is
    /// the same database, row for row and rowid for rowid, as one writer makes.
    /// Secondary indexes are created after the rows (much faster than maintaining them row by
    /// row), and CHECK constraints are not evaluated row by row during the load (they cost
    /// about a third of the load time; the generator only writes values from the closed
    /// vocabularies, which `DemoTests` verifies). Then statistics are gathered with `ANALYZE`,
    /// the file is switched to WAL, fsynced and only then renamed into place. An interrupted
    /// run never leaves a half-written database under `path`.
    public static func generateDemo(at path: String, options: DemoOptions, clock: WallClock,
                                    progress: (@Sendable (Int) -> Void)? = nil) throws -> DemoReport {
        try options.validate()
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            throw GreenroomError.invalidInput("\(path) already exists; demo writes a new database (choose another path or remove it)")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !fm.fileExists(atPath: parent) {
            throw GreenroomError.invalidInput("cannot create \(path): directory \(parent) does not exist")
        }
        try refuseOrphanedJournal(path)
        let temp = path + ".demo-tmp-\(getpid())"
        // Ticket events (the biggest table) are written by a second writer into a file of their
        // own, then copied in one statement (see below).
        let eventsTemp = temp + "-events"
        func remove(_ file: String) {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: file + suffix) }
        }
        func removeTemporaries() { remove(temp); remove(eventsTemp) }
        removeTemporaries()
        try createPrivateFile(at: temp)
        try createPrivateFile(at: eventsTemp)
        let started = Date()
        do {
            var config = Configuration()
            config.prepareDatabase { db in
                // No memory map: at 1M tickets it made no measurable difference (SQLite maps at
                // most 2 GB of the 5 GB file) and every mapped page counts in the process's RSS.
                try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = FILE; PRAGMA ignore_check_constraints = ON")
            }
            let queue = try DatabaseQueue(path: temp, configuration: config)
            let eventsQueue = try DatabaseQueue(path: eventsTemp, configuration: config)
            var phases: [(name: String, seconds: Double)] = []
            var mark = Date()
            func phase(_ name: String) {
                phases.append((name, Date().timeIntervalSince(mark)))
                mark = Date()
            }
            // Indexes whose keys arrive in order (rows are generated in time order) stay and
            // grow by appending; the other indexes and the search triggers are dropped, in
            // their own transaction, and rebuilt once the rows are in. The events file gets
            // the same schema and the same drops, so its table matches the main one exactly.
            let appendOrdered = ["ticket_event_ticket", "ticket_created", "live_session_started"]
            var indexes: [(String, String)] = []
            for q in [queue, eventsQueue] {
                try Schema.migrator().migrate(q)
                indexes = try q.write { db in
                    let all = try Row.fetchAll(db, sql: """
                        SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
                          AND tbl_name NOT IN ('meta', 'setting', 'field_stamp', 'outbox', 'grdb_migrations', 'creator_stats')
                        ORDER BY type
                        """).map { ($0["type"] as String, $0["name"] as String, $0["sql"] as String) }.filter { !appendOrdered.contains($0.1) }
                    for (type, name, _) in all { try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name)") }
                    return all.map { ($0.1, $0.2) }
                }
            }
            let counts = try queue.writeWithoutTransaction { db -> [String: Int] in
                try db.execute(sql: "ATTACH DATABASE ? AS demo_events", arguments: [eventsTemp])
                var counts: [String: Int] = [:]
                // Each transaction rolls back if anything in it fails (the files are then removed).
                try db.inTransaction(.deferred) {
                    try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('device_id', ?), ('created_at', ?)",
                                   arguments: [DeviceID.make(), Time.iso(clock.now())])
                    try seedDefaults(db, clock: clock, device: demoDevice)
                    try eventsQueue.writeWithoutTransaction { eventsDB in
                        try eventsDB.inTransaction(.deferred) {
                            var generator = DemoGenerator(options: options, now: clock.now(), progress: progress)
                            counts = try generator.write(db, events: eventsDB)
                            return .commit
                        }
                    }
                    try eventsQueue.close()
                    phase("rows")
                    // Both tables are empty and alike, so SQLite copies the rows and the index
                    // entries as they are, in order, without re-sorting or re-encoding them (its
                    // transfer optimization) — several times faster than inserting them again.
                    try db.execute(sql: "INSERT INTO ticket_event SELECT * FROM demo_events.ticket_event")
                    phase("event copy")
                    // Index builds sort every key: in runs of a few megabytes, sorted by a second
                    // thread while this one reads the table, then merged from temporary files — about
                    // twice as fast as one in-memory sort of the whole index (whose list outgrows the
                    // CPU caches). The big page cache only helps the inserts and the search build.
                    try db.execute(sql: "PRAGMA threads = 2; PRAGMA cache_size = -2000")
                    for (_, sql) in indexes { try db.execute(sql: sql) }
                    try db.execute(sql: "PRAGMA threads = 0; PRAGMA cache_size = -200000")
                    phase("indexes")
                    // Derived data the triggers would have kept: search text and roster statistics.
                    try db.execute(sql: "INSERT INTO creator_fts(rowid, handle, display_name, tags, notes) " + Schema.ftsRowSelect + " WHERE c.deleted = 0")
                    phase("creator search")
                    try Schema.fillTicketSearch(db)
                    phase("ticket search")
                    try refreshCreatorStats(db, now: clock.now())
                    phase("statistics")
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE demo_events")
                try db.execute(sql: "ANALYZE")
                return counts
            }
            remove(eventsTemp)
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                // The file keeps its identity through the rename below, so a copy of it is
                // told apart from it on its first open (`DeviceIdentity.swift`).
                if let identity = fileIdentity(temp) {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('file_identity', ?)", arguments: [identity])
                }
            }
            try queue.close()
            try fsyncFile(temp)
            try refuseOrphanedJournal(path)
            try fm.moveItem(atPath: temp, toPath: path)
            try fsyncFile(parent.isEmpty ? "." : parent)
            phase("commit, analyze, fsync")
            return DemoReport(rowsByTable: counts, seconds: Date().timeIntervalSince(started), phases: phases)
        } catch {
            removeTemporaries()
            if let e = error as? GreenroomError { throw e }
            throw describe(error, path: path)
        }
    }

    static func fsyncFile(_ path: String) throws {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GreenroomError.database("cannot open \(path) to flush it: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        guard fsync(fd) == 0 else { throw GreenroomError.database("fsync \(path) failed: \(String(cString: strerror(errno)))") }
    }
}
