import Foundation
import GRDB
import GreenroomCore

/// The KPIs read from creators' stage timelines: pipeline conversion and time in stage (the
/// funnel's arithmetic for a window equal to the period) and week-N retention (see the
/// definitions on `KPIEngine.swift` and `KPIID.definition`).
extension Store {
    static func kpiFunnel(_ id: KPIID, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        let locate = kpiLocator(periods)
        let flow = try loadSettings(db).stages.map(\.name)
        guard !flow.isEmpty else { return r }
        let index = Dictionary(flow.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let target = flow.firstIndex(of: Stage.activated) ?? flow.count - 1
        // Conversion: cohort and reached per step; time in stage: durations per stage.
        var reached = Array(repeating: Array(repeating: 0, count: flow.count), count: periods.count)
        var cohort = Array(repeating: 0, count: periods.count)
        var durations = Array(repeating: Array(repeating: [Double](), count: flow.count), count: periods.count)
        // Only creators with a stage event in the periods can enter a cohort or exit a stage there.
        let minStart = periods.map(\.start).min()!, maxEnd = periods.map(\.end).max()!
        let among = id == .pipelineConversion
            ? "SELECT creator_id FROM stage_event WHERE to_stage = :first AND at >= :from AND at < :to AND deleted = 0"
            : "SELECT creator_id FROM stage_event WHERE at >= :from AND at < :to AND deleted = 0"
        try kpiStageTimelines(s, db, among: among, arguments: ["first": flow[0], "from": minStart, "to": maxEnd]) { creator, events in
            if id == .pipelineConversion {
                guard let first = events.firstIndex(where: { $0.stage == flow[0] }) else { return }
                let furthest = events[first...].compactMap { index[$0.stage] }.max() ?? 0
                for i in locate(events[first].at) {
                    cohort[i] += 1
                    for step in 0...furthest { reached[i][step] += 1 }
                    if collect {
                        r.baseIDs[i].insert(creator)
                        if furthest >= target { r.ids[i].insert(creator) }
                        r.rows[i].append(KPIDrillRow(id: creator, counted: furthest >= target, inBase: true,
                                                     cells: [.instant(events[first].at), .text(flow[furthest])]))
                    }
                }
            } else {
                for k in events.indices.dropFirst() {
                    guard let stage = index[events[k - 1].stage] else { continue }
                    for i in locate(events[k].at) {
                        let days = Double(events[k].at - events[k - 1].at) / Double(Time.day)
                        durations[i][stage].append(days)
                        if collect {
                            r.ids[i].insert(creator)
                            r.rows[i].append(KPIDrillRow(id: creator, counted: true, cells: [.days(days), .text(flow[stage]), .instant(events[k].at)]))
                        }
                    }
                }
            }
        }
        for i in periods.indices {
            if id == .pipelineConversion {
                var value = KPIValue.ratio(reached[i][target], cohort[i])
                value.breakdown = flow.indices.map { step in
                    let d = step == 0 ? cohort[i] : reached[i][step - 1]
                    return KPIBreakdown(label: flow[step], value: d > 0 ? Double(reached[i][step]) / Double(d) : nil,
                                        numerator: reached[i][step], denominator: d)
                }
                r.values[i] = value
            } else {
                var value = KPIValue.distribution(durations[i].flatMap { $0 })
                value.breakdown = flow.indices.map { stage in
                    let v = KPIValue.distribution(durations[i][stage])
                    return KPIBreakdown(label: flow[stage], value: v.median, median: v.median, p90: v.p90, denominator: v.denominator)
                }
                r.values[i] = value
            }
        }
        return r
    }

    static func kpiRetention(weeks n: Int, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, now: Millis, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        let locate = kpiLocator(periods)
        let calendar = TeamCalendar(zone: try loadSettings(db).zone)
        var arguments = s.arguments
        arguments += ["activated": Stage.activated]
        // First move into activated per creator (stage_event_stage index, grouped), for the
        // creators with a move into activated inside the periods only.
        let minStart = periods.map(\.start).min()!, maxEnd = periods.map(\.end).max()!
        arguments += ["from": minStart, "to": maxEnd]
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.creator_id, MIN(e.at) FROM stage_event e
            WHERE e.to_stage = :activated AND e.deleted = 0 AND \(s.creatorCondition("e.creator_id"))
              AND e.creator_id IN (SELECT creator_id FROM stage_event WHERE to_stage = :activated AND deleted = 0 AND at >= :from AND at < :to)
            GROUP BY e.creator_id
            """, arguments: arguments)
        var cohort = Array(repeating: Set<String>(), count: periods.count)
        var retained = Array(repeating: Set<String>(), count: periods.count)
        let probe = try db.makeStatement(sql: collect
            ? "SELECT COUNT(*) FROM live_session WHERE creator_id = ? AND started_at >= ? AND started_at < ?"
            : "SELECT 1 FROM live_session WHERE creator_id = ? AND started_at >= ? AND started_at < ? LIMIT 1")
        for row in rows {
            let creator: String = row[0], at: Millis = row[1]
            guard at >= minStart, at < maxEnd else { continue }
            let inPeriods = locate(at)
            guard !inPeriods.isEmpty else { continue }
            let week = calendar.addDays(7 * n, to: calendar.startOfISOWeek(at))
            // A creator whose week N has not ended yet is not known to be retained or not.
            guard calendar.addDays(7, to: week) <= now else { continue }
            let sessions = try Int.fetchOne(probe, arguments: [creator, week, calendar.addDays(7, to: week)]) ?? 0
            for i in inPeriods {
                cohort[i].insert(creator)
                if sessions > 0 { retained[i].insert(creator) }
                if collect { r.rows[i].append(KPIDrillRow(id: creator, counted: sessions > 0, inBase: true, cells: [.count(sessions), .instant(at)])) }
            }
        }
        for i in periods.indices {
            r.values[i] = .ratio(retained[i].count, cohort[i].count)
            if collect { r.ids[i] = retained[i]; r.baseIDs[i] = cohort[i] }
        }
        return r
    }
}
