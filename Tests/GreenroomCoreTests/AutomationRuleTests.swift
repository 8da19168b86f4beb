import Foundation
import Testing
@testable import GreenroomCore

/// Issue 24: a rule is checked whole before it is saved or run.
@Suite struct AutomationRuleTests {
    func rule(_ when: String, _ actions: [String], name: String = "r", enabled: Bool = true) -> AutomationRule {
        AutomationRule(id: "id-" + name, name: name, condition: when, actions: actions, enabled: enabled)
    }

    func reason(_ r: AutomationRule) -> String {
        do { _ = try CheckedRule(r); return "ok" } catch { return "\(error)" }
    }

    @Test func actionsReadAsPeopleWriteThem() throws {
        #expect(try RuleAction(parsing: "assign @Lucia") == .assign(handle: "@lucia"))
        #expect(try RuleAction(parsing: "assign none") == .assign(handle: nil))
        #expect(try RuleAction(parsing: "escalate SLA about to breach") == .escalate(reason: "SLA about to breach"))
        #expect(try RuleAction(parsing: "status on-hold") == .status(.onHold))
        #expect(try RuleAction(parsing: "  priority urgent ") == .priority(.urgent))
        #expect(try RuleAction(parsing: "tag -vip") == .tag("vip", add: false))
        #expect(try RuleAction(parsing: "tag +VIP") == .tag("vip", add: true))
        #expect(try RuleAction(parsing: "note Check the payout dashboard") == .note("Check the payout dashboard"))
        #expect(try RuleAction(parsing: "reply Hi! Any news?") == .reply("Hi! Any news?"))
        #expect(try RuleAction(parsing: "status solved").summary == "set status solved")
    }

    @Test func badRulesAreRefusedWithThePartThatIsWrong() {
        #expect(reason(rule("status:pending pending:>3d", ["status solved"])) == "ok")
        #expect(reason(rule("", ["status solved"])) == "when: a rule needs at least one condition (field:value), e.g. status:pending pending:>3d")
        #expect(reason(rule("priority:urgnt", ["note x"])) == "when: unknown priority \"urgnt\" (urgent, high, normal, low)")
        #expect(reason(rule("color:red", ["note x"])).hasPrefix("when: unknown filter \"color:\""))
        #expect(reason(rule("status:open payout", ["note x"])) == "when: \"payout\" is not a field:value condition (rules do not search text)")
        #expect(reason(rule("breach:>30m", ["note x"])).hasPrefix("when: breach: is a time still to go"))
        #expect(reason(rule("pending:3d", ["note x"])).hasPrefix("when: pending: needs a comparison"))
        #expect(reason(rule("status:open", [])) == "do: a rule needs at least one action")
        #expect(reason(rule("status:open", ["note ok", "launch rockets"])) == "do line 2: \"launch\" is not an action (assign, escalate, status, priority, tag, note, reply, macro, follow-up)")
        #expect(reason(rule("status:open", ["status shelved"])).hasPrefix("do line 1: status: \"shelved\" is not one of new, open"))
        #expect(reason(rule("status:open", ["assign lucia smith"])).hasPrefix("do line 1: assign: "))
        #expect(reason(rule("status:open", ["escalate"])) == "do line 1: escalate needs a reason")
    }

    @Test func aRuleThatRetriggersItselfIsRefused() {
        #expect(reason(rule("status:pending pending:>1d", ["status pending"])) == "loops: \"status pending\" starts the pending time its own condition waits on")
        #expect(reason(rule("replied:agent status:open", ["reply Thanks for waiting"])) == "loops: \"reply\" writes the agent message its own condition waits for")
        // Rules that ping-pong each other are found as a pair, and only when both are on.
        let a = try! CheckedRule(rule("status:open", ["status pending"], name: "A"))
        let b = try! CheckedRule(rule("status:pending", ["status open"], name: "B"))
        let c = try! CheckedRule(rule("priority:low", ["priority high"], name: "C"))
        #expect(CheckedRule.cycles([a, b, c]) == ["\"A\" and \"B\" undo each other (each sets what the other's condition needs)"])
        var off = b
        off.rule.enabled = false
        #expect(CheckedRule.cycles([a, off, c]).isEmpty)
    }

    @Test func thanksIsOnlyAThanks() {
        for text in ["Thanks!", "thank you so much 🙏", "Gracias!!", "ok thanks, got it", "Muchas gracias equipo", "👍 thx", "Terima kasih banyak"] {
            #expect(ThanksOnly.check(text), "\(text)")
        }
        for text in ["Thanks, but it still fails", "thanks. when will the payout arrive?", "It works", "", "ok",
                     "Thank you — also my other account is locked, can you check?"] {
            #expect(!ThanksOnly.check(text), "\(text)")
        }
    }

    @Test func firingIdsAreTheSameOnEveryLaptopAndDifferPerInstant() {
        let a = AutomationRule.firingID(rule: "r1", record: "t1", trigger: 1_800_000_000_000)
        #expect(a == AutomationRule.firingID(rule: "r1", record: "t1", trigger: 1_800_000_000_000))
        #expect(a != AutomationRule.firingID(rule: "r1", record: "t1", trigger: 1_800_000_000_001))
        #expect(a != AutomationRule.firingID(rule: "r2", record: "t1", trigger: 1_800_000_000_000))
        #expect(UUIDv7.isWellFormed(a))
        #expect(AutomationRule.actionID(firing: a, index: 0, trigger: 1) != AutomationRule.actionID(firing: a, index: 1, trigger: 1))
    }

    @Test func theBuiltInsCheckAndOnlyTheReopenRuleIsOn() throws {
        let builtIns = AutomationRule.builtIns()
        for r in builtIns { _ = try CheckedRule(r) }
        #expect(builtIns.filter(\.enabled).map(\.name) == ["Reopen when the requester writes (not for a thanks)"])
        #expect(CheckedRule.cycles(try builtIns.map { var r = $0; r.enabled = true; return try CheckedRule(r) }).isEmpty)
        #expect(Set(builtIns.map(\.id)).count == builtIns.count)
    }
}
