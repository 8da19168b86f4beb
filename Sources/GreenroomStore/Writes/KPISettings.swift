import Foundation
import GRDB
import GreenroomCore

extension Store {
    /// Sets (or, with nil, clears) a KPI's target and direction. A ratio's target is a
    /// fraction (0.95); `direction` nil keeps the KPI's default. One transaction; the whole
    /// table is one team setting, so it travels with sync like the others.
    @discardableResult
    public func setKPITarget(_ id: KPIID, target: Double?, direction: KPIDirection?) throws -> TeamSettings.KPITarget {
        if let target {
            guard target.isFinite else { throw GreenroomError.invalidInput("a target must be a number") }
            if id.unit == "%" && !(0...1).contains(target) {
                throw GreenroomError.invalidInput("\(id.title) is a share: its target is between 0% and 100%")
            }
            if id.unit != "%" && target < 0 { throw GreenroomError.invalidInput("\(id.title) cannot be negative") }
        }
        return try write { db in
            var targets = try Store.loadSettings(db).kpiTargets
            let entry = TeamSettings.KPITarget(target: target, direction: direction == id.defaultDirection ? nil : direction)
            if entry.target == nil && entry.direction == nil {
                targets[id.rawValue] = nil
            } else {
                targets[id.rawValue] = entry
            }
            try writeSetting(.kpiTargets, targets, in: db)
            return entry
        }
    }
}
