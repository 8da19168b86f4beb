import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The KPI pane, from the KPI cache; what is missing is computed off the loop, so keys stay instant.
extension CommandRunner {
    func run(_ command: KPIsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load(let unit, let toDate):
            let store = self.store
            return [runInBackground(task: "KPIs") {
                [.kpis(.loaded(unit: unit, series: try store.kpiPanel(unit: unit, count: unit.sparklineLength, now: now, toDate: toDate),
                                     toDate: toDate))]
            }]
        }
    }
}
