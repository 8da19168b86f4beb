import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Migration v13-quiet-triggers: KPI-cache invalidation triggers skip their deletes when no
/// rollup of their KPIs is kept.
@Suite struct QuietTriggerTests {
    @Test func aTriggerThatOnlyDropsRollupsGetsAGuard() throws {
        let plain = """
            CREATE TRIGGER t AFTER INSERT ON stage_event BEGIN
                DELETE FROM kpi_rollup WHERE kpi IN ('a','b') AND "end" > new.at;
                DELETE FROM kpi_rollup WHERE kpi = 'c';
                DELETE FROM kpi_rollup WHERE kpi = 'a' AND start > 0;
            END
            """
        let guarded = try #require(Schema.guardedKPITrigger(plain))
        #expect(guarded.hasPrefix("""
            CREATE TRIGGER t AFTER INSERT ON stage_event
                WHEN EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = 'a') OR EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = 'b') \
            OR EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = 'c') BEGIN
            """))
        #expect(guarded.hasSuffix(plain[plain.range(of: "BEGIN")!.lowerBound...]))
        // An existing WHEN is kept, after the guard.
        let when = "CREATE TRIGGER u AFTER UPDATE OF x ON ticket\n    WHEN old.x IS NOT new.x BEGIN\n    DELETE FROM kpi_rollup WHERE kpi = 'csat';\nEND"
        #expect(Schema.guardedKPITrigger(when) == """
            CREATE TRIGGER u AFTER UPDATE OF x ON ticket
                WHEN (EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = 'csat'))
                AND (old.x IS NOT new.x) BEGIN
                DELETE FROM kpi_rollup WHERE kpi = 'csat';
            END
            """)
        // A body that does anything else, or names no KPI, is left alone.
        #expect(Schema.guardedKPITrigger("CREATE TRIGGER v AFTER UPDATE ON ticket BEGIN UPDATE ticket_fact SET x = 1; DELETE FROM kpi_rollup WHERE kpi = 'a'; END") == nil)
        #expect(Schema.guardedKPITrigger("CREATE TRIGGER w AFTER UPDATE ON ticket BEGIN DELETE FROM kpi_rollup WHERE unit = 'week'; END") == nil)
        #expect(Schema.guardedKPITrigger("not a trigger") == nil)
    }

    @Test func everyRollupOnlyTriggerIsGuardedAndTheOthersAreNot() throws {
        let dir = TempDir()
        let store = try Store.open(at: dir.file("new.sqlite"), clock: .fixed(pinnedNow))
        let triggers = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> 'kpi_rollup' AND sql LIKE '%DELETE FROM kpi_rollup%'")
                .map { (name: $0[0] as String, sql: $0[1] as String) }
        }
        // (An agent's kept weeks, v25, are a range of keys: `kpi >= 'agent:<id>:'`.)
        let guarded = Set(triggers.filter { $0.sql.contains("WHEN (EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = ") || $0.sql.contains("WHEN EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = ")
                || $0.sql.contains("WHEN (EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi >= 'agent:' ") }.map(\.name))
        #expect(guarded.isSuperset(of: ["kpi_stage_insert", "kpi_stage_update", "kpi_ticket_insert", "kpi_ticket_solved", "kpi_session_insert",
                                        "kpi_creator_deleted", "review_managers_owner", "review_agents_assignee", "agent_weeks_assignee",
                                        "kpi_fact_insert", "kpi_fact_delete"]))
        // Left as they were: a setting drops every rollup (rare). (Since v15 the ticket-fact
        // triggers name their KPIs, backlog and SLA attainment, and are guarded too.)
        #expect(Set(triggers.map(\.name)).subtracting(guarded) == ["kpi_setting_insert", "kpi_setting_update"])
        // A guard never changes what is dropped: a kept rollup is still invalidated by a write.
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO kpi_rollup(kpi, unit, start, "end", value) VALUES ('new_activations', 'day', 0, 9223372036854775807, 1);
                INSERT INTO kpi_rollup(kpi, unit, start, "end", value) VALUES ('tickets_created', 'day', 0, 9223372036854775807, 1);
                INSERT INTO creator(id, handle, display_name, kind, market, language, stage, source, followers, created_at, hlc)
                VALUES ('c1', '@one', 'One', 'creator', 'US', 'en', 'lead', 'import', 10, 1, 'h1');
                INSERT INTO stage_event(id, creator_id, to_stage, at, hlc) VALUES ('s1', 'c1', 'lead', 5, 'h2');
                """)
        }
        let kept = try store.read { db in try String.fetchAll(db, sql: "SELECT kpi FROM kpi_rollup ORDER BY kpi") }
        #expect(kept == ["tickets_created"])
    }
}
