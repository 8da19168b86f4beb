import Foundation
import GRDB
import GreenroomCore

extension Schema {
    /// v14b-typed-columns (issue 19): every integer field of a synced table — counts, flags,
    /// times — holds an integer (or NULL where the field allows it), enforced by SQLite.
    ///
    /// SQLite stores whatever it is given in a column whose affinity cannot convert it: a
    /// synced `"followers":"not-a-number"` was stored as text, and every read of that creator
    /// then crashed. Field rules now refuse such values at every write (`FieldRules`); this
    /// migration makes the database refuse them too, whoever writes, and repairs what earlier
    /// versions let in:
    /// 1. each value of the wrong type is moved to `damaged_value` (table, row, field, the
    ///    value as it was) and the field set to NULL, or to 0 where it cannot be NULL, so no
    ///    read can fail on it; `greenroom doctor` lists them;
    /// 2. each table gets a `CHECK (typeof(field) = 'integer' …)`, written into its definition
    ///    the way v11-checks rewrote checks (`rewriteTableDefinitions`). Rebuilding the tables
    ///    instead would copy every row and index.
    static func typedColumns(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE damaged_value (
                entity TEXT NOT NULL,
                row_id TEXT NOT NULL,
                field TEXT NOT NULL,
                value TEXT,          -- the value as it was stored, as text
                repaired_to INTEGER, -- what the field holds now (NULL or 0)
                found_at INTEGER NOT NULL,
                PRIMARY KEY (entity, row_id, field)
            ) WITHOUT ROWID;
            """)
        let now = Time.millis(Date())
        var rewritten: [(name: String, sql: String)] = []
        for entity in Entity.allCases where entity != .setting {
            let table = entity.rawValue
            // Tables made by later migrations (programs, v17) write these checks themselves.
            guard try db.tableExists(table) else { continue }
            // Fields added by later migrations (a ticket's snoozed_until, v21) carry their own check.
            let columns = Set(try db.columns(in: table).map(\.name))
            let fields = integerFields(entity).filter { columns.contains($0.0) }
            guard !fields.isEmpty else { continue }
            for (field, nullable) in fields {
                let repaired: DatabaseValue = nullable ? .null : 0.databaseValue
                let bad = try Row.fetchAll(db, sql: "SELECT id, CAST(\(field) AS TEXT) FROM \(table) WHERE NOT (\(check(field, nullable)))")
                for row in bad {
                    try db.execute(sql: "INSERT OR REPLACE INTO damaged_value(entity, row_id, field, value, repaired_to, found_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [table, row[0] as String, field, row[1] as String?, repaired, now])
                    try db.execute(sql: "UPDATE \(table) SET \(field) = ? WHERE id = ?", arguments: [repaired, row[0] as String])
                }
            }
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]),
                  let close = sql.lastIndex(of: ")") else { continue }
            let constraint = ",\n    CHECK (" + fields.map { check($0.0, $0.1) }.joined(separator: " AND ") + ")\n"
            rewritten.append((table, String(sql[..<close]) + constraint + String(sql[close...])))
        }
        try rewriteTableDefinitions(db, rewritten)
    }

    /// The fields of an entity the field rules say hold integers, with whether NULL is allowed.
    static func integerFields(_ entity: Entity) -> [(String, Bool)] {
        FieldRules.rules(of: entity).compactMap { name, rule -> (String, Bool)? in
            switch rule.kind {
            case .int, .flag, .time: return (name, rule.nullable)
            default: return nil
            }
        }.sorted { $0.0 < $1.0 }
    }

    static func check(_ field: String, _ nullable: Bool) -> String {
        nullable ? "(\(field) IS NULL OR typeof(\(field)) = 'integer')" : "typeof(\(field)) = 'integer'"
    }
}
