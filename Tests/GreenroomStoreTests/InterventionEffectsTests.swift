import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The Review's programs and workshops: those that ran in the week — a running program, or one
/// with an enrolment or a finished module in it; a workshop that started in it — each with
/// the same matched effect as the program board.
@Suite struct InterventionEffectsTests {
    @Test func theProgramsAndWorkshopsThatRanInThePeriodWithTheirEffect() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa")
        let running = try f.store.addProgram(name: "Running", modules: ["One", "Two"])
        let ended = try f.store.addProgram(name: "Ended", status: .ended, modules: ["One"])
        _ = try f.store.addProgram(name: "Draft", status: .draft, modules: ["One"])
        _ = try f.store.addProgram(name: "Old", status: .ended, modules: ["One"])
        try f.store.enrol(programID: running.id, creatorIDs: [mila.id, rafa.id], at: pinnedNow - 2 * Time.day)
        try f.store.completeModule(programID: running.id, creatorID: mila.id, at: pinnedNow - Time.day)
        try f.store.enrol(programID: ended.id, creatorIDs: [rafa.id], at: pinnedNow - 20 * Time.day)
        try f.store.completeModule(programID: ended.id, creatorID: rafa.id, at: pinnedNow - Time.day)
        let inside = try f.store.addWorkshop(title: "Inside", starts: "2026-11-19T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        _ = try f.store.addWorkshop(title: "Before", starts: "2026-11-02T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        try f.store.invite(workshopID: inside.id, creatorIDs: [mila.id, rafa.id])
        try f.store.setAttendance(workshopID: inside.id, creatorID: mila.id, present: true)

        let week = KPIPeriod(start: pinnedNow - 3 * Time.day, end: pinnedNow + Time.day)
        let effects = try f.store.interventionEffects(in: week, now: pinnedNow)
        #expect(effects.map(\.name) == ["Ended", "Running", "Inside"])
        #expect(effects.map(\.weekText) == ["0 enrolled, 1 done", "2 enrolled, 1 done", "1/2 attended"])
        #expect(effects[1].result == (try f.store.programEffect(id: running.id, now: pinnedNow)))
        #expect(effects[2].result == (try f.store.workshopEffect(id: inside.id, now: pinnedNow)))
        // A week before the programs existed lists none of them.
        #expect(try f.store.interventionEffects(in: KPIPeriod(start: pinnedNow - 40 * Time.day, end: pinnedNow - 33 * Time.day), now: pinnedNow).isEmpty)
        // A deleted creator counts in nothing.
        try f.store.apply(ChangeSet("Deleted @rafa", [.update(.creator, id: rafa.id, fields: ["deleted": FieldValue(true)])]), by: nil)
        #expect(try f.store.interventionEffects(in: week, now: pinnedNow).map(\.weekText) == ["1 enrolled, 1 done", "1/1 attended"])
    }
}
