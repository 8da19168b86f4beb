import GRDB
import GreenroomCore

/// Derived columns: caches of values computed from history, maintained in the same
/// transaction as the writes they depend on, and recomputable at any time.
enum Derived {
    /// `creator.stage_entered_at`: the latest stage event into the creator's current stage.
    static func refreshStageEntered(_ db: Database, creatorID: String) throws {
        try db.cachedStatement(sql: """
            UPDATE creator SET stage_entered_at = (
                SELECT MAX(at) FROM stage_event e WHERE e.creator_id = creator.id AND +e.to_stage = creator.stage AND e.deleted = 0
            ) WHERE id = ?
            """).execute(arguments: [creatorID])
    }

    /// `ticket.first_reply_at`, `first_solved_at` and `reopened_at` (`TicketStatusHistory`),
    /// `solved_at`, `sla_due_at` (the SLA engine's next breach: the soonest due time among
    /// targets whose clock runs; nil while paused or done), `wake_at` (`TicketSnooze.wakeAt`)
    /// and the ticket's `ticket_fact` rows. Facts are rewritten only where they differ,
    /// so the KPI cache's triggers see just the facts that changed.
    ///
    /// The ticket is timed by its team's policy and calendar (`SLAPolicyBook`); `book`, when
    /// given, saves looking them up (a batch builds one book for all its tickets).
    static func refreshTicket(_ db: Database, ticketID: String, book: SLAPolicyBook? = nil) throws {
        guard let ticket = try Ticket.fetchOne(db.cachedStatement(sql: "SELECT \(Ticket.selectColumns) FROM ticket WHERE id = ?"), arguments: [ticketID]) else { return }
        let events = try TicketEvent.fetchAll(db.cachedStatement(sql: """
            SELECT \(TicketEvent.selectColumns) FROM ticket_event WHERE ticket_id = ? AND deleted = 0 ORDER BY at, rowid
            """), arguments: [ticketID])
        let firstReply = events.first { $0.kind == .reply && $0.actor == .agent && $0.isPublic }?.at
        let statuses = events.compactMap { e in e.kind == .status ? e.toValue.map { (at: e.at, to: $0) } : nil }
        var solvedAt: Millis?
        if !ticket.status.isOpen {
            solvedAt = statuses.last { $0.to == "solved" || $0.to == "closed" }?.at ?? ticket.createdAt
        }
        var due: Millis?
        var facts: [TicketFact] = []
        let sla = Store.slaTicket(ticket, events)
        let history = TicketStatusHistory(sla)
        if !ticket.deleted {
            let (policy, clock) = try book?.entry(team: ticket.teamID, priority: ticket.priority)
                ?? Store.slaEntry(db, team: ticket.teamID, priority: ticket.priority)
            if ticket.status.isOpen {
                // The next breach does not depend on "now": it is where the running clock reaches its target.
                due = SLAEngine.evaluate(sla, policy: policy, clock: clock, now: Millis.max / 4).nextBreach?.due
            }
            facts = TicketFact.derive(sla, policy: policy, clock: clock, history: history)
        }
        let wake = ticket.deleted ? nil : TicketSnooze.wakeAt(snoozedUntil: ticket.snoozedUntil, status: ticket.status, events: events)
        try db.cachedStatement(sql: """
            UPDATE ticket SET first_reply_at = ?, first_solved_at = ?, reopened_at = ?, solved_at = ?, sla_due_at = ?, wake_at = ? WHERE id = ?
            """).execute(arguments: [firstReply, history.firstSolve, history.reopenedAt, solvedAt, due, wake, ticketID])
        try replaceFacts(db, ticketID: ticketID, with: facts)
    }

    /// Makes the ticket's stored facts equal `facts`, touching only the rows that differ.
    static func replaceFacts(_ db: Database, ticketID: String, with facts: [TicketFact]) throws {
        var stored: [Int64: TicketFact] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT rowid, kind, at, outcome FROM ticket_fact WHERE ticket_id = ?"), arguments: [ticketID]) {
            guard let kind = TicketFact.Kind(rawValue: row[1]) else { continue }
            stored[row[0]] = TicketFact(kind: kind, at: row[2], outcome: (row[3] as String?).flatMap(TicketFact.Outcome.init(rawValue:)))
        }
        var wanted = facts
        for (rowid, fact) in stored.sorted(by: { $0.key < $1.key }) {
            if let i = wanted.firstIndex(of: fact) {
                wanted.remove(at: i)
            } else {
                try db.cachedStatement(sql: "DELETE FROM ticket_fact WHERE rowid = ?").execute(arguments: [rowid])
            }
        }
        for fact in wanted {
            try db.cachedStatement(sql: """
                INSERT INTO ticket_fact(ticket_id, kind, at, outcome, assignee_id) VALUES (?, ?, ?, ?, (SELECT assignee_id FROM ticket WHERE id = ?))
                """).execute(arguments: [ticketID, fact.kind.rawValue, fact.at, fact.outcome?.rawValue, ticketID])
        }
    }

    /// Every ticket's facts and first solve, from scratch (migration v5): one pass over the
    /// tickets in id order with their events through `ticket_event_ticket`.
    static func fillTicketFacts(_ db: Database) throws {
        let clocks = try Store.kpiClocks(db)
        try db.execute(sql: "DELETE FROM ticket_fact")
        let insert = try db.makeStatement(sql: "INSERT INTO ticket_fact(ticket_id, kind, at, outcome) VALUES (?, ?, ?, ?)")
        let update = try db.makeStatement(sql: "UPDATE ticket SET first_solved_at = ? WHERE id = ?")
        try Store.streamTicketTimelines(db, condition: "t.deleted = 0", arguments: [:]) { timeline in
            guard let (policy, clock) = clocks[timeline.sla.priority] else { return }
            let history = TicketStatusHistory(timeline.sla)
            for fact in TicketFact.derive(timeline.sla, policy: policy, clock: clock, history: history) {
                try insert.execute(arguments: [timeline.id, fact.kind.rawValue, fact.at, fact.outcome?.rawValue])
            }
            if let first = history.firstSolve { try update.execute(arguments: [first, timeline.id]) }
        }
    }

    /// After a policy or business-hours change: every unsolved ticket's due time again.
    static func refreshAllOpenTickets(_ db: Database) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND status IN ('new','open','pending','on_hold')")
        guard !ids.isEmpty else { return }
        let book = try Store.slaBook(db)
        for id in ids { try refreshTicket(db, ticketID: id, book: book) }
    }

    /// After a change of some teams' own policies or calendars (or a team's removal or
    /// restore): those teams' unsolved tickets' due times again.
    static func refreshOpenTickets(_ db: Database, teams: Set<String>, book: SLAPolicyBook? = nil) throws {
        guard !teams.isEmpty else { return }
        var book = book
        for team in teams.sorted() {
            let ids = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM ticket WHERE team_id = ? AND deleted = 0 AND status IN ('new','open','pending','on_hold')
                """), arguments: [team])
            guard !ids.isEmpty else { continue }
            if book == nil { book = try Store.slaBook(db) }
            for id in ids { try refreshTicket(db, ticketID: id, book: book) }
        }
    }
}
