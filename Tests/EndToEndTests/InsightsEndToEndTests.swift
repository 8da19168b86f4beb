import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// `greenroom report insights` through the real binary: the JSON carries the method and the
/// weeks; a topic's drill-down counts what `report weekly` counts; bad flags exit 2 in one line.
@Suite struct InsightsEndToEndTests {
    func json(_ s: Sandbox, _ args: [String]) throws -> [String: Any] {
        let r = try Harness.run(args + ["--db", s.database], environment: s.environment)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func theJSONReportAndATopicsTickets() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 60, tickets: 1500)
        let report = try json(s, ["report", "insights", "--format", "json", "--weeks", "3"])
        #expect(report["week"] as? String == "2026-W46" && report["partial"] as? Bool == false)
        #expect((report["method"] as? String ?? "").contains("Bonferroni"))
        let baseline = try #require(report["baseline"] as? [[String: Any]])
        #expect(baseline.count == 3)
        let tested = try #require(report["topics_tested"] as? Int)
        #expect(abs((report["threshold"] as? Double ?? 0) - 0.01 / Double(tested)) < 1e-12)
        for topic in (report["rising"] as? [[String: Any]] ?? []) + (report["falling"] as? [[String: Any]] ?? []) {
            #expect((topic["tickets"] as? [Any])?.count == topic["count"] as? Int, "\(topic)")
            #expect((topic["p_value"] as? Double ?? 1) < 0.01 / Double(tested))
        }
        // A category's tickets in the week are the weekly review's count for it.
        let weekly = try json(s, ["report", "weekly", "--format", "json", "--week", "2026-W46"])
        let categories = try #require(weekly["categories"] as? [[String: Any]])
        #expect(!categories.isEmpty)
        for c in categories {
            let name = try #require(c["category"] as? String)
            let drill = try json(s, ["report", "insights", "--format", "json", "--topic", "category:\(name)"])
            #expect((drill["tickets"] as? [Any])?.count == c["tickets"] as? Int, "\(name)")
        }
        #expect(report["tickets"] as? Int == categories.reduce(0) { $0 + ($1["tickets"] as? Int ?? 0) })
        let text = try Harness.run(["report", "insights", "--db", s.database], environment: s.environment)
        #expect(text.status == 0 && text.stdout.hasPrefix("Insights 2026-W46\n") && text.stdout.contains("\nRising\n"), "\(text.stdout)")
    }

    @Test func badFlagsExitTwoWithOneLine() throws {
        let s = Sandbox()
        try s.makeDemo(creators: 10, tickets: 20)
        for (args, reason) in [(["--format", "xml"], "--format must be text, json or html"), (["--weeks", "0"], "--weeks must be 1 to 52"),
                               (["--market", "Mexico"], "--market must be a two-letter"), (["--week", "2026-47"], "--week must be an ISO week"),
                               (["--network", "No Such Agency"], "--network: no network named")] {
            let r = try Harness.run(["report", "insights", "--db", s.database] + args, environment: s.environment)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(reason) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }
}
}
