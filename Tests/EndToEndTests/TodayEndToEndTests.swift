import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct TodayEndToEndTests {
    /// `t` on the demo: four sections with counts; `Enter` opens the row under the cursor and
    /// `Esc` comes back to Today; `a` switches to the whole team, whose list is no shorter.
    @Test func todayListsWhatIsDueAndOpensIt() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 40)
        try s.waitFor("┏1 Roster")
        try s.type("t")
        let mine = try s.waitUntil("Today for @ana with its sections") { screen in
            screen.contains("Today for @ana") && screen.contains("Follow-ups due today or overdue") && screen.contains("Rotting pipeline cards")
        }
        func total(_ screen: String) -> Int? {
            guard let r = screen.range(of: #"· ([\d,]+) to do"#, options: .regularExpression) else { return nil }
            return Int(screen[r].dropFirst(2).split(separator: " ")[0].replacingOccurrences(of: ",", with: ""))
        }
        let mineTotal = try #require(total(mine))
        #expect(mine.contains("TODAY"))
        if mineTotal > 0 {
            try s.send("Enter")
            try s.waitUntil("a detail screen") { $0.contains(" CREATOR ") || $0.contains(" TICKET ") }
            try s.send("Escape")
            try s.waitFor("Today for @ana")
        }
        try s.type("a")
        let team = try s.waitUntil("Today for the team") { $0.contains("Today for the team") && total($0) != nil }
        #expect(try #require(total(team)) >= mineTotal)
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
}
