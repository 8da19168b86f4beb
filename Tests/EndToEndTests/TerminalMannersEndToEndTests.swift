import Foundation
import Testing
import GreenroomCore

/// Issue 28: terminals that cannot draw a screen, terminals without an alternate screen, and
/// keys behind the "too small" message, on the real binary.
extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TerminalMannersEndToEndTests {
    @Test func termDumbIsOneLineAndExitTwo() throws {
        let s = Sandbox()
        try s.makeDemo()
        let r = try Harness.run(["--db", s.database], environment: s.environment.merging(["TERM": "dumb"]) { $1 })
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("TERM=dumb cannot move the cursor"))
        // In a real terminal too: nothing is drawn, the shell gets status 2 and its tty back.
        try s.start(["--db", s.database], extraEnvironment: ["TERM": "dumb"])
        let screen = try s.waitFor("EXIT=")
        #expect(screen.contains("EXIT=2 TTY=same"))
        #expect(!screen.contains("Roster"))
    }

    @Test func doctorWarnsAboutTermDumb() throws {
        let s = Sandbox()
        let r = try Harness.run(["doctor", "--db", s.database], environment: s.environment.merging(["TERM": "dumb"]) { $1 })
        #expect(r.stdout.contains("warn  terminal  TERM=dumb cannot move the cursor"), "doctor said: \(r.stdout)")
        #expect(!r.stdout.contains("ok    terminal  TERM=dumb"))
    }

    @Test func withVT100TheLastFrameIsGoneAfterQuitting() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database], extraEnvironment: ["TERM": "vt100"])
        try s.waitFor("1 Roster")
        try s.type("q")
        let after = try s.waitFor("EXIT=")
        #expect(after.contains("EXIT=0 TTY=same"))
        #expect(!after.contains("Roster"), "the last frame stayed:\n\(after)")
        #expect(!after.contains("Greenroom"))
    }

    @Test func keysDoNothingBehindTheTooSmallScreen() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster")
        try s.resize(width: 60, height: 20)
        try s.waitFor("terminal too small")
        try s.type("3")                                  // would focus the tickets pane
        try s.type("t")                                  // would open Today
        Thread.sleep(forTimeInterval: 0.5)
        try s.resize(width: 100, height: 30)
        let screen = try s.waitFor("┏1 Roster")          // the roster still has focus
        #expect(!screen.contains("┏3 Tickets"))
        #expect(!screen.contains("TODAY"))
        try s.resize(width: 60, height: 20)
        try s.waitFor("terminal too small")
        try s.type("q")
        #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
    }
}
}

/// Issue 28: the TUI notices another process's writes without a key being pressed.
extension EndToEnd.TerminalMannersEndToEndTests {
    @Test func aCommandLineImportShowsUpInTheRunningApp() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"])
        let before = try s.waitFor("┏1 Roster 150")
        #expect(before.contains("never synced"))
        let csv = s.path + "/one.csv"
        try "handle,name,market\n@zz.external,Zed External,US\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try Harness.run(["import", "--db", s.database, csv], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        try s.waitFor("┏1 Roster 151", timeout: 10)                // no key pressed
        // A sync by another process: the header's last sync follows.
        let folder = s.path + "/sync"
        let sync = try Harness.run(["sync", "--db", s.database, "--folder", folder], environment: s.environment)
        #expect(sync.status == 0, "\(sync.stderr)")
        try s.waitUntil(timeout: 10, "the header's last sync") { !$0.contains("never synced") && $0.contains("synced") }
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
