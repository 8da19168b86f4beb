import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The KPI pane, from the KPI cache; what is missing is computed off the loop, so keys stay instant.
extension CommandRunner {
    func runKPI(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadKPIs(let unit, let toDate):
            let store = self.store
            return [runInBackground(task: "KPIs") {
                [.kpisLoaded(unit: unit, series: try store.kpiPanel(unit: unit, count: unit.sparklineLength, now: now, toDate: toDate),
                             toDate: toDate)]
            }]
        default:
            return []
        }
    }
}
