import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The ticket KPIs of issue 20, on a team in UTC (now: Fri 2026-11-20 09:30Z; W45 = Nov 2–8,
/// W46 = Nov 9–15, W47 = Nov 16–22). Every ticket is created by a change set, as the app does:
/// - A: created Nov 3, solved Nov 6, closed Nov 10 (the "solved early, closed in W46")
/// - B: created Nov 10, solved Nov 12, closed Nov 17, rated good on Nov 20 (first solved in W46, closed later)
/// - C: created Nov 10, solved Nov 11, reopened Nov 13, solved again Nov 18, rated bad
/// - D: created Nov 12, still open
struct TicketKPIFixture {
    let f: Fixture
    var store: Store { f.store }
    var t: [String: String] = [:]
    let calendar = TeamCalendar(zone: TimeZone(identifier: "UTC")!)
    var w45: KPIPeriod { calendar.isoWeek("2026-W45")! }
    var w46: KPIPeriod { calendar.isoWeek("2026-W46")! }
    var w47: KPIPeriod { calendar.isoWeek("2026-W47")! }

    static func utc(_ day: Int, _ hour: Int = 12) -> Millis { Time.parseISO(String(format: "2026-11-%02dT%02d:00:00Z", day, hour))! }

    init() throws {
        f = try Fixture()
        try f.store.setTeam(TeamSettings.Team(name: "Support", timeZone: "UTC"))
        let requester = try f.creator("@req")
        func ticket(_ status: TicketStatus, created: Int, csat: CSAT? = nil, _ statuses: [(Int, String)], rated: Int? = nil) throws -> String {
            let at = Self.utc(created)
            let id = UUIDv7.make(millis: at)
            let tk = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "s", body: "b", requesterCreatorID: requester.id,
                            requesterNetworkID: nil, channel: .inApp, category: .other, priority: .normal, status: status, tier: 1,
                            assigneeID: f.manager.id, csat: csat, createdAt: at)
            var events = [TicketEvent(id: UUIDv7.make(millis: at + Time.hour), ticketID: id, kind: .reply, at: at + Time.hour, actor: .agent,
                                      authorID: f.manager.id, isPublic: true, body: "hi")]
            for (i, s) in statuses.enumerated() {
                let when = Self.utc(s.0) + Millis(i)
                events.append(TicketEvent(id: UUIDv7.make(millis: when), ticketID: id, kind: .status, at: when, actor: .agent, authorID: nil,
                                          isPublic: false, toValue: s.1))
            }
            if let rated, let csat {
                events.append(TicketEvent(id: UUIDv7.make(millis: Self.utc(rated, 8)), ticketID: id, kind: .csat, at: Self.utc(rated, 8),
                                          actor: .requester, authorID: nil, isPublic: false, toValue: csat.rawValue))
            }
            try f.store.apply(ChangeSet("add", [.insertTicket(tk, tags: [], events: events)]), by: nil)
            return id
        }
        t["A"] = try ticket(.closed, created: 3, [(6, "solved"), (10, "closed")])
        t["B"] = try ticket(.closed, created: 10, csat: .good, [(12, "solved"), (17, "closed")], rated: 20)
        t["C"] = try ticket(.solved, created: 10, csat: .bad, [(11, "solved"), (13, "open"), (18, "solved")], rated: 19)
        t["D"] = try ticket(.open, created: 12, [(12, "open")])
    }

    func value(_ id: KPIID, _ p: KPIPeriod) throws -> KPIValue { try store.kpi(id, period: p, scope: .all, now: pinnedNow) }
    func tickets(_ keys: String...) -> [String] { keys.map { t[$0]! }.sorted() }
}

@Suite struct TicketKPITests {
    @Test func aTicketSolvedThenClosedCountsOnceAtItsFirstSolve() throws {
        let k = try TicketKPIFixture()
        // A's close on Nov 10 does not make it a W46 solve: it was solved in W45, in 3 days.
        #expect(try k.value(.ticketsSolved, k.w45).value == 1)
        #expect(try k.value(.resolutionTime, k.w45).median == 72)
        // W46: B (solved Nov 12, closed Nov 17) and C (first solved Nov 11) — not A.
        #expect(try k.store.kpiDrillDown(.ticketsSolved, period: k.w46, scope: .all, now: pinnedNow).ids == k.tickets("B", "C"))
        // Resolution to the first solve: B 48 h, C 24 h (not to C's re-solve on Nov 18).
        let resolution = try k.value(.resolutionTime, k.w46)
        #expect(resolution.median == 36 && resolution.denominator == 2)
        // Backlog at the end of W46: C (reopened Nov 13, solved again only on Nov 18) and D; not B, solved on Nov 12.
        #expect(try k.store.kpiDrillDown(.backlog, period: k.w46, scope: .all, now: pinnedNow).ids == k.tickets("C", "D"))
        // At the end of W45: A was solved (Nov 6); nothing else existed.
        #expect(try k.value(.backlog, k.w45).value == 0)
        // W47: C's re-solve is no new solve; B's close neither.
        #expect(try k.value(.ticketsSolved, k.w47).value == 0)
    }

    @Test func everyRatioStandsOnTheTicketsSolvedCount() throws {
        let k = try TicketKPIFixture()
        let solved = try #require(try k.value(.ticketsSolved, k.w46).value.map(Int.init))
        // CSAT by the first solve's period (B rated on Nov 20, C on Nov 19: both count in W46).
        let csat = try k.value(.csat, k.w46)
        #expect(csat.numerator == 1 && csat.denominator == 2 && csat.responseRate == 1)
        #expect(csat.breakdown.first { $0.label == "response" }?.denominator == solved)
        // Reopen rate: C reopened of B and C.
        let reopen = try k.value(.reopenRate, k.w46)
        #expect(reopen.numerator == 1 && reopen.denominator == solved)
        #expect(try k.value(.resolutionTime, k.w46).denominator == solved)
        // The Review's agent row says the same (all four tickets are the manager's).
        let review = try k.store.weeklyReview(week: k.w46, me: nil, now: pinnedNow)
        let agent = try #require(review.agents.first)
        #expect(agent.solved == solved && agent.reopenRate == 0.5 && agent.csat == 0.5)
        #expect(review.kpis.first { $0.id == .reopenRate }?.value.denominator == solved)
    }

    @Test func drillDownRowsAddUpToTheNumber() throws {
        let k = try TicketKPIFixture()
        for id in [KPIID.ticketsSolved, .backlog, .resolutionTime, .csat, .reopenRate, .firstReplyTime, .slaAttainment, .ticketsCreated] {
            for p in [k.w45, k.w46, k.w47] {
                let drill = try k.store.kpiDrillDown(id, period: p, scope: .all, now: pinnedNow)
                let summary = KPIDrillSummary(id, rows: drill.rows)
                #expect(summary.value == drill.value.value || abs((summary.value ?? -1) - (drill.value.value ?? -2)) < 1e-9, "\(id) \(p)")
                #expect(drill.rows.allSatisfy { $0.cells.count == id.drillColumns.count }, "\(id)")
            }
        }
        // Resolution rows carry their own hours: 48 and 24.
        let rows = try k.store.kpiDrillDown(.resolutionTime, period: k.w46, scope: .all, now: pinnedNow).rows
        #expect(rows.compactMap { $0.cells.first?.number }.sorted() == [24, 48])
        // CSAT lists every solved ticket, the unrated ones in neither count.
        let csat = try k.store.drillDown(.kpi(.csat, k.w46, .all), now: pinnedNow)
        #expect(csat.rows.map(\.figures.first) == [.text("good"), .text("bad")])
        #expect(csat.summary?.value == 0.5 && csat.counted == 1 && csat.base == 2)
    }

    @Test func theCurrentWeekIsReviewedOverItsCompleteDaysAgainstTheSameDaysBefore() throws {
        let k = try TicketKPIFixture()
        let review = try k.store.weeklyReview(week: k.w47, me: nil, now: pinnedNow)
        #expect(review.isPartial && review.span?.days == 4 && review.span?.daysInPeriod == 7)
        #expect(review.period == KPIPeriod(start: TicketKPIFixture.utc(16, 0), end: TicketKPIFixture.utc(20, 0)))
        #expect(review.previousPeriod == KPIPeriod(start: TicketKPIFixture.utc(9, 0), end: TicketKPIFixture.utc(13, 0)))
        #expect(k.calendar.label(try #require(review.span)) == "2026-W47 · partial, 4 of 7 days")
        // The values are those of the four days and the same four days of W46.
        for row in review.kpis {
            #expect(row.value == (try k.value(row.id, review.period)), "\(row.id)")
            #expect(row.previous == (try k.value(row.id, review.previousPeriod)), "\(row.id)")
        }
        // Created Mon–Thu of W46: B, C (Nov 10), D (Nov 12) → 3; of W47: none.
        #expect(review.kpis.first { $0.id == .ticketsCreated }?.previous.value == 3)
        // A week with no complete day yet is refused in one line.
        #expect(throws: GreenroomError.self) { try k.store.weeklyReview(week: k.w47, me: nil, now: TicketKPIFixture.utc(16, 9)) }
    }

    /// A database from before v15 gets first solves, reopenings and status facts from its events.
    @Test func theMigrationDerivesFirstSolvesFromTicketEvents() throws {
        let dir = TempDir()
        let path = dir.file("v13.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator().migrate(queue, upTo: "v13-quiet-triggers")
            try queue.write { db in
                // As the old derivation left it: solved_at at the close, first_solved_at at the first solve, old-style facts.
                try db.execute(sql: """
                    INSERT INTO ticket(id, key, subject, channel, category, priority, status, created_at, first_solved_at, solved_at, hlc)
                    VALUES ('t1', 'AAAAAAAAAAAA', 's', 'email', 'other', 'normal', 'closed', 100, 300, 900, 'h'),
                           ('t2', 'BBBBBBBBBBBB', 's', 'email', 'other', 'normal', 'solved', 100, NULL, 100, 'h');
                    INSERT INTO ticket_event(id, ticket_id, kind, at, actor, to_value, hlc) VALUES
                        ('e1', 't1', 'status', 300, 'agent', 'solved', 'h'), ('e2', 't1', 'status', 500, 'agent', 'open', 'h'),
                        ('e3', 't1', 'status', 700, 'agent', 'solved', 'h'), ('e4', 't1', 'status', 900, 'agent', 'closed', 'h');
                    INSERT INTO ticket_fact(ticket_id, kind, at) VALUES ('t1', 'solve', 300), ('t1', 'reopen', 500), ('t1', 'solve', 700);
                    INSERT INTO kpi_rollup(kpi, unit, start, "end", value) VALUES ('tickets_solved', 'week', 0, 1000, 1);
                    """)
            }
            try queue.close()
        }
        let store = try Store.open(at: path, clock: .fixed(pinnedNow))
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, first_solved_at, reopened_at FROM ticket ORDER BY id").map { [$0[0] as String, "\($0[1] as Int64?)", "\($0[2] as Int64?)"] }
        }
        // t1: first solve 300, reopened 500; t2 (solved with no event): solved at its creation.
        #expect(rows == [["t1", "Optional(300)", "Optional(500)"], ["t2", "Optional(100)", "nil"]])
        let facts = try store.read { db in try Row.fetchAll(db, sql: "SELECT ticket_id, kind, at FROM ticket_fact WHERE kind IN ('solve','reopen') ORDER BY ticket_id, at")
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int64)" } }
        #expect(facts == ["t1 solve 300", "t1 reopen 500", "t1 solve 700", "t2 solve 100"])
        // Values kept by the old definitions are gone.
        #expect(try store.cachedKPICount() == 0)
        let indexes = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket'") }
        #expect(indexes.contains("ticket_first_solved") && !indexes.contains("ticket_solved_kpi"))
    }
}
