import ArgumentParser
import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync
import GreenroomTUI

/// `greenroom team init-key|join|rotate-key|keys` (issue 27): the team key that seals an
/// encrypted sync folder. A key travels between people as a phrase or a file, never through
/// the folder; this laptop keeps it in its database (mode 0600), never in the folder.
struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Support teams, shifts and fair assignment; and the team key that encrypts the sync folder.",
        discussion: """
        Encrypting a folder: `greenroom team init-key` on one laptop (it prints the key's phrase), \
        `greenroom sync --encrypt` there, then `greenroom team join --phrase …` on every other \
        laptop. Rotating after someone leaves: `greenroom team rotate-key` seals new files with a \
        new key; give its phrase to those who stay. \
        Teams: `greenroom team add "Tier 1 BPO" --lead @ana --assignment round-robin --capacity 8`, \
        `greenroom team add-member "Tier 1 BPO" @lucia @omar`, \
        `greenroom team schedule @lucia --set "mon-fri 09:00-17:00" --zone Europe/Madrid`, \
        `greenroom team assign --dry-run`.
        """,
        subcommands: [List.self, Add.self, Edit.self, Remove.self, AddMember.self, RemoveMember.self, Schedule.self, TimeOff.self, Assign.self,
                      InitKey.self, Join.self, RotateKey.self, Keys.self],
        defaultSubcommand: List.self
    )

    /// Prints a key's phrase, or writes it to a private file.
    static func hand(_ key: TeamKey, to file: String?, what: String) throws {
        guard let file else {
            print("\(what) \(key.id). Give its phrase to each teammate, by a channel you trust (never the sync folder):")
            print("")
            print("    \(key.phrase)")
            print("")
            print("They run: greenroom team join --phrase <phrase>")
            return
        }
        let path = absolutePath(file)
        guard FileManager.default.createFile(atPath: path, contents: Data((key.phrase + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw GreenroomError.invalidInput("cannot write \(path)")
        }
        print("\(what) \(key.id); its phrase is in \(path) (mode 600). Teammates run: greenroom team join --file <that file>")
    }

    struct InitKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init-key", abstract: "Make the team's key (once, on one laptop).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Write the phrase to this file (mode 600) instead of printing it.", valueName: "file"))
        var out: String?

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment)
            if let current = try store.teamKeyRing().current {
                throw GreenroomError.invalidInput("this laptop already has team key \(current); `greenroom team rotate-key` makes a new one")
            }
            let key = TeamKey.generate()
            try store.addTeamKey(id: key.id, bytes: key.bytes, current: true)
            try TeamCommand.hand(key, to: out, what: "Made team key")
            print("Encrypt the folder with: greenroom sync --encrypt")
        }
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "join", abstract: "Take the team's key from its phrase or a file.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("The key's phrase (grk1-…).", valueName: "phrase"))
        var phrase: String?
        @Option(help: ArgumentHelp("A file holding the phrase.", valueName: "file"))
        var file: String?

        func validate() throws {
            guard (phrase == nil) != (file == nil) else { throw ValidationError("give the key with --phrase or --file (one of them)") }
        }

        func run() throws {
            var text = phrase ?? ""
            if let file {
                let path = absolutePath(file)
                guard let data = FileManager.default.contents(atPath: path), data.count < 4096 else {
                    throw GreenroomError.invalidInput("cannot read a key phrase from \(path)")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let key = try TeamKey(phrase: text)
            let store = try openStore(database, env: ProcessInfo.processInfo.environment)
            try store.addTeamKey(id: key.id, bytes: key.bytes, current: true)
            print("Joined team key \(key.id). `greenroom sync` now opens and seals the folder with it.")
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key", abstract: "Seal new files with a new team key (after someone leaves).",
            discussion: "Files already in the folder stay sealed with the old key; new ones need the new key, which someone who left does not have."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("The sync folder (else the one in config.toml).", valueName: "dir"), completion: .directory)
        var folder: String?
        @Option(help: ArgumentHelp("Write the new phrase to this file (mode 600) instead of printing it.", valueName: "file"))
        var out: String?

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let config = try Config.load(path: ConfigPaths.fromEnvironment(env).configFile)
            guard let chosen = folder.map(absolutePath) ?? config.syncFolder.map(absolutePath) else {
                throw GreenroomError.invalidInput("no sync folder: give --folder DIR")
            }
            let store = try openStore(database, env: env, mustExist: true)
            let syncer = Syncer(store: store, folder: chosen)
            try syncer.prepareFolder()
            guard try syncer.folderSeal().encrypted else {
                throw GreenroomError.invalidInput("\(chosen) is not encrypted; `greenroom sync --encrypt` encrypts it")
            }
            let key = TeamKey.generate()
            try store.addTeamKey(id: key.id, bytes: key.bytes, current: true)
            try syncer.markEncrypted(with: key)
            try TeamCommand.hand(key, to: out, what: "New files are now sealed with team key")
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "The team keys this laptop holds (ids only).")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try openStore(database, env: ProcessInfo.processInfo.environment, mustExist: true)
            let ring = try store.teamKeyRing()
            guard !ring.keys.isEmpty else {
                print("No team key: the sync folder is plain (greenroom team init-key, or team join).")
                return
            }
            for id in ring.keys.keys.sorted() { print("\(id)\(id == ring.current ? "  (seals new files)" : "")") }
        }
    }
}
