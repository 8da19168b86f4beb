import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTUI

/// `greenroom sync snapshot` and `greenroom sync join` (issue 27): a laptop publishes its
/// database as of now; a new laptop starts from the newest snapshot instead of replaying
/// every operation ever written.
struct SyncSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Sync, then publish this database as a snapshot new laptops start from (sealed in an encrypted folder)."
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The sync folder (else the one in config.toml).", valueName: "dir"), completion: .directory)
    var folder: String?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let (_, chosen) = try syncFolderChoice(folder, env: env)
        let store = try openStore(database, env: env, mustExist: true)
        let started = Date()
        let info = try Syncer(store: store, folder: chosen).publishSnapshot()
        let mb = Double(info.bytes) / 1_048_576
        print("Published \(info.path) (\(String(format: "%.1f", mb)) MB, covering \(info.covers) op files) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }
}

struct SyncJoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Set up this laptop's database from the folder's newest snapshot, then sync the rest.",
        discussion: "The database (--db) must not exist yet. An encrypted folder needs the team key: --phrase or --key-file."
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The sync folder (remembered for next time).", valueName: "dir"), completion: .directory)
    var folder: String
    @Option(help: ArgumentHelp("The team key's phrase (encrypted folders).", valueName: "phrase"))
    var phrase: String?
    @Option(name: .customLong("key-file"), help: ArgumentHelp("A file holding the team key's phrase.", valueName: "file"))
    var keyFile: String?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let paths = ConfigPaths.fromEnvironment(env)
        let db = database.resolvedPath(paths: paths, environment: env).path
        var keys: [TeamKey] = []
        if let phrase { keys.append(try TeamKey(phrase: phrase)) }
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: absolutePath(keyFile)), data.count < 4096 else {
                throw GreenroomError.invalidInput("cannot read a key phrase from \(keyFile)")
            }
            keys.append(try TeamKey(phrase: String(decoding: data, as: UTF8.self)))
        }
        let chosen = absolutePath(folder)
        let started = Date()
        let bar = ProgressBar()
        guard let (snapshot, summary) = try Syncer.join(folder: chosen, at: db, keys: keys, deviceName: ProcessInfo.processInfo.hostName,
                                                         progress: { bar.show($0) }) else {
            throw GreenroomError.invalidInput("\(chosen) has no snapshot yet (a laptop that has the data runs `greenroom sync snapshot`); `greenroom sync --folder` replays the operations instead")
        }
        bar.finish()
        try Config.rememberSyncFolder(chosen, in: paths.configFile)
        print("Joined from \(snapshot.path) (made \(Time.iso(snapshot.madeAt)) by \(snapshot.device)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
        for line in SyncReport.lines(summary) { print(line) }
    }
}

/// `greenroom sync compact` (issue 27): removes this laptop's segments every teammate has
/// read and a snapshot covers.
struct SyncCompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Sync, then remove this laptop's op files every teammate has read and a snapshot covers (publishing a snapshot when needed).",
        discussion: """
        Each laptop removes only its own files. Compaction waits for every device in the folder; \
        --without DEVICE stops waiting for a laptop that is gone. If it ever comes back, its sync \
        says it is behind and `greenroom sync rejoin` starts it again from the newest snapshot, \
        keeping its unsent edits.
        """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The sync folder (else the one in config.toml).", valueName: "dir"), completion: .directory)
    var folder: String?
    @Option(name: .customLong("without"), help: ArgumentHelp("Do not wait for this device (its id, first characters, or name); repeatable.", valueName: "device"))
    var without: [String] = []
    @Flag(help: "The folder is a git clone: pull, compact, commit the removals and push (also: sync_carrier = \"git\").")
    var git = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let (config, chosen) = try syncFolderChoice(folder, env: env)
        let store = try openStore(database, env: env, mustExist: true)
        let syncer = Syncer(store: store, folder: chosen)
        var excluded = Set<String>()
        for name in without {
            guard let device = syncer.peer(named: name) else {
                throw GreenroomError.invalidInput("--without \(TerminalText.sanitize(name)): no single device in \(chosen) has that id or name; nothing was changed")
            }
            excluded.insert(device)
        }
        let bar = ProgressBar()
        var report = CompactReport()
        var carrierNotes: [String] = []
        if git || config.syncCarrier == "git" {
            // The removals are commits of this laptop's own files like any other.
            let carried = try GitCarrier(syncer: syncer).around {
                report = try syncer.compact(without: excluded, progress: { bar.show($0) })
                return report.sync
            }
            carrierNotes = carried.report.lines
        } else {
            report = try syncer.compact(without: excluded, progress: { bar.show($0) })
        }
        bar.finish()
        for line in SyncReport.lines(report.sync) { print(line) }
        if let snapshot = report.snapshot {
            print("Published snapshot \(snapshot.path) (\(String(format: "%.1f", Double(snapshot.bytes) / 1_048_576)) MB) to cover what is pruned.")
        }
        let mb = String(format: "%.1f", Double(report.bytes) / 1_048_576)
        print("Pruned \(report.pruned) of this laptop's segment\(report.pruned == 1 ? "" : "s") (\(mb) MB); \(report.kept) kept.")
        for waiting in report.waitingFor { print("  waiting for \(TerminalText.sanitize(waiting))") }
        for note in carrierNotes { print(note) }
    }
}

/// `greenroom sync rejoin` (issue 27): a laptop that fell behind what teammates pruned starts
/// again from the newest snapshot, keeping its unsent edits.
struct SyncRejoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejoin",
        abstract: "Start this laptop again from the folder's newest snapshot, keeping its unsent edits (after `sync` says it is behind).",
        discussion: """
        First syncs, publishing every local change; then builds a new database from the newest \
        snapshot and the op files after it (which include those changes), and puts it in place. \
        The old database is kept beside it as <db>.before-rejoin-<time>.
        """
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The sync folder (else the one in config.toml).", valueName: "dir"), completion: .directory)
    var folder: String?
    @Flag(help: "The folder is a git clone: pull first, push the edits and the new device's files (also: sync_carrier = \"git\").")
    var git = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let (config, chosen) = try syncFolderChoice(folder, env: env)
        let store = try openStore(database, env: env, mustExist: true)
        let path = store.path
        let stamp = Time.iso(store.now).replacingOccurrences(of: ":", with: "")
        let fresh = path + ".rejoining-\(getpid())"
        let backup = path + ".before-rejoin-\(stamp)"
        let bar = ProgressBar()
        let started = Date()
        let carried = git || config.syncCarrier == "git"
        var carrierNotes: [String] = []
        if carried {
            // Pull first (the newest snapshot, everyone's files) and push this laptop's edits.
            let old = Syncer(store: store, folder: chosen)
            carrierNotes += try GitCarrier(syncer: old).around { try old.run(progress: { bar.show($0) }) }.report.notes
        }
        let (snapshot, summary): (Syncer.SnapshotInfo, SyncSummary)
        do {
            (snapshot, summary) = try Syncer(store: store, folder: chosen).rejoin(into: fresh, progress: { bar.show($0) })
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fresh + suffix) }
            throw error
        }
        bar.finish()
        try store.close()
        // Each database moves with its write-ahead log (both are closed: the pair is consistent).
        try FileManager.default.moveItem(atPath: path, toPath: backup)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: backup + suffix)
        }
        try FileManager.default.moveItem(atPath: fresh, toPath: path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: fresh + suffix) {
            try FileManager.default.moveItem(atPath: fresh + suffix, toPath: path + suffix)
        }
        if carried {
            // The new device's files, and the old id's removals, go to the remote.
            let rejoined = try openStore(database, env: env, mustExist: true)
            let report = try GitCarrier(syncer: Syncer(store: rejoined, folder: chosen)).run()
            carrierNotes += report.lines
        }
        print("Rejoined from \(snapshot.path) (made \(Time.iso(snapshot.madeAt)) by \(snapshot.device)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; the old database is \(backup).")
        for line in SyncReport.lines(summary) { print(line) }
        for note in carrierNotes { print(note) }
    }
}

/// The config and the sync folder a command works on: `--folder`, else config.toml's.
func syncFolderChoice(_ folder: String?, env: [String: String]) throws -> (Config, String) {
    let config = try Config.load(path: ConfigPaths.fromEnvironment(env).configFile)
    guard let chosen = folder.map(absolutePath) ?? config.syncFolder.map(absolutePath) else {
        throw GreenroomError.invalidInput("no sync folder: give --folder DIR")
    }
    return (config, chosen)
}
