import Foundation
import GRDB
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
            counted = try read { db in try Store.breachedTickets(period, scope, now: now, db) }.map(\.id)
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

    /// Tickets with a breached SLA target due in the period, most recent due first.
    static func breachedTickets(_ period: KPIPeriod, _ scope: KPIScope, now: Millis, _ db: Database) throws -> [WeeklyReview.BreachedTicket] {
        let s = try KPIScopeSQL(scope, db)
        var arguments = s.arguments
        arguments += ["from": period.start, "to": period.end, "now": now]
        var byID: [String: WeeklyReview.BreachedTicket] = [:]
        var order: [String] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT f.ticket_id, f.kind, f.at, t.key, t.subject, t.status, m.handle AS assignee
            FROM ticket_fact f JOIN ticket t ON t.id = f.ticket_id LEFT JOIN member m ON m.id = t.assignee_id
            WHERE f.kind IN ('first_reply','next_reply','resolution') AND f.at >= :from AND f.at < :to
              AND (f.outcome = 'breached' OR (f.outcome = 'running' AND f.at < :now)) AND \(s.ticketCondition)
            ORDER BY f.at DESC, f.ticket_id
            """, arguments: arguments) {
            let id: String = r["ticket_id"]
            let target = SLATarget(rawValue: r["kind"]) ?? .firstReply
            if byID[id] == nil {
                order.append(id)
                let key: String = r["key"]
                byID[id] = WeeklyReview.BreachedTicket(id: id, key: String(key.prefix(8)), subject: r["subject"], targets: [target], due: r["at"],
                                                       assignee: r["assignee"], status: TicketStatus(rawValue: r["status"]) ?? .open)
            } else {
                byID[id]!.targets.append(target)
            }
        }
        return order.map { byID[$0]! }
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

    /// The review of one ISO week (the last complete one by default).
    public func weeklyReview(week: KPIPeriod? = nil, scope: KPIScope = .all, me: String?, now: Millis) throws -> WeeklyReview {
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
        let today = try self.today(me: me, now: now, limit: 1)
        return try read { db in
            let s = try KPIScopeSQL(scope, db)
            let handles = Dictionary(try Row.fetchAll(db, sql: "SELECT id, handle FROM member").map { ($0[0] as String, $0[1] as String) },
                                     uniquingKeysWith: { a, _ in a })
            return WeeklyReview(
                week: calendar.isoWeekString(period.start), period: period, previousPeriod: previous, scope: scope, generatedAt: now, kpis: kpis,
                agents: try Store.reviewAgents(period, s, handles, now: now, db), managers: try Store.reviewManagers(period, s, handles, now: now, db),
                breached: try Store.breachedTickets(period, scope, now: now, db),
                categories: try Store.reviewCategories(period, previous, s, db),
                today: WeeklyReview.TodayCounts(me: today.me, followUps: today.followUps.count, breachingTickets: today.breachingTickets.count,
                                                idleCreators: today.idleCreators.count, rottingCards: today.rottingCards.count))
        }
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
        for r in try Row.fetchAll(db, sql: """
            SELECT t.assignee_id, f.kind, f.at, f.outcome FROM ticket_fact f JOIN ticket t ON t.id = f.ticket_id
            WHERE f.kind IN ('first_reply','next_reply','resolution','solve','reopen') AND f.at >= :from AND f.at < :to
              AND t.assignee_id IS NOT NULL AND \(s.ticketCondition)
            """, arguments: arguments) {
            let agent: String = r[0]
            guard let kind = TicketFact.Kind(rawValue: r[1]) else { continue }
            let fact = TicketFact(kind: kind, at: r[2], outcome: (r[3] as String?).flatMap(TicketFact.Outcome.init(rawValue:)))
            switch kind {
            case .solve: acc[agent, default: Acc()].solves += 1
            case .reopen: acc[agent, default: Acc()].reopens += 1
            default:
                switch fact.slaState(now: now) {
                case .achieved?: acc[agent, default: Acc()].achieved += 1
                case .breached?: acc[agent, default: Acc()].breached += 1
                default: break
                }
            }
        }
        func ratio(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }
        return acc.map { id, a in
            WeeklyReview.AgentRow(handle: handles[id] ?? id, solved: a.solved, medianFirstReplyMinutes: KPIValue.distribution(a.replies).median,
                                  slaAttainment: ratio(a.achieved, a.achieved + a.breached), csat: ratio(a.good, a.good + a.bad),
                                  reopenRate: ratio(a.reopens, a.solves))
        }.sorted { ($0.solved, $1.handle) > ($1.solved, $0.handle) }
    }

    /// Per manager (creator owner): creators, activity rate, live hours, new activations and
    /// pipeline conversion of the week — the engine's whole-scope computation once, with the
    /// rows it counted grouped by owner.
    static func reviewManagers(_ p: KPIPeriod, _ s: KPIScopeSQL, _ handles: [String: String], now: Millis, _ db: Database) throws -> [WeeklyReview.ManagerRow] {
        var owner: [String: String] = [:]
        var creators: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT c.id, c.owner_id FROM creator c WHERE c.deleted = 0 AND c.owner_id IS NOT NULL AND \(s.creatorCondition("c.id"))
            """, arguments: s.arguments) {
            owner[r[0]] = r[1]
            creators[r[1], default: 0] += 1
        }
        func grouped(_ ids: [String]) -> [String: Int] {
            var out: [String: Int] = [:]
            for id in ids { if let o = owner[id] { out[o, default: 0] += 1 } }
            return out
        }
        let activity = try kpiActivityRate([p], s, true, db)
        let active = grouped(Array(activity.ids[0])), activityBase = grouped(Array(activity.baseIDs[0]))
        let funnel = try kpiFunnel(.pipelineConversion, [p], s, true, db)
        let converted = grouped(Array(funnel.ids[0])), cohort = grouped(Array(funnel.baseIDs[0]))
        var minutes: [String: Int] = [:]
        var arguments = s.arguments
        arguments += ["from": p.start, "to": p.end, "activated": Stage.activated]
        for r in try Row.fetchAll(db, sql: """
            SELECT ls.creator_id, SUM(ls.minutes) FROM live_session ls WHERE ls.started_at >= :from AND ls.started_at < :to
              AND \(s.creatorCondition("ls.creator_id")) GROUP BY ls.creator_id
            """, arguments: arguments) {
            if let o = owner[r[0]] { minutes[o, default: 0] += r[1] as Int }
        }
        let activations = grouped(try String.fetchAll(db, sql: """
            SELECT e.creator_id FROM stage_event e WHERE e.to_stage = :activated AND e.deleted = 0 AND e.at >= :from AND e.at < :to
              AND \(s.creatorCondition("e.creator_id"))
            """, arguments: arguments))
        func ratio(_ n: Int?, _ d: Int?) -> Double? { (d ?? 0) > 0 ? Double(n ?? 0) / Double(d!) : nil }
        return creators.keys.map { o in
            WeeklyReview.ManagerRow(handle: handles[o] ?? o, creators: creators[o] ?? 0, activityRate: ratio(active[o], activityBase[o]),
                                    liveHours: Double(minutes[o] ?? 0) / 60, newActivations: activations[o] ?? 0,
                                    conversion: ratio(converted[o], cohort[o]))
        }.sorted { ($0.creators, $1.handle) > ($1.creators, $0.handle) }
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
