import Foundation
import Testing
import GreenroomCore

/// Program standings, board and funnel (issue 26) over hand-made rows.
@Suite struct ProgramProgressTests {
    static let t0 = Time.parseISO("2026-11-01T00:00:00Z")!
    static let modules = [
        ProgramModule(id: "m2", programID: "p", position: 2, title: "Lighting"),
        ProgramModule(id: "m1", programID: "p", position: 1, title: "Setup"),
        ProgramModule(id: "m3", programID: "p", position: 3, title: "Selling"),
        ProgramModule(id: "mx", programID: "p", position: 0, title: "Removed", deleted: true),
    ]

    static func day(_ n: Int) -> Millis { t0 + Millis(n) * Time.day }

    /// a: nothing; b: Setup; c: Setup + Selling (skipped Lighting); d: all three; e: all three.
    static let enrolled = ["a", "b", "c", "d", "e"].map { ProgramProgress.Enrolled(creatorID: $0, enrolledAt: day(0)) }
    static let completed: [ProgramProgress.Completed] = [
        .init(creatorID: "b", moduleID: "m1", at: day(2)),
        .init(creatorID: "c", moduleID: "m1", at: day(1)), .init(creatorID: "c", moduleID: "m3", at: day(9)),
        .init(creatorID: "d", moduleID: "m1", at: day(1)), .init(creatorID: "d", moduleID: "m2", at: day(3)), .init(creatorID: "d", moduleID: "m3", at: day(5)),
        .init(creatorID: "e", moduleID: "m3", at: day(4)), .init(creatorID: "e", moduleID: "m2", at: day(3)), .init(creatorID: "e", moduleID: "m1", at: day(2)),
        // Ignored: not enrolled, and a module of no program here.
        .init(creatorID: "zz", moduleID: "m1", at: day(1)), .init(creatorID: "a", moduleID: "other", at: day(1)),
    ]

    @Test func aCreatorStandsAtTheFirstModuleNotFinishedInOrder() {
        let s = ProgramProgress.standings(modules: Self.modules, enrolled: Self.enrolled, completed: Self.completed)
        #expect(s.map(\.column) == [0, 1, 1, 3, 3])
        #expect(s.map(\.completedCount) == [0, 1, 2, 3, 3])
        // Last progress: the enrolment, else the latest completion.
        #expect(s.map(\.lastProgress) == [Self.day(0), Self.day(2), Self.day(9), Self.day(5), Self.day(4)])
    }

    @Test func theFunnelNarrowsStepByStepAndCountsActivatedAmongTheCompleted() {
        let s = ProgramProgress.standings(modules: Self.modules, enrolled: Self.enrolled, completed: Self.completed)
        // "a" is activated but has not completed: not counted.
        let f = ProgramProgress.funnel(modules: Self.modules, standings: s, activated: ["a", "d"])
        #expect(f.steps.map(\.label) == ["enrolled", "Setup", "Lighting", "Selling", "completed", "activated"])
        #expect(f.steps.map(\.count) == [5, 4, 2, 2, 2, 1])
        #expect(f.stepRates[1] == 0.8)
        #expect(f.stepRates[5] == 0.5)
    }

    @Test func theBoardPutsTheLongestStuckFirstAndMarksThemStuck() {
        let s = ProgramProgress.standings(modules: Self.modules, enrolled: Self.enrolled, completed: Self.completed)
        let board = ProgramProgress.board(modules: Self.modules, standings: s, now: Self.day(16), stuckAfterDays: 14, cardsPerColumn: 10)
        #expect(board.columns.map(\.title) == ["Setup", "Lighting", "Selling", "done"])
        #expect(board.columns.map(\.count) == [1, 2, 0, 2])
        // Lighting: b (last progress day 2) before c (day 9); b is 14 days without progress.
        #expect(board.columns[1].cards.map(\.creatorID) == ["b", "c"])
        #expect(board.columns[1].cards.map(\.stuck) == [true, false])
        #expect(board.columns[0].stuck == 1 && board.columns[1].stuck == 1)
        // Done is never stuck.
        #expect(board.columns[3].stuck == 0 && board.columns[3].cards.allSatisfy { !$0.stuck })
    }

    @Test func aColumnShowsOnlyItsFirstCardsButCountsEveryone() {
        let many = (0..<1000).map { ProgramProgress.Enrolled(creatorID: String(format: "c%04d", $0), enrolledAt: Self.day($0 % 50)) }
        let s = ProgramProgress.standings(modules: Self.modules, enrolled: many, completed: [])
        let board = ProgramProgress.board(modules: Self.modules, standings: s, now: Self.day(60), cardsPerColumn: 3)
        #expect(board.columns[0].count == 1000)
        // Enrolled on day 0: c0000, c0050, c0100 — the oldest, ties by id.
        #expect(board.columns[0].cards.map(\.creatorID) == ["c0000", "c0050", "c0100"])
    }
}

/// Incentive task progress from live sessions.
@Suite struct TaskProgressTests {
    static let ny = TimeZone(identifier: "America/New_York")!

    static func task(_ metric: TaskMetric, goal: Int) -> IncentiveTask {
        IncentiveTask(id: "t", creatorID: "c", title: "Go LIVE", metric: metric, goal: goal, startDate: "2026-11-16", endDate: "2026-11-22", reward: "50 coins", amount: 50)
    }

    static func s(_ iso: String, _ minutes: Int) -> TaskProgress.Session { .init(startedAt: Time.parseISO(iso)!, minutes: minutes) }

    /// Monday 16 to Sunday 22 November, New York (UTC−5): five local days with LIVE, two
    /// sessions on the 17th (one counts as that day, 23:30 local), one before the window
    /// (Sunday 15th 23:00 local) and one after it.
    static let sessions = [
        s("2026-11-16T04:00:00Z", 500), // 23:00 on the 15th, local: before the window
        s("2026-11-16T15:00:00Z", 60),  // 16th
        s("2026-11-17T15:00:00Z", 30),  // 17th
        s("2026-11-18T04:30:00Z", 45),  // 23:30 on the 17th, local: the same day
        s("2026-11-19T15:00:00Z", 40),  // 19th
        s("2026-11-21T15:00:00Z", 20),  // 21st
        s("2026-11-22T15:00:00Z", 15),  // 22nd
        s("2026-11-23T06:00:00Z", 600), // 01:00 on the 23rd, local: after
    ]

    @Test func liveDaysCountDistinctLocalDaysAndCompleteOnTheGoalthDay() {
        let now = Time.parseISO("2026-11-25T00:00:00Z")!
        let p = TaskProgress.of(Self.task(.liveDays, goal: 5), sessions: Self.sessions, now: now, zone: Self.ny)
        #expect(p?.raw == 5)
        #expect(p?.state == .completed)
        #expect(p?.completedAt == Time.parseISO("2026-11-22T15:00:00Z"))
        let six = TaskProgress.of(Self.task(.liveDays, goal: 6), sessions: Self.sessions, now: now, zone: Self.ny)
        #expect(six?.state == .missed && six?.raw == 5)
    }

    @Test func liveHoursSumMinutesInsideTheWindow() {
        let now = Time.parseISO("2026-11-20T00:00:00Z")!
        // By the 20th: 60 + 30 + 45 + 40 = 175 minutes; 3 h not reached yet, still open.
        let p = TaskProgress.of(Self.task(.liveHours, goal: 3), sessions: Self.sessions, now: now, zone: Self.ny)
        #expect(p?.raw == 175 && p?.goalRaw == 180 && p?.state == .open)
        #expect(p.map { abs($0.value(.liveHours) - 175.0 / 60) < 1e-9 } == true)
        // By the end: + 20 (reaches 195 ≥ 180 on the 21st).
        let end = TaskProgress.of(Self.task(.liveHours, goal: 3), sessions: Self.sessions, now: Time.parseISO("2026-11-30T00:00:00Z")!, zone: Self.ny)
        #expect(end?.raw == 210 && end?.completedAt == Time.parseISO("2026-11-21T15:00:00Z"))
    }

    @Test func sessionsAfterNowAndBadDatesDoNotCount() {
        let p = TaskProgress.of(Self.task(.sessions, goal: 2), sessions: Self.sessions, now: Time.parseISO("2026-11-17T00:00:00Z")!, zone: Self.ny)
        #expect(p?.raw == 1 && p?.state == .open)
        var bad = Self.task(.sessions, goal: 2)
        bad.endDate = "2026-11-31"
        #expect(TaskProgress.of(bad, sessions: Self.sessions, now: 0, zone: Self.ny) == nil)
    }
}

/// The matched comparison: a planted effect is found, no effect is not invented, and
/// participants are only compared within their stratum.
@Suite struct MatchedEffectTests {
    /// Creators in two markets and two stages with varied prior activity. Every creator's
    /// LIVE drifts by `trend(market)` minutes; participants get `planted` extra minutes and
    /// `plantedDays` extra days after.
    static func world(planted: Int, plantedDays: Int, seed: UInt64) -> (participants: [MatchedEffect.Subject], all: [MatchedEffect.Subject]) {
        var rng = SeededGenerator(seed: seed)
        var all: [MatchedEffect.Subject] = []
        var participants: [MatchedEffect.Subject] = []
        for i in 0..<2000 {
            let market = i % 2 == 0 ? "US" : "MX"
            let stage = i % 3 == 0 ? "onboarding" : "activated"
            // Market MX grows a lot on its own; participants are mostly from MX (a naive
            // comparison would credit the program with MX's growth).
            let takes = market == "MX" ? rng.below(100) < 40 : rng.below(100) < 5
            let before = [0, 60, 300, 900][rng.below(4)] + rng.below(50)
            let beforeDays = before == 0 ? 0 : 1 + rng.below(10)
            let trend = market == "MX" ? 240 : -30
            let noise = rng.below(61) - 30
            var after = max(0, before + trend + noise)
            var afterDays = after == 0 ? 0 : max(1, beforeDays + (market == "MX" ? 3 : 0))
            if takes { after += planted; afterDays += plantedDays }
            let s = MatchedEffect.Subject(creatorID: "c\(i)", market: market, stage: stage, beforeMinutes: before, afterMinutes: after,
                                          beforeDays: beforeDays, afterDays: afterDays)
            all.append(s)
            if takes { participants.append(s) }
        }
        return (participants, all)
    }

    @Test func aPlantedEffectIsFound() throws {
        let w = Self.world(planted: 120, plantedDays: 2, seed: 7)
        let r = try #require(MatchedEffect.estimate(participants: w.participants, others: w.all, days: 28))
        // +2 h and +2 days per participant, within the noise.
        #expect(abs(r.liveHours.effect - 2) < 0.25, "\(r.liveHours)")
        #expect(abs(r.activeDays.effect - 2) < 0.3, "\(r.activeDays)")
        #expect(r.matched == w.participants.count && r.unmatched == 0)
        // Non-participants in strata without a participant are not part of the comparison.
        #expect(r.comparisonSize <= w.all.count - w.participants.count && r.comparisonSize > 1400)
    }

    @Test func noEffectIsFoundWhereThereIsNone() throws {
        let w = Self.world(planted: 0, plantedDays: 0, seed: 11)
        let r = try #require(MatchedEffect.estimate(participants: w.participants, others: w.all, days: 28))
        #expect(abs(r.liveHours.effect) < 0.25, "\(r.liveHours)")
        #expect(abs(r.activeDays.effect) < 0.3, "\(r.activeDays)")
        // The participants did grow (they are mostly in MX): a naive before/after would
        // call that an effect; the matched comparison does not.
        #expect(r.liveHours.participants > 2)
        if let ret = r.retention { #expect(abs(ret.effect) < 0.1, "\(ret)") }
    }

    @Test func participantsWithoutAComparisonInTheirStratumAreLeftOutAndCounted() throws {
        let p = MatchedEffect.Subject(creatorID: "p", market: "US", stage: "activated", beforeMinutes: 60, afterMinutes: 600, beforeDays: 2, afterDays: 9)
        let lone = MatchedEffect.Subject(creatorID: "q", market: "BR", stage: "activated", beforeMinutes: 60, afterMinutes: 0, beforeDays: 2, afterDays: 0)
        let c = MatchedEffect.Subject(creatorID: "c", market: "US", stage: "activated", beforeMinutes: 90, afterMinutes: 90, beforeDays: 2, afterDays: 2)
        // Another band (over 10 h before): not a comparison for p.
        let far = MatchedEffect.Subject(creatorID: "f", market: "US", stage: "activated", beforeMinutes: 900, afterMinutes: 0, beforeDays: 9, afterDays: 0)
        let r = try #require(MatchedEffect.estimate(participants: [p, lone], others: [p, lone, c, far], days: 28))
        #expect(r.matched == 1 && r.unmatched == 1 && r.comparisonSize == 1 && r.strata == 1)
        #expect(r.liveHours.effect == 9)
        #expect(r.activeDays.effect == 7)
        #expect(r.retention?.effect == 0)
        #expect(MatchedEffect.estimate(participants: [lone], others: [lone, c], days: 28) == nil)
    }

    @Test func windowsAreCutAtNowAndTheAnchorIsTheMedian() {
        let w = MatchedEffect.windows(anchor: 100 * Time.day, now: 110 * Time.day, days: 28)
        #expect(w?.after == 100 * Time.day..<110 * Time.day)
        #expect(w?.before == 90 * Time.day..<100 * Time.day)
        #expect(MatchedEffect.windows(anchor: 100, now: 100, days: 28) == nil)
        #expect(MatchedEffect.anchor([5, 1, 9, 3]) == 3)
        #expect(MatchedEffect.anchor([]) == nil)
    }
}
