import GRDB
import GreenroomCore

/// The database schema, as named, append-only GRDB migrations.
///
/// Conventions (DESIGN.md §2 and §6):
/// - Every synced record has `id TEXT PRIMARY KEY`, a lowercase UUIDv7. The one exception is
///   `setting`, whose identity across devices is its name (`key`).
/// - Every synced row has `hlc`, the hybrid-logical-clock stamp of the write that created it.
///   A field changed later gets its own stamp in `field_stamp(entity, row_id, field)`; a
///   field's stamp is that row when present, else the row's `hlc`. Keeping creation stamps on
///   the row and only later edits in `field_stamp` keeps bulk loads at one row per record
///   while still giving every field its own clock for last-writer-wins merges.
/// - Mutable entities are deleted as tombstones (`deleted = 1`), never by `DELETE`.
/// - Append-only entities (stage events, live sessions, activities' creation, ticket events)
///   are inserted once and never updated, except activities' `done` flag.
/// - Times are INTEGER milliseconds since the Unix epoch (UTC).
/// - Columns marked "derived" are maintained by the store in the same transaction as the
///   writes they derive from, and can be recomputed from history at any time.
/// - `outbox` holds every local operation for sync, written in the same transaction.
enum Schema {
    /// Identifiers of every migration this build knows, in order.
    static var migrationIdentifiers: [String] { ["v1", "v2-roster", "v3-pipeline", "v4-tickets", "v5-kpis", "v6-review", "v7-sync", "v8-speed", "v9-campaigns", "v10-conversion", "v11-checks", "v12-deferred-search", "v13-quiet-triggers", "v14-sync-trust", "v14b-typed-columns", "v15-first-solve", "v16-compaction"] }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-roster") { db in
            try db.execute(sql: v2Roster)
            try db.execute(sql: "INSERT INTO creator_fts(rowid, handle, display_name, tags, notes) " + ftsRowSelect + " WHERE c.deleted = 0")
        }
        migrator.registerMigration("v3-pipeline") { db in
            try db.execute(sql: v3Pipeline)
        }
        migrator.registerMigration("v4-tickets") { db in
            try db.execute(sql: v4Tickets)
            try fillTicketSearch(db)
            // Due times were the walking skeleton's simple rule; the SLA engine times them now.
            try Derived.refreshAllOpenTickets(db)
        }
        migrator.registerMigration("v5-kpis") { db in
            try db.execute(sql: v5KPIs)
            try Derived.fillTicketFacts(db)
        }
        migrator.registerMigration("v6-review") { db in
            try db.execute(sql: v6Review)
        }
        migrator.registerMigration("v7-sync") { db in
            try db.execute(sql: v6Sync)
        }
        migrator.registerMigration("v8-speed") { db in
            try db.execute(sql: v8ReviewAgents)
            try db.execute(sql: v8DeferredSearch)
        }
        migrator.registerMigration("v9-campaigns") { db in
            try db.execute(sql: v9Campaigns)
        }
        migrator.registerMigration("v10-conversion") { db in
            try db.execute(sql: v10Conversion)
        }
        migrator.registerMigration("v11-checks") { db in
            try rewriteListChecks(db)
        }
        migrator.registerMigration("v12-deferred-search") { db in
            try db.execute(sql: v12DeferredSearch)
        }
        migrator.registerMigration("v13-quiet-triggers") { db in
            try quietTriggers(db)
        }
        migrator.registerMigration("v14-sync-trust") { db in
            try syncTrust(db)
        }
        migrator.registerMigration("v14b-typed-columns") { db in
            try typedColumns(db)
        }
        migrator.registerMigration("v15-first-solve") { db in
            try firstSolve(db)
        }
        migrator.registerMigration("v16-compaction") { db in
            try db.execute(sql: v16Compaction)
        }
        return migrator
    }

    static let v1 = """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE member (
        id TEXT PRIMARY KEY NOT NULL,
        handle TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('manager','specialist','lead')),
        team TEXT NOT NULL DEFAULT '',
        tier INTEGER CHECK (tier IN (1,2)),
        email TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX member_handle ON member(handle) WHERE deleted = 0;

    CREATE TABLE network (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        region TEXT NOT NULL DEFAULT '',
        contact TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX network_name ON network(name);

    CREATE TABLE creator (
        id TEXT PRIMARY KEY NOT NULL,
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('creator','merchant','affiliate')),
        market TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        network_id TEXT,
        owner_id TEXT,
        stage TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('outbound','inbound','referral','event','import')),
        followers INTEGER NOT NULL DEFAULT 0,
        email TEXT,
        phone TEXT,
        notes TEXT,
        created_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        stage_entered_at INTEGER, -- derived: latest stage event into the current stage
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX creator_handle ON creator(handle) WHERE deleted = 0;
    CREATE INDEX creator_board ON creator(stage, stage_entered_at, handle) WHERE deleted = 0;
    CREATE INDEX creator_owner ON creator(owner_id, handle) WHERE deleted = 0;
    CREATE INDEX creator_market ON creator(market, handle) WHERE deleted = 0;
    CREATE INDEX creator_network ON creator(network_id) WHERE deleted = 0;
    CREATE INDEX creator_created ON creator(created_at) WHERE deleted = 0;

    CREATE TABLE creator_tag (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX creator_tag_creator ON creator_tag(creator_id, tag) WHERE deleted = 0;
    CREATE INDEX creator_tag_tag ON creator_tag(tag, creator_id) WHERE deleted = 0;

    CREATE TABLE stage_event (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        from_stage TEXT,
        to_stage TEXT NOT NULL,
        at INTEGER NOT NULL,
        by_member_id TEXT,
        reason TEXT,
        hlc TEXT NOT NULL
    );
    CREATE INDEX stage_event_creator ON stage_event(creator_id, at);
    CREATE INDEX stage_event_at ON stage_event(at, to_stage);

    CREATE TABLE live_session (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes >= 0),
        peak_viewers INTEGER NOT NULL DEFAULT 0,
        viewer_minutes INTEGER NOT NULL DEFAULT 0,
        gifts INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX live_session_creator ON live_session(creator_id, started_at, minutes);
    CREATE INDEX live_session_started ON live_session(started_at, creator_id, minutes);

    CREATE TABLE activity (
        id TEXT PRIMARY KEY NOT NULL,
        creator_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('note','call','message','coaching','workshop')),
        author_id TEXT,
        at INTEGER NOT NULL,
        summary TEXT NOT NULL,
        next_step TEXT,
        follow_up_due INTEGER,
        done INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX activity_creator ON activity(creator_id, at);
    CREATE INDEX activity_follow_up ON activity(follow_up_due, creator_id) WHERE done = 0 AND deleted = 0 AND follow_up_due IS NOT NULL;
    CREATE INDEX activity_creator_follow_up ON activity(creator_id, follow_up_due) WHERE done = 0 AND deleted = 0 AND follow_up_due IS NOT NULL;

    CREATE TABLE ticket (
        id TEXT PRIMARY KEY NOT NULL,
        key TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        requester_creator_id TEXT,
        requester_network_id TEXT,
        channel TEXT NOT NULL CHECK (channel IN ('in_app','webform','email','internal')),
        category TEXT NOT NULL CHECK (category IN ('account_access','verification','rewards_payout','appeal','account_safety','minor_safety','campaign','live_tools','network_relations','other')),
        priority TEXT NOT NULL CHECK (priority IN ('urgent','high','normal','low')),
        status TEXT NOT NULL CHECK (status IN ('new','open','pending','on_hold','solved','closed')),
        tier INTEGER NOT NULL DEFAULT 1 CHECK (tier IN (1,2)),
        assignee_id TEXT,
        csat TEXT CHECK (csat IN ('good','bad')),
        merged_into_id TEXT,
        created_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        first_reply_at INTEGER, -- derived: first public agent reply
        solved_at INTEGER,      -- derived: latest move into solved/closed while it stays there
        sla_due_at INTEGER,     -- derived: next SLA due time while the clock runs
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX ticket_key ON ticket(key);
    CREATE INDEX ticket_queue ON ticket(ifnull(sla_due_at, 9223372036854775807), created_at)
        WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
    CREATE INDEX ticket_created ON ticket(created_at);
    CREATE INDEX ticket_solved ON ticket(solved_at) WHERE solved_at IS NOT NULL;
    CREATE INDEX ticket_assignee ON ticket(assignee_id, status);
    CREATE INDEX ticket_requester ON ticket(requester_creator_id, created_at);

    CREATE TABLE ticket_tag (
        id TEXT PRIMARY KEY NOT NULL,
        ticket_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX ticket_tag_ticket ON ticket_tag(ticket_id, tag) WHERE deleted = 0;
    CREATE INDEX ticket_tag_tag ON ticket_tag(tag, ticket_id) WHERE deleted = 0;

    CREATE TABLE ticket_event (
        id TEXT PRIMARY KEY NOT NULL,
        ticket_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reply','note','status','assignment','priority','escalation','csat','merge')),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('agent','requester','system')),
        author_id TEXT,
        is_public INTEGER NOT NULL DEFAULT 0,
        body TEXT,
        from_value TEXT,
        to_value TEXT,
        reason TEXT,
        hlc TEXT NOT NULL,
        CHECK (kind <> 'escalation' OR (reason IS NOT NULL AND reason <> ''))
    );
    CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, at);

    CREATE TABLE sla_policy (
        id TEXT PRIMARY KEY NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('urgent','high','normal','low')),
        first_reply_minutes INTEGER NOT NULL CHECK (first_reply_minutes > 0),
        next_reply_minutes INTEGER NOT NULL CHECK (next_reply_minutes > 0),
        resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),
        business_hours INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX sla_policy_priority ON sla_policy(priority) WHERE deleted = 0;

    CREATE TABLE article (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        is_macro INTEGER NOT NULL DEFAULT 0,
        macro_status TEXT,
        macro_priority TEXT,
        macro_tags TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
        updated_at INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL
    );
    CREATE INDEX article_title ON article(title) WHERE deleted = 0;

    -- Team settings: one JSON value per named key (see TeamSettings.Key).
    CREATE TABLE setting (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        hlc TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Per-field clocks for fields written after their row was created.
    CREATE TABLE field_stamp (
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        PRIMARY KEY (entity, row_id, field)
    ) WITHOUT ROWID;

    -- Local operations not yet exported to the sync folder, in the order they happened.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        hlc TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert','set')),
        entity TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL, -- JSON object, keys sorted
        prev TEXT NOT NULL    -- JSON object: field -> stamp it overwrote
    );
    """

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

    /// The pipeline: undoing a move withdraws its stage event (a tombstone that syncs) rather
    /// than writing a move back, so the funnel never counts a move someone took back. The
    /// funnel streams every live event in (creator, time) order from a covering index, and
    /// reads lost reasons by stage and time.
    static let v3Pipeline = """
    ALTER TABLE stage_event ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX stage_event_stage ON stage_event(to_stage, at) WHERE deleted = 0;
    CREATE INDEX stage_event_flow ON stage_event(creator_id, at, to_stage) WHERE deleted = 0;
    CREATE INDEX creator_tombstones ON creator(id) WHERE deleted = 1;
    """

    /// The ticket queue. Undoing a triage action withdraws its ticket event (`deleted`, a
    /// tombstone that syncs) so SLA clocks and reports never count an action someone took back.
    ///
    /// Free text in the open queue searches `ticket_open_fts`: one document per unsolved
    /// ticket (its subject and every reply and note), so a word typed in the queue is matched
    /// among the tens of thousands of open tickets, not the million in the history, and yields
    /// ticket rowids directly (a one-letter prefix counts in ~2 ms at 1M tickets). Triggers
    /// add, rewrite and drop a ticket's document as it opens, gets a message, or is solved.
    ///
    /// The "Solved last 7 days" view searches the whole history through two contentless
    /// indexes (subjects; messages), whose rowids are the tickets' and the events' own; a
    /// contentless index forgets a row by being given its old text, which the triggers have.
    /// Fills the ticket search indexes from the tables (the migration, and the demo
    /// generator, which writes rows with the triggers off).
    /// A bulk load does not merge index segments as it goes (30% faster at 1.7M messages);
    /// later writes merge as usual.
    static func fillTicketSearch(_ db: Database) throws {
        let tables = ["ticket_subject_fts", "ticket_message_fts", "ticket_open_fts"]
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 0)") }
        try db.execute(sql: "INSERT INTO ticket_subject_fts(rowid, subject) SELECT rowid, subject FROM ticket WHERE deleted = 0")
        try db.execute(sql: """
            INSERT INTO ticket_message_fts(rowid, body)
            SELECT rowid, body FROM ticket_event WHERE kind IN ('reply', 'note') AND body IS NOT NULL AND deleted = 0
            """)
        try db.execute(sql: "INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE \(openTicket)")
        for t in tables { try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', 4)") }
    }

    static let openTicket = "t.deleted = 0 AND t.status IN ('new','open','pending','on_hold')"
    static let openTicketText = """
        t.subject || char(10) || IFNULL((SELECT group_concat(e.body, char(10)) FROM ticket_event e
            WHERE e.ticket_id = t.id AND e.kind IN ('reply', 'note') AND e.body IS NOT NULL AND e.deleted = 0), '')
        """
    static let v4Tickets = """
    ALTER TABLE ticket_event ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
    -- The queue index covers what views and filters test, so a filter walks it without
    -- reading a single ticket row (the partial index holds only unsolved tickets).
    DROP INDEX ticket_queue;
    CREATE INDEX ticket_queue ON ticket(ifnull(sla_due_at, 9223372036854775807), created_at,
        priority, status, tier, assignee_id, category, channel, requester_creator_id, requester_network_id, deleted)
        WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
    CREATE INDEX ticket_merged ON ticket(merged_into_id) WHERE merged_into_id IS NOT NULL;

    CREATE VIRTUAL TABLE ticket_subject_fts USING fts5(
        subject, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE VIRTUAL TABLE ticket_message_fts USING fts5(
        body, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );

    CREATE VIRTUAL TABLE ticket_open_fts USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
    );
    CREATE TRIGGER ticket_open_fts_after_insert AFTER INSERT ON ticket BEGIN
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_update AFTER UPDATE OF subject, status, deleted ON ticket BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = old.rowid;
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.rowid = new.rowid AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_message AFTER INSERT ON ticket_event WHEN new.kind IN ('reply', 'note') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;
    CREATE TRIGGER ticket_open_fts_after_message_update AFTER UPDATE OF body, deleted ON ticket_event WHEN new.kind IN ('reply', 'note') BEGIN
        DELETE FROM ticket_open_fts WHERE rowid = (SELECT rowid FROM ticket WHERE id = new.ticket_id);
        INSERT INTO ticket_open_fts(rowid, text) SELECT t.rowid, \(openTicketText) FROM ticket t WHERE t.id = new.ticket_id AND \(openTicket);
    END;

    CREATE TRIGGER ticket_fts_after_insert AFTER INSERT ON ticket WHEN new.deleted = 0 BEGIN
        INSERT INTO ticket_subject_fts(rowid, subject) VALUES (new.rowid, new.subject);
    END;
    CREATE TRIGGER ticket_fts_after_update AFTER UPDATE OF subject, deleted ON ticket BEGIN
        INSERT INTO ticket_subject_fts(ticket_subject_fts, rowid, subject) SELECT 'delete', old.rowid, old.subject WHERE old.deleted = 0;
        INSERT INTO ticket_subject_fts(rowid, subject) SELECT new.rowid, new.subject WHERE new.deleted = 0;
    END;
    CREATE TRIGGER ticket_message_fts_after_insert AFTER INSERT ON ticket_event
        WHEN new.kind IN ('reply', 'note') AND new.body IS NOT NULL AND new.deleted = 0 BEGIN
        INSERT INTO ticket_message_fts(rowid, body) VALUES (new.rowid, new.body);
    END;
    CREATE TRIGGER ticket_message_fts_after_update AFTER UPDATE OF body, deleted ON ticket_event
        WHEN new.kind IN ('reply', 'note') BEGIN
        INSERT INTO ticket_message_fts(ticket_message_fts, rowid, body)
            SELECT 'delete', old.rowid, old.body WHERE old.deleted = 0 AND old.body IS NOT NULL;
        INSERT INTO ticket_message_fts(rowid, body) SELECT new.rowid, new.body WHERE new.deleted = 0 AND new.body IS NOT NULL;
    END;
    """

    /// KPI support (DESIGN.md §3, issue 6):
    /// - `ticket.first_solved_at` (derived): the first move into solved or closed, which
    ///   resolution time runs to.
    /// - `ticket_fact` (derived, local): each ticket's SLA targets with due instant and outcome,
    ///   and its moves into and out of solved (`TicketFact`), so SLA attainment and reopen rate
    ///   are indexed aggregates. Rows exist only for tickets that are not deleted.
    /// - `kpi_rollup` (local cache): KPI values for complete day/week/month periods over the
    ///   whole team, read by the KPI pane. Triggers on every table a KPI reads delete the
    ///   values a row change can alter (per KPI, the periods ending after the earliest instant
    ///   the change can reach), so whoever writes — the app, an import, a sync — the cache
    ///   never holds a stale value; missing values are computed again from the raw tables.
    static let v5KPIs: String = {
        let day = Time.day
        let sessionKPIs = "'active_creators','activity_rate','live_hours','live_hours_per_active_creator','content_consumption'"
        let creatorKPIs = sessionKPIs + ",'new_activations','pipeline_conversion','median_time_in_stage','week1_retention','week4_retention'"
        let ticketKPIs = "'tickets_created','tickets_solved','backlog','first_reply_time','resolution_time','sla_attainment','csat','reopen_rate'"
        // A session at t counts for the week-N cohort activated up to N+1 weeks earlier (+1 day for DST).
        func session(_ row: String) -> String {
            """
                DELETE FROM kpi_rollup WHERE kpi IN (\(sessionKPIs)) AND "end" > \(row).started_at;
                DELETE FROM kpi_rollup WHERE kpi = 'week1_retention' AND "end" > \(row).started_at - \(15 * day + day);
                DELETE FROM kpi_rollup WHERE kpi = 'week4_retention' AND "end" > \(row).started_at - \(36 * day + day);
            """
        }
        // A stage event at t: activations, exits and stages at period end from t; the creator's
        // funnel cohort from their first event.
        func stage(_ row: String) -> String {
            """
                DELETE FROM kpi_rollup WHERE kpi IN ('activity_rate','new_activations','week1_retention','week4_retention') AND "end" > \(row).at;
                DELETE FROM kpi_rollup WHERE kpi IN ('pipeline_conversion','median_time_in_stage')
                  AND "end" > MIN(\(row).at, IFNULL((SELECT MIN(at) FROM stage_event WHERE creator_id = \(row).creator_id), \(row).at));
            """
        }
        func fact(_ row: String) -> String {
            """
                DELETE FROM kpi_rollup WHERE kpi = CASE WHEN \(row).kind IN ('solve','reopen') THEN 'reopen_rate' ELSE 'sla_attainment' END
                  AND "end" > \(row).at;
            """
        }
        let open = "('new','open','pending','on_hold')"
        return """
        ALTER TABLE ticket ADD COLUMN first_solved_at INTEGER; -- derived: first move into solved or closed

        CREATE TABLE ticket_fact (
            ticket_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('first_reply','next_reply','resolution','solve','reopen')),
            at INTEGER NOT NULL,
            outcome TEXT CHECK (outcome IN ('achieved','breached','running'))
        );
        CREATE INDEX ticket_fact_period ON ticket_fact(kind, at, outcome, ticket_id);
        CREATE INDEX ticket_fact_ticket ON ticket_fact(ticket_id);

        CREATE TABLE kpi_rollup (
            kpi TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('day','week','month')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            value REAL,
            median REAL,
            p90 REAL,
            numerator INTEGER,
            denominator INTEGER,
            response_rate REAL,
            breakdown TEXT NOT NULL DEFAULT '[]',
            pending INTEGER NOT NULL DEFAULT 0, -- a fill in progress (see Store.kpiPanel)
            PRIMARY KEY (kpi, unit, start)
        ) WITHOUT ROWID;
        CREATE INDEX kpi_rollup_end ON kpi_rollup(kpi, "end");

        CREATE TRIGGER kpi_session_insert AFTER INSERT ON live_session BEGIN
        \(session("new"))
        END;
        CREATE TRIGGER kpi_session_update AFTER UPDATE ON live_session BEGIN
        \(session("old"))
        \(session("new"))
        END;
        CREATE TRIGGER kpi_session_delete AFTER DELETE ON live_session BEGIN
        \(session("old"))
        END;
        CREATE TRIGGER kpi_stage_insert AFTER INSERT ON stage_event BEGIN
        \(stage("new"))
        END;
        CREATE TRIGGER kpi_stage_update AFTER UPDATE OF deleted, at, to_stage, creator_id ON stage_event BEGIN
        \(stage("old"))
        \(stage("new"))
        END;
        CREATE TRIGGER kpi_creator_deleted AFTER UPDATE OF deleted ON creator WHEN old.deleted <> new.deleted BEGIN
            DELETE FROM kpi_rollup WHERE kpi IN (\(creatorKPIs));
        END;
        CREATE TRIGGER kpi_ticket_insert AFTER INSERT ON ticket BEGIN
            DELETE FROM kpi_rollup WHERE kpi IN (\(ticketKPIs)) AND "end" > new.created_at;
        END;
        CREATE TRIGGER kpi_ticket_existence AFTER UPDATE OF deleted, created_at ON ticket
            WHEN old.deleted <> new.deleted OR old.created_at <> new.created_at BEGIN
            DELETE FROM kpi_rollup WHERE kpi IN (\(ticketKPIs)) AND "end" > MIN(old.created_at, new.created_at);
        END;
        CREATE TRIGGER kpi_ticket_first_reply AFTER UPDATE OF first_reply_at, priority ON ticket
            WHEN old.first_reply_at IS NOT new.first_reply_at OR old.priority <> new.priority BEGIN
            DELETE FROM kpi_rollup WHERE kpi = 'first_reply_time' AND "end" > new.created_at;
        END;
        CREATE TRIGGER kpi_ticket_solved AFTER UPDATE OF solved_at, first_solved_at, csat, status ON ticket
            WHEN old.solved_at IS NOT new.solved_at OR old.first_solved_at IS NOT new.first_solved_at OR old.csat IS NOT new.csat
              OR (old.status IN \(open)) <> (new.status IN \(open)) BEGIN
            DELETE FROM kpi_rollup WHERE kpi IN ('tickets_solved','resolution_time','csat','backlog')
              AND "end" > MIN(IFNULL(old.solved_at, new.created_at), IFNULL(new.solved_at, new.created_at));
        END;
        CREATE TRIGGER kpi_fact_insert AFTER INSERT ON ticket_fact BEGIN
        \(fact("new"))
        END;
        CREATE TRIGGER kpi_fact_delete AFTER DELETE ON ticket_fact BEGIN
        \(fact("old"))
        END;
        CREATE TRIGGER kpi_policy_update AFTER UPDATE ON sla_policy BEGIN
            DELETE FROM kpi_rollup WHERE kpi = 'first_reply_time';
        END;
        CREATE TRIGGER kpi_policy_insert AFTER INSERT ON sla_policy BEGIN
            DELETE FROM kpi_rollup WHERE kpi = 'first_reply_time';
        END;
        CREATE TRIGGER kpi_setting_insert AFTER INSERT ON setting
            WHEN new.key IN ('team','pipeline.stages','pipeline.side_stages','sla.business_hours') BEGIN
            DELETE FROM kpi_rollup;
        END;
        CREATE TRIGGER kpi_setting_update AFTER UPDATE ON setting
            WHEN new.key IN ('team','pipeline.stages','pipeline.side_stages','sla.business_hours') AND old.value <> new.value BEGIN
            DELETE FROM kpi_rollup;
        END;
        """
    }()
}
