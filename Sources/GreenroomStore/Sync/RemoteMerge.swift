import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// Merging a batch's field writes and inserts into rows that exist (see `SyncSession`).
extension SyncSession {
    /// Merges `set` operations (in stamp order) into one existing row, field by field; one
    /// outcome per operation. The row's write is one statement, and conflicts and stamps are
    /// written only after it succeeded.
    ///
    /// Most of a sync's edits arrive one per row, so this path reads and writes through
    /// statements prepared once per entity and field list and SQLite's C interface (as
    /// inserts do): field states are kept by position in `names`, not by name.
    func mergeSets(_ entity: Entity, _ id: String, _ ops: [SyncOperation]) throws -> [SyncApplyOutcome] {
        let table = entity.rawValue
        let names = ops.count == 1 ? ops[0].fieldNames : Set(ops.flatMap(\.fieldNames)).sorted()
        // `stamped`: the value came from a `set` (its write is in `field_write` already);
        // otherwise it is the row's creation, recorded in the history when first overwritten.
        var state: [(value: FieldValue, hlc: String, prev: String?, stamped: Bool)] = []
        state.reserveCapacity(names.count)
        let select = try SQLite.ready(statement(&selectStatements, entity, names) {
            "SELECT hlc, \($0.joined(separator: ", ")) FROM \(table) WHERE id = ?"
        }.sqliteStatement)
        SQLite.bind(select, 1, .text(id))
        let exists = try SQLite.readRow(select, db) { row in
            let rowStamp = SQLite.text(row, 0) ?? ""
            for i in names.indices { state.append((SQLite.column(row, Int32(i + 1)), rowStamp, nil, false)) }
        }
        guard exists else {
            let pending = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sync_pending(entity, row_id, hlc, op) VALUES (?, ?, ?, ?)")
            for op in ops { try pending.execute(arguments: [table, id, op.stamp, op.source]) }
            hasPending = true
            return ops.map { _ in .pending }
        }
        let key = RowKey(entity: entity, id: id)
        if let known = knownStamps[key], names.allSatisfy({ known[$0] != nil }) {
            for (i, name) in names.enumerated() {
                if case let stamp?? = known[name] { state[i].hlc = stamp.hlc; state[i].prev = stamp.prev; state[i].stamped = true }
            }
        } else {
            let stamps = try SQLite.ready(stampSelect().sqliteStatement)
            SQLite.bind(stamps, 1, .text(table))
            SQLite.bind(stamps, 2, .text(id))
            var read: [String: (hlc: String, prev: String?)?] = [:]
            for name in names { read[name] = .some(nil) }
            try SQLite.readRows(stamps, db) { row in
                guard let field = SQLite.text(row, 0), let i = names.firstIndex(of: field) else { return }
                state[i].hlc = SQLite.text(row, 1) ?? ""
                state[i].prev = SQLite.text(row, 2)
                state[i].stamped = true
                read[field] = (state[i].hlc, state[i].prev)
            }
            if knownStamps.count >= SyncSession.knownStampsLimit { knownStamps.removeAll() }
            knownStamps[key, default: [:]].merge(read) { _, new in new }
        }
        var dirty = [Bool](repeating: false, count: names.count)
        var outcomes: [SyncApplyOutcome] = []
        outcomes.reserveCapacity(ops.count)
        let history = try SQLite.ready(historyInsert().sqliteStatement)
        func remember(_ name: String, _ hlc: String, _ prev: String?, _ value: FieldValue) throws {
            _ = SQLite.ready(history)
            SQLite.bind(history, 1, .text(table))
            SQLite.bind(history, 2, .text(id))
            SQLite.bind(history, 3, .text(name))
            SQLite.bind(history, 4, .text(hlc))
            SQLite.bind(history, 5, prev.map { .text($0) } ?? .null)
            SQLite.bind(history, 6, value)
            try SQLite.step(history, db)
        }
        for op in ops {
            let incoming = op.stamp
            var changed = false
            let values = op.fieldValues
            for (k, name) in op.fieldNames.enumerated() {
                let i = ops.count == 1 ? k : names.firstIndex(of: name)!
                let local = state[i]
                let theirs = values[k]
                if incoming == local.hlc { continue }
                let prev = op.prev.isEmpty ? nil : op.prev[name]?.encoded
                // The field's history: this write, and the row's creation the first time a
                // write replaces it.
                if incoming > local.hlc && !local.stamped { try remember(name, local.hlc, local.prev, local.value) }
                try remember(name, incoming, prev, theirs)
                lazy var field = FieldKey(entity: entity, rowID: id, field: name)
                if incoming < local.hlc || prev != local.hlc || (!conflictKeys.isEmpty && conflictKeys.contains(field)) { dirtyKeys.insert(field) }
                if incoming > local.hlc {
                    state[i] = (theirs, incoming, prev, true)
                    dirty[i] = true
                    changed = true
                }
            }
            outcomes.append(changed ? .applied : .unchanged)
        }
        if dirty.contains(true) {
            let indices = names.indices.filter { dirty[$0] }
            let fields = indices.map { names[$0] }
            var values = indices.map { state[$0].value }
            if entity == .creator || entity == .member, fields.contains("handle") || fields.contains("deleted") {
                let handleIndex = names.firstIndex(of: "handle"), deletedIndex = names.firstIndex(of: "deleted")
                let handle = try handleIndex.flatMap({ state[$0].value.text }) ?? currentValue(table, "handle", id).text
                let deleted = try deletedIndex.map { state[$0].value } ?? currentValue(table, "deleted", id)
                let stamp = HLC(encoded: state[handleIndex ?? deletedIndex!].hlc) ?? ops[0].hlc
                if let handle, deleted == .int(0), let settled = try settleHandle(entity, id: id, handle: handle, stamp: stamp) {
                    if let i = fields.firstIndex(of: "handle") { values[i] = .text(settled) }
                    else {
                        try db.execute(sql: "UPDATE \(table) SET handle = ? WHERE id = ?", arguments: [settled, id])
                    }
                }
            }
            let update = try SQLite.ready(statement(&updateStatements, entity, fields) {
                "UPDATE \(table) SET \($0.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"
            }.sqliteStatement)
            for (k, value) in values.enumerated() { SQLite.bind(update, Int32(k + 1), value) }
            SQLite.bind(update, Int32(values.count + 1), .text(id))
            try SQLite.step(update, db)
            let upsert = try stampUpsert().sqliteStatement
            for i in indices {
                _ = SQLite.ready(upsert)
                SQLite.bind(upsert, 1, .text(table))
                SQLite.bind(upsert, 2, .text(id))
                SQLite.bind(upsert, 3, .text(names[i]))
                SQLite.bind(upsert, 4, .text(state[i].hlc))
                SQLite.bind(upsert, 5, state[i].prev.map { .text($0) } ?? .null)
                try SQLite.step(upsert, db)
            }
            for i in indices { knownStamps[key, default: [:]][names[i]] = .some((state[i].hlc, state[i].prev)) }
        }
        for (op, outcome) in zip(ops, outcomes) where outcome == .applied { try touch(op) }
        return outcomes
    }

    /// The same row inserted again with another stamp (an id derived from what the row holds
    /// — a tag, an enrolment — created on two laptops; or a hostile peer). The newer insert's
    /// values stand wherever no later `set` is newer, and the row takes its stamp: every
    /// replica ends with the same row whichever insert came first. Both inserts join the
    /// fields' histories, so differing values show as conflicts.
    func mergeInsert(_ op: SyncOperation) throws -> SyncApplyOutcome {
        let table = op.entity.rawValue
        let names = op.fieldNames
        guard let row = try Row.fetchOne(db, sql: "SELECT hlc, \(names.joined(separator: ", ")) FROM \(table) WHERE id = ?", arguments: [op.id]) else {
            return .unchanged
        }
        let rowStamp: String = row[0]
        if rowStamp == op.stamp { return .unchanged } // the same insert again
        let stamps = Dictionary(try Row.fetchAll(db, sql: "SELECT field, hlc, prev FROM field_stamp WHERE entity = ? AND row_id = ?",
                                                 arguments: [table, op.id]).map { ($0[0] as String, ($0[1] as String, $0[2] as String?)) },
                                uniquingKeysWith: { a, _ in a })
        var changed: [(String, FieldValue)] = []
        for (i, name) in names.enumerated() {
            let key = FieldKey(entity: op.entity, rowID: op.id, field: name)
            let current = Store.fieldValue(row[i + 1] as DatabaseValue)
            let before = ConflictRule.Write(hlc: stamps[name]?.0 ?? rowStamp, prev: stamps[name]?.1, value: current)
            let incoming = ConflictRule.Write(hlc: op.stamp, prev: nil, value: op.fieldValues[i])
            // Both creations join the history (a stamped value is there already).
            if stamps[name] == nil { try ConflictBook.record(key, before: before, write: incoming, db) }
            else { try ConflictBook.record(key, before: incoming, write: incoming, db) }
            if stamps[name] == nil || before.value != incoming.value { dirtyKeys.insert(key) }
            if op.stamp > before.hlc { changed.append((name, op.fieldValues[i])) }
        }
        guard op.stamp > rowStamp else { return .unchanged }
        // The row's creation is now this insert: its values where it is newer, no stamp rows
        // older than it (a field's stamp is the row's when it has none).
        if !changed.isEmpty {
            try db.execute(sql: "UPDATE \(table) SET \(changed.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?",
                           arguments: StatementArguments(changed.map { $0.1.databaseValue } + [op.id.databaseValue]))
        }
        try db.execute(sql: "UPDATE \(table) SET hlc = ? WHERE id = ?", arguments: [op.stamp, op.id])
        try db.execute(sql: "DELETE FROM field_stamp WHERE entity = ? AND row_id = ? AND hlc <= ?", arguments: [table, op.id, op.stamp])
        knownStamps.removeValue(forKey: RowKey(entity: op.entity, id: op.id))
        try touch(op)
        return .applied
    }

    /// Inserts the row unless it exists; false when it did (nothing written).
    ///
    /// Inserts are most of what a first sync applies, so this path binds the values straight
    /// into the prepared statement (`SQLite.bind`) rather than building GRDB arguments: the
    /// same statement, the same values, a third of the time around it. Nothing observes the
    /// writer connection through GRDB (no transaction observers), so stepping it directly
    /// misses no bookkeeping.
    func insertRecord(_ op: SyncOperation) throws -> Bool {
        let table = op.entity.rawValue
        let names = op.fieldNames
        var settledHandle: String?
        if op.entity == .creator || op.entity == .member, let handle = op.field("handle")?.text, (op.field("deleted") ?? .int(0)) == .int(0),
           try !rowExists(table, op.id) {
            settledHandle = try settleHandle(op.entity, id: op.id, handle: handle, stamp: op.hlc)
        }
        let statement = try insertStatement(op.entity, names)
        let handle = SQLite.ready(statement.sqliteStatement)
        SQLite.bind(handle, 1, .text(op.id))
        for (i, value) in op.fieldValues.enumerated() {
            if let settledHandle, names[i] == "handle" {
                SQLite.bind(handle, Int32(i + 2), .text(settledHandle))
            } else {
                SQLite.bind(handle, Int32(i + 2), value)
            }
        }
        SQLite.bind(handle, Int32(names.count + 2), .text(op.stamp))
        let inserted = try SQLite.step(handle, db) > 0
        guard inserted else {
            guard try rowExists(table, op.id) else {
                // Ignored for another reason (a NOT NULL or CHECK constraint): say which.
                var values = op.fieldValues.map(\.databaseValue)
                if let settledHandle, let i = names.firstIndex(of: "handle") { values[i] = settledHandle.databaseValue }
                try db.execute(sql: "INSERT " + insertSQL(op.entity, names),
                               arguments: StatementArguments([op.id.databaseValue] + values + [op.stamp.databaseValue]))
                return false
            }
            return false
        }
        if op.entity == .creator { newCreators.append(op.id) }
        noteInserted(op)
        try touch(op)
        if hasPending { try replayPending(op.entity, op.id) }
        return true
    }
}
