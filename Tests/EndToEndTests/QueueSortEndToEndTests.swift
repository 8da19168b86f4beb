import Foundation
import Testing
import GreenroomCore

/// Issue 28: `o` orders the queue as `tickets list --sort` does, and the title says how.
extension EndToEnd.TicketQueueEndToEnd {
    func keys(_ s: Sandbox, sort: String) throws -> [String] {
        let r = try Harness.run(["tickets", "list", "--view", "all-open", "--sort", sort, "--format", "json", "--limit", "5", "--db", s.database],
                                environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["short_key"] as? String }
    }

    @Test func oOrdersTheQueueByPriorityAsTheCommandLineDoes() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 300)
        let byPriority = try keys(s, sort: "priority")
        #expect(byPriority.count == 5)
        #expect(byPriority != (try keys(s, sort: "breach")), "the demo's first tickets should differ by order")
        let bad = try Harness.run(["tickets", "list", "--sort", "loudest", "--db", s.database], environment: s.environment)
        #expect(bad.status == 2 && bad.stderr.contains("no order called \"loudest\""))

        try openQueue(s)
        try s.waitFor("by next breach")
        try s.type("o")
        let screen = try s.waitUntil("the queue in priority order") { screen in
            guard screen.contains("· by priority"), let h = self.headerIndex(screen) else { return false }
            return self.lines(screen).count > h + 1 && self.lines(screen)[h + 1].contains(" \(byPriority[0]) ")
        }
        let header = try #require(headerIndex(screen))
        for (i, key) in byPriority.enumerated() {
            #expect(lines(screen)[header + 1 + i].contains(" \(key) "), "row \(i) is not \(key):\n\(screen)")
        }
        #expect(lines(screen)[header + 1].contains("!!"))           // an urgent ticket first
        try quit(s)
    }
}
