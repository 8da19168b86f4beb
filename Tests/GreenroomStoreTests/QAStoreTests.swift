import Foundation
import GRDB
import Testing
import GreenroomCore
import KPIOracle
@testable import GreenroomStore

/// QA reviews and the agent page (issue 25): scoring, sampling, validation and undo, and the
/// agent page's weekly numbers against the oracle's plain loops over the JSON export.
@Suite struct QAStoreTests {
    struct Demo {
        let dir = TempDir()
        let store: Store
        init(tickets: Int = 700) throws {
            let path = dir.file("demo.sqlite")
            _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 200, tickets: tickets, days: 70, seed: 11), clock: .fixed(pinnedNow))
            store = try Store.open(at: path, clock: .fixed(pinnedNow))
        }
        var calendar: TeamCalendar { TeamCalendar(zone: (try? store.teamSettings().zone) ?? .gmt) }
        var lastWeek: KPIPeriod { calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1) }
        func solved(in p: KPIPeriod) throws -> [(id: String, assignee: String)] {
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, assignee_id FROM ticket WHERE deleted = 0 AND assignee_id IS NOT NULL AND first_solved_at >= ? AND first_solved_at < ?",
                                 arguments: [p.start, p.end]).map { ($0[0], $0[1]) }
            }
        }
    }

    @Test func aReviewScoresTheWeightedMeanOfItsCriteria() {
        let r = QARubric.standard
        #expect(r.score(["accuracy": 4, "tone": 4, "policy": 4, "localization": 4]) == 100)
        #expect(r.score(["accuracy": 0, "tone": 0, "policy": 0, "localization": 0]) == 0)
        // (40×4 + 20×3 + 25×1 + 15×2) ÷ (100×4) = 275 ÷ 400.
        #expect(r.score(["accuracy": 4, "tone": 3, "policy": 1, "localization": 2]) == 68.75)
        // Unscored criteria are left out of the weights: accuracy alone at 3 is 75.
        #expect(r.score(["accuracy": 3]) == 75)
        #expect(r.score([:]) == nil)
        #expect(r.passes(80) && !r.passes(79.9))
        #expect(QARubric(criteria: [.init(key: "Bad Key", name: "x", weight: 1)], passMark: 50).validationError != nil)
        #expect(QARubric(criteria: [.init(key: "a", name: "A", weight: 0)], passMark: 50).validationError != nil)
        #expect(QARubric.standard.validationError == nil)
    }

    /// The draw itself depends on the week, the agent and the seed — not only on which tickets
    /// there are: the same ids drawn for another week or agent give another sample.
    @Test func theDrawIsSeededByWeekAgentAndSeed() {
        let ids = (0..<200).map { String(format: "019d0000-0000-7000-8000-%012d", $0) }
        let w46 = QASampling.sample(ids, n: 5, seed: 0, week: "2026-W46", agent: "m1")
        #expect(w46.count == 5 && Set(w46).count == 5)
        // Spread over the ids, not a run of neighbours.
        let positions = w46.compactMap { ids.firstIndex(of: $0) }
        #expect((positions.max() ?? 0) - (positions.min() ?? 0) > 40, "\(positions)")
        #expect(QASampling.sample(ids.reversed(), n: 5, seed: 0, week: "2026-W46", agent: "m1") == w46) // order of the input does not matter
        #expect(QASampling.sample(ids, n: 5, seed: 0, week: "2026-W45", agent: "m1") != w46)
        #expect(QASampling.sample(ids, n: 5, seed: 0, week: "2026-W46", agent: "m2") != w46)
        #expect(QASampling.sample(ids, n: 5, seed: 7, week: "2026-W46", agent: "m1") != w46)
        // A ticket added later does not reshuffle the rest: the sample of the bigger set keeps
        // every earlier pick that still ranks in the first five.
        let more = QASampling.sample(ids + ["019d0000-0000-7000-8000-999999999999"], n: 5, seed: 0, week: "2026-W46", agent: "m1")
        #expect(Set(more).intersection(w46).count >= 4)
    }

    @Test func theSampleIsReproducibleAndHoldsOnlyThatAgentsSolvedTicketsOfThatWeek() throws {
        let d = try Demo()
        let week = d.lastWeek
        let a = try d.store.qaSample(week: week, perAgent: 3)
        let b = try d.store.qaSample(week: week, perAgent: 3)
        #expect(!a.isEmpty)
        #expect(a == b)
        let solved = try d.solved(in: week)
        let byID = Dictionary(solved.map { ($0.id, $0.assignee) }, uniquingKeysWith: { x, _ in x })
        let handles = Dictionary(try d.store.members().map { ($0.id, $0.handle) }, uniquingKeysWith: { x, _ in x })
        for row in a {
            let agent = try #require(byID[row.ticketID], "\(row.key) was not solved that week")
            #expect(handles[agent] == row.agent)
        }
        // At most N per agent, exactly N where the agent solved that many.
        for (agent, rows) in Dictionary(grouping: a, by: \.agent) {
            let theirs = solved.filter { handles[$0.assignee] == agent }.count
            #expect(rows.count == min(3, theirs))
        }
        // Another week, another seed: other tickets.
        let before = KPIPeriod(start: d.calendar.addDays(-7, to: week.start), end: week.start)
        let other = try d.store.qaSample(week: before, perAgent: 3)
        #expect(Set(other.map(\.ticketID)).isDisjoint(with: Set(a.map(\.ticketID))))
        #expect(try d.store.qaSample(week: week, perAgent: 3, seed: 1).map(\.ticketID) != a.map(\.ticketID))
        // One agent only.
        let first = try #require(a.first)
        #expect(try d.store.qaSample(week: week, perAgent: 3, agent: first.agent).allSatisfy { $0.agent == first.agent })
    }

    @Test func aReviewWithAnUnknownCriterionOrAScoreOutOfRangeIsRefusedAndChangesNothing() throws {
        let d = try Demo(tickets: 100)
        let t = try #require(try d.solved(in: KPIPeriod(start: 0, end: pinnedNow)).first)
        #expect(throws: GreenroomError.self) { try d.store.reviewTicket(QAReviewDraft(ticketID: t.id, scores: ["empathy": 3], comment: ""), by: nil) }
        #expect(throws: GreenroomError.self) { try d.store.reviewTicket(QAReviewDraft(ticketID: t.id, scores: ["accuracy": 5], comment: ""), by: nil) }
        #expect(throws: GreenroomError.self) { try d.store.reviewTicket(QAReviewDraft(ticketID: t.id, scores: [:], comment: ""), by: nil) }
        #expect(try d.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qa_review") } == 0)
        // A good one records the ticket's assignee as the agent; undo tombstones it.
        let inverse = try d.store.apply(ChangeSet("QA", [.insertQAReview(QAReviewDraft(ticketID: t.id, scores: ["accuracy": 4, "tone": 2], comment: " ok "))]), by: nil)
        let review = try #require(try d.store.qaReviews(ticketID: t.id).first)
        #expect(review.agentID == t.assignee && review.comment == "ok" && review.scores == ["accuracy": 4, "tone": 2])
        _ = try d.store.apply(inverse, by: nil)
        #expect(try d.store.qaReviews(ticketID: t.id).isEmpty)
    }

    @Test func theRubricIsATeamSettingCheckedBeforeItIsWritten() throws {
        let d = try Demo(tickets: 50)
        #expect(try d.store.teamSettings().qaRubric == .standard)
        let custom = QARubric(criteria: [.init(key: "accuracy", name: "Accuracy", weight: 60), .init(key: "empathy", name: "Empathy", weight: 40)], passMark: 70)
        try d.store.setQARubric(custom)
        #expect(try d.store.teamSettings().qaRubric == custom)
        #expect(throws: GreenroomError.self) { try d.store.setQARubric(QARubric(criteria: [], passMark: 70)) }
        #expect(try d.store.teamSettings().qaRubric == custom)
    }

    /// The agent page's twelve weeks equal the oracle's plain loops over the export, KPI by KPI
    /// and week by week, and its QA scores equal a weighted mean computed from qa_review.json.
    @Test func theAgentPageEqualsTheOracleWeekByWeek() throws {
        let d = try Demo()
        let agent = try #require(try d.store.members().first { $0.role == .specialist })
        // Reviews of some of the agent's solved tickets across the weeks.
        let theirs = try d.store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE assignee_id = ? AND first_solved_at IS NOT NULL AND deleted = 0 ORDER BY id LIMIT 12",
                                arguments: [agent.id])
        }
        #expect(theirs.count == 12)
        for (i, id) in theirs.enumerated() {
            try d.store.reviewTicket(QAReviewDraft(ticketID: id, scores: ["accuracy": i % 5, "tone": 4 - i % 5, "policy": 2], comment: "r\(i)"), by: nil)
        }
        let page = try d.store.agentPage(handle: agent.handle, now: pinnedNow)
        #expect(page.weeks.count == AgentPage.weekCount)
        let export = d.dir.file("export")
        try d.store.export(format: .json, to: export)
        let oracle = KPIOracle(try OracleData(directory: export), now: pinnedNow)
        var compared = 0
        for id in AgentPage.kpis {
            for (w, p) in page.weeks.enumerated() {
                let o = oracle.value(id.rawValue, OraclePeriod(start: p.start, end: p.end), .agent(memberID: agent.id))
                let e = try #require(page.series[id])[w]
                #expect(agree(e, o), "\(id) \(page.weekLabels[w]): engine \(e) oracle \(o)")
                compared += 1
            }
        }
        #expect(compared == 6 * AgentPage.weekCount)
        // QA: plain loops over qa_review.json, the standard weights written out.
        let data = try #require(FileManager.default.contents(atPath: export + "/qa_review.json"))
        let reviews = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(reviews.count == 12)
        let weights = ["accuracy": 40.0, "tone": 20.0, "policy": 25.0, "localization": 15.0]
        for (w, p) in page.weeks.enumerated() {
            var scores: [Double] = []
            for r in reviews where (r["deleted"] as? Bool) != true && r["agent_id"] as? String == agent.id {
                guard let solve = oracle.firstSolve(of: r["ticket_id"] as? String ?? ""), solve >= p.start && solve < p.end else { continue }
                let s = try #require(try JSONSerialization.jsonObject(with: Data((r["scores"] as? String ?? "{}").utf8)) as? [String: Int])
                var num = 0.0, den = 0.0
                for (k, v) in s { num += weights[k, default: 0] * Double(v); den += weights[k, default: 0] * 4 }
                scores.append(num / den * 100)
            }
            let mean = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            #expect(page.qa[w].reviews == scores.count, "\(page.weekLabels[w])")
            #expect(page.qa[w].score.map { abs($0 - (mean ?? -1)) < 1e-9 } ?? (mean == nil), "\(page.weekLabels[w]): \(String(describing: page.qa[w].score)) vs \(String(describing: mean))")
        }
        #expect(page.qa.reduce(0) { $0 + $1.reviews } > 0)
        // Open load: the agent's open tickets now.
        let open = oracle.value("backlog", OraclePeriod(start: page.weeks.last!.start, end: page.weeks.last!.end), .agent(memberID: agent.id))
        #expect(page.openLoad == open.numerator)
        // The Review's agents table carries the same QA score for the agent's week.
        let review = try d.store.weeklyReview(week: d.lastWeek, me: nil, now: pinnedNow, withToday: false)
        let row = review.agents.first { $0.handle == agent.handle }
        let last = try #require(page.weeks.firstIndex { $0.start == d.lastWeek.start })
        #expect(row?.qa.score == page.qa[last].score)
    }

    /// Kept weeks (v25) equal computed ones, and a ticket moved to another agent changes both
    /// agents' pages as a computation from scratch says.
    @Test func keptAgentWeeksEqualComputedOnesAndFollowAReassignment() throws {
        let d = try Demo()
        let specialists = try d.store.members().filter { $0.role == .specialist }
        let (agent, other) = (specialists[0], specialists[1])
        let first = try d.store.agentPage(handle: agent.handle, now: pinnedNow)
        let keptRows = try d.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi LIKE 'agent:%' AND pending = 0") }
        #expect(keptRows == 6 * (AgentPage.weekCount - 1))
        let second = try d.store.agentPage(handle: agent.handle, now: pinnedNow)
        #expect(first.series == second.series)
        // One of the agent's tickets solved eight weeks before goes to another agent.
        let week = first.weeks[3]
        let moved = try #require(try d.store.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM ticket WHERE assignee_id = ? AND first_solved_at >= ? AND first_solved_at < ? AND deleted = 0 ORDER BY id",
                                arguments: [agent.id, week.start, week.end])
        })
        let otherBefore = try d.store.agentPage(handle: other.handle, now: pinnedNow)
        _ = try d.store.apply(ChangeSet("Reassign", [.update(.ticket, id: moved, fields: ["assignee_id": FieldValue(other.id)])]), by: nil)
        let after = try d.store.agentPage(handle: agent.handle, now: pinnedNow)
        let otherAfter = try d.store.agentPage(handle: other.handle, now: pinnedNow)
        #expect(after.series[.ticketsSolved]?[3].numerator == (first.series[.ticketsSolved]?[3].numerator ?? 0) - 1)
        #expect(otherAfter.series[.ticketsSolved]?[3].numerator == (otherBefore.series[.ticketsSolved]?[3].numerator ?? 0) + 1)
        try d.store.clearKPICache()
        #expect(try d.store.agentPage(handle: agent.handle, now: pinnedNow).series == after.series)
        #expect(try d.store.agentPage(handle: other.handle, now: pinnedNow).series == otherAfter.series)
    }

    @Test func theAgentPageRefusesAnUnknownHandle() throws {
        let d = try Demo(tickets: 50)
        #expect(throws: GreenroomError.self) { _ = try d.store.agentPage(handle: "@nobody", now: pinnedNow) }
    }
}
