import Foundation
import Testing
import GreenroomCore
import KPIOracle

extension EndToEnd {
/// Issue 20 through the real binary: `report weekly --format json` equals the oracle over
/// `export --format json`; `?` on a KPI row shows the text of `greenroom kpi explain`; the
/// current week is reviewed as partial; keys look the same in the queue, the Review and the
/// report.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct KPIExplainEndToEndTests {
    func json(_ s: Sandbox, _ args: [String]) throws -> [String: Any] {
        let r = try Harness.run(args + ["--db", s.database], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// The weekly report's numbers, as JSON rounds them (4 decimals), equal the oracle's.
    @Test func theWeeklyReportEqualsTheOracleOverTheExport() throws {
        let s = Sandbox()
        let demo = try Harness.run(["demo", "--db", s.database, "--creators", "150", "--tickets", "500", "--seed", "23", "--reopens", "0.3",
                                    "--closes", "0.7"], environment: s.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        let out = s.path + "/export"
        #expect(try Harness.run(["export", "--db", s.database, "--format", "json", "--out", out], environment: s.environment).status == 0)
        let now = try #require(Time.parseISO(Harness.pinnedNow))
        let oracle = KPIOracle(try OracleData(directory: out), now: now)
        func close(_ json: Any?, _ value: Double?) -> Bool {
            guard let value else { return json is NSNull || json == nil }
            guard let n = json as? NSNumber else { return false }
            return abs(n.doubleValue - (value * 10000).rounded() / 10000) < 1e-9
        }
        for week in ["2026-W44", "2026-W45", "2026-W46", "2026-W47"] {
            let report = try json(s, ["report", "weekly", "--format", "json", "--week", week])
            let start = try #require(Time.parseISO(report["start"] as? String ?? ""))
            let end = try #require(Time.parseISO(report["end"] as? String ?? ""))
            #expect((report["partial"] as? Bool) == (week == "2026-W47"))
            let p = OraclePeriod(start: start, end: end)
            let before = OraclePeriod(start: try #require(Time.parseISO(report["previous_start"] as? String ?? "")),
                                      end: try #require(Time.parseISO(report["previous_end"] as? String ?? "")))
            for k in try #require(report["kpis"] as? [[String: Any]]) {
                let id = try #require(k["id"] as? String)
                let o = oracle.value(id, p), b = oracle.value(id, before)
                #expect(close(k["value"], o.value) && close(k["p90"], o.p90) && close(k["previous"], b.value), "\(week) \(id): \(k) oracle \(o)")
                #expect((k["numerator"] as? Int) == o.numerator && (k["denominator"] as? Int) == o.denominator, "\(week) \(id): \(k) oracle \(o)")
            }
            let agents = oracle.agents(p)
            for a in try #require(report["agents"] as? [[String: Any]]) {
                let o = try #require(agents[a["handle"] as? String ?? ""])
                #expect((a["solved"] as? Int) == o.solved && close(a["reopen_rate"], o.reopenRate) && close(a["csat"], o.csat)
                        && close(a["sla_attainment"], o.sla) && close(a["median_first_reply_minutes"], o.medianFirstReply), "\(week) \(a)")
            }
        }
        // The partial week is labelled in every format.
        let md = try Harness.run(["report", "weekly", "--db", s.database, "--week", "2026-W47"], environment: s.environment)
        #expect(md.stdout.hasPrefix("# Weekly review 2026-W47 · partial, 4 of 7 days\n"), "\(md.stdout.prefix(200))")
        #expect(md.stdout.contains("compared with the same days of the week before, 2026-11-09 to 2026-11-12"))
        let csv = try Harness.run(["report", "weekly", "--db", s.database, "--week", "2026-W47", "--format", "csv"], environment: s.environment)
        #expect(csv.stdout.contains("\nperiod,2026-W47,partial,2026-11-09..2026-11-12,,,2026-11-16..2026-11-19; 4 of 7 days\n"), "\(csv.stdout.prefix(300))")
    }

    /// `?` on the pane's Resolution time row shows what `greenroom kpi explain` prints for
    /// the same day; the drill-down lists each ticket's hours; the Review steps into the
    /// current week and labels it partial.
    @Test func questionMarkExplainsAsTheCommandLineDoesAndTheReviewLabelsThePartialWeek() throws {
        let s = Sandbox()
        try s.makeDemo()
        let yesterday = "2026-11-19"
        let cli = try Harness.run(["kpi", "explain", "resolution_time", "--day", yesterday, "--db", s.database], environment: s.environment)
        #expect(cli.status == 0, "\(cli.stderr)")
        let lines = cli.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5 && lines[0] == "Resolution time (resolution_time)" && lines[1].hasPrefix("Period: 2026-11-19 ("), "\(cli.stdout)")
        #expect(lines[4] == "Definition: " + KPIID.resolutionTime.definition)
        try s.start(["--db", s.database, "--as", "@ana"], width: 140, height: 45)
        try s.waitFor("Active creators")
        try s.type("4")
        // Down to Resolution time (the 15th KPI), then `?`.
        for _ in 0..<14 { try s.type("j") }
        try s.type("?")
        let overlay = try s.waitFor("What this number counts")
        // Each of the command line's lines (value, base; the period) shows as it is; the definition wraps.
        for line in lines.prefix(4) { #expect(overlay.contains(String(line.prefix(60))), "\(line)\n\(overlay)") }
        #expect(overlay.contains("Definition: For the tickets solved in the period"))
        try s.send("Escape")
        try s.waitUntil("the overlay closed") { !$0.contains("What this number counts") }
        try s.send("Enter")
        let drill = try s.waitUntil("the resolution drill-down") { $0.contains("┏Resolution time") && $0.contains("median") && $0.contains("(the number)") }
        #expect(drill.contains("hours") && drill.contains("first solved"), "\(drill)")
        try s.send("Escape")
        try s.waitFor("┏4 KPIs")
        // The Review: `]` from the last complete week opens the current one, partial.
        try s.type("R")
        try s.waitFor("Review 2026-W46")
        try s.type("]")
        let partial = try s.waitUntil("the partial week") { $0.contains("Review 2026-W47 · partial, 4 of 7 days") && $0.contains("Tickets created") }
        #expect(partial.contains("against the same days of the week before"))
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    /// `kpi explain`: every definition without an ID, the partial week with one, and bad
    /// input refused in one line.
    @Test func kpiExplainPrintsDefinitionsAndRefusesBadInput() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 40)
        let all = try Harness.run(["kpi", "explain", "--db", s.database], environment: s.environment)
        #expect(all.status == 0)
        #expect(all.stdout.components(separatedBy: "Definition: ").count - 1 == KPIID.allCases.count)
        let week = try Harness.run(["kpi", "explain", "tickets-solved", "--week", "2026-W47", "--db", s.database], environment: s.environment)
        #expect(week.stdout.contains("Period: 2026-W47 · partial, 4 of 7 days (2026-11-16 – 2026-11-19, America/New_York); compared with the same days of the period before (2026-11-09 – 2026-11-12)"),
                "\(week.stdout)")
        for (flags, reason) in [(["nope"], "no KPI \"nope\""), (["backlog", "--week", "2027-W10"], "2027-W10 has not started yet"),
                                (["backlog", "--day", "2026-11-20"], "2026-11-20 has no complete day yet"),
                                (["backlog", "--day", "soon"], "--day must be a date"), (["backlog", "--week", "2026-W46", "--month", "2026-11"], "give one of"),
                                (["--week", "2026-W46"], "need a KPI id"), (["backlog", "--scope", "team:x"], "scope \"team:x\" is not one of")] {
            let r = try Harness.run(["kpi", "explain"] + flags + ["--db", s.database], environment: s.environment)
            #expect(r.status != 0 && r.stderr.contains(reason) && r.stderr.split(separator: "\n").count == 1, "\(flags): \(r.stderr)")
        }
    }

    /// A ticket's key reads the same in the queue, the Review's breached list and the report.
    @Test func ticketKeysLookTheSameEverywhere() throws {
        let s = Sandbox()
        try s.makeDemo()
        let report = try json(s, ["report", "weekly", "--format", "json"])
        let breached = try #require(report["breached_tickets"] as? [[String: Any]])
        var listed: [String: String] = [:]
        for view in ["all-open", "solved-7d"] {
            let r = try Harness.run(["tickets", "list", "--view", view, "--format", "json", "--db", s.database], environment: s.environment)
            for row in (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? [] {
                listed[row["id"] as? String ?? ""] = row["short_key"] as? String
            }
        }
        let both = breached.filter { listed[$0["id"] as? String ?? ""] != nil }
        #expect(!both.isEmpty)
        for t in both { #expect(t["key"] as? String == listed[t["id"] as? String ?? ""], "\(t)") }
        let key = try #require(breached.first?["key"] as? String)
        #expect(key.count >= 4 && key.count < 12)
        let md = try Harness.run(["report", "weekly", "--db", s.database], environment: s.environment)
        #expect(md.stdout.contains("| \(key) |"))
        // The Review lists it with the same key.
        try s.start(["--db", s.database, "--as", "@ana"], width: 140, height: 45)
        try s.waitFor("Active creators")
        try s.type("R")
        try s.waitFor("Review 2026-W46")
        // Down past the KPIs, agents and managers to the breached tickets (the latest first).
        for _ in 0..<60 {
            if try s.capture().contains(" \(key) ") { break }
            try s.type("j")
        }
        #expect(try s.capture().contains(" \(key) "))
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
}
