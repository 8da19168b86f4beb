import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// The Review's programs and workshops (issue 26): those that ran in the week arrive after the
/// review, each with its matched effect, sample sizes and the method; `Enter` opens a
/// program's board or a workshop's checklist, and `Esc` comes back to the Review.
@Suite struct ReviewEffectsTests {
    static let effects = [
        InterventionEffect(kind: .program, id: "p1", name: "LIVE 101", joined: 3, progressed: 5, result: ProgramFixtures.effect),
        InterventionEffect(kind: .workshop, id: "w1", name: "Lighting clinic", joined: 18, progressed: 25,
                           result: MatchedEffect.Result(liveHours: .init(participants: -0.5, comparison: 0.25), activeDays: .init(participants: 0.5, comparison: 0.5),
                                                        retention: nil, matched: 18, unmatched: 0, comparisonSize: 96, strata: 2, days: 9)),
        InterventionEffect(kind: .program, id: "p2", name: "Gift goals", joined: 0, progressed: 1, result: nil),
    ]

    static func reviewModel() -> Model {
        var m = loadedModel()
        press(&m, .char("R"))
        _ = update(&m, .review(.loaded(week: nil, weeklyReview(week: week46))))
        return m
    }

    static func screen(_ m: Model) -> ReviewScreen? {
        guard case .review(let s) = m.screen else { return nil }
        return s
    }

    @Test func effectsForTheWeekShownArriveAfterTheReviewAndOpenTheirScreens() {
        var m = Self.reviewModel()
        let before = Self.screen(m)?.items.count ?? 0
        // An answer for another week changes nothing.
        _ = update(&m, .review(.effectsLoaded(period: KPIPeriod(start: week46.start - 7 * Time.day, end: week46.start), Self.effects)))
        #expect(Self.screen(m)?.effects == nil)
        _ = update(&m, .review(.effectsLoaded(period: week46, Self.effects)))
        let s = Self.screen(m)
        #expect(s?.items.count == before + 3)
        #expect(s?.items.suffix(3) == [.effect(.program, "p1"), .effect(.workshop, "w1"), .effect(.program, "p2")])
        // Enter on the program opens its board; Esc comes back to the Review.
        press(&m, .char("G"))
        press(&m, .char("k"), .char("k"))
        let cards = ProgramsScreen.cardsPerColumn(bodyRows: m.layout.body.height)
        #expect(press(&m, .enter) == [.programs(.loadBoard(id: "p1", cardsPerColumn: cards)), .programs(.loadEffect(id: "p1"))])
        guard case .programs(let p) = m.screen else { Issue.record("not on the program board"); return }
        #expect(p.open?.id == "p1" && p.returnTo != nil)
        #expect(press(&m, .esc) == [.review(.load(week: week46)), .campaigns(.load)])
        #expect(Self.screen(m)?.effects?.count == 3, "the effects stay while the same week reloads")
        // The workshop opens its checklist, and comes back the same way.
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.workshops(.loadAttendees(id: "w1"))])
        guard case .workshops(let w) = m.screen else { Issue.record("not on the checklist"); return }
        #expect(w.open?.title == "Lighting clinic")
        _ = press(&m, .esc)
        #expect(Self.screen(m) != nil)
        // Another week: the effects go until that week's arrive.
        press(&m, .char("["))
        #expect(Self.screen(m)?.effects == nil)
    }

    @Test func theSectionShowsEachEffectWithItsSampleAndTheMethod() {
        var m = Self.reviewModel()
        _ = update(&m, .review(.effectsLoaded(period: week46, Self.effects)))
        press(&m, .char("G"))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("Programs, workshops, coaching:") }) else {
            Issue.record("no programs section:\n\(lines.joined(separator: "\n"))")
            return
        }
        Golden.expect(lines[start..<min(lines.count - 1, start + 9)].joined(separator: "\n"), is: "review-programs-section")
        // What rounds to zero carries no minus sign.
        #expect(InterventionEffect.signed(-0.04) == "+0.0" && InterventionEffect.signed(-0.06) == "-0.1" && InterventionEffect.signed(0) == "+0.0")
    }

    /// The week's coaching is a row like the others; `Enter` on it says what it is instead of
    /// opening another screen, and the row reads "coached, sessions" with its comparison.
    @Test func theWeeksCoachingIsARowThatExplainsItself() {
        var m = Self.reviewModel()
        let coaching = InterventionEffect(kind: .coaching, id: "coaching:1", name: "Coaching", joined: 6, progressed: 7, result: ProgramFixtures.effect)
        _ = update(&m, .review(.effectsLoaded(period: week46, [coaching] + Self.effects)))
        #expect(Self.screen(m)?.items.suffix(4).first == .effect(.coaching, "coaching:1"))
        press(&m, .char("G"))
        press(&m, .char("k"), .char("k"), .char("k"))
        #expect(press(&m, .enter).isEmpty)
        #expect(m.toast?.text.hasPrefix("Coaching: 6 creators coached in") == true, "\(String(describing: m.toast))")
        #expect(Self.screen(m) != nil, "still on the Review")
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("6 coached, 7 sessio"))
        #expect(coaching.detail.hasPrefix("coachees "))
    }
}
