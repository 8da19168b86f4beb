import Foundation
import Testing

extension EndToEnd {
@Suite struct KPISettingsEndToEnd {
    @Test func setAndListTargetsAndRefuseBadInput() throws {
        let s = Sandbox()
        try s.makeDemo()
        let set = try Harness.run(["settings", "kpi", "set", "sla_attainment", "--target", "95%", "--db", s.database], environment: s.environment)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("SLA attainment: target 95%, higher is better"), "\(set.stdout)")
        let list = try Harness.run(["settings", "kpi", "--db", s.database], environment: s.environment)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("sla_attainment") && $0.hasSuffix("95%") }, "\(list.stdout)")
        let before = list.stdout
        let typo = try Harness.run(["settings", "kpi", "set", "sla_atainment", "--target", "90%", "--db", s.database], environment: s.environment)
        #expect(typo.status != 0 && typo.stderr.contains("did you mean sla_attainment"), "\(typo.stderr)")
        let share = try Harness.run(["settings", "kpi", "set", "csat", "--target", "150%", "--db", s.database], environment: s.environment)
        #expect(share.status != 0 && share.stderr.contains("between 0% and 100%"), "\(share.stderr)")
        #expect(try Harness.run(["settings", "kpi", "--db", s.database], environment: s.environment).stdout == before)
    }
}
}
