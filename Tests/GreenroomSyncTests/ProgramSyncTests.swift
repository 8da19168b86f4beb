import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Programs, workshops and tasks travel through the sync folder like every entity (issue 26).
@Suite struct ProgramSyncTests {
    func creators(_ r: Replica, _ n: Int) throws -> [String] {
        try r.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY handle LIMIT ?", arguments: [n]) }
    }

    @Test func programProgressAndAttendanceTravelAndConverge() throws {
        let a = try Replica("a", device: device(41)), b = try Replica("b", device: device(42))
        let ids = try creators(a, 3)
        let p = try a.store.addProgram(name: "LIVE 101", modules: ["Setup", "Lighting"])
        try a.store.enrol(programID: p.id, creatorIDs: ids)
        let modules = try a.store.programModules(p.id)
        let w = try a.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0,
                                        link: nil, programID: p.id, module: "Lighting")
        try a.store.invite(workshopID: w.id, creatorIDs: ids)
        _ = try a.store.addTasks(Store.TaskDraft(title: "LIVE 5 days", metric: .liveDays, goal: 5, start: "2026-11-16", end: "2026-11-22"), creatorIDs: [ids[0]])
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        #expect(try b.store.program(ref: "live 101").id == p.id)

        // Offline on both: a completes Setup for ids[0], b completes it too and marks ids[0]
        // present at the workshop (which completes Lighting).
        try a.store.completeModule(programID: p.id, creatorID: ids[0], moduleID: modules[0].id)
        try b.store.completeModule(programID: p.id, creatorID: ids[0], moduleID: modules[0].id)
        try b.store.setAttendance(workshopID: w.id, creatorID: ids[0], present: true)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            #expect(try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM module_completion WHERE creator_id = ?", arguments: [ids[0]]) } == 2)
            let board = try #require(try r.store.programBoard(id: p.id, now: pinnedNow, cardsPerColumn: 5))
            #expect(board.board.columns.map(\.count) == [2, 0, 1])
            // (The demo template has tasks of its own.)
            #expect(try r.store.taskRows(now: pinnedNow).filter { $0.task.title == "LIVE 5 days" }.count == 1)
        }
        #expect(try a.snapshot() == b.snapshot())

        let validator = SchemaValidator(root: try FormatTests.schema)
        var lines = 0
        for folder in [a.folder, b.folder] {
            for f in filesUnder(folder) where f.hasPrefix("ops/") {
                for line in try String(contentsOfFile: folder + "/" + f, encoding: .utf8).split(separator: "\n")
                where line.contains("\"program") || line.contains("\"workshop") || line.contains("\"module_completion") || line.contains("\"incentive_task") {
                    lines += 1
                    #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
                }
            }
        }
        #expect(lines >= 10)
    }

    @Test func aSnapshotRoundTripsPrograms() throws {
        let a = try Replica("a", device: device(43))
        let p = try a.store.addProgram(name: "Academy", modules: ["One", "Two"])
        let ids = try creators(a, 2)
        try a.store.enrol(programID: p.id, creatorIDs: ids)
        try a.store.completeModule(programID: p.id, creatorID: ids[0])
        let out = a.dir.file("snap")
        _ = try a.store.export(format: .json, to: out)
        let restored = try Store.open(at: a.dir.file("restored.sqlite"), clock: .fixed(pinnedNow))
        _ = try restored.importSnapshot(from: out)
        #expect(try restored.programParticipants(id: p.id).map(\.standing.completedCount).sorted() == [0, 1])
        for name in ["program.json", "program_module.json", "program_enrolment.json", "module_completion.json"] {
            #expect((try String(contentsOfFile: out + "/" + name, encoding: .utf8)).count > 10, "\(name)")
        }
    }

    @Test func membershipsAndResourceSendsTravelAndConverge() throws {
        let a = try Replica("a", device: device(44)), b = try Replica("b", device: device(45))
        let ids = try creators(a, 3)
        let c = try a.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        let guide = try a.store.saveArticle(ArticleDraft(title: "Lighting guide", body: "Face a window.", kind: .guide))
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        // Offline on both: a adds two members; b adds one of them too (the same derived row)
        // and sends the guide to the community.
        try a.store.join(communityID: c.id, creatorIDs: [ids[0], ids[1]], at: pinnedNow - Time.day)
        try b.store.join(communityID: c.id, creatorIDs: [ids[1]], at: pinnedNow - Time.day)
        try b.store.sendResource(articleID: guide.id, creatorIDs: [ids[2]])
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            #expect(try r.store.communitySummaries().first { $0.community.id == c.id }?.members == 2)
            #expect(try r.store.resourceSends().count == 1)
        }
        #expect(try a.snapshot() == b.snapshot())
    }
}
