import Foundation
import GRDB

extension Schema {
    /// v11-checks: every `CHECK (column IN ('a','b',…))` becomes `CHECK (column = 'a' OR
    /// column = 'b' OR …)`.
    ///
    /// Why: SQLite 3.40 evaluates a CHECK's IN list by building a temporary B-tree of the list
    /// on every execution of an INSERT (an ephemeral table opened, filled and closed per row).
    /// That was a third of SQLite's time inserting an activity (measured with Python's sqlite3
    /// on a copy of the schema: 5.8–6.3 µs per insert with the IN list, 3.8–4.1 µs with the OR
    /// chain), and tickets carry five such checks. The two forms accept and refuse exactly the
    /// same values (both compare with the column's affinity; NULL passes both), so stored rows
    /// stay valid and nothing on disk changes but the table definitions.
    ///
    /// How: SQLite's documented procedure for schema changes that do not touch stored data
    /// (https://sqlite.org/lang_altertable.html#otheralter): inside the migration's
    /// transaction, `writable_schema`, rewrite the `CREATE TABLE` text, bump `schema_version`.
    /// Each rewritten table is then read once so that a definition SQLite would not parse
    /// fails the migration (rolling it back) instead of a later open. Rebuilding the tables
    /// instead would copy a million tickets and their indexes on upgrade.
    ///
    /// Tables created by later migrations write their checks as OR chains directly.
    static func rewriteListChecks(_ db: Database) throws {
        var changed: [(name: String, sql: String)] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK (% IN (%' ORDER BY name") {
            let name: String = row[0]
            let sql: String = row[1]
            let rewritten = orChecks(sql)
            if rewritten != sql { changed.append((name, rewritten)) }
        }
        try rewriteTableDefinitions(db, changed)
    }

    /// Replaces tables' `CREATE TABLE` text without touching their rows (SQLite's procedure
    /// for changes that do not alter stored data: `writable_schema`, rewrite, bump
    /// `schema_version`), then reads each table once, so that a definition SQLite would not
    /// parse fails the migration — rolling it back — rather than a later open.
    static func rewriteTableDefinitions(_ db: Database, _ tables: [(name: String, sql: String)]) throws {
        guard !tables.isEmpty else { return }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        do {
            for table in tables {
                try db.execute(sql: "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", arguments: [table.sql, table.name])
            }
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        } catch {
            try? db.execute(sql: "PRAGMA writable_schema = OFF")
            throw error
        }
        for table in tables {
            _ = try Row.fetchOne(db, sql: "SELECT * FROM \(table.name.quotedDatabaseIdentifier) LIMIT 0")
        }
    }

    /// `CHECK (column IN ('a','b'))` → `CHECK (column = 'a' OR column = 'b')` throughout a
    /// `CREATE TABLE` statement. Only lists of plain quoted words are rewritten; anything
    /// else is left as it is.
    static func orChecks(_ sql: String) -> String {
        let pattern = #/CHECK \((?<column>[a-z_][a-z0-9_]*) IN \((?<list>'[a-z0-9_]*'(?:, ?'[a-z0-9_]*')*)\)\)/#
        return sql.replacing(pattern) { match in
            let column = String(match.output.column)
            let values = match.output.list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return "CHECK (" + values.map { "\(column) = \($0)" }.joined(separator: " OR ") + ")"
        }
    }
}
