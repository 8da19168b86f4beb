import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Team automations end to end (issue 24): the command line, TOML in and out, and `:rules`.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct RulesEndToEndTests {
    @Test func rulesAreCheckedTestedRunOnceAndKeptAsTOML() throws {
        let s = Sandbox()
        try s.makeDemo()
        let list = try s.rows(try s.command(["rules", "list", "--format", "json"]))
        #expect(list.map { $0["name"] as? String } == ["Warn before a breach", "Escalate before a breach", "Remind after 3 days pending",
                                                      "Solve after 7 days pending", "Reopen when the requester writes (not for a thanks)"])
        #expect(list.map { $0["enabled"] as? Bool } == [false, false, false, false, true])

        // Bad rules: one line each, nothing saved.
        let bad: [([String], String)] = [
            (["rules", "add", "--name", "Loop", "--when", "pending:>1d", "--do", "status pending"],
             "greenroom: loops: \"status pending\" starts the pending time its own condition waits on"),
            (["rules", "add", "--name", "X", "--when", "priority:urgnt", "--do", "note x"], "greenroom: when: unknown priority \"urgnt\" (urgent, high, normal, low)"),
            (["rules", "add", "--name", "X", "--when", "status:new", "--do", "launch rockets"],
             "greenroom: do line 1: \"launch\" is not an action (assign, escalate, status, priority, tag, note, reply, macro, follow-up)"),
            (["rules", "enable", "Nope"], "greenroom: no rule called \"Nope\" (greenroom rules list)"),
        ]
        for (args, line) in bad {
            let r = try s.command(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.trimmingCharacters(in: .newlines) == line, "\(args): \(r.stderr)")
        }
        #expect(try s.rows(try s.command(["rules", "list", "--format", "json"])).count == 5)

        // A test says what the rule would do, and writes nothing; a run does it once.
        let test = try s.command(["rules", "test", "Solve after 7 days pending"])
        let wouldFire = test.stdout.split(separator: "\n").filter { $0.hasPrefix("would fire \"Solve after 7 days pending\" on ") }
        #expect(!wouldFire.isEmpty, "\(test.stdout)")
        #expect(try s.command(["rules", "enable", "Solve after 7"]).stdout == "rule \"Solve after 7 days pending\" is on\n")
        let run = try s.command(["rules", "run"])
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("fired \"Solve after 7 days pending\"") }.count == wouldFire.count, "\(run.stdout)")
        #expect(try s.command(["rules", "run"]).stdout == "No rule fired.\n")

        // TOML out and in: a rule added in the file, one changed; a bad file names its line.
        let exported = try s.command(["rules", "export"]).stdout
        #expect(exported.contains("[[rule]]\nname = \"Solve after 7 days pending\"\nwhen = \"pending:>7d\""))
        let file = s.path + "/rules.toml"
        let edited = exported.replacingOccurrences(of: "name = \"Warn before a breach\"\nwhen = \"status:new,open breach:<60m -tag:sla_warned\"",
                                                   with: "name = \"Warn before a breach\"\nwhen = \"status:new,open breach:<30m -tag:sla_warned\"")
            + "\n[[rule]]\nname = \"VIP first\"\nwhen = \"tag:vip status:new\"\ndo = [\"priority high\"]\n"
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try s.command(["rules", "import", file]).stdout == "1 rule added, 1 changed\n")
        let broken = edited + "\n[[rule]]\nname = \"Broken\"\nwhen = \"status:new\"\ndo = [\"status shelved\"]\n"
        try broken.write(toFile: file, atomically: true, encoding: .utf8)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0 == "[[rule]]" }! + 1
        let refused = try s.command(["rules", "import", file])
        #expect(refused.status != 0)
        #expect(refused.stderr.hasPrefix("greenroom: \(file):\(line): do line 1: status: \"shelved\" is not one of"), "\(refused.stderr)")
        let after = try s.rows(try s.command(["rules", "list", "--format", "json"]))
        #expect(after.map { $0["name"] as? String }.contains("VIP first") && !after.map { $0["name"] as? String }.contains("Broken"))
    }

    @Test func theRulesScreenTurnsARuleOnAndTestsIt() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@grace"], width: 120, height: 32)
        try s.waitFor("┏1 Roster")
        try s.palette("rules")
        let screen = try s.waitFor("Automations · 1 of 5 on")
        #expect(screen.contains("Solve after 7 days pending"), "\(screen)")
        try s.type("jjj")
        try s.type(" ")
        try s.waitFor("Rule \"Solve after 7 days pending\" is on")
        try s.waitFor("Automations · 2 of 5 on")
        try s.type("e")
        let tested = try s.waitFor("Test · Solve after 7 days pending · would act now on")
        #expect(tested.contains("→  set status solved; added a note"), "\(tested)")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let list = try s.rows(try s.command(["rules", "list", "--format", "json"]))
        #expect(list.first { $0["name"] as? String == "Solve after 7 days pending" }?["enabled"] as? Bool == true)
    }

    @Test func aRuleOnCreatorsIsTestedOnTheScreenRunsOnceAndShowsOnTheCreator() throws {
        let s = Sandbox()
        try s.makeDemo()
        let bad: [([String], String)] = [
            (["rules", "add", "--name", "X", "--on", "creators", "--when", "health:idle", "--do", "note x"],
             "greenroom: when: health: is worked out on each laptop from its own statistics; a rule needs what every laptop agrees on (use idle:>=14d)"),
            (["rules", "add", "--name", "X", "--on", "creators", "--when", "idle:>=14d", "--do", "status solved"],
             "greenroom: do line 1: \"status\" acts on tickets; a rule on creators can assign (the owner), tag, note or follow-up"),
            (["rules", "add", "--name", "X", "--on", "people", "--when", "idle:>=14d", "--do", "note x"], "greenroom: --on: \"people\" is not tickets or creators"),
        ]
        for (args, line) in bad {
            let r = try s.command(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.trimmingCharacters(in: .newlines) == line, "\(args): \(r.stderr)")
        }
        let added = try s.command(["rules", "add", "--name", "Idle two weeks", "--on", "creators", "--when", "stage:activated idle:>=14d",
                                   "--do", "follow-up Call them: no LIVE in 14 days", "--do", "tag +idle14", "--disabled"])
        #expect(added.stdout.hasPrefix("added rule \"Idle two weeks\" (off)"), "\(added.stderr)")
        let would = try s.command(["rules", "test", "Idle two weeks"]).stdout.split(separator: "\n").filter { $0.hasPrefix("would fire \"Idle two weeks\" on @") }
        #expect(!would.isEmpty)
        let handle = String(would[0].dropFirst("would fire \"Idle two weeks\" on ".count).prefix { $0 != " " })

        // On :rules: the rule says it is on creators; a test lists creators; Space turns it on.
        try s.start(["--db", s.database, "--as", "@grace"], width: 130, height: 40)
        try s.waitFor("┏1 Roster")
        try s.palette("rules")
        let screen = try s.waitFor("Automations · 1 of 6 on")
        #expect(screen.contains("creators: stage:activated idle:>=14d"), "\(screen)")
        try s.type("jjjjj")
        try s.type("e")
        let tested = try s.waitFor("Test · Idle two weeks · would act now on \(would.count)")
        #expect(tested.contains("\(handle) "), "\(tested)")
        #expect(tested.contains("→  asked the owner to follow up; tagged +idle14"), "\(tested)")
        try s.type(" ")
        try s.waitFor("Rule \"Idle two weeks\" is on")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")

        // A run fires it on each once; the next run has nothing to do.
        let run = try s.command(["rules", "run"]).stdout.split(separator: "\n").filter { $0.hasPrefix("fired \"Idle two weeks\"") }
        #expect(run.count == would.count)
        #expect(try s.command(["rules", "run"]).stdout == "No rule fired.\n")

        // The creator's page shows the follow-up and what the rule did.
        let again = Sandbox(sharing: s)
        try again.start(["--db", s.database, "--as", "@grace"], width: 130, height: 50)
        try again.waitFor("┏1 Roster")
        try again.type("/\(handle)")
        try again.send("Enter")
        try again.send("Enter")
        let page = try again.waitFor("Automations 1")
        #expect(page.contains("Call them: no LIVE in 14 days (rule Idle two weeks)"), "\(page)")
        #expect(page.contains("rule \"Idle two weeks\""), "\(page)")
        #expect(page.contains("asked the owner to follow up; tagged +idle14"), "\(page)")
        try again.type("q")
    }
}
}
