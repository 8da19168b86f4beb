import Foundation
import GRDB
import Synchronization
import GreenroomCore

/// Drill-downs, the cohort table and the weekly review. Each is a handful of grouped
/// queries, never one query per row of the table it builds.
extension Store {
    // MARK: Drill-down

    public func drillDown(_ request: DrillRequest, now: Millis) throws -> DrillResult {
        var counted: [String] = []
        var baseOnly: [String] = []
        let subject: KPIDrill.Subject
        switch request {
        case .kpi(let id, let period, let scope):
            let drill = try kpiDrillDown(id, period: period, scope: scope, now: now)
            subject = drill.subject
            counted = drill.ids
            let ids = Set(drill.ids)
            baseOnly = drill.baseIDs.filter { !ids.contains($0) }
        case .cohort(let week, let n):
            subject = .creators
            let calendar = TeamCalendar(zone: try teamSettings().zone)
            let cohort = try read { db in try Store.firstActivations(from: week, to: calendar.addDays(7, to: week), db) }
            let liveWeek = calendar.addDays(7 * n, to: week)
            let live = try read { db in
                try Store.liveCreators(Array(cohort.keys), from: liveWeek, to: calendar.addDays(7, to: liveWeek), db)
            }
            counted = cohort.keys.filter { live.contains($0) }.sorted()
            baseOnly = cohort.keys.filter { !live.contains($0) }.sorted()
        case .category(let category, let period, let scope):
            subject = .tickets
            counted = try read { db in
                let s = try KPIScopeSQL(scope, db)
                var arguments = s.arguments
                arguments += ["from": period.start, "to": period.end, "category": category.rawValue]
                return try String.fetchAll(db, sql: """
                    SELECT t.id FROM ticket t WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0
                      AND t.category = :category AND \(s.ticketCondition) ORDER BY t.id
                    """, arguments: arguments)
            }
        case .breached(let period, let scope):
            subject = .tickets
            counted = try read { db in try Store.breachedTickets(period, scope, now: now, limit: 0, db) }.ids
        }
        let rows = try drillRows(subject, counted, counted: true) + drillRows(subject, baseOnly, counted: false)
        let columns = subject == .creators ? ["creator", "name", "stage", "market", "owner"] : ["key", "subject", "status", "priority", "assignee"]
        return DrillResult(subject: subject, columns: columns, rows: rows, counted: counted.count, base: counted.count + baseOnly.count)
    }

    /// Display rows for ids, in the order given.
    func drillRows(_ subject: KPIDrill.Subject, _ ids: [String], counted: Bool) throws -> [DrillRow] {
        guard !ids.isEmpty else { return [] }
        let json = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        return try read { db in
            var byID: [String: DrillRow] = [:]
            if subject == .creators {
                for r in try Row.fetchAll(db, sql: """
                    SELECT c.id, c.handle, c.display_name, c.stage, c.market, m.handle AS owner
                    FROM creator c LEFT JOIN member m ON m.id = c.owner_id
                    WHERE c.id IN (SELECT value FROM json_each(?))
                    """, arguments: [json]) {
                    byID[r["id"]] = DrillRow(target: .creator(r["id"]), cells: [r["handle"], r["display_name"], r["stage"], r["market"],
                                                                              (r["owner"] as String?) ?? "—"], counted: counted)
                }
            } else {
                for r in try Row.fetchAll(db, sql: """
                    SELECT t.id, t.key, t.subject, t.status, t.priority, m.handle AS assignee
                    FROM ticket t LEFT JOIN member m ON m.id = t.assignee_id
                    WHERE t.id IN (SELECT value FROM json_each(?))
                    """, arguments: [json]) {
                    let key: String = r["key"]
                    byID[r["id"]] = DrillRow(target: .ticket(r["id"]), cells: [String(key.prefix(8)), r["subject"], r["status"], r["priority"],
                                                                             (r["assignee"] as String?) ?? "—"], counted: counted)
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }

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
        let json = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        return Set(try String.fetchAll(db, sql: """
            SELECT c.value FROM json_each(?) c
            WHERE EXISTS (SELECT 1 FROM live_session ls WHERE ls.creator_id = c.value AND ls.started_at >= ? AND ls.started_at < ?)
            """, arguments: [json, from, to]))
    }

    /// Week-N retention for the last `cohorts` activation weeks (the current week last), N = 0…`weeks`.
    public func cohortTable(cohorts: Int = 12, weeks: Int = 8, now: Millis) throws -> CohortTable {
        let calendar = TeamCalendar(zone: try teamSettings().zone)
        let periods = calendar.lastN(cohorts, .week, endingAt: now)
        guard let first = periods.first, let last = periods.last else { return CohortTable(weeks: weeks, rows: []) }
        return try read { db in
            let activations = try Store.firstActivations(from: first.start, to: last.end, db)
            // Every cohort member's session weeks, through `live_session_creator`.
            var liveWeeks: [String: Set<Millis>] = [:]
            let json = String(decoding: try JSONEncoder().encode(Array(activations.keys)), as: UTF8.self)
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

    /// Tickets with a breached SLA target due in the period, most recent due first: all their
    /// ids, and the first `limit` with their details (all when nil). The ordering comes from
    /// `ticket_fact_period` alone.
    static func breachedTickets(_ period: KPIPeriod, _ scope: KPIScope, now: Millis, limit: Int? = nil,
                                _ db: Database) throws -> (tickets: [WeeklyReview.BreachedTicket], ids: [String]) {
        let s = try KPIScopeSQL(scope, db)
        var arguments = s.arguments
        arguments += ["from": period.start, "to": period.end, "now": now]
        let (facts, factScope) = s.factSource
        var targets: [String: [SLATarget]] = [:]
        var due: [String: Millis] = [:]
        var order: [String] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT f.ticket_id, f.kind, f.at FROM \(facts)
            WHERE f.kind IN ('first_reply','next_reply','resolution') AND f.at >= :from AND f.at < :to
              AND (f.outcome = 'breached' OR (f.outcome = 'running' AND f.at < :now)) AND \(factScope)
            ORDER BY f.at DESC, f.ticket_id
            """, arguments: arguments)
        while let r = try rows.next() {
            let id: String = r[0]
            let target = SLATarget(rawValue: r[1]) ?? .firstReply
            if targets[id] == nil { order.append(id); due[id] = r[2] }
            targets[id, default: []].append(target)
        }
        let shown = limit.map { Array(order.prefix($0)) } ?? order
        guard !shown.isEmpty else { return ([], order) }
        var details: [String: Row] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.id, t.key, t.subject, t.status, m.handle AS assignee
            FROM ticket t LEFT JOIN member m ON m.id = t.assignee_id WHERE t.id IN (SELECT value FROM json_each(?))
            """, arguments: [String(decoding: try JSONEncoder().encode(shown), as: UTF8.self)]) {
            details[r["id"]] = r
        }
        let tickets = shown.compactMap { id -> WeeklyReview.BreachedTicket? in
            guard let r = details[id] else { return nil }
            let key: String = r["key"]
            return WeeklyReview.BreachedTicket(id: id, key: String(key.prefix(8)), subject: r["subject"], targets: targets[id] ?? [],
                                               due: due[id] ?? 0, assignee: r["assignee"],
                                               status: TicketStatus(rawValue: r["status"]) ?? .open)
        }
        return (tickets, order)
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
    public func weeklyReview(week: KPIPeriod? = nil, scope: KPIScope = .all, me: String?, now: Millis,
                             breachedLimit: Int? = nil) throws -> WeeklyReview {
        let settings = try teamSettings()
        let calendar = TeamCalendar(zone: settings.zone)
        let period = week ?? calendar.weekPeriod(containing: calendar.startOfISOWeek(now) - 1)
        let previous = KPIPeriod(start: calendar.addDays(-7, to: period.start), end: period.start)
        let trendPeriods = calendar.lastN(12, .week, endingAt: period.start)
        let values = try kpiValues(unit: .week, periods: trendPeriods, scope: scope, settings: settings, now: now)
        let kpis = KPIID.allCases.map { id -> WeeklyReview.KPIRow in
            let series = values[id] ?? []
            let t = settings.kpiTarget(id)
            return WeeklyReview.KPIRow(id: id, value: series.last ?? KPIValue(), previous: series.count >= 2 ? series[series.count - 2] : KPIValue(),
                                       trend: series.map(\.value), target: t.target, direction: t.direction)
        }
        // Two lanes on two reader connections: Today, the categories and the breached tickets
        // on one; the agents and managers on the other. Each lane reads one snapshot.
        let keepsManagers = scope == .all && period.end <= now
        let cachedManagers = keepsManagers ? try cachedManagerCounts(period) : nil
        let fill = Int64.random(in: 1...Int64.max)
        let placed = keepsManagers && cachedManagers == nil && placeManagerCounts(period, fill: fill)
        struct Parts {
            var today: TodayReport?, categories: [WeeklyReview.CategoryRow] = [], breached: [WeeklyReview.BreachedTicket] = [], breachedCount = 0
            var agents: [WeeklyReview.AgentRow] = [], managers: [WeeklyReview.ManagerRow] = [], counts: ManagerCounts?
            var error: Error?
        }
        let parts = Mutex(Parts())
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            do {
                if lane == 0 {
                    let today = try self.today(me: me, now: now, limit: 1)
                    let (categories, breached) = try read { db in
                        (try Store.reviewCategories(period, previous, try KPIScopeSQL(scope, db), db),
                         try Store.breachedTickets(period, scope, now: now, limit: breachedLimit, db))
                    }
                    parts.withLock {
                        $0.today = today; $0.categories = categories; $0.breached = breached.tickets; $0.breachedCount = breached.ids.count
                    }
                } else {
                    let (agents, managers) = try read { db in
                        let s = try KPIScopeSQL(scope, db)
                        let handles = Dictionary(try Row.fetchAll(db, sql: "SELECT id, handle FROM member").map { ($0[0] as String, $0[1] as String) },
                                                 uniquingKeysWith: { a, _ in a })
                        return (try Store.reviewAgents(period, s, handles, now: now, db),
                                try Store.reviewManagers(period, s, handles, counts: cachedManagers, db))
                    }
                    parts.withLock { $0.agents = agents; $0.managers = managers.rows; $0.counts = managers.counts }
                }
            } catch {
                parts.withLock { $0.error = $0.error ?? error }
            }
        }
        let p = parts.withLock { $0 }
        if let error = p.error { throw error }
        if placed, let counts = p.counts { storeManagerCounts(period, counts, fill: fill) }
        let today = p.today!
        return WeeklyReview(
            week: calendar.isoWeekString(period.start), period: period, previousPeriod: previous, scope: scope, generatedAt: now, kpis: kpis,
            agents: p.agents, managers: p.managers, breached: p.breached, breachedCount: p.breachedCount, categories: p.categories,
            today: WeeklyReview.TodayCounts(me: today.me, followUps: today.followUps.count, breachingTickets: today.breachingTickets.count,
                                            idleCreators: today.idleCreators.count, rottingCards: today.rottingCards.count))
    }

    /// Per agent (assignee): tickets solved, median first reply (business minutes where the
    /// policy says so), SLA attainment, CSAT and reopen rate of the week — the KPI engine's
    /// definitions, grouped by assignee in one pass each.
    static func reviewAgents(_ p: KPIPeriod, _ s: KPIScopeSQL, _ handles: [String: String], now: Millis, _ db: Database) throws -> [WeeklyReview.AgentRow] {
        var arguments = s.arguments
        arguments += ["from": p.start, "to": p.end]
        struct Acc { var solved = 0, good = 0, bad = 0, achieved = 0, breached = 0, solves = 0, reopens = 0; var replies: [Double] = [] }
        var acc: [String: Acc] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.assignee_id, COUNT(*), SUM(t.csat = 'good'), SUM(t.csat = 'bad') FROM ticket t
            WHERE t.solved_at >= :from AND t.solved_at < :to AND t.deleted = 0 AND t.assignee_id IS NOT NULL AND \(s.ticketCondition)
            GROUP BY t.assignee_id
            """, arguments: arguments) {
            acc[r[0], default: Acc()].solved = r[1]
            acc[r[0], default: Acc()].good = r[2] ?? 0
            acc[r[0], default: Acc()].bad = r[3] ?? 0
        }
        let clocks = try kpiClocks(db)
        for r in try Row.fetchAll(db, sql: """
            SELECT t.assignee_id, t.created_at, t.first_reply_at, t.priority FROM ticket t
            WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0 AND t.first_reply_at IS NOT NULL
              AND t.assignee_id IS NOT NULL AND \(s.ticketCondition)
            """, arguments: arguments) {
            let clock = clocks[TicketPriority(rawValue: r[3]) ?? .normal]!.1
            acc[r[0], default: Acc()].replies.append(Double(clock.elapsed(from: r[1], to: r[2])) / Double(Time.minute))
        }
        // SLA outcomes, solves and reopens by agent: `ticket_fact_agent` read in group order, one
        // range per kind and agent (the fact carries its ticket's assignee); joined to tickets
        // only for scopes that need a ticket column.
        let (facts, factScope) = s.factSource
        var factArguments = arguments
        factArguments += ["now": now]
        for r in try Row.fetchAll(db, sql: """
            SELECT f.assignee_id, f.kind, COUNT(*), SUM(f.outcome = 'achieved'),
                   SUM(f.outcome = 'breached' OR (f.outcome = 'running' AND f.at < :now))
            FROM \(facts)
            WHERE f.kind IN ('first_reply','next_reply','resolution','solve','reopen') AND f.assignee_id IN (SELECT id FROM member)
              AND f.at >= :from AND f.at < :to AND \(factScope)
            GROUP BY f.kind, f.assignee_id
            """, arguments: factArguments) {
            let agent: String = r[0]
            switch TicketFact.Kind(rawValue: r[1]) {
            case .solve?: acc[agent, default: Acc()].solves += r[2] as Int
            case .reopen?: acc[agent, default: Acc()].reopens += r[2] as Int
            case nil: break
            default:
                acc[agent, default: Acc()].achieved += r[3] as Int
                acc[agent, default: Acc()].breached += r[4] as Int
            }
        }
        func ratio(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }
        return acc.map { id, a in
            WeeklyReview.AgentRow(handle: handles[id] ?? id, solved: a.solved, medianFirstReplyMinutes: KPIValue.distribution(a.replies).median,
                                  slaAttainment: ratio(a.achieved, a.achieved + a.breached), csat: ratio(a.good, a.good + a.bad),
                                  reopenRate: ratio(a.reopens, a.solves))
        }.sorted { ($0.solved, $1.handle) > ($1.solved, $0.handle) }
    }

    /// A week's per-manager figures by owner id: what `kpi_rollup` keeps for complete weeks
    /// (`kpi = 'review_managers'`, see migration v6-review for what drops it).
    /// Pipeline conversion is not kept: a card moved today changes the conversion of the week
    /// its creator entered the pipeline, so it is computed each time (one funnel pass).
    struct ManagerCounts: Codable, Equatable {
        var active: [String: Int] = [:], activityBase: [String: Int] = [:]
        var minutes: [String: Int] = [:], activations: [String: Int] = [:]
    }

    /// The KPIs the kept per-manager figures restate; the kept row lives only while theirs do.
    static let managerTableKPIs = "'activity_rate','live_hours','new_activations'"

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
        // Conversion: the week's pipeline cohort, grouped by the owners of its creators.
        let funnel = try kpiFunnel(.pipelineConversion, [p], s, true, db)
        var owner: [String: String] = [:]
        let cohortIDs = funnel.ids[0].union(funnel.baseIDs[0])
        if !cohortIDs.isEmpty {
            for r in try Row.fetchAll(db, sql: """
                SELECT c.id, c.owner_id FROM creator c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted = 0 AND c.owner_id IS NOT NULL
                """, arguments: [String(decoding: try JSONEncoder().encode(Array(cohortIDs)), as: UTF8.self)]) {
                owner[r[0]] = r[1]
            }
        }
        var converted: [String: Int] = [:], cohort: [String: Int] = [:]
        for id in funnel.ids[0] { if let o = owner[id] { converted[o, default: 0] += 1 } }
        for id in funnel.baseIDs[0] { if let o = owner[id] { cohort[o, default: 0] += 1 } }
        func ratio(_ n: Int?, _ d: Int?) -> Double? { (d ?? 0) > 0 ? Double(n ?? 0) / Double(d!) : nil }
        let rows = creators.keys.map { o in
            WeeklyReview.ManagerRow(handle: handles[o] ?? o, creators: creators[o] ?? 0, activityRate: ratio(c.active[o], c.activityBase[o]),
                                    liveHours: Double(c.minutes[o] ?? 0) / 60, newActivations: c.activations[o] ?? 0,
                                    conversion: ratio(converted[o], cohort[o]))
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
        return c
    }

    /// A complete week's cached per-manager figures, if kept.
    func cachedManagerCounts(_ p: KPIPeriod) throws -> ManagerCounts? {
        try read { db in
            guard let json = try String.fetchOne(db, sql: """
                SELECT breakdown FROM kpi_rollup WHERE kpi = 'review_managers' AND unit = 'week' AND start = ? AND "end" = ? AND pending = 0
                """, arguments: [p.start, p.end]) else { return nil }
            return try? JSONDecoder().decode(ManagerCounts.self, from: Data(json.utf8))
        }
    }

    /// A placeholder for a week's per-manager figures, placed only while the week's values of
    /// the KPIs it restates are cached — so any change that drops one of them drops it too
    /// (trigger `review_managers_follow_kpis`), including a change made while it is computed.
    func placeManagerCounts(_ p: KPIPeriod, fill: Int64) -> Bool {
        (try? write(touching: { _ in [] }) { db -> Bool in
            try db.execute(sql: """
                INSERT OR REPLACE INTO kpi_rollup(kpi, unit, start, "end", pending)
                SELECT 'review_managers', 'week', ?, ?, ?
                WHERE (SELECT COUNT(*) FROM kpi_rollup WHERE unit = 'week' AND start = ? AND pending = 0 AND kpi IN (\(Store.managerTableKPIs))) = 3
                """, arguments: [p.start, p.end, fill, p.start])
            return db.changesCount > 0
        }) ?? false
    }

    func storeManagerCounts(_ p: KPIPeriod, _ counts: ManagerCounts, fill: Int64) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(counts) else { return }
        _ = try? write(touching: { _ in [] }) { db in
            try db.execute(sql: """
                UPDATE kpi_rollup SET breakdown = ?, pending = 0 WHERE kpi = 'review_managers' AND unit = 'week' AND start = ? AND pending = ?
                """, arguments: [String(decoding: data, as: UTF8.self), p.start, fill])
        }
    }

    static func reviewCategories(_ p: KPIPeriod, _ previous: KPIPeriod, _ s: KPIScopeSQL, _ db: Database) throws -> [WeeklyReview.CategoryRow] {
        var arguments = s.arguments
        arguments += ["from": previous.start, "split": p.start, "to": p.end]
        var now: [TicketCategory: Int] = [:], before: [TicketCategory: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT t.category, t.created_at >= :split, COUNT(*) FROM ticket t
            WHERE t.created_at >= :from AND t.created_at < :to AND t.deleted = 0 AND \(s.ticketCondition)
            GROUP BY 1, 2
            """, arguments: arguments) {
            guard let c = TicketCategory(rawValue: r[0]) else { continue }
            if r[1] as Bool { now[c] = r[2] } else { before[c] = r[2] }
        }
        return TicketCategory.allCases.filter { now[$0] != nil || before[$0] != nil }
            .map { WeeklyReview.CategoryRow(category: $0, count: now[$0] ?? 0, previous: before[$0] ?? 0) }
            .sorted { ($0.count, $1.category.rawValue) > ($1.count, $0.category.rawValue) }
    }
}

