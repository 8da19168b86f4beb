import Foundation
import GRDB
import GreenroomCore

/// One field of one row.
struct FieldKey: Hashable, Comparable, Sendable {
    var entity: Entity
    var rowID: String
    var field: String

    static func < (a: FieldKey, b: FieldKey) -> Bool {
        (a.entity.rawValue, a.rowID, a.field) < (b.entity.rawValue, b.rowID, b.field)
    }
}

/// The record of writes and open conflicts (v14-sync-trust): every `set` of a field is kept
/// in `field_write`, and `field_conflict` holds what `ConflictRule` says is open for it. Both
/// local writes and sync go through here, in the transaction of the write.
enum ConflictBook {
    /// Records `write` (and, the first time the field is written, the value and stamp it
    /// had until then — the row's creation, for a new database) as part of the field's
    /// history. Writing the same stamp twice changes nothing.
    static func record(_ key: FieldKey, before: ConflictRule.Write, write: ConflictRule.Write, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO field_write(entity, row_id, field, hlc, prev, value) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for w in [before, write] {
            try statement.execute(arguments: [key.entity.rawValue, key.rowID, key.field, w.hlc, w.prev, w.value.databaseValue])
        }
    }

    /// Whether the field has an open conflict now.
    static func hasOpenConflict(_ key: FieldKey, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM field_conflict WHERE entity = ? AND row_id = ? AND field = ?)"),
                          arguments: [key.entity.rawValue, key.rowID, key.field]) ?? false
    }

    /// Every field with an open conflict (few: loaded once per sync).
    static func fieldsInConflict(_ db: Database) throws -> Set<FieldKey> {
        var keys = Set<FieldKey>()
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT entity, row_id, field FROM field_conflict") {
            if let entity = Entity(rawValue: row[0]) { keys.insert(FieldKey(entity: entity, rowID: row[1], field: row[2])) }
        }
        return keys
    }

    /// Brings `field_conflict` up to date for one field: its open conflicts are exactly what
    /// `ConflictRule` finds in its writes, plus, for a handle sync renamed, the rename
    /// (`SyncSession.settleHandle`). Rows already open keep their detection time. Returns
    /// how many conflicts opened.
    @discardableResult
    static func recompute(_ key: FieldKey, _ db: Database, now: Millis) throws -> Int {
        let table = key.entity.rawValue
        var expected: [String: (lost: ConflictRule.Write, kept: ConflictRule.Write)] = [:]
        if let current = try currentWrite(key, db) {
            let writes = try Row.fetchAll(db.cachedStatement(sql: "SELECT hlc, prev, value FROM field_write WHERE entity = ? AND row_id = ? AND field = ?"),
                                          arguments: [table, key.rowID, key.field]).map {
                ConflictRule.Write(hlc: $0[0], prev: $0[1], value: Store.fieldValue($0[2] as DatabaseValue))
            }
            let decided = Set(try String.fetchAll(db.cachedStatement(sql: """
                SELECT lost_hlc FROM conflict_decision WHERE entity = ? AND row_id = ? AND field = ?
                """), arguments: [table, key.rowID, key.field]))
            for lost in ConflictRule.losers(writes: writes, current: current, decided: decided) {
                expected[lost.hlc] = (lost, current)
            }
            if key.field == "handle", key.entity == .creator || key.entity == .member, case .text(let handle) = current.value,
               let base = settledBase(handle, rowID: key.rowID), !decided.contains(current.hlc) {
                expected[current.hlc] = (ConflictRule.Write(hlc: current.hlc, prev: nil, value: .text(base)), current)
            }
        }
        let open = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, lost_hlc, kept_hlc, kept_value FROM field_conflict WHERE entity = ? AND row_id = ? AND field = ?
            """), arguments: [table, key.rowID, key.field])
        for row in open {
            let lost: String = row[1]
            if let e = expected[lost], e.kept.hlc == (row[2] as String), e.kept.value.jsonFragment == (row[3] as String) {
                expected.removeValue(forKey: lost) // unchanged
                continue
            }
            try db.execute(sql: "DELETE FROM field_conflict WHERE id = ?", arguments: [row[0] as Int64])
            if let e = expected.removeValue(forKey: lost) {
                try insert(key, e.lost, e.kept, detectedAt: now, db)
            }
        }
        for (_, e) in expected.sorted(by: { $0.key < $1.key }) { try insert(key, e.lost, e.kept, detectedAt: now, db) }
        return expected.count
    }

    private static func insert(_ key: FieldKey, _ lost: ConflictRule.Write, _ kept: ConflictRule.Write, detectedAt: Millis, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO field_conflict(entity, row_id, field, lost_hlc, lost_value, kept_hlc, kept_value, detected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [key.entity.rawValue, key.rowID, key.field, lost.hlc, lost.value.jsonFragment,
                                     kept.hlc, kept.value.jsonFragment, detectedAt])
    }

    /// The field's value and stamp now: its `field_stamp` row, else the row's creation stamp.
    /// Nil when the row does not exist (or the field is not a column).
    static func currentWrite(_ key: FieldKey, _ db: Database) throws -> ConflictRule.Write? {
        if key.entity == .setting {
            guard let row = try Row.fetchOne(db, sql: "SELECT value, hlc, prev FROM setting WHERE key = ?", arguments: [key.rowID]) else { return nil }
            return ConflictRule.Write(hlc: row[1], prev: row[2], value: Store.fieldValue(row[0] as DatabaseValue))
        }
        guard SyncOperation.fields(of: key.entity).contains(key.field),
              let row = try Row.fetchOne(db, sql: "SELECT \(key.field), hlc FROM \(key.entity.rawValue) WHERE id = ?", arguments: [key.rowID]) else { return nil }
        let value = Store.fieldValue(row[0] as DatabaseValue)
        if let stamp = try Row.fetchOne(db.cachedStatement(sql: "SELECT hlc, prev FROM field_stamp WHERE entity = ? AND row_id = ? AND field = ?"),
                                        arguments: [key.entity.rawValue, key.rowID, key.field]) {
            return ConflictRule.Write(hlc: stamp[0], prev: stamp[1], value: value)
        }
        return ConflictRule.Write(hlc: row[1], prev: nil, value: value)
    }

    /// The handle a row asked for, when sync renamed it `handle~<last 6 of its id>` because
    /// another row had it (`SyncSession.settleHandle`).
    static func settledBase(_ handle: String, rowID: String) -> String? {
        let suffix = "~" + rowID.suffix(6)
        guard handle.hasSuffix(suffix), handle.count > suffix.count else { return nil }
        return String(handle.dropLast(suffix.count))
    }
}
