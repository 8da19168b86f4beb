import Foundation
import GreenroomCore
@testable import GreenroomStore

/// A fresh temporary directory, removed when the value is released.
final class TempDir: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "greenroom-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

let pinnedNow: Millis = Time.parseISO("2026-11-20T09:30:00Z")!

func sha(_ path: String) -> Data {
    FileManager.default.contents(atPath: path) ?? Data()
}

/// Members and a creator in a fresh store, for query tests.
struct Fixture {
    let dir = TempDir()
    let store: Store
    let manager: Member

    init(now: Millis = pinnedNow) throws {
        store = try Store.open(at: dir.file("fixture.sqlite"), clock: .fixed(now))
        manager = Member(id: UUIDv7.make(millis: now), handle: "@ana", name: "Ana", role: .manager, team: "US")
        try store.insertForTesting(manager)
    }

    func creator(_ handle: String, stage: String = Stage.activated, createdAt: Millis = pinnedNow - 30 * Time.day, name: String? = nil) throws -> Creator {
        let c = Creator(id: UUIDv7.make(millis: createdAt), handle: handle, displayName: name ?? handle, kind: .creator, market: "US",
                        language: "en", networkID: nil, ownerID: manager.id, stage: stage, source: .outbound, followers: 1000,
                        createdAt: createdAt)
        return try store.createCreator(c, by: manager.id)
    }
}
