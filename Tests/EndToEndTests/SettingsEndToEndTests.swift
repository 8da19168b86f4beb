import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// `greenroom settings stages …` against the real binary: each edit prints one line and exits
/// 0, or prints one line, exits 2 and changes nothing.
@Suite struct SettingsEndToEndTests {
    func stages(_ s: Sandbox, _ extra: [String] = []) throws -> Harness.Result {
        try Harness.run(["settings", "stages"] + extra + ["--db", s.database], environment: s.environment)
    }

    /// The handles `creators list` shows in one stage.
    func handles(_ s: Sandbox, in stage: String) throws -> Set<String> {
        let r = try Harness.run(["creators", "list", "--db", s.database, "--filter", "stage:\(stage)", "--format", "json"], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return Set(rows.compactMap { $0["handle"] as? String })
    }

    /// The creator count `stages list` prints for a main-line stage.
    func count(in list: String, _ stage: String) -> Int? {
        for line in list.split(separator: "\n") {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            if cells.count == 4, cells[1] == stage { return Int(cells[3]) }
        }
        return nil
    }

    @Test func listShowsTheDefaultStages() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 10)
        let r = try stages(s)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "#  STAGE        ROT DAYS  CREATORS")
        let rows = lines.dropFirst().prefix(5).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4", "5"])
        #expect(rows.map { $0[1] } == Stage.defaultFlow)
        #expect(rows.map { $0[2] } == ["14", "10", "21", "—", "—"])
        #expect(lines.count == 7)
        #expect(lines[6].hasPrefix("side stages: paused (rot days —, "))
        #expect(lines[6].contains("lost (rot days —, "))
        // The creator column adds up to the whole roster.
        let total = rows.compactMap { Int($0[3]) }.reduce(0, +)
        let side = lines[6].matches(of: /, (\d+) creators?\)/).compactMap { Int($0.1) }.reduce(0, +)
        #expect(total + side == 60)
        #expect(count(in: r.stdout, "lead") == (try handles(s, in: "lead")).count)
        // `list` is the default.
        let list = try stages(s, ["list"])
        #expect(list.stdout == r.stdout)
    }

    @Test func settingRotDaysShowsInTheList() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 10)
        let set = try stages(s, ["set", "onboarding", "--rot-days", "14"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "onboarding now rots after 14 days\n")
        let list = try stages(s)
        #expect(list.stdout.contains(/3  onboarding\s+14\s/))
        let none = try stages(s, ["set", "lead", "--rot-days", "none"])
        #expect(none.stdout == "lead no longer rots\n")
        #expect(try stages(s).stdout.contains(/1  lead\s+—\s/))
        for bad in ["0", "3651", "soon"] {
            let r = try stages(s, ["set", "lead", "--rot-days", bad])
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("greenroom: ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    @Test func removingAStageWithCreatorsNeedsATarget() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 10)
        let before = try stages(s).stdout
        let contacted = try handles(s, in: "contacted")
        let leads = try handles(s, in: "lead")
        try #require(!contacted.isEmpty, "the demo should have someone in contacted")

        let refused = try stages(s, ["remove", "contacted"])
        #expect(refused.status == 2)
        let n = contacted.count
        #expect(refused.stderr == "greenroom: \(n) creator\(n == 1 ? " is" : "s are") in contacted; say where they go with --move-to STAGE (e.g. --move-to lead)\n")
        #expect(refused.stdout.isEmpty)
        #expect(try stages(s).stdout == before)

        let removed = try stages(s, ["remove", "contacted", "--move-to", "lead", "--as", "@nobody"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == "removed contacted; moved \(n) creator\(n == 1 ? "" : "s") to lead\n")
        #expect(try handles(s, in: "lead") == leads.union(contacted))
        let after = try stages(s).stdout
        #expect(!after.contains("contacted"))
        #expect(count(in: after, "lead") == leads.count + n)
        // The stage is gone from the filter language too.
        let filter = try Harness.run(["creators", "list", "--db", s.database, "--filter", "stage:contacted"], environment: s.environment)
        #expect(filter.status == 2)
    }

    @Test func addMoveAndRemoveAnEmptyStage() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 10)
        let add = try stages(s, ["add", "trial", "--after", "onboarding", "--rot-days", "7"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added trial after onboarding (position 4 of 6), rots after 7 days\n")
        #expect(try stages(s).stdout.contains(/4  trial\s+7\s+0\n/))
        let first = try stages(s, ["move", "trial", "--first"])
        #expect(first.stdout == "moved trial first (position 1 of 6)\n")
        let back = try stages(s, ["move", "trial", "--after", "established"])
        #expect(back.stdout == "moved trial after established (position 6 of 6)\n")
        let nowhere = try stages(s, ["move", "trial"])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr == "greenroom: say where it goes: --after STAGE or --first\n")
        let remove = try stages(s, ["remove", "trial"])
        #expect(remove.status == 0)
        #expect(remove.stdout == "removed trial (no creators were in it)\n")
        #expect(!(try stages(s).stdout.contains("trial")))
    }

    @Test func badNamesDuplicatesAndBuiltInsAreRefused() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 10)
        let before = try stages(s).stdout
        let cases: [([String], String)] = [
            (["add", "Big Fish"], "stage names use only lowercase letters, digits, _ and - (got \"Big Fish\"; try \"big-fish\")"),
            (["add", "a:b"], "stage names use only lowercase letters, digits, _ and - (got \"a:b\")"),
            (["add", String(repeating: "x", count: 33)], "stage names are at most 32 characters (\"\(String(repeating: "x", count: 33))\" has 33)"),
            (["add", "contacted"], "there is already a stage called \"contacted\""),
            (["add", "lost"], "there is already a stage called \"lost\""),
            (["add", "trial", "--after", "onbording"], "no stage called \"onbording\" (did you mean onboarding?)"),
            (["set", "onbording", "--rot-days", "3"], "no stage called \"onbording\" (did you mean onboarding?)"),
            (["remove", "lead"], "lead is built in and cannot be removed (its rot days can still be changed)"),
            (["remove", "paused", "--move-to", "lost"], "paused is built in and cannot be removed (its rot days can still be changed)"),
            (["move", "lost", "--first"], "lost is a side stage; only main-line stages can be reordered"),
            (["move", "lead", "--first", "--after", "contacted"], "use --after STAGE or --first, not both"),
        ]
        for (args, message) in cases {
            let r = try stages(s, args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr == "greenroom: \(message)\n", "\(args)")
        }
        #expect(try stages(s).stdout == before)
    }
}
}
