import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// A fresh temporary directory, removed when the value is released.
final class TempDir: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "greenroom-sync-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

let pinnedNow: Millis = Time.parseISO("2026-11-20T09:30:00Z")!

/// A small demo database, generated once per test process and copied for each replica.
enum DemoTemplate {
    static let path: String = {
        let path = NSTemporaryDirectory() + "greenroom-sync-template-\(getpid()).sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            _ = try! Store.generateDemo(at: path, options: DemoOptions(creators: 40, tickets: 40, days: 20, seed: 5), clock: .fixed(pinnedNow))
            atexit { unlink(DemoTemplate.path) } // Swift Testing has no suite-wide teardown
        }
        return path
    }()
}

/// One laptop: its own database (a copy of the shared starting data, with its own device
/// id) and its own copy of the sync folder, as a carrier would keep it.
final class Replica {
    let name: String
    let dir: TempDir
    let store: Store
    var folder: String { dir.file("folder") }
    var database: String { dir.file("db.sqlite") }

    init(_ name: String, device: String, from template: String? = DemoTemplate.path, clock: WallClock = .fixed(pinnedNow)) throws {
        self.name = name
        dir = TempDir()
        let db = dir.file("db.sqlite")
        if let template {
            try FileManager.default.copyItem(atPath: template, toPath: db)
            let queue = try DatabaseQueue(path: db)
            // A replica made from the template is a new laptop with the device id the test
            // names, not a copy of the template's laptop (whose file identity it would carry).
            try queue.write { db in
                try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'device_id'", arguments: [device])
                try db.execute(sql: "DELETE FROM meta WHERE key = 'file_identity'")
            }
            try queue.close()
        }
        store = try Store.open(at: db, clock: clock)
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: true)
    }

    /// A laptop set up by copying `other`'s database file (as it is on disk once written
    /// through) and its copy of the folder — the way people set up a new laptop.
    init(copying other: Replica, name: String) throws {
        self.name = name
        dir = TempDir()
        try other.store.writeOutsideTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try FileManager.default.copyItem(atPath: other.database, toPath: dir.file("db.sqlite"))
        try FileManager.default.copyItem(atPath: other.folder, toPath: dir.file("folder"))
        store = try Store.open(at: dir.file("db.sqlite"), clock: .fixed(pinnedNow + 5_000))
    }

    @discardableResult
    func sync(_ folder: String? = nil) throws -> SyncSummary {
        try Syncer(store: store, folder: folder ?? self.folder, deviceName: name).run()
    }

    /// The snapshot export's files, concatenated.
    func snapshot() throws -> String {
        let out = dir.file("snapshot-\(UUID().uuidString)")
        let files = try store.export(format: .json, to: out)
        let text = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\u{1E}")
        try? FileManager.default.removeItem(atPath: out)
        return text
    }

    func conflicts() throws -> [SyncConflict] { try store.openConflicts(limit: 100_000) }

    func creator(_ handle: String) throws -> Creator? { try store.creator(handle: handle) }
}

/// Every file under `root`, relative, dot-files included.
func filesUnder(_ root: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
    var out: [String] = []
    while let f = e.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + f, isDirectory: &isDir), !isDir.boolValue { out.append(f) }
    }
    return out.sorted()
}

/// Copies the files of `from` that `to` lacks (a carrier bringing files over).
@discardableResult
func carry(from: String, to: String, only keep: (String) -> Bool = { _ in true }) throws -> Int {
    var n = 0
    for f in filesUnder(from) where keep(f) && !(f as NSString).lastPathComponent.hasPrefix(".") {
        let target = to + "/" + f
        if FileManager.default.fileExists(atPath: target) {
            // A device file is replaced by a newer version only, as a carrier would.
            let modified = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast }
            if f.hasPrefix("devices/") && modified(from + "/" + f) > modified(target) {
                try FileManager.default.removeItem(atPath: target)
            } else {
                continue
            }
        }
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: from + "/" + f, toPath: target)
        n += 1
    }
    return n
}

func device(_ n: Int) -> String {
    let hex = String(n, radix: 16)
    return "a1b2c3d4" + String(repeating: "0", count: 8 - hex.count) + hex
}

func writeFile(_ path: String, _ text: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Rewrites every op line of `folder` through `edit`, as a hostile or broken peer would;
/// returns how many lines changed.
@discardableResult
func tamper(_ folder: String, _ edit: (String) -> String) throws -> Int {
    var changed = 0
    for f in filesUnder(folder) where f.hasPrefix("ops/") {
        let path = folder + "/" + f
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let new = edit(String(line))
            if new != line { changed += 1 }
            return new
        }
        let rewritten = lines.joined(separator: "\n")
        if rewritten != text { try rewritten.write(toFile: path, atomically: true, encoding: .utf8) }
    }
    return changed
}
