import Foundation
import GRDB
import GreenroomCore

/// Demo creator programs (issue 26), relative to the demo's "now", so `greenroom --demo` shows
/// every screen of the issue with something in it:
///
/// - two running programs with ordered modules: "Onboarding Essentials" (creators in
///   onboarding and contacted, enrolled over the last five weeks) and "Seller Bootcamp"
///   (merchants and affiliates in onboarding, activated and established, over seven weeks),
///   each creator a few modules along, some stuck;
/// - two workshops of the bootcamp, held 8 and 15 days ago (the second one completes its
///   "Product pinning" module), with invitations and about two thirds attending;
/// - two communities ("Sellers Circle MX" on WhatsApp, "US LIVE creators" on Discord) with
///   members who joined over the last three months, moderators, and some who left;
/// - incentive tasks: "LIVE 4 days this week" (the current ISO week, part of the 11.11 sale)
///   and "3h LIVE last week", for a share of the activated and established creators.
///
/// Like the campaigns, they draw from a random generator of their own (no other demo row
/// changes) and go through the bulk loader. Attendance is not echoed into the activity logs
/// (the demo's activity history already has its own workshop entries, which the "LIVE
/// Academy" campaign counts). Names avoid the end-to-end tests' ("LIVE 101", "Lighting
/// clinic") and sort after them.
extension DemoGenerator {
    mutating func writePrograms(_ loader: BulkLoader, managers: [MemberRef], calendar: TeamCalendar, counts: inout [String: Int]) throws {
        var rng = SeededGenerator(seed: options.seed ^ 0x9_0D_A7A)
        struct C { let id: String; let stage: String; let kind: String; let market: String; let created: Millis }
        let creators = try loader.drained { db in
            try Row.fetchAll(db, sql: "SELECT id, stage, kind, market, created_at FROM creator ORDER BY id").map {
                C(id: $0[0], stage: $0[1], kind: $0[2], market: $0[3], created: $0[4])
            }
        }
        let today = calendar.startOfDay(now)
        let zone = calendar.zone
        let owner = managers.first?.id
        let programInsert = try loader.inserter(table: "program", columns: Program.columns + ["hlc"])
        let moduleInsert = try loader.inserter(table: "program_module", columns: ProgramModule.columns + ["hlc"])
        let enrolInsert = try loader.inserter(table: "program_enrolment", columns: ProgramEnrolment.columns + ["hlc"])
        let doneInsert = try loader.inserter(table: "module_completion", columns: ModuleCompletion.columns + ["hlc"])
        let workshopInsert = try loader.inserter(table: "workshop", columns: Workshop.columns + ["hlc"])
        let inviteInsert = try loader.inserter(table: "workshop_invite", columns: WorkshopInvite.columns + ["hlc"])
        let communityInsert = try loader.inserter(table: "community", columns: Community.columns + ["hlc"])
        let memberInsert = try loader.inserter(table: "community_member", columns: CommunityMember.columns + ["hlc"])
        let taskInsert = try loader.inserter(table: "incentive_task", columns: IncentiveTask.columns + ["hlc"])

        struct Plan { let name: String, summary: String, modules: [String], eligible: (C) -> Bool, share: Double, days: Int }
        let plans = [
            Plan(name: "Onboarding Essentials", summary: "From a finished profile to a first week of LIVE",
                 modules: ["Profile and safety", "First LIVE", "Weekly plan"],
                 eligible: { $0.stage == Stage.onboarding || $0.stage == Stage.contacted }, share: 0.5, days: 35),
            Plan(name: "Seller Bootcamp", summary: "Selling on LIVE for SMB merchants",
                 modules: ["Shop setup", "Product pinning", "Selling on LIVE", "Gift goals"],
                 eligible: { $0.kind != "creator" && [Stage.onboarding, Stage.activated, Stage.established].contains($0.stage) }, share: 0.45, days: 49),
        ]
        var bootcamp: (id: String, modules: [String], enrolled: [String]) = ("", [], [])
        for plan in plans {
            let created = calendar.addDays(-plan.days - 7, to: today)
            let pid = UUIDv7.make(millis: created, using: &rng)
            try programInsert.insert(.text(pid), .text(plan.name), .text(plan.summary), .text(owner), .text(ProgramStatus.running.rawValue), .bool(false), .text(stamp))
            var moduleIDs: [String] = []
            for (i, title) in plan.modules.enumerated() {
                let mid = UUIDv7.make(millis: created + Millis(i + 1), using: &rng)
                moduleIDs.append(mid)
                try moduleInsert.insert(.text(mid), .text(pid), .int(i + 1), .text(title), .bool(false), .text(stamp))
            }
            var enrolled: [String] = []
            for c in creators where plan.eligible(c) && rng.chance(plan.share) {
                let start = max(c.created, calendar.addDays(-plan.days, to: today))
                guard start < now - Time.day else { continue }
                let at = start + Millis(rng.unit() * Double(now - Time.day - start))
                try enrolInsert.insert(.text(ProgramEnrolment.id(program: pid, creator: c.id)), .text(pid), .text(c.id), .int(at), .bool(false), .text(stamp))
                enrolled.append(c.id)
                // Modules in order, each 2–9 days after the one before, while time allows.
                var t = at
                for mid in moduleIDs {
                    t += Millis(2 + rng.below(8)) * Time.day + Millis(rng.below(10)) * Time.hour
                    guard t < now, rng.chance(0.7) else { break }
                    try doneInsert.insert(.text(ModuleCompletion.id(module: mid, creator: c.id)), .text(pid), .text(mid), .text(c.id), .int(t), .bool(false), .text(stamp))
                }
                tick()
            }
            if plan.name == "Seller Bootcamp" { bootcamp = (pid, moduleIDs, enrolled) }
        }

        // Two workshops of the bootcamp, from its enrolled creators.
        let host = managers.first { $0.role == "manager" }?.id ?? owner
        for (title, ago, module) in [("Shop setup Q&A", 15, nil as Int?), ("Product pinning masterclass", 8, 1)] {
            let starts = calendar.addDays(-ago, to: today) + 15 * Time.hour
            let wid = UUIDv7.make(millis: starts - 10 * Time.day, using: &rng)
            try workshopInsert.insert(.text(wid), .text(title), .int(starts), .int(60), .text(host), .text("US"), .int(0),
                                      .text("https://live.example/workshops/\(ago)"), .text(module.map { bootcamp.modules[$0] }), .bool(false), .text(stamp))
            for c in bootcamp.enrolled where rng.chance(0.4) {
                try inviteInsert.insert(.text(WorkshopInvite.id(workshop: wid, creator: c)), .text(wid), .text(c), .int(starts - Millis(3 + rng.below(4)) * Time.day),
                                        .bool(rng.chance(0.65)), .bool(false), .text(stamp))
                tick()
            }
        }

        // Communities.
        let groups: [(name: String, channel: CommunityChannel, market: String, fits: (C) -> Bool)] = [
            ("Sellers Circle MX", .whatsapp, "MX", { $0.kind != "creator" }),
            ("US LIVE creators", .discord, "US", { $0.stage == Stage.activated || $0.stage == Stage.established }),
        ]
        for (name, channel, market, fits) in groups {
            let kid = UUIDv7.make(millis: calendar.addDays(-120, to: today), using: &rng)
            try communityInsert.insert(.text(kid), .text(name), .text(channel.rawValue), .text(market), .text("https://chat.example/\(market.lowercased())"),
                                       .bool(false), .text(stamp))
            var moderators = 0
            for c in creators where c.market == market && fits(c) && rng.chance(0.4) {
                let start = max(c.created, calendar.addDays(-90, to: today))
                guard start < now - Time.day else { continue }
                let joined = start + Millis(rng.unit() * Double(now - Time.day - start))
                let left: Millis? = rng.chance(0.15) && joined < now - 3 * Time.day ? joined + Millis(rng.unit() * Double(now - joined)) : nil
                let role: CommunityMember.Role = moderators < 2 && left == nil && rng.chance(0.1) ? .moderator : .member
                if role == .moderator { moderators += 1 }
                try memberInsert.insert(.text(CommunityMember.id(community: kid, creator: c.id)), .text(kid), .text(c.id), .text(role.rawValue), .int(joined),
                                        .int(left), .bool(false), .text(stamp))
                tick()
            }
        }

        // Incentive tasks: this ISO week's (part of the 11.11 sale) and last week's.
        // (The community members above may still be on their way to the writer: `drained`.)
        let sale = try loader.drained { db in try String.fetchOne(db, sql: "SELECT id FROM campaign WHERE name = '11.11 Mega Sale'") }
        let week = calendar.startOfISOWeek(now)
        let tasks: [(String, TaskMetric, Int, Millis, String, Int, String?)] = [
            ("LIVE 4 days this week", .liveDays, 4, week, "Boost", 20, sale),
            ("3h LIVE last week", .liveHours, 3, calendar.addDays(-7, to: week), "Gift card", 15, nil),
        ]
        for (title, metric, goal, start, reward, amount, campaign) in tasks {
            let first = DateInput.format(start, zone: zone), last = DateInput.format(calendar.addDays(6, to: start), zone: zone)
            for c in creators where (c.stage == Stage.activated || c.stage == Stage.established) && c.created < start && rng.chance(0.25) {
                try taskInsert.insert(.text(UUIDv7.make(millis: start - Time.day, using: &rng)), .text(c.id), .text(title), .text(metric.rawValue), .int(goal),
                                      .text(first), .text(last), .text(reward), .int(amount), .text(campaign), .null, .bool(false), .text(stamp))
                tick()
            }
        }

        for (table, inserter) in [("program", programInsert), ("program_module", moduleInsert), ("program_enrolment", enrolInsert),
                                  ("module_completion", doneInsert), ("workshop", workshopInsert), ("workshop_invite", inviteInsert),
                                  ("community", communityInsert), ("community_member", memberInsert), ("incentive_task", taskInsert)] {
            counts[table] = inserter.rows
        }
        tick(programInsert.rows + moduleInsert.rows + workshopInsert.rows + communityInsert.rows)
    }
}
