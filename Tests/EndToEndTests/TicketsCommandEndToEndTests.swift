import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// `greenroom tickets list` and `greenroom settings sla …` against the real binary, with
/// GREENROOM_NOW pinned.
@Suite struct TicketsCommandEndToEnd {
    func run(_ s: Sandbox, _ arguments: [String]) throws -> Harness.Result {
        try Harness.run(arguments + ["--db", s.database], environment: s.environment)
    }

    func listJSON(_ s: Sandbox, _ extra: [String]) throws -> [[String: Any]] {
        let r = try run(s, ["tickets", "list", "--format", "json"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    }

    func expectOneLineRefusal(_ r: Harness.Result, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 2, sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("greenroom: ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(text), "\(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func breachingSoonAsJSONIsDueWithinTheHourInBreachOrder() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let now = try #require(Time.parseISO(Harness.pinnedNow))
        let rows = try listJSON(s, ["--view", "breaching-soon"])
        try #require(!rows.isEmpty, "the demo should have tickets breaching soon")
        var previous = Millis.min
        for row in rows {
            let key = try #require(row["key"] as? String)
            #expect(key.count == TicketKey.fullLength)
            let shortKey = try #require(row["short_key"] as? String)
            #expect(key.hasPrefix(shortKey))
            #expect(["new", "open"].contains(row["status"] as? String), "\(key)")
            for field in ["subject", "priority", "category", "channel", "created_at"] { #expect(row[field] is String, "\(field)") }
            #expect(row["tier"] is Int)
            #expect(row["tags"] is [String])
            #expect(row["solved_at"] is NSNull)
            let nextText = try #require(row["next_breach_at"] as? String, "\(key)")
            let next = try #require(Time.parseISO(nextText))
            #expect(next <= now + Time.hour, "\(key) is due at \(Time.iso(next))")
            #expect(next >= previous, "\(key) is out of order")
            previous = next
            // The next target is one of the reported targets: breached, or active and due within the hour.
            let sla = try #require(row["sla"] as? [[String: Any]])
            #expect(sla.first?["target"] as? String == "first_reply")
            #expect(sla.last?["target"] as? String == "resolution")
            let target = try #require(sla.first { $0["target"] as? String == row["next_breach_target"] as? String }, "\(key)")
            #expect(target["due"] as? String == row["next_breach_at"] as? String)
            let remaining = try #require(target["remaining_minutes"] as? Int)
            switch target["state"] as? String {
            case "breached": #expect(next < now && remaining < 0, "\(key)")
            case "active": #expect(next >= now && remaining <= 60, "\(key)")
            default: Issue.record("\(key): next target is \(target["state"] ?? "nil")")
            }
        }
        // The same tickets, in the same order, as a table and as CSV.
        let table = try run(s, ["tickets", "list", "--view", "Breaching soon"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("KEY") == true && lines.first?.contains("SLA") == true)
        #expect(lines.dropFirst().map { String($0.prefix { $0 != " " }) } == rows.map { $0["short_key"] as! String })
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 120 })
        #expect(table.stderr == "\(rows.count) of \(rows.count) ticket\(rows.count == 1 ? "" : "s")\n")
        let csv = try run(s, ["tickets", "list", "--view", "breaching-soon", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("id,key,short_key,subject,status,priority,category,channel,tier,assignee,requester,network,created_at,solved_at,tags,sla_target,sla_state,sla_due,sla_remaining_minutes"))
        // Every breaching ticket is also in all-open (the default view), at the front.
        let open = try listJSON(s, [])
        #expect(open.prefix(rows.count).map { $0["key"] as! String } == rows.map { $0["key"] as! String })
        let limited = try listJSON(s, ["--limit", "3"])
        #expect(limited.map { $0["key"] as! String } == open.prefix(3).map { $0["key"] as! String })
    }

    @Test func filtersAndTheSolvedView() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let urgent = try listJSON(s, ["--view", "all-open", "--filter", "priority:urgent,high"])
        #expect(urgent.allSatisfy { ["urgent", "high"].contains($0["priority"] as? String) })
        let solved = try listJSON(s, ["--view", "solved-7d"])
        let solvedAt = solved.map { Time.parseISO($0["solved_at"] as? String ?? "") ?? 0 }
        #expect(solvedAt.allSatisfy { $0 > 0 })
        #expect(solvedAt == solvedAt.sorted(by: >))
        #expect(solved.allSatisfy { $0["next_breach_at"] is NSNull })
        let bad = try run(s, ["tickets", "list", "--filter", "prority:urgent"])
        expectOneLineRefusal(bad, "filter: unknown filter \"prority:\" (did you mean priority:?)")
        expectOneLineRefusal(try run(s, ["tickets", "list", "--format", "xml"]), "--format must be table, json or csv")
    }

    @Test func anUnknownViewIsRefusedInOneLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let r = try run(s, ["tickets", "list", "--view", "bogus"])
        expectOneLineRefusal(r, "no view called \"bogus\" (views: my-open, unassigned, breaching-soon, escalated, pending, snoozed, all-open, solved-7d, all)")
    }

    @Test func settingAPolicyShowsInTheList() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let before = try run(s, ["settings", "sla"])
        #expect(before.status == 0, "\(before.stderr)")
        let lines = before.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "PRIORITY  FIRST REPLY  NEXT REPLY  RESOLUTION  CLOCK")
        #expect(lines.contains { $0.contains(/^urgent\s+1h\s+2h\s+8h\s+calendar$/) })
        #expect(lines.contains("business hours: UTC, mon-fri 09:00-17:00"))
        #expect(lines.contains("warning: 15m before due"))

        let set = try run(s, ["settings", "sla", "set", "urgent", "--first-reply", "30m"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains(/^urgent: first reply 30m, next reply 2h, resolution 8h, calendar time · \d+ open tickets? re-timed\n$/), "\(set.stdout)")
        let after = try run(s, ["settings", "sla", "list"])
        #expect(after.stdout.contains(/\nurgent\s+30m\s+2h\s+8h\s+calendar\n/), "\(after.stdout)")
        // Nothing else moved.
        #expect(after.stdout.replacingOccurrences(of: "urgent    30m", with: "urgent    1h ") == before.stdout)

        let hours = try run(s, ["settings", "sla", "hours", "--zone", "Europe/Madrid", "--days", "mon-thu", "--to", "18:00", "--holiday-add", "2026-12-25"])
        #expect(hours.status == 0, "\(hours.stderr)")
        #expect(hours.stdout.hasPrefix("business hours: Europe/Madrid, mon-thu 09:00-18:00, 1 holiday (2026-12-25) · "))
        let warning = try run(s, ["settings", "sla", "warning", "30"])
        #expect(warning.stdout == "SLA countdowns now warn 30m before they are due\n")
        let high = try run(s, ["settings", "sla", "set", "high", "--business-hours", "--resolution", "2d"])
        #expect(high.status == 0, "\(high.stderr)")
        let list = try run(s, ["settings", "sla"]).stdout
        #expect(list.contains(/\nhigh\s+4h\s+8h\s+2d\s+business hours\n/), "\(list)")
        #expect(list.contains("business hours: Europe/Madrid, mon-thu 09:00-18:00\nholidays: 2026-12-25\nwarning: 30m before due\n"))
    }

    @Test func badEditsAreRefusedWithNothingChanged() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 200)
        let before = try run(s, ["settings", "sla"]).stdout
        let queue = try run(s, ["tickets", "list", "--format", "json"]).stdout
        let refusals: [([String], String)] = [
            (["set", "urgent", "--first-reply", "soon"], "--first-reply: \"soon\" is not a duration"),
            (["set", "urgent", "--first-reply", "0"], "first reply must be more than 0 minutes"),
            (["set", "urgent", "--resolution", "400d"], "resolution must be at most 365 days"),
            (["set", "urgent", "--first-reply", "30m", "--next-reply=-5"], "--next-reply: \"-5\" is not a duration"),
            (["set", "urgent"], "nothing to change"),
            (["set", "urgent", "--calendar", "--business-hours"], "not both"),
            (["set", "critical", "--first-reply", "30m"], "unknown priority \"critical\""),
            (["hours", "--from", "18:00"], "end 17:00 is not after start 18:00"),
            (["hours", "--zone", "Mars/Olympus", "--from", "08:00"], "unknown time zone \"Mars/Olympus\""),
            (["hours", "--days", "mon-fry"], "unknown day \"fry\""),
            (["hours", "--to", "25:00"], "--to: \"25:00\" is not a time of day"),
            (["hours", "--holiday-add", "2026-02-30"], "not a real date"),
            (["hours", "--holiday-remove", "2026-12-24"], "2026-12-24 is not a holiday"),
            (["hours"], "nothing to change"),
            (["warning", "0"], "the warning threshold must be 1 minute to 7 days"),
            (["warning", "soon"], "is not a number of minutes"),
        ]
        for (arguments, reason) in refusals {
            expectOneLineRefusal(try run(s, ["settings", "sla"] + arguments), reason)
        }
        #expect(try run(s, ["settings", "sla"]).stdout == before)
        #expect(try run(s, ["tickets", "list", "--format", "json"]).stdout == queue)
    }
}
}
