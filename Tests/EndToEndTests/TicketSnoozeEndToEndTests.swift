import Foundation
import Testing
import GreenroomCore

/// Issue 28: `w` snoozes the queue's ticket in the real binary; it leaves All open and is in Snoozed.
extension EndToEnd.TicketQueueEndToEnd {
    @Test func wSnoozesATicketOutOfAllOpenAndIntoSnoozed() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 300)
        let key = try #require(listJSON(s).first?["short_key"] as? String)
        try openQueue(s)
        let first = try s.waitUntil("\(key) on top") { screen in
            self.headerIndex(screen).map { h in self.lines(screen)[h + 1].contains(" \(key) ") } ?? false
        }
        #expect(!first.contains("snoozed ·"))
        try s.type("w")
        try s.waitFor("Snooze \(key) until? (tomorrow 9:00, mon, +3d, +2h")
        try s.type("+3d")
        try s.send("Enter")
        try s.waitFor("Snoozed \(key) until")
        try s.waitUntil("\(key) gone from All open") { screen in
            self.headerIndex(screen) != nil && self.row(screen, key) == nil && screen.contains("· 1 snoozed ·")
        }
        // The command line agrees: in Snoozed, not in All open.
        #expect(try listJSON(s, view: "snoozed").map { $0["short_key"] as? String } == [key])
        #expect(try !listJSON(s).contains { $0["short_key"] as? String == key })
        // The Snoozed view lists it with its wake time.
        try s.type("v")
        try s.waitFor("Queue view")
        try s.type("Snoozed")
        try s.send("Enter")
        let snoozed = try s.waitUntil("\(key) in Snoozed") { screen in screen.contains("Snoozed 1") && self.row(screen, key) != nil }
        #expect(row(snoozed, key)?.contains("until Mon 09:00 · ") == true, "\(row(snoozed, key) ?? snoozed)")
        try quit(s)
    }
}

/// Issue 28: `greenroom tickets snooze` and `unsnooze`, their refusals, and `list --view snoozed`.
extension EndToEnd.TicketsCommandEndToEnd {
    @Test func snoozeAndUnsnoozeFromTheCommandLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let open = try listJSON(s, [])
        let key = try #require(open.first?["short_key"] as? String)
        let before = try run(s, ["tickets", "list", "--format", "json"]).stdout
        // A time it cannot read: one line, status 2, nothing changed.
        let bad = try run(s, ["tickets", "snooze", key, "--until", "whenever", "--as", "@ana"])
        expectOneLineRefusal(bad, "--until: could not read \"whenever\"")
        let past = try run(s, ["tickets", "snooze", key, "--until", "2026-11-01", "--as", "@ana"])
        expectOneLineRefusal(past, "has already passed")
        expectOneLineRefusal(try run(s, ["tickets", "snooze", "ZZZZZZ", "--until", "+3d"]), "no single ticket has the key ZZZZZZ")
        expectOneLineRefusal(try run(s, ["tickets", "unsnooze", key]), "\(key) is not snoozed")
        let done = try #require(listJSON(s, ["--view", "solved-7d"]).first, "the demo should have solved tickets")
        let solved = try #require(done["short_key"] as? String), status = try #require(done["status"] as? String)
        expectOneLineRefusal(try run(s, ["tickets", "snooze", solved, "--until", "+3d"]), "\(solved) is \(status): only open tickets can be snoozed")
        #expect(try run(s, ["tickets", "list", "--format", "json"]).stdout == before)
        #expect(try listJSON(s, ["--view", "snoozed"]).isEmpty)

        // Snoozed: out of all-open, in snoozed with its wake time, marked in the table.
        let ok = try run(s, ["tickets", "snooze", key, "--until", "+3d", "--as", "@ana"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("Snoozed \(key) until Mon 23 Nov 09:00") && ok.stdout.split(separator: "\n").count == 1, "\(ok.stdout)")
        let snoozed = try listJSON(s, ["--view", "snoozed"])
        #expect(snoozed.map { $0["short_key"] as? String } == [key])
        #expect(snoozed.first?["wake_at"] is String)
        #expect(try !listJSON(s, []).contains { $0["short_key"] as? String == key })
        #expect(try listJSON(s, []).allSatisfy { $0["wake_at"] is NSNull })
        let table = try run(s, ["tickets", "list", "--view", "snoozed"])
        #expect(table.stdout.contains("until Mon 09:00 · "), "\(table.stdout)")
        #expect(table.stderr == "1 of 1 ticket\n")

        // Unsnoozed: back where it was.
        let woke = try run(s, ["tickets", "unsnooze", key, "--as", "@ana"])
        #expect(woke.status == 0 && woke.stdout == "Unsnoozed \(key)\n", "\(woke.stdout)\(woke.stderr)")
        #expect(try listJSON(s, []).map { $0["short_key"] as? String } == open.map { $0["short_key"] as? String })
        #expect(try listJSON(s, ["--view", "snoozed"]).isEmpty)
    }
}
