import Foundation
import GRDB
import GreenroomCore

// v25-rules: team automations and their firings (issue 24; `AutomationRule`).
extension Schema {
    /// - `automation_rule` (synced): name, team, condition, actions (a JSON array of lines),
    ///   enabled, position.
    /// - `rule_firing` (synced): one row per firing of a rule on a ticket at the instant its
    ///   condition became true; its id is derived from the three (`AutomationRule.firingID`),
    ///   so laptops that fire the same rule offline write one row. It is the audit trail
    ///   ("rule X did Y at T on laptop Z") and what keeps a rule from firing twice; an undo
    ///   tombstones it, and a tombstoned firing is not made again.
    /// - The built-in rules (`AutomationRule.builtIns`), with ids every laptop derives alike and
    ///   the genesis stamp, so any edit of one wins everywhere.
    static func v25Rules(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE automation_rule (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                team_id TEXT,
                condition TEXT NOT NULL,
                actions TEXT NOT NULL,
                enabled INTEGER NOT NULL DEFAULT 1,
                position INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                hlc TEXT NOT NULL,
                CHECK (typeof(enabled) = 'integer' AND typeof(position) = 'integer' AND typeof(deleted) = 'integer')
            );
            CREATE TABLE rule_firing (
                id TEXT PRIMARY KEY NOT NULL,
                rule_id TEXT NOT NULL,
                ticket_id TEXT NOT NULL,
                trigger_at INTEGER NOT NULL,
                fired_at INTEGER NOT NULL,
                device TEXT NOT NULL DEFAULT '',
                summary TEXT NOT NULL DEFAULT '',
                deleted INTEGER NOT NULL DEFAULT 0,
                hlc TEXT NOT NULL,
                CHECK (typeof(trigger_at) = 'integer' AND typeof(fired_at) = 'integer' AND typeof(deleted) = 'integer')
            );
            CREATE INDEX rule_firing_ticket ON rule_firing(ticket_id, fired_at);
            CREATE INDEX rule_firing_rule ON rule_firing(rule_id, fired_at);
            -- Local, never synced: what changed since the rules last ran, and what each rule
            -- was when it last ran (a new or edited rule looks at every ticket once).
            -- (A rowid table: a ticket changed again moves to the end, so a run deletes only
            -- what it read — `rowid <= ` the mark it took — and keeps what changed meanwhile.)
            CREATE TABLE rule_dirty (ticket_id TEXT NOT NULL UNIQUE);
            CREATE TABLE rule_state (rule_id TEXT PRIMARY KEY NOT NULL, definition TEXT NOT NULL, run_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TRIGGER rule_dirty_ticket_insert AFTER INSERT ON ticket BEGIN INSERT OR REPLACE INTO rule_dirty(ticket_id) VALUES (NEW.id); END;
            CREATE TRIGGER rule_dirty_ticket_update AFTER UPDATE ON ticket BEGIN INSERT OR REPLACE INTO rule_dirty(ticket_id) VALUES (NEW.id); END;
            CREATE TRIGGER rule_dirty_event_insert AFTER INSERT ON ticket_event BEGIN INSERT OR REPLACE INTO rule_dirty(ticket_id) VALUES (NEW.ticket_id); END;
            -- Tickets whose pending time crosses a rule's threshold, by when they went pending.
            CREATE INDEX ticket_event_status_at ON ticket_event(to_value, at) WHERE kind = 'status' AND deleted = 0;
            """)
        // The columns as they were at v25 (v26 added `target`, 'ticket' for these).
        let v25Columns = 8
        for rule in AutomationRule.builtIns() {
            try db.execute(sql: "INSERT OR IGNORE INTO automation_rule (\(AutomationRule.columns.prefix(v25Columns).joined(separator: ", ")), hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: StatementArguments(Array(rule.databaseValues.prefix(v25Columns)) + [Store.genesis.encoded.databaseValue]))
        }
    }
}


// v26-creator-rules: automations on creators (issue 24; `CreatorRuleCondition`).
extension Schema {
    /// - `automation_rule.target`: `ticket` (every rule so far) or `creator`.
    /// - `rule_firing` is rebuilt so a firing is on a ticket or on a creator (`creator_id`),
    ///   exactly one; the firings so far are kept as they were.
    /// - `rule_dirty_creator` (local, like `rule_dirty`): creators changed since the creator
    ///   rules last ran — the creator, its tags, a LIVE session edited or removed. Kept only
    ///   while some creator rule is on (a rule turned on later looks at every creator once),
    ///   so an import of 100k creators into a team without creator rules pays one index probe
    ///   a row.
    static let v26CreatorRules = """
    ALTER TABLE automation_rule ADD COLUMN target TEXT NOT NULL DEFAULT 'ticket';
    CREATE INDEX automation_rule_creator_on ON automation_rule(target) WHERE target = 'creator' AND enabled = 1 AND deleted = 0;
    CREATE TABLE rule_firing_v26 (
        id TEXT PRIMARY KEY NOT NULL,
        rule_id TEXT NOT NULL,
        ticket_id TEXT,
        creator_id TEXT,
        trigger_at INTEGER NOT NULL,
        fired_at INTEGER NOT NULL,
        device TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        CHECK (typeof(trigger_at) = 'integer' AND typeof(fired_at) = 'integer' AND typeof(deleted) = 'integer'),
        CHECK ((ticket_id IS NULL) <> (creator_id IS NULL))
    );
    INSERT INTO rule_firing_v26 (id, rule_id, ticket_id, creator_id, trigger_at, fired_at, device, summary, deleted, hlc)
        SELECT id, rule_id, ticket_id, NULL, trigger_at, fired_at, device, summary, deleted, hlc FROM rule_firing;
    DROP TABLE rule_firing;
    ALTER TABLE rule_firing_v26 RENAME TO rule_firing;
    CREATE INDEX rule_firing_ticket ON rule_firing(ticket_id, fired_at) WHERE ticket_id IS NOT NULL;
    CREATE INDEX rule_firing_creator ON rule_firing(creator_id, fired_at) WHERE creator_id IS NOT NULL;
    CREATE INDEX rule_firing_rule ON rule_firing(rule_id, fired_at);
    CREATE TABLE rule_dirty_creator (creator_id TEXT NOT NULL UNIQUE);
    """ + creatorDirtyTriggers

    /// What marks a creator changed for the creator rules: the creator, its tags, a LIVE
    /// session edited or removed (a new LIVE only moves an idle instant later, which the
    /// threshold crossings find) — each only while some creator rule is on.
    static let creatorDirtyTriggers = [
        ("insert", "INSERT ON creator", "NEW.id"), ("update", "UPDATE ON creator", "NEW.id"),
        ("tag_insert", "INSERT ON creator_tag", "NEW.creator_id"), ("tag_update", "UPDATE ON creator_tag", "NEW.creator_id"),
        ("live_update", "UPDATE ON live_session", "NEW.creator_id"), ("live_delete", "DELETE ON live_session", "OLD.creator_id"),
    ].map { name, event, id in
        """
        CREATE TRIGGER rule_dirty_creator_\(name) AFTER \(event)
            WHEN \(creatorRuleOn) BEGIN
            INSERT OR REPLACE INTO rule_dirty_creator(creator_id) VALUES (\(id));
        END;
        """
    }.joined(separator: "\n")

    /// Whether some creator rule is on (what keeps the creators' change marks; the partial
    /// index `automation_rule_creator_on` answers it).
    static let creatorRuleOn = "EXISTS (SELECT 1 FROM automation_rule WHERE target = 'creator' AND enabled = 1 AND deleted = 0)"
}
