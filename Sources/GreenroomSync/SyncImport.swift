import Foundation
import GreenroomCore
import GreenroomStore

extension Syncer {
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
            try session.retryInvalidAfterUpgrade()
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
            var rubricKeys = Set<String>()
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
                    var readAgain = false
                    for line in contents.lines {
                        switch line.operation {
                        case .failure(let error) where error.unknownToThisBuild:
                            // Perhaps a newer Greenroom's: keep the file unrecorded so it is read
                            // again (merging is idempotent) and the line lands after an upgrade.
                            readAgain = true
                            problems.append(SyncProblem(path: c.relative, line: line.number,
                                                        reason: error.reason + " (a newer Greenroom's? read again at every sync until this laptop is upgraded)"))
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
                            // QA (issue 25): a review's criteria must be the team's rubric's —
                            // as this laptop has it, or as a rubric read earlier in this sync says.
                            if op.entity == .setting, op.id == TeamSettings.Key.qaRubric.rawValue {
                                rubricKeys.formUnion(SyncSession.rubricKeys(op))
                            } else if op.entity == .qaReview, let problem = try session.qaProblem(op, extra: rubricKeys) {
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
                    if !readAgain { records.append(record) }
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
        disposal.async {
            withExtendedLifetime(done) {}
            // Freed here, the pages stay in this thread's allocator arena and keep counting
            // as resident; a first sync of 500k operations peaked ~20 MB lower returning them.
            Store.returnFreeMemory()
        }
    }

    static func release(_ contents: inout OpFile.Contents) {
        var lines = contents.lines
        contents.lines = []
        release(&lines)
    }

    private static let disposal = DispatchQueue(label: "greenroom.sync.disposal", qos: .utility)
}
