import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct KPIEndToEndTests {
    func weeklyJSON(_ s: Sandbox, _ extra: [String] = []) throws -> [String: Any] {
        let r = try Harness.run(["report", "weekly", "--db", s.database, "--format", "json"] + extra, environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// Section counts of the Today screen ("Follow-ups due today or overdue 13").
    func count(_ screen: String, _ section: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(section) }),
              let r = line.range(of: NSRegularExpression.escapedPattern(for: section) + #" [\d,]+"#, options: .regularExpression) else { return nil }
        return Int(line[r].dropFirst(section.count + 1).replacingOccurrences(of: ",", with: ""))
    }

    /// `t` shows Today with the counts `report weekly --format json` gives for the same
    /// pinned time and member.
    @Test func todayCountsMatchTheWeeklyReport() throws {
        let s = Sandbox()
        try s.makeDemo()
        let report = try weeklyJSON(s, ["--as", "@ana"])
        let today = try #require(report["today"] as? [String: Any])
        #expect(today["me"] as? String == "@ana")
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 50)
        try s.waitFor("┏1 Roster")
        try s.type("t")
        // The top of the list, then its end (`G`): every section header with its count.
        let top = try s.waitUntil("Today") { $0.contains("Today for @ana") && $0.contains("Follow-ups due today or overdue") }
        try s.type("G")
        try s.waitFor("Rotting pipeline cards")
        let bottom = try s.capture()
        func counted(_ section: String) -> Int? { count(top, section) ?? count(bottom, section) }
        #expect(counted("Follow-ups due today or overdue") == today["follow_ups"] as? Int, "\(top)")
        #expect(counted("Tickets breaching within 2 hours") == today["breaching_tickets"] as? Int)
        #expect(counted("Activated creators idle 7+ days") == today["idle_creators"] as? Int, "\(top)\n\(bottom)")
        #expect(counted("Rotting pipeline cards") == today["rotting_cards"] as? Int)
        #expect((today["follow_ups"] as? Int ?? 0) + (today["rotting_cards"] as? Int ?? 0) > 0) // a demo with something to do
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    /// The KPI pane switches to weeks with `]`, drills into a number with `Enter`, and the
    /// Review (`R`) shows the week the weekly report covers, with the same numbers.
    @Test func thePaneDrillsDownAndTheReviewMatchesTheReport() throws {
        let s = Sandbox()
        try s.makeDemo()
        let report = try weeklyJSON(s)
        let week = try #require(report["week"] as? String)
        let kpis = try #require(report["kpis"] as? [[String: Any]])
        let created = try #require(kpis.first { $0["id"] as? String == "tickets_created" })
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 40)
        try s.waitFor("Active creators")
        try s.type("4")
        try s.type("]")
        try s.waitUntil("weekly KPIs") { $0.contains("4 KPIs 12 weeks") && $0.contains("Active creators") }
        try s.send("Enter")
        let drill = try s.waitUntil("the creators behind active creators") { $0.contains("┏Active creators") && $0.contains(" creators") && $0.contains("▶") }
        #expect(drill.contains("creator") && drill.contains("stage"))
        try s.send("Enter")
        try s.waitFor(" CREATOR ")
        try s.send("Escape")
        try s.waitFor("┏Active creators")
        try s.send("Escape")
        try s.waitFor("4 KPIs 12 weeks")
        try s.type("R")
        let review = try s.waitUntil("the review") { $0.contains("Review \(week)") && $0.contains("Tickets created") }
        let line = try #require(review.split(separator: "\n").first { $0.contains("Tickets created") })
        let value = try #require((created["value"] as? NSNumber)?.intValue)
        let grouped = String(value).reversed().enumerated().map { ($0.offset > 0 && $0.offset % 3 == 0 ? "," : "") + String($0.element) }
        #expect(line.contains(" \(String(grouped.joined().reversed())) "), "\(line)")
        try s.type("[")
        try s.waitUntil("the week before") { !$0.contains("Review \(week)") && $0.contains("Review ") && $0.contains("Tickets created") }
        try s.send("Escape")
        try s.waitFor("┏4 KPIs 12 weeks") // back on the pane the Review was opened from
        try s.type("q")
        try s.waitFor("EXIT=0")
    }

    /// The Review ends with the campaigns running now, as the weekly report lists them;
    /// `Enter` opens one and `Esc` comes back to the Review.
    @Test func theReviewListsRunningCampaignsAndOpensThem() throws {
        let s = Sandbox()
        try s.makeDemo()
        let running = (try weeklyJSON(s)["campaigns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(running.sorted() == ["11.11 Mega Sale", "LIVE Academy"])
        try s.start(["--db", s.database, "--as", "@ana"], width: 120, height: 40)
        try s.waitFor("Active creators")
        try s.type("R")
        try s.waitFor("Tickets created")
        // The campaigns load beside the review, after it or before: `G` (to the last row) until
        // the last row is the last running campaign.
        func lastCampaignSelected(_ screen: String) -> Bool {
            screen.contains("Running campaigns (now)") && screen.split(separator: "\n").contains { $0.contains("▶") && $0.contains("LIVE Academy") }
        }
        var review = try s.capture()
        let deadline = Date().addingTimeInterval(15)
        while !lastCampaignSelected(review) && Date() < deadline {
            try s.type("G")
            Thread.sleep(forTimeInterval: 0.2)
            review = try s.capture()
        }
        #expect(lastCampaignSelected(review), "\(review)")
        #expect(review.contains("11.11 Mega Sale") && !review.contains("Payday Sale"))
        try s.send("Enter")
        try s.waitUntil("the campaign") { $0.contains("┏LIVE Academy · ") && $0.contains("enrolled") && $0.contains("Goal ") }
        try s.send("Escape")
        try s.waitUntil("back on the Review") { $0.contains("┏Review ") && $0.contains("Running campaigns (now)") }
    }

    @Test func weeklyReportRefusesBadFlagsInOneLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 20, tickets: 20)
        for (flags, reason) in [(["--week", "2026-W60"], "--week must be an ISO week"), (["--scope", "team:x"], "scope \"team:x\" is not one of"),
                                (["--format", "pdf"], "--format must be md, csv, json or html"), (["--week", "2027-W10"], "has not started yet")] {
            let r = try Harness.run(["report", "weekly", "--db", s.database] + flags, environment: s.environment)
            #expect(r.status != 0)
            #expect(r.stderr.contains(reason), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        let md = try Harness.run(["report", "weekly", "--db", s.database, "--scope", "market:US"], environment: s.environment)
        #expect(md.status == 0)
        #expect(md.stdout.hasPrefix("# Weekly review "))
        #expect(md.stdout.contains("scope market:US"))
        let csv = try Harness.run(["report", "weekly", "--db", s.database, "--format", "csv", "--week", "2026-W40"], environment: s.environment)
        #expect(csv.stdout.hasPrefix("section,name,value,previous,change,target,detail\n"))
        let json = try weeklyJSON(s, ["--week", "2026-w40"])
        #expect(Set(json.keys) == ["week", "label", "partial", "days", "days_in_week", "start", "end", "previous_start", "previous_end",
                                    "time_zone", "scope", "generated_at", "kpis", "agents", "managers", "breached_tickets", "categories",
                                    "today", "campaigns", "programs", "funnel", "cohorts"])
        #expect(json["label"] as? String == "2026-W40" && json["partial"] as? Bool == false && json["days"] as? Int == 7)
        // Running campaigns as of now, whatever the week (the demo's 11.11 sale and education program).
        #expect((json["campaigns"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["11.11 Mega Sale", "LIVE Academy"])
        #expect(json["week"] as? String == "2026-W40")
        #expect((json["kpis"] as? [Any])?.count == KPIID.allCases.count)
    }
}
}

/// Issue 26: the week's coaching is measured like a program: `report weekly` and the Review
/// carry one "Coaching" row with the coached, the sessions and the matched comparison.
extension EndToEnd.KPIEndToEndTests {
    @Test func theReviewMeasuresTheWeeksCoaching() throws {
        let s = Sandbox()
        try s.makeDemo()
        let programs = try weeklyJSON(s)["programs"] as? [[String: Any]] ?? []
        let coaching = try #require(programs.first { $0["kind"] as? String == "coaching" }, "no coaching in \(programs)")
        let week = try #require(coaching["this_week"] as? [String: Any])
        let coached = try #require((week["coached"] as? NSNumber)?.intValue), sessions = try #require((week["sessions"] as? NSNumber)?.intValue)
        #expect(coached > 0 && sessions >= coached)
        try s.start(["--db", s.database, "--as", "@ana"], width: 140, height: 50)
        try s.waitFor("Active creators")
        try s.type("R")
        try s.waitFor("Tickets created")
        // The effects load after the review: `G` until the section is there.
        var review = try s.capture()
        let deadline = Date().addingTimeInterval(20)
        while !review.contains("\(coached) coached") && Date() < deadline {
            try s.type("G")
            Thread.sleep(forTimeInterval: 0.3)
            review = try s.capture()
        }
        let row = try #require(review.split(separator: "\n").first { $0.contains("Coaching") && $0.contains("\(coached) coached") }, "\(review)")
        #expect(row.contains("coaching"))
        #expect(review.contains("coachees "), "the comparison's line under the row")
        try s.send("Escape")
        try s.waitUntil("back on the panes") { !$0.contains("Programs, workshops, coaching") && $0.contains("Roster") }
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
