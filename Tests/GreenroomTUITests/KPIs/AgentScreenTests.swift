import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Four weeks of @tuan, the current one last: every KPI, a QA score in two weeks, a comment.
func agentPage() -> AgentPage {
    let weeks = (0..<4).map { i in KPIPeriod(start: week46.start + Millis(i - 2) * 7 * Time.day, end: week46.start + Millis(i - 1) * 7 * Time.day) }
    var series: [KPIID: [KPIValue]] = [:]
    series[.ticketsSolved] = [30, 41, 38, 12].map { KPIValue(value: $0, numerator: Int($0)) }
    series[.firstReplyTime] = [50, 42, 45, 40].map { KPIValue(value: $0, median: $0, denominator: 30) }
    series[.resolutionTime] = [20, 18, 22, 10].map { KPIValue(value: $0, median: $0, denominator: 30) }
    series[.slaAttainment] = [(27, 30), (38, 41), (30, 38), (10, 12)].map { KPIValue(value: Double($0.0) / Double($0.1), numerator: $0.0, denominator: $0.1) }
    series[.csat] = [(9, 10), (18, 20), (8, 10), (3, 4)].map { KPIValue(value: Double($0.0) / Double($0.1), numerator: $0.0, denominator: $0.1) }
    series[.reopenRate] = [(1, 30), (0, 41), (2, 38), (0, 12)].map { KPIValue(value: Double($0.0) / Double($0.1), numerator: $0.0, denominator: $0.1) }
    return AgentPage(handle: "@tuan", name: "Tuan Le", role: .specialist, tier: 1, zone: "UTC", weeks: weeks,
                     weekLabels: ["2026-W45", "2026-W46", "2026-W47", "2026-W48"], series: series,
                     qa: [.none, QAScoreSummary(score: 87.5, reviews: 2, passed: 2), QAScoreSummary(score: 62.5, reviews: 1, passed: 0), .none],
                     openLoad: 14, breachedThisWeek: 3,
                     comments: [.init(ticketID: "t1", key: "K7Q2", rating: .bad, comment: "Took three days to answer", at: now - Time.day)],
                     generatedAt: now,
                     schedule: AgentSchedule(teams: ["Tier 1 BPO"], zone: "Asia/Ho_Chi_Minh", shifts: "mon-fri 08:00-16:00", onShift: false,
                                             offReason: "off shift",
                                             timeOff: [ShiftException(id: "x1", memberID: "m-tuan", startsAt: Time.parseISO("2026-11-23T17:00:00Z")!,
                                                                      endsAt: Time.parseISO("2026-11-25T17:00:00Z")!, kind: .leave)]))
}

@Suite struct AgentScreenTests {
    func opened() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "agent @tuan" { press(&m, .char(c)) }
        let commands = press(&m, .enter)
        #expect(commands == [.agent(.load(handle: "@tuan"))])
        _ = update(&m, .agent(.loaded(handle: "@tuan", agentPage())))
        return m
    }

    @Test func paletteOpensTheAgentPageAndEveryNumberDrillsIntoItsTickets() {
        var m = opened()
        guard case .agent(let s) = m.screen else { Issue.record("no agent page"); return }
        #expect(s.items.count == 2 + 6 + 1 + 1)
        let page = agentPage()
        let current = page.weeks[3]
        // Open load and this week's breaches.
        #expect(press(&m, .enter) == [.drill(.load(.kpi(.backlog, current, .agent("@tuan"))))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.drill(.load(.breached(current, .agent("@tuan"))))])
        press(&m, .esc)
        // Tickets solved, in the current week; `h` twice: two weeks before.
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.drill(.load(.kpi(.ticketsSolved, current, .agent("@tuan"))))])
        press(&m, .esc)
        press(&m, .char("h"), .char("h"))
        #expect(press(&m, .enter) == [.drill(.load(.kpi(.ticketsSolved, page.weeks[1], .agent("@tuan"))))])
        guard case .drill(let d) = m.screen else { Issue.record("no drill"); return }
        #expect(d.title == "Tickets solved 41 · @tuan · 2026-W46")
        press(&m, .esc)
        // The QA row drills into the reviewed tickets of the week shown; the comment opens its ticket.
        press(&m, .char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(press(&m, .enter) == [.drill(.load(.qaReviews(agent: "@tuan", page.weeks[1])))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t1"))])
        press(&m, .esc)
        // `l` never goes past the current week; Esc leaves.
        press(&m, .char("l"), .char("l"), .char("l"), .char("l"))
        guard case .agent(let after) = m.screen else { Issue.record("left the page"); return }
        #expect(after.weekIndex == 3)
        press(&m, .esc)
        #expect(m.screen == .main)
    }

    @Test func aPageForAStaleHandleIsIgnoredAndAnUnknownOneSaysWhy() {
        var m = opened()
        _ = update(&m, .agent(.failed(handle: "@rosa", "no teammate @rosa")))
        guard case .agent(let s) = m.screen else { return }
        #expect(s.error == nil && s.page != nil)
        _ = update(&m, .agent(.failed(handle: "@tuan", "no teammate @tuan")))
        #expect(view(m).renderTrimmed().contains("no teammate @tuan"))
    }

    @Test func theAgentPageAt100x30() {
        var m = opened()
        press(&m, .char("h"))
        Golden.expect(view(m).renderTrimmed(), is: "agent-page-100x30")
    }
}

@Suite struct QAFormTests {
    @Test func starOnATicketScoresTheRubricAndSavesAnUndoableReview() {
        var m = loadedModel()
        press(&m, .char("3"))
        #expect(press(&m, .char("*")).isEmpty)
        guard case .qaForm(var f)? = m.overlay else { Issue.record("no QA form"); return }
        #expect(f.rubric == .standard && f.scores == [nil, nil, nil, nil])
        // Ctrl-s with nothing scored says why and saves nothing.
        #expect(press(&m, .ctrl("s")).isEmpty)
        guard case .qaForm(let empty)? = m.overlay else { return }
        #expect(empty.error == "score at least one criterion (0–4)")
        // 4 for accuracy, 3 for tone (digits move on), → twice on policy, a comment.
        press(&m, .char("4"), .char("3"), .right, .right, .tab, .tab)
        for c in "clear steps" { press(&m, .char(c)) }
        guard case .qaForm(let filled)? = m.overlay else { return }
        f = filled
        #expect(f.scored == ["accuracy": 4, "tone": 3, "policy": 1])
        let expected: Double = 245.0 / 340.0 * 100 // (40×4 + 20×3 + 25×1) ÷ (85×4)
        #expect(f.score == expected)
        let commands = press(&m, .ctrl("s"))
        guard case .apply(let set, mode: .perform)? = commands.first else { Issue.record("no save: \(commands)"); return }
        #expect(set.changes == [.insertQAReview(QAReviewDraft(ticketID: f.ticketID, scores: ["accuracy": 4, "tone": 3, "policy": 1], comment: "clear steps"))])
        // The store's inverse closes the form; u applies it.
        _ = update(&m, .applied(inverse: ChangeSet(set.label, [.update(.qaReview, id: "q1", fields: ["deleted": FieldValue(true)])]), mode: .perform))
        #expect(m.overlay == nil)
        #expect(press(&m, .char("u")) == [.apply(ChangeSet(set.label, [.update(.qaReview, id: "q1", fields: ["deleted": FieldValue(true)])]), mode: .undo)])
    }

    @Test func theQAFormAt100x30() {
        var m = loadedModel()
        press(&m, .char("3"), .char("*"), .char("4"), .char("2"))
        Golden.expect(view(m).renderTrimmed(), is: "qa-form-100x30")
    }
}

@Suite struct QASampleScreenTests {
    let w46 = week46
    func rows() -> [QASampleRow] {
        [QASampleRow(week: "2026-W46", agent: "@rosa", ticketID: "t2", key: "9FZD", subject: "Verification stuck at step 2", solvedAt: week46.start + Time.day, reviewed: 62.5),
         QASampleRow(week: "2026-W46", agent: "@tuan", ticketID: "t1", key: "K7Q2", subject: "Payout missing for last month", solvedAt: week46.start + 2 * Time.day, reviewed: nil)]
    }

    @Test func qaOpensLastWeeksSampleAndTicketsOpenFromIt() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "qa" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.qa(.load(week: w46, perAgent: QAScreen.perAgent))])
        _ = update(&m, .qa(.loaded(week: KPIPeriod(start: 0, end: 1), rows()))) // another week's: ignored
        guard case .qa(let loading) = m.screen else { Issue.record("no QA screen"); return }
        #expect(loading.rows == nil)
        _ = update(&m, .qa(.loaded(week: w46, rows())))
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t1"))])
        // Back on the sample, it loads again (a review written there shows).
        #expect(press(&m, .esc) == [.qa(.load(week: w46, perAgent: QAScreen.perAgent))])
        let w45 = KPIPeriod(start: w46.start - 7 * Time.day, end: w46.start)
        #expect(press(&m, .char("[")) == [.qa(.load(week: w45, perAgent: QAScreen.perAgent))])
        press(&m, .char("]"), .char("]"))
        // Not past the current week.
        let before = m.screen
        press(&m, .char("]"))
        #expect(m.screen == before)
    }

    @Test func theQASampleAt100x30() {
        var m = loadedModel()
        _ = m.run(.screen(.qaSample))
        _ = update(&m, .qa(.loaded(week: w46, rows())))
        Golden.expect(view(m).renderTrimmed(), is: "qa-sample-100x30")
    }
}
