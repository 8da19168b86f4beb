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
                == "rules.toml:1: unknown key \"colour\" (name, team, when, do, enabled, position)")
        #expect(reason("[[rule]\nname = ").hasPrefix("rules.toml:1: "))
        #expect(reason("title = \"x\"\n") == "rules.toml:1: unknown key \"title\" (a rules file holds [[rule]] tables)")
    }
}
