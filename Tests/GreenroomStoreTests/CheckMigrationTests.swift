import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct CheckMigrationTests {
    @Test func listChecksBecomeOrChains() {
        #expect(Schema.orChecks("kind TEXT NOT NULL CHECK (kind IN ('note','call','message')),")
            == "kind TEXT NOT NULL CHECK (kind = 'note' OR kind = 'call' OR kind = 'message'),")
        #expect(Schema.orChecks("a CHECK (a IN ('x', 'y')), b CHECK (b IN ('z'))") == "a CHECK (a = 'x' OR a = 'y'), b CHECK (b = 'z')")
        // Lists of anything but plain quoted words stay as they are.
        #expect(Schema.orChecks("tier INTEGER CHECK (tier IN (1,2))") == "tier INTEGER CHECK (tier IN (1,2))")
        #expect(Schema.orChecks("s CHECK (s IN ('it''s','x'))") == "s CHECK (s IN ('it''s','x'))")
        #expect(Schema.orChecks("CHECK (x IN (SELECT y FROM t))") == "CHECK (x IN (SELECT y FROM t))")
    }

    @Test func noTableKeepsAWordListCheck() throws {
        let dir = TempDir()
        let store = try Store.open(at: dir.file("new.sqlite"), clock: .fixed(pinnedNow))
        let definitions = try store.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL") }
        for sql in definitions {
            #expect(sql.firstMatch(of: #/CHECK \(\w+ IN \('/#) == nil, "\(sql)")
        }
        #expect(definitions.contains { $0.contains("CHECK (kind = 'note' OR kind = 'call' OR kind = 'message' OR kind = 'coaching' OR kind = 'workshop')") })
    }

    /// A database made by the previous build, with rows in it, upgrades in place: the rows are
    /// the same, the checks still refuse what they refused, and SQLite finds nothing wrong.
    @Test func upgradingKeepsEveryRowAndEveryRule() throws {
        let dir = TempDir()
        let path = dir.file("v10.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator().migrate(queue, upTo: "v10-conversion")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO creator(id, handle, display_name, kind, market, language, stage, source, followers, created_at, hlc)
                    VALUES ('c1', '@one', 'One', 'creator', 'US', 'en', 'lead', 'import', 10, 1, 'h1');
                    INSERT INTO activity(id, creator_id, kind, at, summary, hlc) VALUES ('a1', 'c1', 'coaching', 2, 'Went well', 'h2');
                    """)
            }
            let before = try queue.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'activity'") }
            #expect(before?.contains("kind IN ('note'") == true)
            try queue.close()
        }
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        #expect(try store.appliedMigrations().contains("v11-checks"))
        let (summary, handle, check) = try store.read { db in
            (try String.fetchOne(db, sql: "SELECT summary FROM activity WHERE id = 'a1' AND kind = 'coaching'"),
             try String.fetchOne(db, sql: "SELECT handle FROM creator WHERE id = 'c1'"),
             try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
        #expect(summary == "Went well")
        #expect(handle == "@one")
        #expect(check == ["ok"])
        // Still refused: a kind outside the list, on insert and on update.
        #expect(throws: GreenroomError.self) {
            try store.write { db in try db.execute(sql: "INSERT INTO activity(id, creator_id, kind, at, summary, hlc) VALUES ('a2', 'c1', 'gossip', 3, 'x', 'h3')") }
        }
        #expect(throws: GreenroomError.self) {
            try store.write { db in try db.execute(sql: "UPDATE creator SET source = 'rumour' WHERE id = 'c1'") }
        }
        // And accepted: every value of the list.
        try store.write { db in
            for (i, kind) in ["note", "call", "message", "coaching", "workshop"].enumerated() {
                try db.execute(sql: "INSERT INTO activity(id, creator_id, kind, at, summary, hlc) VALUES (?, 'c1', ?, 4, 'ok', 'h4')", arguments: ["b\(i)", kind])
            }
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activity") } == 6)
    }
}
