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

/// A prepared `INSERT` bound through SQLite's C API, for loading millions of rows quickly.
///
/// GRDB's `Statement.execute(arguments:)` is the right tool for everyday writes; for demo
/// generation the per-row argument boxing dominates, so this binds values directly on the
/// statement GRDB prepared. It must only be used inside a GRDB write transaction.
final class BulkInserter {
    private let statement: Statement
    private let handle: OpaquePointer
    private(set) var rows = 0
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, table: String, columns: [String]) throws {
        let sql = "INSERT OR FAIL INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    func insert(_ values: BulkValue...) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .int(let v):
                sqlite3_bind_int64(handle, index, v)
            case .text(let s):
                var s = s
                s.withUTF8 { buffer in
                    if let base = buffer.baseAddress, buffer.count > 0 {
                        _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count), transient)
                    } else {
                        _ = sqlite3_bind_text(handle, index, "", 0, transient)
                    }
                }
            case .null:
                sqlite3_bind_null(handle, index)
            }
        }
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
        rows += 1
    }
}
