import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// The `:tasks` and `:communities` screens and the knowledge base's resource send, end to
/// end (issue 26): what the command line wrote shows on the screens, and what the screens
/// write (a reward paid, a resource sent) the command line sees.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TasksCommunitiesEndToEndTests {
    @Test func tasksListProgressAndPOnACreatorRecordsTheRewardPaid() throws {
        let s = Sandbox()
        try s.makeDemo()
        // One session since the 13th completes it: every creator LIVE in the last 7 days is due.
        // It ends after the demo's own tasks, so it is listed first.
        let added = try s.command(["task", "add", "--title", "One LIVE this week", "--metric", "sessions", "--goal", "1", "--start", "2026-11-13",
                                "--end", "2026-11-29", "--reward", "Boost", "--amount", "50", "--filter", "live7d:>1h"])
        #expect(added.status == 0, "\(added.stderr)")
        func due() throws -> [[String: Any]] {
            try s.rows(try s.command(["task", "list", "--state", "due", "--format", "json"])).filter { $0["title"] as? String == "One LIVE this week" }
        }
        let before = try due()
        #expect(before.count >= 2)

        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try s.palette("tasks")
        let list = try s.waitFor("▶One LIVE this week")
        #expect(list.contains("rewards due ("), "\(list)")
        try s.send("Enter")
        let creators = try s.waitFor("\(before.count) rewards due · 0 paid")
        #expect(creators.contains("1 / 1 sessions ██████████ completed"), "\(creators)")
        try s.type("p")
        try s.waitFor("Paid Boost · 50 to @")
        try s.waitFor("\(before.count - 1) rewards due · 1 paid")
        try s.send("Escape")
        try s.waitFor("▶One LIVE this week")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
        #expect(try due().count == before.count - 1)
    }

    @Test func communitiesListMembersWithTheirComparisonAndEnterOpensOne() throws {
        let s = Sandbox()
        try s.makeDemo()
        let handles = try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "2"])).compactMap { $0["handle"] as? String }
        #expect(try s.command(["community", "create", "--name", "Night owls", "--channel", "discord", "--market", "US"]).status == 0)
        #expect(try s.command(["community", "join", "Night owls", handles[0], "--moderator"]).status == 0)
        #expect(try s.command(["community", "join", "Night owls", handles[1]]).status == 0)

        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try s.palette("communities")
        let list = try s.waitFor("▶Night owls")
        #expect(list.contains("discord  US"), "\(list)")
        try s.send("Enter")
        let open = try s.waitFor("Night owls · discord · US · 2 members")
        #expect(open.contains("Method  matched by market, stage, prior LIVE"), "\(open)")
        #expect(open.contains("\(handles.sorted()[0])"), "\(open)")
        try s.waitUntil("the comparison has loaded") { !$0.contains("measuring against a matched group") }
        try s.send("Enter")
        try s.waitFor("┏\(handles.sorted()[0]) ·")
        try s.send("Escape")
        try s.waitFor("Night owls · discord · US · 2 members")
        try s.send("Escape")
        try s.waitFor("▶Night owls")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    @Test func ctrlTInTheKnowledgeBaseSendsAResourceToTheSelectedCreator() throws {
        let s = Sandbox()
        try s.makeDemo()
        let first = try #require(try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "1"])).first?["handle"] as? String)
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("▶ \(first)")
        try s.type("K")
        try s.waitFor("Knowledge base")
        try s.type("multi-guest")
        try s.waitFor("Up to 5 guests")
        try s.send("C-t")
        let picker = try s.waitFor("Send \"Multi-guest LIVE\" to")
        #expect(picker.contains("the selected creator"), "\(picker)")
        try s.send("Enter")
        try s.waitFor("Sent \"Multi-guest LIVE\" to \(first)")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
        let sent = try s.rows(try s.command(["kb", "sent", "--creator", first, "--format", "json"]))
        #expect(sent.map { $0["resource"] as? String } == ["Multi-guest LIVE"])
        #expect(sent.first?["by"] as? String == "@ana")
    }
}
}
