import Foundation
import GRDB
import Synchronization
import GreenroomCore

/// Drill-downs, the cohort table and the weekly review. Each is a handful of grouped
/// queries, never one query per row of the table it builds.
extension Store {
    // MARK: Cohorts

    /// Each creator's first move into activated in [from, to), by creator.
    static func firstActivations(from: Millis, to: Millis, _ db: Database) throws -> [String: Millis] {
        var out: [String: Millis] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT e.creator_id, MIN(e.at) AS first FROM stage_event e
            WHERE e.to_stage = ? AND e.deleted = 0 AND e.creator_id NOT IN (SELECT id FROM creator WHERE deleted = 1)
            GROUP BY e.creator_id HAVING first >= ? AND first < ?
            """, arguments: [Stage.activated, from, to]) {
            out[row[0]] = row[1]
        }
        return out
    }

    /// Which of `ids` have a session in [from, to).
    static func liveCreators(_ ids: [String], from: Millis, to: Millis, _ db: Database) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let json = JSONText.encode(ids)
        return Set(try String.fetchAll(db, sql: """
            SELECT c.value FROM json_each(?) c
            WHERE EXISTS (SELECT 1 FROM live_session ls WHERE ls.creator_id = c.value AND ls.started_at >= ? AND ls.started_at < ?)
            """, arguments: [json, from, to]))
    }

    /// Week-N retention for the last `cohorts` activation weeks (the current week last, or the
    /// week containing `lastWeek`), N = 0…`weeks`, counting the weeks ended by `now`.
    public func cohortTable(cohorts: Int = 12, weeks: Int = 8, now: Millis, lastWeek: Millis? = nil) throws -> CohortTable {
        let calendar = TeamCalendar(zone: try teamSettings().zone)
        let periods = calendar.lastN(cohorts, .week, endingAt: lastWeek ?? now)
        guard let first = periods.first, let last = periods.last else { return CohortTable(weeks: weeks, rows: []) }
        return try read { db in
            let activations = try Store.firstActivations(from: first.start, to: last.end, db)
            // Every cohort member's session weeks, through `live_session_creator`.
            var liveWeeks: [String: Set<Millis>] = [:]
            let json = JSONText.encode(Array(activations.keys))
            let sessions = try Row.fetchCursor(db, sql: """
                SELECT ls.creator_id, ls.started_at FROM json_each(?) c JOIN live_session ls ON ls.creator_id = c.value AND ls.started_at >= ?
                """, arguments: [json, first.start])
            while let row = try sessions.next() {
                liveWeeks[row[0], default: []].insert(calendar.startOfISOWeek(row[1]))
            }
            let rows = periods.map { p -> CohortTable.Row in
                let members = activations.filter { p.contains($0.value) }.map(\.key)
                let retained = (0...weeks).map { n -> Int? in
                    let week = calendar.addDays(7 * n, to: p.start)
                    guard calendar.addDays(7, to: week) <= now else { return nil }
                    return members.filter { liveWeeks[$0]?.contains(week) ?? false }.count
                }
                return CohortTable.Row(week: p, label: calendar.isoWeekString(p.start), size: members.count, retained: retained)
            }
            return CohortTable(weeks: weeks, rows: rows)
        }
    }

    // MARK: Weekly review

    /// Every ticket with a breached SLA target due in the period, in `breachedTickets`' order.
    static func breachedTicketIDs(_ period: KPIPeriod, _ scope: KPIScope, now: Millis, _ db: Database) throws -> [String] {
        let s = try KPIScopeSQL(scope, db)
        var arguments = s.arguments
        arguments += ["from": period.start, "to": period.end, "now": now]
        let (facts, factScope) = s.factSource
        return try String.fetchAll(db, sql: """
            SELECT f.ticket_id FROM \(facts) WHERE \(breachedFact) AND \(factScope)
            GROUP BY f.ticket_id ORDER BY MAX(f.at) DESC, f.ticket_id
            """, arguments: arguments)
    }

    /// How many tickets have a breached SLA target due in the period (`breachedTicketIDs`'
    /// count, without ordering them).
    static func breachedTicketCount(_ period: KPIPeriod, _ scope: KPIScope, now: Millis, _ db: Database) throws -> Int {
        let s = try KPIScopeSQL(scope, db)
        var arguments = s.arguments
        arguments += ["from": period.start, "to": period.end, "now": now]
        return try breachedTicketCount(s, arguments: arguments, db)
    }

    /// The same, for a scope and arguments (`:from`, `:to`, `:now`) already made.
    static func breachedTicketCount(_ s: KPIScopeSQL, arguments: StatementArguments, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: breachedTicketCountSQL(s), arguments: arguments) ?? 0
    }

    /// For an agent, a range of `ticket_fact_agent` alone (it holds the ticket id since
    /// v27-agent-covering).
    static func breachedTicketCountSQL(_ s: KPIScopeSQL) -> String {
        let (facts, factScope) = s.factSource
        return "SELECT COUNT(DISTINCT f.ticket_id) FROM \(facts) WHERE \(breachedFact) AND \(factScope)"
    }

    /// Tickets with a breached SLA target due in the period, most recent due first, with
    /// their breached targets: all of them, or the first `limit` — read from
    /// `ticket_fact_period` in that order, stopping at the first ticket past the limit (their
    /// other targets of the period are then read by ticket). How many there are in all is
    /// `weekTicketCounts(…).breached`.
    static func breachedTickets(_ period: KPIPeriod, _ scope: KPIScope, now: Millis, limit: Int? = nil,
                                _ db: Database) throws -> [WeeklyReview.BreachedTicket] {
        let s = try KPIScopeSQL(scope, db)
        var arguments = s.arguments
        arguments += ["from": period.start, "to": period.end, "now": now]
        var targets: [String: [SLATarget]] = [:]
        var due: [String: Millis] = [:]
        var order: [String] = []
        var complete = true
        let rows = try Row.fetchCursor(db, sql: breachedFactsInOrderSQL(s), arguments: arguments)
        while let r = try rows.next() {
            let id: String = r[0]
            if due[id] == nil {
                if let limit, order.count >= limit { complete = false; break }
                order.append(id); due[id] = r[2]
            }
            targets[id, default: []].append(SLATarget(rawValue: r[1]) ?? .firstReply)
        }
        guard !order.isEmpty else { return [] }
        let ids = JSONText.encode(order)
        if !complete {
            targets = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT f.ticket_id, f.kind FROM ticket_fact f
                WHERE f.ticket_id IN (SELECT value FROM json_each(:ids)) AND \(breachedFact)
                ORDER BY f.at DESC, f.ticket_id, f.kind
                """, arguments: ["ids": ids, "from": period.start, "to": period.end, "now": now]) {
                targets[r[0], default: []].append(SLATarget(rawValue: r[1]) ?? .firstReply)
            }
        }
        var details: [String: Row] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.id, t.key, t.subject, t.status, m.handle AS assignee
            FROM ticket t LEFT JOIN member m ON m.id = t.assignee_id WHERE t.id IN (SELECT value FROM json_each(?))
            """, arguments: [ids]) {
            details[r["id"]] = r
        }
        let shown = try Store.shortKeys(details.values.map { $0["key"] as String }, db)
        return order.compactMap { id -> WeeklyReview.BreachedTicket? in
            guard let r = details[id] else { return nil }
            let key: String = r["key"]
            return WeeklyReview.BreachedTicket(id: id, key: shown[key] ?? key, subject: r["subject"], targets: targets[id] ?? [],
                                               due: due[id] ?? 0, assignee: r["assignee"],
                                               status: TicketStatus(rawValue: r["status"]) ?? .open)
        }
    }

    /// KPI values over periods of one unit: from the cache for the whole team and complete
    /// periods, else computed.
    func kpiValues(unit: KPIPeriodUnit, periods: [KPIPeriod], scope: KPIScope, settings: TeamSettings, now: Millis) throws -> [KPIID: [KPIValue]] {
        var out: [KPIID: [KPIValue]] = [:]
        if scope == .all && periods.allSatisfy({ $0.end <= now }) {
            for series in try kpiValuesCached(unit: unit, periods: periods, settings: settings, now: now) { out[series.id] = series.values }
            return out
        }
        for id in KPIID.allCases { out[id] = try kpiSeries(id, periods: periods, scope: scope, now: now) }
        return out
    }

    /// The review of one ISO week (the last complete one by default). `breachedLimit` caps the
    /// breached tickets listed with their details (the screen lists the latest; the count and
    /// the drill-down have them all); nil lists every one (the report).
    ///
    /// A week that has not ended is reviewed over its complete days and compared with the
    /// same days of the week before (`KPIPeriodSpan`); its trend is the 12 complete weeks
    /// before it. A week with no complete day yet is refused with a one-line reason.
    public func weeklyReview(week: KPIPeriod? = nil, scope: KPIScope = .all, me: String?, now: Millis,
                             breachedLimit: Int? = nil, withToday: Bool = true) throws -> WeeklyReview {
        let settings = try teamSettings()
        let calendar = TeamCalendar(zone: settings.zone)
        let full = calendar.weekPeriod(containing: week?.start ?? calendar.startOfISOWeek(now) - 1)
        let span = calendar.span(.week, full, now: now)
        guard span.days > 0 else {
            throw GreenroomError.invalidInput("\(calendar.isoWeekString(full.start)) has no complete day yet (it \(full.start > now ? "has not started" : "started today"))")
        }
        let period = span.counted, previous = span.previous
        let kpis: [WeeklyReview.KPIRow]
        if span.isPartial {
            // The complete weeks before for the trend (cached); the partial week and the same
            // days before it computed from the rows.
            let trend = try kpiValues(unit: .week, periods: calendar.lastN(12, .week, endingAt: previous.start), scope: scope,
                                      settings: settings, now: now)
            kpis = try KPIID.allCases.map { id -> WeeklyReview.KPIRow in
                let pair = try kpiSeries(id, periods: [period, previous], scope: scope, now: now)
                let t = settings.kpiTarget(id)
                return WeeklyReview.KPIRow(id: id, value: pair[0], previous: pair[1], trend: (trend[id] ?? []).map(\.value),
                                           target: t.target, direction: t.direction)
            }
        } else {
            let values = try kpiValues(unit: .week, periods: calendar.lastN(12, .week, endingAt: period.start), scope: scope,
                                       settings: settings, now: now)
            kpis = KPIID.allCases.map { id -> WeeklyReview.KPIRow in
                let series = values[id] ?? []
                let t = settings.kpiTarget(id)
                return WeeklyReview.KPIRow(id: id, value: series.last ?? KPIValue(), previous: series.count >= 2 ? series[series.count - 2] : KPIValue(),
                                           trend: series.map(\.value), target: t.target, direction: t.direction)
            }
        }
        // A complete week's agent, manager and ticket counts for the whole team are kept (see
        // `KeptPart`); what is missing is computed in two lanes on two reader connections —
        // Today, the ticket counts and the breached list on one, agents and managers on the
        // other — each reading one snapshot taken after the placeholders were placed.
        let keeps = scope == .all && !span.isPartial && period.end <= now
        let fill = Int64.random(in: 1...Int64.max)
        let managersPlan = try planKeptPart(.managers, period, keeps: keeps, fill: fill, as: ManagerCounts.self)
        let agentsPlan = try planKeptPart(.agents, period, keeps: keeps, fill: fill, as: AgentCounts.self)
        let ticketsPlan = try planKeptPart(.tickets, period, keeps: keeps, fill: fill, as: WeekTicketCounts.self)
        let beforePlan = try planKeptPart(.tickets, previous, keeps: keeps, fill: fill, as: WeekTicketCounts.self)
        struct Parts {
            var today: TodayReport?, breached: [WeeklyReview.BreachedTicket] = []
            var tickets: WeekTicketCounts?, before: WeekTicketCounts?
            var agents: [WeeklyReview.AgentRow] = [], managers: [WeeklyReview.ManagerRow] = []
            var managerCounts: ManagerCounts?, agentCounts: AgentCounts?
            var error: Error?
        }
        let parts = Mutex(Parts())
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            do {
                if lane == 0 {
                    let today = withToday ? try self.today(me: me, now: now, limit: 0) : nil
                    let (tickets, before, breached) = try read { db in
                        let s = try KPIScopeSQL(scope, db)
                        return (try ticketsPlan.cached ?? Store.weekTicketCounts(period, s, now: now, db),
                                try beforePlan.cached ?? Store.weekTicketCounts(previous, s, now: now, db),
                                try Store.breachedTickets(period, scope, now: now, limit: breachedLimit, db))
                    }
                    parts.withLock { $0.today = today; $0.tickets = tickets; $0.before = before; $0.breached = breached }
                } else {
                    let (agents, managers) = try read { db in
                        let s = try KPIScopeSQL(scope, db)
                        let handles = Dictionary(try Row.fetchAll(db, sql: "SELECT id, handle FROM member").map { ($0[0] as String, $0[1] as String) },
                                                 uniquingKeysWith: { a, _ in a })
                        return (try Store.reviewAgents(period, s, handles, counts: agentsPlan.cached, now: now, db),
                                try Store.reviewManagers(period, s, handles, counts: managersPlan.cached, db))
                    }
                    parts.withLock {
                        $0.agents = agents.rows; $0.agentCounts = agents.counts
                        $0.managers = managers.rows; $0.managerCounts = managers.counts
                    }
                }
            } catch {
                parts.withLock { $0.error = $0.error ?? error }
            }
        }
        let p = parts.withLock { $0 }
        if let error = p.error { throw error }
        if managersPlan.placed, let counts = p.managerCounts { storeKeptPart(.managers, period, counts, fill: fill) }
        if agentsPlan.placed, let counts = p.agentCounts { storeKeptPart(.agents, period, counts, fill: fill) }
        if ticketsPlan.placed, let counts = p.tickets { storeKeptPart(.tickets, period, counts, fill: fill) }
        if beforePlan.placed, let counts = p.before { storeKeptPart(.tickets, previous, counts, fill: fill) }
        let tickets = p.tickets ?? WeekTicketCounts(), before = p.before ?? WeekTicketCounts()
        return WeeklyReview(
            week: calendar.isoWeekString(period.start), period: period, previousPeriod: previous, span: span, scope: scope, generatedAt: now, kpis: kpis,
            agents: p.agents, managers: p.managers, breached: p.breached, breachedCount: tickets.breached,
            categories: Store.reviewCategories(tickets, before),
            today: p.today.map { WeeklyReview.TodayCounts(me: $0.me, followUps: $0.followUps.count, breachingTickets: $0.breachingTickets.count,
                                                          idleCreators: $0.idleCreators.count, rottingCards: $0.rottingCards.count) })
    }

    /// Per agent (assignee): tickets solved, median first reply (business minutes where the
    /// policy says so), SLA attainment, CSAT and reopen rate of the week — the KPI engine's
    /// definitions, grouped by assignee in one pass each. `cached` are a complete week's kept figures.
    static func reviewAgents(_ p: KPIPeriod, _ s: KPIScopeSQL, _ handles: [String: String], counts cached: AgentCounts?, now: Millis,
                             _ db: Database) throws -> (rows: [WeeklyReview.AgentRow], counts: AgentCounts) {
        let counts = try cached ?? agentCounts(p, s, now: now, db)
        func ratio(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }
        // QA scores are read live (reviews are few and change any time; not kept).
        let qa = try qaByAgent(p, rubric: try loadSettings(db).qaRubric, db)
        var agents = counts.agents
        for id in qa.keys where agents[id] == nil && s.isAll && handles[id] != nil { agents[id] = .init() }
        let rows = agents.map { id, a in
            WeeklyReview.AgentRow(handle: handles[id] ?? id, solved: a.solved, medianFirstReplyMinutes: a.medianFirstReplyMinutes,
                                  slaAttainment: ratio(a.achieved, a.achieved + a.breached), csat: ratio(a.good, a.good + a.bad),
                                  reopenRate: ratio(a.reopens, a.solves), qa: qa[id] ?? .none)
        }.sorted { ($0.solved, $1.handle) > ($1.solved, $0.handle) }
        return (rows, counts)
    }

    static func agentCounts(_ p: KPIPeriod, _ s: KPIScopeSQL, now: Millis, _ db: Database) throws -> AgentCounts {
        var arguments = s.arguments
        arguments += ["from": p.start, "to": p.end]
        var acc: [String: AgentCounts.Agent] = [:]
        // Solved, CSAT and reopen rate: the tickets first solved in the week (as the KPIs count them).
        for r in try Row.fetchAll(db, sql: """
            SELECT t.assignee_id, COUNT(*), SUM(t.csat = 'good'), SUM(t.csat = 'bad'), SUM(t.reopened_at IS NOT NULL) FROM ticket t
            WHERE t.first_solved_at >= :from AND t.first_solved_at < :to AND t.deleted = 0 AND t.assignee_id IS NOT NULL AND \(s.ticketCondition)
            GROUP BY t.assignee_id
            """, arguments: arguments) {
            acc[r[0], default: .init()].solved = r[1]
            acc[r[0], default: .init()].good = r[2] ?? 0
            acc[r[0], default: .init()].bad = r[3] ?? 0
            acc[r[0], default: .init()].solves = r[1]
            acc[r[0], default: .init()].reopens = r[4] ?? 0
        }
        let book = try slaBook(db) // each ticket on its team's clock (issue 24)
        var replies: [String: [Double]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.assignee_id, t.created_at, t.first_reply_at, t.priority, t.team_id FROM ticket t
            WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0 AND t.first_reply_at IS NOT NULL
              AND t.assignee_id IS NOT NULL AND \(s.ticketCondition)
            """, arguments: arguments) {
            guard let clock = book.entry(team: r[4], priority: TicketPriority(rawValue: r[3]) ?? .normal)?.clock else { continue }
            replies[r[0], default: []].append(Double(clock.elapsed(from: r[1], to: r[2])) / Double(Time.minute))
        }
        for (agent, minutes) in replies { acc[agent, default: .init()].medianFirstReplyMinutes = KPIValue.distribution(minutes).median }
        // SLA outcomes by agent: `ticket_fact_agent` read in group order, one range per kind and
        // agent (the fact carries its ticket's assignee); joined to tickets only for scopes that
        // need a ticket column.
        let (facts, factScope) = s.factSource
        var factArguments = arguments
        factArguments += ["now": now]
        for r in try Row.fetchAll(db, sql: """
            SELECT f.assignee_id, f.kind, COUNT(*), SUM(f.outcome = 'achieved'),
                   SUM(f.outcome = 'breached' OR (f.outcome = 'running' AND f.at < :now))
            FROM \(facts)
            WHERE f.kind IN ('first_reply','next_reply','resolution') AND f.assignee_id IN (SELECT id FROM member)
              AND f.at >= :from AND f.at < :to AND \(factScope)
            GROUP BY f.kind, f.assignee_id
            """, arguments: factArguments) {
            let agent: String = r[0]
            acc[agent, default: .init()].achieved += r[3] as Int
            acc[agent, default: .init()].breached += r[4] as Int
        }
        return AgentCounts(agents: acc)
    }

    /// Per manager (creator owner): creators, activity rate, live hours, new activations and
    /// pipeline conversion of the week — the engine's whole-scope computation once, with the
    /// rows it counted grouped by owner. `counts` are a complete week's cached figures.
    static func reviewManagers(_ p: KPIPeriod, _ s: KPIScopeSQL, _ handles: [String: String], counts cached: ManagerCounts?,
                               _ db: Database) throws -> (rows: [WeeklyReview.ManagerRow], counts: ManagerCounts) {
        var creators: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT c.owner_id, COUNT(*) FROM creator c WHERE c.deleted = 0 AND c.owner_id IS NOT NULL AND \(s.isAll ? "1" : s.creatorCondition("c.id"))
            GROUP BY c.owner_id
            """, arguments: s.arguments) {
            creators[r[0]] = r[1]
        }
        let c = try cached ?? managerCounts(p, s, db)
        func ratio(_ n: Int?, _ d: Int?) -> Double? { (d ?? 0) > 0 ? Double(n ?? 0) / Double(d!) : nil }
        let rows = creators.keys.map { o in
            WeeklyReview.ManagerRow(handle: handles[o] ?? o, creators: creators[o] ?? 0, activityRate: ratio(c.active[o], c.activityBase[o]),
                                    liveHours: Double(c.minutes[o] ?? 0) / 60, newActivations: c.activations[o] ?? 0,
                                    conversion: ratio(c.converted[o], c.cohort[o]))
        }.sorted { ($0.creators, $1.handle) > ($1.creators, $0.handle) }
        return (rows, c)
    }

    static func managerCounts(_ p: KPIPeriod, _ s: KPIScopeSQL, _ db: Database) throws -> ManagerCounts {
        var owner: [String: String] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT c.id, c.owner_id FROM creator c WHERE c.deleted = 0 AND c.owner_id IS NOT NULL AND \(s.isAll ? "1" : s.creatorCondition("c.id"))
            """, arguments: s.arguments) {
            owner[r[0]] = r[1]
        }
        func grouped(_ ids: some Sequence<String>) -> [String: Int] {
            var out: [String: Int] = [:]
            for id in ids { if let o = owner[id] { out[o, default: 0] += 1 } }
            return out
        }
        var c = ManagerCounts()
        let activity = try kpiActivityRate([p], s, true, db)
        c.active = grouped(activity.ids[0]); c.activityBase = grouped(activity.baseIDs[0])
        var arguments = s.arguments
        arguments += ["from": p.start, "to": p.end, "activated": Stage.activated]
        for r in try Row.fetchAll(db, sql: """
            SELECT ls.creator_id, SUM(ls.minutes) FROM live_session ls WHERE ls.started_at >= :from AND ls.started_at < :to
              AND \(s.creatorCondition("ls.creator_id")) GROUP BY ls.creator_id
            """, arguments: arguments) {
            if let o = owner[r[0]] { c.minutes[o, default: 0] += r[1] as Int }
        }
        c.activations = grouped(try String.fetchAll(db, sql: """
            SELECT e.creator_id FROM stage_event e WHERE e.to_stage = :activated AND e.deleted = 0 AND e.at >= :from AND e.at < :to
              AND \(s.creatorCondition("e.creator_id"))
            """, arguments: arguments))
        // Conversion: the week's pipeline cohort, grouped by the owners of its creators.
        let funnel = try kpiFunnel(.pipelineConversion, [p], s, true, db)
        c.converted = grouped(funnel.ids[0]); c.cohort = grouped(funnel.baseIDs[0])
        return c
    }

    /// Tickets created in the period by category, and how many tickets had an SLA target
    /// breached in it (due in the period; a running target past due counts).
    static func weekTicketCounts(_ p: KPIPeriod, _ s: KPIScopeSQL, now: Millis, _ db: Database) throws -> WeekTicketCounts {
        var arguments = s.arguments
        arguments += ["from": p.start, "to": p.end, "now": now]
        var categories: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.category, COUNT(*) FROM ticket t
            WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0 AND \(s.ticketCondition)
            GROUP BY 1
            """, arguments: arguments) {
            categories[r[0]] = r[1]
        }
        return WeekTicketCounts(categories: categories, breached: try breachedTicketCount(s, arguments: arguments, db))
    }

    /// The breached facts of [:from, :to) as `breachedTickets` reads them: latest due first,
    /// then by ticket, then by target. For a scope that needs no ticket column, one range of
    /// `ticket_fact_period` (or `ticket_fact_agent`) per target kind, each already in due
    /// order, merged by SQLite (`MERGE (UNION ALL)`) and read only as far as the listed
    /// tickets go: one `kind IN (…)` scan sorted every breached fact of the week before the
    /// first row (~50,000 at 1M tickets: 60 ms warm, for a screen that lists 100). Other scopes
    /// join `ticket` per fact and are sorted as before.
    static func breachedFactsInOrderSQL(_ s: KPIScopeSQL) -> String {
        let (facts, factScope) = s.factSource
        guard s.factCondition != nil else {
            return """
                SELECT f.ticket_id, f.kind, f.at FROM \(facts) WHERE \(breachedFact) AND \(factScope)
                ORDER BY f.at DESC, f.ticket_id, f.kind
                """
        }
        return SLATarget.allCases.map { kind in
            """
            SELECT f.ticket_id, f.kind, f.at FROM \(facts)
            WHERE f.kind = '\(kind.rawValue)' AND f.at >= :from AND f.at < :to
              AND \(breachedOutcome) AND \(factScope)
            """
        }.joined(separator: "\nUNION ALL\n") + "\nORDER BY 3 DESC, 1, 2"
    }

    /// A fact of an SLA target due in [:from, :to).
    static let slaFactDue = "f.kind IN ('first_reply','next_reply','resolution') AND f.at >= :from AND f.at < :to"

    /// The fact's target breached by :now (`TicketFact.slaState`: a running target past :now
    /// counts).
    static let breachedOutcome = "(f.outcome = 'breached' OR (f.outcome = 'running' AND f.at < :now))"

    /// A fact of a breached SLA target due in [:from, :to) (a running target past :now counts).
    static let breachedFact = "\(slaFactDue) AND \(breachedOutcome)"

    /// This week's categories against the week before's, most tickets first.
    static func reviewCategories(_ week: WeekTicketCounts, _ before: WeekTicketCounts) -> [WeeklyReview.CategoryRow] {
        TicketCategory.allCases.filter { week.categories[$0.rawValue] != nil || before.categories[$0.rawValue] != nil }
            .map { WeeklyReview.CategoryRow(category: $0, count: week.categories[$0.rawValue] ?? 0, previous: before.categories[$0.rawValue] ?? 0) }
            .sorted { ($0.count, $1.category.rawValue) > ($1.count, $0.category.rawValue) }
    }
}

