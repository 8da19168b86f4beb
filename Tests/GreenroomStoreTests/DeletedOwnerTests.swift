import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Deleting a creator tombstones the creator only, as for one with tickets and activities:
/// their enrolments, invitations, memberships, tasks and resource sends stay as they were,
/// are left out of every list and count while the creator is deleted, and come back with a
/// restore. A creator's row cannot be restored while its creator is deleted.
@Suite struct DeletedOwnerTests {
    struct World {
        let f: Fixture
        let mila: Creator, rafa: Creator
        let program: Program, workshop: Workshop, community: Community
    }

    static func world() throws -> World {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa")
        let p = try f.store.addProgram(name: "LIVE 101", modules: ["Setup", "Lighting"])
        try f.store.enrol(programID: p.id, creatorIDs: [mila.id, rafa.id], at: pinnedNow - 10 * Time.day)
        try f.store.completeModule(programID: p.id, creatorID: mila.id)
        let w = try f.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 2, link: nil)
        try f.store.invite(workshopID: w.id, creatorIDs: [mila.id, rafa.id])
        try f.store.setAttendance(workshopID: w.id, creatorID: mila.id, present: true)
        let c = try f.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        try f.store.join(communityID: c.id, creatorIDs: [mila.id, rafa.id], role: .moderator)
        _ = try f.store.addTasks(Store.TaskDraft(title: "LIVE 5 days", metric: .liveDays, goal: 5, start: "2026-11-16", end: "2026-11-22"), creatorIDs: [mila.id, rafa.id])
        let guide = try f.store.saveArticle(ArticleDraft(title: "Lighting guide", body: "Face a window.", kind: .guide))
        try f.store.sendResource(articleID: guide.id, creatorIDs: [mila.id, rafa.id])
        return World(f: f, mila: mila, rafa: rafa, program: p, workshop: w, community: c)
    }

    /// What the lists and counts say, in one line each.
    static func counts(_ w: World) throws -> [String] {
        let s = w.f.store
        let p = try #require(try s.programSummaries().first)
        let ws = try #require(try s.workshops().first)
        let c = try #require(try s.communitySummaries().first)
        return ["program \(p.enrolled) enrolled \(p.completed) done", "board \(try s.programParticipants(id: w.program.id).map(\.handle))",
                "workshop \(ws.invited) invited \(ws.attended) attended \(try s.attendees(workshopID: w.workshop.id).map(\.handle))",
                "community \(c.members) members \(c.moderators) moderators \(try s.communityMembers(id: w.community.id).map(\.handle))",
                "tasks \(try s.taskRows(now: pinnedNow).map(\.handle).sorted())",
                "sent \(try s.resourceSends().compactMap(\.creatorHandle).sorted())"]
    }

    @Test func aDeletedCreatorsRowsAreHiddenWithThemAndComeBackWithTheRestore() throws {
        let w = try Self.world()
        let before = try Self.counts(w)
        #expect(before == ["program 2 enrolled 0 done", "board [\"@mila\", \"@rafa\"]", "workshop 2 invited 1 attended [\"@mila\", \"@rafa\"]",
                           "community 2 members 2 moderators [\"@mila\", \"@rafa\"]", "tasks [\"@mila\", \"@rafa\"]", "sent [\"@mila\", \"@rafa\"]"])
        let undo = try w.f.store.apply(ChangeSet("Deleted @mila", [.update(.creator, id: w.mila.id, fields: ["deleted": FieldValue(true)])]), by: nil)
        #expect(try Self.counts(w) == ["program 1 enrolled 0 done", "board [\"@rafa\"]", "workshop 1 invited 0 attended [\"@rafa\"]",
                                       "community 1 members 1 moderators [\"@rafa\"]", "tasks [\"@rafa\"]", "sent [\"@rafa\"]"])
        // Their rows themselves are untouched (no tombstone was written for them).
        #expect(try w.f.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM program_enrolment WHERE creator_id = ? AND deleted = 0", arguments: [w.mila.id])
        } == 1)
        // A deleted creator's seat is free while they are deleted.
        let zoe = try w.f.creator("@zoe")
        #expect(try w.f.store.invite(workshopID: w.workshop.id, creatorIDs: [zoe.id]).added == 1)
        try w.f.store.write { db in try db.execute(sql: "UPDATE workshop_invite SET deleted = 1 WHERE creator_id = ?", arguments: [zoe.id]) }
        // Their task cannot come back on its own.
        let task = try w.f.store.read { db in try String.fetchOne(db, sql: "SELECT id FROM incentive_task WHERE creator_id = ?", arguments: [w.mila.id]) }!
        try w.f.store.write { db in try w.f.store.updateStamped(.incentiveTask, id: task, fields: ["deleted": true.databaseValue], in: db) }
        #expect(throws: GreenroomError.invalidInput("its creator is deleted; restore the creator first")) {
            try w.f.store.restoreFromTrash(.incentiveTask, id: task, by: nil)
        }
        try w.f.store.write { db in try w.f.store.updateStamped(.incentiveTask, id: task, fields: ["deleted": false.databaseValue], in: db) }
        // Undoing the delete (as the trash's restore does) brings every row back.
        try w.f.store.apply(undo, by: nil)
        #expect(try Self.counts(w) == before)
    }

    @Test func removedProgramsWorkshopsCommunitiesAndTasksAreInTheTrashAndRestoreByName() throws {
        let w = try Self.world()
        let s = w.f.store
        try s.write { db in
            for (entity, id) in [(Entity.program, w.program.id), (.workshop, w.workshop.id), (.community, w.community.id)] {
                try s.updateStamped(entity, id: id, fields: ["deleted": true.databaseValue], in: db)
            }
        }
        let trash = try s.trash()
        #expect(Set(trash.map(\.entity)) == [.program, .workshop, .community])
        #expect(trash.map(\.label).sorted() == ["LIVE 101", "Lights", "US creators · discord · US"])
        #expect(try s.trashReference("live 101")?.0 == .program)
        #expect(try s.trashReference("LIGHTS")?.0 == .workshop)
        #expect(try s.trashReference("US creators")?.0 == .community)
        #expect(try s.trashReference("Nothing like it") == nil)
        // A live program that took the name meanwhile blocks the restore, with the reason.
        _ = try s.addProgram(name: "LIVE 101", modules: ["Other"])
        #expect(throws: GreenroomError.invalidInput("a live program is called \"LIVE 101\" now: two cannot share a name")) {
            try s.restoreFromTrash(.program, id: w.program.id, by: nil)
        }
        try s.restoreFromTrash(.community, id: w.community.id, by: nil)
        #expect(try s.communitySummaries().first?.members == 2)
    }

    @Test func attendanceAtAWorkshopOfARemovedProgramStillWorks() throws {
        let w = try Self.world()
        let s = w.f.store
        let modules = try s.programModules(w.program.id)
        let linked = try s.addWorkshop(title: "Lights 2", starts: "2026-11-19T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0,
                                       link: nil, programID: w.program.id, module: modules[1].title)
        try s.invite(workshopID: linked.id, creatorIDs: [w.rafa.id])
        try s.write { db in try s.updateStamped(.program, id: w.program.id, fields: ["deleted": true.databaseValue], in: db) }
        #expect(try s.setAttendance(workshopID: linked.id, creatorID: w.rafa.id, present: true))
    }
}
