import Foundation
import GRDB
import GreenroomCore

/// An op file as the last sync saw it.
public struct IngestedFile: Sendable, Hashable {
    /// Relative to the sync folder, with `/` separators.
    public var path: String
    public var size: Int64
    public var mtimeNanoseconds: Int64
    /// FNV-1a 64 of the file's bytes, 16 lowercase hex digits.
    public var hash: String
    /// Complete lines read.
    public var lines: Int
    /// False while the last line is cut short (a carrier still copying the file).
    public var complete: Bool
    /// The segment's place in its device's sequence, from its header line (nil for segments
    /// from before format v16, conflict copies and republished segments).
    public var ordinal: Int?

    public init(path: String, size: Int64, mtimeNanoseconds: Int64, hash: String, lines: Int, complete: Bool, ordinal: Int? = nil) {
        self.path = path; self.size = size; self.mtimeNanoseconds = mtimeNanoseconds; self.hash = hash; self.lines = lines; self.complete = complete
        self.ordinal = ordinal
    }
}

extension Store {
    /// Runs `body` with a sync session in one write transaction: everything it applies lands
    /// together or not at all. Derived data is refreshed before the commit.
    public func withSyncSession<T>(_ body: (SyncSession) throws -> T) throws -> T {
        try writeOutsideTransaction { db in
            // A big sync touches more pages than SQLite's default 2,000-page cache holds, and a
            // transaction that outgrows its cache spills pages to the WAL again and again.
            // Statement journals stay in memory: SQLite keeps the pages each statement changes
            // until the statement ends, and once a single statement of a long transaction has
            // outgrown 64 KiB that journal becomes a temporary file written on every later
            // statement (a sync import spent a tenth of its time in those writes). Both are
            // connection settings, set outside the transaction (temp_store cannot change
            // inside one) and put back afterwards.
            // 32 MiB of cache: a first sync of a million operations peaked at ~600 MB with
            // 256 MiB (issue 23 asks ≤ 200 MB); 64 MiB cost ~8% of import speed in one pair of
            // runs (24.0 → 25.9 s), 32 MiB ~13%. With one segment in flight (`Syncer.chunkSize`)
            // 32 and 64 MiB synced 500k operations in the same 13–14 s (three runs each,
            // 2026-12-07), and 32 MiB peaked ~30 MB lower.
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            let temp = try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0
            try db.execute(sql: "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cache); PRAGMA temp_store = \(temp)") }
            var result: T?
            try db.inTransaction(.immediate) {
                let session = try SyncSession(store: self, db: db, now: now)
                result = try body(session)
                try session.finish()
                return .commit
            }
            return result!
        }
    }
}
