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
/// - every `set`, winner or loser, joins the field's history (`field_write`), and the
///   field's open conflicts are what `ConflictRule` finds there — a function of the writes
///   seen, not of the order they came in, so replicas list the same conflicts; a write that
///   extends the history in a line (P = L, T > L) on a field without open conflicts cannot
///   change them and is not looked at again;
/// - `insert` creates the row once; the same row inserted again with another stamp (rows
///   whose id is derived from what they hold, such as tags, created on two laptops) keeps
///   the newer insert's values wherever no later `set` is newer, so every replica ends with
///   the same row; a `set` for a missing row waits in `sync_pending`;
/// - an operation naming a row or stage not here yet waits in the quarantine (`waiting`);
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
    /// Teams whose own SLA policy or calendar changed (or that were removed or restored):
    /// their open tickets are re-timed at the end.
    var refreshTeams = Set<String>()
    var sessionsChanged = false
    var hasPending: Bool
    var peerStamps: [String: HLC] = [:]
    var peerNames: [String: String] = [:]
    /// The newest stamp applied; the clock receives it when the session ends.
    var latest = Store.genesis
    var insertSQLs: [Entity: [[String]: String]] = [:]
    // Statements prepared once per session (SyncStatements.swift).
    var stampStatements: (select: Statement?, upsert: Statement?, history: Statement?) = (nil, nil, nil)
    var selectStatements: [Entity: [(names: [String], statement: Statement)]] = [:]
    var updateStatements: [Entity: [(names: [String], statement: Statement)]] = [:]

    var lastInsert: [Entity: (names: [String], statement: Statement)] = [:]
    /// A row, by entity and id (a struct key: no string built per operation).
    struct RowKey: Hashable, Comparable {
        var entity: Entity
        var id: String
        init(entity: Entity, id: String) { self.entity = entity; self.id = id }
        init(_ op: SyncOperation) { self.init(entity: op.entity, id: op.id) }
        /// Table (rows others refer to first: teammates before creators before their
        /// sessions), then id: the order a chunk's rows are written in.
        static func < (a: RowKey, b: RowKey) -> Bool { a.entity == b.entity ? a.id < b.id : a.entity.applyRank < b.entity.applyRank }
    }
    /// The `field_stamp` state of fields this session has read or written, by row: nil for
    /// a field without a row there (its stamp is the row's `hlc`). A row edited again later
    /// in the same sync (a week of edits arrives over several chunks) skips reading its
    /// stamps back. Only `mergeSets` writes `field_stamp` during a session, and it keeps
    /// this in step; it is cleared when it grows past `knownStampsLimit` rows.
    var knownStamps: [RowKey: [String: (hlc: String, prev: String?)?]] = [:]
    static let knownStampsLimit = 200_000
    /// Creators inserted by this session, whose (empty) statistics rows are added in
    /// `finish`, in id order.
    var newCreators: [String] = []
    /// Rows known to exist (for reference checks), and how many ids that is.
    var knownRows: [Entity: Set<String>] = [:]
    var knownRowCount = 0
    static let knownRowsLimit = 100_000
    /// Stage names the team has had (`sync_known_stage`), loaded when first needed.
    var knownStages: Set<String>?
    /// Fields with an open conflict when the session began or since.
    var conflictKeys: Set<FieldKey>
    /// Fields whose history changed in a way that may change their conflicts; recomputed in
    /// `finish`.
    var dirtyKeys = Set<FieldKey>()

    /// Counts for the summary.
    public private(set) var applied = 0
    public private(set) var unchanged = 0
    public private(set) var pending = 0
    public internal(set) var conflicts = 0
    /// Operations put in the quarantine to wait for a row or stage during this sync.
    public internal(set) var held = 0
    /// Deletes the fail-safe held during this sync.
    public internal(set) var heldDeletes = false
    public internal(set) var quarantined = 0
    /// Notes worth a line in the report that are not errors (renamed duplicate handles).
    public internal(set) var notices: [String] = []

    init(store: Store, db: Database, now: Millis) throws {
        self.store = store
        self.db = db
        self.now = now
        hasPending = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_pending)") ?? false
        conflictKeys = try ConflictBook.fieldsInConflict(db)
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
    ///
    /// An operation that names a row or stage not here yet is thrown as `SyncHold`, having
    /// changed nothing.
    @discardableResult
    public func apply(_ op: SyncOperation) throws -> SyncApplyOutcome {
        if let reason = try missingReference(op) { throw SyncHold(reason: reason) }
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

    func count(_ op: SyncOperation, _ outcome: SyncApplyOutcome) {
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

    func applyRecord(_ op: SyncOperation) throws -> SyncApplyOutcome {
        // The common case of an insert — a row this database does not have — is one statement.
        if op.kind == .insert {
            if try insertRecord(op) { return .applied }
            return try mergeInsert(op)
        }
        return try mergeSets(op.entity, op.id, [op])[0]
    }

    /// Applies operations in bulk: the same outcome as applying each in turn, but the `set`s
    /// of one row are merged in memory and written with one statement — a laptop catching up
    /// on a week of edits to the same tickets and creators writes each row once. Returns, per
    /// operation, nil or why it was refused (an operation of a row whose combined write the
    /// database refuses is retried alone, so the reason names the right line).
    ///
    /// An operation naming a row or stage not here yet is put in the quarantine to wait
    /// (`waiting`, counted in `held`); that is not an error of its line — the row is usually
    /// in a file the carrier has not brought yet.
    /// `sources` (when given) names where each operation was read (`path:line`), for the
    /// quarantine.
    public func apply(batch ops: [SyncOperation], sources: ((Int) -> String)? = nil) throws -> [SyncLineError?] {
        var errors = [SyncLineError?](repeating: nil, count: ops.count)
        func hold(_ i: Int, _ hold: SyncHold) throws {
            try wait(ops[i], hold, source: sources?(i) ?? "")
        }
        func apply(_ i: Int) throws {
            do { try self.apply(ops[i]) } catch let e as SyncLineError { errors[i] = e } catch let h as SyncHold { try hold(i, h) }
        }
        // Rows by entity and id (a struct key: no string built per operation); operations are
        // reached by index, so a batch is not copied operation by operation.
        var groups: [RowKey: [Int]] = [:]
        var order: [RowKey] = []
        // Settings, and rows with a write that can collide on a unique handle, go one
        // operation at a time, in order.
        var alone = Set<RowKey>()
        for i in ops.indices where ops[i].entity == .setting
            || (ops[i].kind == .set && (ops[i].entity == .creator || ops[i].entity == .member)
                && (ops[i].field("handle") != nil || ops[i].field("deleted") != nil)) {
            alone.insert(RowKey(ops[i]))
        }
        // Inserts first, by table and id: consecutive inserts then land on neighbouring index
        // pages that are still in the processor's cache (a first sync inserts hundreds of
        // thousands of rows with random ids). Applying is order-independent, so this changes
        // no result.
        var inserts = ops.indices.filter { ops[$0].kind == .insert }
        inserts.sort { RowKey(ops[$0]) < RowKey(ops[$1]) }
        for i in inserts { try apply(i) }
        for i in ops.indices where ops[i].kind != .insert {
            let key = RowKey(ops[i])
            if !alone.isEmpty, alone.contains(key) {
                try apply(i)
                continue
            }
            if SyncSession.append(i, to: &groups[key, default: []]) { order.append(key) } // one lookup per operation
        }
        // Merged rows in table and id order too, for the same reason (their rows and their
        // field stamps are then read and written along the tables, not at random).
        order.sort()
        for key in order {
            var indices = groups[key]!
            if indices.count == 1 {
                try apply(indices[0])
                continue
            }
            // Operations that name a row not here yet wait; the rest merge together.
            var ready: [Int] = []
            for i in indices {
                if let reason = try missingReference(ops[i]) {
                    try hold(i, SyncHold(reason: reason))
                } else {
                    ready.append(i)
                }
            }
            indices = ready
            guard !indices.isEmpty else { continue }
            let group = indices.map { ops[$0] }
            do {
                let outcomes = try mergeSets(key.entity, key.id, group)
                for (op, outcome) in zip(group, outcomes) { count(op, outcome) }
            } catch is SyncLineError {
                for i in indices { try apply(i) }
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_MISMATCH) && db.isInsideTransaction {
                for i in indices { try apply(i) }
            }
        }
        return errors
    }

    /// Appends and says whether the list was empty before.
    private static func append(_ index: Int, to list: inout [Int]) -> Bool {
        list.append(index)
        return list.count == 1
    }

    func rowExists(_ table: String, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?"), arguments: [id]) ?? false
    }

    /// `set` operations that arrived before their row, in stamp order.
    func replayPending(_ entity: Entity, _ id: String) throws {
        let lines = try String.fetchAll(db.cachedStatement(sql: "SELECT op FROM sync_pending WHERE entity = ? AND row_id = ? ORDER BY hlc"),
                                        arguments: [entity.rawValue, id])
        guard !lines.isEmpty else { return }
        try db.cachedStatement(sql: "DELETE FROM sync_pending WHERE entity = ? AND row_id = ?").execute(arguments: [entity.rawValue, id])
        for line in lines {
            guard case .success(let op) = SyncOperation.parse(Data(line.utf8)) else { continue }
            pending -= 1 // it was counted as pending when it arrived
            do { try apply(op) } catch let hold as SyncHold { _ = try wait(op, hold) }
        }
    }

    func applySetting(_ op: SyncOperation) throws -> SyncApplyOutcome {
        guard let theirs = op.field("value") else { return .unchanged }
        let incoming = op.hlc.encoded
        let prev = op.prev["value"]?.encoded
        let key = FieldKey(entity: .setting, rowID: op.id, field: "value")
        let write = ConflictRule.Write(hlc: incoming, prev: prev, value: theirs)
        // Every version of the stage lists names stages (winner or not), so whether an
        // operation's stage is known does not depend on the order settings arrive in.
        if case .text(let json) = theirs { try Store.rememberStages(db, key: op.id, json: json) }
        knownStages = nil
        guard let row = try Row.fetchOne(db, sql: "SELECT value, hlc, prev FROM setting WHERE key = ?", arguments: [op.id]) else {
            try db.execute(sql: "INSERT INTO setting(key, value, hlc, prev) VALUES (?, ?, ?, ?)",
                           arguments: [op.id, theirs.databaseValue, incoming, prev])
            try ConflictBook.record(key, before: write, write: write, db)
            if op.id == TeamSettings.Key.businessHours.rawValue { refreshAllTickets = true }
            return .applied
        }
        let local = ConflictRule.Write(hlc: row["hlc"], prev: row["prev"], value: Store.fieldValue(row["value"] as DatabaseValue))
        if incoming == local.hlc { return .unchanged }
        try ConflictBook.record(key, before: local, write: write, db)
        if incoming < local.hlc || prev != local.hlc || conflictKeys.contains(key) { dirtyKeys.insert(key) }
        guard incoming > local.hlc else { return .unchanged }
        try db.execute(sql: "UPDATE setting SET value = ?, hlc = ?, prev = ? WHERE key = ?",
                       arguments: [theirs.databaseValue, incoming, prev, op.id])
        if op.id == TeamSettings.Key.businessHours.rawValue { refreshAllTickets = true }
        return .applied
    }

    func currentValue(_ table: String, _ column: String, _ id: String) throws -> FieldValue {
        let value = try DatabaseValue.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [id]) ?? .null
        return Store.fieldValue(value)
    }

    /// Two laptops may each create a live creator (or teammate) with the same handle while
    /// offline; the unique index allows one. Every replica settles it the same way, whatever
    /// order the writes arrive in: the row with the smaller id keeps the handle and the other
    /// becomes `handle~<last 6 of its id>`, with its stamp unchanged. The rename is recorded
    /// as a conflict on the renamed row so someone can pick a better handle. Returns the
    /// handle the incoming row gets, or nil when it keeps the one it asked for.
    func settleHandle(_ entity: Entity, id: String, handle: String, stamp: HLC) throws -> String? {
        let table = entity.rawValue
        guard let other = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE handle = ? AND deleted = 0 AND id <> ?"),
                                              arguments: [handle, id]) else { return nil }
        let loser = max(id, other)
        let renamed = handle + "~" + String(loser.suffix(6))
        // The rename is listed as a conflict of the renamed row (`ConflictBook.recompute`).
        dirtyKeys.insert(FieldKey(entity: entity, rowID: loser, field: "handle"))
        notices.append("\(entity.rawValue) handle \(TerminalText.sanitize(handle)) was taken on two laptops; \(loser) is now \(TerminalText.sanitize(renamed))")
        if loser == id { return renamed }
        try db.execute(sql: "UPDATE \(table) SET handle = ? WHERE id = ?", arguments: [renamed, other])
        if entity == .creator { touchedCreators.insert(other) }
        return nil
    }

    /// Notes which derived data the operation's row feeds.
    func touch(_ op: SyncOperation) throws {
        switch op.entity {
        case .creator:
            // Only the stage feeds a creator's derived column (stage_entered_at).
            if op.kind == .insert || op.field("stage") != nil { touchedCreators.insert(op.id) }
        case .stageEvent:
            if let creator = try op.field("creator_id")?.text
                ?? String.fetchOne(db.cachedStatement(sql: "SELECT creator_id FROM stage_event WHERE id = ?"), arguments: [op.id]) {
                touchedCreators.insert(creator)
            }
        case .ticket:
            touchedTickets.insert(op.id)
        case .ticketEvent:
            if let ticket = try op.field("ticket_id")?.text
                ?? String.fetchOne(db.cachedStatement(sql: "SELECT ticket_id FROM ticket_event WHERE id = ?"), arguments: [op.id]) {
                touchedTickets.insert(ticket)
            }
        case .slaPolicy:
            // A team's own policy re-times that team's tickets; the team-wide one (or a policy
            // moved between teams) every open ticket.
            let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT team_id FROM sla_policy WHERE id = ?"), arguments: [op.id])
            if let team = stored, op.kind == .insert || op.field("team_id") == nil {
                refreshTeams.insert(team)
            } else {
                refreshAllTickets = true
            }
        case .team:
            if op.field("calendar") != nil || op.field("deleted") != nil { refreshTeams.insert(op.id) }
        case .liveSession:
            sessionsChanged = true
        case .conflictDecision:
            if let entity = op.field("entity")?.text.flatMap(Entity.init(rawValue:)), let row = op.field("row_id")?.text,
               let field = op.field("field")?.text {
                dirtyKeys.insert(FieldKey(entity: entity, rowID: row, field: field))
            }
        default:
            break
        }
    }
}
