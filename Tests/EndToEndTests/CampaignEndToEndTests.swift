import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Campaigns end to end: enrol two creators from the roster's selection with `:enrol`, give
/// them LIVE sessions after they joined, and see them ranked on the Campaigns screen; and the
/// command line's campaign commands and report.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct CampaignEndToEndTests {
    func firstHandles(_ s: Sandbox, _ n: Int) throws -> [String] {
        let r = try Harness.run(["creators", "list", "--db", s.database, "--format", "json", "--limit", "\(n)"], environment: s.environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["handle"] as? String }
    }

    @Test func enrolTwoFromTheRosterAndSeeThemRankedByProgress() throws {
        let s = Sandbox()
        try s.makeDemo()
        let add = try Harness.run(["campaign", "add", "--db", s.database, "--name", "Holiday push", "--start", "2026-11-15", "--end", "2026-11-30",
                                   "--metric", "live_hours", "--target", "10", "--status", "running"], environment: s.environment)
        #expect(add.status == 0, "\(add.stdout)")
        let handles = try firstHandles(s, 2)
        #expect(handles.count == 2)

        // x, x on the first two roster rows, then :enrol.
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try s.waitFor("▶ \(handles[0])")
        try s.type("x")
        try s.type("x")
        try s.type(":")
        try s.waitFor("COMMAND")
        try s.type("enrol holiday")
        try s.send("Enter")
        try s.waitFor("Enrolled 2 in Holiday push")
        try s.type("q")
        try s.waitFor("EXIT=0")

        // Sessions after they joined (09:30Z): 90 minutes for the second, 30 for the first.
        let later = ["GREENROOM_NOW": "2026-11-20T10:30:00Z"]
        let csv = s.path + "/sessions.csv"
        try "handle,start,minutes\n\(handles[0]),2026-11-20T09:40:00Z,30\n\(handles[1]),2026-11-20T09:50:00Z,90\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try Harness.run(["import", csv, "--db", s.database], environment: s.environment.merging(later) { $1 })
        #expect(imported.status == 0, "\(imported.stdout)")

        let again = Sandbox(sharing: s)
        try again.start(["--db", s.database, "--as", "@ana"], extraEnvironment: later)
        try again.waitFor("┏1 Roster")
        try again.type("C")
        try again.waitFor("┏Campaigns · 4")
        try again.waitFor("▶Holiday push")
        try again.send("Enter")
        let detail = try again.waitUntil("the ranked creators") { $0.contains("Holiday push · 2 enrolled") && $0.contains(handles[0]) && $0.contains(handles[1]) }
        let lines = detail.split(separator: "\n").map(String.init)
        // A creator's table row: its rank first, then the handle; progress in hours after.
        func row(_ handle: String) throws -> [String] {
            let line = try #require(lines.first { $0.contains(handle + " ") && !$0.contains("·") })
            return line.split(whereSeparator: { " ┃▶".contains($0) }).map(String.init)
        }
        let first = try row(handles[1]), second = try row(handles[0])
        #expect(first.prefix(2) == ["1", handles[1]] && first.contains("1.5"), "\(first)")
        #expect(second.prefix(2) == ["2", handles[0]] && second.contains("0.5"), "\(second)")
        #expect(detail.contains("Goal 10 h live hours"))
        #expect(detail.contains(" 2.0 h 20%"), "\(detail)")
        // Enter opens the creator, Esc comes back to the campaign.
        try again.send("Enter")
        try again.waitFor("\(handles[1]) · ")
        try again.waitFor("Holiday push             running  1.5 / 0 h")
        try again.send("Escape")
        try again.waitFor("Holiday push · 2 enrolled")
        try again.type("q")
        try again.waitFor("EXIT=0")
    }

    @Test func commandLineCampaignsPlansAndReports() throws {
        let s = Sandbox()
        try s.makeDemo()
        func run(_ args: [String]) throws -> Harness.Result { try Harness.run(Array(args.prefix(2)) + ["--db", s.database] + args.dropFirst(2), environment: s.environment) }
        let before = try run(["campaign", "list", "--format", "json"]).stdout

        // Bad input: one line, exit 2, nothing changed.
        for (args, reason) in [
            (["campaign", "add", "--name", "11.11 mega sale", "--start", "today", "--end", "+3d"], "greenroom: there is already a campaign called \"11.11 mega sale\"\n"),
            (["campaign", "add", "--name", "Late", "--start", "2026-12-02", "--end", "2026-12-01"], "greenroom: the campaign ends (2026-12-01) before it starts (2026-12-02)\n"),
            (["campaign", "add", "--name", "Odd", "--start", "today", "--end", "+3d", "--metric", "likes"],
             "greenroom: --metric: unknown value \"likes\" (live_hours, active_days, gifts, new_activations, workshops_attended)\n"),
            (["campaign", "enrol", "11.11", "@nobody.here"], "greenroom: no creator @nobody.here\n"),
            (["campaign", "plan", "11.11", "--split", "random"], "greenroom: --split must be even or baseline (got random)\n"),
            (["campaign", "tier", "11.11", "--threshold", "0", "--reward", "x"], "greenroom: a tier's threshold is a whole number from 1 to 1000000000\n"),
            (["campaign", "show", "sale"], "greenroom: \"sale\" matches 2 campaigns (\"11.11 Mega Sale\", \"Payday Sale\"); give more of the name\n"),
            (["report", "campaign", "nothing like it"], "greenroom: no campaign matches \"nothing like it\"\n"),
        ] {
            let r = try run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr == reason, "\(args)")
        }
        #expect(try run(["campaign", "list", "--format", "json"]).stdout == before)

        // The plan shows the gap; --apply writes targets that add up to the goal.
        let list = try #require(try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [[String: Any]])
        let goal = try #require(list.first { $0["name"] as? String == "11.11 Mega Sale" }?["target"] as? Int)
        let plan = try run(["campaign", "plan", "11.11", "--split", "even"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("· proposed \(goal) (gap 0)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("not applied (add --apply to write these targets)"))
        let applied = try run(["campaign", "plan", "11.11", "--split", "baseline", "--apply", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])
        #expect(object["proposed_gap"] as? Int == 0 && object["applied"] as? Bool == true)
        #expect(try run(["campaign", "plan", "11.11"]).stdout.contains("current targets \(goal) (gap 0)"))

        // The report: goal, progress, pace, tiers, payouts, every creator.
        let md = try run(["report", "campaign", "11.11"])
        #expect(md.stdout.hasPrefix("# 11.11 Mega Sale\n"))
        #expect(md.stdout.contains("Goal: **\(goal) h** live hours. Progress: **"), "\(md.stdout)")
        #expect(md.stdout.contains("| 10 h | Bronze | 20 |"))
        #expect(md.stdout.contains("Payouts due: **"))
        let json = try run(["report", "campaign", "11.11", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let creators = try #require(report["creators"] as? [[String: Any]])
        #expect(creators.count == report["enrolled"] as? Int)
        let progress = creators.compactMap { $0["progress"] as? Double }
        #expect(progress == progress.sorted(by: >))
        let tiers = try #require(report["tiers"] as? [[String: Any]])
        #expect(report["payouts_due"] as? Int == tiers.reduce(0) { $0 + (($1["payout"] as? Int) ?? 0) })
        let csv = try run(["report", "campaign", "11.11", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("section,rank,name,target,progress,pace,tier,next_tier,to_next_tier,at_risk,amount,creators,payout\ncampaign,,11.11 Mega Sale,\(goal),"))

        // A campaign from the command line, its tiers and enrolment.
        #expect(try run(["campaign", "add", "--name", "Payday (Dec)", "--kind", "sale_event", "--start", "2026-12-01", "--end", "2026-12-03",
                         "--metric", "gifts", "--target", "5000", "--owner", "@ana"]).stdout
                == "added campaign \"Payday (Dec)\" · sale_event · 2026-12-01…2026-12-03 · gifts goal 5,000 · draft\n")
        #expect(try run(["campaign", "tier", "payday (dec)", "--threshold", "500", "--reward", "Bonus", "--amount", "25"]).stdout == "tier at 500 gifts: Bonus · 25\n")
        let handles = try firstHandles(s, 2)
        #expect(try run(["campaign", "enrol", "payday (dec)"] + handles + ["--target", "100"]).stdout == "enrolled 2 in \"Payday (Dec)\"\n")
        #expect(try run(["campaign", "enrol", "payday (dec)", handles[0]]).stdout == "enrolled 0 in \"Payday (Dec)\" (1 already enrolled)\n")
        #expect(try run(["campaign", "unenrol", "payday (dec)", handles[0]]).stdout == "unenrolled 1 from \"Payday (Dec)\"\n")
    }
}
}
