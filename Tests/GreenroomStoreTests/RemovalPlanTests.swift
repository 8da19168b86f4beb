import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The plans the app's `d` asks for (by id) are the command line's (by name), and the
/// removal's inverse — what `u` applies — brings the record back.
@Suite struct RemovalPlanTests {
    @Test func plansByIdAreThePlansByName() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa"), nova = try f.creator("@nova")
        let p = try f.store.addProgram(name: "LIVE 101", modules: ["Setup", "Lighting"])
        try f.store.enrol(programID: p.id, creatorIDs: [mila.id, rafa.id])
        #expect(try f.store.programRemoval(ref: p.id) == f.store.programRemoval(ref: "live 101"))
        let w = try f.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        #expect(try f.store.workshopRemoval(ref: w.id) == f.store.workshopRemoval(ref: "Lights"))
        let c = try f.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        #expect(try f.store.communityRemoval(ref: c.id) == f.store.communityRemoval(ref: "US creators"))

        _ = try f.store.addTasks(Store.TaskDraft(title: "LIVE 5 days", metric: .liveDays, goal: 5, start: "2026-11-16", end: "2026-11-22"),
                                 creatorIDs: [mila.id, rafa.id, nova.id])
        let rows = try f.store.taskRows(now: pinnedNow)
        let all = try f.store.taskRemoval(ids: rows.map(\.task.id))
        #expect(all == (try f.store.taskRemoval(ref: "LIVE 5 days")))
        #expect(all.description == "3 tasks \"LIVE 5 days\" (2026-11-16…2026-11-22)")
        let milas = try #require(rows.first { $0.task.creatorID == mila.id })
        #expect(try f.store.taskRemoval(ids: [milas.task.id]) == f.store.taskRemoval(ref: "LIVE 5 days", creatorIDs: [mila.id]))
        #expect(throws: GreenroomError.invalidInput("those tasks no longer exist")) {
            try f.store.taskRemoval(ids: ["0190aaaa-bbbb-7ccc-8ddd-00000000dead"])
        }
    }

    @Test func theRemovalsInverseRestoresIt() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila")
        let p = try f.store.addProgram(name: "LIVE 101", modules: ["Setup"])
        try f.store.enrol(programID: p.id, creatorIDs: [mila.id])
        let inverse = try f.store.remove(try f.store.programRemoval(ref: p.id), by: f.manager.id)
        #expect(inverse.label == "Removed program \"LIVE 101\"")
        #expect(try f.store.programSummaries().isEmpty)
        #expect(try f.store.trash().contains { $0.entity == .program && $0.id == p.id })
        _ = try f.store.apply(inverse, by: f.manager.id)
        #expect(try f.store.programSummaries().map(\.enrolled) == [1])
    }
}
