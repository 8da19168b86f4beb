import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// The property of DESIGN.md §6: whatever laptops do offline, and in whatever order and
/// subsets carriers bring their files, once everyone has seen everything all databases are
/// identical, and every value overwritten by a concurrent write is in a conflict table.
///
/// 20 seeds by default; `GREENROOM_SYNC_SEEDS=500 swift test --filter ConvergenceTests`
/// runs more.
@Suite struct ConvergenceTests {
    static let seeds: [UInt64] = {
        let n = ProcessInfo.processInfo.environment["GREENROOM_SYNC_SEEDS"].flatMap(Int.init) ?? 20
        return (1...max(1, n)).map(UInt64.init)
    }()

    @Test(arguments: seeds) func replicasConvergeAndKeepEveryConcurrentLoser(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15)
        let count = 3 + rng.below(3)
        // Each laptop's clock runs at its own offset, a few seconds apart, so stamps interleave.
        let replicas = try (0..<count).map { i in
            try Replica("laptop-\(i)", device: device(Int(seed) * 16 + i), clock: .fixed(pinnedNow + Millis(rng.below(5_000))))
        }
        let hot = try replicas[0].store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY id LIMIT 4")
        }
        let tickets = try replicas[0].store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND merged_into_id IS NULL ORDER BY id LIMIT 6")
        }
        var made = 0
        for round in 0..<6 {
            for (i, r) in replicas.enumerated() {
                for _ in 0..<rng.below(5) {
                    made += 1
                    try act(r, index: i, serial: made, round: round, hot: hot, tickets: tickets, rng: &rng)
                }
                if rng.chance(0.6) {
                    let summary = try r.sync()
                    #expect(summary.skipped.isEmpty, "\(summary.skipped)")
                }
            }
            // Carriers bring random subsets of files between random pairs, in random order.
            for _ in 0..<rng.below(count * 2) {
                let from = rng.below(count), to = rng.below(count)
                guard from != to else { continue }
                let keepShare = rng.unit()
                var local = rng
                try carry(from: replicas[from].folder, to: replicas[to].folder, only: { _ in local.unit() < keepShare })
                rng = local
            }
        }
        // Everyone exports, every file reaches everyone, everyone imports.
        for r in replicas { try r.sync() }
        for a in replicas { for b in replicas where a !== b { try carry(from: a.folder, to: b.folder) } }
        for r in replicas {
            let summary = try r.sync()
            #expect(summary.skipped.isEmpty && summary.exported == 0, "\(summary.skipped)")
            let status = try r.store.syncStatus()
            #expect(status.waitingForRows == 0 && status.quarantined == 0 && status.pendingOperations == 0)
        }
        let reference = try replicas[0].snapshot()
        for r in replicas.dropFirst() {
            #expect(try r.snapshot() == reference, "seed \(seed): \(r.name) differs from laptop-0")
        }
        try checkConflicts(replicas)
    }

    /// One random local action through the store's ordinary write paths. Writes the store
    /// refuses (a move on a creator someone deleted, say) are skipped, as a user's would be.
    func act(_ r: Replica, index: Int, serial: Int, round: Int, hot: [String], tickets: [String], rng: inout SeededGenerator) throws {
        let store = r.store
        let creators = try store.read { db in try String.fetchAll(db, sql: "SELECT id FROM creator ORDER BY id") }
        let target = rng.chance(0.6) ? rng.pick(hot) : rng.pick(creators)
        let change: Change
        switch rng.below(9) {
        case 0:
            let c = Creator(id: UUIDv7.make(millis: pinnedNow, using: &rng), handle: "@p\(index)-\(serial)", displayName: "New \(serial)",
                            kind: .creator, market: "MY", language: "ms", networkID: nil, ownerID: nil, stage: Stage.lead, source: .referral,
                            followers: serial, createdAt: pinnedNow)
            change = .insertCreator(c, tags: ["r\(round)"])
        case 1, 2:
            change = .update(.creator, id: target, fields: ["notes": FieldValue("note \(index)-\(serial)")])
        case 3:
            change = .update(.creator, id: target, fields: ["followers": FieldValue(rng.below(1000)), "display_name": FieldValue("Name \(index)-\(serial)")])
        case 4:
            change = .update(.creator, id: target, fields: ["deleted": FieldValue(rng.chance(0.7))])
        case 5:
            change = .moveStage(creatorID: target, to: rng.pick([Stage.contacted, Stage.onboarding, Stage.activated, Stage.lost]), reason: "r\(round)")
        case 6:
            change = .tags(creatorID: target, add: ["t\(rng.below(3))"], remove: ["t\(rng.below(3))"])
        case 7:
            let ticket = rng.pick(tickets)
            let event = TicketEvent(id: UUIDv7.make(millis: pinnedNow, using: &rng), ticketID: ticket, kind: .status, at: pinnedNow,
                                    actor: .agent, authorID: nil, isPublic: false, fromValue: nil, toValue: rng.pick(["open", "pending", "solved"]))
            change = .ticketAction(event, fields: ["status": FieldValue(event.toValue)])
        default:
            _ = try? store.setSLAWarningMinutes(30 + rng.below(4) * 15)
            return
        }
        _ = try? store.apply(ChangeSet("act", [change]), by: nil)
    }

    /// Every written value that was overwritten without its overwriter having seen it is in
    /// some laptop's conflict table. The writes are read back from the folder itself.
    func checkConflicts(_ replicas: [Replica]) throws {
        struct Write { var hlc: HLC; var value: FieldValue; var prev: HLC? }
        var writes: [String: [Write]] = [:] // "entity/id/field"
        var seenFiles = Set<String>()
        for f in filesUnder(replicas[0].folder) where f.hasPrefix("ops/") && !seenFiles.contains(f) {
            seenFiles.insert(f)
            let contents = OpFile.parse(try Data(contentsOf: URL(fileURLWithPath: replicas[0].folder + "/" + f)))
            for line in contents.lines {
                let op = try line.operation.get()
                for (field, value) in op.fields {
                    writes["\(op.entity.rawValue)/\(op.id)/\(field)", default: []].append(Write(hlc: op.hlc, value: value, prev: op.prev[field]))
                }
            }
        }
        var kept: [String: Set<FieldValue>] = [:]
        for r in replicas {
            for c in try r.conflicts() {
                kept["\(c.entity.rawValue)/\(c.rowID)/\(c.field)", default: []].formUnion([c.current, c.lost])
            }
        }
        for (key, list) in writes {
            let parts = key.split(separator: "/").map(String.init)
            guard parts[0] != "setting" else { continue }
            let final = try replicas[0].store.read { db in
                Store.fieldValue(try DatabaseValue.fetchOne(db, sql: "SELECT \(parts[2]) FROM \(parts[0]) WHERE id = ?", arguments: [parts[1]]) ?? .null)
            }
            // A value someone saw and replaced on purpose is not lost; concurrent writes of
            // the same value are one value (nothing to choose between).
            func overwrittenKnowingly(_ y: Write) -> Bool {
                list.contains { x in x.prev == y.hlc || (x.hlc > y.hlc && x.hlc.device == y.hlc.device) }
            }
            for w in list where w.value != final {
                guard !list.contains(where: { $0.value == w.value && overwrittenKnowingly($0) }) else { continue }
                #expect(kept[key]?.contains(w.value) == true, "\(key): \(w.value) at \(w.hlc) was lost without a conflict; writes \(list.map { "\($0.hlc) \($0.value) prev \($0.prev?.encoded ?? "-")" }); final \(final)")
            }
        }
    }
}
