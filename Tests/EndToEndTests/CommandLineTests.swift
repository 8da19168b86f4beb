import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
@Suite struct CommandLineTests {
    @Test func withoutATerminalItSaysSoAndExitsTwo() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 10)
        let r = try Harness.run(["--db", s.database], environment: s.environment)
        #expect(r.status == 2)
        #expect(r.stderr == "greenroom: standard output is not a terminal; run greenroom in a terminal (its screen needs one)\n")
    }

    @Test func aCorruptDatabaseIsReportedInOneLineAndLeftAlone() throws {
        let s = Sandbox()
        let garbage = Data(repeating: 0x5A, count: 4096)
        _ = FileManager.default.createFile(atPath: s.database, contents: garbage)
        let r = try Harness.run(["--db", s.database], environment: s.environment)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("greenroom: \(s.database) is not a database"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.contents(atPath: s.database) == garbage)
    }

    @Test func aBrokenKeyFileStopsStartWithFileAndLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 10)
        try "\"app.quit\" = \"q\"\n\"focus.nxt\" = \"n\"\n".write(toFile: s.path + "/config/greenroom/keys.toml", atomically: true, encoding: .utf8)
        let r = try Harness.run(["--db", s.database], environment: s.environment)
        #expect(r.status == 2)
        #expect(r.stderr == "greenroom: \(s.path)/config/greenroom/keys.toml:2: unknown action \"focus.nxt\" (did you mean focus.next?)\n")
        let doctor = try Harness.run(["doctor", "--db", s.database], environment: s.environment)
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("FAIL  keys      \(s.path)/config/greenroom/keys.toml:2: unknown action"))
    }

    @Test func anUnknownThemeIsRefused() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 10)
        let r = try Harness.run(["--db", s.database, "--theme", "neon"], environment: s.environment)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("greenroom: unknown theme \"neon\" (available: default, gruvbox-dark, high-contrast, light"))
    }

    @Test func wrongFlagsAreRefused() throws {
        let s = Sandbox()
        let r = try Harness.run(["--bogus"], environment: s.environment)
        #expect(r.status != 0)
        #expect(r.stderr.contains("Unknown option '--bogus'"))
        let both = try Harness.run(["--demo", "--db", "x.sqlite"], environment: s.environment)
        #expect(both.status != 0)
        #expect(both.stderr.contains("--demo and --db cannot be used together"))
        let nodb = try Harness.run(["demo"], environment: s.environment)
        #expect(nodb.status == 2)
        #expect(nodb.stderr == "greenroom: demo needs --db PATH (a new file to create)\n")
        let badNow = try Harness.run(["demo", "--db", s.database], environment: s.environment.merging(["GREENROOM_NOW": "soon"]) { $1 })
        #expect(badNow.status == 2)
        #expect(!FileManager.default.fileExists(atPath: s.database))
        let negative = try Harness.run(["demo", "--db", s.database, "--creators", "0"], environment: s.environment)
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--creators must be between 1 and"))
    }

    @Test func demoIsDeterministicAndReportsItsRate() throws {
        let s = Sandbox()
        let r = try Harness.run(["demo", "--db", s.database, "--creators", "40", "--tickets", "50"], environment: s.environment)
        #expect(r.status == 0)
        #expect(r.stdout.contains("rows/s"))
        #expect(r.stdout.contains("creator 40"))
        let again = try Harness.run(["demo", "--db", s.database], environment: s.environment)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func doctorChecksEverythingAndPassesOnAHealthySetup() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 10)
        let r = try Harness.run(["doctor", "--db", s.database], environment: s.environment)
        #expect(r.status == 0, "\(r.stdout)")
        for area in ["terminal", "unicode", "database", "config", "keys", "themes"] {
            #expect(r.stdout.contains(" \(area)"), "missing \(area)")
        }
        #expect(r.stdout.contains(#/schema v[12][0-9][-a-z]*, journal wal, integrity ok/#), "\(r.stdout)")
        #expect(r.stdout.contains("All checks passed."))
    }

    @Test func doctorFailsOnACorruptDatabase() throws {
        let s = Sandbox()
        _ = FileManager.default.createFile(atPath: s.database, contents: Data(repeating: 1, count: 2048))
        let r = try Harness.run(["doctor", "--db", s.database], environment: s.environment)
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL  database"))
    }

    @Test func keysPrintsTheTableFromTheKeyMap() throws {
        let s = Sandbox()
        let r = try Harness.run(["keys", "--defaults"], environment: s.environment)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("| keys | action | where |"))
        #expect(r.stdout.contains("| `Tab` | Next pane | everywhere |"))
    }

    @Test func subcommandsReadTheirOwnDbAndAsOptions() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 20)
        let all = try Harness.run(["creators", "list", "--db", s.database, "--format", "json"], environment: s.environment)
        #expect(all.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]] ?? []
        let owners = rows.compactMap { $0["owner"] as? String }
        let someone = try #require(owners.first)
        let mine = try Harness.run(["creators", "list", "--db", s.database, "--filter", "owner:me", "--as", someone, "--format", "json"],
                                   environment: s.environment)
        #expect(mine.status == 0)
        let mineRows = try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(mineRows.count == owners.filter { $0 == someone }.count)
        #expect(!mineRows.isEmpty && mineRows.allSatisfy { $0["owner"] as? String == someone })
    }

    @Test func benchRunsEndToEndAtATinySizeAndPrintsEveryKey() throws {
        let s = Sandbox()
        let db = s.path + "/bench.sqlite"
        let r = try Harness.run(["bench", "--db", db, "--creators", "120", "--tickets", "150", "--sessions", "1500", "--repeats", "10",
                                  "--sync-ops", "3000", "--json"], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let expectedKeys: Set<String> = ["first_frame_ms", "peak_rss_mb", "keys", "kpi_recompute_ms", "review_open_ms",
                                         "sync_export_ops_per_s", "sync_import_ops_per_s", "sync_noop_ms", "sync_peak_rss_mb"]
        #expect(Set(object.keys) == expectedKeys)
        for key in expectedKeys where key != "keys" {
            #expect((object[key] as? Double).map { $0 >= 0 } == true, "\(key) is not a number: \(String(describing: object[key]))")
        }
        #expect(r.stderr.contains("rows/s"), "the creation rate is reported: \(r.stderr)")
        #expect((object["sync_peak_rss_mb"] as? Double).map { $0 > 5 && $0 < 2_000 } == true, "a real process's peak: \(String(describing: object["sync_peak_rss_mb"]))")
        let keys = try #require(object["keys"] as? [String: [String: Double]])
        for scenario in ["roster_scroll", "roster_page", "roster_jump_end", "roster_filter_type", "pane_switch", "open_creator",
                         "board_column_scroll", "board_move_card", "queue_scroll", "queue_view_switch", "ticket_filter_type", "open_ticket"] {
            let figures = try #require(keys[scenario], "missing \(scenario)")
            #expect(Set(figures.keys) == ["p50", "p95", "p99"])
            #expect(figures["p50"]! <= figures["p99"]!)
        }
        // The KPI engine's timing mode: a line per KPI and the total.
        let kpis = try Harness.run(["bench", "--db", db, "--kpis"], environment: s.environment)
        #expect(kpis.status == 0, "\(kpis.stderr)")
        #expect(kpis.stdout.split(separator: "\n").count == 19 && kpis.stdout.contains("sla_attainment") && kpis.stdout.contains("all "), "\(kpis.stdout)")
        // A second run reuses the dataset: no creation rate.
        let again = try Harness.run(["bench", "--db", db, "--repeats", "10", "--sync-ops", "0", "--json"], environment: s.environment)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(Set(second.keys) == expectedKeys)
        #expect(second["sync_import_ops_per_s"] is NSNull, "skipped sync figures are null")
        #expect(!again.stderr.contains("rows/s"), "a reused dataset is not created again")
    }
}
}
