import Foundation
import GreenroomCore
import GreenroomStore

/// The parts of the folder this device writes: `ops/<its id>/` and `devices/<its id>.json`.
extension Syncer {
    /// What a planted link or file at this device's own paths blocks. Each is reported as a
    /// problem and the sync goes on for everything else (issue 19): a link at `ops` stops
    /// reading and writing operations, one at `ops/<id>` only publishing this laptop's
    /// changes (they wait in the outbox), one at `devices` only the device files.
    struct Blocked {
        var reading = false
        var exporting = false
        var devices = false
        var problems: [SyncProblem] = []
    }

    func blockedPaths() -> Blocked {
        var blocked = Blocked()
        func check(_ relative: String) -> Bool {
            guard let info = FileSystem.info(folder.path(relative)) else { return false }
            if info.isSymlink {
                blocked.problems.append(SyncProblem(path: relative, line: nil,
                                                    reason: "is a symbolic link; Greenroom does not read or write through links here (remove it)"))
                return true
            }
            if !info.isDirectory {
                blocked.problems.append(SyncProblem(path: relative, line: nil, reason: "is not a directory (remove it)"))
                return true
            }
            return false
        }
        if check("ops") {
            blocked.reading = true
            blocked.exporting = true
        } else if check("ops/\(store.deviceID)") {
            blocked.exporting = true
        }
        if check("devices") { blocked.devices = true }
        if blocked.exporting, let pending = try? store.syncStatus().pendingOperations, pending > 0 {
            blocked.problems.append(SyncProblem(path: "ops/\(store.deviceID)", line: nil,
                                                reason: "\(pending) local operation\(pending == 1 ? "" : "s") not exported; they wait in the outbox"))
        }
        return blocked
    }

    /// Segments in this device's own ops folder that this database did not publish. One
    /// holding only operations this database has made is a copy's second publication of
    /// them (a copied database publishes what it had not yet published) and is taken as
    /// ours. One holding an operation this database never made means another database
    /// writes as this device: the sync says so and this database takes a new device id,
    /// so the two stop writing as one (their segments under the old id are then read like
    /// any peer's). Returns the notice, or nil.
    func checkOwnSegments() throws -> String? {
        let (mine, foreign) = try ownSegments()
        try store.recordExported(mine)
        guard let foreign else { return nil }
        let old = store.deviceID
        let new = try store.rekey(reason: "another database wrote \(foreign)")
        return "device id \(old) is used by two databases: \(foreign) holds operations this one never made "
            + "(a copied disk or database file); this database now writes as device \(new)"
    }

    /// The segments in this device's own folder this database has not recorded: those that
    /// hold only its own operations, and the first that does not (changing nothing).
    public func ownSegments() throws -> (mine: [(path: String, hash: String)], foreign: String?) {
        let own = "ops/\(store.deviceID)"
        guard let info = FileSystem.info(folder.path(own)), info.isDirectory, !info.isSymlink else { return ([], nil) }
        let recorded = try store.exportedSegments()
        let tracked = try store.tracksExports()
        var mine: [(path: String, hash: String)] = []
        for month in FileSystem.list(folder.path(own)) where SyncFolder.isMonth(month) {
            for name in FileSystem.list(folder.path("\(own)/\(month)")) where SyncFolder.kind(ofFileNamed: name) == .segment {
                let relative = "\(own)/\(month)/\(name)"
                guard !recorded.contains(relative),
                      let data = FileManager.default.contents(atPath: folder.path(relative)) else { continue }
                var held = true
                for line in OpFile.parse((try? seal.contents(data, path: relative)) ?? Data()).lines {
                    guard case .success(let op) = line.operation else { continue }
                    if try !store.holds(op) { held = false; break }
                }
                guard held || !tracked else { return (mine, relative) }
                mine.append((relative, FNV1a.hex(of: data)))
            }
        }
        return (mine, nil)
    }
}
