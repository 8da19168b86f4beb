import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// What applying one remote operation did.
public enum SyncApplyOutcome: Sendable, Hashable {
    /// At least one field (or the row) changed.
    case applied
    /// Nothing changed: a duplicate, or every field already had a newer value.
    case unchanged
    /// A `set` for a row this database does not have yet; kept and replayed when it arrives.
    case pending
}

/// One sync's view of the database: every change of one sync happens inside one
/// transaction through a session (`Store.withSyncSession`).
///
/// Merge rules (DESIGN.md §6), per field of an operation with stamp T and `prev` P:
/// - the field's local stamp L is its `field_stamp` row, else its row's `hlc`;
/// - T > L: the incoming value wins; T ≤ L: it loses (T = L is the same write again);
/// - a value replaced by a write that had not certainly seen it (see `certainlySeen`), and
///   an incoming value that loses to a local one whose `prev` is older than it (the local
///   writer cannot have seen it: it would have overwritten that value or a newer one), are
///   concurrent writes; when their values differ, both are kept in `conflict`;
/// - `insert` creates the row once; an `insert` of an append-only entity that is already
///   there is a duplicate; a `set` for a missing row waits in `sync_pending`;
/// - a tombstone is the field `deleted`, merged like any other field: it wins over older
///   writes and loses to a newer `"deleted":false` (a restore).
///
/// Applying is order-independent, so files may be read in any order and a carrier may bring
/// them in any order. Remote operations never go to the outbox. Derived data (stage entry
/// times, ticket SLA columns and facts, roster statistics) is refreshed once per touched row
/// when the session ends, with the same functions local writes use; search and KPI-cache
/// triggers fire on their own.
public final class SyncSession {
    let store: Store
    let db: Database
    /// Local wall time for this sync.
    public let now: Millis

    var touchedCreators = Set<String>()
    var touchedTickets = Set<String>()
    var refreshAllTickets = false
    var sessionsChanged = false
    var hasPending: Bool
    var peerStamps: [String: HLC] = [:]
    var peerNames: [String: String] = [:]
    /// The newest stamp applied; the clock receives it when the session ends.
    var latest = Store.genesis
    var insertSQLs: [Entity: [[String]: String]] = [:]
    /// A row, by entity and id (a struct key: no string built per operation).
    struct RowKey: Hashable, Comparable {
        var entity: Entity
        var id: String
        init(entity: Entity, id: String) { self.entity = entity; self.id = id }
        init(_ op: SyncOperation) { self.init(entity: op.entity, id: op.id) }
        /// Table, then id: the order a chunk's rows are written in.
        static func < (a: RowKey, b: RowKey) -> Bool { a.entity == b.entity ? a.id < b.id : a.entity.rawValue < b.entity.rawValue }
    }
    /// The `field_stamp` state of fields this session has read or written, by row: nil for
    /// a field without a row there (its stamp is the row's `hlc`). A row edited again later
    /// in the same sync (a week of edits arrives over several chunks) skips reading its
    /// stamps back. Only `mergeSets` writes `field_stamp` during a session, and it keeps
    /// this in step; it is cleared when it grows past `knownStampsLimit` rows.
    private var knownStamps: [RowKey: [String: (hlc: String, prev: String?)?]] = [:]
    static let knownStampsLimit = 200_000
    /// Creators inserted by this session, whose (empty) statistics rows are added in
    /// `finish`, in id order.
    private var newCreators: [String] = []

    /// Counts for the summary.
    public private(set) var applied = 0
    public private(set) var unchanged = 0
    public private(set) var pending = 0
    public private(set) var conflicts = 0
    public private(set) var quarantined = 0
    /// Notes worth a line in the report that are not errors (renamed duplicate handles).
    public private(set) var notices: [String] = []

    init(store: Store, db: Database, now: Millis) throws {
        self.store = store
        self.db = db
        self.now = now
        hasPending = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_pending)") ?? false
        // Search rows are rewritten once per creator (v8-speed, v12) and per open ticket (v13)
        // in `finish`; the flags live and die inside this transaction.
        try db.execute(sql: """
            INSERT OR REPLACE INTO meta(key, value) VALUES ('defer_creator_search', '1');
            INSERT OR REPLACE INTO meta(key, value) VALUES ('defer_ticket_search', '1');
            """)
    }

    // MARK: Applying

    /// Applies one remote operation. A database refusal (a CHECK constraint, say) is
    /// thrown as a `SyncLineError` and leaves nothing behind: each operation's data change
    /// is a single statement, and its bookkeeping is written only after it succeeded.
    @discardableResult
    public func apply(_ op: SyncOperation) throws -> SyncApplyOutcome {
        let outcome: SyncApplyOutcome
        do {
            outcome = op.entity == .setting ? try applySetting(op) : try applyRecord(op)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_MISMATCH {
            guard db.isInsideTransaction else { throw error }
            throw SyncLineError("refused by the database: \(error.message ?? "constraint failed")")
        }
        count(op, outcome)
        return outcome
    }

    private func count(_ op: SyncOperation, _ outcome: SyncApplyOutcome) {
        if latest < op.hlc { latest = op.hlc }
        if let seen = peerStamps[op.hlc.device] {
            if seen < op.hlc { peerStamps[op.hlc.device] = op.hlc }
        } else {
            peerStamps[op.hlc.device] = op.hlc
        }
        switch outcome {
        case .applied: applied += 1
        case .unchanged: unchanged += 1
        case .pending: pending += 1
        }
    }

    private func applyRecord(_ op: SyncOperation) throws -> SyncApplyOutcome {
        // The common case of an insert — a row this database does not have — is one statement.
        if op.kind == .insert {
            if try insertRecord(op) { return .applied }
            if op.entity.isAppendOnly, try rowExists(op.entity.rawValue, op.id) { return .unchanged }
        }
        return try mergeSets(op.entity, op.id, [op])[0]
    }

    /// Applies operations in bulk: the same outcome as applying each in turn, but the `set`s
    /// of one row are merged in memory and written with one statement — a laptop catching up
    /// on a week of edits to the same tickets and creators writes each row once. Returns, per
    /// operation, nil or why it was refused (an operation of a row whose combined write the
    /// database refuses is retried alone, so the reason names the right line).
    public func apply(batch ops: [SyncOperation]) throws -> [SyncLineError?] {
        var errors = [SyncLineError?](repeating: nil, count: ops.count)
        // Rows by entity and id (a struct key: no string built per operation); operations are
        // reached by index, so a batch is not copied operation by operation.
        var groups: [RowKey: [Int]] = [:]
        var order: [RowKey] = []
        // Settings, and rows with a write that can collide on a unique handle, go one
        // operation at a time, in order.
        var alone = Set<RowKey>()
        for i in ops.indices where ops[i].entity == .setting
            || (ops[i].kind == .set && (ops[i].entity == .creator || ops[i].entity == .member)
                && (ops[i].fields["handle"] != nil || ops[i].fields["deleted"] != nil)) {
            alone.insert(RowKey(ops[i]))
        }
        // Inserts first, by table and id: consecutive inserts then land on neighbouring index
        // pages that are still in the processor's cache (a first sync inserts hundreds of
        // thousands of rows with random ids). Applying is order-independent, so this changes
        // no result.
        var inserts = ops.indices.filter { ops[$0].kind == .insert }
        inserts.sort { RowKey(ops[$0]) < RowKey(ops[$1]) }
        for i in inserts {
            do { try apply(ops[i]) } catch let e as SyncLineError { errors[i] = e }
        }
        for i in ops.indices where ops[i].kind != .insert {
            let key = RowKey(ops[i])
            if !alone.isEmpty, alone.contains(key) {
                do { try apply(ops[i]) } catch let e as SyncLineError { errors[i] = e }
                continue
            }
            if SyncSession.append(i, to: &groups[key, default: []]) { order.append(key) } // one lookup per operation
        }
        // Merged rows in table and id order too, for the same reason (their rows and their
        // field stamps are then read and written along the tables, not at random).
        order.sort()
        for key in order {
            let indices = groups[key]!
            if indices.count == 1 {
                do { try apply(ops[indices[0]]) } catch let e as SyncLineError { errors[indices[0]] = e }
                continue
            }
            let group = indices.map { ops[$0] }
            do {
                let outcomes = try mergeSets(key.entity, key.id, group)
                for (op, outcome) in zip(group, outcomes) { count(op, outcome) }
            } catch is SyncLineError {
                for i in indices {
                    do { try apply(ops[i]) } catch let e as SyncLineError { errors[i] = e }
                }
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_MISMATCH) && db.isInsideTransaction {
                for i in indices {
                    do { try apply(ops[i]) } catch let e as SyncLineError { errors[i] = e }
                }
            }
        }
        return errors
    }

    /// Appends and says whether the list was empty before.
    private static func append(_ index: Int, to list: inout [Int]) -> Bool {
        list.append(index)
        return list.count == 1
    }

    /// Merges `set` operations (in stamp order) into one existing row, field by field; one
    /// outcome per operation. The row's write is one statement, and conflicts and stamps are
    /// written only after it succeeded.
    ///
    /// Most of a sync's edits arrive one per row, so this path reads and writes through
    /// statements prepared once per entity and field list and SQLite's C interface (as
    /// inserts do): field states are kept by position in `names`, not by name.
    private func mergeSets(_ entity: Entity, _ id: String, _ ops: [SyncOperation]) throws -> [SyncApplyOutcome] {
        let table = entity.rawValue
        let names = ops.count == 1 ? ops[0].fieldNames : Set(ops.flatMap(\.fieldNames)).sorted()
        var state: [(value: FieldValue, hlc: String, prev: String?)] = []
        state.reserveCapacity(names.count)
        let select = try SQLite.ready(statement(&selectStatements, entity, names) {
            "SELECT hlc, \($0.joined(separator: ", ")) FROM \(table) WHERE id = ?"
        }.sqliteStatement)
        SQLite.bind(select, 1, .text(id))
        let exists = try SQLite.readRow(select, db) { row in
            let rowStamp = SQLite.text(row, 0) ?? ""
            for i in names.indices { state.append((SQLite.column(row, Int32(i + 1)), rowStamp, nil)) }
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
                if case let stamp?? = known[name] { state[i].hlc = stamp.hlc; state[i].prev = stamp.prev }
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
                read[field] = (state[i].hlc, state[i].prev)
            }
            if knownStamps.count >= SyncSession.knownStampsLimit { knownStamps.removeAll() }
            knownStamps[key, default: [:]].merge(read) { _, new in new }
        }
        var dirty = [Bool](repeating: false, count: names.count)
        var found: [(SyncOperation, PendingConflict)] = []
        var outcomes: [SyncApplyOutcome] = []
        outcomes.reserveCapacity(ops.count)
        for op in ops {
            let incoming = op.stamp
            var changed = false
            let values = op.fieldValues
            for (k, name) in op.fieldNames.enumerated() {
                let i = ops.count == 1 ? k : names.firstIndex(of: name)!
                let local = state[i]
                let theirs = values[k]
                if incoming == local.hlc { continue }
                if incoming > local.hlc {
                    let prev = op.prev.isEmpty ? nil : op.prev[name]
                    if op.kind == .set, local.value != theirs, !SyncSession.certainlySeen(local.hlc, by: op.hlc, prev: prev) {
                        found.append((op, PendingConflict(field: name, mine: local.value, theirs: theirs, myHLC: local.hlc, winner: "theirs")))
                    }
                    state[i] = (theirs, incoming, prev?.encoded)
                    dirty[i] = true
                    changed = true
                } else if let p = local.prev, p < incoming, local.value != theirs {
                    found.append((op, PendingConflict(field: name, mine: local.value, theirs: theirs, myHLC: local.hlc, winner: "mine")))
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
        for (op, c) in found { try recordConflict(op, c) }
        for (op, outcome) in zip(ops, outcomes) where outcome == .applied { try touch(op) }
        return outcomes
    }

    // Statements prepared once per session (SyncStatements.swift).
    var stampStatements: (select: Statement?, upsert: Statement?) = (nil, nil)
    var selectStatements: [Entity: [(names: [String], statement: Statement)]] = [:]
    var updateStatements: [Entity: [(names: [String], statement: Statement)]] = [:]

    /// Inserts the row unless it exists; false when it did (nothing written).
    ///
    /// Inserts are most of what a first sync applies, so this path binds the values straight
    /// into the prepared statement (`SQLite.bind`) rather than building GRDB arguments: the
    /// same statement, the same values, a third of the time around it. Nothing observes the
    /// writer connection through GRDB (no transaction observers), so stepping it directly
    /// misses no bookkeeping.
    private func insertRecord(_ op: SyncOperation) throws -> Bool {
        let table = op.entity.rawValue
        let names = op.fieldNames
        var settledHandle: String?
        if op.entity == .creator || op.entity == .member, let handle = op.fields["handle"]?.text, (op.fields["deleted"] ?? .int(0)) == .int(0),
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
        try touch(op)
        if hasPending { try replayPending(op.entity, op.id) }
        return true
    }

    var lastInsert: [Entity: (names: [String], statement: Statement)] = [:]

    private func rowExists(_ table: String, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?"), arguments: [id]) ?? false
    }

    /// `set` operations that arrived before their row, in stamp order.
    private func replayPending(_ entity: Entity, _ id: String) throws {
        let lines = try String.fetchAll(db.cachedStatement(sql: "SELECT op FROM sync_pending WHERE entity = ? AND row_id = ? ORDER BY hlc"),
                                        arguments: [entity.rawValue, id])
        guard !lines.isEmpty else { return }
        try db.cachedStatement(sql: "DELETE FROM sync_pending WHERE entity = ? AND row_id = ?").execute(arguments: [entity.rawValue, id])
        for line in lines {
            guard case .success(let op) = SyncOperation.parse(Data(line.utf8)) else { continue }
            pending -= 1 // it was counted as pending when it arrived
            try apply(op)
        }
    }

    private func applySetting(_ op: SyncOperation) throws -> SyncApplyOutcome {
        guard let theirs = op.fields["value"] else { return .unchanged }
        let incoming = op.hlc.encoded
        guard let row = try Row.fetchOne(db, sql: "SELECT value, hlc, prev FROM setting WHERE key = ?", arguments: [op.id]) else {
            try db.execute(sql: "INSERT INTO setting(key, value, hlc, prev) VALUES (?, ?, ?, ?)",
                           arguments: [op.id, theirs.databaseValue, incoming, op.prev["value"]?.encoded])
            if op.id == TeamSettings.Key.businessHours.rawValue { refreshAllTickets = true }
            return .applied
        }
        let mine = Store.fieldValue(row["value"] as DatabaseValue)
        let local: String = row["hlc"]
        let localPrev: String? = row["prev"]
        if incoming == local { return .unchanged }
        if incoming > local {
            try db.execute(sql: "UPDATE setting SET value = ?, hlc = ?, prev = ? WHERE key = ?",
                           arguments: [theirs.databaseValue, incoming, op.prev["value"]?.encoded, op.id])
            if mine != theirs, !SyncSession.certainlySeen(local, by: op.hlc, prev: op.prev["value"]) {
                try recordConflict(op, PendingConflict(field: "value", mine: mine, theirs: theirs, myHLC: local, winner: "theirs"))
            }
            if op.id == TeamSettings.Key.businessHours.rawValue { refreshAllTickets = true }
            return .applied
        }
        if let p = localPrev, p < incoming, mine != theirs {
            try recordConflict(op, PendingConflict(field: "value", mine: mine, theirs: theirs, myHLC: local, winner: "mine"))
        }
        return .unchanged
    }

    /// Whether the writer of `winner` had certainly seen the value stamped `local` it
    /// replaces: it overwrote exactly that stamp, or it wrote it itself. With one `prev` per
    /// field, a `prev` newer than `local` leaves it open (the writer saw a later value, which
    /// may or may not descend from `local`); such a replacement is recorded as a conflict
    /// too, so that no value is ever lost unseen. The price is a rare conflict that needs no
    /// decision, when a carrier delivers a chain of edits out of order; applying each batch
    /// in stamp order keeps that to partial deliveries.
    static func certainlySeen(_ local: String, by winner: HLC, prev: HLC?) -> Bool {
        if let prev, prev.encoded == local { return true }
        return HLC(encoded: local)?.device == winner.device
    }

    private struct PendingConflict {
        var field: String
        var mine: FieldValue
        var theirs: FieldValue
        var myHLC: String
        var winner: String
    }

    private func recordConflict(_ op: SyncOperation, _ c: PendingConflict) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO conflict(entity, row_id, field, mine, theirs, my_hlc, their_hlc, their_device, winner, detected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [op.entity.rawValue, op.id, c.field, c.mine.jsonFragment, c.theirs.jsonFragment, c.myHLC,
                                     op.hlc.encoded, op.hlc.device, c.winner, now])
        if db.changesCount > 0 { conflicts += 1 }
    }

    private func currentValue(_ table: String, _ column: String, _ id: String) throws -> FieldValue {
        let value = try DatabaseValue.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [id]) ?? .null
        return Store.fieldValue(value)
    }

    /// Two laptops may each create a live creator (or teammate) with the same handle while
    /// offline; the unique index allows one. Every replica settles it the same way, whatever
    /// order the writes arrive in: the row with the smaller id keeps the handle and the other
    /// becomes `handle~<last 6 of its id>`, with its stamp unchanged. The rename is recorded
    /// as a conflict on the renamed row so someone can pick a better handle. Returns the
    /// handle the incoming row gets, or nil when it keeps the one it asked for.
    private func settleHandle(_ entity: Entity, id: String, handle: String, stamp: HLC) throws -> String? {
        let table = entity.rawValue
        guard let other = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE handle = ? AND deleted = 0 AND id <> ?"),
                                              arguments: [handle, id]) else { return nil }
        let loser = max(id, other)
        let renamed = handle + "~" + String(loser.suffix(6))
        let conflictOp = SyncOperation(kind: .set, entity: entity, id: loser, fields: ["handle": .text(handle)], hlc: stamp, prev: [:], source: "")
        let myStamp = try String.fetchOne(db, sql: "SELECT hlc FROM \(table) WHERE id = ?", arguments: [other]) ?? stamp.encoded
        try recordConflict(conflictOp, PendingConflict(field: "handle", mine: .text(renamed), theirs: .text(handle), myHLC: myStamp, winner: "mine"))
        notices.append("\(entity.rawValue) handle \(TerminalText.sanitize(handle)) was taken on two laptops; \(loser) is now \(TerminalText.sanitize(renamed))")
        if loser == id { return renamed }
        try db.execute(sql: "UPDATE \(table) SET handle = ? WHERE id = ?", arguments: [renamed, other])
        if entity == .creator { touchedCreators.insert(other) }
        return nil
    }

    /// Notes which derived data the operation's row feeds.
    private func touch(_ op: SyncOperation) throws {
        switch op.entity {
        case .creator:
            // Only the stage feeds a creator's derived column (stage_entered_at).
            if op.kind == .insert || op.fields["stage"] != nil { touchedCreators.insert(op.id) }
        case .stageEvent:
            if let creator = try op.fields["creator_id"]?.text
                ?? String.fetchOne(db.cachedStatement(sql: "SELECT creator_id FROM stage_event WHERE id = ?"), arguments: [op.id]) {
                touchedCreators.insert(creator)
            }
        case .ticket:
            touchedTickets.insert(op.id)
        case .ticketEvent:
            if let ticket = try op.fields["ticket_id"]?.text
                ?? String.fetchOne(db.cachedStatement(sql: "SELECT ticket_id FROM ticket_event WHERE id = ?"), arguments: [op.id]) {
                touchedTickets.insert(ticket)
            }
        case .slaPolicy:
            refreshAllTickets = true
        case .liveSession:
            sessionsChanged = true
        default:
            break
        }
    }

    // MARK: Quarantine, files, peers

    /// Keeps an operation stamped implausibly far ahead (more than `SyncSession.maxClockSkew`
    /// past local time) out of the data; `releaseQuarantine` applies it once time catches up.
    public func quarantine(_ op: SyncOperation, source: String) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO sync_quarantine(hlc, entity, row_id, source, op, received_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [op.hlc.encoded, op.entity.rawValue, op.id, source, op.source, now])
        if db.changesCount > 0 { quarantined += 1 }
    }

    /// How far ahead of local time a stamp may be before it is quarantined: 24 hours.
    public static let maxClockSkew: Millis = 24 * Time.hour

    /// Quarantined operations that are no longer too far ahead, removed from quarantine.
    public func releaseQuarantine() throws -> [SyncOperation] {
        let limit = HLC(physical: now + SyncSession.maxClockSkew, counter: HLC.maxCounter, device: "ffffffffffffffff").encoded
        let lines = try String.fetchAll(db, sql: "SELECT op FROM sync_quarantine WHERE hlc <= ? ORDER BY hlc", arguments: [limit])
        try db.execute(sql: "DELETE FROM sync_quarantine WHERE hlc <= ?", arguments: [limit])
        return lines.compactMap { if case .success(let op) = SyncOperation.parse(Data($0.utf8)) { return op } else { return nil } }
    }

    /// The op files read by earlier syncs, by path relative to the folder.
    public func ingestedFiles() throws -> [String: IngestedFile] {
        var files: [String: IngestedFile] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT path, size, mtime_ns, hash, lines, complete FROM sync_ingested") {
            let file = IngestedFile(path: row[0], size: row[1], mtimeNanoseconds: row[2], hash: row[3], lines: row[4], complete: row[5])
            files[file.path] = file
        }
        return files
    }

    public func recordIngested(_ file: IngestedFile) throws {
        try db.execute(sql: """
            INSERT INTO sync_ingested(path, size, mtime_ns, hash, lines, complete) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash,
                lines = excluded.lines, complete = excluded.complete
            """, arguments: [file.path, file.size, file.mtimeNanoseconds, file.hash, file.lines, file.complete])
    }

    /// A peer's name from its `devices/<id>.json`.
    public func notePeer(_ device: String, name: String) {
        peerNames[device] = name
    }

    /// Records when this database last synced (`greenroom sync status`, the TUI header).
    public func markSynced() throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('last_sync_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [Time.iso(now)])
    }

    /// Brings derived data up to date with everything applied and saves the clock and peers.
    func finish() throws {
        // New creators' statistics rows, in id order (one pass along the index, not one
        // random insert per creator as they arrived).
        let stats = try SQLite.ready(db.cachedStatement(sql: "INSERT OR IGNORE INTO creator_stats(creator_id) VALUES (?)").sqliteStatement)
        for id in newCreators.sorted() {
            SQLite.bind(stats, 1, .text(id))
            try SQLite.step(stats, db)
        }
        newCreators = []
        try db.execute(sql: """
            DELETE FROM meta WHERE key = 'defer_creator_search';
            DELETE FROM creator_fts WHERE rowid IN (SELECT creator_rowid FROM creator_search_dirty);
            INSERT INTO creator_fts(rowid, handle, display_name, tags, notes)
            \(Schema.ftsRowSelect) WHERE c.rowid IN (SELECT creator_rowid FROM creator_search_dirty) AND c.deleted = 0;
            DELETE FROM creator_search_dirty;
            DELETE FROM meta WHERE key = 'defer_ticket_search';
            \(Schema.flushDeferredTicketSearch)
            """)
        for id in touchedCreators.sorted() { try Derived.refreshStageEntered(db, creatorID: id) }
        if refreshAllTickets {
            try Derived.refreshAllOpenTickets(db)
            let hours = try Store.loadSettings(db).businessHours
            for id in touchedTickets.sorted() { try Derived.refreshTicket(db, ticketID: id, hours: hours) }
        } else if !touchedTickets.isEmpty {
            let hours = try Store.loadSettings(db).businessHours
            for id in touchedTickets.sorted() { try Derived.refreshTicket(db, ticketID: id, hours: hours) }
        }
        if sessionsChanged { try Store.refreshCreatorStats(db, now: now) }
        if Store.genesis < latest { store.hlc.withLock { _ = $0.receive(latest, wallMillis: now) } }
        for device in Set(peerStamps.keys).union(peerNames.keys).sorted() where device != store.deviceID {
            try db.execute(sql: """
                INSERT INTO sync_peer(device, name, last_hlc, last_seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(device) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE sync_peer.name END,
                    last_hlc = CASE WHEN sync_peer.last_hlc IS NULL OR excluded.last_hlc > sync_peer.last_hlc THEN excluded.last_hlc ELSE sync_peer.last_hlc END,
                    last_seen_at = CASE WHEN excluded.last_hlc IS NOT NULL THEN excluded.last_seen_at ELSE sync_peer.last_seen_at END
                """, arguments: [device, peerNames[device] ?? "", peerStamps[device]?.encoded, peerStamps[device] == nil ? nil : now])
        }
        try store.persistClock(db)
    }
}
