import Foundation
import GRDB
import GreenroomCore

/// A peer's deletes that the fail-safe holds, by device and kind of record.
public struct HeldDeletes: Sendable, Hashable {
    public var device: String
    /// The device's name from its `devices/<id>.json`, when known.
    public var deviceName: String?
    public var entity: Entity
    public var count: Int

    /// "5,000 creators from ana-laptop (a1b2c3d4e5f60718)".
    public var description: String {
        let what = entity.rawValue.replacingOccurrences(of: "_", with: " ") + (count == 1 ? "" : "s")
        let who = deviceName.map { "\($0) (\(device))" } ?? device
        return "\(count.formatted(.number.grouping(.automatic))) \(what) from \(who)"
    }
}

/// The delete fail-safe (issue 19, after Joplin's): a sync whose files would delete more of
/// one kind of record from one device than the team's `sync.delete_guard` allows applies
/// none of those deletes. They wait in `sync_held` until someone accepts them
/// (`greenroom sync --accept-deletes DEVICE`, or the app's confirm) or keeps the records
/// (`--keep-deleted DEVICE`: the deletes are applied and each record restored by a synced
/// write, so every laptop gets the records back). Further deletes of the same kind from the
/// same device wait with them. Holding changes nothing else: the device's other writes
/// apply, and a record restored meanwhile stays restored when the deletes are accepted
/// (the later write wins).
extension SyncSession {
    /// Kinds of record whose deletes are guarded (tags and undone events — a stage move, a
    /// ticket action, a module completion taken back — are not records a person deletes).
    /// Issue 26's records are guarded like the rest: programs and their modules, workshops,
    /// communities and incentive tasks, and the rows that tie creators to them (enrolments,
    /// invitations, memberships) and the resource-send log, so a peer that unenrols or
    /// removes thousands at once waits for a decision as a mass delete of creators does.
    public static let guardedEntities: Set<Entity> = [.creator, .ticket, .activity, .member, .network, .campaign, .article,
                                                      .program, .programModule, .programEnrolment, .workshop, .workshopInvite,
                                                      .community, .communityMember, .incentiveTask, .resourceSend,
                                                      .team, .teamMember, .shiftException, .coachingItem]

    /// Whether `op` deletes a guarded record.
    public static func isGuardedDelete(_ op: SyncOperation) -> Bool {
        op.kind == .set && op.field("deleted") == .int(1) && guardedEntities.contains(op.entity)
    }

    /// Applies the deletes read in this sync, except groups (device, entity) that trip the
    /// guard or already wait; returns the errors per operation and what is held now.
    public func applyDeletes(_ ops: [SyncOperation], sources: ((Int) -> String)? = nil) throws -> [SyncLineError?] {
        guard !ops.isEmpty else { return [] }
        let rule = try Store.loadSettings(db).deleteGuard
        var groups: [String: [Int]] = [:]
        for i in ops.indices { groups["\(ops[i].hlc.device)/\(ops[i].entity.rawValue)", default: []].append(i) }
        var errors = [SyncLineError?](repeating: nil, count: ops.count)
        var apply: [Int] = []
        for key in groups.keys.sorted() {
            let indices = groups[key]!
            let device = ops[indices[0]].hlc.device, entity = ops[indices[0]].entity
            let waiting = try Bool.fetchOne(db, sql: "SELECT 1 FROM sync_held WHERE device = ? AND entity = ? LIMIT 1",
                                            arguments: [device, entity.rawValue]) ?? false
            let ids = Set(indices.map { ops[$0].id })
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(entity.rawValue) WHERE deleted = 0") ?? 0
            var deleting = 0
            for id in ids where try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(entity.rawValue) WHERE id = ? AND deleted = 0"),
                                                  arguments: [id]) == true {
                deleting += 1
            }
            guard waiting || rule.trips(deleting: deleting, of: live) else {
                apply += indices
                continue
            }
            for i in indices {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO sync_held(device, entity, row_id, hlc, op, received_at) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [device, entity.rawValue, ops[i].id, ops[i].stamp, ops[i].source, now])
            }
            heldDeletes = true
        }
        let applied = apply.map { ops[$0] }
        for (k, error) in try self.apply(batch: applied, sources: sources.map { source in { source(apply[$0]) } }).enumerated() {
            errors[apply[k]] = error
        }
        return errors
    }

    /// Applies every held delete of `device` (all kinds, or one), in stamp order; returns the
    /// ids deleted by them, by entity.
    @discardableResult
    public func acceptHeldDeletes(device: String, entity: Entity? = nil) throws -> [Entity: [String]] {
        var sql = "SELECT op FROM sync_held WHERE device = ?"
        var arguments: StatementArguments = [device]
        if let entity { sql += " AND entity = ?"; arguments += [entity.rawValue] }
        let lines = try String.fetchAll(db, sql: sql + " ORDER BY hlc", arguments: arguments)
        let ops = lines.compactMap { line -> SyncOperation? in
            if case .success(let op) = SyncOperation.parse(Data(line.utf8)) { return op } else { return nil }
        }
        _ = try apply(batch: ops)
        try db.execute(sql: "DELETE FROM sync_held WHERE device = ?" + (entity == nil ? "" : " AND entity = ?"), arguments: arguments)
        var ids: [Entity: [String]] = [:]
        for op in ops { ids[op.entity, default: []].append(op.id) }
        return ids.mapValues { Array(Set($0)).sorted() }
    }
}

extension Store {
    /// Deletes the fail-safe holds, by device and kind, largest first.
    public func heldDeletes() throws -> [HeldDeletes] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.device, p.name, h.entity, COUNT(DISTINCT h.row_id) AS n FROM sync_held h
                LEFT JOIN sync_peer p ON p.device = h.device
                GROUP BY h.device, h.entity ORDER BY n DESC, h.device, h.entity
                """).compactMap { row in
                guard let entity = Entity(rawValue: row[2]) else { return nil }
                let name: String? = row[1]
                return HeldDeletes(device: row[0], deviceName: (name?.isEmpty ?? true) ? nil : name, entity: entity, count: row[3])
            }
        }
    }

    /// The device id of held deletes named by `text`: a device id, its first characters, or
    /// the device's name.
    public func heldDevice(named text: String) throws -> String? {
        let held = try heldDeletes()
        let devices = Set(held.map(\.device))
        if devices.contains(text) { return text }
        let byName = Set(held.filter { $0.deviceName?.lowercased() == text.lowercased() }.map(\.device))
        if byName.count == 1 { return byName.first }
        let byPrefix = devices.filter { $0.hasPrefix(text.lowercased()) }
        return byPrefix.count == 1 && text.count >= 4 ? byPrefix.first : nil
    }
}

extension Store {
    /// Sets the team's delete fail-safe (`sync.delete_guard`, a synced setting).
    public func setDeleteGuard(_ rule: TeamSettings.DeleteGuard) throws {
        if let problem = rule.validationError { throw GreenroomError.invalidInput("delete guard: \(problem)") }
        try write { db in try writeSetting(.deleteGuard, rule, in: db) }
    }
}
