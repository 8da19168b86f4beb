import Foundation
import Testing
import GreenroomCore
import GreenroomStore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct ScreenTests {
    @Test func opensOnDemoDataWithAllFourPanesAndRows() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"])
        let screen = try s.waitFor("Active creators") // KPIs are computed off the loop, so they come last
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("Greenroom · LIVE Creator Ops · me @ana"))
        #expect(lines[0].contains("never synced"))
        #expect(lines[1].contains("┏1 Roster 150"))
        #expect(lines[1].contains("2 Pipeline"))
        #expect(screen.contains("3 Tickets"))
        #expect(lines[3].contains("▶ @"))                   // a real first row, selected
        #expect(lines[3].hasSuffix("┃") || lines[3].contains("┃│"))
        #expect(screen.contains("Active creators"))
        #expect(screen.contains("lead "))
        #expect(lines[29].contains("NORMAL"))
    }

    @Test func tabMovesTheFocusMarker() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.send("Tab")
        let screen = try s.waitFor("┏2 Pipeline")
        #expect(screen.contains("┌1 Roster"))
        try s.send("Tab")
        try s.waitFor("┏3 Tickets")
        try s.send("BTab", "BTab")
        try s.waitFor("┏1 Roster")
    }

    @Test func helpOpensWithQuestionMarkAndClosesWithEscape() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.type("?")
        let help = try s.waitFor("Help — keys")
        #expect(help.contains("Next pane"))
        #expect(help.contains("HELP"))
        try s.send("Escape")
        try s.waitUntil("help closes") { !$0.contains("Help — keys") && $0.contains("NORMAL") }
    }

    @Test func resizingBelowTheMinimumShowsAMessageAndBackRestoresTheLayout() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.resize(width: 60, height: 20)
        let small = try s.waitFor("terminal too small (need 80×24)")
        #expect(!small.contains("Roster"))
        try s.resize(width: 100, height: 30)
        let restored = try s.waitFor("┏1 Roster")
        let lines = restored.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 30)
        #expect(lines[14].hasPrefix("┗") && lines[14].hasSuffix("┘"))
    }

    @Test func wideCharactersAndEmojiKeepEveryBorderIntact() throws {
        let s = Sandbox()
        try s.makeDemo()
        let store = try Store.open(at: s.database, clock: .fixed(Time.parseISO(Harness.pinnedNow)!))
        let id = UUIDv7.make(millis: Time.parseISO(Harness.pinnedNow)!)
        try store.createCreator(Creator(id: id, handle: "@aaa.zoe", displayName: "Zoë 直播 🎥", kind: .creator, market: "MX", language: "es",
                                        networkID: nil, ownerID: nil, stage: Stage.activated, source: .event, followers: 5,
                                        createdAt: Time.parseISO(Harness.pinnedNow)! - Time.day))
        try store.close()
        try s.start(["--db", s.database])
        try s.waitFor("@aaa.zoe")
        try s.send("z") // zoom the roster so the name column shows
        let screen = try s.waitFor("Zoë 直播 🎥")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (y, line) in lines.enumerated() where (1...28).contains(y) {
            #expect(DisplayWidth.of(line) == 100, "row \(y) is \(DisplayWidth.of(line)) columns: \(line)")
            #expect(line.hasSuffix("┃") || line.hasSuffix("┓") || line.hasSuffix("┛"), "row \(y): \(line)")
        }
    }

    @Test func aNameWithAnEscapeSequenceIsDrawnWithoutClearingTheScreen() throws {
        let s = Sandbox()
        try s.makeDemo()
        let at = Time.parseISO(Harness.pinnedNow)!
        let store = try Store.open(at: s.database, clock: .fixed(at))
        try store.createCreator(Creator(id: UUIDv7.make(millis: at), handle: "@aaa.evil", displayName: "Evil\u{1B}[2Jname\u{1B}]0;pwned\u{07}",
                                        kind: .creator, market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead,
                                        source: .inbound, followers: 5, createdAt: at - Time.day))
        try store.close()
        try s.start(["--db", s.database])
        try s.waitFor("@aaa.evil")
        try s.send("z")
        let screen = try s.waitFor("Evil␛[2Jname")
        #expect(screen.contains("Greenroom"))           // header still there: nothing cleared the screen
        #expect(screen.contains("┏1 Roster"))
        try s.send("Enter")                              // the detail screen's title shows the whole name
        let detail = try s.waitFor("@aaa.evil · Evil␛[2Jname␛]0;pwned␇")
        #expect(detail.contains("Greenroom"))
    }

    @Test func qExitsWithStatusZeroAndRestoresTheTerminal() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.type("q")
        let after = try s.waitFor("EXIT=")
        #expect(after.contains("EXIT=0 TTY=same"))
        #expect(!after.contains("Roster"))             // the alternate screen is gone
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.shell(["pkill", "-TERM", "-f", "--", "--db \(s.database)"])
        let after = try s.waitFor("EXIT=")
        #expect(after.contains("EXIT=143 TTY=same"))
    }

    /// Issue 19: after SIGTERM, SIGINT or SIGHUP the terminal is back as `q` leaves it —
    /// keypad (application cursor keys) and mouse reporting off, as tmux itself reports them.
    @Test(arguments: ["TERM", "INT", "HUP"]) func aSignalLeavesKeypadAndMouseModesOff(signal: String) throws {
        let s = Sandbox()
        try s.makeDemo()
        try "mouse = true\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        let modes = "#{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{mouse_standard_flag} #{mouse_button_flag} #{mouse_sgr_flag}"
        let running = try s.shell(["tmux", "-L", s.socket, "display-message", "-p", "-t", "main", modes])
        #expect(running.hasPrefix("1 ") && running.contains("1"), "the app should have turned keypad and mouse modes on: \(running)")
        try s.shell(["pkill", "-\(signal)", "-f", "--", "--db \(s.database)"])
        let after = try s.waitFor("EXIT=")
        #expect(after.contains("TTY=same"))
        let restored = try s.shell(["tmux", "-L", s.socket, "display-message", "-p", "-t", "main", modes])
        #expect(restored.trimmingCharacters(in: .whitespacesAndNewlines) == "0 0 0 0 0 0")
    }

    @Test func ctrlCQuitsToo() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.send("C-c")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0 TTY=same"))
    }

    @Test func ctrlZSuspendsAndFgRedraws() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.startShell()
        try s.waitFor("$")
        try s.type(s.commandLine(["--db", s.database]))
        try s.send("Enter")
        try s.waitFor("┏1 Roster")
        try s.send("C-z")
        let suspended = try s.waitFor("Stopped")
        #expect(!suspended.contains("┏1 Roster"))
        try s.type("fg")
        try s.send("Enter")
        let back = try s.waitUntil("the screen is redrawn") { $0.contains("┏1 Roster") && $0.contains("4 KPIs") }
        #expect(back.contains("NORMAL"))
        try s.type("3")
        try s.waitFor("┏3 Tickets")
        try s.type("q")
        try s.waitUntil("the app exits") { !$0.contains("┏3 Tickets") }
        try s.type("echo DONE=$?")
        try s.send("Enter")
        try s.waitFor("DONE=0")
    }

    @Test func withMouseOnAClickFocusesAPaneAndSelectsARow() throws {
        let s = Sandbox()
        try s.makeDemo()
        try "mouse = true\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.click(x: 10, y: 19) // third ticket row
        // tmux may show a frame half-drawn (the title already thick, the rows not yet), so wait for
        // the whole state rather than the first sign of it.
        let screen = try s.waitUntil("the click focuses Tickets and selects its third row") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return screen.contains("┏3 Tickets") && lines.count > 19 && lines[19].hasPrefix("┃▶")
        }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 19 && lines[19].hasPrefix("┃▶"))
        #expect(!lines[17].hasPrefix("┃▶"))
    }

    @Test func demoFlagCreatesItsDatabaseOnFirstUse() throws {
        let s = Sandbox()
        try s.start(["--demo"])
        let screen = try s.waitFor("Active creators", timeout: 60)
        #expect(screen.contains("1 Roster 400"))
        #expect(screen.contains("me @ana"))
        #expect(FileManager.default.fileExists(atPath: s.path + "/data/greenroom/demo.sqlite"))
    }

    @Test func noColorStillShowsFocusAndSelection() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database], extraEnvironment: ["NO_COLOR": "1"])
        let plain = try s.waitFor("┏1 Roster")
        #expect(plain.contains("▶ @"))
        // With escapes: the selected row is in reverse video, and no colour is set.
        let styled = try s.shell(["tmux", "-L", s.socket, "capture-pane", "-p", "-e", "-t", "main"])
        #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m"))
        #expect(!styled.contains("38;5;") && !styled.contains("38;2;"))
    }
}
}
