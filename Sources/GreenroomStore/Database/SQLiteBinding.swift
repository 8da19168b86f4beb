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

    /// Makes a statement ready for new bindings. GRDB resets a statement when it next runs
    /// it, not when it finishes, and SQLite ignores bindings to a statement that has run and
    /// not been reset — so a statement GRDB may also have run is reset before binding.
    static func ready(_ statement: OpaquePointer) -> OpaquePointer {
        sqlite3_reset(statement)
        return statement
    }

    /// Binds a field value to the 1-based parameter `index`, exactly as GRDB binds the same
    /// value everywhere else (local writes, merged updates): text as a C string, so a value
    /// is stored up to a NUL inside it on every replica alike; empty text stays text.
    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: FieldValue) {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(statement, index)
        case .int(let number): code = sqlite3_bind_int64(statement, index, number)
        case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, transient)
        }
        // A refused binding is a programming error (a statement not reset, a wrong index).
        assert(code == SQLITE_OK, "binding parameter \(index) failed with code \(code)")
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

extension SQLite {
    /// Steps a query expected to return at most one row; `read` sees the row's columns
    /// (through `column`) before the statement is reset. False when there was no row.
    static func readRow(_ statement: OpaquePointer, _ db: Database, _ read: (OpaquePointer) -> Void) throws -> Bool {
        try readRows(statement, db, read) > 0
    }

    /// Steps a query to its end, calling `read` for each row; the number of rows.
    @discardableResult
    static func readRows(_ statement: OpaquePointer, _ db: Database, _ read: (OpaquePointer) -> Void) throws -> Int {
        var rows = 0
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_ROW {
                read(statement)
                rows += 1
                continue
            }
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: String(cString: sqlite3_sql(statement)))
            }
            return rows
        }
    }

    /// A column of the current row as a field value, read as GRDB reads it (and
    /// `Store.fieldValue` converts it): text up to a NUL, a real number truncated to an
    /// integer, a blob as base64.
    static func column(_ statement: OpaquePointer, _ index: Int32) -> FieldValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .int(Int64(sqlite3_column_double(statement, index)))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)!))
        default:
            guard let bytes = sqlite3_column_blob(statement, index) else { return .text("") }
            return .text(Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, index))).base64EncodedString())
        }
    }

    /// A text column of the current row; nil for NULL.
    static func text(_ statement: OpaquePointer, _ index: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, index) else { return nil }
        return String(cString: text)
    }
}
