import Foundation
import Testing
@testable import GreenroomCore

/// Issue 24: a creator rule's condition — the roster's language plus rotting:, only what every
/// laptop computes alike — and a firing on exactly one record at the sync edge.
@Suite struct CreatorRuleConditionTests {
    @Test func parsesTheRosterLanguagePlusRotting() throws {
        let c = try CreatorRuleCondition.parse("stage:lead -rotting:no tag:vip", stages: nil)
        #expect(c.rotting == true)
        #expect(c.filter.conditions == [.stage(["lead"], negated: false), .tag(["vip"], negated: false)])
        #expect(try CreatorRuleCondition.parse("rotting:no", stages: Stage.all).rotting == false)
        #expect(try CreatorRuleCondition.parse("idle:>=2w", stages: Stage.all).filter.conditions == [.idleDays(.init(.greaterOrEqual, 14))])
        // An error in the rest still points at its term (the rotting: term is blanked, not cut).
        do {
            _ = try CreatorRuleCondition.parse("rotting:yes stage:nowhere", stages: Stage.all)
            Issue.record("should not parse")
        } catch let e as FilterError {
            #expect(e.range == 12..<25 && e.message.hasPrefix("unknown stage \"nowhere\""))
        }
    }

    @Test func refusesWhatLaptopsWorkOutAlone() {
        func reason(_ text: String) -> String {
            do { _ = try CreatorRuleCondition.parse(text, stages: Stage.all); return "ok" } catch { return "\(error)" }
        }
        #expect(reason("health:idle").hasPrefix("health: is worked out on each laptop"))
        #expect(reason("active30d:<2").hasPrefix("live7d: and active30d:"))
        #expect(reason("idle:<=3d").hasPrefix("idle: in a rule takes >= or >"))
        #expect(reason("owner:me").hasPrefix("owner:me means whoever runs it"))
        #expect(reason("@mila idle:>3d").contains("is not a field:value condition"))
        #expect(reason("rotting:yes rotting:no") == "rotting: is given twice")
        #expect(reason("owner:@lucia idle:>3d created:<30d") == "ok")
    }

    @Test func thresholdsAreWhenTheRostersComparisonStartsToHold() {
        #expect(CreatorRuleCondition.thresholdMillis(.init(.greaterOrEqual, 14)) == 14 * Time.day)
        #expect(CreatorRuleCondition.thresholdMillis(.init(.greater, 14)) == 14 * Time.day + 1)
        #expect(CreatorRuleCondition.thresholdMillis(.init(.greaterOrEqual, 0.5)) == Time.day / 2)
        #expect(CreatorRuleCondition.thresholdMillis(.init(.less, 7)) == nil)
    }

    @Test func aFiringIsOnOneRecord() {
        func problem(_ fields: [String: FieldValue], insert: Bool = true) -> String? {
            var all: [String: FieldValue] = ["rule_id": .text(UUIDv7.make(millis: 1)), "trigger_at": .int(1), "fired_at": .int(1_800_000_000_000)]
            all.merge(fields) { _, b in b }
            return FieldRules.problem(entity: .ruleFiring, fields: all, insert: insert)
        }
        let id = FieldValue.text(UUIDv7.make(millis: 2))
        #expect(problem(["ticket_id": id]) == nil)
        #expect(problem(["creator_id": id]) == nil)
        #expect(problem(["ticket_id": id, "creator_id": .null]) == nil)
        #expect(problem(["ticket_id": id, "creator_id": id]) == "ticket_id: a firing is on a ticket or on a creator (one of ticket_id, creator_id)")
        #expect(problem([:]) == "ticket_id: a firing is on a ticket or on a creator (one of ticket_id, creator_id)")
        #expect(problem(["deleted": .int(1)], insert: false) == nil)
        #expect(problem(["ticket_id": .null, "creator_id": .null], insert: false) != nil)
        // A rule's condition from a peer: either language reads.
        #expect(FieldRules.problem(entity: .automationRule, fields: ["condition": .text("idle:>=14d rotting:yes")], insert: false) == nil)
        #expect(FieldRules.problem(entity: .automationRule, fields: ["condition": .text("colour:red")], insert: false) != nil)
        #expect(FieldRules.problem(entity: .automationRule, fields: ["target": .text("people")], insert: false) != nil)
    }
}
