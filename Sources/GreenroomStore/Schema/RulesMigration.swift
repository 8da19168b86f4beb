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
        for rule in AutomationRule.builtIns() {
            try db.execute(sql: "INSERT OR IGNORE INTO automation_rule (\(AutomationRule.columns.joined(separator: ", ")), hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: StatementArguments(rule.databaseValues + [Store.genesis.encoded.databaseValue]))
        }
    }
}

