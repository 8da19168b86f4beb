import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Migration v14b-typed-columns (issue 19): a value of the wrong type that an earlier build
/// let into an integer field is moved aside and the field repaired, so reading the row no
/// longer fails; from then on SQLite itself refuses such values, whoever writes them.
@Suite struct TypedColumnsTests {
    @Test func aTextInAnIntegerFieldIsRepairedAndRefusedFromThenOn() throws {
        let dir = TempDir()
        let path = dir.file("v14.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator().migrate(queue, upTo: "v14-sync-trust")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO meta(key, value) VALUES ('device_id', 'a1b2c3d4e5f60718');
                    INSERT INTO creator(id, handle, display_name, kind, market, language, stage, source, followers, created_at, hlc)
                    VALUES ('0190aaaa-bbbb-7ccc-8ddd-000000000001', '@one', 'One', 'creator', 'US', 'en', 'lead', 'import', 'not-a-number', 'yesterday', 'h1');
                    INSERT INTO creator(id, handle, display_name, kind, market, language, stage, source, followers, created_at, hlc)
                    VALUES ('0190aaaa-bbbb-7ccc-8ddd-000000000002', '@two', 'Two', 'creator', 'US', 'en', 'lead', 'import', 12, 1767225600000, 'h2');
                    INSERT INTO activity(id, creator_id, kind, at, summary, follow_up_due, hlc)
                    VALUES ('0190aaaa-bbbb-7ccc-8ddd-000000000003', '0190aaaa-bbbb-7ccc-8ddd-000000000002', 'note', 1767225600000, 'x', 'soon', 'h3');
                    """)
            }
            try queue.close()
        }
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        // The rows read back (before, decoding the first creator crashed the process).
        let one = try #require(try store.creator(id: "0190aaaa-bbbb-7ccc-8ddd-000000000001"))
        #expect(one.followers == 0 && one.createdAt == 0 && one.handle == "@one")
        #expect(try store.creator(id: "0190aaaa-bbbb-7ccc-8ddd-000000000002")?.followers == 12)
        let damaged = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT entity, field, value, repaired_to FROM damaged_value ORDER BY entity, field").map {
                "\($0[0] as String).\($0[1] as String)=\($0[2] as String)→\(($0[3] as Int?).map(String.init) ?? "null")"
            }
        }
        #expect(damaged == ["activity.follow_up_due=soon→null", "creator.created_at=yesterday→0", "creator.followers=not-a-number→0"])
        #expect(try store.integrityCheck() == ["ok"])
        // SQLite refuses the same values now, on insert and on update.
        #expect(throws: GreenroomError.self) {
            try store.write { db in try db.execute(sql: "UPDATE creator SET followers = 'many' WHERE id = '0190aaaa-bbbb-7ccc-8ddd-000000000002'") }
        }
        #expect(throws: GreenroomError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO live_session(id, creator_id, started_at, minutes, hlc)
                    VALUES ('0190aaaa-bbbb-7ccc-8ddd-000000000009', '0190aaaa-bbbb-7ccc-8ddd-000000000002', 1767225600000, '90min', 'h9')
                    """)
            }
        }
        // A number written as text still converts (SQLite's integer affinity), as before.
        try store.write { db in try db.execute(sql: "UPDATE creator SET followers = '42' WHERE id = '0190aaaa-bbbb-7ccc-8ddd-000000000002'") }
        #expect(try store.creator(id: "0190aaaa-bbbb-7ccc-8ddd-000000000002")?.followers == 42)
    }

    @Test func everySyncedIntegerFieldIsChecked() throws {
        let dir = TempDir()
        let store = try Store.open(at: dir.file("new.sqlite"), clock: .fixed(pinnedNow))
        let definitions = try store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table'").map { ($0[0] as String, $0[1] as String) })
        }
        for entity in Entity.allCases where entity != .setting {
            for (field, _) in Schema.integerFields(entity) {
                #expect(definitions[entity.rawValue]?.contains("typeof(\(field)) = 'integer'") == true, "\(entity.rawValue).\(field)")
            }
        }
        #expect(definitions["creator"]?.contains("typeof(followers) = 'integer'") == true)
    }
}
