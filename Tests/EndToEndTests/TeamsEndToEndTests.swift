import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Teams, shifts and fair assignment end to end (issue 24): the command line and the
/// `:teams` screen on the demo's two support teams, on a Friday afternoon when Tier 1's
/// @grace (New York) and @lucia (Bogotá) are on shift and @sam and @tuan are not.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TeamsEndToEndTests {
    static let afternoon = "2026-11-20T15:30:00Z"

    func run(_ s: Sandbox, _ args: [String]) throws -> Harness.Result {
        try Harness.run(args + ["--db", s.database], environment: s.environment.merging(["GREENROOM_NOW": TeamsEndToEndTests.afternoon]) { $1 })
    }

    func unassigned(_ s: Sandbox) throws -> [[String: Any]] {
        try s.rows(try run(s, ["tickets", "list", "--view", "unassigned", "--filter", "team:\"Tier 1 BPO\"", "--format", "json"]))
    }

    @Test func theCommandLineShowsShiftsRefusesBadInputAndDryRunsTheRule() throws {
        let s = Sandbox()
        try s.makeDemo()
        let teams = try s.rows(try run(s, ["team", "list", "--format", "json"]))
        #expect(teams.map { $0["name"] as? String } == ["Tier 1 BPO", "Tier 2 in-house"])
        let members = try #require(teams[0]["members"] as? [[String: Any]])
        let now = Dictionary(uniqueKeysWithValues: members.map { ($0["handle"] as? String ?? "", $0["on_shift"] as? Bool ?? false) })
        #expect(now == ["@grace": true, "@lucia": true, "@sam": false, "@tuan": false])
        let table = try run(s, ["team"])
        #expect(table.stdout.contains("Tier 1 BPO · lead @grace · America/New_York · assignment round-robin · 2 of 4 on shift"), "\(table.stdout)")

        // Bad input: one line each, nothing changed.
        let before = try run(s, ["team", "list", "--format", "json"]).stdout
        let bad: [([String], String)] = [
            (["team", "schedule", "@sam", "--set", "mon-fri 25:00-26:00"], "greenroom: schedule: \"25:00-26:00\" is not a time range like 09:00-17:00"),
            (["team", "schedule", "@sam", "--set", "mon-fri 09:00-17:00", "--zone", "Mars/Base"],
             "greenroom: \"Mars/Base\" is not a time zone (an IANA name such as Europe/Madrid or America/Mexico_City)"),
            (["team", "add", "tier 1 bpo"], "greenroom: there is already a team called \"tier 1 bpo\""),
            (["team", "edit", "Tier 1 BPO", "--assignment", "sometimes"], "greenroom: --assignment must be off, round-robin or least-loaded (got sometimes)"),
            (["team", "edit", "Tier 1 BPO", "--capacity", "0"], "greenroom: capacity must be from 1 to 1000 open tickets (got 0)"),
            (["team", "add-member", "Tier 9", "@sam"], "greenroom: no team called \"Tier 9\"; teams: \"Tier 1 BPO\", \"Tier 2 in-house\""),
            (["team", "time-off", "@sam", "--from", "2026-11-25", "--to", "2026-11-24"], "greenroom: --to is before --from"),
        ]
        for (args, line) in bad {
            let r = try run(s, args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.trimmingCharacters(in: .newlines) == line, "\(args): \(r.stderr)")
        }
        #expect(try run(s, ["team", "list", "--format", "json"]).stdout == before)

        // A dry run says what the rule would do and does nothing.
        let waiting = try unassigned(s)
        #expect(!waiting.isEmpty, "the demo should leave Tier 1 tickets unassigned")
        let dry = try #require(try JSONSerialization.jsonObject(with: Data(try run(s, ["team", "assign", "--dry-run", "--format", "json"]).stdout.utf8)) as? [String: Any])
        let picks = try #require(dry["assigned"] as? [[String: Any]])
        #expect(picks.count == waiting.count)
        #expect(Set(picks.compactMap { $0["assignee"] as? String }).isSubset(of: ["@grace", "@lucia"]))
        #expect(picks.allSatisfy { ($0["why"] as? String)?.hasPrefix("assigned by rule Tier 1 BPO round-robin: @") == true })
        #expect(try unassigned(s).count == waiting.count)

        // Time off takes @lucia and @grace out: nobody is left on shift.
        #expect(try run(s, ["team", "time-off", "@lucia", "--from", "2026-11-20", "--to", "2026-11-20", "--kind", "sick"]).status == 0)
        #expect(try run(s, ["team", "time-off", "@grace", "--from", "today", "--to", "+2d"]).status == 0)
        let schedule = try run(s, ["team", "schedule"]).stdout
        #expect(schedule.split(separator: "\n").contains { $0.hasPrefix("@lucia") && $0.contains("sick until 2026-11-21 00:00") }, "\(schedule)")
        func dryRun() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(try run(s, ["team", "assign", "--dry-run", "--format", "json"]).stdout.utf8)) as? [String: Any])
        }
        let nobody = try dryRun()
        #expect((nobody["assigned"] as? [Any])?.isEmpty == true)
        #expect((nobody["left"] as? [[String: Any]])?.first?["why"] as? String == "nobody on the team is on shift")
        // A schedule set for @sam puts him on shift: everything waiting goes to him.
        #expect(try run(s, ["team", "schedule", "@sam", "--set", "weekdays 9:00-17:00", "--zone", "America/Bogota"]).stdout
                == "@sam: mon-fri 09:00-17:00 (America/Bogota)\n")
        let again = try dryRun()
        #expect((again["assigned"] as? [[String: Any]] ?? []).map { $0["assignee"] as? String } == Array(repeating: "@sam", count: waiting.count))
    }

    @Test func ticketsArrivingByImportAreAssignedAtOnce() throws {
        let s = Sandbox()
        try s.makeDemo()
        _ = try run(s, ["team", "assign"])
        let waiting = try unassigned(s).count
        // A creator of Tier 1, then two new tickets from them, unassigned.
        let creators = s.path + "/creators.csv"
        try "handle,name,market,stage,team\n@tier1.fan,Tier One Fan,US,activated,Tier 1 BPO\n".write(toFile: creators, atomically: true, encoding: .utf8)
        #expect(try run(s, ["import", creators]).status == 0)
        let tickets = s.path + "/tickets.csv"
        try """
            subject,requester,channel,category,priority,status,created_at,body
            Gift not credited,@tier1.fan,in_app,rewards_payout,high,new,2026-11-20T15:00:00Z,My gift from last night is missing
            Still missing,@tier1.fan,in_app,rewards_payout,normal,new,2026-11-20T15:10:00Z,The button is grey

            """.write(toFile: tickets, atomically: true, encoding: .utf8)
        let imported = try run(s, ["import", tickets])
        #expect(imported.status == 0, "\(imported.stderr)")
        let line = imported.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let after = try unassigned(s).count
        // Room on shift (the run above left nothing waiting): both are handed out right away.
        #expect(waiting == 0)
        #expect(line == "Assigned 2 tickets by team rules (greenroom team list shows the load).", "\(imported.stdout)")
        #expect(after == 0)
    }

    @Test func theTeamsScreenShowsWhoIsOnShiftAndARunAssignsTheQueue() throws {
        let s = Sandbox()
        try s.makeDemo()
        let waiting = try unassigned(s)
        #expect(!waiting.isEmpty)
        try s.start(["--db", s.database, "--as", "@grace"], width: 120, height: 32, extraEnvironment: ["GREENROOM_NOW": TeamsEndToEndTests.afternoon])
        try s.waitFor("┏1 Roster")
        // At start the rule hands out what waits (members on shift with room), undoably.
        try s.waitFor("Assigned \(waiting.count) ticket\(waiting.count == 1 ? "" : "s") by team rule")
        try s.palette("teams")
        let list = try s.waitFor("▶Tier 1 BPO")
        #expect(list.contains("round-robin") && list.contains("2/4"), "\(list)")
        try s.send("Enter")
        let team = try s.waitFor("Tier 1 BPO · 2 of 4 on shift")
        #expect(team.contains("0 unassigned"), "\(team)")
        #expect(team.contains("@sam") && team.contains("off shift"), "\(team)")
        // Undo gives them back; the rule does not take them again, and says so.
        try s.type("u")
        try s.waitFor("\(waiting.count) unassigned")
        try s.type("a")
        try s.waitFor("someone took back: assign")
        #expect(try unassigned(s).count == waiting.count)
        try s.send("Escape")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
}
