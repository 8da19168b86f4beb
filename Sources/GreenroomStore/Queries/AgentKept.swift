import Foundation
import GRDB
import Synchronization
import GreenroomCore

/// An agent's complete weeks, kept (v25-agent-weeks): the page's twelve weeks of six ticket
/// KPIs are the agent's share of up to a million tickets; a complete week's values only change
/// when the team's value of that KPI and week changes (its cache row is dropped, and the
/// agent's with it, by trigger) or a ticket moves between agents. So the page computes the
/// current week and any week not kept, and reads the rest: 66 small rows.
///
/// An agent week is kept only while the team's value of that week and KPI is (the trigger
/// that drops it follows that row); the team's values of the six KPIs for the weeks shown are
/// computed once when missing (`ensureTeamWeeks`). A placeholder is placed before computing
/// and filled only if nothing dropped it meanwhile, as the team's cache does.
extension Store {
    static func agentKeptKPI(_ memberID: String, _ id: KPIID) -> String { "agent:\(memberID):\(id.rawValue)" }

    /// The agent's values of `AgentPage.kpis` over `periods` (weeks, in order).
    func agentSeries(memberID: String, handle: String, periods: [KPIPeriod], now: Millis) throws -> [KPIID: [KPIValue]] {
        let complete = periods.filter { $0.end <= now }
        try ensureTeamWeeks(AgentPage.kpis, complete, now: now)
        var kept: [KPIID: [Int: KPIValue]] = [:]
        let index = Dictionary(periods.enumerated().map { ($1.start, $0) }, uniquingKeysWith: { a, _ in a })
        if let first = complete.first, let last = complete.last {
            try read { db in
                let decoder = JSONDecoder()
                for id in AgentPage.kpis {
                    for row in try Row.fetchAll(db, sql: """
                        SELECT start, "end", value, median, p90, numerator, denominator, response_rate, breakdown FROM kpi_rollup
                        WHERE kpi = ? AND unit = 'week' AND start >= ? AND start <= ? AND pending = 0
                        """, arguments: [Store.agentKeptKPI(memberID, id), first.start, last.start]) {
                        guard let i = index[row[0]], periods[i].end == row[1] else { continue }
                        let json: String = row[8]
                        let breakdown = json == "[]" ? [] : (try? decoder.decode([KPIBreakdown].self, from: Data(json.utf8))) ?? []
                        kept[id, default: [:]][i] = KPIValue(value: row[2], median: row[3], p90: row[4], numerator: row[5], denominator: row[6],
                                                             responseRate: row[7], breakdown: breakdown)
                    }
                }
            }
        }
        let fill = Int64.random(in: 1...Int64.max)
        // Placeholders for the complete weeks not kept, where the team's week is.
        var placed = Set<String>()
        let unkept = AgentPage.kpis.contains { id in periods.indices.contains { periods[$0].end <= now && kept[id]?[$0] == nil } }
        if unkept { _ = try? write(touching: { _ in [] }) { db in
            for id in AgentPage.kpis {
                for (i, p) in periods.enumerated() where p.end <= now && kept[id]?[i] == nil {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO kpi_rollup(kpi, unit, start, "end", pending)
                        SELECT ?, 'week', ?, ?, ? WHERE EXISTS (SELECT 1 FROM kpi_rollup WHERE kpi = ? AND unit = 'week' AND start = ? AND pending = 0)
                        """, arguments: [Store.agentKeptKPI(memberID, id), p.start, p.end, fill, id.rawValue, p.start])
                    if db.changesCount > 0 { placed.insert("\(id.rawValue)/\(p.start)") }
                }
            }
        } }
        // What is not kept (the current week, at least) is computed on two reader connections
        // at once, three KPIs each (each KPI its own read, as the engine computes it).
        let placedWeeks = placed, keptWeeks = kept
        let lanes = [[KPIID.slaAttainment, .firstReplyTime, .ticketsSolved], [.resolutionTime, .csat, .reopenRate]]
        let results = Mutex((out: [KPIID: [KPIValue]](), computed: [KPIID: [Int: KPIValue]](), error: Error?.none))
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
            for id in lanes[lane] {
                let wanted = periods.indices.filter { keptWeeks[id]?[$0] == nil }
                var values = periods.indices.map { keptWeeks[id]?[$0] ?? KPIValue() }
                var fresh: [Int: KPIValue] = [:]
                if !wanted.isEmpty {
                    do {
                        let series = try kpiSeries(id, periods: wanted.map { periods[$0] }, scope: .agent(handle), now: now)
                        for (k, i) in wanted.enumerated() {
                            values[i] = series[k]
                            if placedWeeks.contains("\(id.rawValue)/\(periods[i].start)") { fresh[i] = series[k] }
                        }
                    } catch {
                        results.withLock { $0.error = $0.error ?? error }
                        return
                    }
                }
                results.withLock { r in
                    r.out[id] = values
                    if !fresh.isEmpty { r.computed[id] = fresh }
                }
            }
        }
        let r = results.withLock { $0 }
        if let error = r.error { throw error }
        let out = r.out, computed = r.computed
        if !computed.isEmpty {
            _ = try? write(touching: { _ in [] }) { db in
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                for (id, byPeriod) in computed {
                    for (i, v) in byPeriod {
                        let breakdown = String(decoding: try encoder.encode(v.breakdown), as: UTF8.self)
                        try db.execute(sql: """
                            UPDATE kpi_rollup SET value = ?, median = ?, p90 = ?, numerator = ?, denominator = ?, response_rate = ?, breakdown = ?,
                                   pending = 0 WHERE kpi = ? AND unit = 'week' AND start = ? AND pending = ?
                            """, arguments: [v.value, v.median, v.p90, v.numerator, v.denominator, v.responseRate, breakdown,
                                             Store.agentKeptKPI(memberID, id), periods[i].start, fill])
                    }
                }
            }
        }
        return out
    }

    /// The team's week values of `ids` over complete `weeks`, computed and kept where missing
    /// (what the KPI pane's and the Review's cache holds; the agents' kept weeks follow them).
    func ensureTeamWeeks(_ ids: [KPIID], _ weeks: [KPIPeriod], now: Millis) throws {
        guard !weeks.isEmpty else { return }
        let have = try cachedKPIs(unit: .week, periods: weeks, now: now)
        let missing = ids.filter { id in weeks.indices.contains { have[id]?[$0] == nil } }
        guard !missing.isEmpty else { return }
        let fill = Int64.random(in: 1...Int64.max)
        guard (try? write(touching: { _ in [] }) { db in try Store.placeRollups(missing, weeks, have, unit: .week, fill: fill, db) }) != nil else { return }
        var results: [KPIID: [Int: KPIValue]] = [:]
        for id in missing {
            let wanted = weeks.indices.filter { have[id]?[$0] == nil }
            let values = try computeKPI(id, periods: wanted.map { weeks[$0] }, scope: .all, now: now, collect: false).values
            for (k, i) in wanted.enumerated() { results[id, default: [:]][i] = values[k] }
        }
        _ = try? write(touching: { _ in [] }) { db in
            try Store.storeRollups(results, weeks, unit: .week, fill: fill, validUntil: { _, _ in nil }, db)
        }
    }
}
