import Foundation
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct KPISettingsTests {
    @Test func targetsAndDirectionsAreValidatedTeamSettings() throws {
        let f = try Fixture()
        #expect(try f.store.teamSettings().kpiTargets.isEmpty)
        try f.store.setKPITarget(.slaAttainment, target: 0.95, direction: nil)
        try f.store.setKPITarget(.firstReplyTime, target: 30, direction: .lowerIsBetter) // its default: stored as nil
        let targets = try f.store.teamSettings().kpiTargets
        #expect(targets["sla_attainment"] == TeamSettings.KPITarget(target: 0.95, direction: nil))
        #expect(targets["first_reply_time"] == TeamSettings.KPITarget(target: 30, direction: nil))
        // Refused, and nothing changes.
        #expect(throws: GreenroomError.self) { try f.store.setKPITarget(.csat, target: 1.5, direction: nil) }
        #expect(throws: GreenroomError.self) { try f.store.setKPITarget(.liveHours, target: -1, direction: nil) }
        #expect(throws: GreenroomError.self) { try f.store.setKPITarget(.liveHours, target: .nan, direction: nil) }
        #expect(try f.store.teamSettings().kpiTargets == targets)
        // Clearing both removes the entry; a direction alone is kept.
        try f.store.setKPITarget(.slaAttainment, target: nil, direction: nil)
        try f.store.setKPITarget(.backlog, target: nil, direction: .higherIsBetter)
        let after = try f.store.teamSettings().kpiTargets
        #expect(after["sla_attainment"] == nil)
        #expect(after["backlog"] == TeamSettings.KPITarget(target: nil, direction: .higherIsBetter))
    }
}
