import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The Review's grouped tables, the drill-downs and the cohort table against the KPI engine
/// run one scope at a time: the same numbers whichever way they are computed.
@Suite(.serialized) struct ReviewTests {
    static let dir = TempDir()
    static let path: String = {
        let p = dir.file("demo.sqlite")
        _ = try! Store.generateDemo(at: p, options: DemoOptions(creators: 300, tickets: 900, days: 120), clock: .fixed(pinnedNow))
        return p
    }()
    let store: Store
    let week: KPIPeriod

    init() throws {
        store = try Store.open(at: ReviewTests.path, clock: .fixed(pinnedNow))
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        week = calendar.weekPeriod(containing: calendar.startOfISOWeek(pinnedNow) - 1)
    }

    func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x - y) < 1e-9
        default: return false
        }
    }

    @Test func theReviewAgreesWithTheEngineScopeByScope() throws {
        let r = try store.weeklyReview(me: "@ana", now: pinnedNow)
        #expect(r.period == week)
        #expect(r.week == TeamCalendar(zone: try store.teamSettings().zone).isoWeekString(week.start))
        for row in r.kpis {
            #expect(row.value == (try store.kpi(row.id, period: week, scope: .all, now: pinnedNow)), "\(row.id)")
            #expect(row.trend.count == 12)
        }
        #expect(!r.agents.isEmpty && !r.managers.isEmpty)
        for a in r.agents {
            let scope = KPIScope.agent(a.handle)
            #expect(a.solved == (try store.kpi(.ticketsSolved, period: week, scope: scope, now: pinnedNow).numerator), "\(a.handle)")
            #expect(close(a.slaAttainment, try store.kpi(.slaAttainment, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.csat, try store.kpi(.csat, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.reopenRate, try store.kpi(.reopenRate, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
            #expect(close(a.medianFirstReplyMinutes, try store.kpi(.firstReplyTime, period: week, scope: scope, now: pinnedNow).value), "\(a.handle)")
        }
        for m in r.managers {
            let scope = KPIScope.manager(m.handle)
            #expect(close(m.activityRate, try store.kpi(.activityRate, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
            #expect(close(m.liveHours, try store.kpi(.liveHours, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
            #expect(m.newActivations == (try store.kpi(.newActivations, period: week, scope: scope, now: pinnedNow).numerator), "\(m.handle)")
            #expect(close(m.conversion, try store.kpi(.pipelineConversion, period: week, scope: scope, now: pinnedNow).value), "\(m.handle)")
        }
        let owned = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM creator WHERE deleted = 0 AND owner_id IS NOT NULL") }
        #expect(r.managers.reduce(0) { $0 + $1.creators } == owned)
        // Categories add up to the tickets created; breaches are due in the week and breached.
        #expect(r.categories.reduce(0) { $0 + $1.count } == (try store.kpi(.ticketsCreated, period: week, scope: .all, now: pinnedNow).numerator))
        #expect(!r.breached.isEmpty)
        #expect(r.breached.allSatisfy { week.contains($0.due) })
        let sla = try store.kpiDrillDown(.slaAttainment, period: week, scope: .all, now: pinnedNow)
        #expect(Set(r.breached.map(\.id)).isSubset(of: Set(sla.baseIDs)))
        // Today's counts are the Today screen's.
        let today = try store.today(me: "@ana", now: pinnedNow)
        #expect(r.today == WeeklyReview.TodayCounts(me: "@ana", followUps: today.followUps.count, breachingTickets: today.breachingTickets.count,
                                                   idleCreators: today.idleCreators.count, rottingCards: today.rottingCards.count))
        // The screen asks without them (it does not show them); everything else is the same.
        var withoutToday = try store.weeklyReview(me: "@ana", now: pinnedNow, withToday: false)
        #expect(withoutToday.today == nil)
        withoutToday.today = r.today
        #expect(withoutToday == r)
    }

    /// Every manager and agent row equals the engine run for that one person.
    func expectTablesMatchTheEngine(_ store: Store, _ r: WeeklyReview, _ context: String) throws {
        for m in r.managers {
            let scope = KPIScope.manager(m.handle)
            #expect(close(m.activityRate, try store.kpi(.activityRate, period: week, scope: scope, now: pinnedNow).value), "\(context) \(m.handle)")
            #expect(close(m.liveHours, try store.kpi(.liveHours, period: week, scope: scope, now: pinnedNow).value), "\(context) \(m.handle)")
            #expect(m.newActivations == (try store.kpi(.newActivations, period: week, scope: scope, now: pinnedNow).numerator), "\(context) \(m.handle)")
            #expect(close(m.conversion, try store.kpi(.pipelineConversion, period: week, scope: scope, now: pinnedNow).value), "\(context) \(m.handle)")
        }
        for a in r.agents {
            let scope = KPIScope.agent(a.handle)
            #expect(a.solved == (try store.kpi(.ticketsSolved, period: week, scope: scope, now: pinnedNow).numerator), "\(context) \(a.handle)")
            #expect(close(a.slaAttainment, try store.kpi(.slaAttainment, period: week, scope: scope, now: pinnedNow).value), "\(context) \(a.handle)")
            #expect(close(a.reopenRate, try store.kpi(.reopenRate, period: week, scope: scope, now: pinnedNow).value), "\(context) \(a.handle)")
            #expect(close(a.csat, try store.kpi(.csat, period: week, scope: scope, now: pinnedNow).value), "\(context) \(a.handle)")
            #expect(close(a.medianFirstReplyMinutes, try store.kpi(.firstReplyTime, period: week, scope: scope, now: pinnedNow).median),
                    "\(context) \(a.handle)")
        }
    }

    /// A complete week's per-manager figures are kept, and dropped by any change that reaches
    /// them — a back-dated session, a creator changing owner — whoever writes; a ticket's facts
    /// follow its reassignment.
    @Test func theKeptManagerTableAndTheAgentTableFollowEveryChange() throws {
        let dir = TempDir()
        let path = dir.file("review.sqlite")
        _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 300, tickets: 900, days: 120), clock: .fixed(pinnedNow))
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        func kept(_ part: String = "review_managers") throws -> Int {
            try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi = ? AND pending = 0", arguments: [part]) ?? 0 }
        }
        let first = try store.weeklyReview(me: nil, now: pinnedNow)
        #expect(try kept() == 1 && kept("review_agents") == 1)
        let again = try store.weeklyReview(me: nil, now: pinnedNow)
        #expect(again.managers == first.managers && again.agents == first.agents)
        try expectTablesMatchTheEngine(store, first, "kept")

        // A session dated inside the week, written straight into the table (as a sync would).
        let (creator, owner) = try store.read { db -> (String, String) in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT c.id, m.handle FROM creator c JOIN member m ON m.id = c.owner_id WHERE c.deleted = 0 ORDER BY c.id LIMIT 1
                """))
            return (row[0], row[1])
        }
        let at = week.start + 2 * Time.day
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO live_session(id, creator_id, started_at, minutes, peak_viewers, viewer_minutes, gifts, hlc)
                VALUES (?, ?, ?, 600, 1, 1, 0, ?)
                """, arguments: [UUIDv7.make(millis: at), creator, at, Store.genesis.encoded])
        }
        #expect(try kept() == 0)
        #expect(try kept("review_agents") == 1, "a session changes no agent figure")
        let second = try store.weeklyReview(me: nil, now: pinnedNow)
        let before = try #require(first.managers.first { $0.handle == owner }), after = try #require(second.managers.first { $0.handle == owner })
        #expect(abs(after.liveHours - before.liveHours - 10) < 1e-9)
        try expectTablesMatchTheEngine(store, second, "after a session")
        #expect(try kept() == 1)

        // A card moved today (a creator who entered the pipeline in the week reaches the next
        // stage): that week's conversion changes, so the kept figures go and are computed again.
        try store.write { db in
            let mover = try #require(try Row.fetchOne(db, sql: """
                SELECT e.creator_id, c.stage FROM stage_event e JOIN creator c ON c.id = e.creator_id
                WHERE e.at >= ? AND e.at < ? AND e.deleted = 0 AND c.deleted = 0 AND c.stage IN ('contacted', 'onboarding')
                  AND NOT EXISTS (SELECT 1 FROM stage_event x WHERE x.creator_id = e.creator_id AND x.at < ?)
                ORDER BY e.creator_id LIMIT 1
                """, arguments: [week.start, week.end, week.start]))
            let next = (mover[1] as String) == "contacted" ? "onboarding" : "activated"
            try db.execute(sql: """
                INSERT INTO stage_event(id, creator_id, from_stage, to_stage, at, hlc) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [UUIDv7.make(millis: pinnedNow - Time.minute), mover[0] as String, mover[1] as String, next,
                                 pinnedNow - Time.minute, Store.genesis.encoded])
            try db.execute(sql: "UPDATE creator SET stage = ?, stage_entered_at = ? WHERE id = ?",
                           arguments: [next, pinnedNow - Time.minute, mover[0] as String])
        }
        #expect(try kept() == 0)
        try expectTablesMatchTheEngine(store, try store.weeklyReview(me: nil, now: pinnedNow), "after a move today")
        #expect(try kept() == 1)
        // A card moved today whose creator has no stage event in the week leaves the week's
        // kept figures alone (their conversion counts in their own entry's week).
        try store.write { db in
            let other = try #require(try Row.fetchOne(db, sql: """
                SELECT c.id, c.stage FROM creator c WHERE c.deleted = 0 AND c.stage IN ('contacted', 'onboarding')
                  AND NOT EXISTS (SELECT 1 FROM stage_event x WHERE x.creator_id = c.id AND x.at >= ?)
                ORDER BY c.id LIMIT 1
                """, arguments: [week.start]))
            let next = (other[1] as String) == "contacted" ? "onboarding" : "activated"
            try db.execute(sql: """
                INSERT INTO stage_event(id, creator_id, from_stage, to_stage, at, hlc) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [UUIDv7.make(millis: pinnedNow - 2 * Time.minute), other[0] as String, other[1] as String, next,
                                 pinnedNow - 2 * Time.minute, Store.genesis.encoded])
            try db.execute(sql: "UPDATE creator SET stage = ?, stage_entered_at = ? WHERE id = ?",
                           arguments: [next, pinnedNow - 2 * Time.minute, other[0] as String])
        }
        #expect(try kept() == 1)
        try expectTablesMatchTheEngine(store, try store.weeklyReview(me: nil, now: pinnedNow), "after a move of an older creator")

        // A creator changes owner; a ticket solved in the week changes assignee.
        try store.write { db in
            let other = try #require(try String.fetchOne(db, sql: """
                SELECT id FROM member WHERE id <> (SELECT owner_id FROM creator WHERE id = ?) AND role = 'manager' LIMIT 1
                """, arguments: [creator]))
            try db.execute(sql: "UPDATE creator SET owner_id = ? WHERE id = ?", arguments: [other, creator])
            let ticket = try #require(try String.fetchOne(db, sql: """
                SELECT id FROM ticket WHERE first_solved_at >= ? AND first_solved_at < ? AND assignee_id IS NOT NULL AND deleted = 0 ORDER BY id LIMIT 1
                """, arguments: [week.start, week.end]))
            let agent = try #require(try String.fetchOne(db, sql: """
                SELECT id FROM member WHERE id <> (SELECT assignee_id FROM ticket WHERE id = ?) AND role = 'specialist' LIMIT 1
                """, arguments: [ticket]))
            try db.execute(sql: "UPDATE ticket SET assignee_id = ? WHERE id = ?", arguments: [agent, ticket])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_fact WHERE ticket_id = ? AND assignee_id IS NOT ?",
                                     arguments: [ticket, agent]) == 0)
        }
        #expect(try kept() == 0 && kept("review_agents") == 0)
        let third = try store.weeklyReview(me: nil, now: pinnedNow)
        try expectTablesMatchTheEngine(store, third, "after reassignments")
        #expect(try kept("review_agents") == 1)

        // A ticket answered in the week gets a CSAT rating (as an import or a sync would write
        // it): the agent's CSAT moves, the kept table is dropped and computed again.
        try store.write { db in
            let rated = try #require(try String.fetchOne(db, sql: """
                SELECT id FROM ticket WHERE first_solved_at >= ? AND first_solved_at < ? AND assignee_id IS NOT NULL AND deleted = 0 AND csat IS NULL
                ORDER BY id LIMIT 1
                """, arguments: [week.start, week.end]))
            try db.execute(sql: "UPDATE ticket SET csat = 'bad' WHERE id = ?", arguments: [rated])
        }
        #expect(try kept("review_agents") == 0)
        let fourth = try store.weeklyReview(me: nil, now: pinnedNow)
        try expectTablesMatchTheEngine(store, fourth, "after a rating")
        #expect(fourth.agents != third.agents)

        // A member joins: the table is recomputed (SLA counts are for members only).
        try store.write { db in
            try db.execute(sql: "INSERT INTO member(id, handle, name, role, hlc) VALUES ('m-new', '@new', 'New', 'specialist', ?)",
                           arguments: [Store.genesis.encoded])
        }
        #expect(try kept("review_agents") == 0)
        #expect(third.managers != second.managers && third.agents != second.agents)

        // The screen asks for the latest breached tickets only (each with all its breached
        // targets of the week); the count is the whole, and the drill lists them all in order.
        let few = try store.weeklyReview(me: nil, now: pinnedNow, breachedLimit: 2)
        #expect(third.breached.count > 2)
        #expect(few.breached == Array(third.breached.prefix(2)))
        #expect(third.breached.contains { $0.targets.count > 1 })
        #expect(few.breachedCount == third.breached.count && third.breachedCount == third.breached.count)
        let drill = try store.drillDown(.breached(week, .all), now: pinnedNow)
        #expect(drill.rows.filter(\.counted).map(\.target) == third.breached.map { .ticket($0.id) })

        // Ticket counts are kept for the week and the one before; a ticket of the week changing
        // category drops that week's only, and the categories are counted again.
        #expect(try kept("review_tickets") == 2)
        let (recategorized, from) = try store.read { db -> (String, String) in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT id, category FROM ticket WHERE created_at >= ? AND created_at < ? AND deleted = 0 ORDER BY id LIMIT 1
                """, arguments: [week.start, week.end]))
            return (row[0], row[1])
        }
        let to = from == TicketCategory.other.rawValue ? TicketCategory.campaign.rawValue : TicketCategory.other.rawValue
        try store.write { db in try db.execute(sql: "UPDATE ticket SET category = ? WHERE id = ?", arguments: [to, recategorized]) }
        #expect(try kept("review_tickets") == 1)
        let fifth = try store.weeklyReview(me: nil, now: pinnedNow)
        func count(_ r: WeeklyReview, _ c: String) -> Int { r.categories.first { $0.category.rawValue == c }?.count ?? 0 }
        #expect(count(fifth, from) == count(third, from) - 1 && count(fifth, to) == count(third, to) + 1)
        #expect(fifth.categories.map(\.previous) .reduce(0, +) == third.categories.map(\.previous).reduce(0, +))
        #expect(try kept("review_tickets") == 2)
    }

    @Test func drillDownsListExactlyTheRowsCounted() throws {
        for id in [KPIID.activeCreators, .activityRate, .backlog, .slaAttainment, .csat] {
            let drill = try store.kpiDrillDown(id, period: week, scope: .all, now: pinnedNow)
            let result = try store.drillDown(.kpi(id, week, .all), now: pinnedNow)
            let counted = result.rows.filter(\.counted).map(\.target)
            let expected = drill.ids.map { id.isTicketKPI ? DrillRow.Target.ticket($0) : .creator($0) }
            #expect(counted == expected, "\(id)")
            #expect(result.base == Set(drill.ids + drill.baseIDs).count, "\(id)")
            // The first rows come identified; the rest a window at a time (`DrillScreen`).
            #expect(result.rows.prefix(Store.drillFirstIdentities).allSatisfy { $0.cells.count == result.columns.count })
            #expect(result.rows.dropFirst(Store.drillFirstIdentities).allSatisfy { !$0.identified })
        }
        let payouts = try store.drillDown(.category(.rewardsPayout, week, .all), now: pinnedNow)
        let review = try store.weeklyReview(me: nil, now: pinnedNow)
        #expect(payouts.counted == review.categories.first { $0.category == .rewardsPayout }?.count ?? 0)
    }

    @Test func theCohortTableIsWeekNRetention() throws {
        let later = pinnedNow + 70 * Time.day
        let table = try store.cohortTable(now: later)
        #expect(table.rows.count == 12 && table.weeks == 8)
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        var checked = 0
        for row in table.rows where row.size > 0 {
            for n in [1, 4] {
                guard let retained = row.retained[n] else { continue }
                let kpi = try store.kpi(n == 1 ? .week1Retention : .week4Retention, period: row.week, scope: .all, now: later)
                #expect(kpi.denominator == row.size, "\(row.label)")
                #expect(kpi.numerator == retained, "\(row.label) week \(n)")
                let drill = try store.drillDown(.cohort(week: row.week.start, n: n), now: later)
                #expect(drill.counted == retained && drill.base == row.size)
                checked += 1
            }
            // A week that has not ended has no value.
            let lastEnded = (0...8).last { calendar.addDays(7 * ($0 + 1), to: row.week.start) <= later }
            #expect(row.retained.enumerated().allSatisfy { ($0.element != nil) == ($0.offset <= (lastEnded ?? -1)) }, "\(row.label)")
        }
        #expect(checked > 0)
    }
}

/// Issue 23: a KPI drill-down of more rows than it identifies at once; the rest are read by id
/// later and say the same thing the whole lookup said.
@Suite struct LargeDrillTests {
    @Test func theFirstRowsComeIdentifiedAndTheRestReadByIDAgree() throws {
        let f = try Fixture()
        let day = KPIPeriod(start: pinnedNow - 30 * Time.day, end: pinnedNow)
        for i in 0..<(Store.drillFirstIdentities + 40) {
            let c = try f.creator(String(format: "@big%03d", i), stage: Stage.activated, createdAt: pinnedNow - 40 * Time.day)
            let s = LiveSession(id: UUIDv7.make(millis: pinnedNow - Time.day + Millis(i)), creatorID: c.id, startedAt: pinnedNow - Time.day, minutes: 30,
                                peakViewers: 10, viewerMinutes: 100, gifts: 0)
            try f.store.insertForTesting(s)
        }
        let result = try f.store.drillDown(.kpi(.activeCreators, day, .all), now: pinnedNow)
        #expect(result.rows.count == Store.drillFirstIdentities + 40)
        #expect(result.rows.prefix(Store.drillFirstIdentities).allSatisfy { $0.identified && $0.cells[0].hasPrefix("@big") })
        let rest = result.rows.dropFirst(Store.drillFirstIdentities)
        #expect(rest.allSatisfy { !$0.identified })
        let later = try f.store.drillIdentities(.creators, rest.map(\.id))
        #expect(later.count == 40 && later.values.allSatisfy { $0[0].hasPrefix("@big") && $0[2] == Stage.activated && $0[4] == "@ana" })
    }
}
