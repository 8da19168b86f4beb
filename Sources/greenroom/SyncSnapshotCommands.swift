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
        let config = try Config.load(path: ConfigPaths.fromEnvironment(env).configFile)
        guard let chosen = folder.map(absolutePath) ?? config.syncFolder.map(absolutePath) else {
            throw GreenroomError.invalidInput("no sync folder: give --folder DIR")
        }
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
