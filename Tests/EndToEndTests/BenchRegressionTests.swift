import Foundation
import Testing

/// The regression check of issue 23: `greenroom bench` at small scale (10,000 creators, this
/// build — a debug build under `swift test`) against the baseline committed beside this file.
/// A key fails when its p99 more than doubles (plus 5 ms, so a 1 ms key's noise does not
/// count). The bench runs twice on one dataset and each key's better p99 counts: a real
/// regression shows in both runs, one noisy run on this shared machine does not.
///
/// `GREENROOM_UPDATE_BASELINE=1 swift test --filter BenchRegressionTests` rewrites the baseline
/// from three runs (each key's worst p99 of the three), after a change that is meant to move it.
@Suite(.serialized) struct BenchRegressionTests {
    static let baseline = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__baseline__/bench-10k.json")
    static let slackMilliseconds = 5.0

    static func p99s(_ db: String, _ s: Sandbox) throws -> [String: Double] {
        let r = try Harness.run(["bench", "--db", db, "--creators", "10000", "--tickets", "20000", "--sessions", "50000",
                                 "--repeats", "20", "--sync-ops", "0", "--json"], environment: s.environment)
        guard r.status == 0 else { throw BenchFailure(message: "bench failed: \(r.stderr)") }
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let keys = object?["keys"] as? [String: [String: Double]] ?? [:]
        var out = keys.compactMapValues { $0["p99"] }
        if let first = object?["first_frame_ms"] as? Double { out["first_frame_ms"] = first }
        return out
    }

    struct BenchFailure: Error, CustomStringConvertible { let message: String; var description: String { message } }

    @Test func noKeyP99DoublesAgainstTheCommittedBaseline() throws {
        let s = Sandbox()
        let db = s.path + "/bench-10k.sqlite"
        if ProcessInfo.processInfo.environment["GREENROOM_UPDATE_BASELINE"] == "1" {
            let runs = try (0..<3).map { _ in try Self.p99s(db, s) }
            // Not a key's latency: how long a background search takes to answer (no budget).
            let keys = Set(runs.flatMap(\.keys)).subtracting(["ticket_history_answer"])
            let worst = Dictionary(uniqueKeysWithValues: keys.map { k in (k, runs.compactMap { $0[k] }.max() ?? 0) })
            let data = try JSONSerialization.data(withJSONObject: worst, options: [.prettyPrinted, .sortedKeys])
            try FileManager.default.createDirectory(at: Self.baseline.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: Self.baseline)
            return
        }
        let baseline = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.baseline)) as? [String: Double],
                                    "no baseline at \(Self.baseline.path): run with GREENROOM_UPDATE_BASELINE=1")
        #expect(baseline.count >= 12)
        func over(_ best: [String: Double]) -> [String] {
            baseline.keys.sorted().filter { key in (best[key] ?? .infinity) > 2 * (baseline[key] ?? 0) + Self.slackMilliseconds }
        }
        // Up to four runs (the other suites run beside this one): each key's best p99 counts.
        var best: [String: Double] = [:]
        for _ in 0..<4 {
            for (key, p99) in try Self.p99s(db, s) { best[key] = min(best[key] ?? .infinity, p99) }
            if over(best).isEmpty { break }
        }
        for key in over(best) {
            Issue.record("\(key): p99 \(best[key].map { String(format: "%.1f", $0) } ?? "missing") ms against a baseline of \(String(format: "%.1f", baseline[key] ?? 0)) ms (more than double)")
        }
    }
}
