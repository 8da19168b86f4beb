import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomSync

/// The sync budgets of DESIGN.md §8, measured on their own data: a private laptop makes
/// `operations` local writes through the store's ordinary write path (new creators, edits,
/// activities, tickets and their events), then
/// - `sync_export_ops_per_s`: its outbox published as segments;
/// - `sync_import_ops_per_s`: a new, empty laptop importing that folder in one sync;
/// - `sync_noop_ms`: that laptop syncing again with nothing new (median of 7), the folder
///   holding all `operations`;
/// - `sync_peak_rss_mb`: a third laptop's first sync of the folder, run as `greenroom sync` in
///   a process of its own, its peak resident memory (issue 23: ≤ 200 MB at 1M operations).
/// Everything lives in a temporary directory removed afterwards.
struct SyncBench {
    var operations: Int
    var exportPerSecond = 0.0
    var importPerSecond = 0.0
    var noopMilliseconds = 0.0
    var noopSamples: [Double] = []
    var fillSeconds = 0.0
    /// Peak resident memory of a first sync of the folder in a process of its own, MB.
    var firstSyncPeakRSS = 0.0

    static func measure(operations: Int, clock: WallClock, encrypted: Bool = false, log: (String) -> Void) throws -> SyncBench {
        var bench = SyncBench(operations: operations)
        let dir = NSTemporaryDirectory() + "greenroom-sync-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try Store.open(at: dir + "/writer.sqlite", clock: clock)
        log("sync bench: making \(operations) local operations…")
        var started = DispatchTime.now().uptimeNanoseconds
        try fill(writer, operations: operations, now: clock.now())
        bench.fillSeconds = seconds(since: started)
        let made = try writer.syncStatus().pendingOperations
        let folder = dir + "/folder"
        var summary = SyncSummary()
        var exporter = Syncer(store: writer, folder: folder, deviceName: "bench-writer")
        try exporter.prepareFolder()
        // An encrypted folder: both laptops hold the team key, every segment is sealed.
        let key = TeamKey.generate()
        if encrypted {
            try writer.addTeamKey(id: key.id, bytes: key.bytes, current: true)
            try exporter.markEncrypted(with: key)
            exporter.seal = try exporter.folderSeal()
        }
        started = DispatchTime.now().uptimeNanoseconds
        try exporter.exportPending(into: &summary)
        bench.exportPerSecond = Double(summary.exported) / seconds(since: started)
        log("sync bench: exported \(summary.exported) of \(made) operations")
        let reader = try Store.open(at: dir + "/reader.sqlite", clock: clock)
        var syncer = Syncer(store: reader, folder: folder, deviceName: "bench-reader")
        try syncer.prepareFolder()
        if encrypted {
            try reader.addTeamKey(id: key.id, bytes: key.bytes, current: true)
            syncer.seal = try syncer.folderSeal()
        }
        var imported = SyncSummary()
        started = DispatchTime.now().uptimeNanoseconds
        try syncer.importNew(into: &imported)
        bench.importPerSecond = Double(imported.operationsRead) / seconds(since: started)
        log("sync bench: imported \(imported.operationsRead) operations (\(imported.applied) applied, \(imported.skipped.count) skipped)")
        for _ in 0..<7 {
            started = DispatchTime.now().uptimeNanoseconds
            let noop = try syncer.run()
            bench.noopSamples.append(seconds(since: started) * 1000)
            if noop.operationsRead != 0 { log("sync bench: a no-op sync read \(noop.operationsRead) operations") }
        }
        bench.noopMilliseconds = bench.noopSamples.sorted()[bench.noopSamples.count / 2]
        bench.firstSyncPeakRSS = try firstSyncPeakRSS(folder: folder, database: dir + "/joiner.sqlite", clock: clock)
        log("sync bench: a first sync in its own process peaked at \(Int(bench.firstSyncPeakRSS)) MB")
        return bench
    }

    /// A first sync as a user runs it (`greenroom sync --db NEW --folder F`, a process of its
    /// own, the clock pinned as here), and its peak resident memory in MB as the kernel counts
    /// it (`wait4`'s `ru_maxrss`).
    static func firstSyncPeakRSS(folder: String, database: String, clock: WallClock) throws -> Double {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var environment = ProcessInfo.processInfo.environment
        environment["GREENROOM_NOW"] = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(clock.now()) / 1000))
        let arguments = [binary, "sync", "--db", database, "--folder", folder]
        let pid = try Spawn.start(arguments, environment: environment, stdio: "/dev/null", newSession: false)
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw GreenroomError.invalidInput("lost the sync process") }
        guard status == 0 else { throw GreenroomError.invalidInput("the first sync in its own process failed (status \(status))") }
        return Double(usage.ru_maxrss) / 1024
    }

    /// Local writes, in change sets of up to 2,000: a creator for every 50 operations, a
    /// ticket for every 400, and otherwise edits of creators' fields (60%), activities (37%)
    /// and ticket actions with their status change (3%, on the tickets made so far).
    static func fill(_ store: Store, operations: Int, now: Millis) throws {
        var rng = SeededGenerator(seed: 42)
        var creators: [String] = []
        var tickets: [String] = []
        var made = 0
        var serial = 0
        while made < operations {
            var changes: [Change] = []
            var batchOps = 0
            while batchOps < 2_000 && made + batchOps < operations {
                serial += 1
                if creators.isEmpty || serial % 50 == 0 {
                    let id = UUIDv7.make(millis: now, using: &rng)
                    creators.append(id)
                    changes.append(.insertCreator(Creator(id: id, handle: "@bench\(serial)", displayName: "Bench \(serial)", kind: .creator,
                                                          market: "US", language: "en", networkID: nil, ownerID: nil, stage: Stage.lead,
                                                          source: .import, followers: serial, createdAt: now - Time.day), tags: []))
                    batchOps += 2
                } else if serial % 400 == 7 {
                    let id = UUIDv7.make(millis: now, using: &rng)
                    tickets.append(id)
                    changes.append(.insertTicket(Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Bench ticket \(serial)", body: "",
                                                        requesterCreatorID: rng.pick(creators), requesterNetworkID: nil, channel: .email,
                                                        category: .other, priority: .normal, status: .new, tier: 1, assigneeID: nil,
                                                        createdAt: now - Time.hour), tags: [], events: []))
                    batchOps += 1
                } else {
                    let roll = rng.below(100)
                    if roll < 60 {
                        changes.append(.update(.creator, id: rng.pick(creators), fields: rng.chance(0.5)
                            ? ["notes": FieldValue("note \(serial)")] : ["followers": FieldValue(serial)]))
                        batchOps += 1
                    } else if roll < 97 || tickets.isEmpty {
                        changes.append(.insertActivity(Activity(id: UUIDv7.make(millis: now, using: &rng), creatorID: rng.pick(creators), kind: .note,
                                                                authorID: nil, at: now, summary: "Bench note \(serial)")))
                        batchOps += 1
                    } else {
                        let ticket = rng.pick(tickets)
                        let status = rng.pick(["open", "pending", "solved"])
                        changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now, using: &rng), ticketID: ticket, kind: .status, at: now,
                                                                 actor: .agent, authorID: nil, isPublic: false, toValue: status),
                                                     fields: ["status": FieldValue(status)]))
                        batchOps += 2
                    }
                }
            }
            try store.apply(ChangeSet("bench", changes), by: nil)
            made += batchOps
            // A change that sets a value already there writes nothing: count what was written.
            if made >= operations { made = try store.syncStatus().pendingOperations }
        }
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// The keys `greenroom bench --json` reports for sync (null there when skipped).
    static let jsonKeys = ["sync_export_ops_per_s", "sync_import_ops_per_s", "sync_noop_ms", "sync_peak_rss_mb"]

    var json: [String: Any] {
        ["sync_export_ops_per_s": Int(exportPerSecond), "sync_import_ops_per_s": Int(importPerSecond),
         "sync_noop_ms": (noopMilliseconds * 100).rounded() / 100, "sync_peak_rss_mb": (firstSyncPeakRSS * 10).rounded() / 10]
    }

    func tableLines(pad: (String, Int) -> String) -> [String] {
        func grouped(_ v: Double) -> String { Int(v).formatted(.number.grouping(.automatic)) }
        return [
            pad("sync_export_ops_per_s", 22) + " \(grouped(exportPerSecond)) ops/s   (budget ≥ 100,000) " + (exportPerSecond >= 100_000 ? "ok" : "OVER"),
            pad("sync_import_ops_per_s", 22) + " \(grouped(importPerSecond)) ops/s   (budget ≥ 50,000) " + (importPerSecond >= 50_000 ? "ok" : "OVER"),
            pad("sync_noop_ms", 22) + String(format: "%9.1f", noopMilliseconds) + " ms median of \(noopSamples.count), folder of \(grouped(Double(operations))) ops   (budget ≤ 100 ms) "
                + (noopMilliseconds <= 100 ? "ok" : "OVER"),
            pad("sync_peak_rss_mb", 22) + String(format: "%9.1f", firstSyncPeakRSS) + " MB, a first sync of the folder in its own process   (budget ≤ 200 MB) "
                + (firstSyncPeakRSS <= 200 ? "ok" : "OVER"),
        ]
    }
}
