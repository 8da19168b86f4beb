import Foundation
import Testing
import GreenroomCore

/// Issue 28: a creator's stage from their detail screen, and the board filter's cursor, on the real binary.
extension EndToEnd.PipelineEndToEndTests {
    @Test func lOnACreatorsDetailMovesThemAndUUndoes() throws {
        let s = Sandbox()
        try s.makeDemo()
        let handle = try aLead(s)
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 30)
        try s.waitFor("┏1 Roster")
        try s.type("2")
        try s.type("/" + handle)
        try s.send("Enter")
        // The filter put the cursor on the match, whichever column had focus: Enter opens it.
        try s.waitUntil("the card") { $0.contains(handle) }
        try s.send("Enter")
        try s.waitFor(" CREATOR ")
        try s.type("L")
        try s.waitFor("Moved \(handle) to contacted · u to undo")
        #expect(try stage(s, handle) == "contacted")
        try s.type("u")
        try s.waitFor("Undid: Moved \(handle) to contacted")
        #expect(try stage(s, handle) == "lead")
        try s.send("Escape")
        try s.waitFor("┏2 Pipeline")                                  // (a key right after Escape would read as Alt)
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    @Test func aFilterMovesTheCursorToTheFirstMatchAndLOnAnEmptyColumnSaysWhy() throws {
        let s = Sandbox()
        try s.makeDemo()
        let handle = try aLead(s)
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 30)
        try s.waitFor("┏1 Roster")
        try s.type("2")
        try s.type("llll")                                           // away from the lead column
        try s.type("/" + handle)
        try s.send("Enter")
        try s.waitUntil("the card") { $0.contains(handle) }
        // The cursor went to the match: L moves that card.
        try s.type("L")
        try s.waitFor("Moved \(handle) to contacted · u to undo")
        try s.type("h")                                              // lead: empty under the filter now
        try s.type("L")
        try s.waitFor("Nothing to move: no card in lead matches the filter")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
