import Foundation
import GRDB
import GRDBSQLite

/// A value to bind in a bulk insert.
enum BulkValue {
    case int(Int64)
    case text(String)
    case null

    static func int(_ v: Int) -> BulkValue { .int(Int64(v)) }
    static func text(_ v: String?) -> BulkValue { v.map { .text($0) } ?? .null }
    static func int(_ v: Int64?) -> BulkValue { v.map { .int($0) } ?? .null }
    static func int(_ v: Int?) -> BulkValue { v.map { .int(Int64($0)) } ?? .null }
    static func bool(_ v: Bool) -> BulkValue { .int(v ? 1 : 0) }
}

/// Loads millions of generated rows through prepared `INSERT`s on a second thread, so that
/// generating the next rows (Swift) and writing the last ones (SQLite) use both cores.
///
/// The generating thread encodes each row into a byte batch (a tag, then the integer or the
/// UTF-8 bytes of each value); full batches go through a small bounded queue to the writing
/// thread, which binds them straight from the batch (no copies, no Swift strings) and steps
/// the statements in the order the rows were made — the database is the same, row for row and
/// rowid for rowid, as if one thread had written it.
///
/// The connection is used by one thread at a time: the generator touches the database itself
/// (a query) only through `drained`, which first waits until every row handed over is written. The first failed insert stops the writing; the generator sees the error at
/// its next hand-over or drain. It must only be used inside a GRDB write transaction, and
/// `close()` must be called before the transaction ends (it also stops the thread after an
/// error). GRDB's `Statement.execute(arguments:)` stays the right tool for everyday writes.
final class BulkLoader: @unchecked Sendable {
    private struct Target { let statement: Statement; let handle: OpaquePointer; let width: Int }
    private struct Batch {
        var bytes: [UInt8] = []
        var tables: [Int32] = []
    }
    /// Rows per batch, and full batches that may wait for the writer (4 × 4,096 rows ≈ 4 MB).
    private let batchRows: Int
    private let queued: Int
    private static let nullTag: UInt8 = 0, intTag: UInt8 = 1, textTag: UInt8 = 2

    private let db: Database
    /// Appended only while the writer is idle (after a drain); read by the writer.
    private var targets: [Target] = []
    /// The batch the generator is filling.
    private var batch = Batch()
    private let lock = NSCondition()
    private var full: [Batch] = []
    private var spare: [Batch] = []
    private var inFlight = 0
    private var failure: Error?
    private var closing = false
    private var started = false
    private let stopped = DispatchSemaphore(value: 0)

    init(_ db: Database, batchRows: Int = 4096, queued: Int = 4) {
        self.db = db
        self.batchRows = batchRows
        self.queued = queued
        batch.bytes.reserveCapacity(batchRows * 256)
        batch.tables.reserveCapacity(batchRows)
    }

    /// Prepares an insert into `table` (waiting for the rows handed over so far first).
    func inserter(table: String, columns: [String]) throws -> BulkInserter {
        try drain()
        let sql = "INSERT OR FAIL INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        let statement = try db.makeStatement(sql: sql)
        targets.append(Target(statement: statement, handle: statement.sqliteStatement, width: columns.count))
        return BulkInserter(loader: self, target: Int32(targets.count - 1), width: columns.count)
    }

    fileprivate func append(_ target: Int32, _ values: [BulkValue]) throws {
        for value in values {
            switch value {
            case .null:
                batch.bytes.append(Self.nullTag)
            case .int(let v):
                batch.bytes.append(Self.intTag)
                withUnsafeBytes(of: v.littleEndian) { batch.bytes.append(contentsOf: $0) }
            case .text(let s):
                batch.bytes.append(Self.textTag)
                let count = UInt32(s.utf8.count)
                withUnsafeBytes(of: count.littleEndian) { batch.bytes.append(contentsOf: $0) }
                batch.bytes.append(contentsOf: s.utf8)
            }
        }
        batch.tables.append(target)
        if batch.tables.count >= batchRows { try handOver() }
    }

    /// Gives the filled batch to the writer, waiting while the queue is full.
    private func handOver() throws {
        guard !batch.tables.isEmpty else { return }
        startIfNeeded()
        lock.lock()
        defer { lock.unlock() }
        while full.count >= queued && failure == nil { lock.wait() }
        if let failure { throw failure }
        full.append(batch)
        inFlight += 1
        batch = spare.popLast() ?? Batch()
        lock.broadcast()
    }

    /// The connection itself, for a query between inserts: given only once every row handed
    /// over is written, while the writing thread waits for the next batch. The generators
    /// reach the database this way and no other: one query made while the writer stepped an
    /// insert on the same connection (GRDB opens connections for one thread at a time) left
    /// SQLite's page cache with a cycle in its dirty list, and a 100k-creator demo spinning
    /// forever in its index build.
    func drained<T>(_ body: (Database) throws -> T) throws -> T {
        try drain()
        return try body(db)
    }

    /// Waits until every row handed over so far is written; throws the writer's error if one failed.
    func drain() throws {
        try handOver()
        lock.lock()
        defer { lock.unlock() }
        while inFlight > 0 { lock.wait() }
        if let failure { throw failure }
    }

    /// Stops the writing thread and finalizes the statements (so the connection can close at
    /// once, whenever the thread lets go of this object); rows not handed over are dropped
    /// (call `drain()` first to keep them).
    func close() {
        lock.lock()
        closing = true
        lock.broadcast()
        let wait = started
        lock.unlock()
        if wait { stopped.wait() }
        targets = []
    }

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let thread = Thread { [self] in run() }
        thread.name = "greenroom demo writer"
        thread.start()
    }

    private func run() {
        while true {
            lock.lock()
            while full.isEmpty && !closing { lock.wait() }
            if full.isEmpty { lock.unlock(); break }
            var next = full.removeFirst()
            let skip = failure != nil
            lock.unlock()
            let error = skip ? nil : write(next)
            next.bytes.removeAll(keepingCapacity: true)
            next.tables.removeAll(keepingCapacity: true)
            lock.lock()
            if let error, failure == nil { failure = error }
            spare.append(next)
            inFlight -= 1
            lock.broadcast()
            lock.unlock()
        }
        stopped.signal()
    }

    /// Binds and steps every row of `batch`; the bytes stay put until the statement is reset.
    private func write(_ batch: Batch) -> Error? {
        batch.bytes.withUnsafeBytes { raw -> Error? in
            guard let base = raw.baseAddress else { return nil }
            var at = 0
            for t in batch.tables {
                let target = targets[Int(t)]
                let handle = target.handle
                for column in 1...Int32(target.width) {
                    let tag = raw[at]
                    at += 1
                    switch tag {
                    case Self.intTag:
                        sqlite3_bind_int64(handle, column, Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                        at += 8
                    case Self.textTag:
                        let count = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                        at += 4
                        // SQLITE_STATIC (nil): the bytes outlive the step, which copies them into the record.
                        sqlite3_bind_text(handle, column, (base + at).assumingMemoryBound(to: CChar.self), Int32(count), nil)
                        at += count
                    default:
                        sqlite3_bind_null(handle, column)
                    }
                }
                let rc = sqlite3_step(handle)
                sqlite3_reset(handle)
                guard rc == SQLITE_DONE else {
                    return DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
                }
            }
            return nil
        }
    }
}

/// One table's prepared insert in a `BulkLoader`; counts the rows handed to it.
final class BulkInserter {
    private let loader: BulkLoader
    private let target: Int32
    private let width: Int
    private(set) var rows = 0

    fileprivate init(loader: BulkLoader, target: Int32, width: Int) {
        self.loader = loader; self.target = target; self.width = width
    }

    func insert(_ values: BulkValue...) throws {
        precondition(values.count == width, "a bulk insert got \(values.count) values for \(width) columns")
        try loader.append(target, values)
        rows += 1
    }
}
