import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 20 on screen: `?` on a KPI row explains it, partial periods are labelled and compared
/// with the same days before, drill-down rows show what they contribute.
let week47 = KPIPeriod(start: Time.parseISO("2026-11-16T00:00:00Z")!, end: Time.parseISO("2026-11-23T00:00:00Z")!)
let calendarUTC = TeamCalendar(zone: TimeZone(identifier: "UTC")!)

/// The review of W47 on Friday Nov 20: four complete days against Mon–Thu of W46.
func partialReview() -> WeeklyReview {
    var r = weeklyReview(week: week47)
    let span = calendarUTC.span(.week, week47, now: now)
    r.span = span
    r.week = "2026-W47"
    r.period = span.counted
    r.previousPeriod = span.previous
    r.kpis[0].value = KPIValue(value: 180, numerator: 180)
    r.kpis[0].previous = KPIValue(value: 170, numerator: 170)
    return r
}

@Suite struct KPIExplainUpdateTests {
    @Test func questionMarkOnAKPIRowExplainsItAndAgainShowsEveryKey() {
        var m = loadedModel()
        press(&m, .char("4"), .char("j"), .char("j")) // Backlog, Thursday Nov 19 (UTC)
        #expect(press(&m, .char("?")).isEmpty)
        guard case .explain(let s)? = m.overlay else { Issue.record("no explanation: \(String(describing: m.overlay))"); return }
        let span = calendarUTC.span(.day, m.kpis.series[2].periods.last!, now: now)
        #expect(s.lines == KPIExplanation.lines(.backlog, value: KPIValue(value: 27), span: span, calendar: calendarUTC))
        #expect(s.lines[0] == "Backlog (backlog)")
        #expect(s.lines[1] == "Period: 2026-11-19 (\(calendarUTC.zone.identifier)); compared with the period before (2026-11-18)")
        #expect(s.lines.last == "Definition: " + KPIID.backlog.definition)
        // `?` again: the key help; Esc closes it.
        press(&m, .char("?"))
        #expect(m.overlay == .help(scroll: 0))
        press(&m, .esc)
        #expect(m.overlay == nil)
        // Elsewhere `?` is the key help.
        press(&m, .char("1"), .char("?"))
        #expect(m.overlay == .help(scroll: 0))
    }

    @Test func pShowsTheCurrentWeekSoFarAndStaleLoadsAreIgnored() {
        var m = loadedModel()
        press(&m, .char("4"))
        // Days have no partial period: a note, and the pane stays on complete days.
        #expect(press(&m, .char("p")) == [.kpis(.load(unit: .day, toDate: true))])
        #expect(m.toast?.text.contains("Today has no complete day yet") == true)
        press(&m, .char("p"))
        #expect(press(&m, .char("]")) == [.kpis(.load(unit: .week, toDate: false))])
        #expect(press(&m, .char("p")) == [.kpis(.load(unit: .week, toDate: true))])
        // The complete weeks arriving late are not shown as the week so far.
        _ = update(&m, .kpis(.loaded(unit: .week, series: [], toDate: false)))
        #expect(!m.kpis.loaded || m.kpis.series.count == 4)
        let span = calendarUTC.span(.week, week47, now: now)
        var series = kpis()
        for i in series.indices { series[i].span = span; series[i].partial = KPIValue(value: 50); series[i].comparison = KPIValue(value: 40) }
        _ = update(&m, .kpis(.loaded(unit: .week, series: series, toDate: true)))
        #expect(m.kpis.series[0].current == 50 && m.kpis.series[0].change == 0.25)
        // Enter drills into the four days counted; `?` says so.
        #expect(press(&m, .enter) == [.drill(.load(.kpi(.activeCreators, span.counted, .all)))])
        guard case .drill(let d) = m.screen else { Issue.record("no drill"); return }
        #expect(d.title == "Active creators 50 · 2026-W47 · partial, 4 of 7 days")
        press(&m, .char("?"))
        guard case .explain(let s)? = m.overlay else { Issue.record("no explanation"); return }
        #expect(s.lines[1] == "Period: 2026-W47 · partial, 4 of 7 days (2026-11-16 – 2026-11-19, \(calendarUTC.zone.identifier)); compared with the same days of the period before (2026-11-09 – 2026-11-12)")
    }

    @Test func theReviewGoesToTheCurrentWeekAsPartialAndExplainsItsRows() {
        var m = loadedModel()
        press(&m, .char("R"))
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46))))
        // `]` from W46: W47, which has four complete days on Friday.
        #expect(press(&m, .char("]")) == [.review(.load(week: week47))])
        _ = update(&m, .review(.loaded(week: week47, partialReview())))
        guard case .review(let s) = m.screen else { Issue.record("no review"); return }
        #expect(s.week == week47) // the whole week, so `[` and `]` step from it
        // `]` again: W48 has not started.
        #expect(press(&m, .char("]")).isEmpty)
        #expect(m.toast?.text == "That week has not started yet")
        press(&m, .char("?"))
        guard case .explain(let e)? = m.overlay else { Issue.record("no explanation"); return }
        #expect(e.lines[1].hasPrefix("Period: 2026-W47 · partial, 4 of 7 days (2026-11-16 – 2026-11-19, \(calendarUTC.zone.identifier))"))
        #expect(e.lines[2] == "Value: 180" && e.lines[3] == "Base: 180 creators live in the period")
        press(&m, .esc)
        // The agent row is no KPI: `?` is the key help there.
        press(&m, .char("j"), .char("j"), .char("j"), .char("?"))
        #expect(m.overlay == .help(scroll: 0))
        // On a Monday the new week has no complete day: `]` says so.
        var monday = loadedModel()
        monday.now = Time.parseISO("2026-11-23T08:00:00Z")!
        press(&monday, .char("R"))
        _ = update(&monday, .review(.loaded(week: nil, partialReview())))
        #expect(press(&monday, .char("]")).isEmpty)
        #expect(monday.toast?.text == "2026-W48 has no complete day yet")
    }
}

@Suite struct KPIExplainViewTests {
    /// A KPI drill-down lists what each row contributes and what they add up to.
    @Test func aDrillDownShowsEachRowsHoursAndTheirSum() {
        var m = loadedModel()
        press(&m, .char("4"), .char("j"), .enter)
        guard case .drill(let s) = m.screen else { Issue.record("no drill"); return }
        let rows = [KPIDrillRow(id: "c2", counted: true, cells: [.hours(10.5), .count(3)]), KPIDrillRow(id: "c3", counted: true, cells: [.hours(2), .count(1)])]
        let result = DrillResult(subject: .creators, columns: ["creator", "name", "stage", "market", "owner"],
                                 rows: [DrillRow(target: .creator("c2"), cells: ["@mila.cooks", "Mila Carter", "activated", "US", "@ana"], counted: true,
                                                 figures: rows[0].cells),
                                        DrillRow(target: .creator("c3"), cells: ["@zoe.live", "Zoë", "established", "US", "@ana"], counted: true,
                                                 figures: rows[1].cells)],
                                 counted: 2, base: 2, kpi: .liveHours, figureColumns: KPIID.liveHours.drillColumns,
                                 value: KPIValue(value: 12.5, numerator: 750), summary: KPIDrillSummary(.liveHours, rows: rows))
        _ = update(&m, .drill(.loaded(s.request, result)))
        let text = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(text[1].hasPrefix("┏Live hours 989h · 2026-11-19 · 2 creators━"), "\(text[1])")
        #expect(text[2] == "┃ Σ live h over 2 creators: 12.5h (the number)" + String(repeating: " ", count: 53) + "┃", "\(text[2])")
        #expect(text[3].contains("creator") && text[3].contains("live h") && text[3].contains("sessions") && text[3].contains("stage"), "\(text[3])")
        #expect(text[4].contains("@mila.cooks") && text[4].contains("10.5h") && text[4].contains(" 3 "), "\(text[4])")
        #expect(text[5].contains("@zoe.live") && text[5].contains("2.0h"), "\(text[5])")
        // Rows that do not make the number say so.
        var stale = result
        stale.value = KPIValue(value: 13)
        _ = update(&m, .drill(.loaded(s.request, stale)))
        #expect(view(m).renderTrimmed().contains("Σ live h over 2 creators: 12.5h (the number now: 13h)"))
    }

    @Test func thePartialWeekIsLabelledOnTheReviewAndThePane() {
        var m = loadedModel()
        press(&m, .char("R"))
        _ = update(&m, .review(.loaded(week: nil, partialReview())))
        let review = view(m).renderTrimmed()
        #expect(review.contains("┏Review 2026-W47 · partial, 4 of 7 days · [ ] week · enter drills down · ? explains"), "\(review)")
        #expect(review.contains("KPIs 2026-11-16 – 2026-11-19 against the same days of the week before (2026-11-09 – 2026-11-12)"))
        let active = review.split(separator: "\n").first { $0.contains("Active creators") }.map(String.init) ?? ""
        #expect(active.contains("180") && active.contains("170") && active.contains("▲6%"), "\(active)")
        press(&m, .esc)
        press(&m, .char("4"), .char("]"), .char("p"))
        let span = calendarUTC.span(.week, week47, now: now)
        var series = kpis()
        for i in series.indices {
            series[i].periods = calendarUTC.lastN(12, .week, endingAt: week47.start - 1)
            series[i].values = Array(series[i].values.suffix(12))
            series[i].span = span; series[i].partial = KPIValue(value: 180); series[i].comparison = KPIValue(value: 170)
        }
        _ = update(&m, .kpis(.loaded(unit: .week, series: series, toDate: true)))
        let pane = view(m).renderTrimmed()
        #expect(pane.contains("4 KPIs 2026-W47 · partial, 4 of 7 days"), "\(pane)")
        #expect(pane.contains("so far") && pane.contains("▲6%"))
        #expect(pane.split(separator: "\n").last?.contains("p so far") == true, "\(pane.split(separator: "\n").last ?? "")")
    }

    @Test func theExplanationOverlayWrapsToTheScreen() {
        var m = loadedModel(width: 80, height: 24)
        press(&m, .char("4"), .char("?"))
        let text = view(m).renderTrimmed()
        #expect(text.contains(" What this number counts "))
        #expect(text.contains("Active creators (active_creators)"))
        // Wrapped at the overlay's width, continuation lines indented.
        #expect(text.contains("│ Definition: Distinct creators with at least one LIVE session starting in │"), "\(text)")
        #expect(text.contains("│   the period.      "))
        #expect(text.contains("Esc closes · ? again: every key"))
        #expect(text.contains(" KPI "))
    }
}
