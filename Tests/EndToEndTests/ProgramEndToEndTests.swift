import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Programs and workshops end to end (issue 26): enrol two creators from the roster's
/// selection with `:enrol program`, move one a module on the board with `L`, take attendance
/// with `Space` on `:workshops`, and check the command line sees what the screens wrote.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct ProgramEndToEndTests {
    func firstHandles(_ s: Sandbox, _ n: Int) throws -> [String] {
        let r = try Harness.run(["creators", "list", "--db", s.database, "--format", "json", "--limit", "\(n)"], environment: s.environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["handle"] as? String }
    }

    func showJSON(_ s: Sandbox) throws -> [String: Any] {
        let r = try Harness.run(["program", "show", "LIVE 101", "--db", s.database, "--format", "json"], environment: s.environment)
        #expect(r.status == 0, "\(r.stdout)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func enrolFromTheRosterAdvanceOnTheBoardAndTakeAttendance() throws {
        let s = Sandbox()
        try s.makeDemo()
        let created = try Harness.run(["program", "create", "--db", s.database, "--name", "LIVE 101", "--module", "Setup", "--module", "Lighting"],
                                      environment: s.environment)
        #expect(created.status == 0, "\(created.stdout)")
        let handles = try firstHandles(s, 2)
        #expect(handles.count == 2)

        // x, x on the first two roster rows, then :enrol program.
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("▶ \(handles[0])")
        try s.type("x")
        try s.type("x")
        try s.type(":")
        try s.waitFor("COMMAND")
        try s.type("enrol program live")
        try s.send("Enter")
        try s.waitFor("Enrolled 2 in LIVE 101")

        // The board: both stand at Setup; L records the first finished it.
        try s.type(":")
        try s.waitFor("COMMAND")
        try s.type("programs")
        try s.send("Enter")
        try s.waitFor("▶LIVE 101")
        try s.send("Enter")
        try s.waitFor("LIVE 101 · 2 enrolled")
        try s.waitFor("Setup 2")
        try s.type("L")
        try s.waitFor("finished Setup")
        let board = try s.waitFor("Lighting 1")
        #expect(board.contains("Funnel  enrolled 2 → Setup 1 50% → Lighting 0 0% → completed 0 → activated 0"), "\(board)")
        #expect(board.contains("Method  matched by market, stage, prior LIVE"))
        try s.send("Escape")
        try s.waitFor("▶LIVE 101")
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")

        var doc = try showJSON(s)
        let creators = try #require(doc["creators"] as? [[String: Any]])
        #expect(creators.map { $0["completed_modules"] as? Int } .sorted { ($0 ?? 0) < ($1 ?? 0) } == [0, 1])

        // A duplicate enrolment is one line and changes nothing.
        let again = try Harness.run(["program", "enrol", "LIVE 101", handles[0], "--db", s.database], environment: s.environment)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already enrolled in \"LIVE 101\""), "\(again.stderr)")

        // A workshop that completes Lighting, both invited; attendance in the TUI.
        let ws = try Harness.run(["workshop", "create", "--db", s.database, "--title", "Lighting clinic", "--starts", "2026-11-19T15:00",
                                  "--market", "US", "--capacity", "10", "--program", "LIVE 101", "--module", "Lighting"], environment: s.environment)
        #expect(ws.status == 0, "\(ws.stdout)\(ws.stderr)")
        let invited = try Harness.run(["workshop", "invite", "--db", s.database, "Lighting clinic"] + handles, environment: s.environment)
        #expect(invited.status == 0, "\(invited.stderr)")
        let sorted = handles.sorted()
        let t = Sandbox(sharing: s)
        try t.start(["--db", s.database, "--as", "@ana"])
        try t.waitFor("┏1 Roster")
        try t.type(":")
        try t.waitFor("COMMAND")
        try t.type("workshops")
        try t.send("Enter")
        try t.waitFor("▶Lighting clinic")
        try t.send("Enter")
        try t.waitFor("Lighting clinic · 0 of 2 present")
        try t.send("Space")
        let marked = try t.waitFor("Lighting clinic · 1 of 2 present")
        #expect(marked.contains("[x]  \(sorted[0])"), "\(marked)")
        try t.send("Escape")
        try t.waitFor("▶Lighting clinic")
        try t.send("Escape")
        try t.waitFor("┏1 Roster")
        try t.type("q")
        try t.waitFor("EXIT=0")

        let show = try Harness.run(["workshop", "show", "Lighting clinic", "--db", s.database, "--format", "json"], environment: s.environment)
        let w = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let people = try #require(w["invited"] as? [[String: Any]])
        #expect(people.map { $0["attended"] as? Bool } == [true, false])
        // Attendance completed Lighting for the one marked present.
        doc = try showJSON(s)
        let after = try #require(doc["creators"] as? [[String: Any]])
        let first = try #require(after.first { $0["handle"] as? String == sorted[0] })
        #expect((first["completed_modules"] as? Int ?? 0) >= 1)
    }
}
}
