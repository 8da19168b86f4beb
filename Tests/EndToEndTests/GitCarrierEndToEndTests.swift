import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Issue 27: three laptops carry an encrypted folder through a real bare git repository with
/// `greenroom sync --git` — overlapping edits, pushes that race, never a merge conflict — and
/// end with identical exports.
@Suite(.enabled(if: Harness.tmuxAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/git"), "tmux or git missing"))
struct GitCarrierEndToEndTests {
    func git(_ s: Sandbox, _ args: [String], in dir: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = s.environment.merging(["GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"]) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func run(_ s: Sandbox, _ args: [String]) throws -> Harness.Result { try Harness.run(args, environment: s.environment) }

    /// A bare repository in the sandbox and, for each name, a clone of it and a copy of the
    /// sandbox's database: one laptop each.
    func team(_ s: Sandbox, _ names: [String]) throws -> [(db: String, folder: String)] {
        let bare = s.path + "/team.git"
        #expect(try git(s, ["init", "--bare", "--quiet", bare], in: s.path).0 == 0)
        return try names.map { name in
            let folder = s.path + "/clone-\(name)"
            #expect(try git(s, ["clone", "--quiet", bare, folder], in: s.path).0 == 0)
            let db = s.path + "/\(name).sqlite"
            try FileManager.default.copyItem(atPath: s.database, toPath: db)
            return (db, folder)
        }
    }

    func snapshot(_ s: Sandbox, db: String) throws -> [String: Data] {
        let out = s.path + "/snap-" + UUID().uuidString.prefix(8)
        #expect(try run(s, ["export", "--db", db, "--format", "json", "--out", out]).status == 0)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
        return files
    }

    @Test func threeLaptopsThroughABareRepositoryNeverConflictAndAgree() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let laptops = try team(s, ["a", "b", "c"])
        // A makes the team key and encrypts; B and C join with its phrase.
        let made = try run(s, ["team", "init-key", "--db", laptops[0].db, "--out", s.path + "/key.txt"])
        #expect(made.status == 0, "\(made.stderr)")
        for l in laptops.dropFirst() { #expect(try run(s, ["team", "join", "--db", l.db, "--file", s.path + "/key.txt"]).status == 0) }
        let first = try run(s, ["sync", "--db", laptops[0].db, "--folder", laptops[0].folder, "--git", "--encrypt"])
        #expect(first.status == 0 && first.stdout.contains("git: pushed"), "\(first.stdout)\(first.stderr)")
        // Overlapping edits on all three, each syncing before the others pull.
        for (i, l) in laptops.enumerated() {
            let csv = s.path + "/edit-\(i).csv"
            try "handle,name,market,notes\n@zoe.live,Zoe \(i),US,note \(i)\n@git.laptop\(i),Git \(i),MX,\n".write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try run(s, ["import", "--db", l.db, csv]).status == 0)
        }
        for round in 0..<3 {
            for l in laptops {
                let r = try run(s, ["sync", "--db", l.db, "--folder", l.folder, "--git"])
                #expect(r.status == 0 && !r.stdout.contains("could not"), "round \(round): \(r.stdout)\(r.stderr)")
            }
        }
        let reference = try snapshot(s, db: laptops[0].db)
        for l in laptops.dropFirst() { #expect(try snapshot(s, db: l.db) == reference) }
        // The repository holds only sealed files and FORMAT.json, and a linear history.
        let (_, files) = try git(s, ["ls-files"], in: laptops[0].folder)
        #expect(files.split(separator: "\n").allSatisfy { $0 == "FORMAT.json" || $0.hasSuffix(".grs") }, "\(files)")
        let (_, merges) = try git(s, ["rev-list", "--merges", "--count", "HEAD"], in: laptops[0].folder)
        #expect(merges.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // An unreachable remote: the sync still runs, says so in one line, keeps the commit.
        #expect(try git(s, ["remote", "set-url", "origin", s.path + "/gone.git"], in: laptops[1].folder).0 == 0)
        let csv = s.path + "/offline.csv"
        try "handle,name,market\n@offline.one,Offline,US\n".write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try run(s, ["import", "--db", laptops[1].db, csv])
        let offline = try run(s, ["sync", "--db", laptops[1].db, "--folder", laptops[1].folder, "--git"])
        #expect(offline.status == 0 && offline.stdout.contains("could not reach origin") && offline.stdout.contains("git: committed locally"),
                "\(offline.stdout)\(offline.stderr)")
    }

    /// Compaction through git: A removes its segments every teammate has read (a commit of
    /// removals, pushed); C, left out with --without, is told it is behind and rejoins from the
    /// snapshot with its unsent edit; everyone agrees.
    @Test func compactionThroughGitAndALaggingLaptopRejoins() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 5)
        let laptops = try team(s, ["a", "b", "c"])
        func edit(_ l: (db: String, folder: String), _ handle: String) throws {
            let csv = s.path + "/\(handle).csv"
            try "handle,market\n@\(handle),US\n".write(toFile: csv, atomically: true, encoding: .utf8)
            #expect(try run(s, ["import", "--db", l.db, csv]).status == 0)
        }
        func sync(_ l: (db: String, folder: String)) throws -> Harness.Result {
            let r = try run(s, ["sync", "--db", l.db, "--folder", l.folder, "--git"])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            return r
        }
        try edit(laptops[0], "first.one")
        for l in laptops { _ = try sync(l) }
        for l in laptops { _ = try sync(l) }
        try edit(laptops[2], "c.offline") // C's edit, not yet synced
        try edit(laptops[0], "second.one")
        _ = try sync(laptops[0]); _ = try sync(laptops[1]); _ = try sync(laptops[0])
        let status = try run(s, ["sync", "status", "--db", laptops[2].db])
        let cID = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("device") }?.split(separator: " ").last.map(String.init))
        let wrong = try run(s, ["sync", "compact", "--db", laptops[0].db, "--folder", laptops[0].folder, "--without", "nobody"])
        #expect(wrong.status != 0 && wrong.stderr.contains("--without nobody"), "\(wrong.stderr)")
        let compact = try run(s, ["sync", "compact", "--db", laptops[0].db, "--folder", laptops[0].folder, "--git", "--without", String(cID.prefix(6))])
        #expect(compact.status == 0 && compact.stdout.contains("Pruned 2 of this laptop's segments") && compact.stdout.contains("git: pushed"),
                "\(compact.stdout)\(compact.stderr)")
        let (_, tracked) = try git(s, ["ls-files", "ops"], in: laptops[0].folder)
        #expect(!tracked.contains("ops/" + String(try #require(try run(s, ["sync", "status", "--db", laptops[0].db]).stdout
            .split(separator: "\n").first { $0.hasPrefix("device") }?.split(separator: " ").last))), "A's segments are gone from the repository")
        let back = try sync(laptops[2])
        #expect(back.stdout.contains("greenroom sync rejoin"), "\(back.stdout)")
        let rejoin = try run(s, ["sync", "rejoin", "--db", laptops[2].db, "--folder", laptops[2].folder, "--git"])
        #expect(rejoin.status == 0 && rejoin.stdout.contains("Rejoined from snapshots/") && rejoin.stdout.contains("git: pushed"), "\(rejoin.stdout)\(rejoin.stderr)")
        // The old id's device file is gone from the repository too: nobody waits for it.
        _ = try sync(laptops[0])
        let (_, devices) = try git(s, ["ls-files", "devices"], in: laptops[0].folder)
        #expect(!devices.contains(cID), "\(devices)")
        for l in laptops { _ = try sync(l) }
        for l in laptops { _ = try sync(l) }
        let reference = try snapshot(s, db: laptops[0].db)
        #expect(try snapshot(s, db: laptops[1].db) == reference)
        #expect(try snapshot(s, db: laptops[2].db) == reference)
        #expect(String(decoding: reference["creator.json"] ?? Data(), as: UTF8.self).contains("@c.offline"))
        let again = try run(s, ["sync", "compact", "--db", laptops[0].db, "--folder", laptops[0].folder, "--git"])
        #expect(again.status == 0 && !again.stdout.contains("waiting for"), "\(again.stdout)\(again.stderr)")
    }

    /// The app's `S` with `sync_carrier = "git"`: pulls, syncs, commits and pushes, and says so
    /// in the status line; another laptop's `sync --git` then sees the change.
    @Test func theAppsSyncKeyCarriesTheFolderThroughGit() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 5)
        let laptops = try team(s, ["a", "b"])
        let bare = s.path + "/team.git", folder = laptops[0].folder, other = laptops[1].folder, b = laptops[1].db
        try "sync_folder = \"\(folder)\"\nsync_carrier = \"git\"\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        let csv = s.path + "/new.csv"
        try "handle,market\n@from.the.app,US\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try run(s, ["import", "--db", s.database, csv]).status == 0)
        try s.start(["--db", s.database])
        try s.waitFor("never synced")
        try s.type("S")
        let line = try s.waitFor(" · pushed")
        #expect(line.contains("Synced: "), "\(line)")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let (_, log) = try git(s, ["log", "--oneline"], in: bare)
        #expect(log.contains("greenroom "), "\(log)")
        let pulled = try run(s, ["sync", "--db", b, "--folder", other, "--git"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let found = try run(s, ["creators", "list", "--db", b, "--filter", "@from.the.app", "--format", "csv"])
        #expect(found.stdout.contains("@from.the.app"), "\(found.stdout)\(found.stderr)")
    }
}
}
