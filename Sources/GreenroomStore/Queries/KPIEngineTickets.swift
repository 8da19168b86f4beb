import Foundation
import GRDB
import GreenroomCore

/// The ticket KPIs of the KPI engine (see `KPIEngine.swift` for the definitions): counts by
/// creation and solve time, backlog, first reply and resolution times, CSAT, and the SLA and
/// reopen KPIs read from the derived `ticket_fact` rows.
extension Store {
    /// Tickets per period by `created_at` or `first_solved_at` (`%@` stands for the selected columns).
    static func kpiTicketCountSQL(column: String, _ periods: [KPIPeriod], _ s: KPIScopeSQL) -> String {
        """
        WITH \(kpiPeriodsCTE(periods))
        SELECT p.i, %@ FROM p JOIN ticket t ON t.\(column) >= p.s AND t.\(column) < p.e
        WHERE t.deleted = 0 AND \(s.ticketCondition)
        """
    }

    static func kpiTicketCount(column: String, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var counts = Array(repeating: 0, count: periods.count)
        let from = kpiTicketCountSQL(column: column, periods, s)
        if collect {
            for row in try Row.fetchAll(db, sql: from.replacingOccurrences(of: "%@", with: "t.id, t.created_at, t.first_solved_at"), arguments: s.arguments) {
                let i: Int = row[0], id: String = row[1], created: Millis = row[2]
                counts[i] += 1
                r.ids[i].insert(id)
                if column == "created_at" {
                    r.rows[i].append(KPIDrillRow(id: id, counted: true, cells: [.instant(created)]))
                } else {
                    let solved: Millis = row[3]
                    r.rows[i].append(KPIDrillRow(id: id, counted: true, cells: [.instant(solved), .hours(resolutionHours(created, solved))]))
                }
            }
        } else {
            for row in try Row.fetchAll(db, sql: from.replacingOccurrences(of: "%@", with: "COUNT(*)") + " GROUP BY p.i", arguments: s.arguments) {
                counts[row[0] as Int] = row[1]
            }
        }
        for i in periods.indices { r.values[i] = KPIValue(value: Double(counts[i]), numerator: counts[i]) }
        return r
    }

    /// Hours from creation to the first solve (never negative).
    static func resolutionHours(_ created: Millis, _ solved: Millis) -> Double {
        Double(max(0, solved - created)) / Double(Time.hour)
    }

    /// The backlog at each period's end: tickets created before it whose status then was not
    /// solved or closed (`TicketStatusHistory`). A ticket's done moves (`ticket_fact` kinds
    /// `solve` and `reopen`) alternate from its creation, open, so the tickets open at an
    /// instant E are those created before E less the solves before E plus the reopens before
    /// E. Counting from now backwards keeps it to what happened since E:
    ///
    ///     backlog(E) = open now − created since E + solves since E − reopens since E
    ///
    /// (open now: the open queue's index; the others: ranges of `ticket_created` and
    /// `ticket_fact_period` from E on), so the most recent period — the one a write drops —
    /// reads only the days since. A series reads those values once from its earliest end and
    /// counts per end. A drill-down lists the tickets (`kpiBacklogRows`).
    static func kpiBacklog(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        if collect { return try kpiBacklogRows(periods, s, db) }
        var r = KPIResult(count: periods.count)
        let sql = kpiBacklogCountSQL(s)
        let open = try Int.fetchOne(db, sql: sql.open, arguments: s.arguments) ?? 0
        func since(_ query: String, _ e: Millis) throws -> Int {
            var a = s.arguments
            a += ["end": e]
            return try Int.fetchOne(db, sql: query.replacingOccurrences(of: "%@", with: "COUNT(*)"), arguments: a) ?? 0
        }
        if periods.count <= 3 {
            for (i, p) in periods.enumerated() {
                let n = open - (try since(sql.created, p.end)) + (try since(sql.solves, p.end)) - (try since(sql.reopens, p.end))
                r.values[i] = KPIValue(value: Double(n), numerator: n)
            }
            return r
        }
        var a = s.arguments
        a += ["end": periods.map(\.end).min()!]
        func instants(_ query: String, _ column: String) throws -> [Millis] {
            try Millis.fetchAll(db, sql: query.replacingOccurrences(of: "%@", with: column), arguments: a).sorted()
        }
        let created = try instants(sql.created, "t.created_at"), solves = try instants(sql.solves, "f.at"), reopens = try instants(sql.reopens, "f.at")
        func atOrAfter(_ sorted: [Millis], _ e: Millis) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < e { lo = mid + 1 } else { hi = mid } }
            return sorted.count - lo
        }
        for (i, p) in periods.enumerated() {
            let n = open - atOrAfter(created, p.end) + atOrAfter(solves, p.end) - atOrAfter(reopens, p.end)
            r.values[i] = KPIValue(value: Double(n), numerator: n)
        }
        return r
    }

    /// The backlog's counts (`%@`: what to select; `:end`: the instant): tickets open now
    /// (the open queue's index), created since, solved and reopened since.
    static func kpiBacklogCountSQL(_ s: KPIScopeSQL) -> (open: String, created: String, solves: String, reopens: String) {
        let (facts, factScope) = s.factSource
        // An agent's open tickets: one range of `ticket_assignee` per open status, the deleted
        // ones told by their rowid in the tombstone index (`deleted` is 0 or 1), so no ticket
        // row is read (17,000 open tickets of one agent: 29 → 3 ms).
        let open = s.ticketCondition == "t.assignee_id = :scope" ? """
            SELECT COUNT(*) FROM ticket t INDEXED BY ticket_assignee
            WHERE t.assignee_id = :scope AND t.status IN ('new','open','pending','on_hold')
              AND t.rowid NOT IN (SELECT rowid FROM ticket INDEXED BY ticket_tombstones WHERE deleted = 1)
            """ : """
            SELECT COUNT(*) FROM ticket t WHERE t.deleted = 0 AND t.status IN ('new','open','pending','on_hold') AND \(s.ticketCondition)
            """
        return (open, """
            SELECT %@ FROM ticket t WHERE t.created_at >= :end AND t.deleted = 0 AND \(s.ticketCondition)
            """, """
            SELECT %@ FROM \(facts) WHERE f.kind = 'solve' AND f.at >= :end AND \(factScope)
            """, """
            SELECT %@ FROM \(facts) WHERE f.kind = 'reopen' AND f.at >= :end AND \(factScope)
            """)
    }

    /// The tickets in the backlog at each period's end (a drill-down): those with a status
    /// move since the earliest end are replayed from their moves (whether a ticket was open at
    /// E is whether it is open now, flipped once per move since E); every other ticket open
    /// now was open at every end after its creation.
    static func kpiBacklogRows(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var arguments = s.arguments
        arguments += ["end": periods.map(\.end).min()!]
        let sql = kpiBacklogSQL(s)
        var moved: [String: (created: Millis, openNow: Bool, moves: [Millis])] = [:]
        for row in try Row.fetchAll(db, sql: sql.moved, arguments: arguments) {
            moved[row[0], default: (row[2], row[3], [])].moves.append(row[1])
        }
        for (i, p) in periods.enumerated() {
            var pa = s.arguments
            pa += ["maxEnd": p.end]
            for row in try Row.fetchAll(db, sql: sql.open.replacingOccurrences(of: "%@", with: "t.id, t.created_at"), arguments: pa)
            where moved[row[0]] == nil {
                r.rows[i].append(backlogRow(row[0], row[1], p.end))
            }
            for (id, t) in moved where t.created < p.end {
                let since = t.moves.filter { $0 >= p.end }.count
                guard t.openNow != (since % 2 == 1) else { continue } // open at the end
                r.rows[i].append(backlogRow(id, t.created, p.end))
            }
            r.ids[i] = Set(r.rows[i].map(\.id))
            r.values[i] = KPIValue(value: Double(r.rows[i].count), numerator: r.rows[i].count)
        }
        return r
    }

    /// The backlog's two reads: the status moves since `:end` with their tickets' creation
    /// and status now (`ticket_fact_period`, then the ticket by id), and the tickets open now
    /// created before `:maxEnd` (`%@`: what to select), from the open-queue index alone
    /// (`+created_at`: not every ticket from `ticket_created`).
    static func kpiBacklogSQL(_ s: KPIScopeSQL) -> (moved: String, open: String) {
        ("""
        SELECT f.ticket_id, f.at, t.created_at, t.status IN ('new','open','pending','on_hold')
        FROM ticket_fact f JOIN ticket t ON t.id = f.ticket_id
        WHERE f.kind IN ('solve','reopen') AND f.at >= :end AND t.deleted = 0 AND \(s.ticketCondition)
        """, """
        SELECT %@ FROM ticket t
        WHERE t.deleted = 0 AND t.status IN ('new','open','pending','on_hold') AND +t.created_at < :maxEnd AND \(s.ticketCondition)
        """)
    }

    static func backlogRow(_ id: String, _ created: Millis, _ end: Millis) -> KPIDrillRow {
        KPIDrillRow(id: id, counted: true, cells: [.days(Double(end - created) / Double(Time.day)), .instant(created)])
    }

    static func kpiClocks(_ db: Database) throws -> [TicketPriority: (SLAPolicy, SLAClock)] {
        let hours = try loadSettings(db).businessHours
        var clocks: [TicketPriority: (SLAPolicy, SLAClock)] = [:]
        for priority in TicketPriority.allCases {
            let policy = try slaPolicy(db, priority)
            clocks[priority] = (policy, SLAClock(hours: policy.businessHours ? hours : nil))
        }
        return clocks
    }

    /// Tickets created in the periods with their first reply, each timed on its team's clock;
    /// for an agent a range of `ticket_agent_created`, which holds every column read
    /// (v27-agent-covering added the team).
    static func kpiFirstReplySQL(_ periods: [KPIPeriod], _ s: KPIScopeSQL, collect: Bool) -> String {
        """
        WITH \(kpiPeriodsCTE(periods))
        SELECT p.i, \(collect ? "t.id" : "NULL"), t.created_at, t.first_reply_at, t.priority, t.team_id
        FROM p JOIN ticket t ON t.created_at >= p.s AND t.created_at < p.e
        WHERE t.deleted = 0 AND t.first_reply_at IS NOT NULL AND \(s.ticketCondition)
        """
    }

    static func kpiFirstReply(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        // Each ticket on its team's clock (issue 24).
        let book = try slaBook(db)
        var samples = Array(repeating: [Double](), count: periods.count)
        let rows = try Row.fetchCursor(db, sql: kpiFirstReplySQL(periods, s, collect: collect), arguments: s.arguments)
        while let row = try rows.next() {
            let i: Int = row[0]
            let priority = TicketPriority(rawValue: row[4]) ?? .normal
            guard let clock = book.entry(team: row[5], priority: priority)?.clock else { continue }
            let minutes = Double(clock.elapsed(from: row[2], to: row[3])) / Double(Time.minute)
            samples[i].append(minutes)
            if collect {
                let id: String = row[1]
                r.ids[i].insert(id)
                r.rows[i].append(KPIDrillRow(id: id, counted: true, cells: [.minutes(minutes), .instant(row[2])]))
            }
        }
        for i in periods.indices { r.values[i] = .distribution(samples[i]) }
        return r
    }

    /// Resolution time, CSAT and reopen rate: the tickets whose first solve falls in the period
    /// (`ticket_first_solved`), the same tickets "Tickets solved" counts.
    /// - Resolution time: hours from creation to the first solve; median and p90 over them.
    /// - CSAT: good ÷ (good + bad) of their current ratings, unrated excluded — a rating is
    ///   attributed to the period of its ticket's first solve, whenever it was given; the
    ///   response rate is rated ÷ solved (`breakdown`: `response`, rated of solved).
    /// - Reopen rate: those reopened since (back to an open status after the first solve,
    ///   at any time up to now) ÷ those solved.
    static func kpiSolved(_ id: KPIID, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var samples = Array(repeating: [Double](), count: periods.count)
        var solved = Array(repeating: 0, count: periods.count)
        var good = Array(repeating: 0, count: periods.count)
        var bad = Array(repeating: 0, count: periods.count)
        var reopened = Array(repeating: 0, count: periods.count)
        let rows = try Row.fetchCursor(db, sql: """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, \(collect ? "t.id" : "''"), t.created_at, t.first_solved_at, t.csat, t.reopened_at
            FROM p JOIN ticket t ON t.first_solved_at >= p.s AND t.first_solved_at < p.e
            WHERE t.deleted = 0 AND \(s.ticketCondition)
            """, arguments: s.arguments)
        while let row = try rows.next() {
            let i: Int = row[0], ticket: String = row[1]
            let created: Millis = row[2], first: Millis = row[3]
            solved[i] += 1
            switch id {
            case .resolutionTime:
                let hours = resolutionHours(created, first)
                samples[i].append(hours)
                if collect {
                    r.ids[i].insert(ticket)
                    r.rows[i].append(KPIDrillRow(id: ticket, counted: true, cells: [.hours(hours), .instant(first)]))
                }
            case .csat:
                let rating = row[4] as String?
                if rating == "good" { good[i] += 1 } else if rating == "bad" { bad[i] += 1 }
                if collect {
                    let rated = rating == "good" || rating == "bad"
                    if rating == "good" { r.ids[i].insert(ticket) }
                    if rated { r.baseIDs[i].insert(ticket) }
                    r.rows[i].append(KPIDrillRow(id: ticket, counted: rating == "good", inBase: rated,
                                                 cells: [.text(rated ? rating ?? "" : "unrated"), .instant(first)]))
                }
            default:
                let at = row[5] as Millis?
                if at != nil { reopened[i] += 1 }
                if collect {
                    if at != nil { r.ids[i].insert(ticket) }
                    r.baseIDs[i].insert(ticket)
                    r.rows[i].append(KPIDrillRow(id: ticket, counted: at != nil, inBase: true, cells: [at.map { .instant($0) } ?? .none, .instant(first)]))
                }
            }
        }
        for i in periods.indices {
            switch id {
            case .resolutionTime:
                r.values[i] = .distribution(samples[i])
            case .csat:
                var v = KPIValue.ratio(good[i], good[i] + bad[i])
                v.responseRate = solved[i] > 0 ? Double(good[i] + bad[i]) / Double(solved[i]) : nil
                v.breakdown = [KPIBreakdown(label: "response", value: v.responseRate, numerator: good[i] + bad[i], denominator: solved[i])]
                r.values[i] = v
            default:
                r.values[i] = .ratio(reopened[i], solved[i])
            }
        }
        return r
    }

    /// One ticket's SLA timeline (as `slaTicket` builds it) and its status moves, in time order.
    struct TicketTimeline {
        var id: String
        var sla: SLATicket
        var statuses: [(at: Millis, to: String)]
    }

    /// The tickets matching `condition` (alias `t`) in id order, each with its live status,
    /// reply and note events, streamed one ticket at a time: tickets through the primary key,
    /// events through `ticket_event_ticket`, reading only the columns the clocks need.
    static func streamTicketTimelines(_ db: Database, condition: String, arguments: StatementArguments,
                                      _ body: (TicketTimeline) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.created_at, t.priority, t.status, e.kind, e.at, e.actor, e.is_public, e.to_value
            FROM ticket t INDEXED BY sqlite_autoindex_ticket_1
              LEFT JOIN ticket_event e ON e.ticket_id = t.id AND e.deleted = 0 AND e.kind IN ('status','reply','note')
            WHERE \(condition)
            ORDER BY t.id, e.at, e.rowid
            """, arguments: arguments)
        var current: (id: String, created: Millis, priority: TicketPriority, status: TicketStatus)?
        var sla: [SLAEvent] = []
        var statuses: [(at: Millis, to: String)] = []
        func flush() throws {
            guard let c = current else { return }
            try body(TicketTimeline(id: c.id, sla: SLATicket(createdAt: c.created, priority: c.priority, status: c.status, events: sla),
                                    statuses: statuses))
        }
        while let row = try rows.next() {
            let id: String = row[0]
            if id != current?.id {
                try flush()
                current = (id, row[1], TicketPriority(rawValue: row[2]) ?? .normal, TicketStatus(rawValue: row[3]) ?? .open)
                sla.removeAll(keepingCapacity: true)
                statuses.removeAll(keepingCapacity: true)
            }
            guard let kind = row[4] as String? else { continue }
            let at: Millis = row[5]
            switch kind {
            case "status":
                if let raw = row[8] as String? {
                    statuses.append((at, raw))
                    if let status = TicketStatus(rawValue: raw) { sla.append(.status(at: at, to: status)) }
                }
            case "reply": sla.append((row[6] as String) == "requester" ? .requesterMessage(at: at) : .agentReply(at: at, isPublic: row[7]))
            default: sla.append(.agentReply(at: at, isPublic: false))
            }
        }
        try flush()
    }

    /// Facts of some kinds whose instant falls in the periods, with their ticket (see
    /// `TicketFact`): a range of `ticket_fact_period` per kind and period — or, for an agent,
    /// of `ticket_fact_agent` (the fact carries its ticket's assignee); the ticket is read only
    /// when the scope needs a column of it (`KPIScopeSQL.factSource`).
    /// Without `tickets` the ticket ids are not read (an empty string stands for each): then
    /// `ticket_fact_agent` (kind, assignee, at, outcome) covers an agent's facts, which
    /// otherwise cost a table lookup each (an agent's week of ~30,000 SLA facts: 85 → 5 ms).
    static func kpiFactsSQL(_ kinds: [TicketFact.Kind], _ periods: [KPIPeriod], _ s: KPIScopeSQL, tickets: Bool = true) -> String {
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let (facts, factScope) = s.factSource
        return """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, \(tickets ? "f.ticket_id" : "''"), f.kind, f.at, f.outcome
            FROM p JOIN \(facts)
            WHERE f.kind IN (\(kindList)) AND f.at >= p.s AND f.at < p.e AND \(factScope)
            """
    }

    /// How many SLA targets due in `:from ..< :to` were achieved, and how many breached by
    /// `:now` (a running clock past its due) — `TicketFact.slaState`, counted by SQLite in one
    /// pass of the index. One statement a period: a `GROUP BY` over the periods' join sorts
    /// the facts through a temporary b-tree first, three times slower.
    static func kpiSLACountsSQL(_ s: KPIScopeSQL) -> String {
        let (facts, factScope) = s.factSource
        return """
            SELECT COUNT(*) FILTER (WHERE f.outcome = 'achieved'), COUNT(*) FILTER (WHERE \(breachedOutcome))
            FROM \(facts) WHERE \(slaFactDue) AND \(factScope)
            """
    }

    static func kpiFacts(_ kinds: [TicketFact.Kind], _ periods: [KPIPeriod], _ s: KPIScopeSQL, tickets: Bool = true, _ db: Database,
                         _ body: (Int, String, TicketFact) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: kpiFactsSQL(kinds, periods, s, tickets: tickets), arguments: s.arguments)
        while let row = try rows.next() {
            guard let kind = TicketFact.Kind(rawValue: row[2]) else { continue }
            body(row[0], row[1], TicketFact(kind: kind, at: row[3], outcome: (row[4] as String?).flatMap(TicketFact.Outcome.init(rawValue:))))
        }
    }

    static func kpiSLA(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, now: Millis, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        if !collect {
            // The value alone: SQLite counts each period's achieved and breached targets over
            // the index (`TicketFact.slaState` in SQL: `breachedOutcome`, shared with the Review) instead of
            // handing every fact to Swift — an agent's week of ~30,000 facts: ~20 → ~6 ms.
            let sql = kpiSLACountsSQL(s)
            for (i, p) in periods.enumerated() {
                var arguments = s.arguments
                arguments += ["from": p.start, "to": p.end, "now": now]
                guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { continue }
                r.values[i] = .ratio(row[0], (row[0] as Int) + (row[1] as Int))
            }
            return r
        }
        var achieved = Array(repeating: 0, count: periods.count)
        var breached = Array(repeating: 0, count: periods.count)
        // Collecting: per ticket, its achieved and breached targets.
        var perTicket = Array(repeating: [String: (achieved: [String], breached: [String])](), count: periods.count)
        // The tickets only when collecting (the value counts targets).
        try kpiFacts([.firstReply, .nextReply, .resolution], periods, s, tickets: collect, db) { i, ticket, fact in
            switch fact.slaState(now: now) {
            case .achieved?:
                achieved[i] += 1
                if collect {
                    r.ids[i].insert(ticket); r.baseIDs[i].insert(ticket)
                    perTicket[i][ticket, default: ([], [])].achieved.append(fact.kind.rawValue.replacingOccurrences(of: "_", with: " "))
                }
            case .breached?:
                breached[i] += 1
                if collect {
                    r.baseIDs[i].insert(ticket)
                    perTicket[i][ticket, default: ([], [])].breached.append(fact.kind.rawValue.replacingOccurrences(of: "_", with: " "))
                }
            default: break
            }
        }
        for i in periods.indices {
            r.values[i] = .ratio(achieved[i], achieved[i] + breached[i])
            for (ticket, t) in perTicket[i] {
                let targets = (t.achieved.sorted().map { $0 + " achieved" } + t.breached.sorted().map { $0 + " breached" }).joined(separator: ", ")
                r.rows[i].append(KPIDrillRow(id: ticket, counted: !t.achieved.isEmpty, inBase: true,
                                             cells: [.count(t.achieved.count), .count(t.breached.count), .text(targets)]))
            }
        }
        return r
    }
}
