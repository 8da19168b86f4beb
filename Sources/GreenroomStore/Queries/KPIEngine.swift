import Foundation
import GRDB
import GRDBSQLite
import GreenroomCore

/// The KPIs of DESIGN.md §3, computed from the raw tables for any periods and scope.
///
/// Every KPI is computed for a list of periods at once (`kpiSeries`): the periods are a small
/// `VALUES` table joined to the indexed time column (`live_session.started_at`,
/// `ticket.created_at`, `ticket.first_solved_at`, `stage_event(to_stage, at)`), so a 90-day series is
/// one grouped query, not ninety. `kpi` and `kpiDrillDown` are the same computation for one
/// period; the drill-down lists exactly the rows the value counted (for a ratio, the
/// numerator's rows in `ids` and the denominator's in `baseIDs`).
///
/// The definitions are `KPIID.definition` (shown by `?` and `greenroom kpi explain`); where
/// DESIGN.md leaves a choice:
/// - Creator KPIs count non-deleted creators only; `.manager(h)` and `.agent(h)` scope them to
///   the creators that member owns, `.market(m)` to the market.
/// - Ticket KPIs count non-deleted tickets; `.manager(h)` scopes to tickets whose requester is a
///   creator the member owns, `.agent(h)` to tickets assigned to the member, `.market(m)` to
///   tickets whose requester creator is in the market.
/// - Activity rate: the stage at period end is the latest stage event before the end.
/// - Pipeline conversion and time in stage follow `FunnelAccumulator` (cohort = creators whose
///   first-ever entry into the first stage is in the period; reached = entered the stage or a
///   later main-line stage since, up to now): the funnel's numbers for a window equal to the
///   period. Breakdown holds the step rates / per-stage times (days).
/// - New activations: stage events into `activated` in the period (numerator = events).
/// - Week-N retention: cohort = creators whose first move into `activated` is in the period
///   and whose week N (the ISO week N weeks after the week of that move) has ended by `now`;
///   retained = ≥ 1 session in week N. A cohort whose weeks N are all still ahead has no value.
/// - Ticket statuses over time follow `TicketStatusHistory` (one rule for every ticket KPI).
///   Tickets solved, resolution time, CSAT and reopen rate count the tickets whose *first*
///   solve (`first_solved_at`) is in the period — one base for all four: resolution runs from
///   creation to that solve (hours), a rating counts in the period of its ticket's first solve
///   (response rate = rated ÷ solved), and reopen rate is those reopened since ÷ solved.
/// - Backlog at period end: created before the end and neither solved nor closed then.
/// - First reply time: tickets created in the period that have a first public agent reply;
///   business minutes when the ticket's priority policy counts business hours.
/// - SLA attainment: SLA targets (first reply, next reply, resolution) whose due instant is in
///   the period and that are achieved, or breached as of `now` ÷ both — read from the derived
///   `ticket_fact` rows (`TicketFact`: outcomes are decided under the policy in force when they
///   are decided; a policy change re-times unsolved tickets only).
///
/// A drill-down (`kpiDrillDown`) is the same computation for one period, collecting each
/// row with what it contributes (`KPIDrillRow`), so the rows add up to the value.
extension Store {
    public func kpi(_ id: KPIID, period: KPIPeriod, scope: KPIScope, now: Millis) throws -> KPIValue {
        try computeKPI(id, periods: [period], scope: scope, now: now, collect: false).values[0]
    }

    public func kpiSeries(_ id: KPIID, periods: [KPIPeriod], scope: KPIScope, now: Millis) throws -> [KPIValue] {
        try computeKPI(id, periods: periods, scope: scope, now: now, collect: false).values
    }

    public func kpiDrillDown(_ id: KPIID, period: KPIPeriod, scope: KPIScope, now: Millis) throws -> KPIDrill {
        let (r, rows) = try drillResult(id, period: period, scope: scope, now: now)
        return KPIDrill(subject: id.isTicketKPI ? .tickets : .creators, ids: Store.sortedIDs(r.ids[0], countedRowsOf: rows),
                        baseIDs: r.baseIDs[0].sorted(), rows: rows, value: r.values[0])
    }

    /// The drill-down's rows and value alone, in the same order: what the drill-down screen
    /// shows (it lists rows, never the id sets — checking and sorting those was a quarter of
    /// opening a day's 18,000 active creators).
    func kpiDrillRows(_ id: KPIID, period: KPIPeriod, scope: KPIScope, now: Millis) throws -> (rows: [KPIDrillRow], value: KPIValue) {
        let (r, rows) = try drillResult(id, period: period, scope: scope, now: now)
        return (rows, r.values[0])
    }

    /// The KPI computed with its rows for one period, the rows taken out in `drillOrder`.
    private func drillResult(_ id: KPIID, period: KPIPeriod, scope: KPIScope, now: Millis) throws -> (KPIResult, [KPIDrillRow]) {
        var r = try computeKPI(id, periods: [period], scope: scope, now: now, collect: true)
        let rows = Store.drillOrder(r.rows[0])
        r.rows[0] = []
        return (r, rows)
    }

    /// Drill rows in the drill-down's order: counted rows first, then base-only rows, then the
    /// others; by id, then by first figure (ties keep their order). Ids that are all UUIDs
    /// (every row id Greenroom writes) are compared as their 128 bits (`UUIDv7.orderKey`,
    /// which orders as the text) on an array of keys, moving no row until the end: a day's
    /// 18,000 active creators compared as strings and moved as rows were ~40% of the
    /// drill-down's open. Any other id sorts the rows as text. Rows that come in order
    /// already (the session KPIs sort theirs by id as they sum them) are kept as they are.
    static func drillOrder(_ rows: [KPIDrillRow]) -> [KPIDrillRow] {
        func rank(_ r: KPIDrillRow) -> Int { r.counted ? 0 : r.inBase ? 1 : 2 }
        func figure(_ r: KPIDrillRow) -> Double { r.cells.first?.number ?? 0 }
        // The order's definition, on the rows themselves (strictly before).
        func before(_ a: KPIDrillRow, _ b: KPIDrillRow) -> Bool {
            let ra = rank(a), rb = rank(b)
            if ra != rb { return ra < rb }
            if a.id != b.id { return a.id < b.id }
            return figure(a) < figure(b)
        }
        if zip(rows, rows.dropFirst()).allSatisfy({ !before($1, $0) }) { return rows }
        var keys: [(rank: Int, bits: UUIDv7.Bits, figure: Double, index: Int)] = []
        keys.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            guard let bits = UUIDv7.orderKey(row.id) else {
                return rows.enumerated().sorted { a, b in
                    before(a.element, b.element) || (!before(b.element, a.element) && a.offset < b.offset)
                }.map(\.element)
            }
            keys.append((rank(row), bits, figure(row), i))
        }
        keys.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.bits != b.bits { return a.bits < b.bits }
            return a.figure != b.figure ? a.figure < b.figure : a.index < b.index
        }
        return keys.map { rows[$0.index] }
    }

    /// `ids` in order. The counted rows lead `rows`, sorted by id: when their ids are exactly
    /// `ids` (each KPI's counted rows are its counted ids), they are the answer without sorting
    /// the set again (~8 ms for a day's 18,000 active creators); otherwise the set is sorted.
    static func sortedIDs(_ ids: Set<String>, countedRowsOf rows: [KPIDrillRow]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(ids.count)
        for row in rows {
            guard row.counted else { break }
            if out.last != row.id {
                guard ids.contains(row.id) else { return ids.sorted() }
                out.append(row.id)
            }
        }
        return out.count == ids.count ? out : ids.sorted()
    }
}

/// Per-period values and (when collecting) the rows behind them.
struct KPIResult {
    var values: [KPIValue]
    var ids: [Set<String>]
    var baseIDs: [Set<String>]
    /// Collecting: every row with its contribution.
    var rows: [[KPIDrillRow]]

    init(count: Int) {
        values = Array(repeating: KPIValue(), count: count)
        ids = Array(repeating: [], count: count)
        baseIDs = Array(repeating: [], count: count)
        rows = Array(repeating: [], count: count)
    }
}

/// A scope as SQL: a condition on a creator id column, and one on the ticket alias `t`.
struct KPIScopeSQL {
    var creatorCondition: (String) -> String
    var ticketCondition: String
    var arguments: StatementArguments
    /// The whole team: the only scope a table's own `deleted = 0` fully expresses.
    var isAll: Bool
    /// The scope as a condition on `ticket_fact f` alone, when it needs no ticket column
    /// (nil: join `ticket t` and use `ticketCondition`).
    var factCondition: String? {
        if isAll { return "1" }
        return ticketCondition == "t.assignee_id = :scope" ? "f.assignee_id = :scope" : nil
    }

    /// `ticket_fact f` and the scope's condition on it, joining `ticket t` only when needed.
    var factSource: (from: String, condition: String) {
        factCondition.map { ("ticket_fact f", $0) } ?? ("ticket_fact f JOIN ticket t ON t.id = f.ticket_id", ticketCondition)
    }

    init(_ scope: KPIScope, _ db: Database) throws {
        func memberID(_ handle: String) throws -> String {
            let candidates = handle.hasPrefix("@") ? [handle] : [handle, "@" + handle]
            for h in candidates {
                if let id = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [h]) { return id }
            }
            return "" // nobody: every scoped query is empty
        }
        isAll = scope == .all
        switch scope {
        case .all:
            creatorCondition = { "\($0) NOT IN (SELECT id FROM creator WHERE deleted = 1)" }
            ticketCondition = "1"
            arguments = [:]
        case .market(let market):
            creatorCondition = { "\($0) IN (SELECT id FROM creator WHERE market = :scope AND deleted = 0)" }
            ticketCondition = "t.requester_creator_id IN (SELECT id FROM creator WHERE market = :scope AND deleted = 0)"
            arguments = ["scope": market]
        case .manager(let handle):
            creatorCondition = { "\($0) IN (SELECT id FROM creator WHERE owner_id = :scope AND deleted = 0)" }
            ticketCondition = "t.requester_creator_id IN (SELECT id FROM creator WHERE owner_id = :scope AND deleted = 0)"
            arguments = ["scope": try memberID(handle)]
        case .agent(let handle):
            creatorCondition = { "\($0) IN (SELECT id FROM creator WHERE owner_id = :scope AND deleted = 0)" }
            ticketCondition = "t.assignee_id = :scope"
            arguments = ["scope": try memberID(handle)]
        }
    }
}

extension Store {
    /// `p(i, s, e)`: the periods as a VALUES table (integers inlined).
    static func kpiPeriodsCTE(_ periods: [KPIPeriod]) -> String {
        "p(i, s, e) AS (VALUES " + periods.enumerated().map { "(\($0.offset), \($0.element.start), \($0.element.end))" }.joined(separator: ", ") + ")"
    }

    /// A function giving the indexes of the periods containing an instant: a binary search when
    /// the periods are in order and do not overlap (a series), else a linear scan.
    static func kpiLocator(_ periods: [KPIPeriod]) -> (Millis) -> [Int] {
        let ordered = zip(periods, periods.dropFirst()).allSatisfy { $0.end <= $1.start }
        guard ordered, periods.count > 4 else { return { t in periods.indices.filter { periods[$0].contains(t) } } }
        return { t in
            var lo = 0, hi = periods.count // the first period ending after t
            while lo < hi { let mid = (lo + hi) / 2; if periods[mid].end <= t { lo = mid + 1 } else { hi = mid } }
            return lo < periods.count && periods[lo].contains(t) ? [lo] : []
        }
    }

    func computeKPI(_ id: KPIID, periods: [KPIPeriod], scope: KPIScope, now: Millis, collect: Bool) throws -> KPIResult {
        guard !periods.isEmpty else { return KPIResult(count: 0) }
        return try read { db in
            let s = try KPIScopeSQL(scope, db)
            switch id {
            case .activeCreators, .liveHours, .liveHoursPerActiveCreator, .contentConsumption:
                return try Store.kpiSessions(id, periods, s, collect, db)
            case .activityRate:
                return try Store.kpiActivityRate(periods, s, collect, db)
            case .newActivations:
                return try Store.kpiNewActivations(periods, s, collect, db)
            case .pipelineConversion, .medianTimeInStage:
                return try Store.kpiFunnel(id, periods, s, collect, db)
            case .week1Retention, .week4Retention:
                return try Store.kpiRetention(weeks: id.retentionWeeks ?? 1, periods, s, collect, now: now, db)
            case .ticketsCreated, .ticketsSolved:
                return try Store.kpiTicketCount(column: id == .ticketsCreated ? "created_at" : "first_solved_at", periods, s, collect, db)
            case .backlog:
                return try Store.kpiBacklog(periods, s, collect, db)
            case .firstReplyTime:
                return try Store.kpiFirstReply(periods, s, collect, db)
            case .resolutionTime, .csat, .reopenRate:
                return try Store.kpiSolved(id, periods, s, collect, db)
            case .slaAttainment:
                return try Store.kpiSLA(periods, s, collect, now: now, db)
            }
        }
    }

    // MARK: Live sessions

    /// Sessions per period (`%@` stands for the grouped columns).
    static func kpiSessionsSQL(_ periods: [KPIPeriod], _ s: KPIScopeSQL, viewers: Bool) -> String {
        """
        WITH \(kpiPeriodsCTE(periods))
        SELECT p.i, %@, IFNULL(SUM(ls.minutes), 0), \(viewers ? "IFNULL(SUM(ls.viewer_minutes), 0)" : "0")
        FROM p JOIN live_session ls ON ls.started_at >= p.s AND ls.started_at < p.e
        WHERE \(s.creatorCondition("ls.creator_id"))
        """
    }

    static func kpiSessions(_ id: KPIID, _ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        if collect {
            // Viewer minutes only where they are shown: they are not in the start-time index,
            // so reading them costs a table lookup a session (~100 ms for a day of 25,000).
            // The sessions are read as the index holds them and summed per creator here: a
            // `GROUP BY creator_id` sorted a day's 25,000 sessions in a temporary B-tree first
            // (~20 of the drill-down's ~30 ms of SQL at 2M sessions).
            let viewers = id == .contentConsumption
            let sql = """
                WITH \(kpiPeriodsCTE(periods))
                SELECT p.i, ls.creator_id, ls.minutes, \(viewers ? "ls.viewer_minutes" : "0")
                FROM p JOIN live_session ls ON ls.started_at >= p.s AND ls.started_at < p.e
                WHERE \(s.creatorCondition("ls.creator_id"))
                """
            typealias Totals = (sessions: Int, minutes: Int, viewerMinutes: Int)
            func add(_ t: inout Totals, _ m: Int, _ vm: Int) { t.sessions += 1; t.minutes += m; t.viewerMinutes += vm }
            // Each session's creator is keyed by the id's 128 bits, read from the bytes SQLite
            // holds (`UUIDv7.orderKey`), so a session costs no string and a 16-byte hash; the
            // id's text is made once per creator. An id that is not a UUID is keyed by its text
            // (read as GRDB reads text: up to a NUL). Stepped through SQLite's C interface: a
            // GRDB row per session was most of the rest (a busy day: 25,000 sessions).
            // (A drill-down's one period: room for every creator of a busy day at 100k — 18,000
            // active creators grew a 4,096 dictionary three times.)
            let capacity = periods.count == 1 ? 32_768 : 4096
            var byBits = Array(repeating: Dictionary<UUIDv7.Bits, (id: String, totals: Totals)>(minimumCapacity: capacity), count: periods.count)
            var byText = Array(repeating: Dictionary<String, Totals>(), count: periods.count)
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(s.arguments)
            try SQLite.readRows(SQLite.ready(statement.sqliteStatement), db) { st in
                let i = Int(sqlite3_column_int64(st, 0))
                guard periods.indices.contains(i), let text = sqlite3_column_text(st, 1) else { return }
                let m = Int(sqlite3_column_int64(st, 2)), vm = Int(sqlite3_column_int64(st, 3))
                let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(st, 1)))
                if let bits = UUIDv7.orderKey(utf8: bytes) {
                    add(&byBits[i][bits, default: (String(decoding: bytes, as: UTF8.self), (0, 0, 0))].totals, m, vm)
                } else {
                    add(&byText[i][String(cString: text), default: (0, 0, 0)], m, vm)
                }
            }
            // In the drill-down's order where the ids allow it: by their bits, which order as
            // their text (`drillOrder` then keeps the rows as they come).
            let perCreator = periods.indices.map { i in
                byBits[i].sorted { $0.key < $1.key }
                    .map { ($0.value.id, $0.value.totals) } + byText[i].sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
            var active = Array(repeating: 0, count: periods.count)
            var minutes = Array(repeating: 0, count: periods.count)
            var viewerMinutes = Array(repeating: 0, count: periods.count)
            for i in periods.indices {
                // (`kpiDrillDown` puts the rows in its order; these usually are already.)
                r.rows[i].reserveCapacity(perCreator[i].count)
                r.ids[i].reserveCapacity(perCreator[i].count)
                for (creator, t) in perCreator[i] {
                    active[i] += 1; minutes[i] += t.minutes; viewerMinutes[i] += t.viewerMinutes
                    r.ids[i].insert(creator)
                    let hours = Double(t.minutes) / 60
                    let cells: [KPIDrillCell]
                    switch id {
                    case .activeCreators: cells = [.count(t.sessions), .hours(hours)]
                    case .contentConsumption: cells = [.viewerMinutes(t.viewerMinutes), .count(t.sessions)]
                    default: cells = [.hours(hours), .count(t.sessions)]
                    }
                    r.rows[i].append(KPIDrillRow(id: creator, counted: true, cells: cells))
                }
            }
            r.values = sessionValues(id, active, minutes, viewerMinutes)
        } else {
            r.values = try kpiSessionValues(periods, s, db)[id] ?? r.values
        }
        return r
    }

    /// All four session KPIs over the periods, from one grouped pass.
    static func kpiSessionValues(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ db: Database) throws -> [KPIID: [KPIValue]] {
        guard !periods.isEmpty else { return [:] }
        var active = Array(repeating: 0, count: periods.count)
        var minutes = Array(repeating: 0, count: periods.count)
        var viewerMinutes = Array(repeating: 0, count: periods.count)
        let sql = kpiSessionsSQL(periods, s, viewers: true).replacingOccurrences(of: "%@", with: "COUNT(DISTINCT ls.creator_id)") + " GROUP BY p.i"
        for row in try Row.fetchAll(db, sql: sql, arguments: s.arguments) {
            let i: Int = row[0]
            active[i] = row[1]; minutes[i] = row[2]; viewerMinutes[i] = row[3]
        }
        return Dictionary(uniqueKeysWithValues: KPIID.allCases.filter(\.isSessionKPI).map { ($0, sessionValues($0, active, minutes, viewerMinutes)) })
    }

    static func sessionValues(_ id: KPIID, _ active: [Int], _ minutes: [Int], _ viewerMinutes: [Int]) -> [KPIValue] {
        active.indices.map { i in
            let hours = Double(minutes[i]) / 60
            switch id {
            case .activeCreators: return KPIValue(value: Double(active[i]), numerator: active[i])
            case .liveHours: return KPIValue(value: hours, numerator: minutes[i])
            case .liveHoursPerActiveCreator:
                return KPIValue(value: active[i] > 0 ? hours / Double(active[i]) : nil, numerator: minutes[i], denominator: active[i])
            default: return KPIValue(value: Double(viewerMinutes[i]), numerator: viewerMinutes[i])
            }
        }
    }

    // MARK: Stage events

    /// Every live stage event of the scope's creators (those also in `among`, a subquery of
    /// creator ids, when given), grouped by creator, in time order (the covering index
    /// `stage_event_flow`).
    static func kpiStageTimelines(_ s: KPIScopeSQL, _ db: Database, among: String? = nil, arguments extra: StatementArguments = [:],
                                  _ body: (String, [(at: Millis, stage: String)]) -> Void) throws {
        var arguments = s.arguments
        arguments += extra
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.creator_id, e.at, e.to_stage FROM stage_event e
            WHERE e.deleted = 0 AND \(s.creatorCondition("e.creator_id")) \(among.map { "AND e.creator_id IN (\($0))" } ?? "")
            ORDER BY e.creator_id, e.at, e.to_stage
            """, arguments: arguments)
        var current: String?
        var events: [(at: Millis, stage: String)] = []
        while let row = try rows.next() {
            let creator: String = row[0]
            if creator != current {
                if let c = current { body(c, events) }
                current = creator
                events.removeAll(keepingCapacity: true)
            }
            events.append((row[1], row[2]))
        }
        if let c = current { body(c, events) }
    }

    /// The stage at a period end is the one of the latest live stage event before it. A
    /// creator with no stage event since the earliest end is still in their current stage
    /// (`creator.stage`, written in the same transaction as every stage event), found through
    /// the board index; only the creators who moved since are replayed from their timelines.
    static func kpiActivityRate(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        let counted: Set<String> = [Stage.activated, Stage.established]
        let minEnd = periods.map(\.end).min()!
        let movedSQL = "SELECT creator_id FROM stage_event WHERE at >= :minEnd AND deleted = 0"
        var arguments = s.arguments
        arguments += ["minEnd": minEnd]
        // Creators who moved since the earliest end: their timelines (a few per creator).
        var moved: [String: [(at: Millis, stage: String)]] = [:]
        try kpiStageTimelines(s, db, among: movedSQL, arguments: ["minEnd": minEnd]) { creator, events in moved[creator] = events }
        // The settled base: one range of the board index, less the movers (excluded here rather
        // than with `NOT IN` in SQL, which probed a temporary index once per row: 25 of 50 ms
        // for one day at 100k creators).
        let settled = try String.fetchAll(db, sql: """
            SELECT c.id FROM creator c
            WHERE c.deleted = 0 AND c.stage IN ('\(Stage.activated)', '\(Stage.established)') AND c.stage_entered_at < :minEnd
              AND \(s.isAll ? "1" : s.creatorCondition("c.id"))
            """, arguments: arguments).filter { moved[$0] == nil }
        let settledSet = Set(settled)
        // For each moved creator, whether they are in the base at each period end.
        var movedBase: [String: [Bool]] = [:]
        for (creator, events) in moved where !settledSet.contains(creator) {
            movedBase[creator] = periods.map { p in events.last(where: { $0.at < p.end }).map { counted.contains($0.stage) } ?? false }
        }
        func inBase(_ creator: String, _ i: Int) -> Bool {
            settledSet.contains(creator) || (movedBase[creator]?[i] ?? false)
        }
        // Sessions stream in period order; each period's creators are deduplicated on their own,
        // so memory holds one period's live creators, not ninety.
        var active = Array(repeating: 0, count: periods.count)
        var seen = Set<String>()
        var current = -1
        // Collecting: each live creator's sessions and minutes in the period.
        var live = Array(repeating: [String: (sessions: Int, minutes: Int)](), count: periods.count)
        let rows = try Row.fetchCursor(db, sql: """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, ls.creator_id, ls.minutes FROM p JOIN live_session ls ON ls.started_at >= p.s AND ls.started_at < p.e
            WHERE \(s.creatorCondition("ls.creator_id"))
            ORDER BY p.i
            """, arguments: s.arguments)
        while let row = try rows.next() {
            let i: Int = row[0], creator: String = row[1]
            if i != current { current = i; seen.removeAll(keepingCapacity: true) }
            if collect, inBase(creator, i) {
                let m: Int = row[2]
                live[i][creator, default: (0, 0)].sessions += 1
                live[i][creator, default: (0, 0)].minutes += m
            }
            guard seen.insert(creator).inserted, inBase(creator, i) else { continue }
            active[i] += 1
            if collect { r.ids[i].insert(creator) }
        }
        for i in periods.indices {
            var base = settled.count
            for (creator, flags) in movedBase where flags[i] {
                base += 1
                if collect { r.baseIDs[i].insert(creator) }
            }
            if collect {
                r.baseIDs[i].formUnion(settled)
                r.rows[i] = r.baseIDs[i].map { creator in
                    let l = live[i][creator]
                    return KPIDrillRow(id: creator, counted: l != nil, inBase: true,
                                       cells: [.count(l?.sessions ?? 0), .hours(Double(l?.minutes ?? 0) / 60)])
                }
            }
            r.values[i] = .ratio(active[i], base)
        }
        return r
    }

    static func kpiNewActivations(_ periods: [KPIPeriod], _ s: KPIScopeSQL, _ collect: Bool, _ db: Database) throws -> KPIResult {
        var r = KPIResult(count: periods.count)
        var counts = Array(repeating: 0, count: periods.count)
        var arguments = s.arguments
        arguments += ["activated": Stage.activated]
        let rows = try Row.fetchCursor(db, sql: """
            WITH \(kpiPeriodsCTE(periods))
            SELECT p.i, e.creator_id, e.at FROM p JOIN stage_event e ON e.to_stage = :activated AND e.deleted = 0 AND e.at >= p.s AND e.at < p.e
            WHERE \(s.creatorCondition("e.creator_id"))
            """, arguments: arguments)
        var perCreator = Array(repeating: [String: (count: Int, last: Millis)](), count: periods.count)
        while let row = try rows.next() {
            let i: Int = row[0]
            counts[i] += 1
            if collect {
                let creator: String = row[1], at: Millis = row[2]
                r.ids[i].insert(creator)
                let before = perCreator[i][creator] ?? (0, at)
                perCreator[i][creator] = (before.count + 1, max(before.last, at))
            }
        }
        for i in periods.indices {
            r.values[i] = KPIValue(value: Double(counts[i]), numerator: counts[i])
            r.rows[i] = perCreator[i].map { KPIDrillRow(id: $0.key, counted: true, cells: [.count($0.value.count), .instant($0.value.last)]) }
        }
        return r
    }
}
