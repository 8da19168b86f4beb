import Foundation
import GreenroomCore

// v5-kpis: KPI facts and the rollup cache.
extension Schema {
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
