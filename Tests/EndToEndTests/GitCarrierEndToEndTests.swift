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
        let bare = s.path + "/team.git"
        #expect(try git(s, ["init", "--bare", "--quiet", bare], in: s.path).0 == 0)
        var laptops: [(db: String, folder: String)] = []
        for name in ["a", "b", "c"] {
            let folder = s.path + "/clone-\(name)"
            #expect(try git(s, ["clone", "--quiet", bare, folder], in: s.path).0 == 0)
            let db = s.path + "/\(name).sqlite"
            try FileManager.default.copyItem(atPath: s.database, toPath: db)
            laptops.append((db, folder))
        }
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
}
}
