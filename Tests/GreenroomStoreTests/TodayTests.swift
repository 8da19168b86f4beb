import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// A hand-built team in Mexico City (UTC−6, no DST), where `pinnedNow` (09:30 UTC) is 03:30 on
/// Friday 20 November: today ends at 2026-11-21T06:00Z.
struct TodayFixture {
    let f: Fixture
    var store: Store { f.store }
    var ana: Member { f.manager }
    let tuan: Member
    var creators: [String: String] = [:]
    var activities: [String: String] = [:]
    var tickets: [String: String] = [:]

    static let endOfToday: Millis = Time.parseISO("2026-11-21T06:00:00Z")!

    init() throws {
        f = try Fixture()
        try f.store.setTeam(.init(name: "MX LIVE", timeZone: "America/Mexico_City"))
        tuan = Member(id: UUIDv7.make(millis: 7), handle: "@tuan", name: "Tuan", role: .specialist, team: "MX", tier: 1)
        try f.store.insertForTesting(tuan)
        let ana = f.manager

        func creator(_ handle: String, stage: String, owner: Member?, daysAgo: Double) throws -> String {
            let created = pinnedNow - Millis(daysAgo * Double(Time.day))
            let c = Creator(id: UUIDv7.make(millis: created), handle: handle, displayName: handle, kind: .creator, market: "MX", language: "es",
                            networkID: nil, ownerID: owner?.id, stage: stage, source: .outbound, followers: 100, createdAt: created)
            try f.store.apply(ChangeSet("add", [.insertCreator(c, tags: [])]), by: nil)
            return c.id
        }
        // Activated: live yesterday; last live 10 days ago (idle); never live (idle).
        creators["mila"] = try creator("@mila.cooks", stage: Stage.activated, owner: ana, daysAgo: 30)
        creators["quiet"] = try creator("@quiet.one", stage: Stage.activated, owner: ana, daysAgo: 30)
        creators["never"] = try creator("@never.live", stage: Stage.activated, owner: tuan, daysAgo: 30)
        // Established and idle: not in "activated creators idle 7+ days".
        creators["star"] = try creator("@old.star", stage: Stage.established, owner: ana, daysAgo: 200)
        // Pipeline: lead rots after 14 days, contacted after 10, onboarding after 21.
        creators["oldLead"] = try creator("@old.lead", stage: Stage.lead, owner: tuan, daysAgo: 20)        // 20d > 14: rotting
        creators["oldContact"] = try creator("@old.contact", stage: Stage.contacted, owner: ana, daysAgo: 13) // 13d > 10: rotting
        creators["edge"] = try creator("@edge.contact", stage: Stage.contacted, owner: ana, daysAgo: 10.9)  // 10d, not > 10
        creators["onb"] = try creator("@fresh.onb", stage: Stage.onboarding, owner: nil, daysAgo: 5)
        creators["gone"] = try creator("@gone.lead", stage: Stage.lead, owner: ana, daysAgo: 40)           // deleted below

        func live(_ key: String, daysAgo: Double) throws {
            try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 1), creatorID: creators[key]!,
                                                     startedAt: pinnedNow - Millis(daysAgo * Double(Time.day)), minutes: 60,
                                                     peakViewers: 10, viewerMinutes: 100, gifts: 0))
        }
        try live("mila", daysAgo: 1)
        try live("quiet", daysAgo: 10)
        try live("star", daysAgo: 30)
        try f.store.refreshCreatorStats(now: pinnedNow)

        func activity(_ name: String, on key: String, by author: Member, due: Millis?, nextStep: String? = nil) throws {
            let a = Activity(id: UUIDv7.make(millis: pinnedNow - Time.day), creatorID: creators[key]!, kind: .call, authorID: author.id,
                             at: pinnedNow - Time.day, summary: "Call about \(name)", nextStep: nextStep, followUpDue: due)
            try f.store.apply(ChangeSet("log", [.insertActivity(a)]), by: author.id)
            activities[name] = a.id
        }
        let local = { (iso: String) in Time.parseISO(iso)! }
        try activity("overdue", on: "mila", by: ana, due: pinnedNow - 2 * Time.day, nextStep: "Send the contract")
        try activity("lateTonight", on: "never", by: ana, due: local("2026-11-20T23:30:00-06:00"))   // 23:30 local today: in
        try activity("tomorrow", on: "never", by: tuan, due: local("2026-11-21T00:30:00-06:00"))     // 00:30 local tomorrow: out
        try activity("tuanOnQuiet", on: "quiet", by: tuan, due: pinnedNow - Time.hour)
        try activity("noon", on: "oldLead", by: tuan, due: local("2026-11-20T12:00:00-06:00"))
        try activity("done", on: "mila", by: ana, due: pinnedNow - Time.day)
        try activity("deleted", on: "mila", by: ana, due: pinnedNow - Time.day)
        try activity("onGone", on: "gone", by: ana, due: pinnedNow - Time.day)
        try activity("noFollowUp", on: "mila", by: ana, due: nil)
        try f.store.apply(ChangeSet("done", [.update(.activity, id: activities["done"]!, fields: [ActivityField.done.rawValue: FieldValue(true)])]),
                          by: ana.id)
        try f.store.apply(ChangeSet("delete", [.update(.activity, id: activities["deleted"]!, fields: [ActivityField.deleted.rawValue: FieldValue(true)])]),
                          by: ana.id)
        try f.store.apply(ChangeSet("delete", [.update(.creator, id: creators["gone"]!, fields: [CreatorField.deleted.rawValue: FieldValue(true)])]),
                          by: ana.id)

        /// A ticket created `ago` before now (see TicketQueueTests for the default SLA policies).
        func ticket(_ name: String, subject: String, priority: TicketPriority, status: TicketStatus = .new, ago: Millis,
                    assignee: Member?, events: [(Millis, TicketEventKind, TicketActor, String?)] = []) throws {
            let created = pinnedNow - ago
            let id = UUIDv7.make(millis: created)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: creators["mila"],
                           requesterNetworkID: nil, channel: .inApp, category: .other, priority: priority, status: status, tier: 1,
                           assigneeID: assignee?.id, createdAt: created)
            let evs = events.enumerated().map { i, e in
                TicketEvent(id: UUIDv7.make(millis: created + e.0 * Time.minute + Millis(i)), ticketID: id, kind: e.1, at: created + e.0 * Time.minute,
                            actor: e.2, authorID: e.2 == .agent ? tuan.id : nil, isPublic: e.1 == .reply, body: e.1 == .status ? nil : e.3,
                            toValue: e.1 == .status ? e.3 : nil)
            }
            try f.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: evs)]), by: nil)
            tickets[name] = id
        }
        // Urgent (first reply in 60 min), 2 h old: breached an hour ago.
        try ticket("breached", subject: "Payout missing", priority: .urgent, ago: 2 * Time.hour, assignee: tuan)
        // High (4 h), 3.5 h old: due in 30 min.
        try ticket("soon", subject: "Verification stuck", priority: .high, ago: 210 * Time.minute, assignee: ana)
        // Normal (8 h), 6.5 h old: due in 90 min.
        try ticket("edge", subject: "Gift totals", priority: .normal, ago: 390 * Time.minute, assignee: nil)
        // Normal, 5 h old: due in 3 h, outside the window.
        try ticket("later", subject: "Banner request", priority: .normal, ago: 5 * Time.hour, assignee: ana)
        // Solved (long past its first-reply target) and pending (clock paused): never listed.
        try ticket("solved", subject: "Password reset", priority: .urgent, status: .solved, ago: 2 * Time.day, assignee: ana,
                   events: [(300, .status, .agent, "solved")])
        try ticket("pending", subject: "Agency letter", priority: .urgent, status: .pending, ago: Time.day, assignee: ana,
                   events: [(5, .reply, .agent, "Please send the letter."), (6, .status, .agent, "pending")])
    }

    func names(_ ids: [String], in table: [String: String]) -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: table.map { ($0.value, $0.key) })
        return ids.map { byID[$0] ?? $0 }
    }

    func followUps(_ r: TodayReport) -> [String] { names(r.followUps.rows.map(\.activityID), in: activities) }
    func tickets(_ r: TodayReport) -> [String] { names(r.breachingTickets.rows.map(\.ticketID), in: tickets) }
    func idle(_ r: TodayReport) -> [String] { names(r.idleCreators.rows.map(\.creatorID), in: creators) }
    func rotting(_ r: TodayReport) -> [String] { names(r.rottingCards.rows.map(\.creatorID), in: creators) }
}

@Suite struct TodayTests {
    @Test func theTeamSeesEverySectionInOrder() throws {
        let t = try TodayFixture()
        let r = try t.store.today(me: nil, now: pinnedNow)
        #expect(r.now == pinnedNow && r.me == nil)
        // Oldest due first; done, deleted, on a deleted creator, not a follow-up, due tomorrow: out.
        #expect(t.followUps(r) == ["overdue", "tuanOnQuiet", "noon", "lateTonight"])
        #expect(r.followUps.count == 4)
        // Breached first; due after 2 h, solved and paused: out.
        #expect(t.tickets(r) == ["breached", "soon", "edge"])
        #expect(r.breachingTickets.count == 3)
        // Never live first, then the longest idle; live yesterday and established: out.
        #expect(t.idle(r) == ["never", "quiet"])
        #expect(r.idleCreators.count == 2)
        // Longest past the stage's threshold first (6 days past vs 3); 10 whole days in contacted is not rotting.
        #expect(t.rotting(r) == ["oldLead", "oldContact"])
        #expect(r.rottingCards.count == 2)
        #expect(r.total == 11)
    }

    @Test func rowsCarryTargetsAndOneLineDescriptions() throws {
        let t = try TodayFixture()
        let r = try t.store.today(me: nil, now: pinnedNow)

        let overdue = r.followUps.rows[0]
        #expect(overdue.target == .creator(id: t.creators["mila"]!))
        #expect(overdue.handle == "@mila.cooks" && overdue.text == "Send the contract" && overdue.overdue)
        #expect(overdue.authorHandle == "@ana" && overdue.ownerHandle == "@ana")
        #expect(overdue.line == "@mila.cooks · Send the contract · overdue 2d")
        let tonight = r.followUps.rows[3]
        #expect(!tonight.overdue)
        #expect(tonight.text == "Call about lateTonight")                  // no next step: the summary
        #expect(tonight.line == "@never.live · Call about lateTonight · due in 20h") // 03:30 → 23:30 local

        let breached = r.breachingTickets.rows[0]
        #expect(breached.target == .ticket(id: t.tickets["breached"]!))
        #expect(breached.breached && breached.slaDueAt == pinnedNow - Time.hour)
        #expect(breached.priority == .urgent && breached.status == .new)
        #expect(breached.assigneeHandle == "@tuan" && breached.requesterHandle == "@mila.cooks")
        #expect(breached.key.count >= 4 && breached.key.count < 12)          // the short key
        #expect(breached.line == "\(breached.key) Payout missing · SLA -1h00 breached")
        let soon = r.breachingTickets.rows[1]
        #expect(!soon.breached && soon.slaDueAt == pinnedNow + 30 * Time.minute)
        #expect(soon.line == "\(soon.key) Verification stuck · SLA 30m")

        #expect(r.idleCreators.rows[0].target == .creator(id: t.creators["never"]!))
        #expect(r.idleCreators.rows[0].lastLiveAt == nil)
        #expect(r.idleCreators.rows[0].line == "@never.live · never live")
        #expect(r.idleCreators.rows[1].lastLiveAt == pinnedNow - 10 * Time.day)
        #expect(r.idleCreators.rows[1].line == "@quiet.one · no LIVE for 10d")

        let lead = r.rottingCards.rows[0]
        #expect(lead.target == .creator(id: t.creators["oldLead"]!))
        #expect(lead.stage == Stage.lead && lead.daysInStage == 20 && lead.rotDays == 14 && lead.ownerHandle == "@tuan")
        #expect(lead.line == "@old.lead · lead 20d (rots after 14d)")
        #expect(r.rottingCards.rows[1].line == "@old.contact · contacted 13d (rots after 10d)")
    }

    @Test func meScopesEachSectionToOnePerson() throws {
        let t = try TodayFixture()
        // Ana: follow-ups she wrote, or on creators she owns (Tuan's on @quiet.one); tickets assigned to her.
        let ana = try t.store.today(me: "@ana", now: pinnedNow)
        #expect(ana.me == "@ana")
        #expect(t.followUps(ana) == ["overdue", "tuanOnQuiet", "lateTonight"])
        #expect(ana.followUps.count == 3)
        #expect(t.tickets(ana) == ["soon"] && ana.breachingTickets.count == 1)
        #expect(t.idle(ana) == ["quiet"] && ana.idleCreators.count == 1)
        #expect(t.rotting(ana) == ["oldContact"] && ana.rottingCards.count == 1)
        // Tuan: his own follow-ups, plus Ana's on @never.live, whom he owns.
        let tuan = try t.store.today(me: "@tuan", now: pinnedNow)
        #expect(t.followUps(tuan) == ["tuanOnQuiet", "noon", "lateTonight"])
        #expect(t.tickets(tuan) == ["breached"])
        #expect(t.idle(tuan) == ["never"])
        #expect(t.rotting(tuan) == ["oldLead"])
        // Someone unknown has nothing to do.
        let nobody = try t.store.today(me: "@nobody", now: pinnedNow)
        #expect(nobody.total == 0)
        #expect(nobody.followUps.rows.isEmpty && nobody.breachingTickets.rows.isEmpty)
    }

    @Test func todayEndsAtMidnightInTheTeamZone() throws {
        let t = try TodayFixture()
        let due = { (r: TodayReport) in Set(t.followUps(r)) }
        // Mexico City: 23:30 tonight is in, 00:30 tomorrow is out.
        #expect(due(try t.store.today(me: nil, now: pinnedNow)).contains("lateTonight"))
        #expect(!due(try t.store.today(me: nil, now: pinnedNow)).contains("tomorrow"))
        // The last minute of the local day still ends today; the first of tomorrow takes in tomorrow's.
        #expect(!due(try t.store.today(me: nil, now: TodayFixture.endOfToday - 1)).contains("tomorrow"))
        #expect(due(try t.store.today(me: nil, now: TodayFixture.endOfToday)).contains("tomorrow"))
        // In UTC today (Friday) ends at 18:00 Mexico City time: 23:30 there is tomorrow.
        try t.store.setTeam(.init(name: "MX LIVE", timeZone: "UTC"))
        #expect(due(try t.store.today(me: nil, now: pinnedNow)) == ["overdue", "tuanOnQuiet", "noon"])
    }

    @Test func doneDeletedAndSolvedLeaveTheList() throws {
        let t = try TodayFixture()
        let id = t.activities["overdue"]!
        try t.store.apply(ChangeSet("done", [.update(.activity, id: id, fields: [ActivityField.done.rawValue: FieldValue(true)])]), by: t.ana.id)
        let ticket = t.tickets["breached"]!
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: ticket, kind: .status, at: pinnedNow, actor: .agent,
                                authorID: t.tuan.id, isPublic: false, toValue: "solved")
        try t.store.apply(ChangeSet("solve", [.ticketAction(solve, fields: [TicketField.status.rawValue: FieldValue("solved")])]), by: t.tuan.id)
        let r = try t.store.today(me: nil, now: pinnedNow)
        #expect(t.followUps(r) == ["tuanOnQuiet", "noon", "lateTonight"])
        #expect(t.tickets(r) == ["soon", "edge"])
        // A LIVE today takes @quiet.one off the idle list.
        try t.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 2), creatorID: t.creators["quiet"]!, startedAt: pinnedNow - Time.hour,
                                                 minutes: 30, peakViewers: 1, viewerMinutes: 30, gifts: 0))
        #expect(t.idle(try t.store.today(me: nil, now: pinnedNow)) == ["never"])
    }

    @Test func coachingFollowUpsDueTodayAreTheirAuthorsAndTheTeams() throws {
        let t = try TodayFixture()
        let before = try t.store.today(me: nil, now: pinnedNow).total
        let local = { (iso: String) in Time.parseISO(iso)! }
        @discardableResult func add(_ body: String, on member: Member, by author: Member, due: Millis?, kind: CoachingKind = .followUp) throws -> String {
            try t.store.addCoaching(CoachingDraft(memberID: member.id, kind: kind, body: body, dueAt: due), by: author.id)
        }
        try add("Pair on appeals", on: t.tuan, by: t.ana, due: pinnedNow - Time.hour)                       // overdue: in
        try add("Review macros", on: t.tuan, by: t.ana, due: local("2026-11-20T23:30:00-06:00"))           // tonight: in
        try add("Next week", on: t.tuan, by: t.ana, due: local("2026-11-21T00:30:00-06:00"))               // tomorrow: out
        try add("Undated", on: t.tuan, by: t.ana, due: nil)                                                // no date: out
        try add("A goal", on: t.tuan, by: t.ana, due: pinnedNow - Time.hour, kind: .goal)                  // goals: out
        let done = try add("Done already", on: t.tuan, by: t.ana, due: pinnedNow - Time.day)
        _ = try t.store.setCoachingDone(id: done, true, by: t.ana.id)
        try add("Tuan's own promise", on: t.ana, by: t.tuan, due: pinnedNow - 2 * Time.hour)                // another author
        let ana = try t.store.today(me: "@ana", now: pinnedNow)
        #expect(ana.coachingFollowUps.rows.map(\.text) == ["Pair on appeals", "Review macros"])
        #expect(ana.coachingFollowUps.rows.map(\.memberHandle) == ["@tuan", "@tuan"])
        #expect(ana.coachingFollowUps.rows[0].overdue && !ana.coachingFollowUps.rows[1].overdue)
        #expect(ana.coachingFollowUps.rows[0].target == .oneOnOne(handle: "@tuan"))
        let team = try t.store.today(me: nil, now: pinnedNow)
        #expect(team.coachingFollowUps.rows.map(\.text) == ["Tuan's own promise", "Pair on appeals", "Review macros"])
        #expect(team.total == before + 3)
    }

    @Test func sessionsAddedSinceTheStatisticsCountAtOnceAndAnOldDatabaseAgrees() throws {
        let t = try TodayFixture()
        // After the refresh: a LIVE 8 days ago for @quiet.one (still idle, but its last LIVE is
        // now 8 days ago, not 10) and one 2 days ago for @never.live (no longer idle).
        try t.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 3), creatorID: t.creators["quiet"]!, startedAt: pinnedNow - 8 * Time.day,
                                                 minutes: 30, peakViewers: 1, viewerMinutes: 30, gifts: 0))
        try t.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 4), creatorID: t.creators["never"]!, startedAt: pinnedNow - 2 * Time.day,
                                                 minutes: 30, peakViewers: 1, viewerMinutes: 30, gifts: 0))
        let r = try t.store.today(me: nil, now: pinnedNow)
        #expect(t.idle(r) == ["quiet"] && r.idleCreators.count == 1)
        #expect(r.idleCreators.rows.first?.lastLiveAt == pinnedNow - 8 * Time.day)
        #expect(r.idleCreators.rows.first?.ownerHandle == "@ana")
        // The same rows from the statistics' mark and from the sessions themselves (a database
        // whose statistics were computed before the mark was kept).
        let (withMark, withoutMark) = try t.store.read { db -> ([Row], [Row]) in
            let mark = try #require(try Store.creatorStatsSessionMark(db))
            func rows(_ q: (sql: String, arguments: StatementArguments)) throws -> [Row] {
                try Row.fetchAll(db, sql: q.sql, arguments: q.arguments + ["limit": 50])
            }
            return (try rows(TodaySQL.idleCreators(meID: nil, now: pinnedNow, sessionMark: mark)),
                    try rows(TodaySQL.idleCreators(meID: nil, now: pinnedNow, sessionMark: nil)))
        }
        #expect(withMark == withoutMark)
        #expect(withMark.map { $0["handle"] as String } == ["@quiet.one"])
        // Removing the mark (as an older Greenroom's statistics) gives the same report.
        try t.store.write { db in try db.execute(sql: "DELETE FROM meta WHERE key = 'creator_stats_session_rowid'") }
        #expect(try t.store.today(me: nil, now: pinnedNow).idleCreators == r.idleCreators)
    }

    @Test func idleCreatorsWalkTheBoardIndexAndNoSessionPerCreator() throws {
        let t = try TodayFixture()
        let plan = try t.store.read { db -> String in
            let q = TodaySQL.idleCreators(meID: nil, now: pinnedNow, sessionMark: try Store.creatorStatsSessionMark(db))
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + q.sql, arguments: q.arguments + ["limit": 50]).map { $0["detail"] as String }
                .joined(separator: " | ")
        }
        #expect(plan.contains("live_session USING INTEGER PRIMARY KEY (rowid>?)"), "\(plan)")
        #expect(plan.contains("c USING COVERING INDEX creator_board") || plan.contains("c USING INDEX creator_board"), "\(plan)")
        #expect(!plan.contains("live_session_creator"), "\(plan)")
        // Each creator's statistics: a probe of the idle stretch of the health index, which holds
        // the last LIVE too (v28-idle-covering), never the statistics table itself.
        #expect(plan.contains("st USING COVERING INDEX creator_stats_health (health=? AND creator_id=?)"), "\(plan)")
    }

    @Test func theLimitCapsRowsButNotCounts() throws {
        let t = try TodayFixture()
        let r = try t.store.today(me: nil, now: pinnedNow, limit: 1)
        #expect(r.followUps.rows.count == 1 && r.followUps.count == 4 && r.followUps.more == 3)
        #expect(t.tickets(r) == ["breached"] && r.breachingTickets.count == 3)
        #expect(r.idleCreators.rows.count == 1 && r.idleCreators.count == 2)
        #expect(r.rottingCards.rows.count == 1 && r.rottingCards.count == 2)
        let none = try t.store.today(me: nil, now: pinnedNow, limit: 0)
        #expect(none.total == 11 && none.followUps.rows.isEmpty && none.rottingCards.rows.isEmpty)
    }

    @Test func rottingFollowsTheStageSettings() throws {
        let t = try TodayFixture()
        _ = try t.store.editStages(.setRotDays(stage: Stage.contacted, days: 5), by: nil)
        #expect(t.rotting(try t.store.today(me: nil, now: pinnedNow)) == ["oldContact", "oldLead", "edge"]) // 8, 6 and 5.9 days past
        for stage in [Stage.lead, Stage.contacted, Stage.onboarding] {
            _ = try t.store.editStages(.setRotDays(stage: stage, days: nil), by: nil)
        }
        let r = try t.store.today(me: nil, now: pinnedNow)
        #expect(r.rottingCards == .init(count: 0, rows: []))
    }

    @Test func followUpsAndTicketsWalkTheirIndexes() throws {
        let t = try TodayFixture()
        func plan(_ q: TodaySQL.Query, rows: Bool) throws -> String {
            try t.store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + (rows ? q.rowsSQL : q.countSQL), arguments: q.arguments + ["limit": 50])
                    .map { $0["detail"] as String }.joined(separator: " | ")
            }
        }
        for me in [nil, t.ana.id] {
            let followUps = TodaySQL.followUps(meID: me, endOfToday: TodayFixture.endOfToday)
            let tickets = TodaySQL.breachingTickets(meID: me, now: pinnedNow)
            for rows in [true, false] {
                let f = try plan(followUps, rows: rows)
                #expect(f.contains("activity_follow_up"), "\(f)")
                if me == nil && !rows {
                    // The team's count never looks up each follow-up's creator.
                    #expect(f.contains("creator_tombstones") && !f.contains("sqlite_autoindex_creator"), "\(f)")
                }
                let q = try plan(tickets, rows: rows)
                #expect(q.contains("ticket_queue"), "\(q)")
                if rows {
                    // Read in index order: no sort before the limit.
                    #expect(!f.contains("TEMP B-TREE"), "\(f)")
                    #expect(!q.contains("TEMP B-TREE"), "\(q)")
                }
            }
        }
    }
}
