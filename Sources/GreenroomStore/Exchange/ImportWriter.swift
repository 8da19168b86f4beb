import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// Writes the new creators and live sessions of a checked import: the same rows, field
/// stamps, outbox operations, stage events, statistics and search rows that
/// `insertStamped` and `apply(.insertCreator)` write one by one, at bulk speed.
///
/// Where an import of 100,000 creators spent its 1,337 s (perf, DWARF call graphs, before
/// this writer existed): ~97% in the `kpi_stage_insert` trigger of each creator's first
/// stage event, whose pipeline-conversion `DELETE` probes `stage_event` once for every
/// cached `kpi_rollup` row (a database whose KPI pane had been opened holds thousands), so
/// each creator cost ~13 ms and grew with the cache; the rest was per-row work that adds
/// up at this scale (a search row flushed at every statement, `Derived` stage-entry
/// updates, the clock saved after every operation, JSON through `JSONEncoder`).
///
/// So, inside the import's one transaction:
/// - a large import first drops the cached KPI values its rows would drop anyway (all of
///   the stage- and session-driven KPIs' rollups, once), so the invalidation triggers find
///   nothing to do; the KPI pane computes them again when next opened;
/// - rows are bound straight into prepared statements through SQLite's C interface, new
///   creators in id order (their ids, and their sessions', are time-ordered UUIDv7s);
/// - each creator's stage entry time is written with it (its one stage event's time);
/// - search rows are deferred as a sync defers them (v8/v12) and written in one statement;
/// - statistics rows are added in id order and refreshed once;
/// - every row still gets its own HLC stamp and outbox operation (`OutboxJSON` writes the
///   same JSON `JSONText` would); the clock is saved once at the end.
struct ImportWriter {
    let store: Store
    let db: Database
    let memberID: String?
    /// Rows handed to `progress` as they are written.
    var progress: ((Int) -> Void)?
    /// Where the phases' times go.
    let timings: PhaseTimings
    private var json = OutboxJSON()
    private var written = 0

    /// Above this many rows, cached KPI values are dropped once up front instead of by a
    /// trigger per row (see the type's comment).
    static let bulkThreshold = 50

    init(store: Store, db: Database, memberID: String?, timings: PhaseTimings, progress: ((Int) -> Void)? = nil) {
        self.store = store; self.db = db; self.memberID = memberID; self.timings = timings; self.progress = progress
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ s: OpaquePointer, _ i: Int32, _ text: String?) {
        if let text { sqlite3_bind_text(s, i, text, -1, ImportWriter.transient) } else { sqlite3_bind_null(s, i) }
    }

    private func bind(_ s: OpaquePointer, _ i: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(s, i, value) } else { sqlite3_bind_null(s, i) }
    }

    private func bindJSON(_ s: OpaquePointer, _ i: Int32) {
        json.bytes.withUnsafeBufferPointer { buffer in
            _ = buffer.baseAddress.map { sqlite3_bind_text(s, i, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(buffer.count), ImportWriter.transient) }
        }
    }

    private func outbox(_ s: OpaquePointer, _ stamp: String, _ entity: Entity, _ id: String) throws {
        bind(s, 1, stamp)
        bind(s, 2, entity.rawValue)
        bind(s, 3, id)
        bindJSON(s, 4)
        try SQLite.step(s, db)
    }

    /// Whether adding `rows` to `table` is cheaper with its secondary indexes dropped and
    /// built again afterwards: from 5,000 rows when they are at least half of what the table
    /// holds. (Inserting 100,000 creators in random key order into the creator table's twelve
    /// B-trees took ~4 s; building them again by sorting takes ~1.2 s.)
    func rebuildsIndexes(of table: String, adding rows: Int) throws -> Bool {
        guard rows >= 5_000 else { return false }
        let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        return rows * 2 >= existing
    }

    /// Drops the secondary indexes of `tables` — or, with `only`, those of them named there —
    /// inside the import's transaction (a failure rolls the drop back too), and returns the
    /// SQL that builds them again.
    func dropIndexes(_ tables: [String], only names: Set<String>? = nil) throws -> [String] {
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list)) ORDER BY tbl_name, name")
            .filter { names?.contains($0[0] as String) ?? true }
        for row in rows { try db.execute(sql: "DROP INDEX \((row[0] as String).quotedDatabaseIdentifier)") }
        return rows.map { $0[1] as String }
    }

    /// Drops the `AFTER INSERT` triggers of `tables` for a bulk load and returns their SQL.
    /// Each trigger left in place makes every insert keep a statement journal (a copy of
    /// every page it touches, ~2 µs a row); what they would do, the bulk load does once:
    /// the KPI-cache triggers find nothing (their rollups were dropped first) and the search
    /// rows of the new creators are written in one statement.
    ///
    /// Only triggers whose work is known are dropped: the search triggers by name, and
    /// KPI-cache triggers whose body does nothing but drop rollups (`Schema.guardedKPITrigger`
    /// reads them) — the rollups of every KPI they name are dropped first, so skipping them
    /// changes nothing. Any other insert trigger (a later migration's) stays and fires.
    func dropInsertTriggers(_ tables: [String]) throws -> [String] {
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (\(list)) AND instr(upper(sql), 'AFTER INSERT ON') > 0 ORDER BY name")
        // The search triggers, and the creator rules' change marks (v26): what both would
        // write, the bulk load writes once for the new creators.
        let search: Set<String> = ["creator_fts_after_insert", "creator_fts_deferred_insert", "creator_fts_after_tag_insert", "creator_fts_deferred_tag_insert",
                                   "rule_dirty_creator_insert", "rule_dirty_creator_tag_insert"]
        var dropped: [String] = []
        for row in rows {
            let name: String = row[0], sql: String = row[1]
            if !search.contains(name) {
                guard Schema.guardedKPITrigger(sql) != nil else { continue }
                let kpis = sql.matches(of: #/'([a-z0-9_]+)'/#).map { String($0.output.1) }
                guard !kpis.isEmpty else { continue }
                try db.execute(sql: "DELETE FROM kpi_rollup WHERE kpi IN (\(Set(kpis).sorted().map { "'\($0)'" }.joined(separator: ", ")))")
            }
            try db.execute(sql: "DROP TRIGGER \(name.quotedDatabaseIdentifier)")
            dropped.append(sql)
        }
        return dropped
    }

    /// Builds dropped indexes again (SQLite's sorter, helped by a second thread).
    func buildIndexes(_ sql: [String]) throws {
        guard !sql.isEmpty else { return }
        try db.execute(sql: "PRAGMA threads = 2")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        for statement in sql { try db.execute(sql: statement) }
    }

    /// `count` new ids for rows made now, in increasing order, so rows written in that order
    /// append to their primary-key index instead of landing on random pages.
    /// The random bits come from SplitMix64 seeded once from the system's random source (a
    /// system call for each of 200,000 ids was a twentieth of an import); ids stay unique
    /// across laptops as long as two never draw the same 64-bit seed.
    static func orderedIDs(_ count: Int, millis: Millis) -> [String] {
        var rng = SeededGenerator(seed: UInt64.random(in: .min ... .max))
        // Sorted as numbers, then formatted (the hex sorts as the numbers do). The high and
        // low halves are sorted apart (a plain integer sort, a tenth of sorting pairs): paired
        // again in order, the ids are in order, and each half is still the random draw it was.
        let parts = (0..<count).map { _ in UUIDv7.bits(millis: millis, using: &rng) }
        let highs = parts.map(\.high).sorted(), lows = parts.map(\.low).sorted()
        return zip(highs, lows).map { UUIDv7.format(high: $0, low: $1) }
    }

    /// Inserts `creators` (each with its tags), their first stage events and statistics rows.
    mutating func insertCreators(_ creators: [(creator: Creator, tags: [String])]) throws {
        guard !creators.isEmpty else { return }
        let bulk = try rebuildsIndexes(of: "creator", adding: creators.count)
        // New creators are written in id order, which is creation order (UUIDv7), and their
        // events and tags after them: every index keyed by id, creator, time or a small group
        // then time (stage and entry time, tag and creator, network) grows at its end and
        // stays; only those keyed by handle, name or followers are dropped and sorted again.
        let unordered: Set<String> = ["creator_handle", "creator_owner", "creator_market", "creator_name", "creator_followers", "creator_stage_handle"]
        let dropped = bulk ? try dropIndexes(["creator"], only: unordered) : []
        let triggers = bulk ? try dropInsertTriggers(["creator", "stage_event", "creator_tag"]) : []
        let firstRowid = (try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM creator") ?? 0) + 1
        // In id order: the ids are read out and their indices sorted (moving 100,000 creators
        // with their strings was a twentieth of writing them, and a comparison reaching into
        // `creators` copied a creator).
        let ids = creators.map(\.creator.id)
        let order = zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 })
            ? Array(ids.indices) : ids.indices.sorted(by: { ids[$0] < ids[$1] })
        let eventMillis = store.now
        let eventIDs = ImportWriter.orderedIDs(creators.count, millis: eventMillis)
        let tagLists = order.map { Set(creators[$0].tags.map(Store.normalizeTag)).sorted().filter { !$0.isEmpty } }
        let tagIDs = ImportWriter.orderedIDs(tagLists.reduce(0) { $0 + $1.count }, millis: eventMillis)
        var nextTag = 0
        if creators.count > ImportWriter.bulkThreshold {
            try db.execute(sql: """
                DELETE FROM kpi_rollup WHERE kpi IN ('activity_rate','new_activations','week1_retention','week4_retention','median_time_in_stage','pipeline_conversion')
                """)
        }
        let insert = try SQLite.ready(db.cachedStatement(sql: """
            INSERT INTO creator (id, handle, display_name, kind, market, language, network_id, owner_id, stage, source, followers,
                                 email, phone, notes, created_at, deleted, stage_entered_at, hlc, team_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            """).sqliteStatement)
        let event = try SQLite.ready(db.cachedStatement(sql: """
            INSERT INTO stage_event (id, creator_id, from_stage, to_stage, at, by_member_id, reason, deleted, hlc)
            VALUES (?, ?, NULL, ?, ?, ?, NULL, 0, ?)
            """).sqliteStatement)
        let tag = try SQLite.ready(db.cachedStatement(sql: "INSERT INTO creator_tag (id, creator_id, tag, deleted, hlc) VALUES (?, ?, ?, 0, ?)").sqliteStatement)
        let outbox = try SQLite.ready(db.cachedStatement(sql: "INSERT INTO outbox(hlc, op, entity, row_id, fields, prev) VALUES (?, 'insert', ?, ?, ?, '{}')").sqliteStatement)
        for (index, position) in order.enumerated() {
            let c = creators[position].creator
            let stamp = store.nextStamp().encoded
            bind(insert, 1, c.id); bind(insert, 2, c.handle); bind(insert, 3, c.displayName); bind(insert, 4, c.kind.rawValue)
            bind(insert, 5, c.market); bind(insert, 6, c.language); bind(insert, 7, c.networkID); bind(insert, 8, c.ownerID)
            bind(insert, 9, c.stage); bind(insert, 10, c.source.rawValue); bind(insert, 11, Int64(c.followers)); bind(insert, 12, c.email)
            bind(insert, 13, c.phone); bind(insert, 14, c.notes); bind(insert, 15, c.createdAt); bind(insert, 16, c.createdAt)
            bind(insert, 17, stamp); bind(insert, 18, c.teamID)
            try SQLite.step(insert, db)
            json.begin()
            json.int("created_at", c.createdAt); json.bool("deleted", false); json.text("display_name", c.displayName)
            json.text("email", c.email); json.int("followers", c.followers); json.text("handle", c.handle); json.text("kind", c.kind.rawValue)
            json.text("language", c.language); json.text("market", c.market); json.text("network_id", c.networkID); json.text("notes", c.notes)
            json.text("owner_id", c.ownerID); json.text("phone", c.phone); json.text("source", c.source.rawValue); json.text("stage", c.stage)
            json.text("team_id", c.teamID) // (keys in order, as `insertStamped` writes them)
            json.end()
            try self.outbox(outbox, stamp, .creator, c.id)

            // The stage event that puts the creator on the board, as `apply(.insertCreator)` writes it.
            let eventStamp = store.nextStamp().encoded
            let eventID = eventIDs[index]
            bind(event, 1, eventID); bind(event, 2, c.id); bind(event, 3, c.stage); bind(event, 4, c.createdAt); bind(event, 5, memberID)
            bind(event, 6, eventStamp)
            try SQLite.step(event, db)
            json.begin()
            json.int("at", c.createdAt); json.text("by_member_id", memberID); json.text("creator_id", c.id); json.bool("deleted", false)
            json.text("from_stage", nil); json.text("reason", nil); json.text("to_stage", c.stage)
            json.end()
            try self.outbox(outbox, eventStamp, .stageEvent, eventID)

            for name in tagLists[index] {
                let tagStamp = store.nextStamp().encoded
                let tagID = tagIDs[nextTag]
                nextTag += 1
                bind(tag, 1, tagID); bind(tag, 2, c.id); bind(tag, 3, name); bind(tag, 4, tagStamp)
                try SQLite.step(tag, db)
                json.begin()
                json.text("creator_id", c.id); json.bool("deleted", false); json.text("tag", name)
                json.end()
                try self.outbox(outbox, tagStamp, .creatorTag, tagID)
            }
            written += 1
            if written % 2048 == 0 { progress?(written) }
        }
        timings.end("creator rows")
        // Their statistics rows, in id order, in one statement (the rest of the table is as it was).
        try Store.refreshCreatorStats(db, now: store.now, fromRowid: firstRowid)
        timings.end("statistics rows")
        try buildIndexes(dropped)
        if !dropped.isEmpty { timings.end("creator indexes") }
        if bulk {
            // What the dropped insert triggers would have written: the new creators' search rows.
            try db.execute(sql: "INSERT INTO creator_fts(creator_fts, rank) VALUES ('automerge', 0)")
            try db.execute(sql: "INSERT INTO creator_fts(rowid, handle, display_name, tags, notes) \(Schema.ftsRowSelect) WHERE c.rowid >= ? AND c.deleted = 0",
                           arguments: [firstRowid])
            try db.execute(sql: "INSERT INTO creator_fts(creator_fts, rank) VALUES ('automerge', 4)")
            // The new creators are changed records for the creator rules, while any is on.
            try db.execute(sql: """
                INSERT OR REPLACE INTO rule_dirty_creator(creator_id) SELECT id FROM creator WHERE rowid >= ?
                  AND \(Schema.creatorRuleOn)
                """, arguments: [firstRowid])
            for sql in triggers { try db.execute(sql: sql) }
            timings.end("creator search")
        }
    }

    /// Inserts live sessions, each with its stamp and outbox operation.
    mutating func insertSessions(_ sessions: [LiveSession]) throws {
        guard !sessions.isEmpty else { return }
        let bulk = try rebuildsIndexes(of: "live_session", adding: sessions.count)
        let dropped = bulk ? try dropIndexes(["live_session"]) : []
        let triggers = bulk ? try dropInsertTriggers(["live_session"]) : []
        if sessions.count > ImportWriter.bulkThreshold {
            try db.execute(sql: """
                DELETE FROM kpi_rollup WHERE kpi IN ('active_creators','activity_rate','live_hours','live_hours_per_active_creator','content_consumption','week1_retention','week4_retention')
                """)
        }
        let insert = try SQLite.ready(db.cachedStatement(sql: """
            INSERT INTO live_session (id, creator_id, started_at, minutes, peak_viewers, viewer_minutes, gifts, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).sqliteStatement)
        let outbox = try SQLite.ready(db.cachedStatement(sql: "INSERT INTO outbox(hlc, op, entity, row_id, fields, prev) VALUES (?, 'insert', ?, ?, ?, '{}')").sqliteStatement)
        let sessions = zip(sessions, sessions.dropFirst()).allSatisfy({ $0.id < $1.id }) ? sessions : sessions.sorted(by: { $0.id < $1.id })
        for s in sessions {
            let stamp = store.nextStamp().encoded
            bind(insert, 1, s.id); bind(insert, 2, s.creatorID); bind(insert, 3, s.startedAt); bind(insert, 4, Int64(s.minutes))
            bind(insert, 5, Int64(s.peakViewers)); bind(insert, 6, Int64(s.viewerMinutes)); bind(insert, 7, Int64(s.gifts)); bind(insert, 8, stamp)
            try SQLite.step(insert, db)
            json.begin()
            json.text("creator_id", s.creatorID); json.int("gifts", s.gifts); json.int("minutes", s.minutes); json.int("peak_viewers", s.peakViewers)
            json.int("started_at", s.startedAt); json.int("viewer_minutes", s.viewerMinutes)
            json.end()
            try self.outbox(outbox, stamp, .liveSession, s.id)
            written += 1
            if written % 2048 == 0 { progress?(written) }
        }
        timings.end("session rows")
        try buildIndexes(dropped)
        for sql in triggers { try db.execute(sql: sql) }
        if !dropped.isEmpty { timings.end("session indexes") }
    }
}

extension Store {
    /// Runs `body` in one immediate write transaction set up for a bulk import: a big page
    /// cache and in-memory statement journals (as a sync uses), search rows deferred and
    /// written at the end, the clock saved once. Rolls back on any error.
    /// `body` says whether to commit: an import that found problems rolls back, so not even
    /// the clock is saved.
    ///
    /// With `rows` at or above `Store.soleWriterJournalRows`, and no other connection open on
    /// the file (this process's idle readers are closed first), the transaction runs under a
    /// rollback journal instead of the WAL (`Store.withSoleWriterJournal`).
    func withBulkImport(timings: PhaseTimings, rows: Int = 0, _ body: (Database) throws -> Bool) throws {
        let large = rows >= Store.soleWriterJournalRows
        if large { pool.releaseMemory() } // (this process's idle readers would keep the WAL)
        try writeOutsideTransaction { db in
            try withSoleWriterJournal(db, enabled: large, timings: timings) {
                try bulkTransaction(db, timings: timings, body)
            }
        }
    }

    /// From this many rows a bulk import tries the rollback journal (see `withSoleWriterJournal`).
    static let soleWriterJournalRows = 5_000

    /// Runs `body` with the file in rollback-journal mode (`DELETE`) when this connection is the
    /// only one open on it, and puts it back in WAL mode afterwards, whatever `body` did.
    ///
    /// Why: in WAL mode every page of a large transaction is written twice — to the log as the
    /// cache spills and at commit, then into the database by the checkpoint inside the commit.
    /// 100,000 imported creators dirty ~270 MB of pages, most of them new pages past the end of
    /// the file, which a rollback journal does not copy at all. Copying the same rows with
    /// `sqlite3` (`INSERT … SELECT` into an empty database, one transaction) measured the
    /// commit at 1.0 s under WAL and 0.29 s under a rollback journal, and the outbox's rows at
    /// 0.46 s and 0.27 s.
    ///
    /// Safety: a rollback journal with `synchronous = FULL` is as crash-safe as the WAL (a
    /// hot journal is rolled back by the next open). The switch needs an exclusive lock, which
    /// SQLite refuses while any other connection — the app, a sync, a second import — has the
    /// file open, so it is tried without waiting (`busy_timeout = 0`); refused, the import runs
    /// in WAL mode as before and says nothing. While the import runs in rollback mode, another
    /// process opening the file waits for it (Greenroom's 5 s busy timeout, then "database is
    /// locked"), as it would wait for any writer. If putting WAL back is refused (someone opened
    /// the file meanwhile), the next open of a Greenroom store sets it again.
    func withSoleWriterJournal(_ db: Database, enabled: Bool, timings: PhaseTimings? = nil, _ body: () throws -> Void) throws {
        guard enabled else { return try body() }
        try db.execute(sql: "PRAGMA busy_timeout = 0")
        let mode = (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) ?? "wal"
        try db.execute(sql: "PRAGMA busy_timeout = \(Int(Store.busyTimeout * 1000))")
        guard mode.lowercased() == "delete" else { return try body() }
        timings?.note("journal", "rollback (sole writer)")
        defer { _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try body()
    }

    private func bulkTransaction(_ db: Database, timings: PhaseTimings, _ body: (Database) throws -> Bool) throws {
        do {
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            let temp = try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0
            // 64 MiB. (100,000 creators with their events, tags, outbox and search rows dirty
            // ~260 MB of pages, so the tail spills to the WAL whatever the cache: 256 MiB and
            // 1 GiB spilled less but were not faster in wall time, and took the import's peak
            // RSS to 490 MB and more. At 64 MiB: 312 MB, the same 11–14 s wall in three
            // interleaved runs on 2026-12-07, load ~2.)
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cache); PRAGMA temp_store = \(temp)") }
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('defer_creator_search', '1')")
                guard try body(db) else { return .rollback }
                // Search rows in one statement, without merging index segments as it goes
                // (as the demo's bulk load does); later writes merge as usual.
                try db.execute(sql: """
                    DELETE FROM meta WHERE key = 'defer_creator_search';
                    INSERT INTO creator_fts(creator_fts, rank) VALUES ('automerge', 0);
                    DELETE FROM creator_fts WHERE rowid IN (SELECT creator_rowid FROM creator_search_dirty);
                    INSERT INTO creator_fts(rowid, handle, display_name, tags, notes)
                    \(Schema.ftsRowSelect) WHERE c.rowid IN (SELECT creator_rowid FROM creator_search_dirty) AND c.deleted = 0;
                    DELETE FROM creator_search_dirty;
                    INSERT INTO creator_fts(creator_fts, rank) VALUES ('automerge', 4);
                    """)
                try persistClock(db)
                timings.end("search flush")
                return .commit
            }
            timings.end("commit")
        }
    }
}
