import Foundation
import GRDB
import GreenroomCore

/// What the weekly Review keeps of a complete week, for the whole team, in `kpi_rollup`.
///
/// A complete week's per-agent, per-manager and ticket counts only change when a row they count
/// changes, and each of them restates KPIs whose week values the KPI cache already keeps and
/// drops precisely (every trigger of migration v5-kpis). So a part is placed only while that
/// week's values of the KPIs it restates are all cached, and it is dropped with any of them
/// (triggers `review_*_follow_kpis`), plus the few changes the KPIs do not see: a creator's
/// owner, a ticket's assignee or category, the member list (migrations v6-review and
/// v8-speed). A placeholder is placed before the snapshot the part is computed from and
/// filled only if nothing dropped it meanwhile, so a concurrent change is never lost.
/// Opening the Review of a kept week reads three small rows instead of ~80k tickets and ~300k
/// SLA facts (100k creators, 1M tickets).
extension Store {
    enum KeptPart: String {
        case managers = "review_managers", agents = "review_agents", tickets = "review_tickets"

        /// The KPIs whose week values this part restates (and lives no longer than).
        var restates: [String] {
            switch self {
            case .managers: return ["activity_rate", "live_hours", "new_activations", "pipeline_conversion"]
            case .agents: return ["tickets_solved", "first_reply_time", "sla_attainment", "csat", "reopen_rate"]
            case .tickets: return ["tickets_created", "sla_attainment"]
            }
        }
    }

    /// A week's per-manager figures by owner id.
    struct ManagerCounts: Codable, Equatable, Sendable {
        var active: [String: Int] = [:], activityBase: [String: Int] = [:]
        var minutes: [String: Int] = [:], activations: [String: Int] = [:]
        /// Pipeline conversion: the week's cohort and those of it who converted.
        var converted: [String: Int] = [:], cohort: [String: Int] = [:]
    }

    /// A week's per-agent figures by assignee id.
    struct AgentCounts: Codable, Equatable, Sendable {
        /// `solved`: tickets first solved in the week; `good`/`bad` their ratings; `reopens`
        /// those of them reopened since (`solves` = `solved`, the reopen rate's base).
        struct Agent: Codable, Equatable, Sendable {
            var solved = 0, good = 0, bad = 0, achieved = 0, breached = 0, solves = 0, reopens = 0
            var medianFirstReplyMinutes: Double?
        }
        var agents: [String: Agent] = [:]
    }

    /// A week's tickets created by category, and how many tickets breached an SLA target in it.
    struct WeekTicketCounts: Codable, Equatable, Sendable {
        var categories: [String: Int] = [:]
        var breached = 0
    }

    /// The kept part, or whether a placeholder for it was placed (to fill after computing it).
    func planKeptPart<T: Decodable>(_ part: KeptPart, _ p: KPIPeriod, keeps: Bool, fill: Int64, as: T.Type) throws -> (cached: T?, placed: Bool) {
        guard keeps else { return (nil, false) }
        if let kept = try keptPart(part, p, as: T.self) { return (kept, false) }
        return (nil, placeKeptPart(part, p, fill: fill))
    }

    /// A complete week's kept part, if there is one (an unreadable one counts as missing).
    func keptPart<T: Decodable>(_ part: KeptPart, _ p: KPIPeriod, as: T.Type) throws -> T? {
        try read { db in
            guard let json = try String.fetchOne(db, sql: """
                SELECT breakdown FROM kpi_rollup WHERE kpi = ? AND unit = 'week' AND start = ? AND "end" = ? AND pending = 0
                """, arguments: [part.rawValue, p.start, p.end]) else { return nil }
            return try? JSONDecoder().decode(T.self, from: Data(json.utf8))
        }
    }

    /// A placeholder for a week's part, placed only while the week's values of the KPIs it
    /// restates are all cached; `fill` marks it as this computation's.
    func placeKeptPart(_ part: KeptPart, _ p: KPIPeriod, fill: Int64) -> Bool {
        (try? write(touching: { _ in [] }) { db -> Bool in
            let kpis = part.restates.map { "'\($0)'" }.joined(separator: ",")
            try db.execute(sql: """
                INSERT OR REPLACE INTO kpi_rollup(kpi, unit, start, "end", pending)
                SELECT ?, 'week', ?, ?, ?
                WHERE (SELECT COUNT(*) FROM kpi_rollup WHERE unit = 'week' AND start = ? AND pending = 0 AND kpi IN (\(kpis))) = ?
                """, arguments: [part.rawValue, p.start, p.end, fill, p.start, part.restates.count])
            return db.changesCount > 0
        }) ?? false
    }

    /// Fills the placeholder, unless a change dropped it meanwhile.
    func storeKeptPart<T: Encodable>(_ part: KeptPart, _ p: KPIPeriod, _ value: T, fill: Int64) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value) else { return }
        _ = try? write(touching: { _ in [] }) { db in
            try db.execute(sql: """
                UPDATE kpi_rollup SET breakdown = ?, pending = 0 WHERE kpi = ? AND unit = 'week' AND start = ? AND pending = ?
                """, arguments: [String(decoding: data, as: UTF8.self), part.rawValue, p.start, fill])
        }
    }
}
