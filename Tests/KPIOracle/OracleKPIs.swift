import Foundation

/// A KPI value as the oracle computes it.
public struct OracleValue: Equatable, Sendable, CustomStringConvertible {
    public var value: Double?
    public var median: Double?
    public var p90: Double?
    public var numerator: Int?
    public var denominator: Int?
    public var responseRate: Double?

    public var description: String {
        "value \(value.map { "\($0)" } ?? "nil") n \(numerator.map(String.init) ?? "-")/\(denominator.map(String.init) ?? "-")"
            + (p90.map { " p90 \($0)" } ?? "") + (responseRate.map { " rr \($0)" } ?? "")
    }

    static func count(_ n: Int) -> OracleValue { OracleValue(value: Double(n), numerator: n) }
    static func ratio(_ n: Int, _ d: Int) -> OracleValue { OracleValue(value: d > 0 ? Double(n) / Double(d) : nil, numerator: n, denominator: d) }
    static func distribution(_ samples: [Double]) -> OracleValue {
        let s = samples.sorted()
        let m = percentile(s, 0.5)
        return OracleValue(value: m, median: m, p90: percentile(s, 0.9), denominator: s.count)
    }

    /// Linear interpolation between closest ranks (the median of an even count is the mean of the middle two).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = p * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = min(sorted.count - 1, low + 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}

public enum OracleScope: Hashable, Sendable {
    case all, market(String), manager(memberID: String), agent(memberID: String)
}

/// One agent's row of the weekly review.
public struct OracleAgent: Equatable, Sendable {
    public var solved = 0, good = 0, bad = 0, reopened = 0, achieved = 0, breached = 0
    public var replies: [Double] = []
    public var medianFirstReply: Double? { OracleValue.percentile(replies.sorted(), 0.5) }
    public var sla: Double? { achieved + breached > 0 ? Double(achieved) / Double(achieved + breached) : nil }
    public var csat: Double? { good + bad > 0 ? Double(good) / Double(good + bad) : nil }
    public var reopenRate: Double? { solved > 0 ? Double(reopened) / Double(solved) : nil }
}

public struct KPIOracle {
    public let data: OracleData
    public let calendar: OracleCalendar
    public let now: Int64
    let tickets: [OracleTicket]
    let clocks: [String: OracleClock]
    let eventsByCreator: [String: [OracleData.StageEvent]]

    public init(_ data: OracleData, now: Int64) {
        self.data = data
        self.now = now
        calendar = OracleCalendar(zone: data.zone)
        // A clock per ticket, by its team and priority: its team's own policy and calendar
        // where it has them (issue 24).
        var clocks: [String: OracleClock] = [:]
        for t in data.tickets {
            guard case let (policy, hours)? = data.rules(t) else { continue }
            clocks[t.id] = OracleClock(policy.businessHours ? hours : nil)
        }
        self.clocks = clocks
        tickets = data.tickets.compactMap { t in
            guard case let (policy, _)? = data.rules(t), let clock = clocks[t.id] else { return nil }
            return OracleTicket(t, events: data.events[t.id] ?? [], policy: policy, clock: clock)
        }
        eventsByCreator = Dictionary(grouping: data.stageEvents, by: \.creator)
            .mapValues { $0.sorted { ($0.at, $0.stage) < ($1.at, $1.stage) } }
    }

    /// What the dataset holds: tickets reopened after a first solve, closed, and SLA targets
    /// achieved and breached (a test can check its data exercises what it claims to).
    public var ticketMix: (reopened: Int, closed: Int, closedUnsolved: Int, achieved: Int, breached: Int) {
        let targets = tickets.flatMap(\.targets)
        return (tickets.filter(\.reopened).count, tickets.filter { $0.ticket.status == "closed" }.count,
                tickets.filter { $0.moves.first { OracleTicket.isDone($0.status) }?.status == "closed" }.count,
                targets.filter { $0.outcome == .achieved }.count, targets.filter { $0.outcome == .breached }.count)
    }

    func creatorIn(_ id: String, _ scope: OracleScope) -> Bool {
        let c = data.creators[id]
        switch scope {
        case .all: return !(c?.deleted ?? false)
        case .market(let m): return c.map { !$0.deleted && $0.market == m } ?? false
        case .manager(let o), .agent(let o): return c.map { !$0.deleted && $0.owner == o } ?? false
        }
    }

    func ticketIn(_ t: OracleData.Ticket, _ scope: OracleScope) -> Bool {
        switch scope {
        case .all: return true
        case .agent(let a): return t.assignee == a
        case .market, .manager: return t.requester.map { creatorIn($0, scope) } ?? false
        }
    }

    func stage(of creator: String, before t: Int64) -> String? {
        eventsByCreator[creator]?.last { $0.at < t }?.stage
    }

    /// A KPI (by its id, as the engine names them) for one period and scope.
    public func value(_ kpi: String, _ p: OraclePeriod, _ scope: OracleScope = .all) -> OracleValue {
        let sessions = data.sessions.filter { p.contains($0.at) && creatorIn($0.creator, scope) }
        let active = Set(sessions.map(\.creator))
        let minutes = sessions.reduce(0) { $0 + $1.minutes }
        let tickets = self.tickets.filter { ticketIn($0.ticket, scope) }
        let solved = tickets.filter { $0.firstSolve.map(p.contains) ?? false }
        switch kpi {
        case "active_creators": return .count(active.count)
        case "live_hours": return OracleValue(value: Double(minutes) / 60, numerator: minutes)
        case "live_hours_per_active_creator":
            return OracleValue(value: active.isEmpty ? nil : Double(minutes) / 60 / Double(active.count), numerator: minutes, denominator: active.count)
        case "content_consumption":
            let vm = sessions.reduce(0) { $0 + $1.viewerMinutes }
            return OracleValue(value: Double(vm), numerator: vm)
        case "activity_rate":
            let base = data.creators.keys.filter { creatorIn($0, scope) && ["activated", "established"].contains(stage(of: $0, before: p.end) ?? "") }
            return .ratio(base.filter(active.contains).count, base.count)
        case "new_activations":
            return .count(data.stageEvents.filter { $0.stage == "activated" && p.contains($0.at) && creatorIn($0.creator, scope) }.count)
        case "pipeline_conversion":
            let target = data.flow.firstIndex(of: "activated") ?? data.flow.count - 1
            var cohort = 0, reached = 0
            for (creator, events) in eventsByCreator where creatorIn(creator, scope) {
                guard let first = events.firstIndex(where: { $0.stage == data.flow.first }), p.contains(events[first].at) else { continue }
                cohort += 1
                if (events[first...].compactMap { data.flow.firstIndex(of: $0.stage) }.max() ?? 0) >= target { reached += 1 }
            }
            return .ratio(reached, cohort)
        case "median_time_in_stage":
            var days: [Double] = []
            for (creator, events) in eventsByCreator where creatorIn(creator, scope) {
                for k in events.indices.dropFirst() where data.flow.contains(events[k - 1].stage) && p.contains(events[k].at) {
                    days.append(Double(events[k].at - events[k - 1].at) / 86_400_000)
                }
            }
            return .distribution(days)
        case "week1_retention", "week4_retention":
            let n = kpi == "week1_retention" ? 1 : 4
            var cohort = 0, retained = 0
            for (creator, events) in eventsByCreator where creatorIn(creator, scope) {
                guard let first = events.filter({ $0.stage == "activated" }).map(\.at).min(), p.contains(first) else { continue }
                let week = calendar.weekAfter(n, first)
                guard week.end <= now else { continue }
                cohort += 1
                if data.sessions.contains(where: { $0.creator == creator && week.contains($0.at) }) { retained += 1 }
            }
            return .ratio(retained, cohort)
        case "tickets_created": return .count(tickets.filter { p.contains($0.ticket.created) }.count)
        case "tickets_solved": return .count(solved.count)
        case "backlog":
            return .count(tickets.filter { $0.ticket.created < p.end && !OracleTicket.isDone($0.status(at: p.end)) }.count)
        case "first_reply_time":
            return .distribution(tickets.compactMap { t -> Double? in
                guard p.contains(t.ticket.created), let reply = t.firstReply, let clock = clocks[t.ticket.id] else { return nil }
                return Double(clock.elapsed(t.ticket.created, reply)) / 60_000
            })
        case "resolution_time":
            return .distribution(solved.map { Double(max(0, $0.firstSolve! - $0.ticket.created)) / 3_600_000 })
        case "sla_attainment":
            var achieved = 0, breached = 0
            for t in tickets {
                for target in t.targets where p.contains(target.due) {
                    switch target.outcome {
                    case .achieved: achieved += 1
                    case .breached: breached += 1
                    case .running: if now > target.due { breached += 1 }
                    }
                }
            }
            return .ratio(achieved, achieved + breached)
        case "csat":
            let good = solved.filter { $0.ticket.csat == "good" }.count, bad = solved.filter { $0.ticket.csat == "bad" }.count
            var v = OracleValue.ratio(good, good + bad)
            v.responseRate = solved.isEmpty ? nil : Double(good + bad) / Double(solved.count)
            return v
        case "reopen_rate": return .ratio(solved.filter(\.reopened).count, solved.count)
        default: return OracleValue()
        }
    }

    /// The weekly review's agent table: by each ticket's assignee.
    public func agents(_ p: OraclePeriod) -> [String: OracleAgent] {
        var out: [String: OracleAgent] = [:]
        for t in tickets {
            guard let a = t.ticket.assignee else { continue }
            if let first = t.firstSolve, p.contains(first) {
                out[a, default: OracleAgent()].solved += 1
                if t.ticket.csat == "good" { out[a, default: OracleAgent()].good += 1 }
                if t.ticket.csat == "bad" { out[a, default: OracleAgent()].bad += 1 }
                if t.reopened { out[a, default: OracleAgent()].reopened += 1 }
            }
            if p.contains(t.ticket.created), let reply = t.firstReply, let clock = clocks[t.ticket.id] {
                out[a, default: OracleAgent()].replies.append(Double(clock.elapsed(t.ticket.created, reply)) / 60_000)
            }
            guard data.memberHandles[a] != nil else { continue }
            for target in t.targets where p.contains(target.due) {
                switch target.outcome {
                case .achieved: out[a, default: OracleAgent()].achieved += 1
                case .breached: out[a, default: OracleAgent()].breached += 1
                case .running: out[a, default: OracleAgent()].breached += now > target.due ? 1 : 0 // a row even when none counts yet
                }
            }
        }
        return Dictionary(uniqueKeysWithValues: out.map { (data.memberHandles[$0.key] ?? $0.key, $0.value) })
    }
}

extension KPIOracle {
    /// When a ticket was first solved (its first move to solved or closed), for QA scores.
    public func firstSolve(of ticketID: String) -> Int64? {
        tickets.first { $0.ticket.id == ticketID }?.firstSolve
    }
}
