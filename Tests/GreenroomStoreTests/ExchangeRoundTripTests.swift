import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct ExchangeRoundTripTests {
    func csvExport(_ store: Store, _ dir: TempDir) throws -> [String: String] {
        let out = dir.file("csv-\(UUID().uuidString)")
        try store.export(format: .csv, to: out)
        var files: [String: String] = [:]
        for name in ["creators.csv", "live_sessions.csv", "tickets.csv"] { files[name] = try String(contentsOfFile: out + "/" + name, encoding: .utf8) }
        return files
    }

    /// One entity of a JSON snapshot, as objects.
    func entity(_ store: Store, _ dir: TempDir, _ name: String) throws -> [[String: Any]] {
        let out = dir.file("json-\(UUID().uuidString)")
        try store.export(format: .json, to: out)
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    /// A snapshot entity with sync stamps dropped, the given id columns dropped, and member
    /// and network ids replaced by handles and names: what a CSV file can carry.
    func content(_ store: Store, _ dir: TempDir, _ name: String, dropping: Set<String> = []) throws -> [String] {
        let members = Dictionary(uniqueKeysWithValues: try entity(store, dir, "member").map { ($0["id"] as! String, $0["handle"] as! String) })
        let networks = Dictionary(uniqueKeysWithValues: try entity(store, dir, "network").map { ($0["id"] as! String, $0["name"] as! String) })
        return try entity(store, dir, name).map { row in
            var row = row
            for key in dropping.union(["hlc", "stamps"]) { row.removeValue(forKey: key) }
            for key in ["owner_id", "by_member_id"] { if let id = row[key] as? String { row[key] = members[id] } }
            if let id = row["network_id"] as? String { row["network_id"] = networks[id] }
            return String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    @Test func anExportImportsBackIntoItsOwnDatabaseChangingNothing() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let out = dir.file("out")
        try r.store.export(format: .csv, to: out)
        let before = try ImportStrictnessTests.snapshot(r.store, dir)
        let report = try r.store.importFiles([out + "/creators.csv", out + "/live_sessions.csv", out + "/tickets.csv"], options: ImportOptions())
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.creatorsUnchanged == 5 && report.creatorsAdded == 0 && report.sessionsUnchanged == 6 && report.sessionsAdded == 0)
        #expect(!report.applied)
        #expect(try ImportStrictnessTests.snapshot(r.store, dir) == before)
    }

    @Test func anExportImportsIntoAnEmptyDatabaseExactly() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let out = dir.file("out")
        try r.store.export(format: .csv, to: out)
        let files = [out + "/creators.csv", out + "/live_sessions.csv", out + "/tickets.csv"]
        let fresh = try Store.open(at: dir.file("fresh.sqlite"), clock: .fixed(pinnedNow))
        // Without --create-missing the error says how to bring the team along.
        let refused = try fresh.importFiles(files, options: ImportOptions())
        #expect(refused.errors.contains { $0.hasPrefix("creators.csv:2: owner @jordan is not a teammate (add them first, or import with --create-missing") })
        #expect(!refused.applied)
        let report = try fresh.importFiles(files, options: ImportOptions(createMissing: true))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.creatorsAdded == 5 && report.sessionsAdded == 6 && report.applied)
        #expect(Set(report.membersCreated) == ["@ana", "@jordan"] && report.networksCreated == ["Luz Agency"])
        // The CSV files come out the same, byte for byte…
        #expect(try csvExport(fresh, dir) == csvExport(r.store, dir))
        // …and the JSON snapshots agree on everything a CSV file carries: creators (ids
        // included), their tags, their first stage events, live sessions (ids included).
        // Stamps are the new database's own writes; tag and stage-event ids are new rows.
        #expect(try content(fresh, dir, "creator") == content(r.store, dir, "creator"))
        #expect(try content(fresh, dir, "creator_tag", dropping: ["id"]) == content(r.store, dir, "creator_tag", dropping: ["id"]))
        #expect(try content(fresh, dir, "stage_event", dropping: ["id"]) == content(r.store, dir, "stage_event", dropping: ["id"]))
        #expect(try content(fresh, dir, "live_session") == content(r.store, dir, "live_session"))
        #expect(try entity(fresh, dir, "member").map { $0["handle"] as! String }.sorted() == ["@ana", "@jordan"])
        // Every row was a local write: stamped and in the outbox, ready to sync.
        let ops = try fresh.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
        #expect(ops == 2 + 1 + 5 + 5 + 4 + 6) // members, network, creators, stage events, tags, sessions
    }

    @Test func createMissingIsListedInTheDryRunAndWritesNothing() throws {
        let dir = TempDir()
        let store = try Store.open(at: dir.file("new.sqlite"), clock: .fixed(pinnedNow))
        let path = dir.file("c.csv")
        try "handle,market,owner,network\n@a,US,@ana,Luz Agency\n@b,MX,@bo,\n".write(toFile: path, atomically: true, encoding: .utf8)
        let before = try ImportStrictnessTests.snapshot(store, dir)
        let report = try store.importFiles([path], options: ImportOptions(dryRun: true, createMissing: true))
        #expect(report.errors.isEmpty && !report.applied)
        #expect(report.membersCreated == ["@ana", "@bo"] && report.networksCreated == ["Luz Agency"])
        #expect(report.summary.hasPrefix("teammates: 2 created (@ana, @bo); networks: 1 created (\"Luz Agency\"); creators: 2 added"))
        #expect(try ImportStrictnessTests.snapshot(store, dir) == before)
    }

    @Test func mapReadsForeignColumnsAndTheDryRunShowsHowColumnsWereRead() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = dir.file("tiktok.csv")
        try "Username,Country,Display,Internal ID,Fans\nnova.shop,mx,Nova,991,12k\n".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try r.store.importFiles([path], options: ImportOptions(dryRun: true))
        #expect(refused.errors == ["tiktok.csv:1: unknown columns \"Display\", \"Internal ID\" (known: id, handle, display_name, kind, market, language, network, owner, team, stage, source, followers, email, phone, tags, notes, created_at; --map \"Display=NAME\" reads it as one of them, --map \"Display=-\" ignores it)"])
        let mapping = try ImportOptions.parseMapping("Username=handle, Country=market,Display=name,Internal ID=-")
        let dry = try r.store.importFiles([path], options: ImportOptions(dryRun: true, mapping: mapping))
        #expect(dry.errors.isEmpty)
        #expect(dry.columns == ["tiktok.csv (creators): handle ← \"Username\" (--map), market ← \"Country\" (--map), display_name ← \"Display\" (--map), followers ← \"Fans\" (guessed), ignored: \"Internal ID\""])
        let report = try r.store.importFiles([path], options: ImportOptions(mapping: mapping))
        let nova = try #require(try r.store.creator(handle: "@nova.shop"))
        #expect(report.applied && nova.displayName == "Nova" && nova.market == "MX" && nova.followers == 12_000)
        #expect(throws: GreenroomError.invalidInput("--map names column \"Nope\", which no file has")) {
            try r.store.importFiles([path], options: ImportOptions(mapping: ["Nope": "handle", "Username": "handle", "Country": "market", "Display": "name", "Internal ID": "-"]))
        }
        #expect(throws: GreenroomError.self) { try ImportOptions.parseMapping("Username") }
        #expect(throws: GreenroomError.self) { try r.store.importFiles([path], options: ImportOptions(mapping: ["Username": "hndle"])) }
    }

    @Test func possibleDuplicatesAreReportedWithBothLines() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = dir.file("d.csv")
        try """
            handle,market,email
            @Ana.B,US,
            @ana_b2,US,x@example.com
            @anab,US,
            @other,US,X@Example.com
            @milacooks,US,

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.notices == [
            "d.csv:4: possible duplicate: @anab looks like @ana.b on line 2 (the same handle ignoring case and . _ -)",
            "d.csv:5: possible duplicate: @other has the same email as @ana_b2 on line 3 (x@example.com)",
            "d.csv:6: possible duplicate: @milacooks looks like @mila.cooks already here (the same handle ignoring case and . _ -)",
        ])
        #expect(report.errors.isEmpty && report.applied && report.creatorsAdded == 5)
        // The same handle twice is ambiguous, not a duplicate to report: it is refused.
        let twice = dir.file("t.csv")
        try "handle,market\n@z,US\n@Z,US\n".write(toFile: twice, atomically: true, encoding: .utf8)
        #expect(try r.store.importFiles([twice], options: ImportOptions()).errors == ["t.csv:3: handle @z appears again (first on line 2)"])
    }
    /// A file long enough to be checked on several cores (`CreatorPlanner.prepare`): problems,
    /// repeated handles, possible duplicates and `--create-missing` owners that span the split
    /// still come out in file order, with their own lines and the words a short file gets.
    @Test func aLongFileCheckedOnSeveralCoresReportsInFileOrder() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        var lines = ["handle,market,followers,owner,email,stage"]
        for i in 0..<4_000 {
            switch i {
            case 10: lines.append("@row\(i),ZZ,many,,,lead")             // line 12: two problems, in order
            case 1_999: lines.append("@early.bird,US,5,@newboss,,lead")   // line 2001: creates @newboss
            case 2_100: lines.append("@earlybird,US,5,@newboss,,lead")    // line 2102: looks like line 2001
            case 2_500: lines.append("@row10,US,5,,,lead")                // line 2502: line 12's handle again
            case 3_000: lines.append("@row\(i),US,5,@ghost!,,lead")       // line 3002: a bad owner
            case 3_999: lines.append("@row\(i),US,5,,,nowhere")           // line 4001: a stage that is not one
            default: lines.append("@row\(i),US,\(i),,row\(i)@example.com,lead")
            }
        }
        let path = dir.file("long.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let stages = try r.store.teamSettings().allStageNames.joined(separator: ", ")
        let report = try r.store.importFiles([path], options: ImportOptions(dryRun: true, createMissing: true))
        #expect(report.errors == [
            "long.csv:12: followers \"many\" is not a number; market \"ZZ\" is not an ISO code",
            "long.csv:2502: handle @row10 appears again (first on line 12)",
            "long.csv:3002: owner @ghost! is not a handle (up to 30 letters, digits, dots, dashes or underscores)",
            "long.csv:4001: stage: one of \(stages)",
        ])
        #expect(report.notices == ["long.csv:2102: possible duplicate: @earlybird looks like @early.bird on line 2001 (the same handle ignoring case and . _ -)"])
        #expect(report.membersCreated == ["@newboss"])
        #expect(report.creatorsAdded == 3_996)
    }
}
