import Foundation
import Testing
@testable import GreenroomCore

@Suite struct FunnelTests {
    static let day = Time.day
    static func at(_ d: Int) -> Millis { Millis(d) * day }

    /// A hand-built history over a 30-day window [day 0, day 30).
    static let events: [FunnelReport.Event] = {
        func e(_ id: String, _ stage: String, _ d: Int, _ reason: String? = nil) -> FunnelReport.Event {
            FunnelReport.Event(creatorID: id, toStage: stage, at: at(d), reason: reason)
        }
        return [
            // A: all the way to activated.
            e("A", "lead", 1), e("A", "contacted", 3), e("A", "onboarding", 6), e("A", "activated", 16),
            // B: contacted, then lost.
            e("B", "lead", 2), e("B", "contacted", 4), e("B", "lost", 10, "no reply"),
            // C: skipped contacted (reaches it without entering it).
            e("C", "onboarding", 7), e("C", "lead", 5),
            // D: a lead from before the window; only its exit counts (12 days in lead).
            e("D", "lead", -10), e("D", "contacted", 2),
            // E: paused and back to lead inside the window: still one cohort member.
            e("E", "lead", 20), e("E", "paused", 25, "exams"), e("E", "lead", 28),
            // F: entered after the window.
            e("F", "lead", 40),
            // G: an old lead lost in the window (48 days in lead).
            e("G", "lead", -40), e("G", "lost", 8, "no reply"),
            // H: imported straight into lost, without a reason.
            e("H", "lost", 9),
        ]
    }()

    @Test func stepsCountEnteredReachedAndConversion() {
        let r = FunnelReport.compute(events: FunnelTests.events, flow: Stage.defaultFlow, windowStart: 0, windowEnd: FunnelTests.at(30))
        #expect(r.cohort == 4) // A, B, C, E
        #expect(r.steps.map(\.stage) == Stage.defaultFlow)
        #expect(r.steps.map(\.entered) == [4, 2, 2, 1, 0])
        #expect(r.steps.map(\.reached) == [4, 3, 2, 1, 0])
        #expect(r.steps[0].conversion == 1)
        #expect(r.steps[1].conversion == 0.75)
        #expect(r.steps[2].conversion == 2.0 / 3.0)
        #expect(r.steps[3].conversion == 0.5)
        #expect(r.steps[4].conversion == 0)
        #expect(r.overall == 0.25)
        #expect(r.overallStage == "activated")
    }

    @Test func timeInStageIsOverExitsInTheWindowWithMedianAndP90() {
        let r = FunnelReport.compute(events: FunnelTests.events, flow: Stage.defaultFlow, windowStart: 0, windowEnd: FunnelTests.at(30))
        let t = Dictionary(uniqueKeysWithValues: r.timeInStage.map { ($0.stage, $0) })
        // Lead exits: A 2, B 2, C 2, D 12, E 5, G 48 days.
        #expect(t["lead"]?.exits == 6)
        #expect(t["lead"]?.medianDays == 3.5)
        #expect(t["lead"]?.p90Days == 30)
        // Contacted exits: A 3, B 6.
        #expect(t["contacted"]?.medianDays == 4.5)
        #expect(abs((t["contacted"]?.p90Days ?? 0) - 5.7) < 1e-9)
        #expect(t["onboarding"]?.medianDays == 10 && t["onboarding"]?.p90Days == 10)
        #expect(t["activated"]?.exits == 0 && t["activated"]?.medianDays == nil)
    }

    @Test func lostReasonsAreRankedAndBlankOnesNamed() {
        let r = FunnelReport.compute(events: FunnelTests.events, flow: Stage.defaultFlow, windowStart: 0, windowEnd: FunnelTests.at(30))
        #expect(r.lostReasons == [FunnelReport.Reason(reason: "no reply", count: 2), FunnelReport.Reason(reason: "(no reason)", count: 1)])
    }

    @Test func anEmptyWindowHasNoRatesRatherThanZeroes() {
        let r = FunnelReport.compute(events: FunnelTests.events, flow: Stage.defaultFlow, windowStart: FunnelTests.at(100), windowEnd: FunnelTests.at(130))
        #expect(r.cohort == 0)
        #expect(r.overall == nil)
        #expect(r.steps.allSatisfy { $0.conversion == nil && $0.reached == 0 })
        #expect(r.lostReasons.isEmpty)
    }

    @Test func percentilesInterpolateBetweenRanks() {
        #expect(Percentile.of([], 0.5) == nil)
        #expect(Percentile.of([7], 0.9) == 7)
        #expect(Percentile.of([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Percentile.of([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(Percentile.of([0, 10], 0.9) == 9)
        #expect(Percentile.of([1, 2, 3], 1) == 3 && Percentile.of([1, 2, 3], 0) == 1)
    }
}
