import Foundation
import GRDB
import GreenroomCore

extension Schema {
    /// v14-sync-trust (issue 19): a sync a team can trust.
    ///
    /// - `sync_quarantine.kind` / `reason`: besides operations stamped too far ahead
    ///   (`future`), the quarantine now keeps operations that break a field rule (`invalid`,
    ///   never applied) and operations naming a row or stage this database does not know yet
    ///   (`waiting`, tried again on every sync until what they name arrives).
    /// - `field_write`: every `set` ever applied to a field here, local or remote, winner or
    ///   loser — its stamp, the stamp it overwrote (`prev`), and its value. Open conflicts
    ///   are a function of this set (`ConflictRule`), so every replica that has seen the same
    ///   writes lists the same conflicts, whatever order they came in.
    /// - `field_conflict`: the open conflicts, recomputed for a field whenever its writes or
    ///   decisions change (a cache of `ConflictRule` over `field_write`). Replaces `conflict`,
    ///   whose rows depended on the order writes arrived in; its open rows are carried over
    ///   as losing writes.
    /// - `conflict_decision`: a synced, append-only entity. Resolving a conflict writes one
    ///   (besides the kept value), so it closes on every replica.
    /// - `sync_known_stage`: every stage name any version of the team's stage settings has
    ///   named (including versions that lost a merge), so whether an operation's stage is
    ///   known does not depend on the order settings arrived in.
    /// - `sync_held`: a peer's deletes held by the delete fail-safe until accepted.
    /// - `ticket_tombstones`, `activity_tombstones`: the trash lists deleted tickets and
    ///   activities without reading every row.
    /// - `sync_exported`: the segments this database wrote into its own ops folder, so a
    ///   segment there that it did not write reveals a second database using its device id.
    static let v14SyncTrust = """
    ALTER TABLE sync_quarantine ADD COLUMN kind TEXT NOT NULL DEFAULT 'future'
        CHECK (kind = 'future' OR kind = 'invalid' OR kind = 'waiting');
    ALTER TABLE sync_quarantine ADD COLUMN reason TEXT;

    CREATE TABLE field_write (
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        prev TEXT,
        value,                -- as written: no affinity, so text stays text and numbers numbers
        PRIMARY KEY (entity, row_id, field, hlc)
    ) WITHOUT ROWID;

    CREATE TABLE field_conflict (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        lost_hlc TEXT NOT NULL,
        lost_value TEXT NOT NULL,   -- JSON fragment
        kept_hlc TEXT NOT NULL,
        kept_value TEXT NOT NULL,   -- JSON fragment
        detected_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX field_conflict_key ON field_conflict(entity, row_id, field, lost_hlc);

    CREATE TABLE conflict_decision (
        id TEXT PRIMARY KEY NOT NULL,
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        lost_hlc TEXT NOT NULL,
        kept TEXT NOT NULL CHECK (kept = 'current' OR kept = 'lost'),
        at INTEGER NOT NULL,
        by_member_id TEXT,
        hlc TEXT NOT NULL
    );
    CREATE INDEX conflict_decision_field ON conflict_decision(entity, row_id, field, lost_hlc);

    CREATE TABLE sync_known_stage (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;

    CREATE TABLE sync_held (
        device TEXT NOT NULL,
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        op TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (device, entity, row_id, hlc)
    ) WITHOUT ROWID;

    -- The trash lists tombstones (creators have had this index since v3).
    CREATE INDEX ticket_tombstones ON ticket(id) WHERE deleted = 1;
    CREATE INDEX activity_tombstones ON activity(id) WHERE deleted = 1;

    CREATE TABLE sync_exported (
        path TEXT PRIMARY KEY NOT NULL,
        hash TEXT NOT NULL
    ) WITHOUT ROWID;
    """

    static func syncTrust(_ db: Database) throws {
        try db.execute(sql: v14SyncTrust)
        try Store.rememberStages(db)
        try db.execute(sql: """
            INSERT OR IGNORE INTO sync_known_stage(name) SELECT DISTINCT stage FROM creator WHERE stage <> '';
            INSERT OR IGNORE INTO sync_known_stage(name) SELECT DISTINCT to_stage FROM stage_event WHERE to_stage <> '';
            """)
        // Open conflicts of the old table become losing writes; the rule then lists them.
        let open = try Row.fetchAll(db, sql: """
            SELECT entity, row_id, field, mine, theirs, my_hlc, their_hlc, winner FROM conflict WHERE resolved_at IS NULL
            """)
        var fields = Set<FieldKey>()
        for row in open {
            let winnerIsMine = (row["winner"] as String) == "mine"
            let lostHLC: String = winnerIsMine ? row["their_hlc"] : row["my_hlc"]
            let lostValue: String = winnerIsMine ? row["theirs"] : row["mine"]
            guard let entity = Entity(rawValue: row["entity"]) else { continue }
            let key = FieldKey(entity: entity, rowID: row["row_id"], field: row["field"])
            try db.execute(sql: "INSERT OR IGNORE INTO field_write(entity, row_id, field, hlc, prev, value) VALUES (?, ?, ?, ?, NULL, ?)",
                           arguments: [entity.rawValue, key.rowID, key.field, lostHLC, FieldValue(jsonFragment: lostValue).databaseValue])
            fields.insert(key)
        }
        try db.execute(sql: "DROP TABLE conflict")
        let now = Time.millis(Date())
        for key in fields.sorted() { try ConflictBook.recompute(key, db, now: now) }
    }
}
