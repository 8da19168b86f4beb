import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The KPI pane, drill-downs, the Review, cohorts and Today: read off the loop where they are heavy.
extension CommandRunner {
    func runKPI(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadKPIs(let unit, let toDate):
            // From the KPI cache; what is missing is computed off the loop, so keys stay instant.
            let store = self.store
            return [runInBackground(task: "KPIs") {
                [.kpisLoaded(unit: unit, series: try store.kpiPanel(unit: unit, count: unit.sparklineLength, now: now, toDate: toDate),
                             toDate: toDate)]
            }]
        case .loadDrill(let request):
            let store = self.store
            return [runInBackground(task: "drill-down") { [.drillLoaded(request, try store.drillDown(request, now: now))] }]
        case .loadReview(let week):
            let store = self.store
            let me = self.me
            return [runInBackground(task: "Review") { [.reviewLoaded(week: week, try store.weeklyReview(week: week, me: me, now: now, breachedLimit: ReviewScreen.breachedShown, withToday: false))] }]
        case .loadCohorts:
            let store = self.store
            return [runInBackground(task: "cohorts") { [.cohortsLoaded(try store.cohortTable(now: now))] }]
        case .loadToday(let me):
            // Four sections over the whole team's data: off the loop, so keys stay instant.
            let store = self.store
            return [runInBackground(task: "Today") { [.todayLoaded(try store.today(me: me, now: now))] }]
        default:
            return []
        }
    }
}
