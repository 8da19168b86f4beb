import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// CSV in and out with the real binary: exports that import back into a new database,
/// hostile files refused in one line with nothing written, `--map`, merging creators, and
/// the progress bar on a terminal.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct ExchangeEndToEnd {
    func export(_ s: Sandbox, _ db: String, _ format: String) throws -> [String: Data] {
        let out = s.path + "/\(format)-" + UUID().uuidString.prefix(8)
        let r = try Harness.run(["export", "--db", db, "--format", format, "--out", out], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) { files[name] = FileManager.default.contents(atPath: out + "/" + name) }
        return files
    }

    func write(_ s: Sandbox, _ name: String, _ bytes: Data) -> String {
        let path = s.path + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: bytes)
        return path
    }

    @Test func aCSVExportImportsIntoANewDatabaseAndExportsTheSame() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 120, tickets: 60)
        let csv = try export(s, s.database, "csv")
        let files = ["creators.csv", "live_sessions.csv", "tickets.csv"].map { name in write(s, name, csv[name] ?? Data()) }
        let fresh = s.path + "/fresh.sqlite"
        let refused = try Harness.run(["import", "--db", fresh] + files, environment: s.environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not a teammate (add them first, or import with --create-missing"), "\(refused.stderr)")
        let dry = try Harness.run(["import", "--db", fresh, "--create-missing", "--dry-run"] + files, environment: s.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Dry run — nothing written. Would import: teammates: "))
        #expect(dry.stdout.contains("Columns of creators.csv (creators): handle, display_name ← \"name\""))
        let r = try Harness.run(["import", "--db", fresh, "--create-missing"] + files, environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("creators: 120 added"), "\(r.stdout)")
        let again = try export(s, fresh, "csv")
        for name in ["creators.csv", "live_sessions.csv", "tickets.csv"] { #expect(again[name] == csv[name], "\(name) differs") }
        // Importing the export back into the new database changes nothing at all.
        let before = try export(s, fresh, "json")
        let noop = try Harness.run(["import", "--db", fresh] + files, environment: s.environment)
        #expect(noop.status == 0 && noop.stdout.hasPrefix("Nothing to import: creators: 0 added, 0 updated, 120 unchanged"), "\(noop.stdout)\(noop.stderr)")
        #expect(try export(s, fresh, "json") == before)
    }

    @Test func hostileFilesAreRefusedInOneLineAndNothingIsWritten() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 10)
        let before = try export(s, s.database, "json")
        let cases: [(String, Data, String)] = [
            ("quote.csv", Data("handle,name,market\n@qa.one,\"QA \"the\" One\",US\n".utf8), "quote.csv:2: a quote inside the quoted column \"name\" ends it too early"),
            ("huge.csv", Data(("handle,name,market\n@big,\"" + String(repeating: "x", count: 10 * 1024 * 1024) + "\",US\n").utf8),
             "huge.csv:2: the column \"name\" is longer than 64 KiB"),
            ("extra.csv", Data("handle,name,market\n@extra,Extra,US,oops\n".utf8), "extra.csv:2: 4 values but the header has 3 columns: an extra value after \"market\""),
            ("empty.csv", Data(), "empty.csv:1: the file is empty"),
            ("binary.csv", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00]), "binary.csv:1: the file has a NUL byte here: it is binary, not CSV text"),
        ]
        for (name, bytes, reason) in cases {
            let r = try Harness.run(["import", "--db", s.database, write(s, name, bytes)], environment: s.environment)
            #expect(r.status == 2, "\(name)")
            #expect(r.stderr.contains(reason), "\(name): \(r.stderr)")
            #expect(!r.stderr.contains("cannotReadHeaderRow") && r.stdout.isEmpty, "\(name)")
        }
        #expect(try export(s, s.database, "json") == before)
    }

    @Test func mapReadsAForeignFile() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 10)
        let file = write(s, "tiktok.csv", Data("Username,Country,Nick,Internal ID\nnova.shop,mx,Nova,991\n".utf8))
        let dry = try Harness.run(["import", "--db", s.database, "--dry-run", "--map", "Username=handle,Country=market,Nick=name,Internal ID=-", file],
                                  environment: s.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("handle ← \"Username\" (--map), market ← \"Country\" (--map), display_name ← \"Nick\" (--map), ignored: \"Internal ID\""), "\(dry.stdout)")
        let r = try Harness.run(["import", "--db", s.database, "--map", "Username=handle,Country=market,Nick=name,Internal ID=-", file], environment: s.environment)
        #expect(r.status == 0 && r.stdout.contains("creators: 1 added"), "\(r.stdout)\(r.stderr)")
        let bad = try Harness.run(["import", "--db", s.database, "--map", "Username", file], environment: s.environment)
        #expect(bad.status == 2 && bad.stderr.hasPrefix("greenroom: --map wants COLUMN=name pairs"), "\(bad.stderr)")
    }

    @Test func mergingTwoCreatorsMovesTheirHistoryAndUnmergeBringsItBack() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let file = write(s, "pair.csv", Data("handle,market,email,tags\n@dup.one,US,,alpha\n@dupone,US,dup@example.com,beta\n".utf8))
        let imported = try Harness.run(["import", "--db", s.database, file], environment: s.environment)
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("warning: pair.csv:3: possible duplicate: @dupone looks like @dup.one on line 2"), "\(imported.stderr)")
        let sessions = write(s, "live.csv", Data("handle,started_at,minutes\n@dupone,2026-11-19T10:00:00Z,45\n@dupone,2026-11-18T10:00:00Z,30\n".utf8))
        #expect(try Harness.run(["import", "--db", s.database, sessions], environment: s.environment).status == 0)
        let before = try export(s, s.database, "csv")
        let merged = try Harness.run(["creators", "merge", "--db", s.database, "@dup.one", "@dupone"], environment: s.environment)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.hasPrefix("Merged @dupone into @dup.one: moved 1 stage event, 2 live sessions"), "\(merged.stdout)")
        let after = try export(s, s.database, "csv")
        let creators = String(decoding: after["creators.csv"] ?? Data(), as: UTF8.self)
        #expect(!creators.contains("@dupone,"))
        #expect(creators.contains("@dup.one,dup.one,creator,US,,,,lead,import,0,dup@example.com,,alpha;beta,"), "\(creators)")
        let live = String(decoding: after["live_sessions.csv"] ?? Data(), as: UTF8.self)
        #expect(live.contains("@dup.one,2026-11-18T10:00:00Z,30") && live.contains("@dup.one,2026-11-19T10:00:00Z,45"))
        // The merge is an ordinary synced change: it waits in the outbox.
        let status = try Harness.run(["sync", "status", "--db", s.database], environment: s.environment)
        #expect(status.stdout.contains("local operations not yet exported"))
        let undo = try Harness.run(["creators", "unmerge", "--db", s.database, "@dupone"], environment: s.environment)
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(try export(s, s.database, "csv") == before)
        let twice = try Harness.run(["creators", "unmerge", "--db", s.database, "@dupone"], environment: s.environment)
        #expect(twice.status == 2 && twice.stderr.contains("no merge of @dupone to undo on this laptop"))
        let missing = try Harness.run(["creators", "merge", "--db", s.database, "@dup.one", "@ghost"], environment: s.environment)
        #expect(missing.status == 2 && missing.stderr == "greenroom: no creator @ghost\n")
    }

    @Test func benchImportMeasuresImportAndExportAgainstSqlite3() throws {
        let s = Sandbox()
        let r = try Harness.run(["bench", "--import", "--creators", "300", "--json"], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["export_csv_rows_per_s", "export_json_rows_per_s", "import_creators_rows_per_s", "import_sessions_rows_per_s",
                                     "import_creators_s", "sqlite3_import_s", "visidata_import_s", "import_vs_sqlite3", "import_vs_visidata",
                                     "import_write_floor_s", "import_vs_write_floor"])
        for key in ["export_csv_rows_per_s", "export_json_rows_per_s", "import_creators_rows_per_s", "import_sessions_rows_per_s", "import_creators_s"] {
            #expect((object[key] as? Double).map { $0 > 0 } == true, "\(key): \(String(describing: object[key]))")
        }
        // The peers are measured where installed, and null where not.
        let hasSqlite3 = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
        #expect((object["import_vs_sqlite3"] is Double) == hasSqlite3 || (object["import_vs_sqlite3"] is NSNull) == !hasSqlite3)
        // The write floor (sqlite3 copying what the import wrote) runs wherever sqlite3 does.
        #expect((object["import_write_floor_s"] as? Double).map { $0 > 0 } == hasSqlite3, "\(String(describing: object["import_write_floor_s"])) \(r.stderr)")
        #expect(object["import_vs_visidata"] is Double || object["import_vs_visidata"] is NSNull)
    }

    @Test func aLongImportShowsAProgressBarOnATerminalAndErasesIt() throws {
        let s = Sandbox()
        var text = "handle,market,name,tags\n"
        for i in 0..<60_000 { text += "@progress\(i),US,Progress \(i),a;b\n" }
        let file = write(s, "many.csv", Data(text.utf8))
        try s.start(["import", "--db", s.database, file], width: 100, height: 10)
        let during = try s.waitUntil(timeout: 120, "a progress bar") { $0.contains("[#") || $0.contains("EXIT=") }
        #expect(during.contains("%") && during.contains("[#"), "\(during)")
        let done = try s.waitFor("EXIT=", timeout: 180)
        #expect(done.contains("Imported: creators: 60000 added") && done.contains("EXIT=0"), "\(done)")
        #expect(!done.contains("[#"), "the bar is erased: \(done)")
    }
}
}
