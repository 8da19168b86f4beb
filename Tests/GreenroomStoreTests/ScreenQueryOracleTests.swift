import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The statements the first screens open with (issue 23), against oracles written from the
/// definitions: plain loops in Swift over every row, on a demo database with ties made on
/// purpose (several tickets due at the same instant, a ticket with two targets due at once).
@Suite(.serialized) struct ScreenQueryOracleTests {
    static let dir = TempDir()
    static let path: String = {
        let p = dir.file("oracle.sqlite")
        _ = try! Store.generateDemo(at: p, options: DemoOptions(creators: 300, tickets: 1200, days: 120), clock: .fixed(pinnedNow))
        let store = try! Store.open(at: p, clock: .fixed(pinnedNow))
        let calendar = TeamCalendar(zone: try! store.teamSettings().zone)
        let week = calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1)
        // Ties: in the last complete week, groups of three SLA facts moved to one instant
        // (different tickets), and one ticket's targets all due at the same instant.
        try! store.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT rowid, ticket_id FROM ticket_fact WHERE kind IN ('first_reply','next_reply','resolution') AND at >= ? AND at < ?
                ORDER BY rowid
                """, arguments: [week.start, week.end])
            for (n, r) in rows.enumerated() where n % 7 < 3 {
                let group = n / 7
                try db.execute(sql: "UPDATE ticket_fact SET at = ? WHERE rowid = ?", arguments: [week.start + Millis(group) * Time.hour + 1, r[0] as Int64])
            }
            // Deleted tickets, open ones among them, so counts that tell them apart are tested.
            try db.execute(sql: """
                UPDATE ticket SET deleted = 1 WHERE id IN (SELECT id FROM ticket WHERE assignee_id IS NOT NULL ORDER BY id LIMIT 20)
                   OR id IN (SELECT id FROM ticket WHERE assignee_id IS NOT NULL AND status IN ('new','open','pending','on_hold') ORDER BY id LIMIT 20)
                """)
            if let ticket = try String.fetchOne(db, sql: """
                SELECT ticket_id FROM ticket_fact WHERE kind IN ('first_reply','next_reply','resolution') AND at >= ? AND at < ?
                GROUP BY ticket_id HAVING COUNT(*) > 1 ORDER BY ticket_id LIMIT 1
                """, arguments: [week.start, week.end]) {
                try db.execute(sql: """
                    UPDATE ticket_fact SET at = ?, outcome = 'breached' WHERE ticket_id = ? AND kind IN ('first_reply','next_reply','resolution')
                    """, arguments: [week.end - Time.hour, ticket])
            }
        }
        return p
    }()

    let store: Store
    let calendar: TeamCalendar

    init() throws {
        store = try Store.open(at: ScreenQueryOracleTests.path, clock: .fixed(pinnedNow))
        calendar = TeamCalendar(zone: try store.teamSettings().zone)
    }

    /// The breached tickets of a period, from the definition: every SLA fact (first reply, next
    /// reply, resolution) due in the period and breached — or running and past `now` — of the
    /// scope's tickets; a ticket's due time is its latest such fact; tickets latest due first,
    /// then by id; a ticket's targets latest first, then by kind.
    func breachedOracle(_ period: KPIPeriod, _ scope: KPIScope, now: Millis) throws -> [(id: String, targets: [SLATarget], due: Millis)] {
        try store.read { db in
            let member: [String: String] = Dictionary(try Row.fetchAll(db, sql: "SELECT handle, id FROM member WHERE deleted = 0")
                .map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
            var creators: [String: (market: String, owner: String?, deleted: Bool)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, market, owner_id, deleted FROM creator") { creators[r[0]] = (r[1], r[2], r[3]) }
            var requester: [String: String?] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, requester_creator_id FROM ticket") { requester[r[0]] = r[1] as String? }
            func inScope(ticket: String, assignee: String?) -> Bool {
                func creator() -> (market: String, owner: String?, deleted: Bool)? { (requester[ticket] ?? nil).flatMap { creators[$0] } }
                switch scope {
                case .all: return true
                case .agent(let h): return assignee != nil && assignee == member[h]
                case .market(let m): return creator().map { !$0.deleted && $0.market == m } ?? false
                case .manager(let h): return creator().map { !$0.deleted && $0.owner != nil && $0.owner == member[h] } ?? false
                }
            }
            var facts: [String: [(kind: SLATarget, at: Millis)]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT ticket_id, kind, at, outcome, assignee_id FROM ticket_fact") {
                guard let kind = SLATarget(rawValue: r[1]) else { continue }
                let at: Millis = r[2], outcome: String? = r[3]
                guard at >= period.start, at < period.end, outcome == "breached" || (outcome == "running" && at < now) else { continue }
                guard inScope(ticket: r[0], assignee: r[4]) else { continue }
                facts[r[0], default: []].append((kind, at))
            }
            return facts.map { id, fs in
                let sorted = fs.sorted { ($0.at, $1.kind.rawValue) > ($1.at, $0.kind.rawValue) }
                return (id, sorted.map(\.kind), sorted[0].at)
            }.sorted { ($0.due, $1.id) > ($1.due, $0.id) }
        }
    }

    @Test func breachedTicketsAreTheDefinitionsInItsOrderWhateverTheLimitAndScope() throws {
        let lastWeek = calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1)
        let thisWeek = calendar.weekPeriod(containing: pinnedNow)
        let wide = KPIPeriod(start: pinnedNow - 60 * Time.day, end: pinnedNow + 7 * Time.day)
        let agents = try store.members().filter { $0.role == .specialist }.map(\.handle)
        let scopes: [KPIScope] = [.all, .market("US"), .manager("@ana")] + agents.prefix(2).map { KPIScope.agent($0) }
        var sawTies = false, sawSeveralTargets = false, sawThisWeek = false
        for period in [lastWeek, thisWeek, wide] {
            for scope in scopes {
                let oracle = try breachedOracle(period, scope, now: pinnedNow)
                let context = "\(scope) \(period)"
                if scope == .all && period == lastWeek {
                    #expect(oracle.count > 20, "the fixture breaches: \(oracle.count)")
                    sawTies = sawTies || Set(oracle.map(\.due)).count < oracle.count
                    sawSeveralTargets = sawSeveralTargets || oracle.contains { $0.targets.count > 1 }
                }
                if period == thisWeek && scope == .all { sawThisWeek = !oracle.isEmpty }
                for limit in [nil, 1, 2, 5, oracle.count, oracle.count + 3] as [Int?] {
                    let got = try store.read { db in try Store.breachedTickets(period, scope, now: pinnedNow, limit: limit, db) }
                    let want = limit.map { Array(oracle.prefix($0)) } ?? oracle
                    #expect(got.map(\.id) == want.map(\.id), "\(context) limit \(String(describing: limit))")
                    #expect(got.map(\.targets) == want.map(\.targets), "\(context) limit \(String(describing: limit))")
                    #expect(got.map(\.due) == want.map(\.due), "\(context) limit \(String(describing: limit))")
                }
                let ids = try store.read { db in try Store.breachedTicketIDs(period, scope, now: pinnedNow, db) }
                #expect(ids == oracle.map(\.id), "\(context)")
            }
        }
        #expect(sawTies && sawSeveralTargets && sawThisWeek)
    }

    /// A session KPI's drill-down, from the definition: the scope's sessions that started in
    /// the period, per creator their count, minutes and viewer minutes; the value from their sums.
    @Test func sessionKPIDrillDownsAreTheSessionsSummedPerCreator() throws {
        let today = calendar.startOfDay(pinnedNow)
        let periods = [KPIPeriod(start: today - Time.day, end: today), KPIPeriod(start: today - 7 * Time.day, end: today),
                       KPIPeriod(start: today - 90 * Time.day, end: today)]
        let scopes: [KPIScope] = [.all, .market("US"), .manager("@ana")]
        let (sessions, creators, members) = try store.read { db in
            (try Row.fetchAll(db, sql: "SELECT creator_id, started_at, minutes, viewer_minutes FROM live_session"),
             Dictionary(try Row.fetchAll(db, sql: "SELECT id, market, owner_id, deleted FROM creator").map { r in
                 (r[0] as String, (market: r[1] as String, owner: r[2] as String?, deleted: r[3] as Bool)) }, uniquingKeysWith: { a, _ in a }),
             Dictionary(try Row.fetchAll(db, sql: "SELECT handle, id FROM member WHERE deleted = 0").map { ($0[0] as String, $0[1] as String) },
                        uniquingKeysWith: { a, _ in a }))
        }
        var sawSeveralSessions = false
        for period in periods {
            for scope in scopes {
                func inScope(_ creator: String) -> Bool {
                    switch scope {
                    case .all: return creators[creator]?.deleted != true
                    case .market(let m): return creators[creator].map { !$0.deleted && $0.market == m } ?? false
                    case .manager(let h), .agent(let h): return creators[creator].map { !$0.deleted && $0.owner != nil && $0.owner == members[h] } ?? false
                    }
                }
                var per: [String: (sessions: Int, minutes: Int, viewerMinutes: Int)] = [:]
                for r in sessions {
                    let creator: String = r[0], at: Millis = r[1]
                    guard period.contains(at), inScope(creator) else { continue }
                    per[creator, default: (0, 0, 0)].sessions += 1
                    per[creator, default: (0, 0, 0)].minutes += r[2] as Int
                    per[creator, default: (0, 0, 0)].viewerMinutes += r[3] as Int
                }
                sawSeveralSessions = sawSeveralSessions || per.values.contains { $0.sessions > 1 }
                let active = per.count, minutes = per.values.map(\.minutes).reduce(0, +), viewerMinutes = per.values.map(\.viewerMinutes).reduce(0, +)
                for id in KPIID.allCases where id.isSessionKPI {
                    let drill = try store.kpiDrillDown(id, period: period, scope: scope, now: pinnedNow)
                    let context = "\(id) \(scope) \(period)"
                    let want = per.keys.sorted().map { c -> KPIDrillRow in
                        let t = per[c]!, hours = Double(t.minutes) / 60
                        switch id {
                        case .activeCreators: return KPIDrillRow(id: c, counted: true, cells: [.count(t.sessions), .hours(hours)])
                        case .contentConsumption: return KPIDrillRow(id: c, counted: true, cells: [.viewerMinutes(t.viewerMinutes), .count(t.sessions)])
                        default: return KPIDrillRow(id: c, counted: true, cells: [.hours(hours), .count(t.sessions)])
                        }
                    }
                    #expect(drill.rows == want, "\(context)")
                    #expect(drill.ids == per.keys.sorted(), "\(context)")
                    #expect(drill.subject == .creators)
                    switch id {
                    case .activeCreators: #expect(drill.value.value == Double(active) && drill.value.numerator == active, "\(context)")
                    case .liveHours: #expect(drill.value.value == Double(minutes) / 60 && drill.value.numerator == minutes, "\(context)")
                    case .liveHoursPerActiveCreator:
                        #expect(drill.value.value == (active > 0 ? Double(minutes) / 60 / Double(active) : nil), "\(context)")
                        #expect(drill.value.numerator == minutes && drill.value.denominator == active, "\(context)")
                    default: #expect(drill.value.value == Double(viewerMinutes) && drill.value.numerator == viewerMinutes, "\(context)")
                    }
                    // The same value as the engine's count without rows.
                    let engine = try store.kpiSeries(id, periods: [period], scope: scope, now: pinnedNow)
                    #expect(drill.value == engine[0], "\(context)")
                }
            }
        }
        #expect(sawSeveralSessions)
    }

    /// A drill-down's ids come from its sorted counted rows when those are exactly the ids,
    /// and from sorting the set otherwise: the set sorted, either way.
    @Test func drillIDsAreTheSetSortedWhicheverWayTheyAreFound() {
        func row(_ id: String, _ counted: Bool) -> KPIDrillRow { KPIDrillRow(id: id, counted: counted, cells: []) }
        let sortedRows = [row("a", true), row("b", true), row("b", true), row("c", true), row("a", false), row("d", false)]
        #expect(Store.sortedIDs(["c", "a", "b"], countedRowsOf: sortedRows) == ["a", "b", "c"])
        // Ids without a counted row, or counted rows whose id is not among the ids: sorted from the set.
        #expect(Store.sortedIDs(["c", "a", "b", "e"], countedRowsOf: sortedRows) == ["a", "b", "c", "e"])
        #expect(Store.sortedIDs(["c", "a"], countedRowsOf: sortedRows) == ["a", "c"])
        #expect(Store.sortedIDs([], countedRowsOf: []) == [])
        #expect(Store.sortedIDs(["z", "y"], countedRowsOf: [row("x", false)]) == ["y", "z"])
    }

    /// The agent page's figures for the current week against the definitions, for every
    /// specialist: open tickets assigned now (not deleted), SLA attainment (achieved ÷ achieved
    /// + breached targets due in the week, a running target past now breached) and how many
    /// tickets breached a target due in the week.
    @Test func agentFiguresAreTheDefinitions() throws {
        let week = calendar.weekPeriod(containing: pinnedNow)
        let lastWeek = calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1)
        let open: Set<String> = ["new", "open", "pending", "on_hold"]
        let (tickets, facts) = try store.read { db in
            (try Row.fetchAll(db, sql: "SELECT assignee_id, status, deleted FROM ticket"),
             try Row.fetchAll(db, sql: "SELECT ticket_id, kind, at, outcome, assignee_id FROM ticket_fact"))
        }
        #expect(tickets.contains { ($0[2] as Int) == 1 && open.contains($0[1] as String) })
        var checked = 0
        for member in try store.members() where member.role == .specialist {
            let openNow = tickets.filter { ($0[0] as String?) == member.id && ($0[2] as Int) == 0 && open.contains($0[1] as String) }.count
            let backlog = try store.kpi(.backlog, period: week, scope: .agent(member.handle), now: pinnedNow)
            #expect(backlog.numerator == openNow, "\(member.handle)")
            for period in [week, lastWeek] {
                var achieved = 0, breached = 0
                var breachedTickets = Set<String>()
                for f in facts where (f[4] as String?) == member.id {
                    let kind: String = f[1], at: Millis = f[2], outcome: String? = f[3]
                    guard ["first_reply", "next_reply", "resolution"].contains(kind), period.contains(at) else { continue }
                    if outcome == "achieved" { achieved += 1 }
                    if outcome == "breached" || (outcome == "running" && pinnedNow > at) { breached += 1; breachedTickets.insert(f[0]) }
                }
                let sla = try store.kpiSeries(.slaAttainment, periods: [period], scope: .agent(member.handle), now: pinnedNow)[0]
                #expect(sla.numerator == achieved && sla.denominator == achieved + breached, "\(member.handle) \(period)")
                let count = try store.read { db in try Store.breachedTicketCount(period, .agent(member.handle), now: pinnedNow, db) }
                #expect(count == breachedTickets.count, "\(member.handle) \(period)")
            }
            let page = try store.agentPage(handle: member.handle, now: pinnedNow)
            #expect(page.openLoad == openNow)
            checked += 1
        }
        #expect(checked >= 2)
    }
}
