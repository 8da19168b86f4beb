import Foundation
import GRDB
import GreenroomCore

extension Schema {
    /// v15-first-solve (issue 20): the ticket KPIs count a ticket's *first* solve, and the
    /// backlog the status each ticket really had at a period's end (`TicketStatusHistory`).
    ///
    /// Before, "tickets solved", resolution time and CSAT followed `ticket.solved_at`, which a
    /// later close overwrites: a ticket solved on Nov 5 and closed on Nov 9 counted as solved
    /// in the week of the close, with its resolution measured to the close, and a ticket
    /// first solved in a week and closed in the next dropped out of the first week's count
    /// and into its backlog. What this migration changes, from the ticket events:
    /// - `ticket.first_solved_at` is derived again for every ticket with the one status rule
    ///   of `TicketStatusHistory` (a status set without an event now counts too), and
    ///   `ticket.reopened_at` (new) holds the first move back to an open status after it;
    /// - `ticket_fact` rows of kind `solve` / `reopen` become every move between an open and a
    ///   done status (solved or closed), so the backlog at any instant is an indexed count;
    /// - `ticket_first_solved` indexes what tickets solved, resolution time, CSAT and reopen
    ///   rate read (`ticket_solved_kpi`, on `solved_at`, is no longer read by anything and goes);
    /// - the KPI-cache triggers follow the new columns and facts (guarded as v13 guards
    ///   them), and every kept KPI value and Review part is dropped: they were computed by the
    ///   old definitions.
    static func firstSolve(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE ticket ADD COLUMN reopened_at INTEGER; -- derived: first move back to an open status after the first solve
            DROP INDEX IF EXISTS ticket_solved_kpi;
            DELETE FROM kpi_rollup;
            """)
        try Derived.refillStatusFacts(db)
        try db.execute(sql: """
            CREATE INDEX ticket_first_solved ON ticket(first_solved_at, deleted, assignee_id, csat, created_at, reopened_at)
                WHERE first_solved_at IS NOT NULL;
            """)
        for trigger in ["kpi_ticket_solved", "kpi_fact_insert", "kpi_fact_delete"] {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
        }
        for sql in v15Triggers {
            try db.execute(sql: guardedKPITrigger(sql) ?? sql)
        }
    }

    /// The KPI-cache triggers of the solved-ticket KPIs and of the status facts. A change of a
    /// ticket's first solve, reopening or rating reaches the periods from its (old or new)
    /// first solve; a status fact reaches the backlog from its instant; an SLA fact, SLA
    /// attainment from its due.
    static let v15Triggers: [String] = {
        let never = "9223372036854775807"
        func fact(_ row: String) -> String {
            """
                DELETE FROM kpi_rollup WHERE kpi = 'backlog' AND \(row).kind IN ('solve','reopen') AND "end" > \(row).at;
                DELETE FROM kpi_rollup WHERE kpi = 'sla_attainment' AND \(row).kind NOT IN ('solve','reopen') AND "end" > \(row).at;
            """
        }
        return [
            """
            CREATE TRIGGER kpi_ticket_solved AFTER UPDATE OF first_solved_at, reopened_at, csat ON ticket
                WHEN old.first_solved_at IS NOT new.first_solved_at OR old.reopened_at IS NOT new.reopened_at OR old.csat IS NOT new.csat BEGIN
                DELETE FROM kpi_rollup WHERE kpi IN ('tickets_solved','resolution_time','csat','reopen_rate')
                  AND "end" > MIN(IFNULL(old.first_solved_at, \(never)), IFNULL(new.first_solved_at, \(never)));
            END
            """,
            """
            CREATE TRIGGER kpi_fact_insert AFTER INSERT ON ticket_fact BEGIN
            \(fact("new"))
            END
            """,
            """
            CREATE TRIGGER kpi_fact_delete AFTER DELETE ON ticket_fact BEGIN
            \(fact("old"))
            END
            """,
        ]
    }()
}

extension Derived {
    /// Every live ticket's first solve, reopening and status facts again, from its events
    /// (migration v15): one pass over the tickets in id order with their status, reply and
    /// note events through `ticket_event_ticket`; a ticket's columns are written only where
    /// they change.
    static func refillStatusFacts(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM ticket_fact WHERE kind IN ('solve','reopen')")
        let insert = try db.makeStatement(sql: "INSERT INTO ticket_fact(ticket_id, kind, at, outcome, assignee_id) VALUES (?, ?, ?, NULL, ?)")
        let update = try db.makeStatement(sql: "UPDATE ticket SET first_solved_at = ?, reopened_at = ? WHERE id = ?")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.created_at, t.status, t.assignee_id, t.first_solved_at, t.reopened_at, e.kind, e.at, e.to_value
            FROM ticket t INDEXED BY sqlite_autoindex_ticket_1
              LEFT JOIN ticket_event e ON e.ticket_id = t.id AND e.deleted = 0 AND e.kind IN ('status','reply','note')
            WHERE t.deleted = 0
            ORDER BY t.id, e.at, e.rowid
            """)
        struct Current { var id: String; var created: Millis; var status: TicketStatus; var assignee: String?; var first: Millis?; var reopened: Millis? }
        var current: Current?
        var events: [SLAEvent] = []
        func flush() throws {
            guard let c = current else { return }
            let history = TicketStatusHistory(SLATicket(createdAt: c.created, priority: .normal, status: c.status, events: events))
            for fact in history.doneMoves {
                try insert.execute(arguments: [c.id, fact.kind.rawValue, fact.at, c.assignee])
            }
            if history.firstSolve != c.first || history.reopenedAt != c.reopened {
                try update.execute(arguments: [history.firstSolve, history.reopenedAt, c.id])
            }
        }
        while let row = try rows.next() {
            let id: String = row[0]
            if id != current?.id {
                try flush()
                current = Current(id: id, created: row[1], status: TicketStatus(rawValue: row[2]) ?? .open, assignee: row[3], first: row[4], reopened: row[5])
                events.removeAll(keepingCapacity: true)
            }
            guard let kind = row[6] as String? else { continue }
            let at: Millis = row[7]
            if kind == "status" {
                if let status = (row[8] as String?).flatMap(TicketStatus.init(rawValue:)) { events.append(.status(at: at, to: status)) }
            } else {
                events.append(.agentReply(at: at, isPublic: false)) // only its instant matters here
            }
        }
        try flush()
    }
}
