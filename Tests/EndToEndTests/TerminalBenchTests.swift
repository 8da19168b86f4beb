import Foundation
import Testing
@testable import greenroom

/// The terminal bench's screen emulator and pseudo-terminal: known sequences, and the app's
/// real first frame read by the emulator against tmux reading the same bytes.
@Suite(.serialized) struct TerminalBenchTests {
    @Test func cursorAddressingErasingRepeatAndLineDrawingLandOnTheRightCells() {
        var s = ScreenEmulator(width: 12, height: 4)
        s.feed(Array("\u{1B}[2J\u{1B}[1;1HHello there\u{1B}[1;6H\u{1B}[K\u{1B}[3;5Hwo\u{1B}[2b\u{1B}[4;1H\u{1B}(0lqqk\u{1B}(B!".utf8))
        #expect(s.lines == ["Hello       ", "            ", "    wooo    ", "┌──┐!       "])
        // An escape sequence and a UTF-8 character split across reads.
        let bytes = Array("\u{1B}[2;2H…直x".utf8)
        s.feed(bytes[0..<3]); s.feed(bytes[3..<7]); s.feed(bytes[7...])
        #expect(s.lines[1] == " …直x       ")   // 直 takes two of the twelve cells
        // Delete and insert characters; scroll inside a region.
        var t = ScreenEmulator(width: 6, height: 3)
        t.feed(Array("abcdef\u{1B}[1;2H\u{1B}[2P\u{1B}[1;1H\u{1B}[1@".utf8))
        #expect(t.lines[0] == " adef ")
        t.feed(Array("\u{1B}[2;3r\u{1B}[2;1Hone\r\ntwo\r\nthree".utf8))
        #expect(t.lines == [" adef ", "two   ", "three "])
        #expect(t.shows("three") && !t.shows("one"))
    }

    /// The app's first frame in a pseudo-terminal, as the emulator reads it, equals what tmux
    /// shows for the same bytes (tmux is the oracle: a terminal this code did not write).
    @Test func theEmulatorReadsTheAppsFirstFrameAsTmuxDoes() throws {
        let s = Sandbox()
        let db = s.path + "/t.sqlite"
        let demo = try Harness.run(["demo", "--db", db, "--creators", "300", "--tickets", "200", "--sessions", "2000"], environment: s.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        var environment = s.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        let app = try PseudoTerminal([Harness.binary, "--db", db], environment: environment, width: 100, height: 30)
        app.keepsBytes = true
        let ms = try app.settle(from: app.started, timeout: 20) { $0.shows("Roster") && !$0.shows("Loading…") }
        #expect(ms > 0)
        let bytes = app.bytes
        app.quit()
        let replay = s.path + "/frame.bin"
        _ = FileManager.default.createFile(atPath: replay, contents: Data(bytes))
        let socket = s.socket
        _ = try s.shell(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30",
                           "env", "TERM=xterm-256color", "LANG=C.UTF-8", "sh", "-c", "stty raw -echo; cat '\(replay)'; sleep 30"], detached: true)
        var shown = ""
        for _ in 0..<50 {
            usleep(100_000)
            shown = (try? s.shell(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"])) ?? ""
            if shown.contains("Roster") { break }
        }
        let theirs = shown.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        let ours = app.screen.lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        #expect(Array(ours.prefix(theirs.count)) == Array(theirs), "emulator:\n\(ours.joined(separator: "\n"))\ntmux:\n\(theirs.joined(separator: "\n"))")
    }

    @Test func benchTerminalReportsFirstFrameScreenOpensAndTheFloorRatio() throws {
        let s = Sandbox()
        let db = s.path + "/b.sqlite"
        let demo = try Harness.run(["demo", "--db", db, "--creators", "300", "--tickets", "200", "--sessions", "2000"], environment: s.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        let r = try Harness.run(["bench", "--terminal", "--runs", "1", "--db", db, "--json"], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout) \(r.stderr)")
        var keys = ["first_frame_pty_ms", "first_frame_pty_cold_ms"]
        for screen in ["today", "review", "campaigns", "kpi_drill", "agent"] { keys += ["open_\(screen)_ms", "open_\(screen)_cold_ms"] }
        if TerminalBench.findExecutable("sqlite3") != nil {
            keys += ["first_frame_floor_ms", "first_frame_floor_ratio", "first_frame_full_floor_ms", "first_frame_full_floor_ratio"]
        }
        for key in keys { #expect((object[key] as? Double).map { $0 > 0 } == true, "\(key): \(String(describing: object[key]))") }
        // The full floor's statements run cleanly in the sqlite3 shell (a broken one would still
        // be timed) and read the pages the app shows: the roster's first creator, each stage's count.
        if let sqlite3 = TerminalBench.findExecutable("sqlite3") {
            let floor = try s.shell([sqlite3, "-readonly", db, TerminalBench.fullFloorSQL(now: 1_795_167_000_000,
                                                                                          stages: ["lead", "contacted", "onboarding", "activated", "established"])])
            let first = try s.shell([sqlite3, "-readonly", db, "SELECT handle FROM creator WHERE deleted = 0 ORDER BY handle LIMIT 1"])
            #expect(floor.contains(first.trimmingCharacters(in: .whitespacesAndNewlines)) && floor.contains("|lead|") && !floor.contains("Error"), "\(floor.prefix(400))")
        }
        let bad = try Harness.run(["bench", "--terminal", "--runs", "0", "--db", db], environment: s.environment)
        #expect(bad.status != 0 && bad.stderr.contains("--runs must be between 1 and 50"), "\(bad.stderr)")
    }
}
