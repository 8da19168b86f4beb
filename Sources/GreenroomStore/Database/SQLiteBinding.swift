import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// Binding and stepping a prepared statement through SQLite's C interface, for the few hot
/// write paths where building GRDB arguments costs more than the write (sync's inserts).
/// The statement stays GRDB's: prepared and finalized by it, and reset here after each step
/// so GRDB finds it ready for its next use.
enum SQLite {
    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds a field value to the 1-based parameter `index`, exactly as GRDB binds the same
    /// value everywhere else (local writes, merged updates): text as a C string, so a value
    /// is stored up to a NUL inside it on every replica alike; empty text stays text.
    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: FieldValue) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .int(let number): sqlite3_bind_int64(statement, index, number)
        case .text(let text): sqlite3_bind_text(statement, index, text, -1, transient)
        }
    }

    /// Runs a statement that returns no rows; the number of rows it changed. A refusal
    /// (a constraint, say) is thrown as GRDB's `DatabaseError` with SQLite's message.
    @discardableResult
    static func step(_ statement: OpaquePointer, _ db: Database) throws -> Int {
        let code = sqlite3_step(statement)
        let changed = code == SQLITE_DONE ? Int(sqlite3_changes(db.sqliteConnection)) : 0
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: String(cString: sqlite3_sql(statement)))
        }
        return changed
    }
}
