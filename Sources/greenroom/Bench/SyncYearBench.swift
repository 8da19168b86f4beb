import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync

/// `greenroom bench --sync-year [--days N]` (issue 27): how big the sync folder gets and how
/// long a new laptop takes to join, for a 50-member team — measured on `days` simulated days
/// through the real write, import, export, snapshot and compaction code, then carried to a
/// year on paper (every figure that grows with operations grows linearly).
///
/// The team's day, as the issue sizes it: 20,000 creators (brought in on day 0 by a creators
/// import), 2,000 new tickets a day, each answered and solved (an insert, a reply with its
/// status change, a solve with its status change: 5 operations), 8,000 LIVE sessions imported
/// a day (40% of creators live daily), 300 stage moves, 600 field edits, 400 activities and
/// 50 new creators. Five laptops stand for the team (ten members each); each writes its share
/// hour by hour for 8 working hours and syncs after every hour, on one shared folder and one
/// simulated clock that moves an hour a step.
struct SyncYearBench {
    static let laptops = 5
    static let hours = 8
    static let creators = 20_000

    /// A clock the laptops share, moved by the simulation.
    final class SimulatedClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Millis
        init(_ start: Millis) { value = start }
        var now: Millis { lock.lock(); defer { lock.unlock() }; return value }
        func advance(_ by: Millis) { lock.lock(); value += by; lock.unlock() }
        var wallClock: WallClock { WallClock { [self] in now } }
    }

    static func run(days: Int, log: (String) -> Void) throws -> [String] {
        let dir = NSTemporaryDirectory() + "greenroom-sync-year-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = SimulatedClock(Time.millis(Date()) - Millis(days + 1) * Time.day)
        let folder = dir + "/folder"
        let stores = try (0..<laptops).map { try Store.open(at: dir + "/laptop\($0).sqlite", clock: clock.wallClock) }
        let syncers = stores.enumerated().map { Syncer(store: $0.element, folder: folder, deviceName: "laptop\($0.offset)") }
        var rng = SeededGenerator(seed: 27)

        // Day 0: the roster comes in through an import on the first laptop.
        log("sync year: importing \(creators) creators…")
        var csv = "id,handle,market,followers\n"
        var creatorIDs: [String] = []
        for i in 0..<creators {
            let id = UUIDv7.make(millis: clock.now - Time.day, using: &rng)
            creatorIDs.append(id)
            csv += "\(id),@sim\(i),US,\(i)\n"
        }
        try csv.write(toFile: dir + "/creators.csv", atomically: true, encoding: .utf8)
        _ = try stores[0].importFiles([dir + "/creators.csv"], options: ImportOptions())
        for s in syncers { _ = try s.run() }
        // What day 0 (the roster) left, so the daily rates count only the days' work.
        let start = folderFigures(folder)
        let startOperations = countOperations(folder)
        let startDatabase = size(dir + "/laptop0.sqlite")
        var open: [[String]] = Array(repeating: [], count: laptops)     // tickets waiting for a reply, per laptop
        var answered: [[String]] = Array(repeating: [], count: laptops) // replied, waiting to be solved
        var serial = 0
        var syncSeconds = 0.0
        var syncs = 0
        for day in 0..<days {
            clock.advance(Time.day - Millis(hours) * Time.hour)
            // The day's LIVE sessions, imported on one laptop.
            var sessions = "handle,started_at,minutes\n"
            for _ in 0..<8_000 {
                let at = clock.now - Millis(rng.below(20)) * Time.hour - Time.hour
                sessions += "@sim\(rng.below(creators)),\(Time.iso(at)),\(30 + rng.below(150))\n"
            }
            try sessions.write(toFile: dir + "/sessions.csv", atomically: true, encoding: .utf8)
            _ = try stores[day % laptops].importFiles([dir + "/sessions.csv"], options: ImportOptions())
            for _ in 0..<hours {
                clock.advance(Time.hour)
                for (i, store) in stores.enumerated() {
                    let now = clock.now
                    var changes: [Change] = []
                    // 2,000 tickets a day over 40 laptop-hours: 50 new, 50 replies, 50 solves.
                    for _ in 0..<50 {
                        serial += 1
                        let id = UUIDv7.make(millis: now, using: &rng)
                        changes.append(.insertTicket(Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Payout question \(serial)", body: "Hello, my payout…",
                                                            requesterCreatorID: rng.pick(creatorIDs), requesterNetworkID: nil, channel: .email,
                                                            category: .rewardsPayout, priority: .normal, status: .new, tier: 1, assigneeID: nil, createdAt: now),
                                                     tags: [], events: []))
                        open[i].append(id)
                    }
                    for ticket in open[i].prefix(50) where open[i].count > 50 {
                        changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now, using: &rng), ticketID: ticket, kind: .reply, at: now,
                                                                 actor: .agent, authorID: nil, isPublic: true, body: "Thanks — looking into it now."),
                                                     fields: ["status": FieldValue("open")]))
                        answered[i].append(ticket)
                    }
                    if open[i].count > 50 { open[i].removeFirst(50) }
                    for ticket in answered[i].prefix(50) where answered[i].count > 50 {
                        changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now, using: &rng), ticketID: ticket, kind: .status, at: now,
                                                                 actor: .agent, authorID: nil, isPublic: false, toValue: "solved"),
                                                     fields: ["status": FieldValue("solved")]))
                    }
                    if answered[i].count > 50 { answered[i].removeFirst(50) }
                    // Creator work: 300 moves, 600 edits, 400 activities, 50 new a day.
                    let stages = [Stage.contacted, Stage.lead]
                    for _ in 0..<8 { changes.append(.moveStage(creatorID: rng.pick(creatorIDs), to: rng.pick(stages), reason: nil)) }
                    for _ in 0..<15 {
                        serial += 1
                        changes.append(.update(.creator, id: rng.pick(creatorIDs), fields: ["notes": FieldValue("Call back about the \(serial) campaign")]))
                    }
                    for _ in 0..<10 {
                        changes.append(.insertActivity(Activity(id: UUIDv7.make(millis: now, using: &rng), creatorID: rng.pick(creatorIDs), kind: .call,
                                                                authorID: nil, at: now, summary: "Weekly check-in")))
                    }
                    if rng.chance(0.6) {
                        serial += 1
                        changes.append(.insertCreator(Creator(id: UUIDv7.make(millis: now, using: &rng), handle: "@new\(serial)", displayName: "New \(serial)",
                                                              kind: .creator, market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead,
                                                              source: .referral, followers: 0, createdAt: now), tags: []))
                    }
                    try store.apply(ChangeSet("sim", changes), by: nil)
                    let started = DispatchTime.now().uptimeNanoseconds
                    _ = try syncers[i].run()
                    syncSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    syncs += 1
                }
            }
            log("sync year: day \(day + 1) of \(days)")
        }
        for s in syncers { _ = try s.run() }
        for s in syncers { _ = try s.run() } // everyone's device file says what everyone read

        let before = folderFigures(folder)
        let operations = countOperations(folder)
        // A new laptop replaying every operation.
        var started = DispatchTime.now().uptimeNanoseconds
        let replay = try Store.open(at: dir + "/replay.sqlite", clock: clock.wallClock)
        _ = try Syncer(store: replay, folder: folder, deviceName: "replay").run()
        let replaySeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try replay.close()
        let databaseBytes = size(dir + "/laptop0.sqlite")
        // Compaction on every laptop (the first publishes the snapshot it needs).
        var pruned = 0
        for s in syncers { pruned += try s.compact().pruned }
        let after = folderFigures(folder)
        started = DispatchTime.now().uptimeNanoseconds
        _ = try Syncer.join(folder: folder, at: dir + "/joined.sqlite", keys: [], clock: clock.wallClock, deviceName: "joined")
        let joinSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        for s in stores { try s.close() }

        let dayCount = Double(days)
        let perDay = Double(operations - startOperations) / dayCount
        let bytesPerDay = Double(before.bytes - start.bytes) / dayCount
        let segmentsPerLaptopDay = Double(before.segments - start.segments) / dayCount / Double(laptops)
        let databasePerDay = Double(databaseBytes - startDatabase) / dayCount
        // A year: day 0, then 365 days of work.
        let yearOperations = Double(startOperations) + perDay * 365
        let yearFolder = Double(start.bytes) + bytesPerDay * 365
        let yearDatabase = Double(startDatabase) + databasePerDay * 365
        let snapshotShare = Double(after.snapshotBytes) / Double(max(1, databaseBytes))
        let yearSnapshot = yearDatabase * snapshotShare
        let yearCompacted = yearSnapshot + 7 * bytesPerDay // compacted weekly: a snapshot and at most a week of segments
        func mb(_ b: Double) -> String { String(format: "%.1f MB", b / 1_048_576) }
        func gb(_ b: Double) -> String { String(format: "%.2f GB", b / 1_073_741_824) }
        func sec(_ v: Double) -> String { String(format: "%.1f s", v) }
        return [
            "simulated \(days) day\(days == 1 ? "" : "s") of a 50-member team after a 20,000-creator import (\(laptops) laptops, \(hours) syncs each a day; \(syncs) syncs took \(sec(syncSeconds)) in all)",
            "operations       \(operations) (day 0: \(startOperations); then \(Int(perDay)) a day, \(String(format: "%.0f", bytesPerDay / max(1, perDay))) bytes each on disk)",
            "a year           \(String(format: "%.1f", yearOperations / 1e6))M operations; \(Int(segmentsPerLaptopDay * 50 * 365)) segment files (50 laptops, \(String(format: "%.0f", segmentsPerLaptopDay)) a day each)",
            "folder           now \(mb(Double(before.bytes))) in \(before.files) files; after a year without compaction \(gb(yearFolder))",
            "compacted        now \(mb(Double(after.bytes))) in \(after.files) files (\(pruned) segments pruned; snapshot \(mb(Double(after.snapshotBytes))), database \(mb(Double(databaseBytes))));"
                + " after a year, compacted weekly: ~\(gb(yearCompacted)) (snapshot ~\(gb(yearSnapshot)) + a week of segments)",
            "join by replay   now \(sec(replaySeconds)); after a year ~\(String(format: "%.0f", replaySeconds * yearOperations / Double(max(1, operations)) / 60)) min (linear in operations)",
            "join, snapshot   now \(sec(joinSeconds)); after a year ~\(sec(joinSeconds * yearSnapshot / Double(max(1, after.snapshotBytes)))) (linear in its size)",
        ]
    }

    struct Figures { var bytes: Int64 = 0; var files = 0; var segments = 0; var snapshotBytes: Int64 = 0 }

    static func folderFigures(_ root: String) -> Figures {
        var f = Figures()
        guard let e = FileManager.default.enumerator(atPath: root) else { return f }
        while let relative = e.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = size(root + "/" + relative)
            f.bytes += bytes
            f.files += 1
            if relative.hasPrefix("ops/") { f.segments += 1 }
            if relative.hasPrefix("snapshots/") { f.snapshotBytes += bytes }
        }
        return f
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func countOperations(_ root: String) -> Int {
        var n = 0
        guard let e = FileManager.default.enumerator(atPath: root + "/ops") else { return 0 }
        while let relative = e.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: root + "/ops/" + relative) else { continue }
            n += OpFile.parse(data).lines.count
        }
        return n
    }
}
