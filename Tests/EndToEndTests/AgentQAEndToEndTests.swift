import Foundation
import Testing
import GreenroomCore

/// Issue 25, the team lead's desk, in the real binary in tmux: the Review's agent row opens the
/// agent's page with the same week's numbers as `report weekly`; `*` on a ticket scores it and
/// the QA score shows on the page, in the Review and in the report; `u` takes it back.
@Suite(.serialized) struct AgentQAEndToEndTests {
    func weekly(_ s: Sandbox) throws -> [String: Any] {
        let r = try s.command(["report", "weekly", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func cursorLine(_ screen: String) -> String { screen.split(separator: "\n").first { $0.contains("▶") }.map(String.init) ?? "" }

    /// `j` until the cursor's line holds `text`, each time waiting for the cursor to move.
    @discardableResult
    func moveCursor(_ s: Sandbox, to text: String, limit: Int = 80) throws -> String {
        var screen = try s.capture()
        for _ in 0..<limit where !cursorLine(screen).contains(text) {
            let before = cursorLine(screen)
            try s.type("j")
            screen = try s.waitUntil("the cursor to move") { cursorLine($0) != before }
        }
        return screen
    }

    @Test func theReviewOpensAnAgentsPageWhoseNumbersMatchTheReport() throws {
        let s = Sandbox()
        try s.makeDemo()
        let report = try weekly(s)
        let week = try #require(report["week"] as? String)
        let agents = try #require(report["agents"] as? [[String: Any]])
        let top = try #require(agents.first)
        let handle = try #require(top["handle"] as? String)
        let solved = try #require(top["solved"] as? Int)
        try s.start(["--db", s.database, "--as", "@grace"], width: 140, height: 45)
        try s.waitFor("┏1 Roster")
        try s.type("R")
        try s.waitUntil("the review") { $0.contains("Review \(week)") && $0.contains("Agents") }
        // Down to the first agent row: past the KPI rows.
        try moveCursor(s, to: handle)
        try s.send("Enter")
        let page = try s.waitUntil("the agent page") { $0.contains("┏Agent \(handle)") && $0.contains("Tickets solved") && !$0.contains("Loading") }
        // Their schedule as the teams have it (the demo's agents have shifts), and their time off.
        #expect(page.contains("┃ Schedule ") && page.contains("┃ Time off "), "\(page)")
        // `h` to the week the report covers (the last complete one), its solved count beside the sparkline.
        try s.type("h")
        let before = try s.waitUntil("the week before") { $0.contains("\(week) ") && !$0.contains("so far") }
        let line = try #require(before.split(separator: "\n").first { $0.contains("Tickets solved") })
        #expect(line.split(separator: " ").contains("\(solved)"), "\(line) vs \(solved)")
        // Enter lists exactly those tickets.
        try s.send("Down", "Down", "Enter")
        try s.waitUntil("the drill-down") { $0.contains("┏Tickets solved \(solved) · \(handle) · \(week) · \(solved) ticket") }
        try s.send("Escape")
        try s.waitFor("┏Agent \(handle)")
        try s.send("Escape")
        try s.waitFor("Review \(week)")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    @Test func starScoresATicketAndTheScoreShowsOnThePageTheReviewAndTheReport() throws {
        let s = Sandbox()
        try s.makeDemo()
        let report = try weekly(s)
        let week = try #require(report["week"] as? String)
        // The sample of last week: one ticket of the first agent.
        let sample = try s.command(["qa", "sample", "--per-agent", "1", "--format", "json"])
        #expect(sample.status == 0, "\(sample.stderr)")
        let drawn = try #require((try JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any])?["tickets"] as? [[String: Any]])
        let first = try #require(drawn.first)
        let key = try #require(first["key"] as? String), agent = try #require(first["agent"] as? String)
        #expect(try s.command(["qa", "sample", "--per-agent", "1", "--format", "json"]).stdout == sample.stdout)
        try s.start(["--db", s.database, "--as", "@grace"], width: 140, height: 45)
        try s.waitFor("┏1 Roster")
        // The agent's page, last week (`h`), Tickets solved: the drill-down holds the sampled ticket.
        try s.palette("agent \(agent)")
        try s.waitUntil("the agent page") { $0.contains("┏Agent \(agent)") && $0.contains("QA score") }
        try s.type("h")
        try s.waitUntil("last week") { $0.contains("\(week) ") && !$0.contains("so far") }
        try s.send("Down", "Down", "Enter")
        try s.waitUntil("the drill-down") { $0.contains("┏Tickets solved") && $0.contains(" · \(week) · ") && $0.contains("▶") }
        let screen = try moveCursor(s, to: key)
        #expect(cursorLine(screen).contains(key), "\(screen)")
        try s.send("Enter")
        try s.waitUntil("the ticket") { $0.contains(" TICKET ") && $0.contains(key) }
        try s.type("*")
        try s.waitFor("QA review of \(key)")
        try s.type("4")
        try s.type("3")
        try s.type("4")
        try s.type("4")
        try s.type("great, clear steps")
        let form = try s.waitFor("Score 95 of 100")
        #expect(form.contains("passes"))
        try s.send("C-s")
        try s.waitFor("QA review of \(key): 95 · u to undo")
        // Back through the drill-down to the page, which shows the week's QA score.
        try s.send("Escape")
        try s.waitFor("┏Tickets solved")
        try s.send("Escape")
        let page = try s.waitUntil("the page with its QA score") { screen in
            screen.contains("┏Agent \(agent)") && (screen.split(separator: "\n").first { $0.contains("QA score") }?.contains("1/1 passed") ?? false)
        }
        let qa = try #require(page.split(separator: "\n").first { $0.contains("QA score") })
        #expect(qa.contains(" 95 "), "\(qa)")
        // The report carries it; `u` in the app takes it back.
        let after = try #require((try weekly(s))["agents"] as? [[String: Any]])
        #expect(after.first { $0["handle"] as? String == agent }?["qa_score"] as? Double == 95)
        try s.type("u")
        try s.waitFor("Undid: QA review of \(key): 95")
        let undone = try #require((try weekly(s))["agents"] as? [[String: Any]])
        #expect(undone.first { $0["handle"] as? String == agent }?["qa_score"] is NSNull)
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    @Test func theQAScreenListsTheSameSampleAsTheCommandLine() throws {
        let s = Sandbox()
        try s.makeDemo()
        let sample = try s.command(["qa", "sample", "--per-agent", "5", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any])
        let week = try #require(object["week"] as? String)
        let keys = try #require(object["tickets"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(keys.count >= 5)
        try s.start(["--db", s.database, "--as", "@grace"], width: 140, height: 45)
        try s.waitFor("┏1 Roster")
        try s.palette("qa")
        let screen = try s.waitUntil("the QA sample") { $0.contains("┏QA sample \(week)") && $0.contains("not reviewed") }
        let shown = keys.prefix(30).filter { screen.contains(" \($0) ") }
        #expect(shown.count == min(keys.count, 30), "\(keys) on\n\(screen)")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    @Test func theCommandLineRefusesABadReviewInOneLineAndChangesNothing() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 120)
        let sample = try s.command(["qa", "sample", "--per-agent", "1", "--format", "json"])
        let drawn = try #require((try JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any])?["tickets"] as? [[String: Any]])
        let key = try #require(drawn.first?["key"] as? String)
        let bad = try s.command(["qa", "review", key, "--score", "empathy=3"])
        #expect(bad.status != 0 && bad.stderr.contains("\"empathy\" is not a criterion of the rubric"))
        let range = try s.command(["qa", "review", key, "--score", "accuracy=9"])
        #expect(range.status != 0 && range.stderr.contains("accuracy: score 9 is out of range (0–4)"))
        let rubric = try s.command(["settings", "qa", "--criterion", "accuracy:Accuracy:0"])
        #expect(rubric.status != 0 && rubric.stderr.contains("weight must be from 1 to 100"))
        let ok = try s.command(["qa", "review", key, "--score", "accuracy=2", "--as", "@grace"])
        #expect(ok.status == 0 && ok.stdout.contains("50 of 100, fails"), "\(ok.stdout)\(ok.stderr)")
    }
}
