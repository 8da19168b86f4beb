import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Campaign progress, pace, tiers and breakdown against hand-computed fixtures.
///
/// The team is in New York; the campaign runs 2026-10-30 … 2026-11-02 (four local days,
/// across the end of daylight-saving time on 2026-11-01): its window is
/// [2026-10-30T04:00Z, 2026-11-03T05:00Z), 97 hours long.
@Suite struct CampaignStoreTests {
    static let start = Time.parseISO("2026-10-30T04:00:00Z")!
    static let end = Time.parseISO("2026-11-03T05:00:00Z")!

    struct World {
        let f: Fixture
        let campaign: Campaign
        let mila: Creator, rafa: Creator, nova: Creator
    }

    /// mila: enrolled before the start; sessions just before the window (not counted), at its
    /// first instant, on both sides of the DST change (two local days: Nov 1 twice, Nov 2),
    /// and at the window's end (not counted). rafa: joined mid-campaign (2026-11-01T12:00Z);
    /// a session before joining is not counted. nova: nothing.
    static func world(metric: CampaignMetric = .liveHours) throws -> World {
        let f = try Fixture()
        try f.store.setTeam(TeamSettings.Team(name: "US LIVE", timeZone: "America/New_York"))
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa"), nova = try f.creator("@nova")
        func session(_ c: Creator, _ iso: String, minutes: Int, gifts: Int) throws {
            let at = Time.parseISO(iso)!
            try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: at), creatorID: c.id, startedAt: at, minutes: minutes,
                                                     peakViewers: 1, viewerMinutes: 1, gifts: gifts))
        }
        try session(mila, "2026-10-30T03:59:59Z", minutes: 600, gifts: 1000) // 23:59:59 EDT Oct 29: before
        try session(mila, "2026-10-30T04:00:00Z", minutes: 60, gifts: 10)     // first instant
        try session(mila, "2026-11-01T05:30:00Z", minutes: 90, gifts: 20)     // 01:30 EDT Nov 1
        try session(mila, "2026-11-01T06:30:00Z", minutes: 30, gifts: 5)      // 01:30 EST Nov 1 (same local day)
        try session(mila, "2026-11-03T04:30:00Z", minutes: 45, gifts: 7)      // 23:30 EST Nov 2
        try session(mila, "2026-11-03T05:00:00Z", minutes: 500, gifts: 500)   // 00:00 EST Nov 3: after
        try session(rafa, "2026-11-01T11:00:00Z", minutes: 120, gifts: 100)   // before rafa joined
        try session(rafa, "2026-11-01T13:00:00Z", minutes: 75, gifts: 30)
        let campaign = try f.store.addCampaign(CampaignEdit(name: "11.11 push", kind: .saleEvent, start: "2026-10-30", end: "2026-11-02",
                                                            metric: metric, target: 20, owner: "@ana", status: .running))
        try f.store.enrol(campaignID: campaign.id, creatorIDs: [mila.id, nova.id], target: 10, joinedAt: start - Time.day)
        try f.store.enrol(campaignID: campaign.id, creatorIDs: [rafa.id], target: 10, joinedAt: Time.parseISO("2026-11-01T12:00:00Z")!)
        return World(f: f, campaign: campaign, mila: mila, rafa: rafa, nova: nova)
    }

    func progress(_ w: World, now: Millis = pinnedNow) throws -> [String: Double] {
        let page = try w.f.store.campaignPage(id: w.campaign.id, offset: 0, limit: 10, now: now)
        return Dictionary(uniqueKeysWithValues: page.rows.map { ($0.handle, $0.progress) })
    }

    @Test func windowFollowsTheTeamTimeZoneAcrossDaylightSaving() throws {
        let w = try Self.world()
        #expect(w.campaign.window(zone: TimeZone(identifier: "America/New_York")!) == Self.start..<Self.end)
    }

    @Test func liveHoursCountInsideTheWindowAndFromJoinedAt() throws {
        let w = try Self.world()
        // mila: 60 + 90 + 30 + 45 = 225 min; rafa: 75 min (the 120 before joining is not counted).
        #expect(try progress(w) == ["@mila": 3.75, "@rafa": 1.25, "@nova": 0])
        let page = try w.f.store.campaignPage(id: w.campaign.id, offset: 0, limit: 10, now: pinnedNow)
        #expect(page.rows.map(\.handle) == ["@mila", "@rafa", "@nova"])
        #expect(page.rows.map(\.rank) == [1, 2, 3])
    }

    @Test func giftsActiveDaysAndWorkshopsUseTheirOwnSources() throws {
        #expect(try progress(try Self.world(metric: .gifts)) == ["@mila": 42, "@rafa": 30, "@nova": 0])
        // mila: Oct 30, Nov 1 (both sides of the change are one local day), Nov 2 = 3 days.
        #expect(try progress(try Self.world(metric: .activeDays)) == ["@mila": 3, "@rafa": 1, "@nova": 0])
        let w = try Self.world(metric: .workshopsAttended)
        for (kind, iso) in [(ActivityKind.workshop, "2026-10-31T15:00:00Z"), (.workshop, "2026-11-03T05:00:00Z"), (.call, "2026-10-31T16:00:00Z")] {
            let at = Time.parseISO(iso)!
            try w.f.store.insertForTesting(Activity(id: UUIDv7.make(millis: at), creatorID: w.nova.id, kind: kind, authorID: nil, at: at,
                                                    summary: "x", nextStep: nil, followUpDue: nil, done: false))
        }
        #expect(try progress(w) == ["@mila": 0, "@rafa": 0, "@nova": 1])
    }

    @Test func dailySeriesAndSummaryAddUp() throws {
        let w = try Self.world()
        let detail = try #require(try w.f.store.campaignDetail(id: w.campaign.id, now: pinnedNow))
        // Oct 30: 60 min; Oct 31: 0; Nov 1: 90 + 30 + rafa 75; Nov 2: 45.
        #expect(detail.daily == [1, 0, 3.25, 0.75])
        #expect(detail.summary.progress == 5)
        #expect(detail.summary.enrolled == 3)
        #expect(detail.summary.pace == 20) // ended: the whole goal
        #expect(detail.summary.daysLeft == 0)
    }

    @Test func paceIsAStraightLineAndAtRiskUsesTheTeamMargin() throws {
        let w = try Self.world()
        // Halfway through the 97-hour window: 48.5 h after the start.
        let half = Self.start + 97 * Time.hour / 2
        let detail = try #require(try w.f.store.campaignDetail(id: w.campaign.id, now: half))
        #expect(detail.summary.pace == 10)
        let rows = try w.f.store.campaignPage(id: w.campaign.id, offset: 0, limit: 10, now: half).rows
        let byHandle = Dictionary(uniqueKeysWithValues: rows.map { ($0.handle, $0) })
        #expect(byHandle["@mila"]?.pace == 5)
        // rafa joined 2026-11-01T12:00Z, after `half` (2026-11-01T04:30Z): no pace yet, not at risk.
        #expect(byHandle["@rafa"]?.pace == 0)
        #expect(byHandle["@rafa"]?.atRisk == false)
        // mila 3.75 vs pace 5: 1.25 behind = 12.5% of 10 > 10% margin. nova: 5 behind.
        #expect(byHandle["@mila"]?.atRisk == true)
        #expect(byHandle["@nova"]?.atRisk == true)
        #expect(detail.atRisk == 2)
        try w.f.store.setCampaignRiskMargin(20)
        let relaxed = try w.f.store.campaignPage(id: w.campaign.id, listing: .atRisk, offset: 0, limit: 10, now: half)
        #expect(relaxed.rows.map(\.handle) == ["@nova"])
        #expect(throws: GreenroomError.self) { try w.f.store.setCampaignRiskMargin(101) }
    }

    @Test func tiersReachedAndNextDistance() throws {
        let w = try Self.world()
        try w.f.store.setTier(campaignID: w.campaign.id, threshold: 1, reward: "Bronze", amount: 20)
        try w.f.store.setTier(campaignID: w.campaign.id, threshold: 3, reward: "Silver", amount: 50)
        try w.f.store.setTier(campaignID: w.campaign.id, threshold: 8, reward: "Gold", amount: 120)
        let rows = try w.f.store.campaignPage(id: w.campaign.id, offset: 0, limit: 10, now: pinnedNow).rows
        #expect(rows.map(\.tier) == ["Silver", "Bronze", nil])
        #expect(rows.map(\.nextTier) == ["Gold", "Silver", "Bronze"])
        #expect(rows.map(\.toNextTier) == [4.25, 1.75, 1])
        let detail = try #require(try w.f.store.campaignDetail(id: w.campaign.id, now: pinnedNow))
        #expect(detail.tiers.map(\.creators) == [1, 1, 0])
        #expect(detail.tiers.map(\.payout) == [20, 50, 0])
        // Setting a threshold again changes that tier instead of adding one.
        try w.f.store.setTier(campaignID: w.campaign.id, threshold: 3, reward: "Silver+", amount: 60)
        #expect(try w.f.store.campaignTiers(w.campaign.id).map(\.reward) == ["Bronze", "Silver+", "Gold"])
        #expect(try w.f.store.removeTier(campaignID: w.campaign.id, threshold: 1))
        #expect(try w.f.store.campaignTiers(w.campaign.id).count == 2)
    }

    @Test func planSplitsEvenlyOrByBaselineAndShowsTheGap() throws {
        let w = try Self.world()
        let even = try w.f.store.campaignPlan(id: w.campaign.id, split: .even, now: pinnedNow)
        // 20 over 3 by handle (@mila, @nova, @rafa): 7, 7, 6.
        #expect(even.rows.map(\.handle) == ["@mila", "@nova", "@rafa"])
        #expect(even.rows.map(\.proposed) == [7, 7, 6])
        #expect(even.currentGap == 10) // 30 enrolled targets against a goal of 20
        #expect(even.proposedGap == 0)
        // Baseline: the 30 days before 2026-10-30. mila 600 min (10 h), rafa 0, nova 0 → all 20 to mila.
        let base = try w.f.store.campaignPlan(id: w.campaign.id, split: .baseline, now: pinnedNow)
        #expect(base.rows.map(\.baseline) == [10, 0, 0])
        #expect(base.rows.map(\.proposed) == [20, 0, 0])
        try w.f.store.applyPlan(campaignID: w.campaign.id, even)
        #expect(try w.f.store.campaignPlan(id: w.campaign.id, split: .even, now: pinnedNow).currentGap == 0)
    }

    @Test func writesValidateAndLeaveDataUnchanged() throws {
        let w = try Self.world()
        let s = w.f.store
        let before = try s.campaigns()
        #expect(throws: GreenroomError.invalidInput("there is already a campaign called \"11.11 PUSH\"")) {
            try s.addCampaign(CampaignEdit(name: "11.11 PUSH", start: "2026-12-01", end: "2026-12-02"))
        }
        #expect(throws: GreenroomError.invalidInput("the campaign ends (2026-11-30) before it starts (2026-12-01)")) {
            try s.addCampaign(CampaignEdit(name: "Payday", start: "2026-12-01", end: "2026-11-30"))
        }
        #expect(throws: GreenroomError.self) { try s.addCampaign(CampaignEdit(name: "Bad\u{1B}[2J", start: "today", end: "+3d")) }
        #expect(throws: GreenroomError.self) { try s.addCampaign(CampaignEdit(name: String(repeating: "x", count: 81), start: "today", end: "+3d")) }
        #expect(throws: GreenroomError.self) { try s.addCampaign(CampaignEdit(name: "Owned", start: "today", end: "+3d", owner: "@nobody")) }
        #expect(throws: GreenroomError.self) { try s.editCampaign(id: w.campaign.id, CampaignEdit(start: "2026-13-01")) }
        #expect(throws: GreenroomError.self) { try s.setTier(campaignID: w.campaign.id, threshold: 0, reward: "x", amount: 1) }
        #expect(throws: GreenroomError.self) { try s.setTargets(campaignID: w.campaign.id, [w.mila.id: -1]) }
        #expect(try s.campaigns() == before)
        // Enrolling twice adds nobody; unenrolling then enrolling revives the same row.
        #expect(try s.enrol(campaignID: w.campaign.id, creatorIDs: [w.mila.id]) == (added: 0, already: 1))
        #expect(try s.unenrol(campaignID: w.campaign.id, creatorIDs: [w.mila.id]) == 1)
        #expect(try progress(w).keys.sorted() == ["@nova", "@rafa"])
        #expect(try s.enrol(campaignID: w.campaign.id, creatorIDs: [w.mila.id], joinedAt: Self.start) == (added: 1, already: 0))
        #expect(try s.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign_enrolment") } == 3)
    }

    @Test func creatorDetailListsTheCreatorsCampaigns() throws {
        let w = try Self.world()
        try w.f.store.setTier(campaignID: w.campaign.id, threshold: 3, reward: "Silver", amount: 50)
        let detail = try #require(try w.f.store.creatorDetail(id: w.mila.id, now: pinnedNow))
        #expect(detail.campaigns.map(\.name) == ["11.11 push"])
        #expect(detail.campaigns.first?.progress == 3.75)
        #expect(detail.campaigns.first?.tier == "Silver")
    }

    @Test func progressQueriesUseCoveringIndexes() throws {
        let w = try Self.world()
        for metric in CampaignMetric.allCases {
            let sql = "SELECT " + Store.progressSQL(metric, from: "MAX(?, e.joined_at)", zone: TimeZone(identifier: "America/New_York")!,
                                                   span: Self.start..<Self.end) + " FROM campaign_enrolment e WHERE e.campaign_id = ?"
            let plan = try w.f.store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [0, 0, w.campaign.id]).map { $0["detail"] as String }.joined(separator: "\n")
            }
            #expect(plan.contains("COVERING INDEX"), "\(metric): \(plan)")
        }
    }

    @Test func enrolmentIDsAreTheSameOnEveryLaptop() {
        let a = CampaignEnrolment.id(campaign: "019a0000-0000-7000-8000-000000000001", creator: "019a0000-0000-7000-8000-000000000002")
        #expect(a == CampaignEnrolment.id(campaign: "019a0000-0000-7000-8000-000000000001", creator: "019a0000-0000-7000-8000-000000000002"))
        #expect(a != CampaignEnrolment.id(campaign: "019a0000-0000-7000-8000-000000000001", creator: "019a0000-0000-7000-8000-000000000003"))
        #expect(UUIDv7.isValid(a))
    }
}

@Suite struct CampaignMathTests {
    @Test func largestRemainderKeepsTheSumAndBreaksTiesInOrder() {
        #expect(CampaignMath.split(10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(CampaignMath.split(100, weights: [1, 2, 3]) == [17, 33, 50])
        #expect(CampaignMath.split(7, weights: [0, 0]) == [4, 3])
        #expect(CampaignMath.split(0, weights: [1, 2]) == [0, 0])
        #expect(CampaignMath.split(5, weights: [2.5, 2.5, 0]) == [3, 2, 0])
    }

    @Test func paceAndElapsed() {
        let w: Range<Millis> = 0..<100
        #expect(CampaignMath.pace(target: 50, window: w, now: -5) == 0)
        #expect(CampaignMath.pace(target: 50, window: w, now: 40) == 20)
        #expect(CampaignMath.pace(target: 50, window: w, now: 200) == 50)
        #expect(CampaignMath.pace(target: 50, window: w, from: 50, now: 75) == 25)
        #expect(!CampaignMath.isAtRisk(progress: 0, target: 50, window: w, from: nil, now: 100, margin: 10))
        #expect(CampaignMath.isAtRisk(progress: 14, target: 50, window: w, from: nil, now: 40, margin: 10))
        #expect(!CampaignMath.isAtRisk(progress: 15, target: 50, window: w, from: nil, now: 40, margin: 10))
    }
}
