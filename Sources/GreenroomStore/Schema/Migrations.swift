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
///
/// `migrator()` registers every migration in order; each group's SQL lives in its own file
/// (FoundationMigration.swift v1, RosterMigration.swift v2, PipelineMigration.swift v3,
/// TicketsMigration.swift v4, KPIMigration.swift v5, ReviewMigration.swift v6 and v8, …).
enum Schema {
    /// Identifiers of every migration this build knows, in order.
    static var migrationIdentifiers: [String] { ["v1", "v2-roster", "v3-pipeline", "v4-tickets", "v5-kpis", "v6-review", "v7-sync", "v8-speed", "v9-campaigns", "v10-conversion", "v11-checks", "v12-deferred-search", "v13-quiet-triggers", "v14-sync-trust", "v14b-typed-columns", "v15-first-solve", "v16-compaction", "v17-reply-drafts", "v18-queue-sorts", "v17-programs", "v18-communities", "v19-resources", "v20-ticket-text", "v21-ticket-snooze", "v22-article-kinds", "v23-teams", "v24-team-sla", "v25-rules", "v23-agent-page", "v24-qa-reviews", "v25-agent-weeks", "v26-creator-rules", "v26-one-on-ones", "v27-agent-covering", "v28-idle-covering"] }

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
            try fillV4TicketSearch(db)
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
        migrator.registerMigration("v17-reply-drafts") { db in
            // Local only (no sync trigger): unsent reply and note text, per ticket and kind.
            try db.execute(sql: """
                CREATE TABLE reply_draft (
                    ticket_id TEXT NOT NULL,
                    is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
                    body TEXT NOT NULL,
                    saved_at INTEGER NOT NULL,
                    PRIMARY KEY (ticket_id, is_public)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v18-queue-sorts") { db in
            // The queue's `o` orders over open tickets, each an index walk instead of a sort.
            try db.execute(sql: """
                CREATE INDEX ticket_queue_priority ON ticket(CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
                    ifnull(sla_due_at, 9223372036854775807), created_at) WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
                CREATE INDEX ticket_queue_created ON ticket(created_at) WHERE deleted = 0 AND status IN ('new','open','pending','on_hold');
                """)
        }
        migrator.registerMigration("v17-programs") { db in
            try db.execute(sql: v17Programs)
        }
        migrator.registerMigration("v18-communities") { db in
            try db.execute(sql: v18Communities)
        }
        migrator.registerMigration("v19-resources") { db in
            try db.execute(sql: v19Resources)
        }
        migrator.registerMigration("v20-ticket-text") { db in
            try db.execute(sql: v20TicketText)
            try fillTicketSearch(db, openToo: false)
        }
        migrator.registerMigration("v21-ticket-snooze") { db in
            try ticketSnooze(db)
        }
        migrator.registerMigration("v22-article-kinds") { db in
            try db.execute(sql: v22ArticleKinds)
        }
        migrator.registerMigration("v23-teams") { db in
            try db.execute(sql: v23Teams)
        }
        migrator.registerMigration("v24-team-sla") { db in
            try db.execute(sql: v24TeamSLA)
        }
        migrator.registerMigration("v25-rules") { db in
            try v25Rules(db)
        }
        migrator.registerMigration("v23-agent-page") { db in
            try db.execute(sql: v23AgentPage)
        }
        migrator.registerMigration("v24-qa-reviews") { db in
            try db.execute(sql: v24QAReviews)
        }
        migrator.registerMigration("v25-agent-weeks") { db in
            try db.execute(sql: v25AgentWeeks)
        }
        migrator.registerMigration("v26-creator-rules") { db in
            try db.execute(sql: v26CreatorRules)
        }
        migrator.registerMigration("v26-one-on-ones") { db in
            try db.execute(sql: v26OneOnOnes)
        }
        migrator.registerMigration("v27-agent-covering") { db in
            try db.execute(sql: v27AgentCovering)
            try analyzeRebuiltIndexes(["ticket_fact_agent", "ticket_agent_created"], db)
        }
        migrator.registerMigration("v28-idle-covering") { db in
            try db.execute(sql: v28IdleCovering)
            try analyzeRebuiltIndexes(["creator_stats_health"], db)
        }
        return migrator
    }
}
