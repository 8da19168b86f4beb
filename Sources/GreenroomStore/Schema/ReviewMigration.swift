import Foundation

extension Schema {
    /// The weekly review's speed (issue 6): what the Review reads, it reads from indexes.
    ///
    /// - `ticket_fact.assignee_id` mirrors the ticket's assignee (a trigger keeps it in step on
    ///   every reassignment, whoever writes), so per-agent SLA and reopen counts are read from
    ///   `ticket_fact_agent` in group order, with no join to `ticket`.
    /// - `ticket_created` and `ticket_solved_kpi` carry the columns the per-agent and category
    ///   tables and the solved-ticket KPIs read, so those are index-only scans too
    ///   (`ticket_solved` stays as it is: the queue's "solved recently" pages in its order).
    /// - `creator_owner` and `creator_board` carry the creator id (the per-manager grouping;
    ///   activity rate's settled base read from the board index alone).
    /// - `kpi_rollup.valid_until`: a value that time alone will change (week-N retention of a
    ///   period whose cohort has not reached week N) is kept until that instant; NULL = until a
    ///   trigger drops it. Rows with `kpi = 'review_managers'` hold a complete week's
    ///   per-manager table; they are dropped whenever that week's value of a KPI the table
    ///   restates is dropped (the triggers below), or any creator changes owner.
    static let v6Review = """
    ALTER TABLE kpi_rollup ADD COLUMN valid_until INTEGER;

    ALTER TABLE ticket_fact ADD COLUMN assignee_id TEXT;
    UPDATE ticket_fact SET assignee_id = (SELECT t.assignee_id FROM ticket t WHERE t.id = ticket_fact.ticket_id);
    CREATE INDEX ticket_fact_agent ON ticket_fact(kind, assignee_id, at, outcome);
    CREATE TRIGGER ticket_fact_assignee AFTER UPDATE OF assignee_id ON ticket
        WHEN old.assignee_id IS NOT new.assignee_id BEGIN
        UPDATE ticket_fact SET assignee_id = new.assignee_id WHERE ticket_id = new.id;
    END;

    DROP INDEX ticket_created;
    CREATE INDEX ticket_created ON ticket(created_at, deleted, assignee_id, first_reply_at, priority, category);
    CREATE INDEX ticket_solved_kpi ON ticket(solved_at, deleted, assignee_id, csat, created_at, first_solved_at, status)
        WHERE solved_at IS NOT NULL;
    DROP INDEX creator_owner;
    CREATE INDEX creator_owner ON creator(owner_id, handle, id) WHERE deleted = 0;
    DROP INDEX creator_board;
    CREATE INDEX creator_board ON creator(stage, stage_entered_at, handle, id) WHERE deleted = 0;

    CREATE TRIGGER review_managers_follow_kpis AFTER DELETE ON kpi_rollup
        WHEN old.unit = 'week' AND old.kpi IN ('activity_rate','live_hours','new_activations') BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_managers' AND unit = 'week' AND start = old.start;
    END;
    CREATE TRIGGER review_managers_owner AFTER UPDATE OF owner_id ON creator
        WHEN old.owner_id IS NOT new.owner_id BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_managers';
    END;
    """

    /// More of a complete week's Review kept (see `Store.KeptPart`):
    /// - `review_agents`: per-agent counts by assignee id, dropped whenever that week's value of
    ///   a KPI the table restates is dropped (tickets solved, first reply time, SLA attainment,
    ///   CSAT, reopen rate — their triggers already follow every ticket, fact, policy and
    ///   setting change), when a ticket changes assignee (the weeks from its creation on: its
    ///   solve, first reply and SLA facts all come after it), or when a member is added or
    ///   removed (SLA counts are for members only).
    /// - `review_tickets`: tickets created by category and the breached-ticket count, dropped
    ///   with tickets created or SLA attainment, or when a ticket's category changes.
    /// - `review_managers` now also keeps pipeline conversion, so it follows that KPI too (its
    ///   trigger drops the weeks from a creator's first stage event on whenever a card moves).
    static let v8ReviewAgents = """
    DROP TRIGGER review_managers_follow_kpis;
    CREATE TRIGGER review_managers_follow_kpis AFTER DELETE ON kpi_rollup
        WHEN old.unit = 'week' AND old.kpi IN ('activity_rate','live_hours','new_activations','pipeline_conversion') BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_managers' AND unit = 'week' AND start = old.start;
    END;
    CREATE TRIGGER review_tickets_follow_kpis AFTER DELETE ON kpi_rollup
        WHEN old.unit = 'week' AND old.kpi IN ('tickets_created','sla_attainment') BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_tickets' AND unit = 'week' AND start = old.start;
    END;
    CREATE TRIGGER review_tickets_category AFTER UPDATE OF category ON ticket
        WHEN old.category IS NOT new.category BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_tickets' AND "end" > new.created_at AND start <= new.created_at;
    END;
    CREATE TRIGGER review_agents_follow_kpis AFTER DELETE ON kpi_rollup
        WHEN old.unit = 'week' AND old.kpi IN ('tickets_solved','first_reply_time','sla_attainment','csat','reopen_rate') BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_agents' AND unit = 'week' AND start = old.start;
    END;
    CREATE TRIGGER review_agents_assignee AFTER UPDATE OF assignee_id ON ticket
        WHEN old.assignee_id IS NOT new.assignee_id BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_agents' AND "end" > new.created_at;
    END;
    CREATE TRIGGER review_agents_member_insert AFTER INSERT ON member BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_agents';
    END;
    CREATE TRIGGER review_agents_member_delete AFTER DELETE ON member BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_agents';
    END;
    CREATE TRIGGER review_agents_member_id AFTER UPDATE OF id ON member BEGIN
        DELETE FROM kpi_rollup WHERE kpi = 'review_agents';
    END;
    """

    /// A sync applies thousands of edits in one transaction, often several to the same
    /// creator; rewriting the creator's search row for each edit of their notes was 40% of
    /// the import's time. While `meta` holds `defer_creator_search` (only ever inside a sync's
    /// own transaction, see `SyncSession`), an edit of searched text notes the creator in
    /// `creator_search_dirty` instead, and the session rewrites each noted creator's search row
    /// once before it commits — so no other connection ever sees the flag or a stale row.
    static let v8DeferredSearch = """
    CREATE TABLE creator_search_dirty (creator_rowid INTEGER PRIMARY KEY NOT NULL);
    DROP TRIGGER creator_fts_after_update;
    CREATE TRIGGER creator_fts_after_update AFTER UPDATE OF handle, display_name, notes, deleted ON creator
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
    \(creatorSearchUpdate)
    END;
    CREATE TRIGGER creator_fts_deferred AFTER UPDATE OF handle, display_name, notes, deleted ON creator
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        INSERT OR IGNORE INTO creator_search_dirty(creator_rowid) VALUES (new.rowid);
    END;
    """

    /// A sync defers creators' search rows for new creators and tag changes too, not only
    /// for edits (v8): SQLite 3.40's FTS5 writes its pending rows out at every statement
    /// savepoint, so a search row written in the middle of a sync made every later statement
    /// with a trigger flush it as a tiny segment and merge segments — a synced creator cost
    /// ~125 µs and the stage event after it ~95 µs. Outside a sync (no `meta` flag) the
    /// triggers behave as before.
    static let v12DeferredSearch = """
    DROP TRIGGER creator_fts_after_insert;
    CREATE TRIGGER creator_fts_after_insert AFTER INSERT ON creator
        WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        INSERT INTO creator_fts(rowid, handle, display_name, tags, notes)
        VALUES (new.rowid, new.handle, new.display_name,
                (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.id AND t.deleted = 0),
                IFNULL(new.notes, ''));
    END;
    CREATE TRIGGER creator_fts_deferred_insert AFTER INSERT ON creator
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        INSERT OR IGNORE INTO creator_search_dirty(creator_rowid) VALUES (new.rowid);
    END;
    DROP TRIGGER creator_fts_after_tag_insert;
    CREATE TRIGGER creator_fts_after_tag_insert AFTER INSERT ON creator_tag
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        UPDATE creator_fts SET tags =
            (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.creator_id AND t.deleted = 0)
        WHERE rowid = (SELECT rowid FROM creator WHERE id = new.creator_id);
    END;
    DROP TRIGGER creator_fts_after_tag_update;
    CREATE TRIGGER creator_fts_after_tag_update AFTER UPDATE OF tag, deleted ON creator_tag
        WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        UPDATE creator_fts SET tags =
            (SELECT IFNULL(group_concat(t.tag, ' '), '') FROM creator_tag t WHERE t.creator_id = new.creator_id AND t.deleted = 0)
        WHERE rowid = (SELECT rowid FROM creator WHERE id = new.creator_id);
    END;
    CREATE TRIGGER creator_fts_deferred_tag_insert AFTER INSERT ON creator_tag
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        INSERT OR IGNORE INTO creator_search_dirty(creator_rowid) SELECT rowid FROM creator WHERE id = new.creator_id;
    END;
    CREATE TRIGGER creator_fts_deferred_tag_update AFTER UPDATE OF tag, deleted ON creator_tag
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'defer_creator_search') BEGIN
        INSERT OR IGNORE INTO creator_search_dirty(creator_rowid) SELECT rowid FROM creator WHERE id = new.creator_id;
    END;
    """

    /// Pipeline conversion counts a creator in the period of their first entry into the first
    /// stage, with the furthest stage they have reached since: a stage event can only change
    /// the periods that hold one of that creator's stage events (the entry among them), and
    /// the period of the changed row itself. Migration v5's triggers dropped every period from
    /// the creator's first event on — every card moved today dropped months of weeks, and the
    /// Review's kept per-manager table with them (~1.3 s to compute again at 100k creators).
    /// Median time in stage keeps the wider rule (a stay ending now counts in later periods).
    static let v10Conversion: String = {
        func stage(_ row: String) -> String {
            """
                DELETE FROM kpi_rollup WHERE kpi IN ('activity_rate','new_activations','week1_retention','week4_retention') AND "end" > \(row).at;
                DELETE FROM kpi_rollup WHERE kpi = 'median_time_in_stage'
                  AND "end" > MIN(\(row).at, IFNULL((SELECT MIN(at) FROM stage_event WHERE creator_id = \(row).creator_id), \(row).at));
                DELETE FROM kpi_rollup WHERE kpi = 'pipeline_conversion'
                  AND ((\(row).at >= start AND \(row).at < "end")
                       OR EXISTS (SELECT 1 FROM stage_event e WHERE e.creator_id = \(row).creator_id AND e.at >= kpi_rollup.start AND e.at < kpi_rollup."end"));
            """
        }
        return """
        DROP TRIGGER kpi_stage_insert;
        DROP TRIGGER kpi_stage_update;
        CREATE TRIGGER kpi_stage_insert AFTER INSERT ON stage_event BEGIN
        \(stage("new"))
        END;
        CREATE TRIGGER kpi_stage_update AFTER UPDATE OF deleted, at, to_stage, creator_id ON stage_event BEGIN
        \(stage("old"))
        \(stage("new"))
        END;
        """
    }()
}
