import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The KPI pane's cache (`kpi_rollup`) against the raw computation: after every kind of write —
/// through the app's change sets, and straight into the tables as an import or a sync would —
/// the cached values equal a fresh `kpiSeries` over the same periods.
@Suite(.serialized) struct KPIRollupTests {
    let dir = TempDir()
    let store: Store
    let units: [(KPIPeriodUnit, Int)] = [(.day, 14), (.week, 12), (.month, 4)]

    init() throws {
        let path = dir.file("demo.sqlite")
        _ = try Store.generateDemo(at: path, options: DemoOptions(creators: 300, tickets: 900, days: 120), clock: .fixed(pinnedNow))
        store = try Store.open(at: path, clock: .fixed(pinnedNow))
    }

    func raw(_ unit: KPIPeriodUnit, _ count: Int, now: Millis = pinnedNow) throws -> [KPIID: [KPIValue]] {
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        let periods = store.kpiPanelPeriods(unit: unit, count: count, now: now, calendar: calendar)
        var out: [KPIID: [KPIValue]] = [:]
        for id in KPIID.allCases { out[id] = try store.kpiSeries(id, periods: periods, scope: .all, now: now) }
        return out
    }

    /// The panel (filling what is missing) equals the raw computation, and a second read is
    /// served entirely from the cache with the same values.
    func expectPanelMatchesRaw(_ context: String) throws {
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        for (unit, count) in units {
            let panel = try store.kpiPanel(unit: unit, count: count, now: pinnedNow)
            let expected = try raw(unit, count)
            for series in panel {
                #expect(series.values == expected[series.id], "\(context): \(unit) \(series.id.rawValue)")
            }
            // Read again: served from the cache, every value (week-N retention of periods whose
            // week N has not ended is kept until the next ISO week starts).
            let cachedBefore = try store.cachedKPICount()
            let again = try store.kpiPanel(unit: unit, count: count, now: pinnedNow)
            #expect(try store.cachedKPICount() == cachedBefore, "\(context): \(unit)")
            #expect(again == panel, "\(context): \(unit)")
            let cached = try store.cachedKPIs(unit: unit, periods: store.kpiPanelPeriods(unit: unit, count: count, now: pinnedNow, calendar: calendar), now: pinnedNow)
            for id in KPIID.allCases {
                #expect(cached[id]?.count == count, "\(context): \(unit) \(id.rawValue) not all cached")
            }
        }
    }

    func ids(_ sql: String) throws -> [String] { try store.read { db in try String.fetchAll(db, sql: sql) } }

    @Test func theCacheFollowsEveryKindOfWrite() throws {
        #expect(try store.cachedKPICount() == 0)
        try expectPanelMatchesRaw("cold")
        let full = try store.cachedKPICount()
        #expect(full == KPIID.allCases.count * (14 + 12 + 4))
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        let today = calendar.startOfDay(pinnedNow)

        // A session "now" reaches no complete period of the session KPIs; only week-N retention
        // of the cohorts activated in the weeks before changes.
        func cachedExceptRetention() throws -> Int {
            try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi NOT LIKE '%retention'") ?? 0 }
        }
        let nonRetention = try cachedExceptRetention()
        let creator = try #require(try ids("SELECT id FROM creator WHERE deleted = 0 AND stage = 'activated' LIMIT 1").first)
        try store.insertForTesting(LiveSession(id: UUIDv7.make(millis: pinnedNow), creatorID: creator, startedAt: pinnedNow - Time.minute,
                                               minutes: 30, peakViewers: 4, viewerMinutes: 80, gifts: 0))
        #expect(try cachedExceptRetention() == nonRetention)
        try expectPanelMatchesRaw("session now")

        // A back-dated session (an import) three days ago.
        let threeDaysAgo = today - 3 * Time.day + 5 * Time.hour
        try store.insertForTesting(LiveSession(id: UUIDv7.make(millis: threeDaysAgo), creatorID: creator, startedAt: threeDaysAgo,
                                               minutes: 95, peakViewers: 9, viewerMinutes: 700, gifts: 2))
        #expect(try store.cachedKPICount() < full)
        try expectPanelMatchesRaw("back-dated session")

        // A first public reply today on a ticket created days ago (first reply time of its creation day).
        let old = try #require(try ids("""
            SELECT id FROM ticket WHERE deleted = 0 AND status = 'new' AND first_reply_at IS NULL AND created_at < \(today - 2 * Time.day)
            ORDER BY created_at LIMIT 1
            """).first ?? ids("SELECT id FROM ticket WHERE deleted = 0 AND status = 'new' LIMIT 1").first)
        let reply = TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: old, kind: .reply, at: pinnedNow, actor: .agent, authorID: nil,
                                isPublic: true, body: "On it")
        try store.apply(ChangeSet("reply", [.ticketAction(reply, fields: ["status": FieldValue("open")])]), by: nil)
        try expectPanelMatchesRaw("reply to an old ticket")

        // Solving, then undoing the solve.
        let open = try #require(try ids("SELECT id FROM ticket WHERE deleted = 0 AND status = 'open' ORDER BY created_at LIMIT 1").first)
        let solve = TicketEvent(id: UUIDv7.make(millis: pinnedNow + 1), ticketID: open, kind: .status, at: pinnedNow, actor: .agent,
                                authorID: nil, isPublic: false, fromValue: "open", toValue: "solved")
        let inverse = try store.apply(ChangeSet("solve", [.ticketAction(solve, fields: ["status": FieldValue("solved")])]), by: nil)
        try expectPanelMatchesRaw("solve")
        try store.apply(inverse, by: nil)
        try expectPanelMatchesRaw("undo of the solve")

        // A back-dated stage event straight into the table (as a sync applies one), then the
        // creator deleted and restored through the app.
        let lead = try #require(try ids("SELECT id FROM creator WHERE deleted = 0 AND stage = 'onboarding' LIMIT 1").first)
        let tenDaysAgo = today - 10 * Time.day
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO stage_event(id, creator_id, from_stage, to_stage, at, hlc) VALUES (?, ?, 'onboarding', 'activated', ?, 'x')
                """, arguments: [UUIDv7.make(millis: tenDaysAgo), lead, tenDaysAgo])
            // The synced stage field arrives with it.
            try db.execute(sql: "UPDATE creator SET stage = 'activated' WHERE id = ?", arguments: [lead])
            try Derived.refreshStageEntered(db, creatorID: lead)
        }
        try expectPanelMatchesRaw("synced stage event")
        // A card moved today whose creator entered the pipeline days ago: that entry's
        // periods' conversion changes (and only periods holding one of their events may).
        let mover = try #require(try ids("""
            SELECT c.id FROM creator c WHERE c.deleted = 0 AND c.stage IN ('lead', 'contacted')
              AND EXISTS (SELECT 1 FROM stage_event e WHERE e.creator_id = c.id AND e.to_stage = 'lead' AND e.deleted = 0
                          AND e.at >= \(today - 12 * Time.day) AND e.at < \(today - 2 * Time.day))
            ORDER BY c.id LIMIT 1
            """).first)
        let conversionRows = { try self.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kpi_rollup WHERE kpi = 'pipeline_conversion'") ?? 0 } }
        _ = try store.kpiPanel(unit: .day, count: 14, now: pinnedNow)
        let before = try conversionRows()
        try store.apply(ChangeSet("move", [.moveStage(creatorID: mover, to: "onboarding", reason: nil)]), by: nil)
        #expect(try conversionRows() < before)
        #expect(try conversionRows() > 0, "periods without the mover's events are kept")
        try expectPanelMatchesRaw("card moved today")
        let deleted = try store.apply(ChangeSet("delete", [.update(.creator, id: creator, fields: [CreatorField.deleted.rawValue: FieldValue(true)])]), by: nil)
        try expectPanelMatchesRaw("creator deleted")
        try store.apply(deleted, by: nil)
        try expectPanelMatchesRaw("creator restored")

        // A ticket deleted straight in the table: its facts go with it when derived again.
        let solved = try #require(try ids("SELECT id FROM ticket WHERE deleted = 0 AND status = 'solved' ORDER BY created_at DESC LIMIT 1").first)
        try store.write { db in
            try db.execute(sql: "UPDATE ticket SET deleted = 1 WHERE id = ?", arguments: [solved])
            try Derived.refreshTicket(db, ticketID: solved)
        }
        try expectPanelMatchesRaw("ticket deleted")

        // A new time zone moves every period: the cache starts again.
        try store.setTeam(TeamSettings.Team(name: "Creator Ops", timeZone: "Asia/Kuala_Lumpur"))
        #expect(try store.cachedKPICount() == 0)
        try expectPanelMatchesRaw("new zone")
    }

    /// Week-N retention of a period whose cohort has not reached week N changes with time alone,
    /// when a new ISO week starts: it is kept until then, and recomputed after.
    @Test func immatureRetentionIsKeptUntilTheNextISOWeekStarts() throws {
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        let before = try store.kpiPanel(unit: .day, count: 60, now: pinnedNow)
        let periods = store.kpiPanelPeriods(unit: .day, count: 60, now: pinnedNow, calendar: calendar)
        let nextWeek = calendar.addDays(7, to: calendar.startOfISOWeek(pinnedNow))
        // Just before the next week: still the same values, all from the cache.
        let cached = try store.cachedKPICount()
        #expect(try store.kpiValuesCached(unit: .day, periods: periods, settings: store.teamSettings(), now: nextWeek - 1) == before)
        #expect(try store.cachedKPICount() == cached)
        // Once it starts, some cohorts have reached week N: the same 60 days read at the new
        // week's start equal a raw computation then, and differ from the kept values.
        var changed = false
        for id in [KPIID.week1Retention, .week4Retention] {
            let old = try #require(before.first { $0.id == id }).values
            let now = try store.kpiValuesCached(unit: .day, periods: periods, settings: store.teamSettings(), now: nextWeek)
            let fresh = try store.kpiSeries(id, periods: periods, scope: .all, now: nextWeek)
            #expect(try #require(now.first { $0.id == id }).values == fresh, "\(id.rawValue)")
            changed = changed || fresh != old
        }
        #expect(changed, "the fixture must have a cohort that reaches week N at the week boundary")
    }

    @Test func aWriteDuringAFillIsNotOverwrittenByTheStaleValue() throws {
        let calendar = TeamCalendar(zone: try store.teamSettings().zone)
        let periods = store.kpiPanelPeriods(unit: .day, count: 3, now: pinnedNow, calendar: calendar)
        // A filler placed its markers and computed live hours from a snapshot...
        let stale = try store.kpiSeries(.liveHours, periods: periods, scope: .all, now: pinnedNow)
        try store.write { db in try Store.placeRollups([.liveHours], periods, [:], unit: .day, fill: 42, db) }
        // ...then a session lands in the middle period before the values are stored.
        let creator = try #require(try ids("SELECT id FROM creator WHERE deleted = 0 LIMIT 1").first)
        let at = periods[1].start + Time.hour
        try store.insertForTesting(LiveSession(id: UUIDv7.make(millis: at), creatorID: creator, startedAt: at, minutes: 600,
                                               peakViewers: 1, viewerMinutes: 1, gifts: 0))
        try store.write { db in
            try Store.storeRollups([.liveHours: Dictionary(uniqueKeysWithValues: stale.enumerated().map { ($0, $1) })], periods,
                                   unit: .day, fill: 42, validUntil: { _, _ in nil }, db)
        }
        // Only the period before the session kept the computed value; the panel recomputes the rest.
        #expect(try store.cachedKPICount() == 1)
        let panel = try store.kpiPanel(unit: .day, count: 3, now: pinnedNow)
        let hours = try #require(panel.first { $0.id == .liveHours })
        #expect(hours.values == (try store.kpiSeries(.liveHours, periods: periods, scope: .all, now: pinnedNow)))
        #expect(hours.values[1].value == stale[1].value.map { $0 + 10 })
    }
}
