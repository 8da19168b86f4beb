import Foundation
import Glibc
import Testing
import GreenroomCore
import GreenroomStore
import GreenroomSync

extension EndToEnd {
/// `greenroom sync` as a user runs it: the real binary, real processes, real carriers.
@Suite struct SyncEndToEndTests {
    /// Writes `count` creators as a CSV and imports them (each one a few outbox operations).
    func importCreators(_ s: Sandbox, db: String, prefix: String, count: Int) throws {
        var csv = "handle,name,market,followers\n"
        for i in 0..<count { csv += "@\(prefix)\(i),\(prefix.capitalized) \(i),US,\(i * 10)\n" }
        let file = s.path + "/\(prefix).csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Harness.run(["import", "--db", db, file], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
    }

    func snapshot(_ s: Sandbox, db: String) throws -> [String: Data] {
        let out = s.path + "/snapshot-" + UUID().uuidString.prefix(8)
        let r = try Harness.run(["export", "--db", db, "--format", "json", "--out", out], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
        return files
    }

    func deviceID(_ s: Sandbox, db: String) throws -> String {
        let r = try Harness.run(["sync", "status", "--db", db], environment: s.environment)
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("device") })
        return String(line.split(separator: " ").last!)
    }

    @Test func aSyncKilledMidExportLeavesNoPartialSegmentAndTheNextOneCompletes() throws {
        let s = Sandbox()
        let a = s.path + "/a.sqlite", folder = s.path + "/folder"
        try importCreators(s, db: a, prefix: "kill", count: 1500)
        let device = try deviceID(s, db: a)
        let before = try Harness.run(["sync", "status", "--db", a], environment: s.environment).stdout
        #expect(before.contains("pending     3000 local operations"))
        // Many small segments, and a SIGKILL as soon as the first one starts to appear.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["sync", "--db", a, "--folder", folder, "--segment-ops", "50"]
        process.environment = s.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ops = folder + "/ops/" + device
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            if let months = try? FileManager.default.contentsOfDirectory(atPath: ops), let month = months.first,
               let files = try? FileManager.default.contentsOfDirectory(atPath: ops + "/" + month), !files.isEmpty { break }
            usleep(200)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sync finished before it could be killed")
        // Whatever a reader sees under a segment name is a whole segment.
        func checkSegments() throws -> Int {
            var lines = 0
            for f in filesUnder(folder) where f.hasPrefix("ops/") && !(f as NSString).lastPathComponent.hasPrefix(".") {
                let data = try #require(FileManager.default.contents(atPath: folder + "/" + f))
                #expect(SyncFolder.isSegmentName((f as NSString).lastPathComponent))
                #expect(f.hasSuffix("-\(FNV1a.hex(of: data).prefix(8)).jsonl"))
                let contents = OpFile.parse(data)
                #expect(!contents.truncatedTail && data.last == 0x0A)
                for line in contents.lines { _ = try line.operation.get(); lines += 1 }
            }
            return lines
        }
        let published = try checkSegments()
        let pending = try Harness.run(["sync", "status", "--db", a], environment: s.environment).stdout
        #expect(!pending.contains("pending     0 local"), "killed after the export had finished: \(published) lines published")
        let again = try Harness.run(["sync", "--db", a, "--folder", folder, "--segment-ops", "50"], environment: s.environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Harness.run(["sync", "status", "--db", a], environment: s.environment).stdout.contains("pending     0 local operations"))
        #expect(try checkSegments() >= 3000)
        #expect(!filesUnder(folder).contains { ($0 as NSString).lastPathComponent.hasPrefix(".tmp-") }, "temporary files were left behind")
        // A new laptop reading the folder ends up with exactly the same data.
        let b = s.path + "/b.sqlite"
        let joined = try Harness.run(["sync", "--db", b, "--folder", folder], environment: s.environment)
        #expect(joined.status == 0 && joined.stdout.contains("3000 operations applied"), "\(joined.stdout)\(joined.stderr)")
        #expect(try snapshot(s, db: a) == snapshot(s, db: b))
    }

    @Test func theFolderIsRememberedAndBadFoldersAreRefusedInOneLine() throws {
        let s = Sandbox()
        let a = s.path + "/a.sqlite"
        try importCreators(s, db: a, prefix: "cfg", count: 3)
        try "# my settings\ntheme = \"light\"\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        let none = try Harness.run(["sync", "--db", a], environment: s.environment)
        #expect(none.status == 2 && none.stderr.hasPrefix("greenroom: no sync folder") && none.stderr.split(separator: "\n").count == 1)
        let first = try Harness.run(["sync", "--db", a, "--folder", s.path + "/shared"], environment: s.environment)
        #expect(first.status == 0)
        #expect(first.stdout.contains("Exported 6 operations in 1 new segment."), "\(first.stdout)")
        let config = try String(contentsOfFile: s.path + "/config/greenroom/config.toml", encoding: .utf8)
        #expect(config.hasPrefix("# my settings\ntheme = \"light\"\nsync_folder = "))
        let second = try Harness.run(["sync", "--db", a], environment: s.environment)
        #expect(second.status == 0 && second.stdout.hasPrefix("Read 0 files: 0 operations applied"))
        let status = try Harness.run(["sync", "status", "--db", a], environment: s.environment)
        #expect(status.stdout.contains("folder      \(s.path)/shared") && status.stdout.contains("pending     0 local operations"))
        let inside = try Harness.run(["sync", "--db", a, "--folder", s.path], environment: s.environment)
        #expect(inside.status == 2 && inside.stderr.contains("contains the live database") && inside.stderr.split(separator: "\n").count == 1)
        try #"{"format":"greenroom-sync","version":9}"#.write(toFile: s.path + "/shared/FORMAT.json", atomically: true, encoding: .utf8)
        let newer = try Harness.run(["sync", "--db", a], environment: s.environment)
        #expect(newer.status == 2 && newer.stderr.contains("uses sync format version 9") && newer.stderr.split(separator: "\n").count == 1)
    }

    @Test func aSnapshotRestoresExactlyAndOnlyIntoAnEmptyDatabase() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 80)
        try importCreators(s, db: s.database, prefix: "snap", count: 5) // stamped writes too
        let original = try snapshot(s, db: s.database)
        let out = s.path + "/backup"
        #expect(try Harness.run(["export", "--db", s.database, "--format", "json", "--out", out], environment: s.environment).status == 0)
        let restored = s.path + "/restored.sqlite"
        let r = try Harness.run(["import", out, "--db", restored], environment: s.environment)
        #expect(r.status == 0 && r.stdout.hasPrefix("Restored "), "\(r.stderr)")
        #expect(try snapshot(s, db: restored) == original)
        let refused = try Harness.run(["import", out, "--db", s.database], environment: s.environment)
        #expect(refused.status == 2 && refused.stderr.contains("is not empty") && refused.stderr.split(separator: "\n").count == 1)
        #expect(try snapshot(s, db: s.database) == original)
        // Derived data is rebuilt: the queue reads the same on both.
        let queue = { (db: String) in try Harness.run(["tickets", "list", "--db", db, "--format", "csv"], environment: s.environment).stdout }
        #expect(try queue(restored) == queue(s.database))
    }

    @Test func twoGitClonesShareTheFolderWithoutEverAMergeConflict() throws {
        let s = Sandbox()
        func git(_ args: [String], in dir: String) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git"] + args
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.environment = s.environment.merging(["GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"]) { $1 }
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        func ok(_ args: [String], in dir: String) throws -> String {
            let (status, output) = try git(args, in: dir)
            #expect(status == 0, "git \(args.joined(separator: " ")): \(output)")
            #expect(!output.contains("CONFLICT"), "git \(args.joined(separator: " ")): \(output)")
            return output
        }
        let remote = s.path + "/team.git", seed = s.path + "/seed"
        _ = try ok(["init", "-q", "--bare", "-b", "main", remote], in: s.path)
        _ = try ok(["clone", "-q", remote, seed], in: s.path)
        for clone in [seed] {
            _ = try ok(["config", "user.name", "Seed"], in: clone); _ = try ok(["config", "user.email", "seed@example.com"], in: clone)
        }
        try "Greenroom sync folder\n".write(toFile: seed + "/README", atomically: true, encoding: .utf8)
        _ = try ok(["add", "-A"], in: seed); _ = try ok(["commit", "-q", "-m", "start"], in: seed); _ = try ok(["push", "-q", "origin", "HEAD:main"], in: seed)
        var laptops: [(db: String, clone: String)] = []
        for name in ["ana", "ben"] {
            let clone = s.path + "/clone-\(name)"
            _ = try ok(["clone", "-q", remote, clone], in: s.path)
            _ = try ok(["config", "user.name", name], in: clone); _ = try ok(["config", "user.email", "\(name)@example.com"], in: clone)
            let db = s.path + "/\(name).sqlite"
            try importCreators(s, db: db, prefix: name, count: 20)
            // Both change the same team setting offline: a conflict for the table, not for git.
            let w = try Harness.run(["settings", "sla", "warning", name == "ana" ? "45" : "90", "--db", db], environment: s.environment)
            #expect(w.status == 0, "\(w.stderr)")
            laptops.append((db, clone))
        }
        func round() throws {
            for (db, clone) in laptops {
                _ = try ok(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: clone)
                let r = try Harness.run(["sync", "--db", db, "--folder", clone], environment: s.environment)
                #expect(r.status == 0 && !r.stdout.contains("Skipped"), "\(r.stdout)\(r.stderr)")
                _ = try ok(["add", "-A"], in: clone)
                if try git(["diff", "--cached", "--quiet"], in: clone).0 != 0 { _ = try ok(["commit", "-q", "-m", "sync"], in: clone) }
                _ = try ok(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: clone)
                _ = try ok(["push", "-q", "origin", "HEAD:main"], in: clone)
            }
        }
        try round()
        try round()
        for (_, clone) in laptops { _ = try ok(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: clone) }
        for (db, clone) in laptops { #expect(try Harness.run(["sync", "--db", db, "--folder", clone], environment: s.environment).status == 0) }
        let ana = try snapshot(s, db: laptops[0].db), ben = try snapshot(s, db: laptops[1].db)
        #expect(ana == ben)
        let creators = try #require(ana["creator.json"].map { String(decoding: $0, as: UTF8.self) })
        #expect(creators.contains("@ana19") && creators.contains("@ben19"))
        // One laptop kept the other's warning threshold as a conflict to review.
        let statuses = try laptops.map { try Harness.run(["sync", "status", "--db", $0.db], environment: s.environment).stdout }
        #expect(statuses.contains { $0.contains("conflicts   1 open") })
        #expect(statuses.allSatisfy { $0.contains("peers       device") })
    }
}
}

/// Every file under `root`, relative.
private func filesUnder(_ root: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
    var out: [String] = []
    while let f = e.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + f, isDirectory: &isDir), !isDir.boolValue, !f.hasPrefix(".git") { out.append(f) }
    }
    return out.sorted()
}
