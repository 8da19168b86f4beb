import Foundation
import GRDB
import GreenroomCore

/// Demo campaigns, relative to the demo's "now": a running 11.11 sale event (live hours,
/// about two in five live creators, some joining mid-campaign), an ended payday sale (gifts)
/// and a running education program (workshops attended, onboarding and activated creators).
///
/// They draw from their own random generator, so adding them changed none of the other demo
/// data, and they are written with the bulk loader like the rest (a 100k-creator demo
/// enrols about 20,000 creators in the 11.11 sale).
extension DemoGenerator {
    mutating func writeCampaigns(_ loader: BulkLoader, managers: [MemberRef], calendar: TeamCalendar, counts: inout [String: Int]) throws {
        var rng = SeededGenerator(seed: options.seed ^ 0xCA4_9A16)
        let creators = try loader.drained { db in
            try Row.fetchAll(db, sql: "SELECT id, stage, stage_entered_at FROM creator ORDER BY id").map {
                (id: $0[0] as String, stage: $0[1] as String, entered: $0[2] as Millis)
            }
        }
        let today = calendar.startOfDay(now)
        let zone = calendar.zone
        let campaignInsert = try loader.inserter(table: "campaign", columns: Campaign.columns + ["hlc"])
        let enrolInsert = try loader.inserter(table: "campaign_enrolment", columns: CampaignEnrolment.columns + ["hlc"])
        let tierInsert = try loader.inserter(table: "campaign_tier", columns: CampaignTier.columns + ["hlc"])
        let live: Set<String> = [Stage.activated, Stage.established]

        struct Plan {
            let name: String, kind: CampaignKind, metric: CampaignMetric, status: CampaignStatus
            let startDay: Int, endDay: Int
            let share: Double
            let eligible: Set<String>
            let targets: ClosedRange<Int>
            let midJoiners: Double
            /// Only creators already in their stage when the campaign started.
            let settled: Bool
            let tiers: [(Int, String, Int)]
        }
        let plans = [
            Plan(name: "11.11 Mega Sale", kind: .saleEvent, metric: .liveHours, status: .running, startDay: -14, endDay: 10, share: 0.43,
                 eligible: live, targets: 4...16, midJoiners: 0.15, settled: true,
                 tiers: [(10, "Bronze", 20), (25, "Silver", 60), (50, "Gold", 150)]),
            Plan(name: "Payday Sale", kind: .saleEvent, metric: .gifts, status: .ended, startDay: -52, endDay: -48, share: 0.15,
                 eligible: live, targets: 200...2000, midJoiners: 0, settled: true,
                 tiers: [(500, "Payday bonus", 30), (2000, "Top gifter", 100)]),
            Plan(name: "LIVE Academy", kind: .educationProgram, metric: .workshopsAttended, status: .running, startDay: -60, endDay: 20, share: 0.3,
                 eligible: [Stage.onboarding, Stage.activated, Stage.established], targets: 1...2, midJoiners: 0.2, settled: false,
                 tiers: [(1, "Certificate", 0), (3, "Graduate kit", 25)]),
        ]
        for plan in plans {
            let start = calendar.addDays(plan.startDay, to: today)
            let end = calendar.addDays(plan.endDay, to: today)
            let cid = UUIDv7.make(millis: start - 10 * Time.day, using: &rng)
            var goal = 0
            let tiers = plan.tiers
            for (threshold, reward, amount) in tiers {
                try tierInsert.insert(.text(UUIDv7.make(millis: start - 9 * Time.day, using: &rng)), .text(cid), .int(threshold), .text(reward),
                                      .int(amount), .bool(false), .text(stamp))
            }
            let lastJoin = min(now, calendar.addDays(1, to: end))
            for c in creators where plan.eligible.contains(c.stage) && (!plan.settled || c.entered < start) && rng.chance(plan.share) {
                let target = plan.targets.lowerBound + rng.below(plan.targets.count)
                goal += target
                var joined = start - Millis(1 + rng.below(3)) * Time.day
                if rng.chance(plan.midJoiners), lastJoin > start { joined = start + Millis(rng.unit() * Double(lastJoin - start)) }
                try enrolInsert.insert(.text(CampaignEnrolment.id(campaign: cid, creator: c.id)), .text(cid), .text(c.id), .int(target),
                                       .int(joined), .bool(false), .text(stamp))
                tick()
            }
            // The goal rounds the sum of targets up to a round number, so the plan shows a gap.
            let step = goal >= 1000 ? 100 : 10
            goal = (goal + step - 1) / step * step
            try campaignInsert.insert(.text(cid), .text(plan.name), .text(plan.kind.rawValue), .text(DateInput.format(start, zone: zone)),
                                      .text(DateInput.format(calendar.addDays(-1, to: end), zone: zone)), .text(plan.metric.rawValue),
                                      .int(goal), .text(managers.first?.id), .text(plan.status.rawValue), .bool(false), .text(stamp))
        }
        counts["campaign"] = campaignInsert.rows
        counts["campaign_enrolment"] = enrolInsert.rows
        counts["campaign_tier"] = tierInsert.rows
        tick(campaignInsert.rows + tierInsert.rows)
    }
}
