import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// `greenroom program|workshop|community|task remove` (issue 26): without `--yes` one line
/// says what would go and nothing changes; with it the record goes to the trash and comes
/// back with `trash restore NAME`; an unknown name is one line.
@Suite struct RemoveCommandEndToEndTests {
    func run(_ s: Sandbox, _ args: [String]) throws -> Harness.Result {
        try Harness.run(args + ["--db", s.database], environment: s.environment)
    }

    func handles(_ s: Sandbox, _ n: Int) throws -> [String] {
        let r = try run(s, ["creators", "list", "--format", "json", "--limit", "\(n)"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["handle"] as? String }
    }

    @Test func removeAsksForYesThenGoesToTheTrashAndComesBack() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let people = try handles(s, 3)
        #expect(try run(s, ["program", "create", "--name", "Remove me", "--module", "One", "--module", "Two"]).status == 0)
        #expect(try run(s, ["program", "enrol", "Remove me"] + people).status == 0)

        let ask = try run(s, ["program", "remove", "remove me"])
        #expect(ask.status == 2)
        #expect(ask.stderr == "greenroom: this would remove program \"Remove me\" (2 modules, 3 enrolled); add --yes to remove it (it can be restored from the trash)\n",
                "\(ask.stderr)")
        #expect(try run(s, ["program", "list"]).stdout.contains("Remove me"))

        let done = try run(s, ["program", "remove", "remove me", "--yes"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "removed program \"Remove me\" (2 modules, 3 enrolled) · to bring it back: greenroom trash restore \"Remove me\"\n", "\(done.stdout)")
        #expect(!(try run(s, ["program", "list"]).stdout.contains("Remove me")))
        #expect(try run(s, ["trash", "list", "--kind", "program"]).stdout.contains("Remove me"))
        let again = try run(s, ["program", "remove", "remove me", "--yes"])
        #expect(again.status == 2 && again.stderr.hasPrefix("greenroom: no program matches \"remove me\""), "\(again.stderr)")

        let restored = try run(s, ["trash", "restore", "Remove me"])
        #expect(restored.status == 0, "\(restored.stderr)")
        let list = try run(s, ["program", "list", "--format", "json"])
        let programs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(programs.first { $0["name"] as? String == "Remove me" }?["enrolled"] as? Int == 3)
    }

    @Test func workshopsCommunitiesAndTasksAreRemovedTheSameWay() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 10)
        let people = try handles(s, 2)
        #expect(try run(s, ["workshop", "create", "--title", "Gone clinic", "--starts", "2026-11-19T15:00", "--market", "US"]).status == 0)
        #expect(try run(s, ["workshop", "invite", "Gone clinic"] + people).status == 0)
        let w = try run(s, ["workshop", "remove", "Gone clinic"])
        #expect(w.status == 2 && w.stderr.contains("this would remove workshop \"Gone clinic\" (2 invited, 0 attended)"), "\(w.stderr)")
        #expect(try run(s, ["workshop", "remove", "Gone clinic", "--yes"]).status == 0)
        #expect(!(try run(s, ["workshop", "list"]).stdout.contains("Gone clinic")))

        #expect(try run(s, ["community", "create", "--name", "Gone group", "--channel", "discord", "--market", "US"]).status == 0)
        #expect(try run(s, ["community", "join", "Gone group"] + people).status == 0)
        let c = try run(s, ["community", "remove", "Gone group", "--yes"])
        #expect(c.status == 0 && c.stdout.hasPrefix("removed community \"Gone group\" (2 members)"), "\(c.stdout)\(c.stderr)")
        let unknown = try run(s, ["community", "remove", "Nothing like it", "--yes"])
        #expect(unknown.status == 2 && unknown.stderr == "greenroom: no community matches \"Nothing like it\"\n", "\(unknown.stderr)")

        // The same title over two windows needs --start; a creator narrows it to theirs.
        for (start, end) in [("2026-11-09", "2026-11-15"), ("2026-11-16", "2026-11-22")] {
            #expect(try run(s, ["task", "add", "--title", "Gone task", "--metric", "sessions", "--goal", "3", "--start", start, "--end", end] + people).status == 0)
        }
        let two = try run(s, ["task", "remove", "gone task", "--yes"])
        #expect(two.status == 2 && two.stderr.contains("names tasks over 2 windows (2026-11-09…2026-11-15, 2026-11-16…2026-11-22): add --start YYYY-MM-DD"),
                "\(two.stderr)")
        let one = try run(s, ["task", "remove", "gone task", people[0], "--start", "2026-11-16", "--yes"])
        #expect(one.status == 0 && one.stdout.hasPrefix("removed task \"Gone task\" for \(people[0]) (2026-11-16…2026-11-22)"), "\(one.stdout)\(one.stderr)")
        let rest = try run(s, ["task", "remove", "gone task", "--start", "2026-11-09", "--yes"])
        #expect(rest.status == 0 && rest.stdout.hasPrefix("removed 2 tasks \"Gone task\" (2026-11-09…2026-11-15, 1 with a reward due) · to bring it back: greenroom trash list"), "\(rest.stdout)\(rest.stderr)")
        let left = try run(s, ["task", "list", "--format", "json"])
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(left.stdout.utf8)) as? [[String: Any]])
        #expect(tasks.filter { $0["title"] as? String == "Gone task" }.count == 1)
        #expect(try run(s, ["trash", "list", "--kind", "incentive_task"]).stdout.components(separatedBy: "Gone task").count - 1 == 3)
    }
}
}
