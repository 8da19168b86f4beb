import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 24: automations on creators — "creator idle ≥ 14d" and "card rotting" — fire once
/// per creator and instant (the last LIVE plus the threshold; the stage entry plus the rotting
/// threshold), on what changed and on what time brought.
@Suite struct CreatorRuleTests {
    static let now = Time.parseISO("2026-11-20T15:30:00Z")!
    static let day = Time.day

    struct Team {
        let f: Fixture
        var store: Store { f.store }

        init() throws {
            f = try Fixture(now: CreatorRuleTests.now)
            for r in try f.store.automationRules() where r.enabled { try f.store.setRuleEnabled(r.id, false) }
        }

        @discardableResult
        func creator(_ handle: String, stage: String = Stage.activated, createdAgo: Millis, livesAgo: [Millis] = []) throws -> Creator {
            let c = try f.creator(handle, stage: stage, createdAt: CreatorRuleTests.now - createdAgo)
            for ago in livesAgo { try live(c, at: CreatorRuleTests.now - ago) }
            return c
        }

        func live(_ c: Creator, at: Millis) throws {
            try store.insertForTesting(LiveSession(id: UUIDv7.make(millis: at), creatorID: c.id, startedAt: at, minutes: 60, peakViewers: 10,
                                                   viewerMinutes: 100, gifts: 0))
        }

        func rule(_ name: String, _ when: String, _ actions: [String]) throws {
            try store.saveRule(Store.RuleDraft(name: name, condition: when, actions: actions, target: .creators))
        }

        func firings() throws -> [(creator: String, trigger: Millis)] {
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT c.handle, f.trigger_at FROM rule_firing f JOIN creator c ON c.id = f.creator_id WHERE f.deleted = 0 ORDER BY c.handle, f.trigger_at")
                    .map { ($0["handle"], $0["trigger_at"]) }
            }
        }

        func activities(_ c: Creator) throws -> [Activity] {
            try store.read { db in try Activity.fetchAll(db, sql: "SELECT * FROM activity WHERE creator_id = ? AND deleted = 0 AND summary LIKE '%(rule %' ORDER BY at", arguments: [c.id]) }
        }
    }

    @Test func idleTwoWeeksFollowsUpOnceFromTheLastLive() throws {
        let t = try Team()
        let idle = try t.creator("@idle", createdAgo: 60 * Self.day, livesAgo: [40 * Self.day, 20 * Self.day])
        let fresh = try t.creator("@fresh", createdAgo: 60 * Self.day, livesAgo: [20 * Self.day, 3 * Self.day])
        let never = try t.creator("@never", createdAgo: 30 * Self.day)
        let newbie = try t.creator("@newbie", createdAgo: 5 * Self.day)
        try t.creator("@lead", stage: Stage.lead, createdAgo: 60 * Self.day)
        try t.rule("Idle two weeks", "stage:activated idle:>=14d", ["follow-up Call them: no LIVE in 14 days", "tag +idle14"])

        let test = try t.store.runRules(dryRun: true, only: "Idle two weeks")
        #expect(test.fired.map(\.key).sorted() == ["@idle", "@never"])
        #expect(try t.firings().isEmpty, "a test writes nothing")

        let run = try t.store.runRules(device: "ana-laptop")
        #expect(run.fired.map(\.key).sorted() == ["@idle", "@never"])
        #expect(run.fired.allSatisfy { $0.target == .creators && $0.summary == "asked the owner to follow up; tagged +idle14" })
        // The instant: the last LIVE plus 14 days; never live: the creation plus 14 days.
        #expect(try t.firings().map(\.trigger) == [Self.now - 20 * Self.day + 14 * Self.day, Self.now - 30 * Self.day + 14 * Self.day])
        let followUps = try t.activities(idle)
        #expect(followUps.count == 1)
        #expect(followUps[0].followUpDue == Self.now && followUps[0].authorID == t.f.manager.id && followUps[0].nextStep == "Call them: no LIVE in 14 days")
        // Derived: the same rule, creator and instant give the same ids on every laptop.
        let ruleID = try t.store.rule(named: "Idle two weeks").id
        let firingID = AutomationRule.firingID(rule: ruleID, record: idle.id, trigger: Self.now - 6 * Self.day)
        #expect(followUps[0].id == AutomationRule.actionID(firing: firingID, index: 0, trigger: Self.now - 6 * Self.day))
        let detail = try #require(try t.store.creatorDetail(id: idle.id, now: Self.now))
        #expect(detail.tags.contains("idle14"))
        #expect(detail.ruleFirings.map { "\($0.rule) \($0.device) \($0.summary)" } == ["Idle two weeks ana-laptop asked the owner to follow up; tagged +idle14"])
        #expect(try t.activities(fresh).isEmpty && t.activities(newbie).isEmpty)
        #expect(try t.activities(never).count == 1)

        // Nothing new: nothing fires, and only the changed creators are looked at.
        let again = try t.store.runRules()
        #expect(again.fired.isEmpty)
        // Undone: the firing is not made again.
        try t.store.apply(try #require(run.undo), by: nil)
        #expect(try t.firings().isEmpty && t.activities(idle).isEmpty)
        #expect(try t.store.runRules(now: Self.now + Time.hour).fired.isEmpty)
    }

    @Test func timeBringsACreatorToTheRuleAndALiveStartsTheClockAgain() throws {
        let t = try Team()
        let c = try t.creator("@mila", createdAgo: 60 * Self.day, livesAgo: [10 * Self.day])
        for i in 0..<30 { try t.creator("@other\(i)", createdAgo: 60 * Self.day, livesAgo: [1 * Self.day]) }
        try t.rule("Idle two weeks", "idle:>=14d", ["follow-up Call them"])
        #expect(try t.store.runRules().fired.isEmpty)
        // Three days on: still 13 days idle, nothing; and only what time could bring is looked at.
        let early = try t.store.runRules(now: Self.now + 3 * Self.day)
        #expect(early.fired.isEmpty)
        // Four days after the first run the 14 days are up: the LIVE's threshold passed.
        let due = try t.store.runRules(now: Self.now + 4 * Self.day + Time.minute)
        #expect(due.fired.map(\.key) == ["@mila"])
        #expect(due.candidates < 5, "an idle run looks at the creators whose time came, not all \(31)")
        #expect(due.fired.first?.triggerAt == Self.now + 4 * Self.day)
        // They go live again; 14 days after that they are idle again: a new instant, a new firing.
        try t.live(c, at: Self.now + 5 * Self.day)
        #expect(try t.store.runRules(now: Self.now + 6 * Self.day).fired.isEmpty)
        // (The others, live a day before the start, turned idle at day 13.)
        let again = try t.store.runRules(now: Self.now + 19 * Self.day + Time.minute)
        #expect(again.fired.count == 31 && again.fired.contains { $0.key == "@mila" })
        #expect(try t.firings().filter { $0.creator == "@mila" }.map(\.trigger) == [Self.now + 4 * Self.day, Self.now + 19 * Self.day])
        #expect(try t.firings().filter { $0.creator == "@other0" }.map(\.trigger) == [Self.now + 13 * Self.day])
    }

    @Test func rottingCardsByTheBoardsRuleAndTheirStagesThreshold() throws {
        let t = try Team()
        // lead rots after 14 days (the default stages): whole days in stage > 14.
        let old = try t.creator("@stale", stage: Stage.lead, createdAgo: 20 * Self.day)
        try t.creator("@recent", stage: Stage.lead, createdAgo: 10 * Self.day)
        try t.creator("@exactly14", stage: Stage.lead, createdAgo: 14 * Self.day + Time.hour)
        try t.creator("@activated", stage: Stage.activated, createdAgo: 200 * Self.day)
        try t.rule("Rotting leads", "rotting:yes stage:lead", ["note Card rotting: move it or drop it", "assign @ana"])
        let run = try t.store.runRules()
        #expect(run.fired.map(\.key) == ["@stale"])
        #expect(try t.firings().map(\.trigger) == [Self.now - 20 * Self.day + 15 * Self.day])
        #expect(try t.activities(old).map(\.summary) == ["Card rotting: move it or drop it (rule Rotting leads)"])
        // The Today screen's rotting list agrees on who rots now.
        let today = try t.store.today(me: nil, now: Self.now)
        #expect(today.rottingCards.rows.map(\.handle) == ["@stale"])
        // 15 whole days for @exactly14 a day later; @recent five days after that.
        #expect(try t.store.runRules(now: Self.now + Self.day).fired.map(\.key) == ["@exactly14"])
        #expect(try t.store.runRules(now: Self.now + 6 * Self.day).fired.map(\.key) == ["@recent"])
        // A shorter threshold moves every instant: the rule looks at every creator again.
        _ = try t.store.editStages(.setRotDays(stage: Stage.lead, days: 3), by: nil)
        let moved = try t.store.runRules(now: Self.now + 6 * Self.day)
        #expect(moved.fired.map(\.key).sorted() == ["@exactly14", "@recent", "@stale"], "new instants (entry + 4 days), new firings")
    }

    @Test func aRuleTurnedOffAndOnLooksAtWhatChangedWhileItWasOff() throws {
        let t = try Team()
        try t.rule("VIP", "tag:vip", ["follow-up Say hello"])
        _ = try t.store.runRules()
        try t.store.setRuleEnabled("VIP", false)
        let c = try t.creator("@star", createdAgo: 2 * Self.day)
        try t.store.apply(ChangeSet("tag", [.tags(creatorID: c.id, add: ["vip"], remove: [])]), by: nil)
        _ = try t.store.runRules() // what changed is read and forgotten while the rule is off
        try t.store.setRuleEnabled("VIP", true)
        #expect(try t.store.runRules().fired.map(\.key) == ["@star"])
    }

    @Test func changedCreatorsAreLookedAtOnlyWhileACreatorRuleIsOn() throws {
        let t = try Team()
        let dirty = { try t.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_dirty_creator") ?? 0 } }
        try t.creator("@a", createdAgo: Self.day)
        #expect(try dirty() == 0, "no creator rule: nothing kept")
        try t.rule("VIP", "tag:vip", ["note hello"])
        try t.creator("@b", createdAgo: Self.day)
        #expect(try dirty() == 1)
        _ = try t.store.runRules()
        #expect(try dirty() == 0)
    }

    @Test func aBulkImportMarksItsCreatorsForTheRulesOnce() throws {
        let t = try Team()
        try t.rule("Imported VIPs", "tag:bulkvip", ["note Welcome call"])
        _ = try t.store.runRules()
        // 6,000 creators: a bulk load (its insert triggers dropped, their work done once).
        var csv = "handle,name,market,stage,tags\n"
        for i in 0..<6_000 { csv += "@bulk\(i),Bulk \(i),US,lead,\(i % 2 == 0 ? "bulkvip" : "other")\n" }
        let path = t.f.dir.file("creators.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let report = try t.store.importFiles([path], options: ImportOptions())
        #expect(report.applied)
        #expect(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_dirty_creator") } == 6_000)
        // The rule finds the 3,000 tagged ones among what changed: 200 a run, the rest said.
        let run = try t.store.runRules()
        #expect(run.fired.count == Store.ruleFiringCap && run.capped.count == 1)
        #expect(run.fired.allSatisfy { $0.key.hasPrefix("@bulk") && Int($0.key.dropFirst(5))! % 2 == 0 })
        // The marking triggers are back after the load: one creator added is one mark.
        try t.creator("@single", createdAgo: Self.day)
        #expect(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_dirty_creator") } == 1)
        // With no creator rule on, an import marks nothing.
        try t.store.setRuleEnabled("Imported VIPs", false)
        var more = "handle,name,market,stage\n"
        for i in 0..<6_000 { more += "@more\(i),More \(i),US,lead\n" }
        try more.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try t.store.runRules()
        #expect(try t.store.importFiles([path], options: ImportOptions()).applied)
        #expect(try t.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_dirty_creator") } == 0)
    }

    @Test func refusedWithTheReason() throws {
        let t = try Team()
        func reason(_ when: String, _ actions: [String]) -> String {
            do { try t.rule("Bad", when, actions); return "saved" } catch { return "\(error)" }
        }
        #expect(reason("health:idle", ["note x"]).contains("health: is worked out on each laptop"))
        #expect(reason("live7d:<1h", ["note x"]).contains("live7d: and active30d:"))
        #expect(reason("idle:<3d", ["note x"]).contains("idle: in a rule takes >= or >"))
        #expect(reason("owner:me idle:>7d", ["note x"]).contains("owner:me"))
        #expect(reason("idle:>7d", ["status solved"]).contains("do line 1: \"status\" acts on tickets"))
        #expect(reason("rotting:maybe", ["note x"]).contains("rotting: is yes or no"))
        #expect(reason("stage:nowhere", ["note x"]).contains("unknown stage"))
        #expect(reason("idle:>7d", ["assign @nobody"]).contains("no member @nobody"))
        #expect(try t.store.automationRules().allSatisfy { $0.name != "Bad" })
    }
}
