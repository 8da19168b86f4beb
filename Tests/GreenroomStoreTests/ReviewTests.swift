import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The Review's grouped tables, the drill-downs and the cohort table against the KPI engine
/// run one scope at a time: the same numbers whichever way they are computed.
@Suite(.serialized) struct ReviewTests {
    static let dir = TempDir()
    static let path: String = {
        let p = dir.file("demo.sqlite")
        _ = try! Store.generateDemo(at: p, options: DemoOptions(creators: 300, tickets: 900, days: 120), clock: .fixed(pinnedNow))
        return p
    }()
    let store: Store
    let week: KPIPeriod

    init() throws {
        store = try Store.open(at: ReviewTests.path, clock: .fixed(pinnedNow))
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        week = calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1)
    }

    func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x - y) < 1e-9
        default: return false
        }
    }

    @Test func theReviewAgreesWithTheEngineScopeByScope() throws {
        let r = try store.weeklyReview(me: "@ana", now: pinnedNow)
        #expect(r.period == week)
        #expect(r.week == TeamCalendar(zone: try store.teamSettings().zone).isoWeekString(week.start))
        for row in r.kpis {
            #expect(row.value == (try store.kpi(row.id, period: week, scope: .all, now: pinnedNow)), "\(row.id)")
            #expect(row.trend.count == 12)
        }
        #expect(!r.agents.isEmpty && !r.managers.isEmpty)
        for a in r.agents {
            let scope = KPIScope.agent(a.handle)
            #expect(a.solved == (try store.kpi(.ticketsSolved, period: week, scope: scope, now: pinnedNow).numerator), "\(a.handle)")
            #expect(close(a.slaAttainment, try store.kpi(.slaAttainment, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.csat, try store.kpi(.csat, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.reopenRate, try store.kpi(.reopenRate, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.medianFirstReplyMinutes, try store.kpi(.firstReplyTime, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
        }
        for m in r.managers {
            let scope = KPIScope.manager(m.handle)
            #expect(close(m.activityRate, try store.kpi(.activityRate, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
            #expect(close(m.liveHours, try store.kpi(.liveHours, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
            #expect(m.newActivations == (try store.kpi(.newActivations, period: week, scope: scope, now: pinnedNow).numerator), "\(m.handle)")
            #expect(close(m.conversion, try store.kpi(.pipelineConversion, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
        }
        let owned = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator WHERE deleted = 0 AND owner_id IS NOT NULL") }
        #expect(r.managers.reduce(0) { $0 + $1.creators } == owned)
        // Categories add up to the tickets created; breaches are due in the week and breached.
        #expect(r.categories.reduce(0) { $0 + $1.count } == (try store.kpi(.ticketsCreated, period: week, scope: .all, now: pinnedNow).numerator))
        #expect(!r.breached.isEmpty)
        #expect(r.breached.allSatisfy { week.contains($0.due) })
        let sla = try store.kpiDrillDown(.slaAttainment, period: week, scope: .all, now: pinnedNow)
        #expect(Set(r.breached.map(\.id)).isSubset(of: Set(sla.baseIDs)))
        // Today's counts are the Today screen's.
        let today = try store.today(me: "@ana", now: pinnedNow)
        #expect(r.today == WeeklyReview.TodayCounts(me: "@ana", followUps: today.followUps.count, breachingTickets: today.breachingTickets.count,
                                                   idleCreators: today.idleCreators.count, rottingCards: today.rottingCards.count))
    }

    @Test func drillDownsListExactlyTheRowsCounted() throws {
        for id in [KPIID.activeCreators, .activityRate, .backlog, .slaAttainment, .csat] {
            let drill = try store.kpiDrillDown(id, period: week, scope: .all, now: pinnedNow)
            let result = try store.drillDown(.kpi(id, week, .all), now: pinnedNow)
            let counted = result.rows.filter(\.counted).map(\.target)
            let expected = drill.ids.map { id.isTicketKPI ? DrillRow.Target.ticket($0) : .creator($0) }
            #expect(counted == expected, "\(id)")
            #expect(result.base == Set(drill.ids + drill.baseIDs).count, "\(id)")
            #expect(result.rows.allSatisfy { $0.cells.count == result.columns.count })
        }
        let payouts = try store.drillDown(.category(.rewardsPayout, week, .all), now: pinnedNow)
        let review = try store.weeklyReview(me: nil, now: pinnedNow)
        #expect(payouts.counted == review.categories.first { $0.category == .rewardsPayout }?.count ?? 0)
    }

    @Test func theCohortTableIsWeekNRetention() throws {
        let later = pinnedNow + 70 * Time.day
        let table = try store.cohortTable(now: later)
        #expect(table.rows.count == 12 && table.weeks == 8)
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        var checked = 0
        for row in table.rows where row.size > 0 {
            for n in [1, 4] {
                guard let retained = row.retained[n] else { continue }
                let kpi = try store.kpi(n == 1 ? .week1Retention : .week4Retention, period: row.week, scope: .all, now: later)
                #expect(kpi.denominator == row.size, "\(row.label)")
                #expect(kpi.numerator == retained, "\(row.label) week \(n)")
                let drill = try store.drillDown(.cohort(week: row.week.start, n: n), now: later)
                #expect(drill.counted == retained && drill.base == row.size)
                checked += 1
            }
            // A week that has not ended has no value.
            let lastEnded = (0...8).last { calendar.addDays(7 * ($0 + 1), to: row.week.start) <= later }
            #expect(row.retained.enumerated().allSatisfy { ($0.element != nil) == ($0.offset <= (lastEnded ?? -1)) }, "\(row.label)")
        }
        #expect(checked > 0)
    }
}
