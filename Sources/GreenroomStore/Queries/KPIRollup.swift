import Foundation
import GRDB
import Synchronization
import GreenroomCore

/// The KPI pane's numbers: every KPI of DESIGN.md §3 for the whole team over the last N
/// complete days, ISO weeks or months, served from `kpi_rollup`.
///
/// `kpi_rollup` holds the KPI engine's own values (`kpiSeries`) for complete periods. It is a
/// cache with exact invalidation, not a set of counters: triggers on every table a KPI reads
/// (migration v5) delete the values a change can alter, whoever writes — the app, an import,
/// a sync, another process. A value that is missing is computed again from the raw tables and
/// stored. So the pane reads ~18 × N rows, and a write only costs a recomputation of the
/// periods it reaches (a reply today reaches none: the current period is never cached).
///
/// Filling is race-free without holding the write lock while computing: placeholder rows
/// (marked with a fill id) are written first, the values are computed from a later snapshot,
/// and then stored only into placeholders that still exist — a write that lands in between
/// deletes its placeholders through the same triggers, and those values are computed again
/// next time.
///
/// Why complete periods only: the current day (week, month) is still filling up and would
/// always read as a drop; the pane shows the last complete period and its change against the
/// one before it.
extension Store {
    public func kpiPanelPeriods(unit: KPIPeriodUnit, count: Int, now: Millis, calendar: TeamCalendar) -> [KPIPeriod] {
        calendar.lastN(count, unit, endingAt: calendar.period(unit, containing: now).start - 1)
    }

    /// Every KPI over the last `count` complete periods of `unit`, oldest first.
    /// `progress` is told the share of missing values computed so far (0…1) when any are.
    ///
    /// `toDate`: each series also carries the current period so far — its complete days —
    /// and the same days of the period before (`KPIPeriodSpan`), computed from the rows (a
    /// partial period is never cached). A period with no complete day yet (any day; a week
    /// on its Monday) has none: the series come without.
    public func kpiPanel(unit: KPIPeriodUnit, count: Int, now: Millis, toDate: Bool = false,
                         progress: (@Sendable (Double) -> Void)? = nil) throws -> [KPIPanelSeries] {
        let settings = try teamSettings()
        let calendar = TeamCalendar(zone: settings.zone)
        let periods = kpiPanelPeriods(unit: unit, count: count, now: now, calendar: calendar)
        var series = try kpiValuesCached(unit: unit, periods: periods, settings: settings, now: now, progress: progress)
        let span = calendar.span(unit, calendar.period(unit, containing: now), now: now)
        guard toDate, span.isPartial, span.days > 0 else { return series }
        for i in series.indices {
            let pair = try kpiSeries(series[i].id, periods: [span.counted, span.previous], scope: .all, now: now)
            series[i].span = span
            series[i].partial = pair[0]
            series[i].comparison = pair[1]
        }
        return series
    }

    /// Every KPI over complete periods of one unit (whole team), through the cache.
    ///
    /// Missing values are computed on two reader connections at once (the pool's snapshots,
    /// each taken after the placeholders were written), the longest computation first; the
    /// four session KPIs share one pass over the sessions.
    func kpiValuesCached(unit: KPIPeriodUnit, periods: [KPIPeriod], settings: TeamSettings, now: Millis,
                         progress: (@Sendable (Double) -> Void)? = nil) throws -> [KPIPanelSeries] {
        var values = try cachedKPIs(unit: unit, periods: periods, now: now)
        let missing = KPIID.allCases.filter { id in periods.indices.contains { values[id]?[$0] == nil } }
        if !missing.isEmpty {
            let fill = Int64.random(in: 1...Int64.max)
            let placed = (try? write(touching: { _ in [] }) { db in
                try Store.placeRollups(missing, periods, values, unit: unit, fill: fill, db)
            }) != nil
            // Week-N retention of a period keeps changing until week N of its last cohort member
            // has ended; it only changes when a new ISO week starts, so it is kept until then.
            let calendar = TeamCalendar(zone: settings.zone)
            let nextWeek = calendar.addDays(7, to: calendar.startOfISOWeek(now))
            func validUntil(_ id: KPIID, _ p: KPIPeriod) -> Millis? {
                guard let weeks = id.retentionWeeks, p.end + Millis(7 * (weeks + 1) + 1) * Time.day > now else { return nil }
                return nextWeek
            }
            let sessionKPIs = missing.filter(\.isSessionKPI)
            var jobs: [[KPIID]] = sessionKPIs.isEmpty ? [] : [sessionKPIs]
            jobs += missing.filter { !$0.isSessionKPI }.map { [$0] }
            let longestFirst = jobs.sorted { ($0.first == .activityRate ? 0 : 1) < ($1.first == .activityRate ? 0 : 1) }
            let known = values
            let state = Mutex((next: 0, done: 0, results: [KPIID: [Int: KPIValue]](), error: Error?.none))
            DispatchQueue.concurrentPerform(iterations: min(2, longestFirst.count)) { _ in
                while true {
                    let j = state.withLock { s -> Int in defer { s.next += 1 }; return s.error == nil ? s.next : longestFirst.count }
                    guard j < longestFirst.count else { return }
                    let ids = longestFirst[j]
                    let wanted = periods.indices.filter { i in ids.contains { known[$0]?[i] == nil } }
                    do {
                        let computed: [KPIID: [KPIValue]]
                        if ids.allSatisfy(\.isSessionKPI) {
                            computed = try read { db in
                                try Store.kpiSessionValues(wanted.map { periods[$0] }, try KPIScopeSQL(.all, db), db)
                            }
                        } else {
                            computed = [ids[0]: try computeKPI(ids[0], periods: wanted.map { periods[$0] }, scope: .all, now: now,
                                                               collect: false).values]
                        }
                        state.withLock { s in
                            for id in ids {
                                for (k, i) in wanted.enumerated() where known[id]?[i] == nil { s.results[id, default: [:]][i] = computed[id]?[k] }
                            }
                            s.done += 1
                            progress?(Double(s.done) / Double(longestFirst.count))
                        }
                    } catch {
                        state.withLock { $0.error = $0.error ?? error }
                        return
                    }
                }
            }
            let outcome = state.withLock { $0 }
            if let error = outcome.error { throw error }
            for (id, byPeriod) in outcome.results { for (i, v) in byPeriod { values[id, default: [:]][i] = v } }
            if placed {
                // A read-only or busy database still shows the numbers; they are just not kept.
                _ = try? write(touching: { _ in [] }) { db in
                    try Store.storeRollups(outcome.results, periods, unit: unit, fill: fill, validUntil: validUntil, db)
                }
            }
        }
        return KPIID.allCases.map { id in
            let t = settings.kpiTarget(id)
            return KPIPanelSeries(id: id, periods: periods, values: periods.indices.map { values[id]?[$0] ?? KPIValue() },
                                  target: t.target, direction: t.direction)
        }
    }

    /// Cached values by KPI and period index (values whose `valid_until` has passed are not).
    func cachedKPIs(unit: KPIPeriodUnit, periods: [KPIPeriod], now: Millis) throws -> [KPIID: [Int: KPIValue]] {
        guard let first = periods.first, let last = periods.last else { return [:] }
        let index = Dictionary(periods.enumerated().map { ($1.start, $0) }, uniquingKeysWith: { a, _ in a })
        return try read { db in
            var values: [KPIID: [Int: KPIValue]] = [:]
            let decoder = JSONDecoder()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT kpi, start, "end", value, median, p90, numerator, denominator, response_rate, breakdown
                FROM kpi_rollup WHERE unit = ? AND start >= ? AND start <= ? AND pending = 0 AND (valid_until IS NULL OR valid_until > ?)
                """, arguments: [unit.rawValue, first.start, last.start, now])
            while let row = try rows.next() {
                guard let id = KPIID(rawValue: row[0]), let i = index[row[1]], periods[i].end == row[2] else { continue }
                let json: String = row[9]
                let breakdown = json == "[]" ? [] : (try? decoder.decode([KPIBreakdown].self, from: Data(json.utf8))) ?? []
                values[id, default: [:]][i] = KPIValue(value: row[3], median: row[4], p90: row[5], numerator: row[6], denominator: row[7],
                                                      responseRate: row[8], breakdown: breakdown)
            }
            return values
        }
    }

    static func placeRollups(_ ids: [KPIID], _ periods: [KPIPeriod], _ have: [KPIID: [Int: KPIValue]], unit: KPIPeriodUnit,
                             fill: Int64, _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO kpi_rollup(kpi, unit, start, "end", pending) VALUES (?, ?, ?, ?, ?)
            """)
        for id in ids {
            for (i, p) in periods.enumerated() where have[id]?[i] == nil {
                try statement.execute(arguments: [id.rawValue, unit.rawValue, p.start, p.end, fill])
            }
        }
    }

    static func storeRollups(_ values: [KPIID: [Int: KPIValue]], _ periods: [KPIPeriod], unit: KPIPeriodUnit,
                             fill: Int64, validUntil: (KPIID, KPIPeriod) -> Millis?, _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            UPDATE kpi_rollup SET value = ?, median = ?, p90 = ?, numerator = ?, denominator = ?, response_rate = ?, breakdown = ?,
                   pending = 0, valid_until = ?
            WHERE kpi = ? AND unit = ? AND start = ? AND pending = ?
            """)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (id, byPeriod) in values {
            for (i, v) in byPeriod {
                let breakdown = String(decoding: try encoder.encode(v.breakdown), as: UTF8.self)
                try statement.execute(arguments: [v.value, v.median, v.p90, v.numerator, v.denominator, v.responseRate, breakdown,
                                                  validUntil(id, periods[i]), id.rawValue, unit.rawValue, periods[i].start, fill])
            }
        }
    }

    /// Forgets every cached KPI value (they are computed again when next shown).
    public func clearKPICache() throws {
        try write(touching: { _ in [] }) { db in try db.execute(sql: "DELETE FROM kpi_rollup") }
    }

    /// Forgets the cached values of periods ending after `instant`, as a write dated then would
    /// (`bench`).
    public func forgetKPIs(after instant: Millis) throws {
        try write(touching: { _ in [] }) { db in try db.execute(sql: "DELETE FROM kpi_rollup WHERE \"end\" > ?", arguments: [instant]) }
    }

    /// How many KPI values are cached (tests, `bench`).
    public func cachedKPICount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE pending = 0 AND kpi NOT LIKE 'review\\_%' ESCAPE '\\'") ?? 0 }
    }
}
