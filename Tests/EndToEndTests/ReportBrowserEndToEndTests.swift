import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// The HTML reports in a real browser: the binary writes each report (weekly, insights,
/// campaign) on a demo database with hostile names in it; headless Chromium loads the file
/// (its strict Content-Security-Policy in force) and dumps the DOM it built. The page must
/// render its sections and charts, log nothing to the console (no script error, no blocked
/// fetch), keep every hostile name as text, mark the JSON report's numbers, and print to a PDF.
///
/// Chromium is a test dependency (`.ci/run` installs it): without it the test fails.
@Suite struct ReportBrowserEndToEndTests {
    static let hostile = "<script>alert(\"x\")</script> & 'q' שלום 🎉"

    /// Chromium's binary on PATH (Debian: `chromium`).
    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a program (through `timeout`, so a hung browser cannot hang the suite).
    static func run(_ args: [String], environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-k", "5", "120"] + args
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes at once: either may fill while the other is read.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The DOM Chromium built from `file`, and every console line it logged.
    static func render(_ browser: String, _ s: Sandbox, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (dom: String, console: [String]) {
        let r = try run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(s.path)/chromium",
                         "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + file], environment: s.environment)
        #expect(r.status == 0, "chromium exited \(r.status): \(r.stderr.suffix(2000))", sourceLocation: sourceLocation)
        let console = r.stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        return (r.stdout, console)
    }

    /// `data-NAME` attributes of every element marked with `data-KEY`, by that key's value
    /// (entities decoded as the browser serialized them).
    static func marked(_ dom: String, _ key: String) throws -> [String: [String: String]] {
        let tag = try Regex("<[a-z]+ [^>]*data-\(key)=\"[^\"]*\"[^>]*>")
        let attribute = try Regex("(data-[a-z-]+)=\"([^\"]*)\"")
        var out: [String: [String: String]] = [:]
        for m in dom.matches(of: tag) {
            var attributes: [String: String] = [:]
            for a in String(dom[m.range]).matches(of: attribute) {
                let value = String(a.output[2].substring ?? "")
                attributes[String(a.output[1].substring ?? "")] = value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            }
            if let id = attributes["data-" + key] { out[id] = attributes }
        }
        return out
    }

    /// A JSON number (or null) and a marked value ("" for null) are the same number: equal,
    /// or for a p-value such as 4.39e-16, equal to 15 digits (Foundation on Linux writes and
    /// reads such numbers in long decimal form and may land on the next double).
    static func same(_ json: Any?, _ marked: String?) -> Bool {
        let a: Double? = (json as? NSNumber)?.doubleValue
        let b: Double? = marked.flatMap { $0.isEmpty ? nil : Double($0) }
        guard let a, let b else { return a == nil && b == nil && marked == "" }
        return a == b || abs(a - b) <= 1e-15 * max(abs(a), abs(b))
    }

    func json(_ s: Sandbox, _ args: [String]) throws -> [String: Any] {
        let r = try s.command(args + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// Writes the report as HTML through `--output` and loads it in the browser.
    func page(_ browser: String, _ s: Sandbox, _ args: [String], name: String) throws -> String {
        let file = s.path + "/\(name).html"
        let r = try s.command(args + ["--format", "html", "--output", file])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(args): \(r.stderr)")
        let (dom, console) = try Self.render(browser, s, file)
        #expect(console.isEmpty, "\(name): the browser's console: \(console.joined(separator: "\n"))")
        #expect(dom.contains("</html>"), "\(name): no document")
        // Hostile names stayed text: no element came out of them.
        #expect(!dom.contains("<script"), "\(name): a name became a script element")
        // Printing works: a PDF with pages.
        let pdf = s.path + "/\(name).pdf"
        let printed = try Self.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(s.path)/chromium",
                                    "--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://" + file], environment: s.environment)
        #expect(printed.status == 0, "\(name): print-to-pdf exited \(printed.status)")
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: pdf))) ?? Data()
        #expect(bytes.count > 1000 && bytes.starts(with: Data("%PDF".utf8)), "\(name): the PDF has \(bytes.count) bytes")
        return dom
    }

    func setUp(_ s: Sandbox) throws {
        try s.makeDemo(creators: 80, tickets: 600)
        for (id, target) in [("sla_attainment", ["--target", "80%"]), ("csat", ["--target", "90%"]), ("first_reply_time", ["--target", "180", "--lower"])] {
            #expect(try s.command(["settings", "kpi", "set", id] + target).status == 0)
        }
        // A creator, a campaign, a tier and fourteen tickets of the reviewed week named to break a page.
        let csv = s.path + "/hostile.csv"
        let quoted = Self.hostile.replacingOccurrences(of: "\"", with: "\"\"")
        try Data("handle,name,kind,market,language,stage\n@hostile.one,\"\(quoted)\",creator,US,en,activated\n".utf8).write(to: URL(fileURLWithPath: csv))
        #expect(try s.command(["import", csv]).status == 0)
        let tickets = (0..<14).map { i in
            ["id": 8000 + i, "subject": Self.hostile + " payout frozen", "description": "body", "status": "open", "priority": "high",
             "created_at": "2026-11-\(10 + i % 5)T1\(i % 10):00:00Z", "requester_id": 1, "assignee_id": 2, "tags": ["vip"], "via": ["channel": "web"]] as [String: Any]
        }
        let zendesk: [String: Any] = ["tickets": tickets, "users": [["id": 1, "name": "@hostile.one", "email": "h@x.example", "role": "end-user"],
                                                                 ["id": 2, "name": "Kenji", "email": "kenji@greenroom.example", "role": "agent"]]]
        let file = s.path + "/zendesk.json"
        try JSONSerialization.data(withJSONObject: zendesk).write(to: URL(fileURLWithPath: file))
        let imported = try s.command(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let add = try s.command(["campaign", "add", "--name", Self.hostile, "--kind", "sale_event", "--start", "2026-11-10", "--end", "2026-11-30",
                                 "--metric", "live_hours", "--target", "500", "--status", "running"])
        #expect(add.status == 0, "\(add.stderr)")
        let handles = try s.rows(try s.command(["creators", "list", "--format", "json", "--limit", "8"])).compactMap { $0["handle"] as? String }.filter { $0 != "@hostile.one" }
        #expect(try s.command(["campaign", "enrol", "<script>", "@hostile.one"] + handles + ["--target", "5"]).status == 0)
        #expect(try s.command(["campaign", "tier", "<script>", "--threshold", "1", "--reward", Self.hostile, "--amount", "5"]).status == 0)
    }

    @Test func theReportsRenderInABrowserWithTheJSONsNumbers() throws {
        guard let browser = Self.chromium else {
            Issue.record("chromium is not installed: this test renders the HTML reports in it (apt-get install chromium; .ci/run installs it)")
            return
        }
        let s = Sandbox()
        try setUp(s)

        // Weekly: sections, charts, every KPI, agent, funnel step, cohort cell and category as in the JSON.
        let weeklyArgs = ["report", "weekly", "--week", "2026-W46"]
        let weekly = try json(s, weeklyArgs)
        let dom = try page(browser, s, weeklyArgs, name: "weekly")
        for section in ["glance", "kpis", "funnel", "cohorts", "agents", "managers", "categories", "breached", "today", "campaigns", "programs"] {
            #expect(dom.contains("data-section=\"\(section)\""), "weekly: no \(section) section")
        }
        #expect(dom.contains("<h1>Weekly review 2026-W46</h1>"))
        let kpis = try Self.marked(dom, "kpi")
        let jsonKPIs = try #require(weekly["kpis"] as? [[String: Any]])
        #expect(kpis.count == jsonKPIs.count && jsonKPIs.count == KPIID.allCases.count)
        for k in jsonKPIs {
            let id = try #require(k["id"] as? String)
            let row = try #require(kpis[id], "weekly: KPI \(id) is not on the page")
            for (key, attribute) in [("value", "data-value"), ("previous", "data-previous"), ("change", "data-change"), ("target", "data-target")] {
                #expect(Self.same(k[key], row[attribute]), "weekly: \(id) \(key): JSON \(k[key] ?? "nil"), page \(row[attribute] ?? "nil")")
            }
        }
        #expect(dom.components(separatedBy: "data-chart=\"sparkline\"").count - 1 >= 15, "weekly: too few sparklines")
        #expect(dom.contains("class=\"target\" data-target=\"0.8\""), "weekly: SLA attainment's target line")
        for chart in ["funnel", "heatmap", "categories", "progress"] { #expect(dom.contains("data-chart=\"\(chart)\""), "weekly: no \(chart) chart") }
        let agents = try Self.marked(dom, "agent")
        for a in try #require(weekly["agents"] as? [[String: Any]]) {
            let row = try #require(agents[a["handle"] as? String ?? ""], "\(a)")
            #expect(Self.same(a["solved"], row["data-solved"]) && Self.same(a["sla_attainment"], row["data-sla-attainment"]) && Self.same(a["csat"], row["data-csat"]))
        }
        let funnel = try #require(weekly["funnel"] as? [String: Any])
        let steps = try Self.marked(dom, "step")
        for step in try #require(funnel["steps"] as? [[String: Any]]) {
            let row = try #require(steps[step["stage"] as? String ?? ""], "\(step)")
            #expect(Self.same(step["reached"], row["data-reached"]) && Self.same(step["conversion"], row["data-conversion"]), "\(step)")
        }
        let cohorts = try #require((weekly["cohorts"] as? [String: Any])?["rows"] as? [[String: Any]])
        var cells = 0
        for row in cohorts {
            let week = try #require(row["week"] as? String)
            for (n, retained) in try #require(row["retained"] as? [Any]).enumerated() {
                let marked = (retained as? Int).map(String.init) ?? ""
                #expect(dom.contains("data-cohort=\"\(week)\" data-n=\"\(n)\" data-size=\"\(row["size"] as? Int ?? -1)\" data-retained=\"\(marked)\""), "cohort \(week) W\(n)")
                cells += 1
            }
        }
        #expect(cells == 12 * 9)
        let categories = try Self.marked(dom, "category")
        for c in try #require(weekly["categories"] as? [[String: Any]]) {
            let row = try #require(categories[c["category"] as? String ?? ""], "\(c)")
            #expect(Self.same(c["tickets"], row["data-tickets"]) && Self.same(c["previous"], row["data-previous"]))
        }
        #expect(dom.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' שלום 🎉"), "weekly: the hostile subject is not shown as text")

        // Insights: the rising topics the JSON has (as many as --limit shows), with its numbers.
        let insightsJSON = try json(s, ["report", "insights"])
        let insights = try page(browser, s, ["report", "insights"], name: "insights")
        for section in ["volume", "rising", "falling", "method"] { #expect(insights.contains("data-section=\"\(section)\""), "insights: no \(section)") }
        for chart in ["volume", "topics-rising"] { #expect(insights.contains("data-chart=\"\(chart)\""), "insights: no \(chart) chart") }
        let rising = try #require(insightsJSON["rising"] as? [[String: Any]])
        #expect(rising.contains { ($0["text"] as? String) == "payout frozen" })
        let falling = try #require(insightsJSON["falling"] as? [[String: Any]])
        let shown = try Self.marked(insights, "topic")
        #expect(shown.count == min(10, rising.count) + min(10, falling.count))
        for t in rising.prefix(10) + falling.prefix(10) {
            let topic = "\(t["kind"] as? String ?? ""):\(t["text"] as? String ?? "")"
            let row = try #require(shown[topic], "insights: \(topic) is not on the page")
            for (key, attribute) in [("count", "data-count"), ("expected", "data-expected"), ("p_value", "data-p-value"), ("change", "data-change")] {
                #expect(Self.same(t[key], row[attribute]), "insights: \(topic) \(key)")
            }
        }
        #expect(Self.same(insightsJSON["tickets"], try Self.marked(insights, "week-total").keys.first))

        // The campaign: its totals and every creator's standing.
        let campaignJSON = try json(s, ["report", "campaign", "<script>"])
        let campaign = try page(browser, s, ["report", "campaign", "<script>"], name: "campaign")
        for section in ["progress", "tiers", "creators"] { #expect(campaign.contains("data-section=\"\(section)\""), "campaign: no \(section)") }
        for chart in ["progress", "cumulative"] { #expect(campaign.contains("data-chart=\"\(chart)\""), "campaign: no \(chart) chart") }
        #expect(campaign.contains("<h1><bdi>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' שלום 🎉</bdi></h1>"))
        let totals = try #require(try Self.marked(campaign, "campaign").values.first)
        for (key, attribute) in [("progress", "data-progress"), ("pace", "data-pace"), ("enrolled", "data-enrolled"), ("at_risk", "data-at-risk"), ("payouts_due", "data-payouts-due")] {
            #expect(Self.same(campaignJSON[key], totals[attribute]), "campaign: \(key)")
        }
        let standings = try Self.marked(campaign, "handle")
        let creators = try #require(campaignJSON["creators"] as? [[String: Any]])
        #expect(standings.count == creators.count && creators.count == 9)
        for c in creators {
            let row = try #require(standings[c["handle"] as? String ?? ""], "\(c)")
            #expect(Self.same(c["rank"], row["data-rank"]) && Self.same(c["progress"], row["data-progress"]) && Self.same(c["pace"], row["data-pace"]))
        }
    }

    @Test func aWrongFormatOrOutputKeepsItsOneLineReason() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 20)
        for (args, reason) in [(["report", "weekly", "--format", "pdf"], "greenroom: --format must be md, csv, json or html (got pdf)\n"),
                               (["report", "insights", "--format", "htm"], "greenroom: --format must be text, json or html (got htm)\n"),
                               (["report", "campaign", "11.11", "--format", "xml"], "greenroom: --format must be md, csv, json or html (got xml)\n"),
                               (["report", "weekly", "--format", "html", "--output", s.path + "/nowhere/w.html"], "greenroom: --output: no directory \(s.path)/nowhere\n")] {
            let r = try s.command(args)
            #expect(r.status == 2 && r.stderr == reason && r.stdout.isEmpty, "\(args): \(r.status) \(r.stderr)")
        }
    }
}
}
