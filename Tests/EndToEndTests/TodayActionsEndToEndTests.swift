import Foundation
import Testing
import GreenroomCore

/// Issue 28: Today acts on the demo's follow-ups through the real binary.
extension EndToEnd.TodayEndToEndTests {
    func followUps(_ screen: String) -> Int? {
        guard let r = screen.range(of: #"Follow-ups due today or overdue ([\d,]+)"#, options: .regularExpression) else { return nil }
        return Int(screen[r].split(separator: " ").last!.replacingOccurrences(of: ",", with: ""))
    }

    @Test func spaceMarksDoneAndWSnoozesAFollowUpOffToday() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 40)
        try s.waitFor("┏1 Roster")
        try s.type("t")
        try s.type("a")                                              // the team: the demo has follow-ups there
        let team = try s.waitUntil("the team's follow-ups") { self.followUps($0) != nil && $0.contains("Today for the team") }
        let before = try #require(followUps(team))
        try #require(before >= 2, "the demo should have two follow-ups due for the team")
        try s.type(" ")
        try s.waitFor("follow-up done · u to undo")
        try s.waitUntil("one follow-up fewer") { self.followUps($0) == before - 1 }
        try s.type("w")
        try s.waitFor("follow-up until?")
        try s.type("whenever")
        try s.send("Enter")
        try s.waitFor("could not read \"whenever\"")
        #expect(followUps(try s.capture()) == before - 1)            // nothing changed
        try s.send("C-u")
        try s.type("+3d")
        try s.send("Enter")
        try s.waitFor("follow-up until")
        try s.waitUntil("two follow-ups fewer") { self.followUps($0) == before - 2 }
        try s.type("u")                                              // undo the snooze: it is back
        try s.waitUntil("the snoozed one back") { self.followUps($0) == before - 1 }
        try s.send("Escape")
        try s.waitFor("┏1 Roster")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
