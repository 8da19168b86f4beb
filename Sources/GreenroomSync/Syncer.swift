import Foundation
import GreenroomCore
import GreenroomStore

/// A problem with something in the folder: reported, skipped, never fatal.
public struct SyncProblem: Sendable, Hashable, CustomStringConvertible {
    /// Relative to the sync folder.
    public var path: String
    /// 1-based line, when the problem is one line.
    public var line: Int?
    public var reason: String

    public var description: String {
        TerminalText.sanitize(line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)")
    }
}

/// What one sync did.
public struct SyncSummary: Sendable, Hashable {
    /// Op files read this time (new or changed since the last sync).
    public var filesRead = 0
    public var operationsRead = 0
    /// Operations that changed something.
    public var applied = 0
    /// Operations already known, or older than what is here.
    public var unchanged = 0
    /// `set`s waiting for their row to arrive.
    public var waiting = 0
    /// New conflicts recorded.
    public var conflicts = 0
    public var quarantined = 0
    public var skipped: [SyncProblem] = []
    public var notices: [String] = []
    /// Local operations published, and in how many new segments.
    public var exported = 0
    public var segmentsWritten = 0
    /// Peers' deletes the fail-safe holds (this sync's and earlier ones'), waiting for
    /// `--accept-deletes` or `--keep-deleted`.
    public var heldDeletes: [HeldDeletes] = []
    /// Peers that pruned segments this laptop never read: it must rejoin (`greenroom sync rejoin`).
    public var behind: [Behind] = []
    /// Tickets the teams' assignment rules handed out after the import (issue 24), and the
    /// teams' queues they left waiting, as "team: n left unassigned: why".
    public var autoAssigned = 0
    public var leftUnassigned: [String] = []
    /// Automation firings this sync wrote (issue 24).
    public var ruleFirings = 0
    public var seconds = 0.0

    public init() {}
}

/// Where a long sync is, for a progress bar.
public struct SyncProgress: Sendable, Hashable {
    public enum Phase: String, Sendable { case checking, reading, writing }
    public var phase: Phase
    public var done: Int64
    public var total: Int64
}

/// `greenroom sync` and the TUI's `S`: imports what is new in the folder, then exports the
/// local outbox as new segments (DESIGN.md §6).
///
/// Import reads only files it has not read in the same state before: a file whose size and
/// mtime match the record of the last sync is skipped without being opened (so a sync with
/// nothing new lists directories and compares numbers, whatever the folder holds); a file
/// whose size or mtime changed is hashed, and read again only if its bytes changed. Reading
/// a file again is harmless — applying an operation twice changes nothing — so correctness
/// never rests on the shortcut. Everything read in one sync is applied in one transaction.
public struct Syncer: Sendable {
    public let store: Store
    public let folder: SyncFolder
    /// This laptop's name in `devices/<id>.json` (the host name by default).
    public var deviceName: String
    /// Operations per segment.
    public var segmentLimit = 20_000
    /// Whether the folder is encrypted and with which keys (set by `run` from `FORMAT.json`;
    /// plain by default).
    public var seal: FolderSeal = .plain
    /// Operations sorted and applied together during an import: one segment's worth, so a
    /// row's edits usually meet in one batch, and small enough that the parsed operations in
    /// flight stay bounded (issue 23: a first sync's peak memory; 60,000 with three files
    /// read ahead peaked at ~410 MB on 500k operations, 20,000 with one ~210 MB, at the same
    /// speed).
    static let chunkSize = 20_000

    public init(store: Store, folder: String, deviceName: String = ProcessInfo.processInfo.hostName) {
        self.store = store
        self.folder = SyncFolder(root: folder)
        self.deviceName = deviceName
    }

    /// Import, then export.
    public func run(progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> SyncSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        try prepareFolder()
        var syncer = self
        syncer.seal = try folderSeal()
        return try syncer.runPrepared(started: started, progress: progress)
    }

    private func runPrepared(started: UInt64, progress: (@Sendable (SyncProgress) -> Void)?) throws -> SyncSummary {
        // A damaged database is not written to; a sync with nothing to read or export writes
        // no data, so it does not pay for the check (a sync with nothing new stays ~ms).
        var verified = false
        if try hasWork() {
            progress?(SyncProgress(phase: .checking, done: 0, total: 0))
            try store.verifyIntegrityBeforeWriting()
            verified = true
        }
        var summary = SyncSummary()
        let blocked = blockedPaths()
        summary.skipped += blocked.problems
        if let notice = store.takeOpenNotice() { summary.notices.append(notice) }
        if let version = folderVersion(), version > SyncFolder.encryptedFormatVersion {
            summary.notices.append("the folder's format is version \(version), newer than this Greenroom (\(SyncFolder.encryptedFormatVersion)): it reads what it understands; upgrade Greenroom")
        }
        if !blocked.exporting, seal.encrypted {
            let sealed = try sealOwnPlaintext(seal)
            if sealed > 0 { summary.notices.append("sealed \(sealed) of this laptop's earlier segment\(sealed == 1 ? "" : "s") with the team key and removed the plaintext") }
        }
        if !blocked.exporting, let notice = try checkOwnSegments() { summary.notices.append(notice) }
        if !blocked.reading { try importNew(into: &summary, progress: progress) }
        // The teams' assignment rules run on each sync, between import and export, so what
        // they hand out goes out in this sync and picks from what teammates just sent.
        // A rule's failure never fails the sync: it is said, and the sync goes on.
        do {
            // (A sync with nothing else to do checks the database only when a rule has
            // something to write.)
            if !verified, !(try store.autoAssign(dryRun: true).assigned.isEmpty) { try store.verifyIntegrityBeforeWriting() }
            let assigned = try store.autoAssign()
            summary.autoAssigned = assigned.assigned.count
            summary.leftUnassigned = assigned.leftOver.map { "\($0.team): \($0.count) left unassigned: \($0.reason)" }
        } catch {
            summary.notices.append("team assignment rules did not run: \(error)")
        }
        // Then the automations, on what arrived and on what time brought (one transaction;
        // like an edit in the app, it writes through the stamped path without the check a
        // bulk import makes first).
        do {
            let rules = try store.runRules(device: deviceName)
            summary.ruleFirings = rules.fired.count
            summary.notices += (rules.refused + rules.capped + rules.skipped).prefix(5)
        } catch {
            summary.notices.append("automations did not run: \(error)")
        }
        if !blocked.exporting { try exportPending(into: &summary, progress: progress) }
        if !blocked.devices, let notice = try writeDeviceFile(exported: summary.exported > 0, pruned: try store.prunedThrough(),
                                                              readsChanged: summary.filesRead > 0 || summary.exported > 0) {
            summary.notices.append(notice)
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return summary
    }

    /// Whether this sync has op files to read (new, or changed since read) or local
    /// operations to export.
    func hasWork() throws -> Bool {
        if try store.hasPendingOperations() { return true }
        var ignored: [SyncProblem] = []
        let read = try store.ingestedFileStates()
        return listCandidates(&ignored).contains { c in
            guard let seen = read[c.relative] else { return true }
            return seen.size != c.info.size || seen.mtimeNanoseconds != c.info.mtimeNanoseconds
        }
    }
}
