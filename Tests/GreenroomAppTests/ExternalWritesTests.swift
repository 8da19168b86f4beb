import Foundation
import Testing
import GreenroomCore
import GreenroomStore
@testable import GreenroomTUI
@testable import GreenroomApp

/// Issue 28: writes by another process are noticed (`PRAGMA data_version`), ours are not.
@Suite struct ExternalWritesTests {
    func noticed(_ msgs: [Msg]) -> Bool {
        msgs.contains { if case .externalWrites = $0 { return true } else { return false } }
    }

    @Test func anotherConnectionsCommitIsNoticedOnceAndOursIsNot() throws {
        let dir = NSTemporaryDirectory() + "greenroom-external-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/db.sqlite"
        _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 20, tickets: 20, days: 7, seed: 3), clock: .fixed(now))
        let ours = try Store.open(at: path, clock: .fixed(now))
        let runner = CommandRunner(store: ours, clock: .fixed(now))
        #expect(!noticed(runner.run(.checkExternalWrites)))          // the first look only remembers
        #expect(!noticed(runner.run(.checkExternalWrites)))
        // Our own write: not "external".
        func creator(_ handle: String, _ ms: Millis) -> Creator {
            Creator(id: UUIDv7.make(millis: ms), handle: handle, displayName: handle, kind: .creator, market: "US", language: "en", networkID: nil,
                    ownerID: nil, stage: Stage.lead, source: .inbound, followers: 1, createdAt: ms)
        }
        _ = try ours.createCreator(creator("@own.write", now))
        #expect(!noticed(runner.run(.checkExternalWrites)))
        // Another store on the same file (as another process would be): noticed, once.
        let other = try Store.open(at: path, clock: .fixed(now))
        _ = try other.createCreator(creator("@other.write", now + 1))
        #expect(noticed(runner.run(.checkExternalWrites)))
        #expect(!noticed(runner.run(.checkExternalWrites)))
    }
}
