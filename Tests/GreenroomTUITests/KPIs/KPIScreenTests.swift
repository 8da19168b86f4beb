import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// A week of review with one row in every table.
func weeklyReview(week: KPIPeriod) -> WeeklyReview {
    let kpis = KPIID.allCases.prefix(3).map { id in
        WeeklyReview.KPIRow(id: id, value: KPIValue(value: 312), previous: KPIValue(value: 300), trend: [280, 290, 300, 312],
                            target: nil, direction: id.defaultDirection)
    }
    return WeeklyReview(
        week: "2026-W46", period: week, previousPeriod: KPIPeriod(start: week.start - 7 * Time.day, end: week.start), scope: .all,
        generatedAt: now, kpis: kpis,
        agents: [.init(handle: "@tuan", solved: 41, medianFirstReplyMinutes: 42, slaAttainment: 0.93, csat: 0.9, reopenRate: 0.02)],
        managers: [.init(handle: "@ana", creators: 120, activityRate: 0.8, liveHours: 321.5, newActivations: 4, conversion: 0.25)],
        breached: [.init(id: "t9", key: "K7Q2ABCD", subject: "Payout missing", targets: [.firstReply], due: week.start + Time.day,
                         assignee: "@tuan", status: .open)],
        categories: [.init(category: .rewardsPayout, count: 30, previous: 20)],
        today: .init(me: "@ana", followUps: 2, breachingTickets: 1, idleCreators: 3, rottingCards: 0))
}

let week46 = KPIPeriod(start: Time.parseISO("2026-11-09T00:00:00Z")!, end: Time.parseISO("2026-11-16T00:00:00Z")!)

@Suite struct KPIPaneUpdateTests {
    @Test func bracketsSwitchDaysWeeksMonthsAndStaleLoadsAreIgnored() {
        var m = loadedModel()
        press(&m, .char("4"))
        #expect(press(&m, .char("]")) == [.kpis(.load(unit: .week))])
        #expect(m.kpis.unit == .week)
        // The day series arriving late does not replace what the week load will bring.
        _ = update(&m, .kpis(.loaded(unit: .day, series: [])))
        #expect(m.kpis.series.count == 4)
        #expect(press(&m, .char("]")) == [.kpis(.load(unit: .month))])
        #expect(press(&m, .char("]")) == [.kpis(.load(unit: .day))])
        #expect(press(&m, .char("[")) == [.kpis(.load(unit: .month))])
        // Not on other panes: there `[` is not bound to the KPIs.
        press(&m, .char("1"))
        #expect(!press(&m, .char("]")).contains(.kpis(.load(unit: .day))))
    }

    @Test func enterDrillsIntoTheLastPeriodAndEscapesBackThroughTheDetail() {
        var m = loadedModel()
        press(&m, .char("4"), .char("j"), .char("j"))
        let series = m.kpis.series[2]
        let request = DrillRequest.kpi(.backlog, series.periods.last!, .all)
        #expect(press(&m, .enter) == [.drill(.load(request))])
        guard case .drill(let s) = m.screen else { Issue.record("no drill screen"); return }
        #expect(s.title == "Backlog 27 · 2026-11-19")
        let rows = [DrillRow(target: .ticket("t1"), cells: ["K7Q2", "Payout", "open", "urgent", "@tuan"], counted: true),
                    DrillRow(target: .creator("c2"), cells: ["@mila", "Mila", "activated", "US", "@ana"], counted: true)]
        _ = update(&m, .drill(.loaded(.kpi(.liveHours, series.periods.last!, .all), DrillResult(subject: .tickets, columns: [], rows: [], counted: 0, base: 0))))
        #expect(m.screen == .drill(s)) // another drill's rows are ignored
        _ = update(&m, .drill(.loaded(request, DrillResult(subject: .tickets, columns: ["key", "subject", "status", "priority", "assignee"],
                                                          rows: rows, counted: 2, base: 2))))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t1"))])
        guard case .ticket(let t) = m.screen else { Issue.record("no ticket screen"); return }
        #expect(t.returnTo != nil)
        // Esc: back to the drill (reloaded), then to the KPI pane.
        #expect(press(&m, .esc) == [.drill(.load(request))])
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c2"))])
        #expect(press(&m, .esc) == [.drill(.load(request))])
        press(&m, .esc)
        #expect(m.screen == .main)
        #expect(m.focus == .kpis)
    }

    /// A drill-down of thousands of rows draws only its window (issue 23), and the window is
    /// the one the whole list gave: the cursor's row centred, the list's ends clamped.
    @Test func aLongDrillDrawsTheWindowAroundTheCursor() {
        var m = loadedModel()
        press(&m, .char("4"), .char("j"), .char("j"))
        let request = DrillRequest.kpi(.backlog, m.kpis.series[2].periods.last!, .all)
        press(&m, .enter)
        let rows = (0..<3_000).map { i in
            DrillRow(target: .creator("c\(i)"), cells: [String(format: "@row%04d", i), "Name \(i)", "activated", "US", "@ana"], counted: i % 3 != 0)
        }
        _ = update(&m, .drill(.loaded(request, DrillResult(subject: .creators, columns: ["creator", "name", "stage", "market", "owner"],
                                                          rows: rows, counted: 2_000, base: 3_000))))
        func shown() -> [String] { view(m).renderTrimmed().split(separator: "\n").map(String.init).filter { $0.contains("@row") } }
        let height = shown().count
        #expect(height > 10)
        #expect(shown().first?.contains("@row0000") == true)
        #expect(view(m).renderTrimmed().contains("creator"), "the header shows at the top")
        for _ in 0..<1_500 { press(&m, .char("j")) }
        let middle = shown()
        let cursorLine = middle.firstIndex { $0.contains("▶") }
        #expect(middle[cursorLine ?? 0].contains("@row1500"))
        // Rows run on without a gap, centred on the cursor.
        for (k, line) in middle.enumerated() { #expect(line.contains(String(format: "@row%04d", 1500 - (cursorLine ?? 0) + k)), "\(line)") }
        #expect(abs((cursorLine ?? 0) - middle.count / 2) <= 2)
        press(&m, .char("G"))
        #expect(shown().last?.contains("@row2999") == true && shown().last?.contains("▶") == true)
        #expect(shown().count == height + 1, "the header scrolled away at the end")
    }

    /// A large drill-down arrives with only its first rows identified; the screen asks for the
    /// identities of the rows around the cursor as it moves, once each, and draws "…" until
    /// they come (issue 23: a day's 18,500 active creators were all looked up at first open).
    @Test func aLargeDrillAsksForIdentitiesAWindowAtATime() {
        var m = loadedModel()
        press(&m, .char("4"), .char("j"), .char("j"))
        let request = DrillRequest.kpi(.backlog, m.kpis.series[2].periods.last!, .all)
        press(&m, .enter)
        let rows = (0..<3_000).map { i in
            DrillRow(target: .creator("c\(i)"), cells: i < 200 ? [String(format: "@row%04d", i), "Name \(i)", "activated", "US", "@ana"] : [],
                     counted: true)
        }
        let first = update(&m, .drill(.loaded(request, DrillResult(subject: .creators, columns: ["creator", "name", "stage", "market", "owner"],
                                                                  rows: rows, counted: 3_000, base: 3_000))))
        #expect(first.isEmpty, "the rows around the top came identified")
        for _ in 0..<1_500 { press(&m, .char("j")) }
        guard case .drill(let s) = m.screen else { Issue.record("no drill"); return }
        let asked = s.asked
        #expect(asked.contains("c1500") && !asked.contains("c100"))
        #expect(view(m).renderTrimmed().contains("…"), "unidentified rows show an ellipsis")
        // Moving within the asked window asks for nothing again.
        #expect(press(&m, .char("k")).isEmpty)
        // The answer fills the rows; an id that names nothing is marked gone.
        var cells: [String: [String]] = [:]
        for id in asked where id != "c1501" { cells[id] = ["@" + id, "N", "activated", "US", "@ana"] }
        _ = update(&m, .drill(.identities(request, cells)))
        guard case .drill(let after) = m.screen, let result = after.result else { Issue.record("no drill"); return }
        #expect(result.rows[1_500].cells.first == "@c1500" && result.rows[1_501].cells == DrillRow.gone)
        #expect(after.asked.isEmpty)
        #expect(view(m).renderTrimmed().contains("@c1499"))
        // Another drill's identities are ignored.
        _ = update(&m, .drill(.identities(.kpi(.liveHours, m.kpis.series[0].periods.last!, .all), ["c2999": ["@x", "", "", "", ""]])))
        guard case .drill(let still) = m.screen else { return }
        #expect(still.result?.rows[2_999].identified == false)
    }

    @Test func reviewPicksWeeksAndDrillsIntoEveryRow() {
        var m = loadedModel()
        #expect(press(&m, .char("R")) == [.review(.load(week: nil)), .campaigns(.load)])
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46))))
        guard case .review(let s) = m.screen else { Issue.record("no review"); return }
        #expect(s.week == week46)
        #expect(s.items.count == 3 + 1 + 1 + 1 + 1)
        // `[`: the week before.
        let w45 = KPIPeriod(start: week46.start - 7 * Time.day, end: week46.start)
        #expect(press(&m, .char("[")) == [.review(.load(week: w45))])
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46)))) // stale
        guard case .review(let loading) = m.screen else { return }
        #expect(loading.review == nil)
        _ = update(&m, .review(.loaded(week: w45, weeklyReview(week: w45))))
        // The agent row (after three KPIs) opens the agent's page (issue 25).
        press(&m, .char("j"), .char("j"), .char("j"))
        #expect(press(&m, .enter) == [.agent(.load(handle: "@tuan"))])
        #expect(press(&m, .esc) == [.review(.load(week: w45)), .campaigns(.load)])
        // The breached ticket opens the ticket; the category drills into its tickets.
        press(&m, .char("j"), .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t9"))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.drill(.load(.category(.rewardsPayout, w45, .all)))])
        // `]` never goes past the current week.
        press(&m, .esc)
        press(&m, .char("]"))
        press(&m, .char("]"))
        press(&m, .char("]"))
        guard case .review(let last) = m.screen else { return }
        #expect(last.week!.start <= now)
        press(&m, .esc)
        #expect(m.screen == .main)
    }

    /// The Review lists the campaigns running now (the ended one is left out); `Enter` opens
    /// one and `Esc` comes back to the Review, which reloads the campaigns' progress.
    @Test func reviewListsRunningCampaignsAndOpensThem() {
        var m = loadedModel()
        press(&m, .char("R"))
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46))))
        _ = update(&m, .campaigns(.loaded(CampaignFixtures.summaries)))
        guard case .review(let s) = m.screen else { Issue.record("no review"); return }
        #expect(s.campaigns.map(\.campaign.id) == ["k1"])
        #expect(s.items.last == .campaign("k1"))
        let text = view(m).renderTrimmed()
        #expect(text.contains("Running campaigns (now)"))
        let row = text.split(separator: "\n").first { $0.contains("11.11 Mega Sale") }.map(String.init) ?? ""
        #expect(row.contains("10d") && row.contains("396.5 / 650 h") && row.contains("61%") && row.contains("59%") && row.contains("64"), "\(row)")
        #expect(!text.contains("Payday"))
        press(&m, .char("G"))
        #expect(press(&m, .enter) == [.campaigns(.loadDetail(id: "k1")), .campaigns(.loadPage(id: "k1", listing: .all, offset: 0, limit: m.campaignRowsHeight * 3)),
                                       .campaigns(.loadDaily(id: "k1"))])
        guard case .campaigns(let c) = m.screen else { Issue.record("no campaign"); return }
        #expect(c.open?.id == "k1")
        #expect(press(&m, .esc) == [.campaigns(.load)])
        guard case .review(let back) = m.screen else { Issue.record("not back on the review"); return }
        #expect(back.review != nil && back.cursor == back.items.count - 1)
    }

    @Test func cohortsOpenFromThePaletteAndDrillIntoACell() {
        var m = loadedModel()
        #expect(PaletteCommand.parse("cohorts") == .cohorts)
        #expect(m.run(.cohorts) == [.cohorts(.load)])
        let table = CohortTable(weeks: 2, rows: [
            .init(week: week46, label: "2026-W46", size: 10, retained: [6, 4, nil]),
        ])
        _ = update(&m, .cohorts(.loaded(table)))
        press(&m, .char("l"), .char("l"), .char("l"))
        guard case .cohorts(let s) = m.screen else { Issue.record("no cohorts"); return }
        #expect(s.column == 2)
        press(&m, .char("h"))
        #expect(press(&m, .enter) == [.drill(.load(.cohort(week: week46.start, n: 1)))])
    }
}

@Suite struct KPIScreenViewTests {
    @Test func theZoomedPaneShowsTargetsAndFallsBackToASCII() {
        var m = loadedModel(width: 80, height: 24)
        press(&m, .char("4"), .char("z"))
        Golden.expect(view(m).renderTrimmed(), is: "kpis-zoomed-80x24-top", prefix: true)
        m.capabilities = TerminalCapabilities(unicode: false, colors: 0)
        let ascii = view(m).renderTrimmed()
        #expect(ascii.contains("# Backlog                        -,.-=+#*=-,.__      27      =0%    <=25       #"), "\(ascii)")
        #expect(ascii.contains("# SLA attainment                 _,+*=-+#*+=++=     94%   -1.0pt   >=95%       #"), "\(ascii)")
        #expect(ascii.contains("#>Active creators                _,=+*===+**#=*     312      +4%"))
    }

    /// The screen lists the latest breached tickets; the rest are one `Enter` away.
    @Test func aLongBreachedListEndsWithADrillDownToAllOfThem() {
        var m = loadedModel()
        press(&m, .char("R"))
        var r = weeklyReview(week: week46)
        r.breachedCount = 41_149
        _ = update(&m, .review(.loaded(week: nil, r)))
        guard case .review(let s) = m.screen else { Issue.record("no review"); return }
        #expect(s.items == r.kpis.map { .kpi($0.id) } + [.agent("@tuan"), .manager("@ana"), .breached("t9"), .allBreached, .category(.rewardsPayout)])
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("Breached tickets 41,149"))
        #expect(screen.contains("All 41,149 breached tickets (the latest 1 are listed above) →"))
        press(&m, .char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(press(&m, .enter) == [.drill(.load(.breached(week46, .all)))])
        // Without more than are listed, no such row.
        press(&m, .esc)
        _ = update(&m, .review(.loaded(week: week46, weeklyReview(week: week46))))
        #expect(!view(m).renderTrimmed().contains("breached tickets (the latest"))
    }

    @Test func reviewAndCohortsAt100x30() {
        var m = loadedModel()
        press(&m, .char("R"))
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46))))
        let review = view(m).renderTrimmed()
        #expect(review.contains("┏Review 2026-W46 · [ ] week · enter drills down"))
        #expect(review.contains("KPIs 2026-11-09 – 2026-11-15 against the week before"))
        #expect(review.contains("▶Active creators"))
        #expect(review.contains(" @tuan ") && review.contains("42.0m") && review.contains("93%"))
        #expect(review.contains(" @ana ") && review.contains("80%") && review.contains("25%"))
        press(&m, .esc)
        _ = m.run(.cohorts)
        _ = update(&m, .cohorts(.loaded(CohortTable(weeks: 2, rows: [.init(week: week46, label: "2026-W46", size: 10, retained: [6, 4, nil])]))))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[2] == "┃  cohort   size      w0     w1     w2" + String(repeating: " ", count: 61) + "┃")
        #expect(lines[3] == "┃ ▶2026-W46    10 ▓  60% ▒  40%      ·" + String(repeating: " ", count: 61) + "┃")
    }
}
