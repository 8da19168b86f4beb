import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Teams' own SLA policies and calendars, and creators' teams, on the command line (issue 24).
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TeamSLAEndToEndTests {
    func run(_ s: Sandbox, _ args: [String]) throws -> Harness.Result {
        try Harness.run(args + ["--db", s.database], environment: s.environment.merging(["GREENROOM_NOW": "2026-11-20T15:30:00Z"]) { $1 })
    }

    func ok(_ s: Sandbox, _ args: [String]) throws -> String {
        let r = try run(s, args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r.stdout
    }

    @Test func aTeamGetsItsOwnPoliciesAndCalendarAndBadInputChangesNothing() throws {
        let s = Sandbox()
        try s.makeDemo()
        let set = try ok(s, ["settings", "sla", "set", "urgent", "--first-reply", "15m", "--team", "Tier 1 BPO"])
        #expect(set.hasPrefix("team \"Tier 1 BPO\" urgent: first reply 15m, next reply 2h, resolution 8h, calendar time · "), "\(set)")
        let own = try ok(s, ["settings", "sla", "list", "--team", "tier 1 bpo"])
        #expect(own.contains("team: Tier 1 BPO"))
        #expect(own.contains("urgent    15m          2h          8h          calendar  team's own"), "\(own)")
        #expect(own.contains("high      4h           8h          1d          calendar  team-wide"), "\(own)")
        #expect(try ok(s, ["settings", "sla"]).contains("urgent    1h"))

        let hours = try ok(s, ["settings", "sla", "hours", "--team", "Tier 1 BPO", "--zone", "America/Bogota", "--days", "mon-sat",
                               "--from", "07:00", "--to", "19:00", "--holiday-add", "2026-12-08"])
        #expect(hours.hasPrefix("team \"Tier 1 BPO\" business hours: America/Bogota, mon-sat 07:00-19:00, 1 holiday (2026-12-08) · "), "\(hours)")
        let table = try ok(s, ["team", "list"])
        #expect(table.contains("  calendar: America/Bogota, mon-sat 07:00-19:00, 1 holiday (2026-12-08) (its own)"), "\(table)")
        #expect(table.contains("  SLA: urgent 15m/2h/8h (its own) · high 4h/8h/1d · normal 8h/1d/3d · low 1d/2d/7d"), "\(table)")
        #expect(table.contains("  calendar: UTC, mon-fri 09:00-17:00, no holidays (team-wide)"), "\(table)")
        let teams = try s.rows(try run(s, ["team", "list", "--format", "json"]))
        let tier1 = try #require(teams.first { $0["name"] as? String == "Tier 1 BPO" })
        let calendar = try #require(tier1["calendar"] as? [String: Any])
        #expect(calendar["own"] as? Bool == true && calendar["time_zone"] as? String == "America/Bogota" && calendar["from"] as? String == "07:00")
        let urgent = try #require((tier1["sla"] as? [[String: Any]])?.first { $0["priority"] as? String == "urgent" })
        #expect(urgent["own"] as? Bool == true && urgent["first_reply_minutes"] as? Int == 15)

        // Bad input: one line each, nothing changed.
        let before = try ok(s, ["team", "list", "--format", "json"])
        let bad: [([String], String)] = [
            (["settings", "sla", "set", "urgent", "--first-reply", "5m", "--team", "Tier 9"],
             "greenroom: no team called \"Tier 9\"; teams: \"Tier 1 BPO\", \"Tier 2 in-house\""),
            (["settings", "sla", "hours", "--team", "Tier 1 BPO", "--from", "18:00", "--to", "09:00"],
             "greenroom: business hours: end 09:00 is not after start 18:00"),
            (["settings", "sla", "hours", "--team", "Tier 1 BPO", "--zone", "Mars/Base"], "greenroom: business hours: unknown time zone \"Mars/Base\""),
            (["settings", "sla", "reset", "high", "--team", "Tier 2 in-house"],
             "greenroom: team \"Tier 2 in-house\" has no high policy of its own (it follows the team-wide one)"),
            (["settings", "sla", "set", "soon", "--first-reply", "5m", "--team", "Tier 1 BPO"], "greenroom: unknown priority \"soon\" (urgent, high, normal, low)"),
        ]
        for (args, line) in bad {
            let r = try run(s, args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.trimmingCharacters(in: .newlines) == line, "\(args): \(r.stderr)")
        }
        #expect(try ok(s, ["team", "list", "--format", "json"]) == before)

        // Back to the team-wide hours and policy.
        #expect(try ok(s, ["team", "edit", "Tier 1 BPO", "--hours-from-setting"]).contains("· team-wide business hours · "))
        #expect(try ok(s, ["settings", "sla", "reset", "urgent", "--team", "Tier 1 BPO"]).hasPrefix("team \"Tier 1 BPO\" urgent: the team-wide policy again (first reply 1h"))
        let plain = try ok(s, ["team", "list"])
        #expect(!plain.contains("(its own)"), "\(plain)")
    }

    @Test func creatorsTeamsTravelThroughCSVAndFilterTheRoster() throws {
        let s = Sandbox()
        try s.makeDemo()
        let all = try s.rows(try run(s, ["creators", "list", "--format", "json"])).count
        #expect(try s.rows(try run(s, ["creators", "list", "--filter", "team:none", "--format", "json"])).count == all)
        let csv = s.path + "/new.csv"
        try "handle,name,market,team\n@newbie,New Bie,MX,MX creators\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let refused = try run(s, ["import", csv])
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("team \"MX creators\" does not exist") || refused.stderr.contains("team \"MX creators\" does not exist"),
                "\(refused.stdout) \(refused.stderr)")
        let made = try ok(s, ["import", csv, "--create-missing"])
        #expect(made.contains("teams: 1 created (\"MX creators\")"), "\(made)")
        let mx = try s.rows(try run(s, ["creators", "list", "--filter", "team:\"mx creators\"", "--format", "json"]))
        #expect(mx.map { $0["handle"] as? String } == ["@newbie"])
        // Exported by name.
        _ = try ok(s, ["export", "--out", s.path + "/out", "--format", "csv"])
        let exported = try String(contentsOfFile: s.path + "/out/creators.csv", encoding: .utf8)
        #expect(exported.hasPrefix("handle,name,kind,market,language,network,owner,stage,source,followers,email,phone,tags,notes,created_at,team,id\n"))
        #expect(exported.split(separator: "\n").contains { $0.hasPrefix("@newbie,") && $0.contains(",MX creators,") })
    }
}
}
