import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Issue 19's proof, in the TaskChampion style: five laptops, random schedules of edits,
/// concurrent edits of the same fields, deletes and restores, tag adds and removes, conflict
/// resolutions, files arriving late, twice, or as a Syncthing conflict copy, and one laptop
/// set up by copying another's database file. After a final exchange every laptop's
/// `export --format json` (open conflicts included) is byte-identical, and the open
/// conflicts are exactly those an independent reading of the op files finds (`Oracle`).
///
/// 100 schedules in CI; `GREENROOM_SYNC_SCHEDULES=1000 swift test --filter TeamConvergence`
/// runs the full count.
@Suite struct TeamConvergenceTests {
    static let schedules: [UInt64] = {
        let n = ProcessInfo.processInfo.environment["GREENROOM_SYNC_SCHEDULES"].flatMap(Int.init) ?? 100
        return (1...max(1, n)).map(UInt64.init)
    }()

    @Test(arguments: schedules) func fiveLaptopsConvergeWithTheSameOpenConflicts(schedule: UInt64) throws {
        var rng = SeededGenerator(seed: schedule &* 0x2545_F491_4F6C_DD1D &+ 77)
        var replicas = try (0..<4).map { i in
            try Replica("laptop-\(i)", device: device(Int(schedule) * 16 + i), clock: .fixed(pinnedNow + Millis(rng.below(4_000))))
        }
        let hot = try replicas[0].store.read { db in try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY id LIMIT 3") }
        let tickets = try replicas[0].store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE deleted = 0 AND merged_into_id IS NULL ORDER BY id LIMIT 3")
        }
        var withheld: [(from: Int, file: String)] = []
        var made = 0
        let copyRound = 1 + rng.below(3)
        for round in 0..<5 {
            if round == copyRound {
                // A new laptop set up by copying another's database file (and its folder).
                let source = replicas[rng.below(replicas.count)]
                replicas.append(try Replica(copying: source, name: "laptop-copy"))
            }
            for (i, r) in replicas.enumerated() {
                for _ in 0..<rng.below(5) {
                    made += 1
                    try act(r, index: i, serial: made, hot: hot, tickets: tickets, rng: &rng)
                }
                if rng.chance(0.7) { try r.sync() }
            }
            for _ in 0..<rng.below(replicas.count * 2) {
                let from = rng.below(replicas.count), to = rng.below(replicas.count)
                guard from != to else { continue }
                try deliver(from: replicas[from], to: replicas[to], withheld: &withheld, index: from, rng: &rng)
            }
        }
        // Final exchange: everyone exports, every file reaches everyone (the withheld ones
        // last), everyone imports — twice, so what one laptop decided on reading reaches all.
        for _ in 0..<2 {
            for r in replicas { try r.sync() }
            for a in replicas { for b in replicas where a !== b { try carry(from: a.folder, to: b.folder) } }
            for r in replicas {
                for held in try r.store.heldDeletes() { try Syncer(store: r.store, folder: r.folder, deviceName: r.name).acceptDeletes(device: held.device) }
                try r.sync()
            }
        }
        for r in replicas {
            let status = try r.store.syncStatus()
            #expect(status.waitingForRows == 0 && status.quarantined == 0 && status.pendingOperations == 0,
                    "schedule \(schedule): \(r.name) \(status.held)")
        }
        let reference = try replicas[0].snapshot()
        for r in replicas.dropFirst() {
            #expect(try r.snapshot() == reference, "schedule \(schedule): \(r.name) differs from laptop-0")
        }
        #expect(Set(replicas.map { $0.store.deviceID }).count == replicas.count, "two laptops write as one device")
        let expected = try Oracle(folder: replicas[0].folder, template: DemoTemplate.path).openConflicts()
        let actual = Set(try replicas[0].conflicts().map { "\($0.entity.rawValue)/\($0.rowID)/\($0.field)@\($0.lostHLC?.encoded ?? "?")" })
        #expect(actual == expected, "schedule \(schedule): missing \(expected.subtracting(actual).sorted()), extra \(actual.subtracting(expected).sorted())")
    }

    /// Brings some of `from`'s files to `to`: most as they are, some held back until the end,
    /// some twice (again as a Syncthing conflict copy).
    func deliver(from: Replica, to: Replica, withheld: inout [(from: Int, file: String)], index: Int, rng: inout SeededGenerator) throws {
        for f in filesUnder(from.folder) where f.hasPrefix("ops/") && !f.contains(".sync-conflict-") {
            let target = to.folder + "/" + f
            guard !FileManager.default.fileExists(atPath: target) else { continue }
            switch rng.below(10) {
            case 0...1:
                withheld.append((index, f)) // late: carried in the final exchange
            case 2:
                try writeFile(target, try String(contentsOfFile: from.folder + "/" + f, encoding: .utf8))
                let copy = (target as NSString).deletingPathExtension + ".sync-conflict-20261120-093000-ABCDEFG.jsonl"
                try writeFile(copy, try String(contentsOfFile: from.folder + "/" + f, encoding: .utf8))
            case 3...4:
                continue // not this time
            default:
                try writeFile(target, try String(contentsOfFile: from.folder + "/" + f, encoding: .utf8))
            }
        }
        try carry(from: from.folder, to: to.folder, only: { $0.hasPrefix("devices/") })
    }

    /// One random local action through the store's ordinary write paths; writes the store
    /// refuses (a move on a deleted creator, say) are skipped, as a user's would be.
    func act(_ r: Replica, index: Int, serial: Int, hot: [String], tickets: [String], rng: inout SeededGenerator) throws {
        let store = r.store
        let target = rng.pick(hot)
        let change: Change
        switch rng.below(12) {
        case 0, 1:
            change = .update(.creator, id: target, fields: ["notes": FieldValue("note \(index)-\(serial % 3)")])
        case 2:
            change = .update(.creator, id: target, fields: ["display_name": FieldValue("Name \(index)-\(serial)"), "followers": FieldValue(rng.below(100))])
        case 3:
            change = .update(.creator, id: target, fields: ["deleted": FieldValue(true)])
        case 4:
            change = .update(.creator, id: target, fields: ["deleted": FieldValue(false)])
        case 5:
            change = .moveStage(creatorID: target, to: rng.pick([Stage.contacted, Stage.onboarding, Stage.activated]), reason: nil)
        case 6, 7:
            let tag = "t\(rng.below(2))"
            change = rng.chance(0.6) ? .tags(creatorID: target, add: [tag], remove: []) : .tags(creatorID: target, add: [], remove: [tag])
        case 8:
            let status = rng.pick(["open", "pending", "solved"])
            let event = TicketEvent(id: UUIDv7.make(millis: pinnedNow, using: &rng), ticketID: rng.pick(tickets), kind: .status, at: pinnedNow,
                                    actor: .agent, authorID: nil, isPublic: false, fromValue: nil, toValue: status)
            change = .ticketAction(event, fields: ["status": FieldValue(status)])
        case 9:
            _ = try? store.setSLAWarningMinutes(30 + rng.below(3) * 15)
            return
        default:
            // Resolve an open conflict one way or the other.
            let open = try store.openConflicts(limit: 100)
            guard !open.isEmpty else { return }
            _ = try? store.resolveConflict(id: rng.pick(open).id, keep: rng.chance(0.5) ? .current : .lost)
            return
        }
        _ = try? store.apply(ChangeSet("act", [change]), by: nil)
    }
}

/// Open conflicts read straight from the op files, written from the definition (DESIGN.md
/// §6, `ConflictRule`'s documentation) with plain loops, sharing no code with the store:
/// per field, the writes are every `set` of it and every `insert` carrying it (and, for
/// rows the laptops started with, the starting value); a write is seen when another write's
/// `prev` is its stamp or the same device wrote later; the newest write wins; every other
/// unseen write whose value differs from the winner's and from every seen write's, and that
/// no `conflict_decision` names, is an open conflict.
struct Oracle {
    struct Write: Hashable { var hlc: String; var prev: String?; var value: FieldValue }
    var writes: [String: Set<Write>] = [:] // "entity/row/field"
    var decided = Set<String>()             // "entity/row/field@lost"

    init(folder: String, template: String) throws {
        for f in filesUnder(folder) where f.hasPrefix("ops/") {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + f))
            for line in OpFile.parse(data).lines {
                guard case .success(let op) = line.operation else { continue }
                if op.entity == .conflictDecision {
                    decided.insert("\(op.fields["entity"]!.text!)/\(op.fields["row_id"]!.text!)/\(op.fields["field"]!.text!)@\(op.fields["lost_hlc"]!.text!)")
                }
                for (field, value) in op.fields {
                    let prev = op.kind == .insert ? nil : op.prev[field]?.encoded
                    writes["\(op.entity.rawValue)/\(op.id)/\(field)", default: []].insert(Write(hlc: op.hlc.encoded, prev: prev, value: value))
                }
            }
        }
        // Rows every laptop started with: their starting values are the first writes.
        let queue = try DatabaseQueue(path: template, configuration: { var c = Configuration(); c.readonly = true; return c }())
        try queue.read { db in
            for key in writes.keys {
                let parts = key.split(separator: "/").map(String.init)
                let sql = parts[0] == "setting" ? "SELECT value, hlc FROM setting WHERE key = ?" : "SELECT \(parts[2]), hlc FROM \(parts[0]) WHERE id = ?"
                guard let row = try Row.fetchOne(db, sql: sql, arguments: [parts[1]]) else { continue }
                let value: FieldValue
                switch (row[0] as DatabaseValue).storage {
                case .int64(let i): value = .int(i)
                case .string(let s): value = .text(s)
                default: value = .null
                }
                writes[key]!.insert(Write(hlc: row[1], prev: nil, value: value))
            }
        }
        try queue.close()
    }

    func openConflicts() -> Set<String> {
        var open = Set<String>()
        for (key, set) in writes {
            let all = Array(set)
            var winner = all[0]
            for w in all where w.hlc > winner.hlc { winner = w }
            var seen: [Write] = []
            var unseen: [Write] = []
            for w in all {
                var isSeen = false
                for x in all {
                    if x.prev == w.hlc { isSeen = true }
                    if x.hlc.suffix(16) == w.hlc.suffix(16) && x.hlc > w.hlc { isSeen = true }
                }
                if isSeen { seen.append(w) } else { unseen.append(w) }
            }
            for w in unseen where w.hlc != winner.hlc && w.value != winner.value {
                if seen.contains(where: { $0.value == w.value }) { continue }
                if decided.contains("\(key)@\(w.hlc)") { continue }
                open.insert("\(key)@\(w.hlc)")
            }
        }
        return open
    }
}
