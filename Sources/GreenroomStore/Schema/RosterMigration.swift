import Foundation
import GreenroomCore

// v2-roster: roster statistics and free-text search.
extension Schema {
    /// The text the roster's free-text search looks at, for one creator `c`.
    static let ftsRowSelect = """
        SELECT c.rowid, c.handle, c.display_name,
               (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = c.id AND t.deleted = 0),
               IFNULL(c.notes, '')
        FROM creator c
        """

    /// What a change of a creator's searched text does to `creator_fts`.
    static let creatorSearchUpdate = """
        DELETE FROM creator_fts WHERE rowid = old.rowid;
        INSERT INTO creator_fts(rowid, handle, display_name, tags, notes)
        SELECT new.rowid, new.handle, new.display_name,
               (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.id AND t.deleted = 0),
               IFNULL(new.notes, '')
        WHERE new.deleted = 0;
    """

    /// The roster: per-creator LIVE statistics for sorting and filtering, free-text search,
    /// and indexes for every sortable column.
    ///
    /// `creator_stats` is derived: recomputed from `live_session` for a given "now" by
    /// `Store.refreshCreatorStats` (its time is in `meta.creator_stats_as_of`). Rolling windows
    /// move with the clock, so the numbers cannot be maintained per write; a refresh of 100k
    /// creators is one statement that runs off the UI loop.
    ///
    /// `creator_fts` (FTS5, diacritics folded, prefix indexes) mirrors handle, name, tags and
    /// notes; triggers keep it in step with every write, local or synced.
    static let v2Roster = """
    CREATE TABLE creator_stats (
        creator_id TEXT PRIMARY KEY NOT NULL,
        live_minutes_7d INTEGER NOT NULL DEFAULT 0,
        live_minutes_prev_7d INTEGER NOT NULL DEFAULT 0,
        active_days_30d INTEGER NOT NULL DEFAULT 0,
        last_live_at INTEGER,
        health TEXT CHECK (health IN ('active','slipping','idle'))
    ) WITHOUT ROWID;
    CREATE INDEX creator_stats_live7d ON creator_stats(live_minutes_7d);
    CREATE INDEX creator_stats_active30d ON creator_stats(active_days_30d);
    CREATE INDEX creator_stats_last_live ON creator_stats(last_live_at);
    CREATE INDEX creator_stats_health ON creator_stats(health);

    CREATE INDEX creator_name ON creator(display_name COLLATE NOCASE, handle) WHERE deleted = 0;
    CREATE INDEX creator_followers ON creator(followers, handle) WHERE deleted = 0;
    CREATE INDEX creator_stage_handle ON creator(stage, handle) WHERE deleted = 0;

    CREATE VIRTUAL TABLE creator_fts USING fts5(
        handle, display_name, tags, notes,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );

    CREATE TRIGGER creator_fts_after_insert AFTER INSERT ON creator WHEN new.deleted = 0 BEGIN
        INSERT INTO creator_fts(rowid, handle, display_name, tags, notes)
        VALUES (new.rowid, new.handle, new.display_name,
                (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.id AND t.deleted = 0),
                IFNULL(new.notes, ''));
    END;

    CREATE TRIGGER creator_fts_after_update AFTER UPDATE OF handle, display_name, notes, deleted ON creator BEGIN
    \(creatorSearchUpdate)
    END;

    CREATE TRIGGER creator_fts_after_tag_insert AFTER INSERT ON creator_tag BEGIN
        UPDATE creator_fts SET tags =
            (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.creator_id AND t.deleted = 0)
        WHERE rowid = (SELECT rowid FROM creator WHERE id = new.creator_id);
    END;

    CREATE TRIGGER creator_fts_after_tag_update AFTER UPDATE OF tag, deleted ON creator_tag BEGIN
        UPDATE creator_fts SET tags =
            (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.creator_id AND t.deleted = 0)
        WHERE rowid = (SELECT rowid FROM creator WHERE id = new.creator_id);
    END;
    """
}
