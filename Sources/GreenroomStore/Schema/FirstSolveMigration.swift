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
        // The triggers go first: every cached value is dropped anyway, and the facts rewritten
        // below would each fire them.
        for trigger in ["kpi_ticket_solved", "kpi_fact_insert", "kpi_fact_delete"] {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
        }
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
    /// (migration v15). Two read-only passes side by side, both in ticket id order: the
    /// tickets with their status, reply and note events (`ticket_event_ticket`), and the
    /// stored `solve`/`reopen` facts (`ticket_fact_ticket`). Only what differs is written,
    /// after both passes — for most tickets (solved, maybe closed, never reopened) the old
    /// facts were already right.
    static func refillStatusFacts(_ db: Database) throws {
        struct Current { var id: String; var created: Millis; var status: TicketStatus; var assignee: String?; var first: Millis?; var reopened: Millis? }
        var deletes: [Int64] = []
        var inserts: [(ticket: String, kind: String, at: Millis, assignee: String?)] = []
        var updates: [(ticket: String, first: Millis?, reopened: Millis?)] = []
        do {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.id, t.created_at, t.status, t.assignee_id, t.first_solved_at, t.reopened_at, e.kind, e.at, e.to_value
                FROM ticket t INDEXED BY sqlite_autoindex_ticket_1
                  LEFT JOIN ticket_event e ON e.ticket_id = t.id AND e.deleted = 0 AND e.kind IN ('status','reply','note')
                WHERE t.deleted = 0
                ORDER BY t.id, e.at, e.rowid
                """)
            let stored = try Row.fetchCursor(db, sql: """
                SELECT ticket_id, kind, at, rowid FROM ticket_fact INDEXED BY ticket_fact_ticket
                WHERE kind IN ('solve','reopen') ORDER BY ticket_id, rowid
                """)
            var nextStored = try stored.next()
            var current: Current?
            var events: [SLAEvent] = []
            func flush() throws {
                guard let c = current else { return }
                // The stored facts of this ticket (and of any ticket before it, which has none now: deleted or gone).
                var old: [(kind: String, at: Millis, rowid: Int64)] = []
                while let f = nextStored, (f[0] as String) <= c.id {
                    if (f[0] as String) == c.id { old.append((f[1], f[2], f[3])) } else { deletes.append(f[3]) }
                    nextStored = try stored.next()
                }
                let history = TicketStatusHistory(SLATicket(createdAt: c.created, priority: .normal, status: c.status, events: events))
                let wanted = history.doneMoves.map { (kind: $0.kind.rawValue, at: $0.at) }
                if old.map({ [$0.kind, "\($0.at)"] }) != wanted.map({ [$0.kind, "\($0.at)"] }) {
                    deletes += old.map(\.rowid)
                    inserts += wanted.map { (c.id, $0.kind, $0.at, c.assignee) }
                }
                if history.firstSolve != c.first || history.reopenedAt != c.reopened {
                    updates.append((c.id, history.firstSolve, history.reopenedAt))
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
            while let f = nextStored { deletes.append(f[3]); nextStored = try stored.next() } // facts of no live ticket
        }
        let delete = try db.makeStatement(sql: "DELETE FROM ticket_fact WHERE rowid = ?")
        for rowid in deletes { try delete.execute(arguments: [rowid]) }
        let insert = try db.makeStatement(sql: "INSERT INTO ticket_fact(ticket_id, kind, at, outcome, assignee_id) VALUES (?, ?, ?, NULL, ?)")
        for f in inserts { try insert.execute(arguments: [f.ticket, f.kind, f.at, f.assignee]) }
        let update = try db.makeStatement(sql: "UPDATE ticket SET first_solved_at = ?, reopened_at = ? WHERE id = ?")
        for u in updates { try update.execute(arguments: [u.first, u.reopened, u.ticket]) }
    }
}
