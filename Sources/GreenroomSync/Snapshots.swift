import Foundation
import GreenroomCore
import GreenroomStore

/// Snapshots in the folder (issue 27): a laptop publishes its database as of now
/// (`Store.writeFolderSnapshot`) under `snapshots/<device>/<yyyy-mm>/`, sealed in an
/// encrypted folder, and names it in its device file; a new laptop starts from the newest
/// snapshot any device names and reads only the op files it does not cover.
extension Syncer {
    /// What a published snapshot is.
    public struct SnapshotInfo: Sendable, Hashable {
        public var path: String
        public var device: String
        public var madeAt: Millis
        public var covers: Int
        public var bytes: Int64
        /// The segment frontiers its data covers (device → k: segments 1…k); nil for a
        /// snapshot from before compaction.
        public var read: [String: Int]? = nil
    }

    /// Syncs, then publishes a snapshot of this database covering every op file it has read
    /// or published; this laptop's older snapshots are removed (only it writes them).
    public func publishSnapshot(progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> SnapshotInfo {
        var syncer = self
        let summary = try syncer.run(progress: progress)
        if let behind = summary.behind.first {
            throw GreenroomError.invalidInput("this laptop is behind (\(behind)); a snapshot of it would be incomplete, so none was published")
        }
        try prepareFolder()
        syncer.seal = try folderSeal()
        let device = store.deviceID
        let madeAt = store.now
        let covered = try store.coveredOpFiles()
        let frontiers = try store.segmentFrontiers()
        let temp = NSTemporaryDirectory() + "greenroom-snapshot-\(getpid())-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        try store.writeFolderSnapshot(to: temp, covering: covered)
        let directory = "snapshots/\(device)/\(SyncFolder.month(madeAt))"
        try FileSystem.ensureDirectory(root: folder.root, relative: directory)
        let name: String
        if let key = syncer.seal.sealingKey {
            name = SealedFile.name(for: Data("\(device) \(madeAt)".utf8), key: key).replacingOccurrences(of: ".grs", with: ".grsnap")
        } else {
            name = Time.iso(madeAt).replacingOccurrences(of: ":", with: "") + "-\(device).gsnap"
        }
        let relative = "\(directory)/\(name)"
        let staged = folder.path("\(directory)/.tmp-\(getpid())-\(name)")
        if let key = syncer.seal.sealingKey {
            try SealedStream.seal(file: temp, to: staged, key: key, path: relative)
        } else {
            try FileManager.default.copyItem(atPath: temp, toPath: staged)
            chmod(staged, 0o600)
        }
        try FileSystem.fsyncFile(staged)
        guard rename(staged, folder.path(relative)) == 0 else {
            unlink(staged)
            throw GreenroomError.invalidInput("cannot publish \(relative): \(String(cString: strerror(errno)))")
        }
        try FileSystem.syncDirectory(folder.path(directory))
        for old in ownSnapshots() where old != relative { unlink(folder.path(old)) }
        let size = Int64(FileSystem.info(folder.path(relative))?.size ?? 0)
        try syncer.writeDeviceFile(exported: false, snapshot: ["path": relative, "made_at": Time.iso(madeAt), "covers": covered.count, "read": frontiers],
                                   pruned: try store.prunedThrough())
        return SnapshotInfo(path: relative, device: device, madeAt: madeAt, covers: covered.count, bytes: size, read: frontiers)
    }

    /// This device's snapshot files in the folder.
    func ownSnapshots() -> [String] {
        let own = "snapshots/\(store.deviceID)"
        var found: [String] = []
        for month in FileSystem.list(folder.path(own)) where SyncFolder.isMonth(month) {
            for name in FileSystem.list(folder.path("\(own)/\(month)")) where !name.hasPrefix(".") { found.append("\(own)/\(month)/\(name)") }
        }
        return found
    }

    /// The newest snapshot the devices of `folder` name, opened with `keys`.
    public static func newestSnapshot(in folder: SyncFolder, keys: [String: TeamKey]) -> SnapshotInfo? {
        var best: SnapshotInfo?
        for name in FileSystem.list(folder.devicesDirectory) where name.hasSuffix(".json") || name.hasSuffix(".grs") {
            let relative = "devices/\(name)"
            let seal = FolderSeal(keys: keys, folderKeyID: nil)
            guard let raw = FileManager.default.contents(atPath: folder.path(relative)), let data = try? seal.contents(raw, path: relative),
                  let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let device = object["device"] as? String, DeviceID.isValid(device),
                  let snapshot = object["snapshot"] as? [String: Any], let path = snapshot["path"] as? String,
                  path.hasPrefix("snapshots/\(device)/"), !path.contains(".."),
                  let madeAt = (snapshot["made_at"] as? String).flatMap(Time.parseISO),
                  let info = FileSystem.info(folder.path(path)), info.isRegular else { continue }
            let candidate = SnapshotInfo(path: path, device: device, madeAt: madeAt, covers: snapshot["covers"] as? Int ?? 0, bytes: info.size,
                                         read: deviceFile(device: device, object).snapshotRead)
            if best.map({ candidate.madeAt > $0.madeAt }) ?? true { best = candidate }
        }
        return best
    }

    /// A new laptop's database at `path`, started from the folder's newest snapshot, then
    /// synced: the op files the snapshot covers (unchanged since) are not read again.
    /// `keys` opens an encrypted folder's snapshot and files (they are also kept in the new
    /// database). Nil when no device has published a snapshot.
    public static func join(folder root: String, at path: String, keys: [TeamKey], clock: WallClock = .system, deviceName: String,
                            progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> (SnapshotInfo, SyncSummary)? {
        let folder = SyncFolder(root: root)
        let ring = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let snapshot = newestSnapshot(in: folder, keys: ring) else { return nil }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw GreenroomError.invalidInput("\(path) exists; a laptop joins from a snapshot into a new database (give --db a new file)")
        }
        // Unsealed (or copied) once, next to the database it becomes, then moved into place.
        let temp = path + ".joining-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        if SealedStream.isSealed(file: folder.path(snapshot.path)) {
            do {
                try SealedStream.open(file: folder.path(snapshot.path), to: temp, keys: ring, path: snapshot.path)
            } catch let error as SealedFile.OpenError {
                throw GreenroomError.invalidInput("\(snapshot.path): \(error)")
            }
        } else {
            try FileManager.default.copyItem(atPath: folder.path(snapshot.path), toPath: temp)
        }
        var current: [String: (size: Int64, mtime: Int64, hash: String)] = [:]
        for device in FileSystem.list(folder.opsDirectory) where DeviceID.isValid(device) {
            for month in FileSystem.list(folder.path("ops/\(device)")) where SyncFolder.isMonth(month) {
                for name in FileSystem.list(folder.path("ops/\(device)/\(month)")) where !name.hasPrefix(".") {
                    let relative = "ops/\(device)/\(month)/\(name)"
                    guard let info = FileSystem.info(folder.path(relative)), info.isRegular,
                          let data = FileManager.default.contents(atPath: folder.path(relative)) else { continue }
                    current[relative] = (info.size, info.mtimeNanoseconds, FNV1a.hex(of: data))
                }
            }
        }
        let store = try Store.join(prepared: temp, at: path, current: current, clock: clock)
        for key in keys { try store.addTeamKey(id: key.id, bytes: key.bytes, current: false) }
        if let data = FileManager.default.contents(atPath: folder.formatFile),
           let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let id = object["key_id"] as? String, let key = ring[id] {
            try store.addTeamKey(id: id, bytes: key.bytes, current: true)
        }
        let summary = try Syncer(store: store, folder: root, deviceName: deviceName).run(progress: progress)
        try store.close()
        return (snapshot, summary)
    }
}
