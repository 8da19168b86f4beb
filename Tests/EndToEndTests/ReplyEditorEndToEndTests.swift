import Foundation
import Testing
import GreenroomCore

/// Issue 28: the reply editor on the real binary — `Ctrl-c` asks instead of quitting, a long
/// reply wraps inside the box, and a draft survives the process being killed.
extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct ReplyEditorEndToEndTests {
    func openReply(_ s: Sandbox) throws {
        try s.start(["--db", s.database, "--as", "@ana"], width: 100, height: 30)
        try s.waitFor("┏1 Roster")
        try s.type("3")
        try s.waitFor("┏3 Tickets")
        try s.type("r")
        try s.waitFor("(public)")
    }

    @Test func ctrlCAsksAndADraftSurvivesAKill() throws {
        let s = Sandbox()
        try s.makeDemo()
        try openReply(s)
        let words = (1...30).map { "word\($0)" }.joined(separator: " ")
        try s.type("Dear creator, " + words + " FINAL")
        var screen = try s.waitFor("FINAL")
        // The long line wrapped: its first and last words are both on screen, inside the box.
        #expect(screen.contains("Dear creator,"))
        let lines = screen.split(separator: "\n").map { Array($0) }
        let title = try #require(lines.first { String($0).contains("(public)") })
        let left = try #require(title.firstIndex(of: "┌")), right = try #require(title.lastIndex(of: "┐"))
        var wrapped = 0
        for line in lines where String(line).contains("word") {
            wrapped += 1
            #expect(line.count > right && line[left] == "│" && line[right] == "│", "a row ran past the box: \(String(line))")
            #expect(!String(line[..<left]).contains("word") && !String(line[(right + 1)...]).contains("word"))
        }
        #expect(wrapped >= 2)
        try s.send("C-c")
        screen = try s.waitFor("Discard this reply?")
        try s.type("n")
        try s.waitFor("FINAL")
        Thread.sleep(forTimeInterval: 2.5)                    // two idle ticks (one a second): the draft is on disk
        try s.shell(["pkill", "-KILL", "-f", "--", "--db \(s.database)"])
        try s.waitFor("EXIT=")

        let again = Sandbox(sharing: s)
        try openReply(again)
        screen = try again.waitFor("FINAL")
        #expect(screen.contains("Restored your unsent reply"))
        #expect(screen.contains("Dear creator,"))
    }
}
}
