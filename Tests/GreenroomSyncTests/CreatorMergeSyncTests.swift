import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// A creator merge made on one laptop — program enrolments and completions, memberships and
/// invitations moved to the kept creator — reaches the other laptop through the folder, and
/// so does its unmerge; both laptops end with the same rows.
@Suite struct CreatorMergeSyncTests {
    @Test func aMergeOfProgramRowsAndItsUnmergeTravelAndConverge() throws {
        let a = try Replica("a", device: device(61)), b = try Replica("b", device: device(62))
        let handles = try a.store.read { db in try String.fetchAll(db, sql: "SELECT handle FROM creator WHERE deleted = 0 ORDER BY handle LIMIT 2") }
        let keep = try #require(try a.creator(handles[0])), dup = try #require(try a.creator(handles[1]))
        let p = try a.store.addProgram(name: "LIVE 101", modules: ["Setup", "Lighting"])
        try a.store.enrol(programID: p.id, creatorIDs: [keep.id, dup.id])
        try a.store.completeModule(programID: p.id, creatorID: dup.id)
        let c = try a.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        try a.store.join(communityID: c.id, creatorIDs: [dup.id])
        let w = try a.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        try a.store.invite(workshopID: w.id, creatorIDs: [dup.id])
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)

        _ = try a.store.mergeCreators(keep: keep.handle, merge: dup.handle, by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            let people = try r.store.programParticipants(id: p.id)
            #expect(people.map(\.handle) == [keep.handle], "\(r.name)")
            #expect(people.first?.standing.completedCount == 1, "\(r.name)")
            #expect(try r.store.communityMembers(id: c.id).map(\.handle) == [keep.handle], "\(r.name)")
            #expect(try r.store.attendees(workshopID: w.id).map(\.handle) == [keep.handle], "\(r.name)")
            #expect(try r.store.heldDeletes().isEmpty, "\(r.name)")
        }
        #expect(try a.snapshot() == b.snapshot())

        _ = try a.store.unmergeCreator(dup.handle, by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            #expect(try r.store.programParticipants(id: p.id).map(\.handle).sorted() == [keep.handle, dup.handle].sorted(), "\(r.name)")
            #expect(try r.store.communityMembers(id: c.id).map(\.handle) == [dup.handle], "\(r.name)")
        }
        #expect(try a.snapshot() == b.snapshot())
        #expect(try b.conflicts().isEmpty)
    }
}

/// A workshop attendance merged on one laptop while the other marks the kept creator present
/// at the same workshop: the merge re-derives the attendance activity from the kept creator's
/// invitation, so both writes are one row; the unmerge travels too, and both laptops keep one
/// attendance activity per attended invitation.
@Suite struct CreatorMergeAttendanceSyncTests {
    /// Live `workshop` activities per creator id, as "creator id" lines.
    func attendance(_ r: Replica) throws -> [String] {
        try r.store.read { db in
            try Row.fetchAll(db, sql: "SELECT creator_id, id FROM activity WHERE kind = 'workshop' AND deleted = 0 AND summary = 'Attended workshop: Lights' ORDER BY creator_id, id")
                .map { "\($0[0] as String) \($0[1] as String)" }
        }
    }

    /// Every live invitation's attended flag agrees with its attendance activity.
    func consistent(_ r: Replica, _ w: Workshop, _ creators: [String]) throws -> Bool {
        let live = Set(try attendance(r))
        for c in creators {
            let invite = WorkshopInvite.id(workshop: w.id, creator: c)
            let attended = try r.store.read { db in try Bool.fetchOne(db, sql: "SELECT attended FROM workshop_invite WHERE id = ? AND deleted = 0", arguments: [invite]) }
            let activity = "\(c) \(WorkshopInvite.attendanceActivityID(invite: invite, startsAt: w.startsAt))"
            if (attended == true) != live.contains(activity) { return false }
        }
        return true
    }

    @Test func aMergedAttendanceAndTheSameAttendanceMarkedElsewhereAreOneActivityAndUnmergeConverges() throws {
        let a = try Replica("a", device: device(65)), b = try Replica("b", device: device(66))
        let handles = try a.store.read { db in try String.fetchAll(db, sql: "SELECT handle FROM creator WHERE deleted = 0 ORDER BY handle LIMIT 2") }
        let keep = try #require(try a.creator(handles[0])), dup = try #require(try a.creator(handles[1]))
        let w = try a.store.addWorkshop(title: "Lights", starts: "2026-11-18T15:00:00Z", minutes: 45, host: nil, market: "US", capacity: 0, link: nil)
        try a.store.invite(workshopID: w.id, creatorIDs: [keep.id, dup.id])
        try a.store.setAttendance(workshopID: w.id, creatorID: dup.id, present: true)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)

        // Offline: a merges @dup into @keep; b marks @keep present at the same workshop.
        _ = try a.store.mergeCreators(keep: keep.handle, merge: dup.handle, by: nil)
        try b.store.setAttendance(workshopID: w.id, creatorID: keep.id, present: true)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        let keptActivity = WorkshopInvite.attendanceActivityID(invite: WorkshopInvite.id(workshop: w.id, creator: keep.id), startsAt: w.startsAt)
        for r in [a, b] {
            #expect(try attendance(r) == ["\(keep.id) \(keptActivity)"], "\(r.name)")
            #expect(try r.store.attendees(workshopID: w.id).map { "\($0.handle) \($0.attended)" } == ["\(keep.handle) true"], "\(r.name)")
        }
        #expect(try a.snapshot() == b.snapshot())

        // The unmerge, made where the merge was, travels and both laptops agree again.
        _ = try a.store.unmergeCreator(dup.handle, by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        #expect(try b.sync().skipped.isEmpty)
        let dupActivity = WorkshopInvite.attendanceActivityID(invite: WorkshopInvite.id(workshop: w.id, creator: dup.id), startsAt: w.startsAt)
        for r in [a, b] {
            #expect(try attendance(r).contains("\(dup.id) \(dupActivity)"), "\(r.name)")
            let live = try attendance(r)
            #expect(try consistent(r, w, [keep.id, dup.id]), "\(r.name): \(live)")
        }
        #expect(try a.snapshot() == b.snapshot())
        // A sync with nothing new changes nothing (idempotent).
        let before = try b.snapshot()
        try b.sync(); try a.sync()
        #expect(try b.snapshot() == before)
    }
}

/// The delete fail-safe covers issue 26's records: a peer unenrolling most of a program's
/// creators at once waits for a decision, and keeping the records restores them everywhere.
@Suite struct ProgramDeleteGuardTests {
    @Test func aMassUnenrolmentFromAPeerIsHeldAndKeepingRestoresIt() throws {
        let a = try Replica("a", device: device(63)), b = try Replica("b", device: device(64))
        let ids = try a.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY id LIMIT 20") }
        let p = try a.store.addProgram(name: "LIVE 101", modules: ["Setup"])
        try a.store.enrol(programID: p.id, creatorIDs: ids)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        try b.sync()
        #expect(try b.store.programSummaries().first?.enrolled == 20)

        #expect(try a.store.unenrol(programID: p.id, creatorIDs: ids) == 20)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        let summary = try b.sync()
        #expect(summary.heldDeletes.map(\.description) == ["20 program enrolments from a (\(device(63)))"], "\(summary.heldDeletes)")
        #expect(try b.store.programSummaries().first?.enrolled == 20)

        let kept = try Syncer(store: b.store, folder: b.folder, deviceName: "b").keepDeleted(device: device(63), by: nil)
        #expect(kept.restored == 20 && kept.refused.isEmpty, "\(kept.refused)")
        try b.sync()
        try carry(from: b.folder, to: a.folder)
        try a.sync()
        for r in [a, b] { #expect(try r.store.programSummaries().first?.enrolled == 20, "\(r.name)") }
    }
}
