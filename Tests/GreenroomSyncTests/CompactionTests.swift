import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 27: compaction never loses an operation a teammate has not read, a laptop that fell
/// behind what was pruned is told and rejoins keeping its edits, and files of a newer
/// format are read as far as they are understood and never rewritten.
@Suite struct CompactionTests {
    /// Three empty laptops on one shared folder.
    struct Team {
        let a: Replica, b: Replica, c: Replica
        let folder: String
        let dir = TempDir()
        init() throws {
            a = try Replica("a", device: device(1), from: nil)
            b = try Replica("b", device: device(2), from: nil)
            c = try Replica("c", device: device(3), from: nil)
            folder = dir.file("shared")
        }
        @discardableResult
        func sync(_ r: Replica) throws -> SyncSummary { try r.sync(folder) }
        func syncer(_ r: Replica) -> Syncer { Syncer(store: r.store, folder: folder, deviceName: r.name) }
    }

    static func newCreators(_ r: Replica, _ prefix: String, _ n: Int) throws {
        let creators = (0..<n).map { i in
            Creator(id: UUIDv7.make(millis: pinnedNow), handle: "@\(prefix)\(i)", displayName: "\(prefix) \(i)", kind: .creator, market: "US",
                    language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .import, followers: i, createdAt: pinnedNow - Time.day)
        }
        try r.store.apply(ChangeSet(prefix, creators.map { .insertCreator($0, tags: []) }), by: nil)
    }

    func ownSegments(_ t: Team, _ r: Replica) -> [String] {
        filesUnder(t.folder).filter { $0.hasPrefix("ops/\(r.store.deviceID)/") }
    }

    @Test func pruningWaitsForEveryTeammateAndASnapshot() throws {
        let t = try Team()
        for r in [t.a, t.b, t.c] { try t.sync(r) }
        try Self.newCreators(t.a, "one", 3); try t.sync(t.a)
        try Self.newCreators(t.a, "two", 3); try t.sync(t.a)
        try t.sync(t.b); try t.sync(t.c)
        try Self.newCreators(t.a, "three", 3); try t.sync(t.a)
        try t.sync(t.b)
        try t.sync(t.a) // A reads the device files' latest frontiers
        #expect(ownSegments(t, t.a).count == 3)

        let first = try t.syncer(t.a).compact()
        // B has read all three, C two: segments 1 and 2 go, after a snapshot covering them.
        #expect(first.pruned == 2 && first.kept == 1 && first.acknowledged == 2)
        #expect(first.snapshot != nil)
        #expect(first.waitingFor.count == 1 && first.waitingFor[0].contains(t.c.store.deviceID))
        let left = ownSegments(t, t.a)
        #expect(left.count == 1)
        #expect(try t.a.store.prunedThrough() == 2)
        // Nobody is behind: C had read what went.
        #expect(try t.sync(t.c).behind.isEmpty)
        #expect(try t.sync(t.b).behind.isEmpty)

        // C has now read segment 3 too: the next compaction takes it.
        try t.sync(t.a)
        let second = try t.syncer(t.a).compact()
        #expect(second.pruned == 1 && second.kept == 0 && second.waitingFor.isEmpty)
        #expect(ownSegments(t, t.a).isEmpty)

        // A new laptop joins from the snapshot: the same data, and not behind.
        let join = TempDir()
        let joined = try #require(try Syncer.join(folder: t.folder, at: join.file("j.sqlite"), keys: [], clock: .fixed(pinnedNow + 9_000), deviceName: "j"))
        #expect(joined.1.behind.isEmpty)
        let j = try Store.open(at: join.file("j.sqlite"), clock: .fixed(pinnedNow + 9_000))
        let out = join.file("j-export")
        let jExport = try j.export(format: .json, to: out).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\u{1E}")
        #expect(jExport == (try t.a.snapshot()))
        #expect(try t.b.snapshot() == t.a.snapshot())
        #expect(try t.c.snapshot() == t.a.snapshot())
    }

    @Test func nothingIsPrunedWhileATeammateHasReadNothingOrRunsAnOlderGreenroom() throws {
        let t = try Team()
        for r in [t.a, t.b] { try t.sync(r) }
        try Self.newCreators(t.a, "x", 2); try t.sync(t.a)
        try t.sync(t.b); try t.sync(t.a)
        // A device file from before compaction (no `read`): compaction waits for it.
        try writeFile(t.folder + "/devices/\(device(9)).json", #"{"device":"\#(device(9))","name":"old laptop","seen":{}}"# + "\n")
        let report = try t.syncer(t.a).compact()
        #expect(report.pruned == 0 && report.kept == 1)
        #expect(report.waitingFor.contains { $0.contains("old laptop") && $0.contains("does not say what it has read") })
        #expect(ownSegments(t, t.a).count == 1)
    }

    @Test func aLaggingLaptopIsToldAndRejoinsKeepingItsUnsentEdits() throws {
        let t = try Team()
        for r in [t.a, t.b, t.c] { try t.sync(r) }
        try Self.newCreators(t.a, "early", 2); try t.sync(t.a)
        try t.sync(t.b); try t.sync(t.c)
        // C goes offline with an edit of its own; A and B go on, and A stops waiting for C.
        try Self.newCreators(t.c, "offline", 2)
        try Self.newCreators(t.a, "later", 2); try t.sync(t.a)
        try t.sync(t.b); try t.sync(t.a)
        let report = try t.syncer(t.a).compact(without: [t.c.store.deviceID])
        #expect(report.pruned == 2 && report.waitingFor.isEmpty)
        // C comes back: told in one line, and its edit is published all the same.
        let back = try t.sync(t.c)
        #expect(back.behind.count == 1 && back.behind[0].device == t.a.store.deviceID && back.behind[0].frontier == 1 && back.behind[0].pruned == 2)
        #expect(back.notices.contains { $0.contains("greenroom sync rejoin") })
        #expect(back.exported > 0)
        #expect(try t.c.store.creator(handle: "@later0") == nil, "C never saw the pruned segment")
        // A snapshot of a laptop that is behind would be incomplete: refused.
        #expect(throws: GreenroomError.self) { try t.syncer(t.c).publishSnapshot() }

        let fresh = t.c.dir.file("rejoined.sqlite")
        let (_, summary) = try t.syncer(t.c).rejoin(into: fresh)
        #expect(summary.behind.isEmpty)
        let c2 = try Store.open(at: fresh, clock: .fixed(pinnedNow + 9_000))
        #expect(try c2.creator(handle: "@later0") != nil)
        #expect(try c2.creator(handle: "@offline1") != nil, "its own edits come back from the folder")
        #expect(c2.deviceID != t.c.store.deviceID)
        #expect(!FileManager.default.fileExists(atPath: t.folder + "/devices/\(t.c.store.deviceID).json"), "the old id is retired")
        // Everyone converges, and nobody waits for the retired id.
        try t.sync(t.a); try t.sync(t.b)
        let out = t.c.dir.file("c2-export")
        let c2Export = try c2.export(format: .json, to: out).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\u{1E}")
        #expect(c2Export == (try t.a.snapshot()))
        #expect(try t.b.snapshot() == t.a.snapshot())
        #expect(try t.a.store.creator(handle: "@offline0") != nil)
        try Syncer(store: c2, folder: t.folder, deviceName: "c2").run()
        try t.sync(t.a)
        let again = try t.syncer(t.a).compact()
        #expect(again.waitingFor.isEmpty, "\(again.waitingFor)")
    }

    @Test func aNewerSegmentIsLeftUnreadAndNamesItsDevice() throws {
        let t = try Team()
        try t.sync(t.a)
        let peer = device(7)
        try writeFile(t.folder + "/devices/\(peer).json", #"{"device":"\#(peer)","format":9,"name":"future laptop","read":{},"seen":{},"surprise":[1,2]}"# + "\n")
        let hlc = "000001795167000000-000000-\(peer)"
        let op = #"{"entity":"network","fields":{"deleted":false,"name":"Future Net","region":""},"hlc":"\#(hlc)","id":"019d264f-19fa-7de1-a9ea-faeb1c8cb4b9","op":"insert","prev":{}}"#
        let path = "ops/\(peer)/2026-11/\(hlc)-0badf00d.jsonl"
        try writeFile(t.folder + "/" + path, #"{"device":"\#(peer)","format":"greenroom-ops","segment":1,"version":2}"# + "\n" + op + "\n")
        for _ in 0..<2 {
            let s = try t.sync(t.a)
            #expect(s.applied == 0)
            #expect(s.skipped.contains { $0.path == path && $0.reason.contains("segment format 2") && $0.reason.contains("future laptop") })
        }
        #expect(try t.a.store.syncPeers().contains { $0.device == peer && $0.name == "future laptop" }, "the newer device file is read")
        // The same operation in a version-1 segment is read.
        let now = "ops/\(peer)/2026-11/\(hlc)-0badf00e.jsonl"
        try writeFile(t.folder + "/" + now, #"{"device":"\#(peer)","format":"greenroom-ops","segment":2,"version":1}"# + "\n" + op + "\n")
        #expect(try t.sync(t.a).applied == 1)
    }

    @Test func aNewerFolderOrDeviceFileIsReadButNeverRewritten() throws {
        let t = try Team()
        try t.sync(t.a)
        let format = t.folder + "/FORMAT.json"
        // Newer, but readable by version 2 laptops: the sync goes on and leaves it alone.
        let newer = #"{"format":"greenroom-sync","min_reader":2,"version":4}"# + "\n"
        try writeFile(format, newer)
        let s = try t.sync(t.a)
        #expect(s.notices.contains { $0.contains("version 4") })
        #expect(try String(contentsOfFile: format, encoding: .utf8) == newer)
        #expect(throws: GreenroomError.self) { try t.syncer(t.a).markEncrypted(with: TeamKey.generate()) }
        #expect(try String(contentsOfFile: format, encoding: .utf8) == newer)
        // Not readable by this build: refused, nothing written.
        let beyond = #"{"format":"greenroom-sync","min_reader":4,"version":4}"# + "\n"
        try writeFile(format, beyond)
        try Self.newCreators(t.a, "wait", 1)
        let before = filesUnder(t.folder)
        #expect(throws: GreenroomError.self) { try t.sync(t.a) }
        #expect(filesUnder(t.folder) == before)
        #expect(try t.a.store.syncStatus().pendingOperations > 0)
        // This laptop's own device file written by a newer Greenroom: kept as it is.
        try writeFile(format, newer)
        let own = t.folder + "/devices/\(t.a.store.deviceID).json"
        let future = #"{"device":"\#(t.a.store.deviceID)","format":3,"name":"a","seen":{}}"# + "\n"
        try writeFile(own, future)
        let kept = try t.sync(t.a)
        #expect(kept.notices.contains { $0.contains("device file format 3") })
        #expect(try String(contentsOfFile: own, encoding: .utf8) == future)
    }
}
