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
