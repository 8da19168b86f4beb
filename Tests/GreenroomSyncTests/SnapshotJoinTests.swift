import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 27: a new laptop that joins from a snapshot ends exactly where one that replayed
/// every operation ends — data, field stamps, open conflicts — in a plain and an encrypted
/// folder, and reads only the op files the snapshot does not cover.
@Suite struct SnapshotJoinTests {
    func creator(_ n: Int, _ rng: inout SeededGenerator) -> Creator {
        Creator(id: UUIDv7.make(millis: pinnedNow, using: &rng), handle: "@team\(n)", displayName: "Team \(n)", kind: .creator, market: "US",
                language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .import, followers: n, createdAt: pinnedNow - Time.day)
    }

    @Test(arguments: [false, true]) func joiningFromASnapshotEqualsReplayingEverything(encrypted: Bool) throws {
        var rng = SeededGenerator(seed: 27)
        // A team that starts empty: everything it holds went through the folder.
        let a = try Replica("a", device: device(1), from: nil), b = try Replica("b", device: device(2), from: nil)
        let key = TeamKey.generate()
        if encrypted {
            for r in [a, b] { try r.store.addTeamKey(id: key.id, bytes: key.bytes, current: true) }
            let s = Syncer(store: a.store, folder: a.folder, deviceName: "a")
            try s.prepareFolder()
            try s.markEncrypted(with: key)
        }
        let creators = (0..<30).map { creator($0, &rng) }
        try a.store.apply(ChangeSet("new", creators.map { .insertCreator($0, tags: ["t\($0.followers % 3)"]) }), by: nil)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        try b.sync()
        // Concurrent edits: an open conflict the snapshot must carry.
        try a.store.apply(ChangeSet("a", [.update(.creator, id: creators[0].id, fields: ["notes": FieldValue("from a")])]), by: nil)
        try b.store.apply(ChangeSet("b", [.update(.creator, id: creators[0].id, fields: ["notes": FieldValue("from b")])]), by: nil)
        try a.sync(); try b.sync()
        try carry(from: b.folder, to: a.folder)
        let info = try Syncer(store: a.store, folder: a.folder, deviceName: "a").publishSnapshot()
        #expect(info.covers >= 2 && info.path.hasPrefix("snapshots/\(a.store.deviceID)/"))
        if encrypted {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: a.folder + "/" + info.path))
            #expect(bytes.range(of: Data("@team1".utf8)) == nil, "the snapshot is sealed")
            #expect(bytes.range(of: Data("SQLite format".utf8)) == nil)
        }
        // More after the snapshot, from both laptops.
        try a.store.apply(ChangeSet("later", [.moveStage(creatorID: creators[1].id, to: Stage.contacted, reason: nil)]), by: nil)
        try b.store.apply(ChangeSet("later b", [.tags(creatorID: creators[2].id, add: ["late"], remove: [])]), by: nil)
        try a.sync(); try b.sync()
        try carry(from: b.folder, to: a.folder); try carry(from: a.folder, to: b.folder)
        try a.sync(); try b.sync()
        // J joins from the snapshot; R replays every operation.
        let dir = TempDir()
        let joined = try #require(try Syncer.join(folder: a.folder, at: dir.file("joined.sqlite"), keys: encrypted ? [key] : [],
                                                  clock: .fixed(pinnedNow + 9_000), deviceName: "j"))
        #expect(joined.0.path == info.path)
        #expect(joined.1.filesRead < filesUnder(a.folder).filter { $0.hasPrefix("ops/") }.count, "covered files are not read again")
        #expect(joined.1.skipped.isEmpty, "\(joined.1.skipped)")
        let r = try Replica("r", device: device(3), from: nil)
        if encrypted { try r.store.addTeamKey(id: key.id, bytes: key.bytes, current: true) }
        try r.sync(a.folder)
        let j = try Store.open(at: dir.file("joined.sqlite"), clock: .fixed(pinnedNow + 9_000))
        let out = dir.file("j-export")
        let jSnapshot = try j.export(format: .json, to: out).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\u{1E}")
        #expect(jSnapshot == (try a.snapshot()))
        #expect(try r.snapshot() == a.snapshot())
        #expect(try j.openConflicts().count == 1 && j.deviceID != a.store.deviceID)
        #expect(try j.teamKeyRing().keys.isEmpty == !encrypted)
        #expect(try j.syncStatus().pendingOperations == 0)
    }

    @Test func aJoinWithoutTheKeyOrIntoAnExistingDatabaseChangesNothing() throws {
        let a = try Replica("a", device: device(1), from: nil)
        let key = TeamKey.generate()
        try a.store.addTeamKey(id: key.id, bytes: key.bytes, current: true)
        let s = Syncer(store: a.store, folder: a.folder, deviceName: "a")
        try s.prepareFolder()
        try s.markEncrypted(with: key)
        _ = try s.publishSnapshot()
        let dir = TempDir()
        // No key: the snapshot's device file does not even open; nothing is made.
        #expect(try Syncer.join(folder: a.folder, at: dir.file("x.sqlite"), keys: [], deviceName: "x") == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.sqlite")))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir.file("y.sqlite")))
        #expect(throws: GreenroomError.self) { try Syncer.join(folder: a.folder, at: dir.file("y.sqlite"), keys: [key], deviceName: "y") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("y.sqlite"))) == Data("keep".utf8))
    }
}
