import Foundation
import Synchronization
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `greenroom bench --rules` (issue 24): the team automations and assignment as a sync or an
/// idle minute runs them, on an existing dataset (--db), with `--rules-count` rules added the
/// first time ("Bench rule N": a third wait on `breach:`, a third on `pending:`, a third on
/// fields; each also asks for a tag no ticket has, so the bench measures evaluation, not
/// thousands of firings), and one rule on creators for every ten ("Bench creator rule N":
/// half on `idle:`, half on `rotting:yes`).
///
/// - `rules_eval_first`: the first run of the new rules — each looks at every ticket once;
/// - `rules_eval_idle`: a run a minute later with nothing changed (time-based candidates only);
/// - `rules_eval_after_change`: a run after ten tickets and ten creators changed (what a sync brings);
/// - `team_assign_idle`: the teams' assignment rules on the same idle minute.
enum RulesBench {
    static func run(db: String, clock base: WallClock, rules count: Int, repeats: Int, json: Bool) throws {
        guard FileManager.default.fileExists(atPath: db) else { throw GreenroomError.invalidInput("no database at \(db) (greenroom demo --db \(db) first)") }
        guard (1...1_000).contains(count) else { throw GreenroomError.invalidInput("--rules-count is from 1 to 1,000") }
        let offset = Mutex<Millis>(0)
        let clock = WallClock { base.now() + offset.withLock { $0 } }
        let store = try Store.open(at: db, clock: clock)
        let existing = Set(try store.automationRules().map(\.name))
        let categories = TicketCategory.allCases.map(\.rawValue), priorities = TicketPriority.allCases.map(\.rawValue)
        var added = 0
        for i in 0..<count where !existing.contains("Bench rule \(i)") {
            let when: String
            switch i % 3 {
            case 0: when = "status:new,open breach:<\(15 + i)m tag:bench_\(i)"
            case 1: when = "pending:>\(1 + i % 9)d tag:bench_\(i)"
            default: when = "category:\(categories[i % categories.count]) priority:\(priorities[i % priorities.count]) status:new,open tag:bench_\(i)"
            }
            _ = try store.saveRule(Store.RuleDraft(name: "Bench rule \(i)", condition: when, actions: ["tag +bench_seen", "note bench rule \(i)"]))
            added += 1
        }
        // One rule on creators for every ten on tickets: idle thresholds and rotting cards, each
        // asking for a tag no creator has (evaluation, not writing, is measured).
        for i in 0..<max(1, count / 10) where !existing.contains("Bench creator rule \(i)") {
            let when = i % 2 == 0 ? "stage:activated idle:>=\(14 + i)d tag:bench_c\(i)" : "rotting:yes tag:bench_c\(i)"
            _ = try store.saveRule(Store.RuleDraft(name: "Bench creator rule \(i)", condition: when, actions: ["tag +bench_seen", "note bench creator rule \(i)"],
                                                   target: .creators))
            added += 1
        }
        let creators = try store.rosterPage(filter: .all, sort: .default, me: nil, offset: 0, limit: 10, now: clock.now()).map(\.id)
        func ms(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var first: [Double] = []
        first.append(try ms { _ = try store.runRules(device: "bench") })
        let tickets = try store.ticketIDs(view: .allOpen, me: nil, now: clock.now(), limit: 10)
        var idle: [Double] = [], changed: [Double] = [], assign: [Double] = []
        var candidates = 0
        for round in 0..<max(10, repeats / 10) {
            offset.withLock { $0 += Time.minute }
            idle.append(try ms { candidates = max(candidates, try store.runRules(device: "bench").candidates) })
            assign.append(try ms { _ = try store.autoAssign() })
            // Ten tickets change (a tag, as a sync or a teammate would write).
            for id in tickets { try store.apply(ChangeSet("bench", [.ticketTags(ticketID: id, add: round % 2 == 0 ? ["bench_touch"] : [], remove: round % 2 == 0 ? [] : ["bench_touch"])]), by: nil) }
            // And ten creators.
            for id in creators { try store.apply(ChangeSet("bench", [.tags(creatorID: id, add: round % 2 == 0 ? ["bench_touch"] : [], remove: round % 2 == 0 ? [] : ["bench_touch"])]), by: nil) }
            offset.withLock { $0 += Time.minute }
            changed.append(try ms { _ = try store.runRules(device: "bench") })
        }
        let enabled = try store.automationRules().filter(\.enabled).count
        let results = [("rules_eval_first", BenchCommand.Latency(first)), ("rules_eval_idle", BenchCommand.Latency(idle)),
                       ("rules_eval_after_change", BenchCommand.Latency(changed)), ("team_assign_idle", BenchCommand.Latency(assign))]
        if json {
            var object: [String: Any] = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1.json) })
            object["rules_enabled"] = enabled
            object["rules_idle_candidates_max"] = candidates
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("greenroom bench --rules — \(db): \(enabled) rules on\(added > 0 ? " (\(added) added)" : ""), at most \(candidates) tickets and creators looked at on an idle minute")
        print("scenario".padding(toLength: 28, withPad: " ", startingAt: 0) + "   p50 ms   p95 ms   p99 ms   samples")
        for (name, l) in results {
            print(name.padding(toLength: 28, withPad: " ", startingAt: 0)
                  + [l.p50, l.p95, l.p99].map { String(format: "%9.2f", $0) }.joined() + String(format: "%10d", l.samples.count))
        }
    }
}
