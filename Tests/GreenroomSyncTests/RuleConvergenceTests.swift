import Foundation
import GRDB
import Synchronization
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 24: five laptops running the same automations offline, on random schedules, end
/// with each firing made once and identical data.
@Suite struct RuleConvergenceTests {
    final class Clock: Sendable {
        let value: Mutex<Millis>
        init(_ start: Millis) { value = Mutex(start) }
        var wall: WallClock { WallClock { [self] in value.withLock { $0 } } }
        func advance(_ by: Millis) { value.withLock { $0 += by } }
        func set(_ to: Millis) { value.withLock { $0 = max($0, to) } }
    }

    /// A laptop's sync through a shared folder: fetch everything there, sync, publish.
    func sync(_ r: Replica, hub: String) throws {
        try carry(from: hub, to: r.folder)
        let summary = try r.sync()
        #expect(summary.skipped.isEmpty, "\(r.name): \(summary.skipped)")
        try carry(from: r.folder, to: hub)
    }

    /// Firings made more than once for the same rule, ticket and instant (what the derived
    /// ids exist to prevent), and rule-written events that are not one per action of a firing.
    func doubles(_ r: Replica) throws -> [String] {
        try r.store.read { db in
            try String.fetchAll(db, sql: """
                SELECT rule_id || ' ' || ifnull(ticket_id, creator_id) || ' ' || trigger_at || ' x' || COUNT(*) FROM rule_firing WHERE deleted = 0
                GROUP BY rule_id, ticket_id, creator_id, trigger_at HAVING COUNT(*) > 1
                """)
            + String.fetchAll(db, sql: """
                SELECT a.creator_id || ' ' || a.summary || ' x' || COUNT(*) FROM activity a
                WHERE a.deleted = 0 AND a.summary LIKE '%(rule %'
                GROUP BY a.creator_id, a.summary HAVING COUNT(*) > (SELECT COUNT(*) FROM rule_firing f WHERE f.creator_id = a.creator_id AND f.deleted = 0)
                """)
            + String.fetchAll(db, sql: """
                SELECT e.ticket_id || ' ' || e.kind || ' ' || e.reason || ' x' || COUNT(*) FROM ticket_event e
                WHERE e.deleted = 0 AND e.actor = 'system' AND e.reason LIKE 'rule %' AND e.kind = 'status'
                GROUP BY e.ticket_id, e.kind, e.reason, e.to_value HAVING COUNT(*) > (SELECT COUNT(*) FROM rule_firing f WHERE f.ticket_id = e.ticket_id AND f.deleted = 0)
                """)
        }
    }

    @Test(arguments: [1, 2, 3])
    func fiveLaptopsOfflineFireEachRuleOnceAndConverge(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let clocks = (0..<5).map { _ in Clock(pinnedNow) }
        let replicas = try (0..<5).map { i in try Replica("laptop\(i)", device: device(80 + i), clock: clocks[i].wall) }
        let hub = replicas[0].dir.file("hub")
        try FileManager.default.createDirectory(atPath: hub, withIntermediateDirectories: true)
        // The same rules everywhere: two built-ins turned on and one of the team's own.
        let first = replicas[0]
        try first.store.setRuleEnabled("Remind after 3 days pending", true)
        try first.store.setRuleEnabled("Solve after 7 days pending", true)
        _ = try first.store.saveRule(Store.RuleDraft(name: "Hot urgent", condition: "priority:urgent status:new,open", actions: ["tag +hot", "note Urgent: take it now"]))
        // And one on creators: idle two weeks (its instant moves with each LIVE).
        _ = try first.store.saveRule(Store.RuleDraft(name: "Idle two weeks", condition: "stage:activated idle:>=14d",
                                                     actions: ["follow-up Call them: no LIVE in 14 days", "tag +idle14"], target: .creators))
        // Rules off until every laptop has them, so nothing fires before the schedule starts.
        try sync(first, hub: hub)
        for r in replicas.dropFirst() { try sync(r, hub: hub) }
        let open = try first.store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND merged_into_id IS NULL AND status IN ('new','open') ORDER BY id")
        }
        let member = try #require(try first.store.members().first)
        let activated = try first.store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 AND stage = 'activated' ORDER BY id LIMIT 60")
        }

        var global = pinnedNow
        for _ in 0..<60 {
            let i = Int.random(in: 0..<5, using: &rng)
            let r = replicas[i]
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...2:
                // Time passes for everyone (laptop clocks agree to within minutes).
                global += Int64.random(in: 1...20, using: &rng) * Time.hour
                for c in clocks { c.set(global + Int64.random(in: 0...20, using: &rng) * Time.minute) }
            case 3...5:
                _ = try r.store.runRules(device: r.name)
            case 6 where Bool.random(using: &rng):
                // A creator goes live (seen on this laptop first): their idle clock starts again.
                guard let id = activated.randomElement(using: &rng) else { continue }
                let at = clocks[i].wall.now() - Int64.random(in: 0...3, using: &rng) * Time.hour
                try r.store.write { db in
                    try r.store.insertStamped(LiveSession(id: UUIDv7.make(millis: at), creatorID: id, startedAt: at, minutes: 45, peakViewers: 5,
                                                          viewerMinutes: 100, gifts: 0), in: db)
                }
            case 6:
                // Someone moves an open ticket to pending (the clock of the pending rules starts).
                guard let id = open.randomElement(using: &rng), let t = try r.store.ticketDetail(id: id, now: clocks[i].wall.now())?.ticket,
                      t.status == .new || t.status == .open else { continue }
                let at = clocks[i].wall.now()
                let e = TicketEvent(id: UUIDv7.make(millis: at), ticketID: id, kind: .status, at: at, actor: .agent, authorID: member.id, isPublic: false,
                                    fromValue: t.status.rawValue, toValue: "pending")
                try r.store.apply(ChangeSet("pending", [.ticketAction(e, fields: [TicketField.status.rawValue: FieldValue("pending")])]), by: member.id)
            default:
                try sync(r, hub: hub)
            }
        }
        // Everyone catches up: the same time, then rules and syncs until nothing moves.
        let end = clocks.map { $0.wall.now() }.max()! + Time.hour
        for c in clocks { c.set(end) }
        for _ in 0..<2 {
            for r in replicas { _ = try r.store.runRules(device: r.name); try sync(r, hub: hub) }
        }
        for r in replicas { try sync(r, hub: hub) }
        let fired = try first.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_firing WHERE deleted = 0 AND ticket_id IS NOT NULL") ?? 0 }
        #expect(fired > 0, "the schedule should make rules fire for this test to mean something")
        let onCreators = try first.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_firing WHERE deleted = 0 AND creator_id IS NOT NULL") ?? 0 }
        #expect(onCreators > 0, "the creator rule should fire too")
        for r in replicas {
            let found = try doubles(r)
            #expect(found.isEmpty, "\(r.name): \(found)")
        }
        let snapshot = try first.snapshot()
        for r in replicas.dropFirst() { #expect(try r.snapshot() == snapshot, "\(r.name) differs") }
    }
}
