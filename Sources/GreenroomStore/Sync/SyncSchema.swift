extension Schema {
    /// Sync through a folder (DESIGN.md §6, issue 7). Everything here is local bookkeeping
    /// except the two `prev` columns, which complete the per-field clocks:
    ///
    /// - `field_stamp.prev` and `setting.prev`: the stamp the current value overwrote (what
    ///   its writer had seen for that field). With it, an incoming write that loses can be
    ///   told apart from one the winner had already seen: the two were concurrent exactly
    ///   when the winner's `prev` is older than the loser's stamp. NULL for a value set when
    ///   its row was created (and for stamps written before v6).
    /// - `conflict`: concurrent writes to one field, with both values (JSON), both stamps,
    ///   which one won, and how the user resolved it. One row per pair of stamps.
    /// - `sync_ingested`: every op file read from the folder, by path, with the size, mtime
    ///   and content hash seen then, and whether its last line was complete.
    /// - `sync_pending`: remote `set` operations for rows this database does not have yet
    ///   (their `insert` is in a file not yet carried here); replayed when the row arrives.
    /// - `sync_quarantine`: operations stamped more than 24 h ahead of local time; applied
    ///   once local time has caught up, never before.
    /// - `sync_peer`: devices seen in the folder: name, latest stamp read from them, when.
    static let v6Sync = """
    ALTER TABLE field_stamp ADD COLUMN prev TEXT;
    ALTER TABLE setting ADD COLUMN prev TEXT;

    CREATE TABLE conflict (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        mine TEXT NOT NULL,     -- JSON value this database had
        theirs TEXT NOT NULL,   -- JSON value that came in
        my_hlc TEXT NOT NULL,
        their_hlc TEXT NOT NULL,
        their_device TEXT NOT NULL,
        winner TEXT NOT NULL CHECK (winner IN ('mine','theirs')),
        detected_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolution TEXT CHECK (resolution IN ('mine','theirs'))
    );
    CREATE UNIQUE INDEX conflict_pair ON conflict(entity, row_id, field, my_hlc, their_hlc);
    CREATE INDEX conflict_open ON conflict(detected_at) WHERE resolved_at IS NULL;

    CREATE TABLE sync_ingested (
        path TEXT PRIMARY KEY NOT NULL, -- relative to the sync folder
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash TEXT NOT NULL,             -- FNV-1a 64 of the bytes read, 16 hex digits
        lines INTEGER NOT NULL,         -- complete lines read
        complete INTEGER NOT NULL       -- 0 while the last line is cut short
    ) WITHOUT ROWID;

    CREATE TABLE sync_pending (
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        op TEXT NOT NULL,               -- the operation's JSON line
        PRIMARY KEY (entity, row_id, hlc)
    ) WITHOUT ROWID;

    CREATE TABLE sync_quarantine (
        hlc TEXT NOT NULL,
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        source TEXT NOT NULL,           -- path:line it was read from
        op TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (hlc, entity, row_id)
    ) WITHOUT ROWID;

    CREATE TABLE sync_peer (
        device TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        last_hlc TEXT,
        last_seen_at INTEGER
    ) WITHOUT ROWID;
    """
}
