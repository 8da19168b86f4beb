import Foundation
import GRDB
import GreenroomCore

/// The ticket KPIs of the KPI engine (see `KPIEngine.swift` for the definitions): counts by
/// creation and solve time, backlog, first reply and resolution times, CSAT, and the SLA and
/// reopen KPIs read from the derived `ticket_fact` rows.
extension Store {
    /// Tickets per period by `created_at` or `solved_at` (`%@` stands for the selected columns).
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
            for row in try Row.fetchAll(db, sql: from.replacingOccurrences(of: "%@", with: "t.id"), arguments: s.arguments) {
                let i: Int = row[0]
                counts[i] += 1
                r.ids[i].insert(row[1])
            }
        } else {
            for row in try Row.fetchAll(db, sql: from.replacingOccurrences(of: "%@", with: "COUNT(*)") + " GROUP BY p.i", arguments: s.arguments) {
                counts[row[0] as Int] = row[1]
            }
        }
        for i in periods.indices { r.values[i] = KPIValue(value: Double(counts[i]), numerator: counts[i]) }
        return r
    }

    /// Tickets open at each period's end: the unsolved ones created before it (the open-queue
    /// index) and the ones solved at or after it that were created before it (`ticket_solved`).
    /// The tickets open at `:end` (`what` is the selected column): unsolved ones created
    /// before it, and ones solved at or after it that were created before it.
    static func kpiBacklogSQL(_ what: String, _ s: KPIScopeSQL) -> String {
        // `+created_at`: the unsolved tickets are read from the open-queue index (tens of
        // thousands), not every ticket created before the end from `ticket_created`.
        """
        SELECT \(what) FROM ticket t
        WHERE t.deleted = 0 AND t.status IN ('new','open','pending','on_hold') AND +t.created_at < :end AND \(s.ticketCondition)
        UNION ALL
        SELECT \(what) FROM ticket t
        WHERE t.solved_at >= :end AND t.created_at < :end AND t.deleted = 0 AND t.status NOT IN ('new','open','pending','on_hold')
          AND \(s.ticketCondition)
        """
    }

    static func kpiBacklog(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        if !collect && periods.count > 1 {
            // A series: the unsolved tickets' creation times, and creation and solve times of the
            // tickets solved since the earliest period end, each read once; then counted per end.
            let minEnd = periods.map(\.end).min()!
            var arguments = s.arguments
            arguments += ["end": minEnd]
            let open = try Millis.fetchAll(db, sql: """
                SELECT t.created_at FROM ticket t
                WHERE t.deleted = 0 AND t.status IN ('new','open','pending','on_hold') AND \(s.ticketCondition)
                """, arguments: s.arguments).sorted()
            let solved = try Row.fetchAll(db, sql: """
                SELECT t.created_at, t.solved_at FROM ticket t
                WHERE t.solved_at >= :end AND t.deleted = 0 AND t.status NOT IN ('new','open','pending','on_hold') AND \(s.ticketCondition)
                """, arguments: arguments).map { (created: $0[0] as Millis, solved: $0[1] as Millis) }
            for (i, p) in periods.enumerated() {
                var lo = 0, hi = open.count // open tickets created before the end
                while lo < hi { let mid = (lo + hi) / 2; if open[mid] < p.end { lo = mid + 1 } else { hi = mid } }
                let n = lo + solved.reduce(0) { $0 + ($1.solved >= p.end && $1.created < p.end ? 1 : 0) }
                r.values[i] = KPIValue(value: Double(n), numerator: n)
            }
            return r
        }
        for (i, p) in periods.enumerated() {
            var arguments = s.arguments
            arguments += ["end": p.end]
            let sql = kpiBacklogSQL(collect ? "t.id" : "COUNT(*)", s)
            if collect {
                r.ids[i] = Set(try String.fetchAll(db, sql: sql, arguments: arguments))
                r.values[i] = KPIValue(value: Double(r.ids[i].count), numerator: r.ids[i].count)
            } else {
                let n = try Int.fetchAll(db, sql: sql, arguments: arguments).reduce(0, +)
                r.values[i] = KPIValue(value: Double(n), numerator: n)
            }
        }
        return r
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

    static func kpiFirstReply(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        let clocks = try kpiClocks(db)
        var samples = Array(repeating: [Double](), count: periods.count)
        let rows = try Row.fetchCursor(db, sql: """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, \(collect ? "t.id" : "NULL"), t.created_at, t.first_reply_at, t.priority
            FROM p JOIN ticket t ON t.created_at >= p.s AND t.created_at < p.e
            WHERE t.deleted = 0 AND t.first_reply_at IS NOT NULL AND \(s.ticketCondition)
            """, arguments: s.arguments)
        while let row = try rows.next() {
            let i: Int = row[0]
            let priority = TicketPriority(rawValue: row[4]) ?? .normal
            let clock = clocks[priority]!.1
            samples[i].append(Double(clock.elapsed(from: row[2], to: row[3])) / Double(Time.minute))
            if collect { r.ids[i].insert(row[1]) }
        }
        for i in periods.indices { r.values[i] = .distribution(samples[i]) }
        return r
    }

    static func kpiSolved(_ id: KPIID, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var samples = Array(repeating: [Double](), count: periods.count)
        var solved = Array(repeating: 0, count: periods.count)
        var good = Array(repeating: 0, count: periods.count)
        var bad = Array(repeating: 0, count: periods.count)
        let rows = try Row.fetchCursor(db, sql: """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, \(collect ? "t.id" : "''"), t.created_at, t.solved_at, t.csat, t.first_solved_at
            FROM p JOIN ticket t ON t.solved_at >= p.s AND t.solved_at < p.e
            WHERE t.deleted = 0 AND \(s.ticketCondition)
            """, arguments: s.arguments)
        while let row = try rows.next() {
            let i: Int = row[0], ticket: String = row[1]
            if id == .resolutionTime {
                let created: Millis = row[2]
                let solvedAt: Millis = (row[5] as Millis?) ?? row[3]
                samples[i].append(Double(max(0, solvedAt - created)) / Double(Time.hour))
                if collect { r.ids[i].insert(ticket) }
            } else {
                solved[i] += 1
                switch row[4] as String? {
                case "good"?:
                    good[i] += 1
                    if collect { r.ids[i].insert(ticket); r.baseIDs[i].insert(ticket) }
                case "bad"?:
                    bad[i] += 1
                    if collect { r.baseIDs[i].insert(ticket) }
                default: break
                }
            }
        }
        for i in periods.indices {
            if id == .resolutionTime {
                r.values[i] = .distribution(samples[i])
            } else {
                var v = KPIValue.ratio(good[i], good[i] + bad[i])
                v.responseRate = solved[i] > 0 ? Double(good[i] + bad[i]) / Double(solved[i]) : nil
                r.values[i] = v
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
    /// `TicketFact`): a range of `ticket_fact_period` per kind and period; the ticket is read
    /// only when the scope needs it.
    static func kpiFactsSQL(_ kinds: [TicketFact.Kind], _ periods: [KPIPeriod], _ s: KPIScopeSQL) -> String {
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let join = s.ticketCondition == "1" ? "" : "JOIN ticket t ON t.id = f.ticket_id"
        return """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, f.ticket_id, f.kind, f.at, f.outcome
            FROM p JOIN ticket_fact f ON f.kind IN (\(kindList)) AND f.at >= p.s AND f.at < p.e \(join)
            WHERE \(s.ticketCondition)
            """
    }

    static func kpiFacts(_ kinds: [TicketFact.Kind], _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ db: Database,
                         _ body: (Int, String, TicketFact) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: kpiFactsSQL(kinds, periods, s), arguments: s.arguments)
        while let row = try rows.next() {
            guard let kind = TicketFact.Kind(rawValue: row[2]) else { continue }
            body(row[0], row[1], TicketFact(kind: kind, at: row[3], outcome: (row[4] as String?).flatMap(TicketFact.Outcome.init(rawValue:))))
        }
    }

    static func kpiSLA(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, now: Millis, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var achieved = Array(repeating: 0, count: periods.count)
        var breached = Array(repeating: 0, count: periods.count)
        try kpiFacts([.firstReply, .nextReply, .resolution], periods, s, db) { i, ticket, fact in
            switch fact.slaState(now: now) {
            case .achieved?:
                achieved[i] += 1
                if collect { r.ids[i].insert(ticket); r.baseIDs[i].insert(ticket) }
            case .breached?:
                breached[i] += 1
                if collect { r.baseIDs[i].insert(ticket) }
            default: break
            }
        }
        for i in periods.indices { r.values[i] = .ratio(achieved[i], achieved[i] + breached[i]) }
        return r
    }

    static func kpiReopen(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var reopens = Array(repeating: 0, count: periods.count)
        var solves = Array(repeating: 0, count: periods.count)
        try kpiFacts([.solve, .reopen], periods, s, db) { i, ticket, fact in
            if fact.kind == .solve {
                solves[i] += 1
                if collect { r.baseIDs[i].insert(ticket) }
            } else {
                reopens[i] += 1
                if collect { r.ids[i].insert(ticket) }
            }
        }
        for i in periods.indices { r.values[i] = .ratio(reopens[i], solves[i]) }
        return r
    }
}
