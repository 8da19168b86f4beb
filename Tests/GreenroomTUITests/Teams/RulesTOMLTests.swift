import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 24: rules kept as TOML — what export writes, import reads back, and errors name the line.
@Suite struct RulesTOMLTests {
    @Test func exportReadsBackTheSame() throws {
        let rules = AutomationRule.builtIns() + [AutomationRule(id: "x", name: "Quote \"and\" \\ back", teamID: "t1", condition: "tag:vip status:new",
                                                               actions: ["priority high", "note Line one\nline two"], enabled: false, position: 99)]
        let text = RulesTOML.render(rules, teamName: { $0 == "t1" ? "Tier 1 BPO" : nil })
        let entries = try RulesTOML.parse(text, file: "rules.toml")
        #expect(entries.map(\.name) == rules.map(\.name))
        #expect(entries.map(\.when) == rules.map(\.condition))
        #expect(entries.map(\.actions) == rules.map(\.actions))
        #expect(entries.map(\.enabled) == rules.map(\.enabled))
        #expect(entries.last?.team == "Tier 1 BPO" && entries.last?.position == 99)
    }

    @Test func errorsNameTheFileAndLine() {
        func reason(_ text: String) -> String {
            do { _ = try RulesTOML.parse(text, file: "rules.toml"); return "ok" } catch { return "\(error)" }
        }
        let good = "[[rule]]\nname = \"a\"\nwhen = \"status:new\"\ndo = [\"priority high\"]\n"
        #expect(reason(good) == "ok")
        #expect(reason(good + "\n[[rule]]\nname = \"b\"\nwhen = \"priority:urgnt\"\ndo = [\"note x\"]\n")
                == "rules.toml:6: when: unknown priority \"urgnt\" (urgent, high, normal, low)")
        #expect(reason(good + "\n[[rule]]\nname = \"loop\"\nwhen = \"pending:>1d\"\ndo = [\"status pending\"]\n")
                == "rules.toml:6: loops: \"status pending\" starts the pending time its own condition waits on")
        #expect(reason(good + "\n[[rule]]\nname = \"A\"\nwhen = \"status:new\"\ndo = [\"note x\"]\n") == "rules.toml:6: a second rule called \"A\"")
        #expect(reason("[[rule]]\nname = \"a\"\nwhen = \"status:new\"\n") == "rules.toml:1: do = [\"…\"] (the actions) is required")
        #expect(reason("[[rule]]\nname = \"a\"\nwhen = \"status:new\"\ndo = [\"note x\"]\ncolour = \"red\"\n")
                == "rules.toml:1: unknown key \"colour\" (name, on, team, when, do, enabled, position)")
        #expect(reason("[[rule]\nname = ").hasPrefix("rules.toml:1: "))
        #expect(reason("title = \"x\"\n") == "rules.toml:1: unknown key \"title\" (a rules file holds [[rule]] tables)")
    }

    @Test func aRuleOnCreatorsReadsBackAndIsCheckedAsOne() throws {
        let rule = AutomationRule(id: "c", name: "Idle two weeks", condition: "stage:activated idle:>=14d", actions: ["follow-up Call them", "tag +idle14"],
                                  position: 60, target: .creators)
        let text = RulesTOML.render([rule], teamName: { _ in nil })
        #expect(text.contains("on = \"creators\"\nwhen = \"stage:activated idle:>=14d\""))
        let entries = try RulesTOML.parse(text, file: "rules.toml")
        #expect(entries.map(\.target) == [.creators] && entries.map(\.when) == [rule.condition] && entries.map(\.actions) == [rule.actions])
        // A ticket rule's text by default; a creator's condition in a ticket rule does not parse.
        func reason(_ text: String) -> String {
            do { _ = try RulesTOML.parse(text, file: "rules.toml"); return "ok" } catch { return "\(error)" }
        }
        #expect(reason("[[rule]]\nname = \"a\"\nwhen = \"idle:>=14d\"\ndo = [\"note x\"]\n").hasPrefix("rules.toml:1: when: unknown filter \"idle:\""))
        #expect(reason("[[rule]]\nname = \"a\"\non = \"creators\"\nwhen = \"idle:>=14d\"\ndo = [\"note x\"]\n") == "ok")
        #expect(reason("[[rule]]\nname = \"a\"\non = \"people\"\nwhen = \"idle:>=14d\"\ndo = [\"note x\"]\n") == "rules.toml:1: on is \"tickets\" or \"creators\"")
        #expect(reason("[[rule]]\nname = \"a\"\non = \"creators\"\nwhen = \"idle:>=14d\"\ndo = [\"reply hi\"]\n")
                == "rules.toml:1: do line 1: \"reply\" acts on tickets; a rule on creators can assign (the owner), tag, note or follow-up")
        // The team's own stages.
        let custom = "[[rule]]\nname = \"a\"\non = \"creators\"\nwhen = \"stage:trial rotting:yes\"\ndo = [\"note x\"]\n"
        #expect(reason(custom).contains("unknown stage \"trial\""))
        #expect(try RulesTOML.parse(custom, file: "rules.toml", stages: Stage.all + ["trial"]).count == 1)
    }
}
