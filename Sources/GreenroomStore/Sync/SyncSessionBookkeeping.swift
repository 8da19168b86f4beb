import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// Why an operation is kept out of the data (`sync_quarantine.kind`).
public enum QuarantineKind: String, Sendable, CaseIterable {
    case future, invalid, waiting
}

/// An operation that names a row or stage this database does not have yet: it waits in the
/// quarantine and is tried again on every sync.
public struct SyncHold: Error, Sendable {
    public var reason: String
}

/// A sync session's bookkeeping: the quarantine, the files read, peers, and what `finish`
/// brings up to date before the commit.
extension SyncSession {
    /// Keeps an operation out of the data (DESIGN.md §6, §9), with why:
    /// - `future`: stamped implausibly far ahead (more than `SyncSession.maxClockSkew` past
    ///   local time); `releaseQuarantine` applies it once time catches up;
    /// - `invalid`: it breaks a field rule; it is never applied;
    /// - `waiting`: it names a row or stage not here yet; `retryWaiting` tries it again on
    ///   every sync.
    /// True when it was not quarantined before (a file read again adds nothing).
    @discardableResult
    public func quarantine(_ op: SyncOperation, source: String, kind: QuarantineKind = .future, reason: String? = nil) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO sync_quarantine(hlc, entity, row_id, source, op, received_at, kind, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [op.hlc.encoded, op.entity.rawValue, op.id, source, op.source, now, kind.rawValue, reason])
        guard db.changesCount > 0 else { return false }
        quarantined += 1
        return true
    }

    /// Puts an operation that names something not here yet in the quarantine to wait; true
    /// the first time.
    @discardableResult
    func wait(_ op: SyncOperation, _ hold: SyncHold, source: String = "") throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO sync_quarantine(hlc, entity, row_id, source, op, received_at, kind, reason) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?)
            """).execute(arguments: [op.hlc.encoded, op.entity.rawValue, op.id, source, op.source, now, hold.reason])
        guard db.changesCount > 0 else { return false }
        held += 1
        return true
    }

    /// What every sync does once everything read is applied: operations that waited for a
    /// row or stage are tried again (theirs may have come in this sync), and the conflicts
    /// of every field whose history changed are brought up to date. `finish` does it too.
    public func settle() throws {
        let released = try retryWaiting()
        held = max(0, held - released)
        for key in dirtyKeys.sorted() { conflicts += try ConflictBook.recompute(key, db, now: now) }
        dirtyKeys = []
    }

    /// How far ahead of local time a stamp may be before it is quarantined: 24 hours.
    public static let maxClockSkew: Millis = 24 * Time.hour

    /// Quarantined `future` operations that are no longer too far ahead, removed from the
    /// quarantine.
    public func releaseQuarantine() throws -> [SyncOperation] {
        let limit = HLC(physical: now + SyncSession.maxClockSkew, counter: HLC.maxCounter, device: "ffffffffffffffff").encoded
        let lines = try String.fetchAll(db, sql: "SELECT op FROM sync_quarantine WHERE kind = 'future' AND hlc <= ? ORDER BY hlc", arguments: [limit])
        try db.execute(sql: "DELETE FROM sync_quarantine WHERE kind = 'future' AND hlc <= ?", arguments: [limit])
        return lines.compactMap { if case .success(let op) = SyncOperation.parse(Data($0.utf8)) { return op } else { return nil } }
    }

    /// Tries every `waiting` operation again, oldest first: those whose rows and stages have
    /// arrived are applied and leave the quarantine; the rest wait on, silently (their line
    /// was reported when they first arrived). Returns how many were applied.
    @discardableResult
    public func retryWaiting() throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT hlc, entity, row_id, op FROM sync_quarantine WHERE kind = 'waiting' ORDER BY hlc")
        var released = 0
        for row in rows {
            let arguments: StatementArguments = [row[0] as String, row[1] as String, row[2] as String]
            guard case .success(let op) = SyncOperation.parse(Data((row[3] as String).utf8)) else {
                try db.execute(sql: "DELETE FROM sync_quarantine WHERE hlc = ? AND entity = ? AND row_id = ?", arguments: arguments)
                continue
            }
            do {
                try apply(op)
                try db.execute(sql: "DELETE FROM sync_quarantine WHERE hlc = ? AND entity = ? AND row_id = ?", arguments: arguments)
                released += 1
            } catch is SyncHold {
                continue
            } catch let error as SyncLineError {
                try db.execute(sql: "UPDATE sync_quarantine SET kind = 'invalid', reason = ? WHERE hlc = ? AND entity = ? AND row_id = ?",
                               arguments: [error.reason] + arguments)
            }
        }
        return released
    }

    /// Operations an older build quarantined as invalid — a value outside a field's rules as
    /// that build knew them, such as a kind a later version added — are checked once more
    /// after each upgrade (a newest migration they were not checked with): those valid now
    /// are applied like any other, or wait for their row; the rest stay, with today's reason.
    /// Without this an upgraded laptop would never take what a newer teammate wrote before
    /// the upgrade (the file was recorded as read when the line was quarantined).
    @discardableResult
    public func retryInvalidAfterUpgrade() throws -> Int {
        let current = Schema.migrationIdentifiers.last ?? ""
        let checked = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'quarantine_checked_with'")
        guard checked != current else { return 0 }
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('quarantine_checked_with', ?)", arguments: [current])
        let rows = try Row.fetchAll(db, sql: "SELECT hlc, entity, row_id, op FROM sync_quarantine WHERE kind = 'invalid' ORDER BY hlc")
        var released = 0
        for row in rows {
            let arguments: StatementArguments = [row[0] as String, row[1] as String, row[2] as String]
            guard case .success(let op) = SyncOperation.parse(Data((row[3] as String).utf8)) else { continue }
            if let problem = op.problem {
                try db.execute(sql: "UPDATE sync_quarantine SET reason = ? WHERE hlc = ? AND entity = ? AND row_id = ?", arguments: [problem] + arguments)
                continue
            }
            do {
                try apply(op)
                try db.execute(sql: "DELETE FROM sync_quarantine WHERE hlc = ? AND entity = ? AND row_id = ?", arguments: arguments)
                released += 1
            } catch let hold as SyncHold {
                try db.execute(sql: "UPDATE sync_quarantine SET kind = 'waiting', reason = ? WHERE hlc = ? AND entity = ? AND row_id = ?",
                               arguments: [hold.reason] + arguments)
            } catch let error as SyncLineError {
                try db.execute(sql: "UPDATE sync_quarantine SET reason = ? WHERE hlc = ? AND entity = ? AND row_id = ?", arguments: [error.reason] + arguments)
            }
        }
        return released
    }

    /// The op files read by earlier syncs, by path relative to the folder.
    public func ingestedFiles() throws -> [String: IngestedFile] {
        var files: [String: IngestedFile] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT path, size, mtime_ns, hash, lines, complete, ordinal FROM sync_ingested") {
            let file = IngestedFile(path: row[0], size: row[1], mtimeNanoseconds: row[2], hash: row[3], lines: row[4], complete: row[5], ordinal: row[6])
            files[file.path] = file
        }
        return files
    }

    public func recordIngested(_ file: IngestedFile) throws {
        try db.execute(sql: """
            INSERT INTO sync_ingested(path, size, mtime_ns, hash, lines, complete, ordinal) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash,
                lines = excluded.lines, complete = excluded.complete, ordinal = excluded.ordinal
            """, arguments: [file.path, file.size, file.mtimeNanoseconds, file.hash, file.lines, file.complete, file.ordinal])
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

    /// Brings derived data and open conflicts up to date with everything applied, and saves
    /// the clock and peers.
    func finish() throws {
        // Conflicts of every field whose history changed other than in a line.
        for key in dirtyKeys.sorted() { conflicts += try ConflictBook.recompute(key, db, now: now) }
        dirtyKeys = []
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
        // One book of policies and calendars for every ticket re-derived here (issue 24: each
        // is timed by its team's), not a lookup per ticket.
        if refreshAllTickets {
            try Derived.refreshAllOpenTickets(db)
            let book = try Store.slaBook(db)
            for id in touchedTickets.sorted() { try Derived.refreshTicket(db, ticketID: id, book: book) }
        } else if !touchedTickets.isEmpty || !refreshTeams.isEmpty {
            let book = try Store.slaBook(db)
            try Derived.refreshOpenTickets(db, teams: refreshTeams, book: book)
            for id in touchedTickets.sorted() { try Derived.refreshTicket(db, ticketID: id, book: book) }
        }
        refreshTeams = []
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
