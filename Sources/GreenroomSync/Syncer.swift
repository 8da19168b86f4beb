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
    /// Operations sorted and applied together during an import: large enough that a row's
    /// edits usually meet in one batch, small enough that reading the next files overlaps
    /// with applying these.
    static let chunkSize = 60_000

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
        if try hasWork() {
            progress?(SyncProgress(phase: .checking, done: 0, total: 0))
            try store.verifyIntegrityBeforeWriting()
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
        if !blocked.exporting { try exportPending(into: &summary, progress: progress) }
        if !blocked.devices, let notice = try writeDeviceFile(exported: summary.exported > 0, pruned: try store.prunedThrough()) {
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

    // MARK: The folder

    /// Checks the folder before anything is read or written: it is a directory (created if
    /// missing), it does not hold the live database, and its `FORMAT.json` is one this build
    /// reads (written when missing).
    public func prepareFolder() throws {
        let root = folder.root
        if let info = FileSystem.info(root) {
            if info.isSymlink {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw GreenroomError.invalidInput("sync folder \(root) is not a directory")
                }
            } else if !info.isDirectory {
                throw GreenroomError.invalidInput("sync folder \(root) is not a directory")
            }
        } else {
            let parent = (root as NSString).deletingLastPathComponent
            guard parent.isEmpty || FileManager.default.fileExists(atPath: parent) else {
                throw GreenroomError.invalidInput("sync folder \(root) does not exist, nor does \(parent)")
            }
            guard mkdir(root, 0o700) == 0 || errno == EEXIST else {
                throw GreenroomError.invalidInput("cannot create sync folder \(root): \(String(cString: strerror(errno)))")
            }
        }
        let realRoot = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let realDB = URL(fileURLWithPath: store.path).standardizedFileURL.resolvingSymlinksInPath().path
        if realDB.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            throw GreenroomError.invalidInput("sync folder \(root) contains the live database \(store.path); keep the database outside the folder (DESIGN.md §6)")
        }
        // The directories this device writes into must be real directories (a link planted
        // there would make it write outside the folder): `blockedPaths` reports one and the
        // sync goes on without writing there.
        if let data = FileManager.default.contents(atPath: folder.formatFile) {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let name = object["format"] as? String, let version = object["version"] as? Int else {
                throw GreenroomError.invalidInput("\(folder.formatFile) is not a greenroom-sync FORMAT.json; nothing was changed")
            }
            guard name == SyncFolder.formatName else {
                throw GreenroomError.invalidInput("\(root) holds format \"\(TerminalText.sanitize(name))\", not \(SyncFolder.formatName); nothing was changed")
            }
            // A newer folder says, in `min_reader`, the oldest format a laptop must read to take
            // part safely (absent: its own version). Up to that, this laptop reads what it
            // understands and never rewrites FORMAT.json; beyond it, it refuses.
            let minReader = object["min_reader"] as? Int ?? version
            guard minReader <= SyncFolder.encryptedFormatVersion else {
                throw GreenroomError.invalidInput("\(root) uses sync format version \(version); this Greenroom reads up to version \(SyncFolder.encryptedFormatVersion) — upgrade Greenroom; nothing was changed")
            }
            if version < SyncFolder.formatVersion {
                let format = "{\"format\":\"\(SyncFolder.formatName)\",\"version\":\(SyncFolder.formatVersion)}\n"
                try FileSystem.publish(Data(format.utf8), directory: root, name: "FORMAT.json")
            }
        } else {
            let format = "{\"format\":\"\(SyncFolder.formatName)\",\"version\":\(SyncFolder.formatVersion)}\n"
            try FileSystem.publish(Data(format.utf8), directory: root, name: "FORMAT.json")
        }
    }

    /// `FORMAT.json`'s version, when it has one.
    func folderVersion() -> Int? {
        guard let data = FileManager.default.contents(atPath: folder.formatFile),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return object["version"] as? Int
    }

    // MARK: Import

    /// An op file found in the folder.
    struct Candidate: Sendable {
        var relative: String
        var device: String
        var info: FileSystem.Info
    }

    /// Every op file of the other devices, with problems for names that are not ours to read.
    func listCandidates(_ problems: inout [SyncProblem]) -> [Candidate] {
        var found: [Candidate] = []
        for device in FileSystem.list(folder.opsDirectory) where !device.hasPrefix(".") {
            let devicePath = folder.path("ops/\(device)")
            guard DeviceID.isValid(device) else {
                problems.append(SyncProblem(path: "ops/\(device)", line: nil, reason: "not a device id (16 lowercase hex digits); ignored"))
                continue
            }
            guard device != store.deviceID else { continue }
            guard let info = FileSystem.info(devicePath), info.isDirectory, !info.isSymlink else {
                problems.append(SyncProblem(path: "ops/\(device)", line: nil, reason: "not a directory; ignored"))
                continue
            }
            for month in FileSystem.list(devicePath) where !month.hasPrefix(".") {
                let relativeMonth = "ops/\(device)/\(month)"
                guard SyncFolder.isMonth(month), let info = FileSystem.info(folder.path(relativeMonth)), info.isDirectory, !info.isSymlink else {
                    problems.append(SyncProblem(path: relativeMonth, line: nil, reason: "not a yyyy-mm directory; ignored"))
                    continue
                }
                for name in FileSystem.list(folder.path(relativeMonth)) {
                    let relative = "\(relativeMonth)/\(name)"
                    switch SyncFolder.kind(ofFileNamed: name) {
                    case .temporary:
                        continue
                    case .unknown:
                        problems.append(SyncProblem(path: relative, line: nil, reason: "not an op file name; ignored"))
                    case .segment, .conflictCopy:
                        guard let info = FileSystem.info(folder.path(relative)), info.isRegular else {
                            problems.append(SyncProblem(path: relative, line: nil, reason: "not a regular file; ignored"))
                            continue
                        }
                        found.append(Candidate(relative: relative, device: device, info: info))
                    }
                }
            }
        }
        return found
    }

    /// Reads every op file that is new or changed and applies its operations, all in one
    /// transaction, then records what was read.
    public func importNew(into summary: inout SyncSummary, progress: (@Sendable (SyncProgress) -> Void)? = nil) throws {
        var problems: [SyncProblem] = []
        let candidates = listCandidates(&problems)
        let peers = readDeviceFiles(&problems)
        let now = store.now
        let result = try store.withSyncSession { session -> SyncSummary in
            var s = SyncSummary()
            for op in try session.releaseQuarantine() {
                do { try session.apply(op) } catch let e as SyncLineError {
                    problems.append(SyncProblem(path: "quarantine", line: nil, reason: e.reason))
                } catch let hold as SyncHold {
                    _ = try session.quarantine(op, source: "quarantine", kind: .waiting, reason: hold.reason)
                }
            }
            for (device, file) in peers { session.notePeer(device, name: file.name) }
            let ingested = try session.ingestedFiles()
            var toRead: [Candidate] = []
            for c in candidates {
                if let seen = ingested[c.relative], seen.size == c.info.size, seen.mtimeNanoseconds == c.info.mtimeNanoseconds {
                    if !seen.complete {
                        problems.append(SyncProblem(path: c.relative, line: seen.lines + 1, reason: "last line is incomplete; it will be read when the rest arrives"))
                    }
                    continue
                }
                toRead.append(c)
            }
            // Plain segment names sort in stamp order; sealed ones say nothing, so within a
            // device's month they are read in the order they were written (mtime). Order never
            // changes the result, but a row's insert read before its edits saves parking the
            // edits (`sync_pending`): a first sync of a sealed folder read in name order was
            // about half as fast.
            toRead = Syncer.readingOrder(toRead)
            let total = toRead.reduce(Int64(0)) { $0 + $1.info.size }
            var done: Int64 = 0
            // Operations are applied in stamp order, a chunk at a time (memory stays bounded
            // on a first sync of millions of operations). Order does not change the result —
            // merging is order-independent — but it spares conflicts that need no decision
            // (see SyncSession.certainlySeen).
            var chunk: [(op: SyncOperation, path: String, line: Int)] = []
            // Deletes of records wait until everything else is read: the fail-safe counts a
            // device's deletes of one kind before applying any (`SyncSession.applyDeletes`).
            var deletes: [(op: SyncOperation, path: String, line: Int)] = []
            func flush() throws {
                chunk.sort { $0.op.hlc < $1.op.hlc }
                let errors = try session.apply(batch: chunk.map(\.op), sources: { "\(chunk[$0].path):\(chunk[$0].line)" })
                for (item, error) in zip(chunk, errors) {
                    if let error { problems.append(SyncProblem(path: item.path, line: item.line, reason: error.reason)) }
                }
                Syncer.release(&chunk)
            }
            var records: [IngestedFile] = []
            // Files are read, hashed and parsed on another thread a few files ahead of the
            // thread applying them (on two cores, parsing then costs next to nothing).
            let reader = FileReader(folder: folder, files: toRead, ingested: ingested, seal: seal)
            defer { reader.cancel() }
            for (index, c) in toRead.enumerated() {
                defer {
                    done += c.info.size
                    progress?(SyncProgress(phase: .reading, done: done, total: total))
                }
                let taken = reader.take(index)
                switch consume taken {
                case .unreadable:
                    problems.append(SyncProblem(path: c.relative, line: nil, reason: "cannot be read; will retry"))
                case .sealed(let reason):
                    problems.append(SyncProblem(path: c.relative, line: nil, reason: reason + "; skipped, will retry"))
                case .newer(let version):
                    // Left unread (and unrecorded) until this laptop can read it.
                    let writer = peers[c.device].map { $0.name.isEmpty ? c.device : "\(c.device) (\($0.name))" } ?? c.device
                    problems.append(SyncProblem(path: c.relative, line: nil, reason:
                        "segment format \(version), newer than this Greenroom reads (\(OpFile.SegmentHeader.currentVersion)): device \(writer) runs a newer Greenroom; upgrade this laptop to read it (it stays unread until then)"))
                case .unchanged(let touched):
                    records.append(touched) // touched, not changed (a checkout, a copy)
                case .parsed(var contents, let record):
                    defer { Syncer.release(&contents) }
                    s.filesRead += 1
                    for line in contents.lines {
                        switch line.operation {
                        case .failure(let error):
                            problems.append(SyncProblem(path: c.relative, line: line.number, reason: error.reason))
                        case .success(let op):
                            s.operationsRead += 1
                            guard op.hlc.device == c.device else {
                                problems.append(SyncProblem(path: c.relative, line: line.number,
                                                            reason: "stamped by device \(op.hlc.device), but only \(c.device) writes here"))
                                continue
                            }
                            if let problem = op.problem {
                                // Broken values never reach the data (DESIGN.md §9).
                                if try session.quarantine(op, source: "\(c.relative):\(line.number)", kind: .invalid, reason: problem) {
                                    problems.append(SyncProblem(path: c.relative, line: line.number, reason: "\(problem); quarantined"))
                                }
                                continue
                            }
                            if op.hlc.physical > now + SyncSession.maxClockSkew {
                                try session.quarantine(op, source: "\(c.relative):\(line.number)")
                                problems.append(SyncProblem(path: c.relative, line: line.number,
                                                            reason: "stamped \(Time.iso(op.hlc.physical)), more than 24 h ahead of this laptop's clock; quarantined"))
                                continue
                            }
                            if SyncSession.isGuardedDelete(op) {
                                deletes.append((op, c.relative, line.number))
                            } else {
                                chunk.append((op, c.relative, line.number))
                            }
                        }
                    }
                    if chunk.count >= Syncer.chunkSize { try flush() }
                    if contents.truncatedTail {
                        problems.append(SyncProblem(path: c.relative, line: contents.completeLines + 1,
                                                    reason: "last line is incomplete; it will be read when the rest arrives"))
                    }
                    records.append(record)
                }
            }
            try flush()
            deletes.sort { $0.op.hlc < $1.op.hlc }
            let deleteErrors = try session.applyDeletes(deletes.map(\.op), sources: { "\(deletes[$0].path):\(deletes[$0].line)" })
            for (item, error) in zip(deletes, deleteErrors) {
                if let error { problems.append(SyncProblem(path: item.path, line: item.line, reason: error.reason)) }
            }
            try session.settle()
            for record in records { try session.recordIngested(record) }
            try session.markSynced()
            s.applied = session.applied
            s.unchanged = session.unchanged
            s.waiting = session.pending + session.held
            s.conflicts = session.conflicts
            s.quarantined = session.quarantined
            s.notices = session.notices
            return s
        }
        summary.filesRead += result.filesRead
        summary.operationsRead += result.operationsRead
        summary.applied += result.applied
        summary.unchanged += result.unchanged
        summary.waiting += result.waiting
        summary.conflicts += result.conflicts
        summary.quarantined += result.quarantined
        summary.notices += result.notices
        summary.heldDeletes = try store.heldDeletes()
        summary.behind = try behind(peers)
        for b in summary.behind { summary.notices.append(b.description) }
        // In file and line order, whether found reading or applying.
        summary.skipped += problems.enumerated().sorted {
            ($0.element.path, $0.element.line ?? 0, $0.offset) < ($1.element.path, $1.element.line ?? 0, $1.offset)
        }.map(\.element)
    }

    /// `candidates` with each directory's sealed segments in the order they were written
    /// (mtime, then name), everything else as listed.
    static func readingOrder(_ candidates: [Candidate]) -> [Candidate] {
        var out: [Candidate] = []
        out.reserveCapacity(candidates.count)
        var run: [Candidate] = []
        func flush() {
            out += run.sorted { ($0.info.mtimeNanoseconds, $0.relative) < ($1.info.mtimeNanoseconds, $1.relative) }
            run.removeAll()
        }
        for c in candidates {
            if c.relative.hasSuffix(".grs"), let last = run.last, (last.relative as NSString).deletingLastPathComponent == (c.relative as NSString).deletingLastPathComponent {
                run.append(c)
            } else if c.relative.hasSuffix(".grs") {
                flush()
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }

    /// Hands parsed operations to another thread to be freed: a first sync frees a
    /// million of them (a dozen allocations each), and on a laptop's second core that costs
    /// the thread applying them nothing. `value` is left empty.
    static func release<T: RangeReplaceableCollection & Sendable>(_ value: inout T) {
        let done = value
        value = T()
        disposal.async { withExtendedLifetime(done) {} }
    }

    static func release(_ contents: inout OpFile.Contents) {
        var lines = contents.lines
        contents.lines = []
        release(&lines)
    }

    private static let disposal = DispatchQueue(label: "greenroom.sync.disposal", qos: .utility)

    // MARK: Export

    /// Publishes the outbox as new segments under `ops/<this device>/`, one segment at a
    /// time; each segment's operations leave the outbox only once the segment is durable.
    /// A crash in between exports them again next time in a segment of the same content,
    /// hence the same name; importing a duplicate changes nothing.
    ///
    /// Operations stamped with a device id this database wrote as before it was copied
    /// (`Store.previousDeviceIDs`) go to that id's folder, where the stamp says they belong;
    /// a segment never mixes devices. Every published segment is recorded as this
    /// database's own (`checkOwnSegments`).
    public func exportPending(into summary: inout SyncSummary, progress: (@Sendable (SyncProgress) -> Void)? = nil) throws {
        removeOwnTemporaryFiles()
        let total = Int64(try store.syncStatus().pendingOperations)
        var done: Int64 = 0
        var after: Int64 = 0
        while true {
            var entries = try store.outboxEntries(after: after, limit: segmentLimit)
            guard let first = entries.first else { break }
            guard let firstHLC = HLC(encoded: first.hlc) else {
                throw GreenroomError.database("outbox entry \(first.seq) has an invalid stamp \(first.hlc)")
            }
            let device = firstHLC.device
            if let other = entries.firstIndex(where: { !$0.hlc.hasSuffix(device) }) { entries.removeSubrange(other...) }
            guard let last = entries.last else { break }
            // Numbered in this device's sequence; operations of an earlier id of this database
            // (a copy's) are published unnumbered: that id's sequence is not this database's.
            let ordinal = device == store.deviceID ? try store.nextSegmentOrdinal() : nil
            let plaintext = OpFile.encode(entries, header: OpFile.SegmentHeader(device: device, ordinal: ordinal))
            let relative = SyncFolder.monthDirectory(device: device, physical: firstHLC.physical)
            try FileSystem.ensureDirectory(root: folder.root, relative: relative)
            // Sealed with the team key in an encrypted folder (`FolderSeal`).
            let (name, data) = try seal.segment(plaintext, directory: relative, firstHLC: firstHLC, hash: FNV1a.hex(of: plaintext))
            try FileSystem.publish(data, directory: folder.path(relative), name: name)
            try store.recordExported([("\(relative)/\(name)", FNV1a.hex(of: data))], ordinal: ordinal)
            try store.removeExported(through: last.seq)
            after = last.seq
            summary.exported += entries.count
            summary.segmentsWritten += 1
            done += Int64(entries.count)
            progress?(SyncProgress(phase: .writing, done: done, total: max(total, done)))
        }
    }

    /// Temporary files this device left behind when it was killed mid-write.
    func removeOwnTemporaryFiles() {
        let own = "ops/\(store.deviceID)"
        guard let info = FileSystem.info(folder.path(own)), info.isDirectory, !info.isSymlink else { return }
        for month in FileSystem.list(folder.path(own)) where SyncFolder.isMonth(month) {
            for name in FileSystem.list(folder.path("\(own)/\(month)")) where name.hasPrefix(".tmp-") {
                unlink(folder.path("\(own)/\(month)/\(name)"))
            }
        }
        for name in FileSystem.list(folder.devicesDirectory) where name.hasPrefix(".tmp-")
            && (name.hasSuffix("-\(store.deviceID).json") || name.hasSuffix("-\(store.deviceID).grs")) {
            unlink(folder.path("devices/\(name)"))
        }
    }
}
