import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTUI

/// `greenroom sync [--folder DIR]` and `greenroom sync status` (DESIGN.md §6).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Share work through a folder (git, Syncthing, Dropbox, a network drive): import what is new, export local changes.",
        subcommands: [SyncNow.self, SyncStatusCommand.self, SyncSnapshotCommand.self, SyncJoinCommand.self, SyncCompactCommand.self, SyncRejoinCommand.self],
        defaultSubcommand: SyncNow.self
    )
}

struct SyncNow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "now",
        abstract: "Import what other laptops put in the sync folder, then export this laptop's changes.",
        discussion: """
        The folder is remembered in config.toml (sync_folder) after the first successful sync \
        with --folder. Problems with files in the folder are listed as path:line: reason and \
        skipped; they never stop a sync. Format: docs/sync-format.md.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("The sync folder (remembered for next time).", valueName: "dir"), completion: .directory)
    var folder: String?

    @Option(help: .hidden)
    var segmentOps: Int?

    @Option(name: .customLong("accept-deletes"), help: ArgumentHelp(
        "Apply the deletes the fail-safe holds from this device (its id, first characters, or name), then sync.", valueName: "device"))
    var acceptDeletes: String?

    @Option(name: .customLong("keep-deleted"), help: ArgumentHelp(
        "Keep the records this device's held deletes would remove: they are restored by a synced write, then the sync runs.", valueName: "device"))
    var keepDeleted: String?

    @Flag(help: "Encrypt the folder with this laptop's team key (greenroom team init-key), then sync.")
    var encrypt = false

    @Flag(help: "The folder is a git clone: pull, sync, commit this laptop's files and push (also: sync_carrier = \"git\" in config.toml).")
    var git = false

    @OptionGroup var identity: IdentityOptions

    func validate() throws {
        if acceptDeletes != nil && keepDeleted != nil {
            throw ValidationError("--accept-deletes and --keep-deleted cannot be used together")
        }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let paths = ConfigPaths.fromEnvironment(env)
        let config = try Config.load(path: paths.configFile)
        guard let chosen = folder.map(absolutePath) ?? config.syncFolder.map(absolutePath) else {
            throw GreenroomError.invalidInput("no sync folder: run `greenroom sync --folder DIR` once (it is remembered in \(paths.configFile))")
        }
        let store = try openStore(database, env: env)
        let bar = ProgressBar()
        var syncer = Syncer(store: store, folder: chosen)
        if let segmentOps { syncer.segmentLimit = max(1, segmentOps) }
        if encrypt {
            try syncer.prepareFolder()
            guard let current = try store.teamKeyRing().current, let bytes = try store.teamKeyRing().keys[current] else {
                throw GreenroomError.invalidInput("this laptop has no team key: `greenroom team init-key` makes one (or `team join` takes a teammate's)")
            }
            let seal = try syncer.folderSeal()
            if !seal.encrypted {
                try syncer.markEncrypted(with: try TeamKey(bytes: bytes))
                print("The folder is now encrypted with team key \(current); this laptop's earlier files are sealed as it syncs.")
            }
        }
        if let named = acceptDeletes ?? keepDeleted {
            guard let device = try store.heldDevice(named: named) else {
                let held = try store.heldDeletes()
                throw GreenroomError.invalidInput(held.isEmpty ? "no deletes are held; nothing to accept or keep"
                    : "no held deletes from \"\(TerminalText.sanitize(named))\" (held: \(held.map(\.description).joined(separator: "; ")))")
            }
            if acceptDeletes != nil {
                let n = try syncer.acceptDeletes(device: device)
                print("Accepted: \(n) record\(n == 1 ? "" : "s") deleted as device \(device) asked.")
            } else {
                let memberID = try identity.me.flatMap { try store.member(handle: $0)?.id }
                let (restored, refused) = try syncer.keepDeleted(device: device, by: memberID)
                print("Kept: \(restored) record\(restored == 1 ? "" : "s") restored; the restores sync to every laptop.")
                for line in refused { print("  not restored: \(TerminalText.sanitize(line))") }
            }
        }
        let summary: SyncSummary
        var carrierNotes: [String] = []
        if git || config.syncCarrier == "git" {
            let report = try GitCarrier(syncer: syncer).run(progress: { bar.show($0) })
            summary = report.sync
            carrierNotes = report.lines
        } else {
            summary = try syncer.run(progress: { bar.show($0) })
        }
        bar.finish()
        if folder != nil && config.syncFolder.map(absolutePath) != chosen {
            try Config.rememberSyncFolder(chosen, in: paths.configFile)
        }
        for line in SyncReport.lines(summary) { print(line) }
        for note in carrierNotes { print(note) }
    }
}

struct SyncStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "This laptop's device id, last sync, operations not yet exported, conflicts and the peers seen."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let paths = ConfigPaths.fromEnvironment(env)
        let config = try Config.load(path: paths.configFile)
        let store = try openStore(database, env: env, mustExist: true)
        let status = try store.syncStatus()
        let now = store.now
        func when(_ t: Millis?) -> String {
            guard let t else { return "never" }
            let ago = RelativeTime.ago(t, now: now)
            return "\(Time.iso(t)) (\(ago == "now" ? "just now" : ago + " ago"))"
        }
        print("device      \(status.deviceID)")
        print("folder      \(config.syncFolder ?? "(none; greenroom sync --folder DIR)")")
        print("last sync   \(when(status.lastSyncAt))")
        print("pending     \(status.pendingOperations) local operation\(status.pendingOperations == 1 ? "" : "s") not yet exported")
        print("conflicts   \(status.openConflicts) open")
        if let change = try store.deviceChange() { print("device id   changed: \(change)") }
        for held in try store.heldDeletes() { print("held        \(held.description): deletes wait for --accept-deletes or --keep-deleted") }
        if status.quarantined > 0 { print("quarantined \(status.quarantined) operation\(status.quarantined == 1 ? "" : "s") kept out of the data") }
        if status.waitingForRows > 0 { print("waiting     \(status.waitingForRows) operation\(status.waitingForRows == 1 ? "" : "s") for rows not yet received") }
        for h in status.held {
            let source = h.source.isEmpty ? "" : h.source + ": "
            print("            \(h.kind.rawValue): \(TerminalText.sanitize(source + h.reason))")
        }
        if status.peers.isEmpty {
            print("peers       none seen yet")
        } else {
            print("peers       device            name                  last operation")
            for p in status.peers {
                let name = p.name.isEmpty ? "—" : p.name
                print("            \(p.device)  \(name.padding(toLength: 20, withPad: " ", startingAt: 0))  \(when(p.lastOperationAt))")
            }
        }
    }
}

/// The summary a sync prints.
enum SyncReport {
    static func lines(_ s: SyncSummary) -> [String] {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var out = ["Read \(n(s.filesRead, "file")): \(n(s.applied, "operation")) applied, \(s.unchanged) already here, "
                   + "\(n(s.conflicts, "conflict")), \(s.quarantined) quarantined"
                   + (s.waiting > 0 ? ", \(s.waiting) waiting for rows or stages not here yet (`greenroom sync status` lists them)" : "") + "."]
        if s.ruleFirings > 0 { out.append("Automations fired \(n(s.ruleFirings, "time")) (`greenroom rules list` shows them).") }
        if s.autoAssigned > 0 { out.append("Assigned \(n(s.autoAssigned, "ticket")) by team rules (`greenroom team list` shows the load).") }
        out.append("Exported \(n(s.exported, "operation")) in \(n(s.segmentsWritten, "new segment")).")
        for notice in s.notices { out.append("Note: \(notice)") }
        for held in s.heldDeletes {
            out.append("Held: \(held.description) would be deleted; none of those deletes was applied. "
                       + "Accept with `greenroom sync --accept-deletes \(held.device)`, or keep them with `--keep-deleted \(held.device)`.")
        }
        if !s.skipped.isEmpty {
            out.append("Skipped \(s.skipped.count):")
            out += s.skipped.map { "  \($0.description)" }
        }
        return out
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the work is long
/// enough to be worth watching (half a second).
final class ProgressBar: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private let lock = NSLock()

    func show(_ p: SyncProgress) {
        guard enabled, p.total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - started > 500_000_000, now - lastDraw > 100_000_000 || p.done == p.total else { return }
        lastDraw = now
        let width = 30
        let filled = Int(Double(width) * Double(p.done) / Double(p.total))
        let label = p.phase == .reading ? "reading " : "exporting"
        let bar = String(repeating: "#", count: min(width, filled)) + String(repeating: "-", count: max(0, width - filled))
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(100 * Double(p.done) / Double(p.total)))%".utf8))
        drawn = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

func absolutePath(_ path: String) -> String {
    let expanded = (path as NSString).expandingTildeInPath
    if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
    return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
}
