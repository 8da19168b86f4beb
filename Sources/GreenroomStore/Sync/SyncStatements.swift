import Foundation
import GRDB
import GreenroomCore

/// The statements a sync session prepares once and reuses: a first sync runs the same few
/// inserts and updates hundreds of thousands of times, so each is found by entity and field
/// list rather than by hashing its SQL text in GRDB's cache.
extension SyncSession {
    /// The statement `sql` builds for an entity and field list, prepared once per session;
    /// a short list per entity, since a writer sends few field combinations.
    func statement(_ cache: inout [Entity: [(names: [String], statement: Statement)]], _ entity: Entity, _ names: [String],
                   _ sql: ([String]) -> String) throws -> Statement {
        if let known = cache[entity]?.first(where: { $0.names == names }) { return known.statement }
        let statement = try db.makeStatement(sql: sql(names))
        cache[entity, default: []].append((names, statement))
        return statement
    }
    /// The two `field_stamp` statements of a merge, prepared once per session (looking them
    /// up in GRDB's cache hashes their text on every merge).
    func stampSelect() throws -> Statement {
        if let statement = stampStatements.select { return statement }
        let statement = try db.makeStatement(sql: "SELECT field, hlc, prev FROM field_stamp WHERE entity = ? AND row_id = ?")
        stampStatements.select = statement
        return statement
    }
    func stampUpsert() throws -> Statement {
        if let statement = stampStatements.upsert { return statement }
        let statement = try db.makeStatement(sql: """
            INSERT INTO field_stamp(entity, row_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(entity, row_id, field) DO UPDATE SET hlc = excluded.hlc, prev = excluded.prev
            """)
        stampStatements.upsert = statement
        return statement
    }

    /// The history insert of a merge (`field_write`), prepared once per session.
    func historyInsert() throws -> Statement {
        if let statement = stampStatements.history { return statement }
        let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO field_write(entity, row_id, field, hlc, prev, value) VALUES (?, ?, ?, ?, ?, ?)")
        stampStatements.history = statement
        return statement
    }

    /// The prepared `INSERT OR IGNORE` of an entity for this field list. A writer sends the
    /// same fields with every insert of an entity, so the last one is kept per entity and
    /// found by comparing the names; another list prepares (and keeps) its own.
    func insertStatement(_ entity: Entity, _ names: [String]) throws -> Statement {
        if let last = lastInsert[entity], last.names == names { return last.statement }
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE " + insertSQL(entity, names))
        lastInsert[entity] = (names, statement)
        return statement
    }

    /// `INTO table (id, …, hlc) VALUES (?, …)` for an insert of these fields, built once per
    /// entity and field list in a session.
    func insertSQL(_ entity: Entity, _ names: [String]) -> String {
        if let sql = insertSQLs[entity]?[names] { return sql }
        let columns = ["id"] + names + ["hlc"]
        let sql = "INTO \(entity.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        insertSQLs[entity, default: [:]][names] = sql
        return sql
    }

}
