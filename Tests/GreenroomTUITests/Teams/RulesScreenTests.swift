import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 24: `:rules` — rules on tickets and on creators, on and off, tested in place.
@Suite struct RulesScreenTests {
    static let rows = [
        RuleRow(rule: AutomationRule(id: "r1", name: "Solve after 7 days pending", condition: "pending:>7d", actions: ["status solved"], enabled: false, position: 40),
                team: nil, fired7d: 0, problem: nil),
        RuleRow(rule: AutomationRule(id: "r2", name: "Reopen when the requester writes", condition: "status:solved replied:requester thanks:no",
                                     actions: ["status open"], position: 50), team: nil, fired7d: 12, problem: nil),
        RuleRow(rule: AutomationRule(id: "r3", name: "Idle two weeks", condition: "stage:activated idle:>=14d",
                                     actions: ["follow-up Call them", "tag +idle14"], position: 60, target: .creators), team: "MX creators", fired7d: 3, problem: nil),
        RuleRow(rule: AutomationRule(id: "r4", name: "Stale leads", condition: "health:idle", actions: ["note x"], position: 70, target: .creators),
                team: nil, fired7d: 0, problem: "when: health: is worked out on each laptop from its own statistics"),
    ]

    @Test func spaceTogglesAndETestsTheRuleUnderTheCursor() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "rules" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.rules(.load)])
        // Before the rows arrive, keys do nothing.
        #expect(press(&m, .char(" ")) == [])
        _ = update(&m, .rules(.loaded(RulesScreenTests.rows)))
        press(&m, .char("j"))
        press(&m, .char("j"))
        #expect(press(&m, .char(" ")) == [.rules(.setEnabled(id: "r3", false))])
        #expect(press(&m, .char("e")) == [.rules(.test(id: "r3"))])
        #expect(press(&m, .enter) == [.rules(.test(id: "r3"))])
        _ = update(&m, .rules(.tested(RuleTest(ruleID: "r3", lines: ["@mila  Mila Ortiz  →  asked the owner to follow up; tagged +idle14"]))))
        guard case .rules(let s) = m.screen else { Issue.record("not on rules"); return }
        #expect(s.test?.ruleID == "r3")
        // Moving away drops the test; a reload without the rule drops it too.
        press(&m, .char("k"))
        guard case .rules(let moved) = m.screen else { return }
        #expect(moved.test == nil && moved.cursor == 1)
        _ = update(&m, .rules(.loaded(Array(RulesScreenTests.rows.prefix(2)))))
        guard case .rules(let fewer) = m.screen else { return }
        #expect(fewer.cursor == 1)
        #expect(press(&m, .esc) == [])
        #expect(m.screen == .main)
    }

    @Test func creatorRulesSayTheyAreOnCreatorsAndATestListsCreators() {
        var m = loadedModel()
        _ = m.open(RulesScreen.self)
        #expect(view(m).renderTrimmed().contains("Loading"))
        _ = update(&m, .rules(.loaded(RulesScreenTests.rows)))
        press(&m, .char("j"))
        press(&m, .char("j"))
        _ = update(&m, .rules(.tested(RuleTest(ruleID: "r3", lines: ["@mila  Mila Ortiz  →  asked the owner to follow up; tagged +idle14",
                                                                    "@noah_music  Noah Díaz  →  asked the owner to follow up; tagged +idle14"]))))
        let lines = view(m).renderTrimmed().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let test = lines.firstIndex { $0.contains("Test ·") } ?? 0
        #expect(test > 6)
        Golden.expect((lines[1...6] + lines[test...(test + 2)]).joined(separator: "\n"), is: "rules-creators")
    }

    @Test func aCreatorsPageListsWhatRulesDidToThem() {
        var m = loadedModel(width: 120, height: 50)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c2"))])
        var detail = CreatorScreenTests().detail()
        let now = detail.creator.createdAt + 100 * Time.day
        detail.ruleFirings = [.init(at: now - 2 * Time.hour, rule: "Idle two weeks", device: "ana-laptop", summary: "asked the owner to follow up; tagged +idle14"),
                              .init(at: now - 3 * Time.day, rule: "Stale \u{1b}[31mleads", device: "", summary: "added a note")]
        _ = update(&m, .creator(.detailLoaded(id: "c2", detail: detail)))
        let screen = view(m).renderTrimmed()
        let lines = screen.split(separator: "\n").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "┃ ")) }
        guard let at = lines.firstIndex(of: "Automations 2") else { Issue.record("no automations section: \(screen)"); return }
        #expect(lines[at + 1].hasSuffix(" rule \"Idle two weeks\" on ana-laptop: asked the owner to follow up; tagged +idle14"), "\(lines[at + 1])")
        // A rule's name from a teammate is shown, never run by the terminal.
        #expect(lines[at + 2].hasSuffix(" rule \"Stale ␛[31mleads\": added a note") && !screen.contains("\u{1b}"), "\(lines[at + 2])")
        // Without firings, no section.
        _ = update(&m, .creator(.detailLoaded(id: "c2", detail: CreatorScreenTests().detail())))
        #expect(!view(m).renderTrimmed().contains("Automations"))
    }
}
