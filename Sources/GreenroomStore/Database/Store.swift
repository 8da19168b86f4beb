import CMemory
import Foundation
import GRDB
import GreenroomCore
import Synchronization

/// The local database: the only code in Greenroom that speaks SQL.
///
/// Opening is careful, because a user's data is at stake:
/// 1. an existing file is first inspected read-only; a file that is not SQLite, a database
///    from another program, or one written by a newer Greenroom is refused with a one-line
///    reason and never modified;
/// 2. a new file is created with mode 0600 (SQLite gives its `-wal` and `-shm` files the
///    same mode);
/// 3. the pool runs in WAL mode with `synchronous=FULL` and a 5 s busy timeout, then applies
///    pending migrations.
public final class Store: Sendable {
    public let path: String
    /// This database's device id (DESIGN.md §6); a copied file takes a new one
    /// (`DeviceIdentity.swift`).
    public var deviceID: String { hlc.withLock { $0.device } }
    let pool: DatabasePool
    let wallClock: WallClock
    let hlc: Mutex<HybridLogicalClock>
    let counts: CountCache
    /// Said once (`takeOpenNotice`), when opening found this file to be a copy of another
    /// laptop's database and gave it a new device id (`DeviceIdentity.swift`).
    private let openNotice: Mutex<String?>

    /// How long a write waits for another process's lock before giving up.
    public static let busyTimeout: TimeInterval = 5
    /// When this process first opened a store (GREENROOM_PROFILE_SQL's times count from it).
    static let profileEpoch: UInt64 = DispatchTime.now().uptimeNanoseconds

    private init(path: String, pool: DatabasePool, deviceID: String, clock: WallClock, latest: HLC?, openNotice: String? = nil) {
        self.openNotice = Mutex(openNotice)
        self.path = path
        self.pool = pool
        self.wallClock = clock
        self.hlc = Mutex(HybridLogicalClock(device: deviceID, latest: latest))
        self.counts = CountCache(path: path)
    }

    /// Opens (creating when allowed) the database at `path` and brings its schema up to date.
    /// `upgrading` hears, before the work starts, which migrations an existing database is
    /// about to get (building a search index over a million tickets takes half a minute, and
    /// a user should not stare at nothing meanwhile).
    public static func open(at path: String, clock: WallClock = .system, createIfMissing: Bool = true,
                            upgrading: ((_ migrations: [String]) -> Void)? = nil) throws -> Store {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw GreenroomError.database("\(path) is a directory, not a database file")
        }
        if exists {
            try preflight(path: path)
        } else {
            try refuseOrphanedJournal(path)
            guard createIfMissing else {
                throw GreenroomError.database("no database at \(path)")
            }
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && !fm.fileExists(atPath: parent) {
                throw GreenroomError.database("cannot create \(path): directory \(parent) does not exist")
            }
            try createPrivateFile(at: path)
        }
        do {
            var config = Configuration()
            config.busyMode = .timeout(busyTimeout)
            config.foreignKeysEnabled = false
            let profile = ProcessInfo.processInfo.environment["GREENROOM_PROFILE_SQL"].map { FileHandle(forWritingAtPath: $0) } ?? nil
            _ = Store.profileEpoch
            // GREENROOM_PROFILE_SQL_VALUES=1 writes each statement with its arguments in place
            // (values from the database in a developer's file: never on by default).
            let values = profile != nil && ProcessInfo.processInfo.environment["GREENROOM_PROFILE_SQL_VALUES"] == "1"
            if values { config.publicStatementArguments = true }
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // A developer's view of what each statement costs: GREENROOM_PROFILE_SQL=FILE
                // appends every statement to FILE with when it ended (ms since the first store
                // was opened, so a first frame's statements can be told from later ones), its
                // connection (so two lanes can be told apart) and its duration (GRDB's profile
                // trace).
                if let profile {
                    let connection = db.description
                    db.trace(options: .profile) { event in
                        let at = Double(DispatchTime.now().uptimeNanoseconds - Store.profileEpoch) / 1e6
                        let text = values ? event.expandedDescription : event.description
                        profile.write(Data((String(format: "%8.1f ms  ", at) + "[\(connection)] " + text + "\n").utf8))
                    }
                }
            }
            let pool = try DatabasePool(path: path, configuration: config)
            let migrator = Schema.migrator()
            if exists, let upgrading {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                let pending = Schema.migrationIdentifiers.filter { !applied.contains($0) }
                if !applied.isEmpty && !pending.isEmpty { upgrading(pending) }
            }
            try migrator.migrate(pool)
            var notice: String?
            let (device, latest) = try pool.write { db -> (String, HLC?) in
                if let device = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'device_id'") {
                    let latest = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'").flatMap(HLC.init(encoded:))
                    // A copied file writes as a device of its own from its first write on.
                    guard let settled = try settleIdentity(db, path: path, device: device) else { return (device, latest) }
                    notice = "\(path) is a copy of the database of device \(device); it now writes as device \(settled) (its data and waiting changes are kept)"
                    return (settled, latest)
                }
                let device = DeviceID.make()
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('device_id', ?), ('created_at', ?)",
                               arguments: [device, Time.iso(clock.now())])
                _ = try settleIdentity(db, path: path, device: device)
                try seedDefaults(db, clock: clock, device: device)
                return (device, nil)
            }
            return Store(path: path, pool: pool, deviceID: device, clock: clock, latest: latest, openNotice: notice)
        } catch let error as GreenroomError {
            throw error
        } catch {
            throw describe(error, path: path)
        }
    }

    /// A `-wal` or `-shm` file without its database is what is left of a deleted database.
    /// SQLite would replay that log into a new file of the same name and corrupt it, so
    /// Greenroom stops and says so rather than deleting someone's files.
    static func refuseOrphanedJournal(_ path: String) throws {
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            throw GreenroomError.database("\(path)\(suffix) exists but \(path) does not: it is left over from a deleted database; move it away (or restore \(path)) and try again")
        }
    }

    /// Inspects an existing file without changing it.
    static func preflight(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw GreenroomError.database("cannot read \(path): permission denied")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
            return // an empty file is a new database
        }
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(busyTimeout)
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if tables.isEmpty { return }
                guard tables.contains("grdb_migrations"), tables.contains("meta") else {
                    throw GreenroomError.database("\(path) is an SQLite database but not a Greenroom one; refusing to touch it")
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = applied.filter { !Schema.migrationIdentifiers.contains($0) }
                if !unknown.isEmpty {
                    throw GreenroomError.database("\(path) was written by a newer Greenroom (schema \(unknown.joined(separator: ", "))); this build knows up to \(Schema.migrationIdentifiers.last!). Upgrade Greenroom to open it; the file was not changed")
                }
            }
        } catch let error as GreenroomError {
            throw error
        } catch {
            throw describe(error, path: path)
        }
    }

    /// Turns SQLite failures into one-line reasons a user can act on.
    static func describe(_ error: Error, path: String) -> GreenroomError {
        guard let dbError = error as? DatabaseError else {
            return .database("\(path): \(error)")
        }
        switch dbError.resultCode {
        case .SQLITE_NOTADB:
            return .database("\(path) is not a database (not SQLite, or its header is damaged); the file was not changed")
        case .SQLITE_CORRUPT:
            return .database("\(path) is corrupt (\(dbError.message ?? "malformed")); restore a backup or run `greenroom doctor`")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .database("\(path) is locked by another process; close it and try again")
        case .SQLITE_READONLY:
            return .database("\(path) is read-only; check its permissions")
        case .SQLITE_CANTOPEN:
            return .database("cannot open \(path) (missing directory or no permission)")
        case .SQLITE_FULL:
            return .database("disk full while writing \(path); nothing was changed")
        case .SQLITE_IOERR:
            return .database("I/O error on \(path): \(dbError.message ?? "")")
        default:
            return .database("\(path): \(dbError.message ?? "\(dbError.resultCode)")")
        }
    }

    /// Creates an empty file readable and writable by its owner only.
    static func createPrivateFile(at path: String) throws {
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw GreenroomError.database("cannot create \(path): \(reason)")
        }
        try? FileHandle(fileDescriptor: fd, closeOnDealloc: true).close()
    }

    /// Runs `body` in a write transaction, mapping SQLite errors to readable ones.
    ///
    /// `touching`, when given, names (inside the transaction, before `body`) the creators
    /// the write changes, so cached creator counts are adjusted instead of recounted (see
    /// `CountCache`); nil from it, or no closure, invalidates every cached count.
    func write<T>(touching: ((Database) throws -> Set<String>?)? = nil, _ body: (Database) throws -> T) throws -> T {
        var adjusted = false
        defer { if !adjusted { counts.invalidate() } }
        do {
            guard let touching else { return try pool.write(body) }
            return try pool.writeWithoutTransaction { db in
                var result: T?
                var entries: [(String, CountCache.Entry)] = []
                try db.inTransaction(.immediate) {
                    let adjustment = try touching(db).flatMap { try counts.beginAdjustment(ids: $0, db) }
                    result = try body(db)
                    if let adjustment { entries = try counts.measure(adjustment, db) }
                    return .commit
                }
                counts.invalidate()
                adjusted = true
                counts.finish(entries)
                return result!
            }
        } catch let error as GreenroomError {
            throw error
        } catch {
            throw Store.describe(error, path: path)
        }
    }

    /// Runs `body` on a read snapshot. With `cancellation`, `cancel()` from another thread
    /// stops the statement running on this read's connection (`sqlite3_interrupt`) and the
    /// read throws `CancellationError`: a search superseded by the next key stops at once and
    /// gives its reader back to the pool.
    func read<T>(cancellation: ReadCancellation? = nil, _ body: (Database) throws -> T) throws -> T {
        do {
            guard let cancellation else { return try pool.read(body) }
            return try pool.read { db in
                guard cancellation.attach(db.sqliteConnection) else { throw CancellationError() }
                defer { cancellation.detach() }
                return try body(db)
            }
        } catch let error as GreenroomError {
            throw error
        } catch {
            if cancellation?.isCancelled == true { throw CancellationError() }
            throw Store.describe(error, path: path)
        }
    }

    /// The schema migrations applied to this database.
    public func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    /// Runs `body` on the writer connection outside any transaction, for work that sets
    /// connection pragmas around its own transaction; `body` must leave no transaction open.
    func writeOutsideTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        defer { counts.invalidate() }
        do {
            return try pool.writeWithoutTransaction(body)
        } catch let error as GreenroomError {
            throw error
        } catch {
            throw Store.describe(error, path: path)
        }
    }

    /// `PRAGMA integrity_check`: "ok" or the problems SQLite found.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    public func journalMode() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func synchronousMode() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public var now: Millis { wallClock.now() }

    /// What opening had to say (a copied database taking a new device id), once.
    public func takeOpenNotice() -> String? {
        openNotice.withLock { notice in
            defer { notice = nil }
            return notice
        }
    }

    public func close() throws {
        try pool.close()
    }
}

extension Store {
    /// How long a passed `PRAGMA quick_check` vouches for the file before a sync or an
    /// import checks it again.
    public static let quickCheckMaxAge: Millis = 24 * Time.hour

    /// Refuses to go on writing into a damaged database (issue 19): before a sync (and an
    /// import) writes, SQLite's `quick_check` must pass. The check reads the whole file —
    /// measured 4.4 s warm and 28 s cold on a 4.8 GB database of 100k creators, 1M tickets
    /// and 2M sessions — so a pass is remembered (`meta.quick_check_ok`: when, for which
    /// file) and vouches for a day; a copied or restored file is checked again at once.
    /// Throws the one-line "is corrupt" reason opening uses; nothing is written then.
    public func verifyIntegrityBeforeWriting() throws {
        let identity = Store.fileIdentity(path) ?? "?"
        let now = self.now
        let recorded = try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'quick_check_ok'") }
        if let recorded, let bar = recorded.firstIndex(of: "|"), recorded[recorded.index(after: bar)...] == identity,
           let at = Millis(recorded[..<bar]), at <= now, now - at < Store.quickCheckMaxAge {
            return
        }
        let problems = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        guard problems == ["ok"] else {
            let lines = problems.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** in database") }
            throw GreenroomError.database("\(path) is corrupt (quick_check: \(TerminalText.sanitize(lines.prefix(2).joined(separator: "; ")))); restore a backup or run `greenroom doctor`; nothing was written")
        }
        try write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('quick_check_ok', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: ["\(now)|\(identity)"])
        }
    }
}

extension Store {
    /// SQLite's `PRAGMA data_version` on the writing connection: it changes when another
    /// connection — another process (a CLI import, a sync, a second window) — commits, and
    /// never for this store's own writes. Cheap (no lock); call it when no write of ours is
    /// in flight, since it waits for the writing connection.
    public func externalDataVersion() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}

extension Store {
    /// Returns the allocator's free pages to the operating system (see CMemory.h): called
    /// after a sync frees a batch of parsed operations.
    public static func returnFreeMemory() {
        greenroom_return_free_memory()
    }
}
