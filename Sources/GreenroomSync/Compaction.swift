import Foundation
import GreenroomCore
import GreenroomStore

/// A peer removed segments this laptop never read: its data is incomplete until it rejoins.
public struct Behind: Sendable, Hashable, CustomStringConvertible {
    public var device: String
    public var name: String
    /// This laptop has read the peer's segments 1…frontier.
    public var frontier: Int
    /// The peer pruned its segments 1…pruned.
    public var pruned: Int

    public var description: String {
        let who = name.isEmpty ? device : "\(device) (\(name))"
        let range = frontier + 1 == pruned ? "segment \(pruned)" : "segments \(frontier + 1)–\(pruned)"
        return "device \(who) pruned what this laptop never read (its \(range)); "
            + "run `greenroom sync rejoin` to start again from the newest snapshot — this laptop's unsent edits are kept"
    }
}

/// What `greenroom sync compact` did.
public struct CompactReport: Sendable {
    public var sync = SyncSummary()
    /// Segments removed from the folder now, and their bytes.
    public var pruned = 0
    public var bytes: Int64 = 0
    /// This laptop's numbered segments still in the folder.
    public var kept = 0
    /// Every teammate has read this laptop's segments 1…acknowledged.
    public var acknowledged = 0
    /// Devices compaction waits for (they have not read everything), with why.
    public var waitingFor: [String] = []
    /// The snapshot published because none covered what could be pruned.
    public var snapshot: Syncer.SnapshotInfo?

    public init() {}
}

/// Compaction (issue 27). The folder only grows while every laptop keeps every segment: a
/// year of a 50-person team is millions of operations. A laptop may remove **its own**
/// segments (only a file's own device ever writes or removes it) once both hold:
/// - every teammate has read them: each device file's `read` frontier for this laptop is at
///   least the segment's ordinal (a device file from a Greenroom before v16 says nothing, so
///   compaction waits for it);
/// - a snapshot in the folder covers them (its `read` frontier for this laptop), so a new
///   laptop still starts complete. When the newest snapshot does not cover what everyone has
///   read, compaction publishes one first.
///
/// `--without DEVICE` stops waiting for a laptop that is gone (lost, or to be set up again).
/// Should it come back, its next sync sees that a peer pruned segments it never read, says
/// so in one line (`Behind`), still publishes its own unsent edits, and `greenroom sync
/// rejoin` starts it again from the newest snapshot: its published edits are read back from
/// the folder, so nothing it wrote is lost.
extension Syncer {
    /// The peer a person names: its device id, the start of it (4+ characters), or its name
    /// as its device file gives it. Nil when none or several match.
    public func peer(named text: String) -> String? {
        var ignored: [SyncProblem] = []
        let peers = readDeviceFiles(&ignored)
        if peers[text] != nil { return text }
        let matches = peers.values.filter { (text.count >= 4 && $0.device.hasPrefix(text)) || $0.name == text }
        return matches.count == 1 ? matches[0].device : nil
    }

    /// Peers that pruned past what this laptop has read.
    func behind(_ peers: [String: DeviceFile]) throws -> [Behind] {
        guard peers.values.contains(where: { $0.pruned > 0 }) else { return [] }
        let frontiers = try store.segmentFrontiers()
        return peers.values.sorted { $0.device < $1.device }.compactMap { peer in
            let have = frontiers[peer.device] ?? 0
            return peer.pruned > have ? Behind(device: peer.device, name: peer.name, frontier: have, pruned: peer.pruned) : nil
        }
    }

    /// Syncs, then removes this laptop's segments that every teammate (but `without`) has
    /// read and a snapshot covers, publishing a snapshot first when needed.
    public func compact(without: Set<String> = [], progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> CompactReport {
        var report = CompactReport()
        var syncer = self
        report.sync = try syncer.run(progress: progress)
        syncer.seal = try folderSeal()
        if let behind = report.sync.behind.first {
            throw GreenroomError.invalidInput("this laptop is behind: \(behind); nothing was pruned")
        }
        var problems: [SyncProblem] = []
        let peers = syncer.readDeviceFiles(&problems)
        let me = store.deviceID
        let own = try store.ownNumberedSegments()
        let last = own.map(\.ordinal).max() ?? 0
        var acknowledged = last
        for peer in peers.values.sorted(by: { $0.device < $1.device }) where !without.contains(peer.device) {
            let who = peer.name.isEmpty ? peer.device : "\(peer.device) (\(peer.name))"
            guard peer.reportsReads else {
                acknowledged = 0
                report.waitingFor.append("\(who): runs a Greenroom from before compaction and does not say what it has read")
                continue
            }
            let k = peer.read[me] ?? 0
            if k < last {
                let when = peer.lastExport.map { "last exported \(Time.iso($0))" } ?? "never exported"
                report.waitingFor.append("\(who): has read \(k) of this laptop's \(last) segments (\(when))")
            }
            acknowledged = min(acknowledged, k)
        }
        report.acknowledged = acknowledged
        let keys = try FolderSeal.keys(of: store)
        var covered = Syncer.newestSnapshot(in: folder, keys: keys)?.read?[me] ?? 0
        let prunable = own.filter { $0.prunedAt == nil && $0.ordinal <= acknowledged }
        if covered < acknowledged, !prunable.isEmpty {
            let snapshot = try syncer.publishSnapshot(progress: progress)
            report.snapshot = snapshot
            covered = snapshot.read?[me] ?? 0
        }
        let bound = min(acknowledged, covered)
        var removed: [String] = []
        for segment in own where segment.prunedAt == nil && segment.ordinal <= bound {
            let path = folder.path(segment.path)
            if let info = FileSystem.info(path) {
                guard info.isRegular, !info.isSymlink else { continue }
                report.bytes += info.size
                guard unlink(path) == 0 else { continue }
                report.pruned += 1
            }
            removed.append(segment.path)
        }
        try store.markPruned(removed)
        report.kept = own.filter { $0.prunedAt == nil && $0.ordinal > bound }.count
        if let notice = try syncer.writeDeviceFile(exported: false, pruned: try store.prunedThrough()) { report.sync.notices.append(notice) }
        return report
    }

    /// `greenroom sync rejoin`, first half: syncs this laptop (publishing its unsent edits),
    /// starts a new database at `newPath` from the newest snapshot (which reads those edits
    /// back from the folder), and retires this laptop's old device file and snapshots. The
    /// caller closes `store` and moves the new database into its place. Refuses, changing
    /// nothing, when the edits cannot all be published.
    public func rejoin(into newPath: String, progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> (Syncer.SnapshotInfo, SyncSummary) {
        var syncer = self
        let first = try syncer.run(progress: progress)
        syncer.seal = try folderSeal()
        let pending = try store.syncStatus().pendingOperations
        guard pending == 0 else {
            let why = first.skipped.first.map { ": \($0)" } ?? ""
            throw GreenroomError.invalidInput("\(pending) local operation\(pending == 1 ? "" : "s") could not be published\(why); nothing was changed")
        }
        let keys = Array(try FolderSeal.keys(of: store).values)
        guard let joined = try Syncer.join(folder: folder.root, at: newPath, keys: keys, deviceName: deviceName, progress: progress) else {
            throw GreenroomError.invalidInput("\(folder.root) has no snapshot to rejoin from (a teammate runs `greenroom sync snapshot`); nothing was changed")
        }
        // This laptop's old id is retired: nobody waits for it any more, and the new database
        // knows it wrote as it (a git carrier commits the removals).
        let old = store.deviceID
        let fresh = try Store.open(at: newPath, clock: store.clock)
        try fresh.addPreviousDeviceID(old)
        try fresh.close()
        for suffix in ["json", "grs"] { unlink(folder.path("devices/\(old).\(suffix)")) }
        for snapshot in ownSnapshots() { unlink(folder.path(snapshot)) }
        return joined
    }
}
