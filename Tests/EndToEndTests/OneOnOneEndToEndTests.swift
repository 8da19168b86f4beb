import Foundation
import Testing
import GreenroomCore

/// 1:1s and coaching (issue 25) in the real binary: `greenroom oneonone` writes, reads and
/// refuses (one line, nothing changed); the 1:1 screen in tmux.
@Suite(.serialized) struct OneOnOneEndToEndTests {
    func agenda(_ s: Sandbox, _ handle: String = "@tuan") throws -> [String: Any] {
        let r = try s.command(["oneonone", "agenda", handle, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func id(_ output: String) -> String { output.components(separatedBy: " · id ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    /// One of @tuan's solved tickets (its key), from the tickets list.
    func tuansTicket(_ s: Sandbox) throws -> String {
        let r = try s.command(["tickets", "list", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try s.rows(r)
        let mine = try #require(rows.first { ($0["assignee"] as? String) == "@tuan" }, "no ticket of @tuan")
        return try #require(mine["key"] as? String)
    }

    @Test func theCommandLineWritesReadsHoldsAndRefusesBadInputChangingNothing() throws {
        let s = Sandbox()
        try s.makeDemo()
        // A QA review of one of @tuan's tickets, every criterion 1: (40+20+25+15)×1 ÷ 400 = 25, under 80.
        let key = try tuansTicket(s)
        let review = try s.command(["qa", "review", key, "--score", "accuracy=1", "--score", "tone=1", "--score", "policy=1", "--score", "localization=1",
                                    "--as", "@grace"])
        #expect(review.status == 0, "\(review.stderr)")
        let fu = try s.command(["oneonone", "follow-up", "@tuan", "pair on two appeal tickets", "--due", "2026-11-24", "--ticket", key, "--as", "@grace"])
        #expect(fu.status == 0 && fu.stdout.hasPrefix("Added a follow-up for @tuan (due 2026-11-24): pair on two appeal tickets · id "), "\(fu.stdout)\(fu.stderr)")
        let goal = try s.command(["oneonone", "goal", "tuan", "first replies under 30 min", "--as", "@grace"])
        let note = try s.command(["oneonone", "note", "@tuan", "calm during the outage"])
        #expect(goal.status == 0 && note.status == 0)
        let a = try agenda(s)
        #expect(a["since"] as? String == "2026-11-13T09:30:00Z" && a["last_one_on_one"] is NSNull)
        let fails = try #require(a["qa_fails"] as? [[String: Any]])
        #expect(fails.count == 1 && fails.first?["score"] as? Double == 25 && (fails.first?["key"] as? String).map { key.hasPrefix($0) } == true, "\(fails)")
        let fus = try #require(a["follow_ups"] as? [[String: Any]])
        // Due at the start of 2026-11-24 in the team's zone (the demo's is behind UTC).
        #expect(fus.count == 1 && fus[0]["body"] as? String == "pair on two appeal tickets" && (fus[0]["due_at"] as? String)?.hasPrefix("2026-11-24T") == true, "\(fus)")
        #expect(fus[0]["id"] as? String == id(fu.stdout) && fus[0]["ticket_id"] is String)
        #expect((a["goals"] as? [[String: Any]])?.map { $0["body"] as? String } == ["first replies under 30 min"])
        #expect((a["notes"] as? [[String: Any]])?.map { $0["body"] as? String } == ["calm during the outage"])

        // Refusals: one line, non-zero, nothing changed.
        let before = try s.command(["oneonone", "agenda", "@tuan", "--json"]).stdout
        for (args, reason) in [
            (["oneonone", "note", "@nobody", "hello"], "no teammate @nobody"),
            (["oneonone", "follow-up", "@tuan", "x", "--due", "someday"], "--due: \"someday\" is not a date (YYYY-MM-DD, today, tomorrow, +3d, +2w, fri)"),
            (["oneonone", "goal", "@tuan", "   "], "write the goal first (the text is empty)"),
            (["oneonone", "note", "@tuan", "x", "--ticket", "ZZZZZZZZ"], "--ticket: no single ticket has the key ZZZZZZZZ"),
            (["oneonone", "done", id(note.stdout)], "only a goal or follow-up is marked done"),
            (["oneonone", "done", "ffffffff"], "no single coaching item has the id ffffffff (see greenroom oneonone agenda @handle)"),
            (["oneonone", "hold", "@nobody"], "no teammate @nobody"),
        ] {
            let r = try s.command(args)
            #expect(r.status != 0, "\(args)")
            let err = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(err.hasSuffix(reason) && !err.contains("\n"), "\(args): \(err)")
        }
        #expect(try s.command(["oneonone", "agenda", "@tuan", "--json"]).stdout == before)

        // Holding the 1:1 records the agenda and starts the next: the QA fail is off it, the open items stay.
        let hold = try s.command(["oneonone", "hold", "@tuan", "--notes", "went through the QA review", "--as", "@grace"])
        #expect(hold.status == 0 && hold.stdout.contains("Held a 1:1 with @tuan on 2026-11-20"), "\(hold.stdout)\(hold.stderr)")
        #expect(hold.stdout.contains("QA under 80 (1): ") && hold.stdout.contains("(QA 25)"), "\(hold.stdout)")
        let next = try agenda(s)
        #expect(next["last_one_on_one"] as? String == "2026-11-20T09:30:00Z" && next["since"] as? String == "2026-11-20T09:30:00Z")
        #expect((next["qa_fails"] as? [Any])?.isEmpty == true && (next["breaches"] as? [Any])?.isEmpty == true && (next["notes"] as? [Any])?.isEmpty == true)
        #expect((next["follow_ups"] as? [Any])?.count == 1 && (next["goals"] as? [Any])?.count == 1)
        let history = try #require(next["history"] as? [[String: Any]])
        #expect(history.count == 1 && history[0]["notes"] as? String == "went through the QA review")
        #expect((history[0]["discussed"] as? String)?.contains("Notes (1): calm during the outage") == true)

        // Done, reopen, remove and restore.
        #expect(try s.command(["oneonone", "done", id(fu.stdout)]).stdout == "Done: follow-up pair on two appeal tickets\n")
        #expect((try agenda(s)["follow_ups"] as? [Any])?.isEmpty == true)
        #expect(try s.command(["oneonone", "reopen", String(id(fu.stdout))]).status == 0)
        #expect((try agenda(s)["follow_ups"] as? [Any])?.count == 1)
        #expect(try s.command(["oneonone", "remove", id(goal.stdout)]).status == 0)
        #expect((try agenda(s)["goals"] as? [Any])?.isEmpty == true)
        #expect(try s.command(["trash", "restore", id(goal.stdout)]).status == 0)
        #expect((try agenda(s)["goals"] as? [Any])?.count == 1)
    }

    /// The 1:1 screen in the real binary: from the agent page (`o`), a follow-up written with
    /// `c`, the 1:1 recorded with `r` (the agenda's tickets leave it, the follow-up stays, the
    /// 1:1 is listed), `Space` marks the follow-up done, `u` undoes it; the command line sees each.
    @Test func theOneOnOneScreenWritesAFollowUpHoldsTheOneOnOneAndUndoes() throws {
        let s = Sandbox()
        try s.makeDemo()
        let before = try agenda(s)
        let breaches = try #require(before["breaches"] as? [[String: Any]])
        let firstKey = try #require(breaches.first?["key"] as? String, "the demo gives @tuan breaches in the last 7 days")
        try s.start(["--db", s.database, "--as", "@grace"], width: 100, height: 30)
        try s.waitFor("┏1 Roster")
        try s.palette("agent @tuan")
        try s.waitUntil("the agent page") { $0.contains("┏Agent @tuan") && $0.contains("Tickets solved") }
        try s.type("o")
        let screen = try s.waitUntil("the 1:1 screen") { $0.contains("┏1:1 with @tuan") && $0.contains("SLA breaches (\(breaches.count))") }
        #expect(screen.contains("the last 7 days (no 1:1 yet)") && screen.contains(firstKey))
        // c on the first breach: a follow-up about it, due +3d (Monday 2026-11-23).
        try s.type("c")
        try s.waitFor("about \(firstKey)")
        try s.type("ask Grace about this one")
        try s.send("Tab")
        try s.type("+3d")
        try s.send("C-s")
        try s.waitFor("Added a follow-up for @tuan · u to undo")
        let written = try s.waitUntil("the follow-up listed") { $0.contains("Open follow-ups (1)") && $0.contains("due 2026-11-23") }
        #expect(written.contains("ask Grace about this one"))
        #expect(((try agenda(s))["follow_ups"] as? [[String: Any]])?.first?["body"] as? String == "ask Grace about this one")
        // r records the 1:1: the tickets leave the agenda, the follow-up stays, the 1:1 is listed.
        try s.type("r")
        try s.waitFor("Hold the 1:1 with @tuan")
        try s.type("went through the breaches")
        try s.send("C-s")
        try s.waitFor("Held a 1:1 with @tuan · u to undo")
        let held = try s.waitUntil("the next agenda") { $0.contains("since the last 1:1") && $0.contains("1:1s held (1)") }
        #expect(held.contains("No SLA breaches, bad ratings or QA reviews under 80 in that time."))
        #expect(held.contains("went through the breaches") && held.contains("Open follow-ups (1)"))
        let after = try agenda(s)
        #expect((after["breaches"] as? [Any])?.isEmpty == true && (after["history"] as? [Any])?.count == 1)
        // Space on the follow-up (the first row now) marks it done; u brings it back.
        try s.type(" ")
        try s.waitUntil("done") { $0.contains("Done: follow-up ask Grace about this one") && $0.contains("Open follow-ups (0)") }
        #expect((try agenda(s)["follow_ups"] as? [Any])?.isEmpty == true)
        try s.type("u")
        try s.waitUntil("undone") { $0.contains("Undid: Done: follow-up") && $0.contains("Open follow-ups (1)") }
        #expect((try agenda(s)["follow_ups"] as? [Any])?.count == 1)
        try s.send("Escape")
        try s.waitFor("┏Agent @tuan")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    /// A coaching follow-up due today is on its author's Today: `Enter` opens the teammate's 1:1,
    /// `Space` there… and on Today marks it done.
    @Test func todayListsTheLeadsCoachingFollowUpsAndOpensTheOneOnOne() throws {
        let s = Sandbox()
        try s.makeDemo()
        let fu = try s.command(["oneonone", "follow-up", "@tuan", "pair on two appeal tickets", "--due", "today", "--as", "@grace"])
        #expect(fu.status == 0, "\(fu.stderr)")
        try s.start(["--db", s.database, "--as", "@grace"], width: 120, height: 40)
        try s.waitFor("┏1 Roster")
        try s.type("t")
        let today = try s.waitUntil("Today with the coaching section") { $0.contains("Coaching follow-ups with teammates 1") }
        #expect(today.contains("1:1 @tuan · pair on two appeal tickets · "), "\(today)")
        // The cursor starts on the first row; the coaching row comes after the creators' follow-ups.
        let header = try #require(today.split(separator: "\n").first { $0.contains("Follow-ups due today or overdue") }, "\(today)")
        let count = Int(header.split(separator: " ").last { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "┃ "))) != nil }?
            .trimmingCharacters(in: CharacterSet(charactersIn: "┃ ")) ?? "0") ?? 0
        #expect(count < 50, "all of @grace's creator follow-ups are loaded")
        for _ in 0..<count { try s.type("j") }
        try s.waitUntil("the cursor on the coaching row") { $0.contains("▶ 1:1 @tuan") }
        try s.send("Enter")
        try s.waitUntil("the 1:1 screen") { $0.contains("┏1:1 with @tuan") && $0.contains("pair on two appeal tickets") }
        try s.send("Escape")
        try s.waitUntil("back on Today") { $0.contains("▶ 1:1 @tuan") }
        try s.type(" ")
        try s.waitUntil("done") { $0.contains("Done: follow-up with @tuan") && !$0.contains("Coaching follow-ups with teammates") }
        #expect((try agenda(s)["follow_ups"] as? [Any])?.isEmpty == true)
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
