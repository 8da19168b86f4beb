import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct RosterEndToEndTests {
    @Test func slashAndAHandleNarrowToExactlyThatCreator() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster 150")
        try s.type("/@zoe.live")
        let screen = try s.waitFor("Roster 1 of 150")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2].contains("/ @zoe.live"))
        #expect(lines[4].contains("▶ @zoe.live"))
        #expect(String(lines[5].prefix(50)).trimmingCharacters(in: CharacterSet(charactersIn: "┃ ")).isEmpty) // and no other row
        try s.send("Escape")
        try s.waitFor("┏1 Roster 150━")
    }

    @Test func anEditSurvivesARestartAndUUndoesIt() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster 150")
        try s.type("/@zoe.live")
        try s.send("Enter")
        try s.waitFor("▶ @zoe.live")
        try s.send("Enter")
        try s.waitFor("@zoe.live · Zoë 直播 🎥")
        try s.type("e")
        try s.waitFor("Edit @zoe.live")
        try s.send("C-u")
        try s.type("Zoë Renamed")
        try s.send("C-s")
        try s.waitFor("@zoe.live · Zoë Renamed")
        try s.waitFor("Edited @zoe.live · u to undo")
        try s.type("u")
        try s.waitFor("@zoe.live · Zoë 直播 🎥")
        try s.waitFor("Undid: Edited @zoe.live")
        try s.send("C-r")
        try s.waitFor("@zoe.live · Zoë Renamed")
        try s.type("q")
        try s.waitFor("EXIT=0")
        // A second run of the program sees the edit.
        let again = Sandbox(sharing: s)
        try again.start(["--db", s.database])
        try again.waitFor("┏1 Roster")
        try again.type("/@zoe.live")
        try again.send("Enter")
        try again.send("Enter")
        try again.waitFor("@zoe.live · Zoë Renamed")
        // And the command line agrees.
        let list = try Harness.run(["creators", "list", "--db", s.database, "--filter", "@zoe.live", "--format", "csv"], environment: s.environment)
        #expect(list.stdout.contains("@zoe.live,Zoë Renamed,"))
    }

    @Test func logAFollowUpAndMarkItDone() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"])
        try s.waitFor("┏1 Roster")
        try s.type("/@zoe.live")
        try s.send("Enter")
        try s.send("Enter")
        try s.waitFor("LIVE, last 90 days")
        try s.type("c")
        try s.waitFor("Log activity for @zoe.live")
        try s.type("Coaching: better lighting")
        try s.send("Tab")
        try s.type("Check next LIVE")
        try s.send("Tab")
        try s.type("tomorrow")
        try s.send("C-s")
        try s.waitFor("due 11-21    Coaching: better lighting → Check next LIVE")
        try s.send("Space")
        try s.waitFor("done         Coaching: better lighting")
    }
}
}

extension EndToEnd.CommandLineTests {
    @Test func anImportWithOneBadRowNamesTheLineAndChangesNothing() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 30, tickets: 20)
        let before = s.path + "/before", after = s.path + "/after"
        #expect(try Harness.run(["export", "--db", s.database, "--out", before], environment: s.environment).status == 0)
        let csv = s.path + "/creators.csv"
        try "handle,name,country,followers\n@fresh.one,Fresh One,US,100\n@fresh.two,\"Two, with a comma\",MX,200\n@fresh.three,Three,Mexico,300\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try Harness.run(["import", csv, "--db", s.database], environment: s.environment)
        #expect(r.status != 0)
        #expect(r.stderr.contains("creators.csv:4: market \"Mexico\" is not an ISO code"))
        #expect(r.stderr.contains("nothing imported"))
        #expect(try Harness.run(["export", "--db", s.database, "--out", after], environment: s.environment).status == 0)
        for file in ["creators.csv", "live_sessions.csv", "tickets.csv"] {
            #expect(FileManager.default.contents(atPath: before + "/" + file) == FileManager.default.contents(atPath: after + "/" + file), "\(file) changed")
        }
        let dry = try Harness.run(["import", csv, "--db", s.database, "--dry-run", "--skip-invalid"], environment: s.environment)
        #expect(dry.stdout.contains("Would import: creators: 2 added"))
        let ok = try Harness.run(["import", csv, "--db", s.database, "--skip-invalid"], environment: s.environment)
        #expect(ok.status == 0 && ok.stdout.contains("Imported: creators: 2 added, 0 updated"))
        let list = try Harness.run(["creators", "list", "--db", s.database, "--filter", "@fresh", "--format", "json"], environment: s.environment)
        #expect(list.stdout.contains("\"name\" : \"Two, with a comma\""))
    }
}
