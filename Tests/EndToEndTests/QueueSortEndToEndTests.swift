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

/// Issue 28: the whole ticket history, from the command line and in the queue.
extension EndToEnd.TicketQueueEndToEnd {
    @Test func allTicketsSearchesTheHistoryAndAllOpenKeepsItsMeaning() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 300)
        let all = try listJSON(s, view: "all")
        let open = try listJSON(s, view: "all-open")
        #expect(all.count == 300, "--view all should list every ticket, got \(all.count)")
        #expect(open.count < all.count)
        #expect(!open.contains { ["solved", "closed"].contains($0["status"] as? String) })
        let solved = try #require(all.first { $0["status"] as? String == "solved" }, "the demo should have solved tickets")
        let key = try #require(solved["short_key"] as? String)
        let word = try #require((solved["subject"] as? String)?.split(separator: " ").map(String.init).first { $0.count >= 4 && $0.allSatisfy(\.isLetter) })
        let r = try Harness.run(["tickets", "list", "--view", "all", "--filter", "\(word) status:solved", "--format", "json", "--db", s.database],
                                environment: s.environment)
        let found = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(found.contains { $0["short_key"] as? String == key }, "\(word) status:solved did not find \(key)")
        #expect(found.allSatisfy { $0["status"] as? String == "solved" })

        try openQueue(s)
        try s.type("v")
        try s.waitFor("All tickets")
        try s.type("all t")
        try s.send("Enter")
        try s.waitFor("All tickets 300 · by newest")
        try s.type("/")
        try s.type("\(word) status:solved")
        let screen = try s.waitUntil("the solved ticket found") { $0.contains(" \(key) ") && $0.contains("All tickets \(found.count) ") }
        #expect(!screen.contains("No tickets match"))
        try s.send("Enter")
        try quit(s)
    }
}

/// Issue 28: CSAT only on solved or closed tickets.
extension EndToEnd.TicketQueueEndToEnd {
    @Test func csatOnAnOpenTicketIsRefusedInOneLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 300)
        let first = try #require(try listJSON(s).first)
        let shortKey = try #require(first["short_key"] as? String), status = try #require(first["status"] as? String)
        let before = try listText(s)
        try openQueue(s)
        try s.type("c")
        try s.waitFor("CSAT is recorded on solved or closed tickets; \(shortKey) is \(status)")
        #expect(!(try s.capture()).contains("CSAT for \(shortKey)"))
        try quit(s)
        #expect(try listText(s) == before)
    }
}

/// Issue 28: `M` through a picker and a side-by-side preview.
extension EndToEnd.TicketQueueEndToEnd {
    @Test func mergePicksPreviewsAndMergesOnlyOnYes() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 300)
        let rows = try listJSON(s)
        let source = try #require(rows.first)
        let key = try #require(source["short_key"] as? String)
        let before = try listText(s)
        try openQueue(s)
        try s.type("M")
        try s.waitFor("Merge \(key) into… (the requester's tickets first)")
        try s.send("Enter")
        let preview = try s.waitFor("y / Enter: yes")
        #expect(preview.contains("merge \(key) ·"))
        #expect(preview.contains("into "))
        try s.type("n")                                               // no: nothing merged
        try s.waitUntil("the preview gone") { !$0.contains("y / Enter: yes") }
        #expect(try listText(s) == before)
        try s.type("M")
        try s.waitFor("Merge \(key) into…")
        try s.send("Enter")
        try s.waitFor("y / Enter: yes")
        try s.type("y")
        try s.waitFor("Merged \(key) into ")
        try quit(s)
        #expect(try listText(s) != before)
    }
}
