import Foundation
import GreenroomCore
import GreenroomStore

/// The sync folder as a git work tree (issue 27, `greenroom sync --git`, or
/// `sync_carrier = "git"` in config.toml): pull, sync, commit this laptop's own files, push.
///
/// Git is run as a process (`git -C <folder> …`), never reimplemented. The folder's layout
/// makes merges trivial: each laptop only ever adds files under its own `ops/<id>/` and
/// `devices/<id>.*` (and `FORMAT.json`, whose every writer writes the same bytes), so a
/// rebase never meets a conflicting change. A rejected push (someone pushed first) is
/// rebased and pushed again, a few times. An unreachable remote leaves everything committed
/// locally and says so; the data was synced with what the folder already held.
public struct GitCarrier: Sendable {
    public let syncer: Syncer
    /// How many times a rejected push is rebased and tried again.
    public var attempts = 4

    public init(syncer: Syncer) { self.syncer = syncer }

    /// What the carrier did around the sync.
    public struct Report: Sendable {
        public var sync: SyncSummary
        public var pulled: Bool
        public var committed: Bool
        public var pushed: Bool
        /// One line each: an unreachable remote, a push given up on.
        public var notes: [String] = []

        /// What happened to this laptop's commit: pushed, committed locally, or nothing to commit.
        public var outcome: String { pushed ? "pushed" : committed ? "committed locally" : "nothing to commit" }
        /// The notes, then the outcome, as a command prints them.
        public var lines: [String] { notes + ["git: " + outcome] }
    }

    public func run(progress: (@Sendable (SyncProgress) -> Void)? = nil) throws -> Report {
        try around { try syncer.run(progress: progress) }.report
    }

    /// Pulls, runs `body` (a sync, a compaction, a snapshot: anything that writes this
    /// laptop's own files), commits those files — additions and removals — and pushes.
    public func around(_ body: () throws -> SyncSummary) throws -> (summary: SyncSummary, report: Report) {
        var result: SyncSummary?
        let report = try carry { let s = try body(); result = s; return s }
        return (result ?? report.sync, report)
    }

    func carry(_ body: () throws -> SyncSummary) throws -> Report {
        let root = syncer.folder.root
        guard (try? git(["rev-parse", "--is-inside-work-tree"]))?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "true" else {
            throw GreenroomError.invalidInput("\(root) is not a git work tree: clone the team's sync repository there (git clone URL \(root)), then sync --git")
        }
        var notes: [String] = []
        let remote = (try? git(["remote"]))?.output.split(separator: "\n").first.map(String.init)
        let branch = (try? git(["symbolic-ref", "--short", "HEAD"]))?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? "main"
        var pulled = false
        if let remote {
            pulled = try pull(remote, branch, &notes)
        }
        let summary = try body()
        let committed = try commitOwnFiles(summary)
        var pushed = false
        if let remote, try committed || aheadOf(remote, branch) {
            for attempt in 1...attempts {
                let push = try git(["push", "--quiet", "-u", remote, "HEAD:\(branch)"], allowFailure: true)
                if push.status == 0 { pushed = true; break }
                // Someone pushed first: take their commits (only their own files) and go again.
                if try attempt == attempts || !pull(remote, branch, &notes) {
                    notes.append("could not push (\(GitCarrier.firstLine(push.output))); this laptop's changes are committed locally and go with the next sync --git")
                    break
                }
            }
        }
        return Report(sync: summary, pulled: pulled, committed: committed, pushed: pushed, notes: notes)
    }

    /// Fetches and rebases onto the remote branch when it exists; false (with a note) when
    /// the remote cannot be reached.
    func pull(_ remote: String, _ branch: String, _ notes: inout [String]) throws -> Bool {
        let fetch = try git(["fetch", "--quiet", remote], allowFailure: true)
        guard fetch.status == 0 else {
            notes.append("could not reach \(remote) (\(GitCarrier.firstLine(fetch.output))); synced with what the folder holds")
            return false
        }
        guard try git(["rev-parse", "--verify", "--quiet", "\(remote)/\(branch)"], allowFailure: true).status == 0 else { return true }
        let rebase = try git(["pull", "--rebase", "--autostash", "--quiet", remote, branch], allowFailure: true)
        if rebase.status != 0 {
            _ = try git(["rebase", "--abort"], allowFailure: true)
            notes.append("could not rebase on \(remote)/\(branch) (\(GitCarrier.firstLine(rebase.output)))")
            return false
        }
        return true
    }

    func aheadOf(_ remote: String, _ branch: String) throws -> Bool {
        guard try git(["rev-parse", "--verify", "--quiet", "HEAD"], allowFailure: true).status == 0 else { return false }
        let r = try git(["rev-list", "--count", "\(remote)/\(branch)..HEAD"], allowFailure: true)
        guard r.status == 0 else { return true } // no remote branch yet: ours is new
        return (Int(r.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0
    }

    /// Stages this laptop's own files (and `FORMAT.json`) and commits them; false when there
    /// was nothing new.
    func commitOwnFiles(_ summary: SyncSummary) throws -> Bool {
        let device = syncer.store.deviceID
        var paths = ["FORMAT.json"]
        for candidate in ["ops/\(device)", "devices/\(device).json", "devices/\(device).grs", "snapshots/\(device)"]
            where FileManager.default.fileExists(atPath: syncer.folder.path(candidate)) {
            paths.append(candidate)
        }
        for previous in try syncer.store.previousDeviceIDs() where FileManager.default.fileExists(atPath: syncer.folder.path("ops/\(previous)")) {
            paths.append("ops/\(previous)")
        }
        _ = try git(["add", "--all", "--"] + paths)
        // An earlier id's device file and snapshots, removed by a rejoin: the removals are ours to commit.
        for previous in try syncer.store.previousDeviceIDs() {
            let gone = ["devices/\(previous).json", "devices/\(previous).grs", "snapshots/\(previous)"]
                .filter { !FileManager.default.fileExists(atPath: syncer.folder.path($0)) }
            if !gone.isEmpty { _ = try git(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--"] + gone) }
        }
        let staged = try git(["diff", "--cached", "--quiet"], allowFailure: true)
        guard staged.status != 0 else { return false }
        let message = "greenroom \(device): \(summary.exported) operation\(summary.exported == 1 ? "" : "s")"
        _ = try git(["-c", "user.name=Greenroom \(device)", "-c", "user.email=\(device)@greenroom.invalid", "commit", "--quiet", "-m", message])
        return true
    }

    static func firstLine(_ text: String) -> String {
        TerminalText.sanitize(String(text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "git failed"))
    }

    /// Runs `git -C <folder> args`, with no prompt for credentials and without the user's
    /// editor; a failure throws unless `allowFailure`.
    @discardableResult
    func git(_ args: [String], allowFailure: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", syncer.folder.root] + args
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_EDITOR"] = "true"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw GreenroomError.environment("cannot run git (is it installed?): \(error)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 && !allowFailure {
            throw GreenroomError.invalidInput("git \(args.first ?? "") failed in \(syncer.folder.root): \(GitCarrier.firstLine(output))")
        }
        return (process.terminationStatus, output)
    }
}
