import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct ImportExportTests {
    func write(_ text: String, _ dir: TempDir, _ name: String = "in.csv", bom: Bool = false) -> String {
        let path = dir.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8))
        return path
    }

    func exportText(_ store: Store, _ dir: TempDir) throws -> String {
        let out = dir.file("export-\(UUID().uuidString)")
        try store.export(format: .csv, to: out)
        return try ["creators.csv", "live_sessions.csv", "tickets.csv"].map {
            try String(contentsOfFile: out + "/" + $0, encoding: .utf8)
        }.joined(separator: "\u{1E}")
    }

    @Test func headersAreMatchedWithSynonymsAndTheBOMIsIgnored() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = write("Username, Display Name ,COUNTRY,Follower Count,Labels,Owner,Agency\n@nova.shop,\"Nova, the shop\",mx,12.3k,smb;new,@jordan,Luz Agency\n", dir, bom: true)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.isEmpty)
        #expect(report.creatorsAdded == 1 && report.applied)
        let c = try #require(try r.store.creator(handle: "@nova.shop"))
        #expect(c.displayName == "Nova, the shop" && c.market == "MX" && c.followers == 12_300)
        #expect(c.ownerID == r.jordan.id && c.networkID == r.luz.id && c.source == .import && c.stage == Stage.lead)
        #expect(try r.store.tags(ofCreator: c.id) == ["new", "smb"])
    }

    @Test func oneBadRowRefusesTheWholeImportAndNamesItsLine() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let before = try exportText(r.store, dir)
        let path = write("handle,name,market,notes\n@ok.one,Ok,US,\"two\nlines\"\n@ok.two,Ok,US,\n@bad,Bad,Mexico,\n", dir)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors == ["in.csv:5: market \"Mexico\" is not an ISO code"])
        #expect(!report.applied)
        #expect(try exportText(r.store, dir) == before)
        let skipping = try r.store.importFiles([path], options: ImportOptions(skipInvalid: true))
        #expect(skipping.applied && skipping.creatorsAdded == 2)
        #expect(try r.store.creator(handle: "@ok.one")?.notes == "two\nlines")
    }

    @Test func dryRunsReportAndWriteNothing() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let before = try exportText(r.store, dir)
        let path = write("handle,name,market,followers\n@mila.cooks,Mila C.,US,125000\n@brand.new,New,MY,5\n@djrafa,Rafa Peña,MX,8200\n", dir)
        let report = try r.store.importFiles([path], options: ImportOptions(dryRun: true))
        #expect(report.creatorsAdded == 1 && report.creatorsUpdated == 1 && report.creatorsUnchanged == 1)
        #expect(!report.applied)
        #expect(try exportText(r.store, dir) == before)
    }

    @Test func upsertsByHandleAndEmptyCellsLeaveFieldsAlone() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = write("handle,name,market,stage,tags,email\n@mila.cooks,,US,established,,mila@example.com\n", dir)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.creatorsUpdated == 1)
        let mila = try #require(try r.store.creator(handle: "@mila.cooks"))
        #expect(mila.displayName == "Mila Carter")        // empty cell: unchanged
        #expect(mila.stage == Stage.established)           // moved, with a stage event
        #expect(mila.email == "mila@example.com")
        #expect(try r.store.tags(ofCreator: mila.id) == ["food", "smb"])
        let again = try r.store.importFiles([path], options: ImportOptions())
        #expect(again.creatorsUnchanged == 1 && again.creatorsUpdated == 0)
    }

    @Test func rowProblemsAreSpecific() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = write("handle,name,market,stage,owner,network,followers,kind\n,No,US,,,,,\n@x,X,US,won,@ghost,Sol,many,robot\n@x,X,US,,,,,\n", dir)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.errors.count == 3)
        #expect(report.errors[0] == "in.csv:2: handle is empty")
        #expect(report.errors[1].hasPrefix("in.csv:3: followers \"many\" is not a number; owner @ghost is not a teammate (add them first, or import with --create-missing to create missing teammates and networks); network \"Sol\" does not exist"))
        #expect(report.errors[1].contains("kind:"))
        #expect(report.errors[1].contains("stage:"))
        #expect(report.errors[2] == "in.csv:4: handle @x appears again (first on line 3)")
        let unknown = write("handle,colour\n@a,red\n", dir, "u.csv")
        #expect(try r.store.importFiles([unknown], options: ImportOptions()).errors.first?.hasPrefix("u.csv:1: unknown column \"colour\"") == true)
        let nothing = write("foo,bar\n1,2\n", dir, "n.csv")
        #expect(throws: GreenroomError.self) { try r.store.importFiles([nothing], options: ImportOptions()) }
    }

    @Test func liveSessionsImportOnceWithLocalTimesAndDurations() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let path = write("creator,start,duration,peak viewers,diamonds\nmila.cooks,2026-11-19 20:00,1:30,120,45\n@mila.cooks,2026-11-19T23:30:00Z,45,,\n", dir)
        let report = try r.store.importFiles([path], options: ImportOptions())
        #expect(report.sessionsAdded == 2 && report.errors.isEmpty)
        let rows = try r.store.read { db in
            try Row.fetchAll(db, sql: "SELECT started_at, minutes, peak_viewers, gifts FROM live_session s JOIN creator c ON c.id = s.creator_id WHERE c.handle = '@mila.cooks' AND started_at > ? ORDER BY started_at", arguments: [pinnedNow - Time.day])
        }
        // The fixture's team zone is UTC, so the local time is the UTC time.
        #expect(rows.map { $0["started_at"] as Millis } == [Time.parseISO("2026-11-19T20:00:00Z")!, Time.parseISO("2026-11-19T23:30:00Z")!])
        #expect(rows[0]["minutes"] as Int == 90 && rows[0]["peak_viewers"] as Int == 120 && rows[0]["gifts"] as Int == 45)
        let again = try r.store.importFiles([path], options: ImportOptions())
        #expect(again.sessionsAdded == 0 && again.sessionsUnchanged == 2)
        // Statistics were refreshed by the import.
        #expect(try r.store.rosterPage(filter: try FilterParser().parse("@mila.cooks"), offset: 0, limit: 1, now: pinnedNow)[0].liveMinutes7d == 180 + 135)
        let bad = write("handle,start,minutes\n@ghost,2026-11-19 20:00,30\n@mila.cooks,yesterday,30\n@mila.cooks,2026-11-19 21:00,2000\n@mila.cooks,2099-01-01 10:00,30\n", dir, "bad.csv")
        let errors = try r.store.importFiles([bad], options: ImportOptions()).errors
        #expect(errors.count == 4)
        #expect(errors[0] == "bad.csv:2: no creator @ghost (import the creators file first, or in the same command)")
        #expect(errors[2].contains("minutes \"2000\" is not a duration"))
        #expect(errors[3].contains("is in the future"))
    }

    @Test func creatorsAndTheirSessionsImportTogether() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let creators = write("handle,market\n@twin,US\n", dir, "c.csv")
        let sessions = write("handle,started_at,minutes\n@twin,2026-11-19T10:00:00Z,30\n", dir, "s.csv")
        let report = try r.store.importFiles([creators, sessions], options: ImportOptions())
        #expect(report.creatorsAdded == 1 && report.sessionsAdded == 1 && report.errors.isEmpty)
    }

    @Test func exportsAreStableAndQuoted() throws {
        let r = try RosterFixture()
        let dir = TempDir()
        let a = try exportText(r.store, dir)
        let b = try exportText(r.store, dir)
        #expect(a == b)
        #expect(a.hasPrefix("handle,name,kind,market,language,network,owner,stage,source,followers,email,phone,tags,notes,created_at,team,id\n@djrafa,Rafa Peña,creator,MX,en,Luz Agency,@jordan,onboarding,event,8200,,,music,wants bilingual streams,"))
        let json = dir.file("json")
        let files = try r.store.export(format: .json, to: json)
        #expect(files.count == Entity.allCases.count + 1) // one file per entity, campaigns and conflict decisions included, and open conflicts
        let creators = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json + "/creator.json"))) as! [[String: Any]]
        #expect(creators.count == 5)
        #expect(creators.map { $0["id"] as! String } == creators.map { $0["id"] as! String }.sorted())
        #expect(creators.allSatisfy { $0["hlc"] is String })
        let file = write("x", dir, "a-file")
        #expect(throws: GreenroomError.invalidInput("\(file) is a file, not a directory")) { try r.store.export(format: .csv, to: file) }
    }
}
