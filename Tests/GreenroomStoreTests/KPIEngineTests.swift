import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// A hand-built team in Chicago (CST, UTC−6 after 2026-11-01). Now = Fri 2026-11-20 09:30Z.
/// ISO week 46 = [Mon Nov 9 06:00Z, Mon Nov 16 06:00Z); week 47 = [Nov 16 06:00Z, Nov 23 06:00Z).
///
/// Creators (market, owner) and stage events:
/// - A @amy   US ana:    lead Nov 2, contacted Nov 5, onboarding Nov 10, activated Nov 17 (all 12:00Z)
/// - B @ben   US jordan: activated Oct 1
/// - C @cruz  MX ana:    established Sep 1
/// - D @dee   MX jordan: lead Nov 16 12:00Z, contacted Nov 18 12:00Z
/// - E @eve   US ana:    lead Nov 3, activated Nov 11 (12:00Z)
/// Sessions (minutes, viewer-minutes):
/// - A Sun Nov 15 23:59 CST = Nov 16 05:59Z (60, 600) → week 46; A Nov 18 10:00Z (120, 1000) → week 47
/// - B Nov 16 05:00Z (90, 900) → week 46;  B Mon 00:00 CST = Nov 16 06:00Z (30, 300) → week 47
/// - C Nov 10 12:00Z (60, 100) → week 46
/// - E Nov 19 12:00Z (45, 450) → week 47
/// Tickets (requester, assignee, priority; the high policy counts business hours, Mon–Fri 09–17 UTC):
/// - T1 A, tuan, normal: created Mon Nov 16 10:00Z, public reply 10:30, solved Nov 17 10:00Z, CSAT good
/// - T2 B, —, high: created Tue Nov 17 08:00Z, note 08:10, public reply 09:30, solved 10:00, reopened (open)
///   Nov 18 08:00Z, solved Nov 19 08:00Z, CSAT bad
/// - T3 C, tuan, urgent: created Nov 19 12:00Z, untouched (new)
/// - T4 A, tuan, low: created Nov 10 12:00Z, public reply 13:00, pending 13:01
/// - T5 E, —, normal: created Nov 12 12:00Z, public reply 12:20, solved Nov 16 12:00Z, unrated
struct KPIFixture {
    let f: Fixture
    var store: Store { f.store }
    var c: [String: String] = [:]
    var t: [String: String] = [:]
    let jordan: Member
    let tuan: Member
    let calendar = TeamCalendar(zone: TimeZone(identifier: "America/Chicago")!)
    var w46: KPIPeriod { calendar.isoWeek("2026-W46")! }
    var w47: KPIPeriod { calendar.isoWeek("2026-W47")! }
    var november: KPIPeriod { calendar.monthPeriod(containing: pinnedNow) }

    static func utc(_ text: String) -> Millis { Time.parseISO(text)! }

    init() throws {
        f = try Fixture()
        try f.store.setTeam(TeamSettings.Team(name: "US LIVE", timeZone: "America/Chicago"))
        jordan = Member(id: UUIDv7.make(millis: 5), handle: "@jordan", name: "Jordan", role: .manager, team: "US")
        tuan = Member(id: UUIDv7.make(millis: 7), handle: "@tuan", name: "Tuan", role: .specialist, team: "US", tier: 1)
        try f.store.insertForTesting(jordan)
        try f.store.insertForTesting(tuan)
        _ = try f.store.editSLAPolicy(.high, SLAPolicyEdit(businessHours: true))
        let store = f.store
        func creator(_ handle: String, market: String, owner: String, stages: [(String, String)]) throws -> String {
            let created = Self.utc(stages[0].1)
            let cr = Creator(id: UUIDv7.make(millis: created), handle: handle, displayName: handle, kind: .creator, market: market,
                             language: "en", networkID: nil, ownerID: owner, stage: stages[0].0, source: .outbound, followers: 10,
                             createdAt: created)
            try store.apply(ChangeSet("add", [.insertCreator(cr, tags: [])]), by: nil)
            for (stage, at) in stages.dropFirst() {
                try store.insertForTesting(StageEvent(id: UUIDv7.make(millis: Self.utc(at)), creatorID: cr.id, fromStage: nil, toStage: stage,
                                                      at: Self.utc(at), byMemberID: nil))
            }
            // The creator is in the stage of their latest event, as a move leaves them.
            try store.write { db in
                try db.execute(sql: "UPDATE creator SET stage = ? WHERE id = ?", arguments: [stages.last!.0, cr.id])
                try Derived.refreshStageEntered(db, creatorID: cr.id)
            }
            return cr.id
        }
        let ana = f.manager.id
        c["A"] = try creator("@amy", market: "US", owner: ana, stages: [("lead", "2026-11-02T12:00:00Z"), ("contacted", "2026-11-05T12:00:00Z"),
                                                                        ("onboarding", "2026-11-10T12:00:00Z"), ("activated", "2026-11-17T12:00:00Z")])
        c["B"] = try creator("@ben", market: "US", owner: jordan.id, stages: [("activated", "2026-10-01T12:00:00Z")])
        c["C"] = try creator("@cruz", market: "MX", owner: ana, stages: [("established", "2026-09-01T12:00:00Z")])
        c["D"] = try creator("@dee", market: "MX", owner: jordan.id, stages: [("lead", "2026-11-16T12:00:00Z"), ("contacted", "2026-11-18T12:00:00Z")])
        c["E"] = try creator("@eve", market: "US", owner: ana, stages: [("lead", "2026-11-03T12:00:00Z"), ("activated", "2026-11-11T12:00:00Z")])
        func live(_ key: String, _ at: String, _ minutes: Int, _ viewers: Int) throws {
            try store.insertForTesting(LiveSession(id: UUIDv7.make(millis: Self.utc(at)), creatorID: c[key]!, startedAt: Self.utc(at),
                                                   minutes: minutes, peakViewers: 1, viewerMinutes: viewers, gifts: 0))
        }
        try live("A", "2026-11-16T05:59:00Z", 60, 600)
        try live("A", "2026-11-18T10:00:00Z", 120, 1000)
        try live("B", "2026-11-16T05:00:00Z", 90, 900)
        try live("B", "2026-11-16T06:00:00Z", 30, 300)
        try live("C", "2026-11-10T12:00:00Z", 60, 100)
        try live("E", "2026-11-19T12:00:00Z", 45, 450)

        let tuanID = tuan.id
        /// Events are (minutes after creation, kind, status or nil).
        func ticket(_ requester: String, assignee: String?, _ priority: TicketPriority, _ status: TicketStatus, created: String,
                    csat: CSAT? = nil, events: [(Millis, TicketEventKind, String?)]) throws -> String {
            let at = Self.utc(created)
            let id = UUIDv7.make(millis: at)
            let tk = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "s", body: "b", requesterCreatorID: c[requester]!,
                            requesterNetworkID: nil, channel: .inApp, category: .other, priority: priority, status: status, tier: 1,
                            assigneeID: assignee, csat: csat, createdAt: at)
            let evs = events.enumerated().map { i, e in
                TicketEvent(id: UUIDv7.make(millis: at + e.0 * Time.minute + Millis(i)), ticketID: id, kind: e.1, at: at + e.0 * Time.minute,
                            actor: .agent, authorID: tuanID, isPublic: e.1 == .reply, body: e.1 == .status ? nil : "text",
                            toValue: e.1 == .status ? e.2 : nil)
            }
            try store.apply(ChangeSet("add", [.insertTicket(tk, tags: [], events: evs)]), by: nil)
            return id
        }
        let day: Millis = 24 * 60
        t["T1"] = try ticket("A", assignee: tuanID, .normal, .solved, created: "2026-11-16T10:00:00Z", csat: .good,
                             events: [(30, .reply, nil), (day, .status, "solved")])
        t["T2"] = try ticket("B", assignee: nil, .high, .solved, created: "2026-11-17T08:00:00Z", csat: .bad,
                             events: [(10, .note, nil), (90, .reply, nil), (120, .status, "solved"), (day, .status, "open"), (2 * day, .status, "solved")])
        t["T3"] = try ticket("C", assignee: tuanID, .urgent, .new, created: "2026-11-19T12:00:00Z", events: [])
        t["T4"] = try ticket("A", assignee: tuanID, .low, .pending, created: "2026-11-10T12:00:00Z",
                             events: [(60, .reply, nil), (61, .status, "pending")])
        t["T5"] = try ticket("E", assignee: nil, .normal, .solved, created: "2026-11-12T12:00:00Z",
                             events: [(20, .reply, nil), (4 * day, .status, "solved")])
    }

    func value(_ id: KPIID, _ period: KPIPeriod, _ scope: KPIScope = .all) throws -> KPIValue {
        try store.kpi(id, period: period, scope: scope, now: pinnedNow)
    }

    func drill(_ id: KPIID, _ period: KPIPeriod, _ scope: KPIScope = .all) throws -> KPIDrill {
        try store.kpiDrillDown(id, period: period, scope: scope, now: pinnedNow)
    }

    func creators(_ keys: String...) -> [String] { keys.map { c[$0]! }.sorted() }
    func tickets(_ keys: String...) -> [String] { keys.map { t[$0]! }.sorted() }
}

func kpiClose(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

@Suite struct KPIEngineTests {
    @Test func liveKPIsCountSessionsInTheTeamZonesWeeks() throws {
        let k = try KPIFixture()
        // Week 47: A (120, 1000), B Mon 00:00 local (30, 300), E (45, 450); A's Sunday-23:59 session is week 46.
        #expect(try k.value(.activeCreators, k.w47).value == 3)
        #expect(try k.value(.liveHours, k.w47).value == 195.0 / 60)                       // 3.25 h
        #expect(kpiClose(try k.value(.liveHoursPerActiveCreator, k.w47).value, 3.25 / 3))    // 1.083 h
        #expect(try k.value(.contentConsumption, k.w47).value == 1750)
        #expect(try k.drill(.activeCreators, k.w47).creatorIDs == k.creators("A", "B", "E"))
        // Week 46: A 05:59Z (60, 600), B 05:00Z (90, 900), C (60, 100) → 3 creators, 3.5 h, 1600.
        #expect(try k.value(.activeCreators, k.w46).value == 3)
        #expect(try k.value(.liveHours, k.w46).value == 3.5)
        #expect(try k.value(.contentConsumption, k.w46).value == 1600)
        #expect(try k.drill(.liveHours, k.w46).creatorIDs == k.creators("A", "B", "C"))
        // One series query gives the same as the single periods.
        let series = try k.store.kpiSeries(.liveHours, periods: [k.w46, k.w47], scope: .all, now: pinnedNow)
        #expect(series.map(\.value) == [3.5, 3.25])
        // Days: Sunday Nov 15 local holds A 23:59 (60) and B 23:00 (90); Monday Nov 16 holds B 00:00 (30).
        let sunday = k.calendar.dayPeriod(containing: KPIFixture.utc("2026-11-16T05:59:00Z"))
        let days = try k.store.kpiSeries(.liveHours, periods: [sunday, k.calendar.dayPeriod(containing: sunday.end)], scope: .all, now: pinnedNow)
        #expect(days.map(\.value) == [2.5, 0.5])
    }

    @Test func activityRateNewActivationsAndRetention() throws {
        let k = try KPIFixture()
        // End of week 47: A, B, E activated, C established (D contacted) → base {A, B, C, E};
        // live in week 47: A, B, E → 3 / 4.
        let rate = try k.value(.activityRate, k.w47)
        #expect(rate.value == 0.75 && rate.numerator == 3 && rate.denominator == 4)
        let d = try k.drill(.activityRate, k.w47)
        #expect(d.creatorIDs == k.creators("A", "B", "E") && d.baseIDs == k.creators("A", "B", "C", "E"))
        // End of week 46: A still onboarding, D not yet created → base {B, C, E}; live: B, C → 2 / 3.
        #expect(kpiClose(try k.value(.activityRate, k.w46).value, 2.0 / 3))
        // Activations: A on Nov 17 (week 47), E on Nov 11 (week 46).
        #expect(try k.value(.newActivations, k.w47).value == 1)
        #expect(try k.drill(.newActivations, k.w46).creatorIDs == k.creators("E"))
        // Week-1 retention is unknown until week N has ended: on Fri Nov 20 neither week 47 nor 48 has.
        #expect(try k.value(.week1Retention, k.w46).value == nil)
        #expect(try k.value(.week1Retention, k.w47).value == nil)
        // Once they have: week 46's cohort {E} is live in week 47 → 1; week 47's {A} has nothing in week 48 → 0.
        let dec1 = KPIFixture.utc("2026-12-01T12:00:00Z"), dec30 = KPIFixture.utc("2026-12-30T12:00:00Z")
        #expect(try k.store.kpi(.week1Retention, period: k.w46, scope: .all, now: dec1).value == 1)
        #expect(try k.store.kpi(.week1Retention, period: k.w47, scope: .all, now: dec1).value == 0)
        #expect(try k.store.kpiDrillDown(.week1Retention, period: k.w47, scope: .all, now: dec1).baseIDs == k.creators("A"))
        // Week 4 after week 46 is week 50 (Dec 7–13 local): unknown on Dec 1, 0 by Dec 30.
        #expect(try k.store.kpi(.week4Retention, period: k.w46, scope: .all, now: dec1).value == nil)
        #expect(try k.store.kpi(.week4Retention, period: k.w46, scope: .all, now: dec30).value == 0)
    }

    @Test func pipelineConversionAndTimeInStageOverAMonth() throws {
        let k = try KPIFixture()
        // November cohort (first lead in the month): A, D, E. Reached activated: A, E → 2 / 3.
        // Steps: lead 3/3, contacted 3/3 (E jumped past it), onboarding 2/3, activated 2/2, established 0/2.
        let conversion = try k.value(.pipelineConversion, k.november)
        #expect(kpiClose(conversion.value, 2.0 / 3))
        #expect(conversion.breakdown.map(\.numerator) == [3, 3, 2, 2, 0])
        #expect(conversion.breakdown.map(\.denominator) == [3, 3, 3, 2, 2])
        let d = try k.drill(.pipelineConversion, k.november)
        #expect(d.creatorIDs == k.creators("A", "E") && d.baseIDs == k.creators("A", "D", "E"))
        // Exits in November (days): A lead 3, contacted 5, onboarding 7; D lead 2; E lead 8.
        // Sorted [2, 3, 5, 7, 8]: median 5; p90 = 7 + 0.6 × (8 − 7) = 7.6. Lead alone [2, 3, 8]: median 3.
        let time = try k.value(.medianTimeInStage, k.november)
        #expect(time.value == 5 && kpiClose(time.p90, 7.6) && time.denominator == 5)
        #expect(time.breakdown.first { $0.label == "lead" }?.median == 3)
        #expect(time.breakdown.first { $0.label == "onboarding" }?.median == 7)
        #expect(try k.drill(.medianTimeInStage, k.november).creatorIDs == k.creators("A", "D", "E"))
        // The same numbers as the pipeline screen's funnel.
        let funnel = try k.store.funnel(start: k.november.start, end: k.november.end, now: pinnedNow)
        #expect(funnel.overall == conversion.value)
        #expect(funnel.steps.map(\.reached) == conversion.breakdown.map(\.numerator))
        #expect(funnel.timeInStage.map(\.medianDays) == time.breakdown.map(\.median))
        // Week 47 alone: D joins the cohort and only reaches contacted → 0 / 1.
        #expect(try k.value(.pipelineConversion, k.w47).value == 0)
    }

    @Test func ticketCountsBacklogAndTimes() throws {
        let k = try KPIFixture()
        // Created in week 47: T1, T2, T3. Solved (solve that stands) in week 47: T1 Nov 17, T2 Nov 19, T5 Nov 16.
        #expect(try k.value(.ticketsCreated, k.w47).value == 3)
        #expect(try k.drill(.ticketsCreated, k.w47).ticketIDs == k.tickets("T1", "T2", "T3"))
        #expect(try k.value(.ticketsSolved, k.w47).value == 3)
        #expect(try k.drill(.ticketsSolved, k.w47).ticketIDs == k.tickets("T1", "T2", "T5"))
        // Backlog at the end of week 47: T3 (new), T4 (pending). At the end of week 46: T4, and T5 (solved only on Nov 16 12:00Z).
        #expect(try k.value(.backlog, k.w47).value == 2)
        #expect(try k.drill(.backlog, k.w47).ticketIDs == k.tickets("T3", "T4"))
        #expect(try k.drill(.backlog, k.w46).ticketIDs == k.tickets("T4", "T5"))
        // First reply, tickets created in week 47: T1 30 min; T2 created 08:00 before business hours open at 09:00,
        // replied 09:30 → 30 business minutes (90 calendar). T3 has no reply. Median 30, p90 30.
        let reply = try k.value(.firstReplyTime, k.w47)
        #expect(reply.median == 30 && reply.p90 == 30 && reply.denominator == 2)
        #expect(try k.drill(.firstReplyTime, k.w47).ticketIDs == k.tickets("T1", "T2"))
        // Resolution (created → first solve, hours): T1 24, T2 2 (first solve, not the re-solve), T5 96.
        // Sorted [2, 24, 96]: median 24; p90 = 24 + 0.8 × 72 = 81.6.
        let resolution = try k.value(.resolutionTime, k.w47)
        #expect(resolution.median == 24 && kpiClose(resolution.p90, 81.6))
    }

    @Test func csatSlaAndReopenRate() throws {
        let k = try KPIFixture()
        // Solved in week 47: T1 good, T2 bad, T5 unrated → CSAT 1 / 2, response rate 2 / 3.
        let csat = try k.value(.csat, k.w47)
        #expect(csat.value == 0.5 && kpiClose(csat.responseRate, 2.0 / 3))
        let csatDrill = try k.drill(.csat, k.w47)
        #expect(csatDrill.ticketIDs == k.tickets("T1") && csatDrill.baseIDs == k.tickets("T1", "T2"))
        // SLA targets due in week 47: T1 first reply (due Nov 16 18:00) and resolution (Nov 19 10:00) achieved;
        // T2 first reply (4 business h from 09:00 → 13:00) and resolution (9 of 24 business h used) achieved;
        // T3 first reply (13:00 Nov 19) and resolution (20:00 Nov 19) breached → 4 / 6.
        let sla = try k.value(.slaAttainment, k.w47)
        #expect(sla.numerator == 4 && sla.denominator == 6)
        let slaDrill = try k.drill(.slaAttainment, k.w47)
        #expect(slaDrill.ticketIDs == k.tickets("T1", "T2") && slaDrill.baseIDs == k.tickets("T1", "T2", "T3"))
        // Week 46: T4 first reply and T5 first reply achieved, T5 resolution (due Nov 15 12:00, solved Nov 16) breached → 2 / 3.
        // T4's resolution is paused (pending), so not counted.
        let sla46 = try k.value(.slaAttainment, k.w46)
        #expect(sla46.numerator == 2 && sla46.denominator == 3)
        // Reopen rate: of the tickets first solved in week 47 (T5 Nov 16, T1 Nov 17, T2 Nov 17), T2 was reopened
        // (Nov 18) → 1 / 3; the base is the 3 tickets solved, re-solves do not count again.
        let reopen = try k.value(.reopenRate, k.w47)
        #expect(reopen.numerator == 1 && reopen.denominator == 3 && reopen.value == 1.0 / 3)
        #expect(reopen.denominator == Int(try k.value(.ticketsSolved, k.w47).value ?? -1))
        let reopenDrill = try k.drill(.reopenRate, k.w47)
        #expect(reopenDrill.ticketIDs == k.tickets("T2") && reopenDrill.baseIDs == k.tickets("T1", "T2", "T5"))
    }

    @Test func scopesNarrowToMarketManagerAndAgent() throws {
        let k = try KPIFixture()
        // Market MX: creators C, D. No MX session in week 47; T3 (requester C) created.
        #expect(try k.value(.activeCreators, k.w47, .market("MX")).value == 0)
        #expect(try k.value(.activeCreators, k.w46, .market("MX")).value == 1)
        #expect(try k.drill(.ticketsCreated, k.w47, .market("MX")).ticketIDs == k.tickets("T3"))
        // Manager @ana owns A, C, E: live in week 47 A, E; tickets raised by them in week 47: T1 (A), T3 (C).
        #expect(try k.drill(.activeCreators, k.w47, .manager("@ana")).creatorIDs == k.creators("A", "E"))
        #expect(try k.drill(.ticketsCreated, k.w47, .manager("ana")).ticketIDs == k.tickets("T1", "T3"))
        // Activity rate for @ana at the end of week 47: base {A, C, E}, live {A, E} → 2 / 3.
        #expect(kpiClose(try k.value(.activityRate, k.w47, .manager("@ana")).value, 2.0 / 3))
        // Manager @jordan owns B, D: B live in week 47.
        #expect(try k.value(.activeCreators, k.w47, .manager("@jordan")).value == 1)
        // Agent @tuan: assigned T1, T3, T4. Week 47: created T1, T3; solved T1; backlog T3, T4;
        // SLA: T1 2 achieved, T3 2 breached → 1 / 2.
        #expect(try k.drill(.ticketsCreated, k.w47, .agent("@tuan")).ticketIDs == k.tickets("T1", "T3"))
        #expect(try k.drill(.ticketsSolved, k.w47, .agent("@tuan")).ticketIDs == k.tickets("T1"))
        #expect(try k.drill(.backlog, k.w47, .agent("@tuan")).ticketIDs == k.tickets("T3", "T4"))
        #expect(try k.value(.slaAttainment, k.w47, .agent("@tuan")).value == 0.5)
        // An unknown member scopes to nothing.
        #expect(try k.value(.ticketsCreated, k.w47, .agent("@nobody")).value == 0)
    }

    @Test func everyKPIsDrillDownHasExactlyTheCountedRows() throws {
        let k = try KPIFixture()
        for id in KPIID.allCases {
            for period in [k.w46, k.w47, k.november] {
                let v = try k.value(id, period)
                let d = try k.drill(id, period)
                #expect(d.subject == (id.isTicketKPI ? .tickets : .creators))
                switch id {
                case .activeCreators, .ticketsCreated, .ticketsSolved, .backlog:
                    #expect(Double(d.ids.count) == v.value, "\(id)")
                case .activityRate, .pipelineConversion, .week1Retention, .week4Retention:
                    #expect(d.ids.count == v.numerator && d.baseIDs.count == v.denominator, "\(id)")
                case .firstReplyTime, .resolutionTime:
                    #expect(d.ids.count == v.denominator, "\(id)") // one sample per ticket
                default:
                    break
                }
                // A series of one equals the single value.
                #expect(try k.store.kpiSeries(id, periods: [period], scope: .all, now: pinnedNow) == [v], "\(id)")
            }
        }
    }

    @Test func aSeriesEqualsItsPeriodsOneByOne() throws {
        let k = try KPIFixture()
        // Fourteen days and five weeks (in order, so the batched paths run), and overlapping periods.
        let runs = [k.calendar.lastN(14, .day, endingAt: pinnedNow), k.calendar.lastN(5, .week, endingAt: pinnedNow),
                    [k.november, k.w46, k.w47]]
        for periods in runs {
            for id in KPIID.allCases {
                let series = try k.store.kpiSeries(id, periods: periods, scope: .all, now: pinnedNow)
                let single = try periods.map { try k.value(id, $0) }
                #expect(series == single, "\(id)")
            }
        }
        #expect(try k.store.kpiSeries(.backlog, periods: [], scope: .all, now: pinnedNow).isEmpty)
        // Backlog at each of the last 5 week ends: T4 from Nov 10, T5 Nov 12–16, T3 from Nov 19.
        #expect(try k.store.kpiSeries(.backlog, periods: k.calendar.lastN(5, .week, endingAt: pinnedNow), scope: .all, now: pinnedNow)
            .map(\.value) == [0, 0, 0, 2, 2])
    }

    @Test func sessionAndTicketQueriesUseTheirIndexes() throws {
        let k = try KPIFixture()
        let periods = k.calendar.lastN(14, .day, endingAt: pinnedNow)
        try k.store.read { db in
            for scope in [KPIScope.all, .market("US"), .manager("@ana"), .agent("@tuan")] {
                let s = try KPIScopeSQL(scope, db)
                let queries = [
                    Store.kpiSessionsSQL(periods, s, viewers: false).replacingOccurrences(of: "%@", with: "COUNT(DISTINCT ls.creator_id)") + " GROUP BY p.i",
                    Store.kpiTicketCountSQL(column: "created_at", periods, s).replacingOccurrences(of: "%@", with: "COUNT(*)") + " GROUP BY p.i",
                    Store.kpiTicketCountSQL(column: "first_solved_at", periods, s).replacingOccurrences(of: "%@", with: "t.id"),
                    Store.kpiBacklogSQL(s).moved.replacingOccurrences(of: ":end", with: "5"),
                    Store.kpiBacklogSQL(s).open.replacingOccurrences(of: ":maxEnd", with: "5").replacingOccurrences(of: "%@", with: "COUNT(*)"),
                    Store.kpiBacklogCountSQL(s).open,
                    Store.kpiBacklogCountSQL(s).created.replacingOccurrences(of: ":end", with: "5").replacingOccurrences(of: "%@", with: "t.created_at"),
                    Store.kpiBacklogCountSQL(s).solves.replacingOccurrences(of: ":end", with: "5").replacingOccurrences(of: "%@", with: "f.at"),
                    Store.kpiFactsSQL([.firstReply, .nextReply, .resolution], periods, s),
                ]
                for sql in queries {
                    let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: s.arguments).map { $0["detail"] as String }
                    // No full table scan: only the period list, or an index (e.g. the tombstone partial index).
                    let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN p") && !$0.contains("CONSTANT ROW") && !$0.contains("USING") }
                    #expect(scans.isEmpty, "\(scope): \(plan)")
                    // The session / ticket rows are reached by an index search.
                    // (The backlog's open tickets: the whole open-queue partial index, which holds only them.)
                    #expect(plan.contains { $0.hasPrefix("SEARCH ls USING") || $0.hasPrefix("SEARCH t USING") || $0.hasPrefix("SEARCH f USING")
                                            || ($0.hasPrefix("SCAN t USING") && $0.hasSuffix("INDEX ticket_queue")) },
                            "\(scope): \(plan)")
                }
            }
        }
    }
}
