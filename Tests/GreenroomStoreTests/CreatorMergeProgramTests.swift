import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Merging two creators moves issue 26's rows too (program enrolments and completions,
/// workshop invitations, community memberships, incentive tasks, resource sends), combines
/// what both had into one row with the further progress, and `unmerge` puts every row back.
@Suite struct CreatorMergeProgramTests {
    struct World {
        let f: Fixture
        let keep: Creator, dup: Creator
        let program: Program, modules: [ProgramModule]
        let other: Program
        let workshop: Workshop, community: Community, guide: String
    }

    /// @dup is enrolled in LIVE 101 (Setup, Lighting done) and Gifts; @keep only in LIVE 101
    /// (Setup done, enrolled later). Both are invited to the workshop (only @dup came); both
    /// are in the community (@keep left, @dup moderates); both have the same task, only
    /// @dup's paid; @dup has another task and a resource sent.
    static func world() throws -> World {
        let f = try Fixture()
        let keep = try f.creator("@keep"), dup = try f.creator("@dup")
        let p = try f.store.addProgram(name: "LIVE 101", modules: ["Setup", "Lighting", "Selling"])
        let gifts = try f.store.addProgram(name: "Gifts", modules: ["Goals"])
        let modules = try f.store.programModules(p.id)
        try f.store.enrol(programID: p.id, creatorIDs: [dup.id], at: pinnedNow - 20 * Time.day)
        try f.store.enrol(programID: p.id, creatorIDs: [keep.id], at: pinnedNow - 10 * Time.day)
        try f.store.enrol(programID: gifts.id, creatorIDs: [dup.id], at: pinnedNow - 5 * Time.day)
        try f.store.completeModule(programID: p.id, creatorID: dup.id, at: pinnedNow - 15 * Time.day)
        try f.store.completeModule(programID: p.id, creatorID: dup.id, at: pinnedNow - 12 * Time.day)
        try f.store.completeModule(programID: p.id, creatorID: keep.id, at: pinnedNow - 8 * Time.day)
        let w = try f.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 2, link: nil)
        try f.store.invite(workshopID: w.id, creatorIDs: [keep.id, dup.id])
        try f.store.setAttendance(workshopID: w.id, creatorID: dup.id, present: true)
        let c = try f.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        try f.store.join(communityID: c.id, creatorIDs: [keep.id], at: pinnedNow - 30 * Time.day)
        try f.store.leave(communityID: c.id, creatorIDs: [keep.id], at: pinnedNow - 25 * Time.day)
        try f.store.join(communityID: c.id, creatorIDs: [dup.id], role: .moderator, at: pinnedNow - 20 * Time.day)
        let draft = Store.TaskDraft(title: "LIVE 5 days", metric: .liveDays, goal: 5, start: "2026-11-09", end: "2026-11-15", reward: "Boost", amount: 50)
        _ = try f.store.addTasks(draft, creatorIDs: [keep.id, dup.id])
        let dupTask = try #require(try f.store.taskRows(now: pinnedNow).first { $0.task.creatorID == dup.id }?.task)
        try f.store.write { db in try f.store.updateStamped(.incentiveTask, id: dupTask.id, fields: ["paid_at": (pinnedNow - Time.day).databaseValue], in: db) }
        _ = try f.store.addTasks(Store.TaskDraft(title: "3h LIVE", metric: .liveHours, goal: 3, start: "2026-11-16", end: "2026-11-22"), creatorIDs: [dup.id])
        let guide = try f.store.saveArticle(ArticleDraft(title: "Lighting guide", body: "Face a window.", kind: .guide))
        try f.store.sendResource(articleID: guide.id, creatorIDs: [dup.id])
        return World(f: f, keep: keep, dup: dup, program: p, modules: modules, other: gifts, workshop: w, community: c, guide: guide.id)
    }

    /// Every live row of issue 26's tables, as text, for comparing before and after.
    static func state(_ f: Fixture) throws -> [String] {
        try f.store.read { db in
            var out: [String] = []
            for (table, cols) in [("program_enrolment", "program_id, creator_id, enrolled_at"),
                                  ("module_completion", "module_id, creator_id, completed_at"),
                                  ("workshop_invite", "workshop_id, creator_id, invited_at, attended"),
                                  ("community_member", "community_id, creator_id, role, joined_at, left_at"),
                                  ("incentive_task", "id, creator_id, title, paid_at"),
                                  ("resource_send", "id, creator_id, article_id")] {
                for row in try Row.fetchAll(db, sql: "SELECT \(cols) FROM \(table) WHERE deleted = 0 ORDER BY \(cols)") {
                    out.append(table + ": " + row.description)
                }
            }
            return out
        }
    }

    func count(_ f: Fixture, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try f.store.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    @Test func mergeMovesEveryKindOfRowAndCombinesWhatBothHadKeepingTheFurtherProgress() throws {
        let w = try Self.world()
        let f = w.f
        let report = try f.store.mergeCreators(keep: "@keep", merge: "@dup", by: f.manager.id)
        #expect(report.programRows == ProgramRowsMerged(enrolments: 2, completions: 2, invitations: 1, memberships: 1, tasks: 2, resourceSends: 1, combined: 5))
        #expect(report.summary.contains("2 program enrolments, 2 module completions, 1 workshop invitation, 1 community membership, 2 incentive tasks, 1 resource send"),
                "\(report.summary)")
        #expect(report.summary.contains("5 of them @keep already had (one row kept, with the further progress)"), "\(report.summary)")
        // Nothing live is left on @dup.
        for table in ["program_enrolment", "module_completion", "workshop_invite", "community_member", "incentive_task", "resource_send"] {
            #expect(try count(f, "SELECT COUNT(*) FROM \(table) WHERE creator_id = ? AND deleted = 0", [w.dup.id]) == 0, "\(table)")
        }
        // One enrolment in LIVE 101 (the earlier date) with Setup and Lighting done, at their
        // earlier dates; the Gifts enrolment moved under the kept creator's derived id.
        let enrolled = try count(f, "SELECT enrolled_at FROM program_enrolment WHERE id = ? AND deleted = 0",
                                 [ProgramEnrolment.id(program: w.program.id, creator: w.keep.id)])
        #expect(Millis(enrolled) == pinnedNow - 20 * Time.day)
        #expect(try count(f, "SELECT COUNT(*) FROM program_enrolment WHERE id = ? AND deleted = 0", [ProgramEnrolment.id(program: w.other.id, creator: w.keep.id)]) == 1)
        let standing = try #require(try f.store.programParticipants(id: w.program.id).first)
        #expect(try f.store.programParticipants(id: w.program.id).count == 1)
        #expect(standing.handle == "@keep" && standing.standing.completedCount == 2 && standing.at == "Selling")
        #expect(Millis(try count(f, "SELECT completed_at FROM module_completion WHERE id = ?", [ModuleCompletion.id(module: w.modules[0].id, creator: w.keep.id)]))
                == pinnedNow - 15 * Time.day)
        // The next module for @keep is recorded on the kept row (no second enrolment row).
        #expect(try f.store.completeModule(programID: w.program.id, creatorID: w.keep.id).title == "Selling")
        // One invitation, attended; the two seats are not both taken by one person.
        #expect(try f.store.attendees(workshopID: w.workshop.id).map { "\($0.handle) \($0.attended)" } == ["@keep true"])
        #expect(try f.store.workshops().first?.invited == 1)
        // A current moderator membership from the earlier join.
        let members = try f.store.communityMembers(id: w.community.id)
        #expect(members.map { "\($0.handle) \($0.role.rawValue) \($0.leftAt == nil)" } == ["@keep moderator true"])
        #expect(members.first?.joinedAt == pinnedNow - 30 * Time.day)
        // The shared task stays once, now paid; the other task moved.
        let tasks = try f.store.taskRows(now: pinnedNow)
        #expect(tasks.map { "\($0.handle) \($0.task.title) \($0.task.paidAt != nil)" }.sorted() == ["@keep 3h LIVE false", "@keep LIVE 5 days true"])
        #expect(try f.store.resourceSends(creatorID: w.keep.id).map(\.title) == ["Lighting guide"])
    }

    @Test func unmergePutsEveryRowBackAsItWas() throws {
        let w = try Self.world()
        let before = try Self.state(w.f)
        let outbox = try count(w.f, "SELECT COUNT(*) FROM outbox")
        _ = try w.f.store.mergeCreators(keep: "@keep", merge: "@dup", by: nil)
        #expect(try Self.state(w.f) != before)
        // The merge is stamped writes waiting in the outbox, so it syncs.
        #expect(try count(w.f, "SELECT COUNT(*) FROM outbox") > outbox + 10)
        #expect(try w.f.store.unmergeCreator("@dup", by: nil) == "@dup")
        #expect(try Self.state(w.f) == before)
        #expect(try w.f.store.programParticipants(id: w.program.id).map(\.handle) == ["@dup", "@keep"])
        #expect(try w.f.store.programParticipants(id: w.program.id).map(\.standing.completedCount) == [2, 1])
    }

    @Test func aMergeWithNothingInCommonInsertsTheKeptRowsAndUnmergeWithdrawsThem() throws {
        let f = try Fixture()
        let keep = try f.creator("@keep"), dup = try f.creator("@dup")
        let p = try f.store.addProgram(name: "LIVE 101", modules: ["Setup"])
        try f.store.enrol(programID: p.id, creatorIDs: [dup.id])
        let report = try f.store.mergeCreators(keep: "@keep", merge: "@dup", by: nil)
        #expect(report.programRows.enrolments == 1 && report.programRows.combined == 0)
        #expect(!report.summary.contains("already had"))
        #expect(try f.store.programParticipants(id: p.id).map(\.handle) == ["@keep"])
        _ = try f.store.unmergeCreator("@dup", by: nil)
        #expect(try f.store.programParticipants(id: p.id).map(\.handle) == ["@dup"])
        // The kept creator can be enrolled again afterwards (the withdrawn row is revived).
        #expect(try f.store.enrol(programID: p.id, creatorIDs: [keep.id]).added == 1)
        #expect(try f.store.programParticipants(id: p.id).map(\.handle) == ["@dup", "@keep"])
    }
}

/// The attendance activity a merge moves has an id derived from the invitation; the merge
/// re-derives it for the kept creator, so attendance marked afterwards finds it.
@Suite struct CreatorMergeAttendanceTests {
    /// The live `workshop` activities of a creator, as "id summary".
    static func attendance(_ f: Fixture, _ creatorID: String) throws -> [String] {
        try f.store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, summary FROM activity WHERE creator_id = ? AND kind = 'workshop' AND deleted = 0 ORDER BY id",
                             arguments: [creatorID]).map { "\($0[0] as String) \($0[1] as String)" }
        }
    }

    @Test func theMergedCreatorsAttendanceActivityIsReDerivedSoMarkingTheKeptCreatorAbsentWithdrawsIt() throws {
        let w = try CreatorMergeProgramTests.world()
        let f = w.f
        let keptInvite = WorkshopInvite.id(workshop: w.workshop.id, creator: w.keep.id)
        let derived = WorkshopInvite.attendanceActivityID(invite: keptInvite, startsAt: w.workshop.startsAt)
        let dupActivities = try Self.attendance(f, w.dup.id)
        #expect(dupActivities.count == 1)
        _ = try f.store.mergeCreators(keep: "@keep", merge: "@dup", by: nil)
        // One attendance activity on @keep, under the id their own invitation derives.
        #expect(try Self.attendance(f, w.keep.id) == ["\(derived) Attended workshop: Lights"])
        #expect(try Self.attendance(f, w.dup.id).isEmpty)
        // Absent withdraws it; present again brings back that one row, not a second.
        #expect(try f.store.setAttendance(workshopID: w.workshop.id, creatorID: w.keep.id, present: false))
        #expect(try Self.attendance(f, w.keep.id).isEmpty)
        #expect(try f.store.setAttendance(workshopID: w.workshop.id, creatorID: w.keep.id, present: true))
        #expect(try Self.attendance(f, w.keep.id) == ["\(derived) Attended workshop: Lights"])
    }

    @Test func whenBothAttendedOneActivityStaysAndUnmergeBringsBackTheMergedCreatorsOwn() throws {
        let w = try CreatorMergeProgramTests.world()
        let f = w.f
        try f.store.setAttendance(workshopID: w.workshop.id, creatorID: w.keep.id, present: true)
        let keepBefore = try Self.attendance(f, w.keep.id), dupBefore = try Self.attendance(f, w.dup.id)
        #expect(keepBefore.count == 1 && dupBefore.count == 1)
        _ = try f.store.mergeCreators(keep: "@keep", merge: "@dup", by: nil)
        #expect(try Self.attendance(f, w.keep.id) == keepBefore)
        _ = try f.store.unmergeCreator("@dup", by: nil)
        #expect(try Self.attendance(f, w.keep.id) == keepBefore)
        #expect(try Self.attendance(f, w.dup.id) == dupBefore)
        // The merged creator's own activity answers their attendance again.
        #expect(try f.store.setAttendance(workshopID: w.workshop.id, creatorID: w.dup.id, present: false))
        #expect(try Self.attendance(f, w.dup.id).isEmpty)
    }
}
