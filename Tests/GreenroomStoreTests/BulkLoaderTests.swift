import Foundation
import GRDB
import Testing
@testable import GreenroomStore

/// The demo's two-thread loader: rows land in the order they were made, every value intact,
/// and a failed insert reaches the generating thread with SQLite's reason.
struct BulkLoaderTests {
    func database() throws -> (TempDir, DatabaseQueue) {
        let dir = TempDir()
        let queue = try DatabaseQueue(path: dir.file("bulk.sqlite"))
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE a (id TEXT PRIMARY KEY NOT NULL, n INTEGER, note TEXT);
                CREATE TABLE b (k INTEGER NOT NULL, label TEXT NOT NULL);
                """)
        }
        return (dir, queue)
    }

    /// Many small batches, made ahead of time so the generator outruns the writer and the queue
    /// holds several batches at once (a writer taking them out of order fails this); two
    /// tables interleaved; texts of every shape (empty, multi-byte, long, quotes and control
    /// characters), NULLs and extremes.
    @Test func rowsArriveInOrderWithEveryValueIntact() throws {
        let (dir, queue) = try database()
        try queue.write { db in try db.execute(sql: "CREATE INDEX a_note ON a(note, n); CREATE INDEX a_n ON a(n, note)") }
        let total = 30_000
        func note(_ i: Int) -> String? {
            switch i % 6 {
            case 0: return nil
            case 1: return ""
            case 2: return "Zoë 直播 🎥 \(i)"
            case 3: return String(repeating: "x", count: 300 + i % 50)
            case 4: return "tab\tand\nnewline \"quoted\" '; DROP TABLE a; --"
            default: return "plain \(i)"
            }
        }
        func n(_ i: Int) -> Int64 { i % 7 == 0 ? Int64.min + Int64(i) : (i % 11 == 0 ? Int64.max - Int64(i) : Int64(i) * 1_000_003) }
        let ids = (0..<total).map { String(format: "id-%06d", $0) }
        let notes = (0..<total).map(note)
        var kept: BulkLoader?
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            let loader = BulkLoader(db, batchRows: 16, queued: 8)
            kept = loader
            defer { loader.close() }
            let a = try loader.inserter(table: "a", columns: ["id", "n", "note"])
            let b = try loader.inserter(table: "b", columns: ["k", "label"])
            for i in 0..<total {
                try a.insert(.text(ids[i]), .int(n(i)), .text(notes[i]))
                if i % 3 == 0 { try b.insert(.int(i), .text("b\(i)")) }
                if i == total / 2 {
                    // A query through `drained` sees everything handed over so far (and runs
                    // while the writer waits).
                    #expect(try loader.drained { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM a") } == i + 1)
                    #expect(try loader.drained { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM b") } == i / 3 + 1)
                }
            }
            try loader.drain()
            #expect(a.rows == total && b.rows == (total + 2) / 3)
            try db.execute(sql: "COMMIT")
        }
        // Once closed, the loader holds no statement: the connection closes even while the
        // loader is still referenced (as its finished thread may briefly do).
        try queue.close()
        withExtendedLifetime(kept) {}
        try DatabaseQueue(path: dir.file("bulk.sqlite")).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT rowid, id, n, note FROM a ORDER BY rowid")
            #expect(rows.count == total)
            for (i, row) in rows.enumerated() {
                #expect(row["rowid"] as Int64 == Int64(i + 1))
                #expect(row["id"] as String == String(format: "id-%06d", i))
                #expect(row["n"] as Int64 == n(i))
                #expect(row["note"] as String? == note(i))
                if row["rowid"] as Int64 != Int64(i + 1) || row["note"] as String? != note(i) { break }
            }
            let labels = try String.fetchAll(db, sql: "SELECT label FROM b ORDER BY rowid")
            #expect(labels == stride(from: 0, to: total, by: 3).map { "b\($0)" })
        }
    }

    @Test func aFailedInsertStopsTheLoadAndReachesTheGenerator() throws {
        let (dir, queue) = try database()
        _ = dir
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            let loader = BulkLoader(db, batchRows: 64)
            defer { loader.close() }
            let a = try loader.inserter(table: "a", columns: ["id", "n", "note"])
            var thrown: Error?
            do {
                for i in 0..<20_000 {
                    // Row 9,000 repeats an id: the writer fails there and skips what follows.
                    try a.insert(.text("id-\(i == 9_000 ? 5 : i)"), .int(i), .null)
                }
                try loader.drain()
            } catch {
                thrown = error
            }
            let error = try #require(thrown as? DatabaseError)
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.message?.contains("UNIQUE constraint failed: a.id") == true)
            // Nothing after the failed row was written, and the rows before it all were.
            #expect(try Int.fetchOne(db, sql: "SELECT MAX(n) FROM a") == 8_999)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM a") == 9_000)
            try db.execute(sql: "ROLLBACK")
        }
    }
}
