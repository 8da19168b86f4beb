import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct PipelineEndToEndTests {
    /// A lead's handle, from the command line.
    func aLead(_ s: Sandbox) throws -> String {
        let r = try Harness.run(["creators", "list", "--db", s.database, "--filter", "stage:lead", "--format", "json", "--limit", "1"],
                                environment: s.environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return try #require(rows.first?["handle"] as? String)
    }

    func stage(_ s: Sandbox, _ handle: String) throws -> String? {
        let r = try Harness.run(["creators", "list", "--db", s.database, "--filter", handle, "--format", "json"], environment: s.environment)
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        return rows?.first { $0["handle"] as? String == handle }?["stage"] as? String
    }

    /// The app on a fresh demo, the board focused and filtered down to one lead's card.
    func boardWithOneLead() throws -> (Sandbox, String) {
        let s = Sandbox()
        try s.makeDemo()
        let handle = try aLead(s)
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 30)
        try s.waitFor("┏1 Roster")
        try s.type("2")
        try s.type("/" + handle)
        try s.send("Enter")
        try s.waitUntil("the card") { $0.contains(handle) }
        return (s, handle)
    }

    @Test func moveACardWithLQuitAndReopen() throws {
        let s = Sandbox()
        try s.makeDemo()
        let handle = try aLead(s)
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 30)
        try s.waitFor("┏1 Roster")
        try s.type("2")
        try s.waitFor("┏2 Pipeline")
        try s.type("/" + handle)
        try s.send("Enter")
        try s.waitFor("lead") // the board narrowed to the one card
        try s.waitUntil("only \(handle) on the board") { screen in screen.contains(handle) && screen.contains("lead") }
        try s.type("L")
        try s.waitFor("Moved \(handle) to contacted · u to undo")
        try s.type("q")
        try s.waitFor("EXIT=0")
        // Reopened, the card is in the next column.
        let again = Sandbox(sharing: s)
        try again.start(["--db", s.database], width: 120, height: 30)
        try again.waitFor("┏1 Roster")
        try again.type("2")
        try again.type("/" + handle)
        try again.send("Enter")
        try again.type("z") // zoomed, cards show whole handles
        let screen = try again.waitUntil("the card under contacted") { screen in
            let lines = screen.split(separator: "\n").map(String.init)
            guard let header = lines.firstIndex(where: { $0.contains("lead") && $0.contains("contacted") }), header + 1 < lines.count else { return false }
            let columns = lines[header].split(separator: " ", omittingEmptySubsequences: true)
            // "lead 0 contacted 1 …", and the card sits where the contacted column starts.
            guard columns.count >= 4, columns[1] == "0", columns[3] == "1" else { return false }
            let start = lines[header].range(of: "contacted")!.lowerBound
            let row = lines[header + 1]
            guard let at = row.range(of: handle) else { return false }
            return abs(row.distance(from: row.startIndex, to: at.lowerBound) - lines[header].distance(from: lines[header].startIndex, to: start)) <= 2
        }
        #expect(screen.contains(handle))
        try again.type("q")
        try again.waitFor("EXIT=0")
        // The command line agrees, and the move is a stage event.
        #expect(try stage(s, handle) == "contacted")
        let out = s.path + "/export"
        let export = try Harness.run(["export", "--db", s.database, "--format", "json", "--out", out], environment: s.environment)
        #expect(export.status == 0, "\(export.stderr)")
        func load(_ name: String) throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) as? [[String: Any]])
        }
        let creators = try load("creator.json")
        let creatorID = try #require(creators.first { $0["handle"] as? String == handle }?["id"] as? String)
        let events = try load("stage_event.json")
        let move = events.filter { $0["creator_id"] as? String == creatorID && $0["to_stage"] as? String == "contacted" }
        #expect(move.count >= 1)
        #expect(move.contains { $0["from_stage"] as? String == "lead" && ($0["deleted"] as? Int ?? 0) == 0 })
    }

    @Test func uBeforeQuittingPutsTheCardBack() throws {
        let (s, handle) = try boardWithOneLead()
        try s.type("L")
        try s.waitFor("Moved \(handle) to contacted")
        try s.type("u")
        try s.waitFor("Undid: Moved \(handle) to contacted")
        try s.type("q")
        try s.waitFor("EXIT=0")
        #expect(try stage(s, handle) == "lead")
    }

    @Test func movingToLostAsksWhyAndTheFunnelShowsIt() throws {
        let (s, handle) = try boardWithOneLead()
        try s.type("M")
        try s.waitFor("Move \(handle) to")
        try s.type("lost")
        try s.send("Enter")
        try s.waitFor("Why lost?")
        try s.type("went quiet after the call")
        try s.send("Enter")
        try s.waitFor("Moved \(handle) to lost")
        try s.waitFor("lost") // unfolded so the card stays in sight
        try s.send("Escape") // clear the board filter
        try s.waitUntil("the filter cleared") { !$0.contains("/ \(handle)") }
        try s.type("z")
        try s.type("f")
        try s.waitFor("Entered lead")
        try s.waitFor("     1  went quiet after the call")
        let report = try Harness.run(["report", "funnel", "--db", s.database, "--format", "json"], environment: s.environment)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("\"reason\" : \"went quiet after the call\""))
    }
}
}
