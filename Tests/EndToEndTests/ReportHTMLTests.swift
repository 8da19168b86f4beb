import Foundation
import Testing
@testable import GreenroomCore
@testable import greenroom

/// The HTML reports' renderers, pure: structs in, one page out. Escaping, the charts, the
/// numbers marked as the JSON writes them, and an empty week that says so.
@Suite struct ReportHTMLTests {
    static let hostile = "<script>alert(\"x\")</script> & 'quoted' \u{202E}evil שלום 🎉"
    static let day: Millis = 86_400_000
    static let weekStart: Millis = 1_762_732_800_000  // 2026-11-10T00:00:00Z

    static func kpi(_ id: KPIID, _ value: Double?, previous: Double?, target: Double? = nil, trend: [Double?]) -> WeeklyReview.KPIRow {
        WeeklyReview.KPIRow(id: id, value: KPIValue(value: value, numerator: value == nil ? nil : 31, denominator: value == nil ? nil : 36),
                            previous: KPIValue(value: previous), trend: trend, target: target, direction: .higherIsBetter)
    }

    static func review(kpis: [WeeklyReview.KPIRow], agents: [WeeklyReview.AgentRow] = [], categories: [WeeklyReview.CategoryRow] = [],
                       breached: [WeeklyReview.BreachedTicket] = []) -> WeeklyReview {
        WeeklyReview(week: "2026-W46", period: KPIPeriod(start: weekStart, end: weekStart + 7 * day),
                     previousPeriod: KPIPeriod(start: weekStart - 7 * day, end: weekStart), scope: .all, generatedAt: weekStart + 9 * day,
                     kpis: kpis, agents: agents, managers: [], breached: breached, categories: categories, today: nil)
    }

    static var busyWeek: WeeklyDocument.Input {
        let trend: [Double?] = [0.8, 0.82, nil, 0.85, 0.9, 0.86, 0.123456]
        let r = review(kpis: [kpi(.csat, 0.123456, previous: 0.9, target: 0.9, trend: trend),
                              kpi(.ticketsSolved, 68, previous: 113, trend: [90, 100, 113, 68])],
                       agents: [WeeklyReview.AgentRow(handle: hostile, solved: 21, medianFirstReplyMinutes: 179.33333, slaAttainment: 0.73809, csat: 2.0 / 3.0, reopenRate: 0)],
                       categories: [WeeklyReview.CategoryRow(category: .appeal, count: 13, previous: 10)],
                       breached: [WeeklyReview.BreachedTicket(id: "t1", key: "K7Q2", subject: hostile, targets: [.resolution], due: weekStart + day,
                                                             assignee: "@sam", status: .open)])
        let funnel = FunnelReport(windowStart: weekStart - 83 * day, windowEnd: weekStart + 7 * day, cohort: 10,
                                  steps: [.init(stage: "lead", entered: 10, reached: 10, conversion: 1), .init(stage: "contacted", entered: 6, reached: 7, conversion: 0.7)],
                                  overall: 0.7, overallStage: "contacted", timeInStage: [.init(stage: "lead", exits: 7, medianDays: 5.25, p90Days: 9)], lostReasons: [])
        let cohorts = CohortTable(weeks: 2, rows: [.init(week: KPIPeriod(start: weekStart - 7 * day, end: weekStart), label: "2026-W45", size: 3, retained: [3, 1, nil]),
                                                   .init(week: KPIPeriod(start: weekStart, end: weekStart + 7 * day), label: "2026-W46", size: 0, retained: [0, nil, nil])])
        return WeeklyDocument.Input(review: r, zone: TimeZone(identifier: "UTC")!, funnel: funnel, cohorts: cohorts)
    }

    /// Every `data-NAME="…"` of the elements that have `data-KEY`, by that key's value.
    static func marked(_ html: String, _ key: String) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        guard let tag = try? Regex("<[a-z]+ [^>]*data-\(key)=\"[^\"]*\"[^>]*>"), let attribute = try? Regex("(data-[a-z-]+)=\"([^\"]*)\"") else {
            Issue.record("bad pattern for \(key)")
            return out
        }
        for m in html.matches(of: tag) {
            var attributes: [String: String] = [:]
            for a in String(html[m.range]).matches(of: attribute) {
                attributes[String(a.output[1].substring ?? "")] = String(a.output[2].substring ?? "")
            }
            if let id = attributes["data-" + key] { out[id] = attributes }
        }
        return out
    }

    @Test func hostileTextIsEscapedAndIsolated() {
        #expect(HTML.escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        let page = WeeklyHTML.render(Self.busyWeek)
        #expect(!page.contains("<script"), "a name opened an element")
        #expect(page.contains("<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; evil שלום 🎉</bdi>"))
        #expect(!page.contains("\u{202E}"), "a bidirectional override survived")
        // In an attribute too: the agent's row is marked with the escaped handle.
        #expect(page.contains("data-agent=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; evil שלום 🎉\""))
    }

    @Test func thePageFetchesNothingAndRunsNothing() {
        for page in [WeeklyHTML.render(Self.busyWeek), WeeklyHTML.render(WeeklyDocument.Input(review: Self.review(kpis: []), zone: .gmt))] {
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
            for needle in ["<script", "<link", "src=", "href=", "url(", "@import", "https://"] { #expect(!page.contains(needle), "\(needle)") }
            // The only address is SVG's namespace name, which is never fetched.
            #expect(page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://") == false)
            #expect(page.contains("@media print") && page.contains("break-before: page"))
        }
    }

    @Test func chartsAreDrawnAndNumbersAreMarkedAsTheJSONWritesThem() throws {
        let input = Self.busyWeek
        let page = WeeklyHTML.render(input)
        let json = try #require(try JSONSerialization.jsonObject(with: WeeklyDocument.render(input, format: "json")) as? [String: Any])
        let kpis = Self.marked(page, "kpi")
        for k in try #require(json["kpis"] as? [[String: Any]]) {
            let id = try #require(k["id"] as? String)
            let row = try #require(kpis[id], "\(id) is not marked")
            for (attribute, key) in [("data-value", "value"), ("data-previous", "previous"), ("data-change", "change"), ("data-target", "target")] {
                let expected = (k[key] as? Double).map { "\($0)" }
                let marked = row[attribute].flatMap { $0.isEmpty ? nil : Double($0) }.map { "\($0)" }
                #expect(marked == expected, "\(id) \(key)")
            }
        }
        #expect(kpis["csat"]?["data-value"] == "0.1235")    // four decimals, as in the JSON
        #expect(kpis["tickets_solved"]?["data-value"] == "68")
        // A sparkline per KPI with a trend, the target as a dashed line, a gap as a new move.
        #expect(page.components(separatedBy: "data-chart=\"sparkline\"").count - 1 == 2)
        #expect(page.contains("class=\"target\" data-target=\"0.9\""))
        let csatPath = try #require(page.firstMatch(of: try Regex("<path class=\"trend\" d=\"([^\"]*)\"")))
        #expect((csatPath.output[1].substring ?? "").filter { $0 == "M" }.count == 2)
        for chart in ["funnel", "heatmap", "categories"] { #expect(page.contains("data-chart=\"\(chart)\""), "\(chart)") }
        // The funnel and the cohorts carry the JSON's numbers.
        #expect(Self.marked(page, "step")["contacted"]?["data-reached"] == "7")
        #expect(Self.marked(page, "step")["contacted"]?["data-conversion"] == "0.7")
        let cells = Self.marked(page, "n")   // keyed by N: the last row wins
        #expect(cells["0"]?["data-retained"] == "0" && cells["1"]?["data-retained"] == "")
        #expect(page.contains("data-cohort=\"2026-W45\" data-n=\"1\" data-size=\"3\" data-retained=\"1\""))
        #expect(page.contains(">33%</text>"))
        // Shown as the markdown shows them.
        #expect(page.contains("<span class=\"value\">12%</span><span class=\"mark bad\""))
        #expect(page.contains("73.8%") && page.contains("179m"))
    }

    @Test func anEmptyWeekSaysSoInsteadOfDrawingBrokenCharts() {
        let empty = WeeklyDocument.Input(
            review: Self.review(kpis: [Self.kpi(.csat, nil, previous: nil, target: 0.9, trend: Array(repeating: nil, count: 12))]), zone: .gmt,
            funnel: FunnelReport(windowStart: Self.weekStart, windowEnd: Self.weekStart + 7 * Self.day, cohort: 0, steps: [], overall: nil,
                                 overallStage: "activated", timeInStage: [], lostReasons: []),
            cohorts: CohortTable(weeks: 8, rows: []))
        let page = WeeklyHTML.render(empty)
        #expect(!page.contains("data-chart=\"sparkline\""))
        #expect(page.contains("<span class=\"muted\">no data</span>"))
        for line in ["No creator entered the pipeline in these days.", "No creator was activated in these 0 weeks.",
                     "No tickets with an assignee this week.", "No ticket was created this week.", "No SLA target breached this week.",
                     "No campaign is running.", "No program or workshop ran this week."] {
            #expect(page.contains("<p class=\"empty\" data-empty=\"true\">\(line)</p>"), "\(line)")
        }
        for bad in ["NaN", "nan", "inf", "Infinity"] { #expect(!page.contains(bad), "\(bad)") }
        #expect(Self.marked(page, "kpi")["csat"]?["data-value"] == "")
    }

    @Test func insightsAndCampaignsEscapeTheirNamesToo() {
        let week = KPIPeriod(start: Self.weekStart, end: Self.weekStart + 7 * Self.day)
        let topic = InsightTopic(kind: .phrase, text: Self.hostile, count: 12, baselineMean: 0.5, expected: 0.6123456, change: 18.6, pValue: 1.5e-9,
                                 score: 8.8, direction: .rising, ticketIDs: ["t1"])
        let report = InsightsReport(week: week, label: "2026-W46", isPartial: false, baseline: [KPIPeriod(start: Self.weekStart - 7 * Self.day, end: Self.weekStart)],
                                    network: nil, market: nil, tickets: 40, baselineTickets: [38], tested: 100, threshold: 1e-4,
                                    rising: [topic], falling: [], weekTickets: ["t1": InsightTicket(id: "t1", key: "K7Q2", subject: Self.hostile, category: "appeal", tags: [], comments: [], createdAt: Self.weekStart)])
        let insights = InsightsHTML.render(report, limit: 10, zone: .gmt, generatedAt: Self.weekStart)
        #expect(!insights.contains("<script") && insights.contains("&lt;script&gt;"))
        #expect(insights.contains("data-chart=\"topics-rising\"") && insights.contains("data-chart=\"volume\""))
        #expect(insights.contains("data-count=\"12\" data-expected=\"0.6123\""))
        #expect(insights.contains("No topic is falling significantly this week."))

        let campaign = Campaign(id: "c1", name: Self.hostile, kind: .saleEvent, startDate: "2026-11-10", endDate: "2026-11-19", metric: .gifts,
                                target: 1000, ownerID: nil, status: .running)
        let summary = CampaignSummary(campaign: campaign, ownerHandle: "@ana", window: Self.weekStart..<(Self.weekStart + 10 * Self.day),
                                      enrolled: 1, progress: 400.456, pace: 500, daysLeft: 5)
        let detail = CampaignDetail(summary: summary, tiers: [.init(tier: CampaignTier(id: "t", campaignID: "c1", threshold: 100, reward: Self.hostile, amount: 20), creators: 1)],
                                    daily: [100, 150, 150.456, 0, 0], atRisk: 1, riskMargin: 10)
        let page = CampaignHTML.render(detail, creators: [CampaignStanding(rank: 1, creatorID: "x", handle: "@mila", displayName: Self.hostile, target: 200,
                                                                           joinedAt: Self.weekStart, progress: 400.456, pace: 500, tier: Self.hostile,
                                                                           nextTier: nil, toNextTier: nil, atRisk: true)],
                                       zone: .gmt, generatedAt: Self.weekStart + 5 * Self.day)
        #expect(!page.contains("<script") && page.contains("<title>&lt;script&gt;") && page.contains("<h1><bdi>&lt;script&gt;"))
        #expect(page.contains("data-progress=\"400.46\" data-pace=\"500\" data-target=\"1000\""))
        #expect(page.contains("data-chart=\"progress\"") && page.contains("data-chart=\"cumulative\""))
    }
}
