import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Issue 24: the automations fire once per ticket and instant, on what changed and on what
/// time brought, and say what they skip.
@Suite struct RuleEngineTests {
    static let now = Time.parseISO("2026-11-20T15:30:00Z")!

    struct Desk {
        let f: Fixture
        let creator: Creator
        var store: Store { f.store }

        init(now: Millis = RuleEngineTests.now) throws {
            f = try Fixture(now: now)
            creator = try f.creator("@mila")
            // Only what each test turns on runs.
            for r in try f.store.automationRules() where r.enabled { try f.store.setRuleEnabled(r.id, false) }
        }

        /// A ticket created `created` ago; `pendingSince` ago it moved to pending; a requester
        /// message `requesterSaid` ago with `text`.
        @discardableResult
        func ticket(_ subject: String, created: Millis, status: TicketStatus = .open, pendingSince: Millis? = nil, solvedAgo: Millis? = nil,
                    requesterSaid: (Millis, String)? = nil, priority: TicketPriority = .normal) throws -> Ticket {
            let at = RuleEngineTests.now - created
            let id = UUIDv7.make(millis: at)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "help", requesterCreatorID: creator.id, requesterNetworkID: nil,
                           channel: .inApp, category: .rewardsPayout, priority: priority, status: .new, tier: 1, assigneeID: f.manager.id, createdAt: at)
            var events = [TicketEvent(id: UUIDv7.make(millis: at + 1_000), ticketID: id, kind: .reply, at: at + 1_000, actor: .agent, authorID: f.manager.id,
                                      isPublic: true, body: "On it")]
            var final: TicketStatus = .open
            if let p = pendingSince {
                events.append(TicketEvent(id: UUIDv7.make(millis: RuleEngineTests.now - p), ticketID: id, kind: .status, at: RuleEngineTests.now - p,
                                          actor: .agent, authorID: f.manager.id, isPublic: false, fromValue: "open", toValue: "pending"))
                final = .pending
            }
            if let s = solvedAgo {
                events.append(TicketEvent(id: UUIDv7.make(millis: RuleEngineTests.now - s), ticketID: id, kind: .status, at: RuleEngineTests.now - s,
                                          actor: .agent, authorID: f.manager.id, isPublic: false, fromValue: "open", toValue: "solved"))
                final = .solved
            }
            if let (ago, text) = requesterSaid {
                events.append(TicketEvent(id: UUIDv7.make(millis: RuleEngineTests.now - ago), ticketID: id, kind: .reply, at: RuleEngineTests.now - ago,
                                          actor: .requester, authorID: nil, isPublic: true, body: text))
            }
            var ticket = t
            ticket.status = status == .open ? final : status
            try store.apply(ChangeSet("add", [.insertTicket(ticket, tags: [], events: events)]), by: nil)
            return ticket
        }

        func status(_ t: Ticket) throws -> TicketStatus? { try store.ticketDetail(id: t.id, now: RuleEngineTests.now)?.ticket.status }

        func firings() throws -> Int { try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_firing WHERE deleted = 0") ?? 0 } }
    }

    @Test func pendingSolveFiresOnceWithDerivedIdsAndSaysWhy() throws {
        let d = try Desk()
        try d.store.setRuleEnabled("Solve after 7 days pending", true)
        let old = try d.ticket("waiting 8 days", created: 10 * Time.day, pendingSince: 8 * Time.day)
        let young = try d.ticket("waiting 2 days", created: 3 * Time.day, pendingSince: 2 * Time.day)
        let test = try d.store.runRules(dryRun: true, only: "Solve after")
        #expect(test.fired.map(\.recordID) == [old.id])
        #expect(try d.firings() == 0, "a test writes nothing")
        let run = try d.store.runRules(device: "ana-laptop")
        #expect(run.fired.map(\.recordID) == [old.id])
        #expect(run.fired[0].summary == "set status solved; added a note")
        #expect(run.fired[0].triggerAt == RuleEngineTests.now - 8 * Time.day + 7 * Time.day)
        #expect(try d.status(old) == .solved && d.status(young) == .pending)
        let detail = try #require(try d.store.ticketDetail(id: old.id, now: RuleEngineTests.now))
        #expect(detail.firings.map { "\($0.rule) \($0.device) \($0.summary)" } == ["Solve after 7 days pending ana-laptop set status solved; added a note"])
        let ruleID = try #require(try d.store.automationRules().first { $0.name == "Solve after 7 days pending" }).id
        let firingID = AutomationRule.firingID(rule: ruleID, record: old.id, trigger: run.fired[0].triggerAt)
        let events = detail.events.map(\.event).filter { $0.actor == .system }
        #expect(events.map(\.id) == [AutomationRule.actionID(firing: firingID, index: 0, trigger: run.fired[0].triggerAt),
                                     AutomationRule.actionID(firing: firingID, index: 1, trigger: run.fired[0].triggerAt)])
        #expect(events.allSatisfy { $0.reason == "rule Solve after 7 days pending" })
        // Run again: nothing new. Undo: back to pending, and the rule does not take it again.
        #expect(try d.store.runRules().fired.isEmpty)
        try d.store.apply(try #require(run.undo), by: nil)
        #expect(try d.status(old) == .pending)
        #expect(try d.store.runRules(dryRun: true).fired.isEmpty)
        #expect(try d.store.runRules().fired.isEmpty)
    }

    @Test func timeBringsAPendingTicketToItsRuleWithoutAnyChange() throws {
        // The ticket went pending 6 days ago: nothing today; five days later its time has come.
        let d = try Desk()
        try d.store.setRuleEnabled("Solve after 7 days pending", true)
        let t = try d.ticket("waiting", created: 7 * Time.day, pendingSince: 6 * Time.day)
        #expect(try d.store.runRules().fired.isEmpty)
        let later = try Store.open(at: d.f.dir.file("fixture.sqlite"), clock: .fixed(RuleEngineTests.now + 5 * Time.day))
        let run = try later.runRules()
        #expect(run.fired.map(\.recordID) == [t.id])
        #expect(run.candidates == 1, "an incremental run looks only at what changed or whose time came")
    }

    @Test func requesterRepliesReopenButAThanksDoesNot() throws {
        let d = try Desk()
        try d.store.setRuleEnabled("Reopen when", true)
        let thanks = try d.ticket("thanked", created: 3 * Time.day, solvedAgo: 2 * Time.day, requesterSaid: (Time.day, "Thanks so much! 🙏"))
        let more = try d.ticket("still broken", created: 3 * Time.day, solvedAgo: 2 * Time.day, requesterSaid: (Time.day, "Thanks, but it still fails"))
        let before = try d.ticket("answered before solve", created: 3 * Time.day, solvedAgo: Time.day, requesterSaid: (2 * Time.day, "It fails"))
        let run = try d.store.runRules()
        #expect(run.fired.map(\.recordID) == [more.id])
        #expect(try d.status(more) == .open && d.status(thanks) == .solved && d.status(before) == .solved)
    }

    @Test func aFiringWhoseTicketChangedIsSkippedAndSaid() throws {
        // Two rules on the same tickets: the first solves them, so the second (pending only)
        // no longer matches when its turn comes.
        let d = try Desk()
        _ = try d.store.saveRule(Store.RuleDraft(name: "Solve long waits", condition: "pending:>5d", actions: ["status solved"], position: 1))
        _ = try d.store.saveRule(Store.RuleDraft(name: "Flag long waits", condition: "status:pending pending:>4d", actions: ["tag +stale"], position: 2))
        let t = try d.ticket("waiting", created: 9 * Time.day, pendingSince: 6 * Time.day)
        let run = try d.store.runRules()
        #expect(run.fired.map(\.rule) == ["Solve long waits"])
        #expect(run.skipped == ["rule \"Flag long waits\" on \(t.key.prefix(4)): the ticket changed before the rule acted; skipped"])
        #expect(try d.status(t) == .solved)
        #expect(try d.store.ticketDetail(id: t.id, now: RuleEngineTests.now)?.tags == [])
        // A test of the second rule alone shows what it would do on the ticket as it is now: nothing.
        #expect(try d.store.runRules(dryRun: true, only: "Flag long waits").fired.isEmpty)
    }

    @Test func theCapLeavesTheRestForTheNextRunAndSaysSo() throws {
        let d = try Desk()
        _ = try d.store.saveRule(Store.RuleDraft(name: "Tag new", condition: "status:open", actions: ["tag +seen"]))
        for i in 0..<(Store.ruleFiringCap + 5) { try d.ticket("t\(i)", created: Int64(i + 1) * Time.minute) }
        let first = try d.store.runRules()
        #expect(first.fired.count == Store.ruleFiringCap)
        #expect(first.capped == ["rule \"Tag new\": 5 more waiting (at most \(Store.ruleFiringCap) a run)"])
        #expect(try d.store.runRules().fired.count == 5)
    }

    @Test func aNewOrEditedRuleLooksAtEveryTicketOnce() throws {
        let d = try Desk()
        let t = try d.ticket("urgent one", created: Time.hour, priority: .urgent)
        _ = try d.store.runRules()   // nothing on: the dirty set is consumed
        _ = try d.store.saveRule(Store.RuleDraft(name: "Urgent to Lucia", condition: "priority:urgent status:open", actions: ["note Urgent: page the lead"]))
        #expect(try d.store.runRules().fired.map(\.recordID) == [t.id])
        _ = try d.store.saveRule(Store.RuleDraft(name: "Urgent to Lucia", condition: "priority:urgent status:open", actions: ["note Urgent!", "tag +paged"]),
                                 replacing: "Urgent to Lucia")
        // Edited: the same instant, so the firing is already recorded.
        #expect(try d.store.runRules().fired.isEmpty)
    }

    @Test func escalationBeforeABreachFollowsTheSLAEnginesClock() throws {
        // Urgent: first reply due 60 minutes after creation (the default policy, calendar time).
        // The built-in rule escalates 15 minutes before; at 44 minutes nothing, at 45 it fires,
        // and a ticket already answered (no target running) is left alone.
        let created = RuleEngineTests.now - 44 * Time.minute
        let d = try Desk(now: RuleEngineTests.now)
        try d.store.setRuleEnabled("Escalate before a breach", true)
        let id = UUIDv7.make(millis: created)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "LIVE banned", body: "help", requesterCreatorID: d.creator.id, requesterNetworkID: nil,
                       channel: .inApp, category: .appeal, priority: .urgent, status: .new, tier: 1, assigneeID: nil, createdAt: created)
        try d.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: [])]), by: nil)
        let due = try #require(try d.store.ticketDetail(id: id, now: RuleEngineTests.now)?.sla.nextBreach?.due)
        #expect(due == created + 60 * Time.minute)
        #expect(try d.store.runRules().fired.isEmpty)
        let later = try Store.open(at: d.f.dir.file("fixture.sqlite"), clock: .fixed(RuleEngineTests.now + Time.minute))
        let run = try later.runRules()
        #expect(run.fired.map(\.recordID) == [id])
        #expect(run.fired.first?.triggerAt == due - 15 * Time.minute)
        let detail = try #require(try later.ticketDetail(id: id, now: RuleEngineTests.now + Time.minute))
        #expect(detail.ticket.tier == 2 && detail.ticket.priority == .urgent)
        #expect(detail.events.map(\.event).contains { $0.kind == .escalation && $0.reason == "SLA about to breach (rule Escalate before a breach)" })
    }

    @Test func aMacroAndAFollowUpForTheOwner() throws {
        let d = try Desk()
        _ = try d.store.saveArticle(ArticleDraft(title: "Payout delay", body: "Hi {{creator.handle}}, your payout for {{ticket.key}} is on its way.",
                                                 isMacro: true, macroStatus: .pending, macroTags: ["payout"]))
        _ = try d.store.saveRule(Store.RuleDraft(name: "Payout answer", condition: "category:rewards_payout status:open",
                                                 actions: ["macro payout delay", "follow-up Call about the payout"]))
        let t = try d.ticket("where is my money", created: Time.hour)
        let run = try d.store.runRules(device: "ana-laptop")
        #expect(run.fired.map(\.summary) == ["applied macro payout delay; asked the owner to follow up"])
        let detail = try #require(try d.store.ticketDetail(id: t.id, now: RuleEngineTests.now))
        #expect(detail.ticket.status == .pending && detail.tags == ["payout"])
        let reply = detail.events.map(\.event).last { $0.kind == .reply && $0.actor == .system }
        #expect(reply?.body == "Hi @mila, your payout for \(t.key.prefix(4)) is on its way.")
        let followUps = try d.store.read { db in
            try Row.fetchAll(db, sql: "SELECT author_id, follow_up_due, summary FROM activity WHERE creator_id = ? AND follow_up_due IS NOT NULL", arguments: [d.creator.id])
        }
        #expect(followUps.count == 1)
        #expect((followUps.first?["author_id"] as String?) == d.f.manager.id)
        #expect((followUps.first?["summary"] as String?)?.hasPrefix("Call about the payout (ticket ") == true)
        // A macro that is not there is refused when the rule is saved.
        #expect(throws: GreenroomError.invalidInput("do line 1: no macro called \"Nope\" (greenroom kb list --macros)")) {
            try d.store.saveRule(Store.RuleDraft(name: "No macro", condition: "status:open", actions: ["macro Nope"]))
        }
    }

    @Test func refusalsChangeNothing() throws {
        let d = try Desk()
        let before = try d.store.automationRules()
        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "ok" } catch { return "\(error)" }
        }
        #expect(reason { _ = try d.store.saveRule(Store.RuleDraft(name: "Loop", condition: "pending:>1d", actions: ["status pending"])) }
                == "loops: \"status pending\" starts the pending time its own condition waits on")
        _ = try d.store.saveRule(Store.RuleDraft(name: "A", condition: "status:open", actions: ["status pending"], enabled: false))
        #expect(reason { _ = try d.store.saveRule(Store.RuleDraft(name: "B", condition: "status:pending", actions: ["status open"])) } == "ok")
        #expect(reason { try d.store.setRuleEnabled("A", true) } == "loops: \"B\" and \"A\" undo each other (each sets what the other's condition needs)")
        #expect(reason { _ = try d.store.saveRule(Store.RuleDraft(name: "T", team: "Tier 9", condition: "status:open", actions: ["note x"])) }
                .hasPrefix("no team called \"Tier 9\""))
        #expect(try d.store.automationRules().count == before.count + 2)
        #expect(try d.store.automationRules().first { $0.name == "A" }?.enabled == false)
    }
}
