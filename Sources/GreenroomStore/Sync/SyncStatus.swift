import Foundation
import GRDB
import GreenroomCore

/// One local operation waiting in the outbox, as the store wrote it: `fields` and `prev`
/// are already compact, key-sorted JSON objects.
public struct OutboxEntry: Sendable, Hashable {
    public var seq: Int64
    public var hlc: String
    public var op: String
    public var entity: String
    public var rowID: String
    public var fields: String
    public var prev: String
}

/// A device seen in the sync folder.
public struct SyncPeer: Sendable, Hashable {
    public var device: String
    public var name: String
    /// The newest stamp read from it; its physical part is when it last wrote.
    public var lastHLC: HLC?
    /// When this database last read something new from it.
    public var lastSeenAt: Millis?

    public var lastOperationAt: Millis? { lastHLC?.physical }
}

/// What `greenroom sync status` shows.
public struct SyncStatus: Sendable, Hashable {
    public var deviceID: String
    public var lastSyncAt: Millis?
    /// Local operations not yet exported to a folder.
    public var pendingOperations: Int
    public var openConflicts: Int
    /// Operations kept out of the data: stamped too far ahead, or breaking a field rule.
    public var quarantined: Int
    /// Remote operations waiting for their row (or a row or stage they name).
    public var waitingForRows: Int
    public var peers: [SyncPeer]
    /// The first quarantined and waiting operations, oldest first, with why.
    public var held: [HeldOperation] = []
}

/// An operation in the quarantine, as `sync status` lists it.
public struct HeldOperation: Sendable, Hashable {
    public var kind: QuarantineKind
    /// `path:line` it was read from.
    public var source: String
    public var reason: String
}

extension Store {
    /// Outbox entries after `seq`, oldest first.
    public func outboxEntries(after seq: Int64, limit: Int) throws -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT seq, hlc, op, entity, row_id, fields, prev FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                             arguments: [seq, limit]).map {
                OutboxEntry(seq: $0[0], hlc: $0[1], op: $0[2], entity: $0[3], rowID: $0[4], fields: $0[5], prev: $0[6])
            }
        }
    }

    /// Forgets outbox entries up to `seq` once they are safely published in the folder.
    public func removeExported(through seq: Int64) throws {
        try write { db in try db.execute(sql: "DELETE FROM outbox WHERE seq <= ?", arguments: [seq]) }
    }

    /// The newest stamp this device has issued or received (for `devices/<id>.json`).
    public var latestStamp: HLC { hlc.withLock { $0.latest } }

    public func syncStatus() throws -> SyncStatus {
        try read { db in
            SyncStatus(
                deviceID: deviceID,
                lastSyncAt: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_sync_at'").flatMap(Time.parseISO),
                pendingOperations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0,
                openConflicts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM field_conflict") ?? 0,
                quarantined: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_quarantine WHERE kind <> 'waiting'") ?? 0,
                waitingForRows: try Int.fetchOne(db, sql: """
                    SELECT (SELECT COUNT(*) FROM sync_pending) + (SELECT COUNT(*) FROM sync_quarantine WHERE kind = 'waiting')
                    """) ?? 0,
                peers: try Store.syncPeers(db),
                held: try Row.fetchAll(db, sql: "SELECT kind, source, reason FROM sync_quarantine ORDER BY received_at, hlc LIMIT 20").map {
                    HeldOperation(kind: QuarantineKind(rawValue: $0[0]) ?? .invalid, source: $0[1],
                                  reason: ($0[2] as String?) ?? "stamped more than 24 h ahead of this laptop's clock")
                })
        }
    }

    public func syncPeers() throws -> [SyncPeer] {
        try read { db in try Store.syncPeers(db) }
    }

    static func syncPeers(_ db: Database) throws -> [SyncPeer] {
        try Row.fetchAll(db, sql: "SELECT device, name, last_hlc, last_seen_at FROM sync_peer ORDER BY device").map {
            SyncPeer(device: $0[0], name: $0[1], lastHLC: ($0[2] as String?).flatMap(HLC.init(encoded:)), lastSeenAt: $0[3])
        }
    }

    /// The size and mtime each op file had when a sync last read it, by path: enough to tell
    /// whether a sync has anything new to read without opening a file.
    public func ingestedFileStates() throws -> [String: (size: Int64, mtimeNanoseconds: Int64)] {
        try read { db in
            var states: [String: (size: Int64, mtimeNanoseconds: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, size, mtime_ns FROM sync_ingested") { states[row[0]] = (row[1], row[2]) }
            return states
        }
    }

    /// Whether the outbox holds anything to export.
    public func hasPendingOperations() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox)") ?? false }
    }

    /// Open conflicts, for the TUI header ("· 2 conflicts").
    public func openConflictCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM field_conflict") ?? 0 }
    }
}
