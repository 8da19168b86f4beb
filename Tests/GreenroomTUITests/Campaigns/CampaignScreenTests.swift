import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// A running 11.11 sale (days 2026-11-06 … 2026-11-29, UTC), an ended payday sale, and one
/// with a hostile name.
enum CampaignFixtures {
    static let window = Time.parseISO("2026-11-06T00:00:00Z")!..<Time.parseISO("2026-11-30T00:00:00Z")!

    static func campaign(_ id: String, _ name: String, status: CampaignStatus = .running, metric: CampaignMetric = .liveHours, target: Int = 650) -> Campaign {
        Campaign(id: id, name: name, kind: .saleEvent, startDate: "2026-11-06", endDate: "2026-11-29", metric: metric, target: target,
                 ownerID: "m1", status: status)
    }

    static let summaries = [
        CampaignSummary(campaign: campaign("k1", "11.11 Mega Sale"), ownerHandle: "@ana", window: window, enrolled: 64, progress: 396.5, pace: 384.2, daysLeft: 10),
        CampaignSummary(campaign: campaign("k2", "Payday\u{1B}[2J Sale", status: .ended, metric: .gifts, target: 14_000), ownerHandle: nil,
                        window: window, enrolled: 13, progress: 10_825, pace: 14_000, daysLeft: 0),
    ]

    static func standing(_ rank: Int, _ id: String, _ handle: String, progress: Double, target: Int, tier: String?, next: String?, to: Double?, risk: Bool = false) -> CampaignStanding {
        CampaignStanding(rank: rank, creatorID: id, handle: handle, displayName: handle.dropFirst().capitalized, target: target,
                         joinedAt: window.lowerBound, progress: progress, pace: Double(target) * 0.58, tier: tier, nextTier: next, toNextTier: to, atRisk: risk)
    }

    static let page = CampaignPage(total: 3, offset: 0, rows: [
        standing(1, "c2", "@mila.cooks", progress: 26.1, target: 20, tier: "Silver", next: "Gold", to: 23.9),
        standing(2, "c1", "@djrafa", progress: 12.0, target: 15, tier: "Bronze", next: "Silver", to: 13),
        standing(3, "c3", "@zoe.live", progress: 2.5, target: 10, tier: nil, next: "Bronze", to: 7.5, risk: true),
    ])

    static let tiers = [CampaignTier(id: "t1", campaignID: "k1", threshold: 10, reward: "Bronze", amount: 20),
                        CampaignTier(id: "t2", campaignID: "k1", threshold: 25, reward: "Silver", amount: 60),
                        CampaignTier(id: "t3", campaignID: "k1", threshold: 50, reward: "Gold", amount: 150)]

    static let detail = CampaignDetail(summary: summaries[0],
                                       tiers: zip(tiers, [1, 1, 0]).map { CampaignDetail.TierCount(tier: $0, creators: $1) },
                                       daily: [20, 35, 40, 41, 30, 28, 0], atRisk: 1, riskMargin: 10)

    /// A model on an open 11.11 with its first page loaded.
    static func openModel() -> Model {
        var m = loadedModel()
        _ = press(&m, .char("C"))
        _ = update(&m, .campaigns(.loaded(summaries)))
        _ = press(&m, .enter)
        _ = update(&m, .campaigns(.detailLoaded(id: "k1", detail)))
        _ = update(&m, .campaigns(.pageLoaded(id: "k1", listing: .all, page)))
        return m
    }
}

@Suite struct CampaignUpdateTests {
    @Test func cOpensTheListAndEnterOpensACampaignWithItsFirstPage() {
        var m = loadedModel()
        #expect(press(&m, .char("C")) == [.campaigns(.load)])
        _ = update(&m, .campaigns(.loaded(CampaignFixtures.summaries)))
        let h = m.campaignRowsHeight
        #expect(press(&m, .enter) == [.campaigns(.loadDetail(id: "k1")), .campaigns(.loadPage(id: "k1", listing: .all, offset: 0, limit: h * 3)),
                                      .campaigns(.loadDaily(id: "k1"))])
        guard case .campaigns(let s) = m.screen else { Issue.record("not on campaigns"); return }
        #expect(s.open?.id == "k1")
    }

    @Test func thePaletteOpensCampaignsToo() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "campaigns" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.campaigns(.load)])
        guard case .campaigns = m.screen else { Issue.record("not on campaigns"); return }
    }

    @Test func enterOnACreatorOpensTheDetailAndEscComesBack() {
        var m = CampaignFixtures.openModel()
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.creator(.loadDetail(id: "c1"))])
        guard case .creator(let c) = m.screen else { Issue.record("not on the creator"); return }
        #expect(c.id == "c1")
        let back = press(&m, .esc)
        #expect(back.contains(.campaigns(.loadDetail(id: "k1"))))
        guard case .campaigns(let s) = m.screen else { Issue.record("did not come back"); return }
        #expect(s.open?.list.cursor == 1)
        // Esc: from the campaign to the list, then to the panes.
        #expect(press(&m, .esc) == [.campaigns(.load)])
        press(&m, .esc)
        #expect(m.screen == .main)
    }

    @Test func scrollingPastTheWindowAsksForTheNextPage() {
        var m = loadedModel()
        press(&m, .char("C"))
        _ = update(&m, .campaigns(.loaded(CampaignFixtures.summaries)))
        press(&m, .enter)
        let h = m.campaignRowsHeight
        let rows = (0..<(h * 3)).map { CampaignFixtures.standing($0 + 1, "x\($0)", "@c\($0)", progress: 1, target: 1, tier: nil, next: nil, to: nil) }
        _ = update(&m, .campaigns(.pageLoaded(id: "k1", listing: .all, CampaignPage(total: 20_000, offset: 0, rows: rows))))
        #expect(press(&m, .pageDown) == [])
        let commands = press(&m, .pageDown, .pageDown)
        #expect(commands.contains { if case .campaigns(.loadPage(id: "k1", listing: .all, offset: let o, limit: _)) = $0 { return o > 0 } else { return false } })
        // A reply for the other listing is ignored.
        _ = update(&m, .campaigns(.pageLoaded(id: "k1", listing: .atRisk, CampaignPage(total: 1, offset: 0, rows: []))))
        guard case .campaigns(let s) = m.screen else { return }
        #expect(s.open?.list.total == 20_000)
    }

    @Test func atRiskTogglesTheListing() {
        var m = CampaignFixtures.openModel()
        let commands = press(&m, .char("a"))
        #expect(commands.contains { if case .campaigns(.loadPage(id: "k1", listing: .atRisk, offset: 0, limit: _)) = $0 { return true } else { return false } })
        #expect(m.toast?.text == "Only creators at risk")
    }

    @Test func editATargetValidatesTheNumber() {
        var m = CampaignFixtures.openModel()
        press(&m, .char("e"))
        guard case .prompt(let p)? = m.overlay else { Issue.record("no prompt"); return }
        #expect(p.input.text == "20")
        press(&m, .backspace, .backspace)
        for c in "x1" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [])
        guard case .prompt(let bad)? = m.overlay else { Issue.record("the prompt closed on a bad number"); return }
        #expect(bad.error?.hasPrefix("a target is a whole number") == true)
        press(&m, .backspace, .backspace)
        for c in "30" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.campaigns(.setTarget(campaignID: "k1", creatorID: "c2", target: 30))])
    }

    @Test func unenrolAsksFirst() {
        var m = CampaignFixtures.openModel()
        press(&m, .char("d"))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirm"); return }
        #expect(c.message == "Unenrol @mila.cooks from 11.11 Mega Sale?")
        #expect(press(&m, .char("y")) == [.campaigns(.unenrol(campaignID: "k1", creatorIDs: ["c2"]))])
    }

    @Test func splittingTheGoalShowsTheGapBeforeApplying() {
        var m = CampaignFixtures.openModel()
        press(&m, .char("p"))
        press(&m, .down)
        #expect(press(&m, .enter) == [.campaigns(.loadPlan(id: "k1", split: .baseline))])
        let plan = CampaignPlan(goal: 650, split: .baseline, rows: [
            .init(creatorID: "c1", handle: "@djrafa", baseline: 10, current: 300, proposed: 200),
            .init(creatorID: "c2", handle: "@mila.cooks", baseline: 22.5, current: 340, proposed: 450),
        ], baselineWindow: nil)
        _ = update(&m, .campaigns(.planLoaded(id: "k1", plan)))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirm"); return }
        #expect(c.message == "Baseline split: 650 over 2, 200–450 each; gap −10 → 0. Apply?")
        #expect(press(&m, .enter) == [.campaigns(.applyPlan(id: "k1", split: .baseline))])
    }

    @Test func enrolTakesTheRosterSelectionAndClearsItAfter() {
        var m = loadedModel()
        press(&m, .char("x"), .char("x"))
        #expect(m.roster.selection == ["c1", "c2"])
        press(&m, .char(":"))
        for c in "enrol 11.11" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.campaigns(.enrol(campaign: "11.11", creatorIDs: ["c1", "c2"]))])
        _ = update(&m, .campaigns(.enrolled("Enrolled 2 in 11.11 Mega Sale · C opens campaigns")))
        #expect(m.roster.selection.isEmpty)
        // Without a selection, the creator under the cursor; without a name, a reason.
        press(&m, .char(":"))
        for c in "enrol" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [])
        #expect(m.toast?.kind == .error)
    }
}

@Suite struct CampaignViewTests {
    @Test func theListShowsStatusDaysLeftAndProgressAgainstPace() {
        var m = loadedModel()
        press(&m, .char("C"))
        _ = update(&m, .campaigns(.loaded(CampaignFixtures.summaries)))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("┏Campaigns · 2━"))
        #expect(lines[2] == "┃  campaign             status    left progress agains…                     progress  pace enrolled┃")
        // 61% of the goal against a pace of 59%: the marker sits at the bar's edge.
        #expect(lines[3] == "┃ ▶11.11 Mega Sale      running    10d █████████│░░░░░░            396.5 / 650 h 61%   59%       64┃")
        // The hostile name is drawn with its escape character made visible, never sent.
        // The figures are never cut short: the bar gives way first.
        #expect(lines[4] == "┃  Payday␛[2J Sale      ended    ended ████████████░░░│    10,825 / 14,000 gifts 77%  100%       13┃")
        #expect(lines.last!.hasPrefix(" CAMPAIGNS  j/k move · Enter open · :enrol NAME enrols the roster's selection · Esc back"))
    }

    @Test func aCampaignRanksItsCreatorsWithTiersAndRisk() {
        let m = CampaignFixtures.openModel()
        let text = view(m).renderTrimmed()
        let lines = text.split(separator: "\n").map(String.init)
        Golden.expect(lines[1...11].joined(separator: "\n"), is: "campaign-open-lines-1-11")
        #expect(lines.last!.hasPrefix(" CAMPAIGNS  Enter creator · a at risk · e target · d unenrol · p split goal · Esc back"))
    }

    @Test func theCreatorDetailListsTheirCampaigns() {
        var m = loadedModel()
        press(&m, .enter)
        var detail = CreatorDetail(creator: Creator(id: "c1", handle: "@djrafa", displayName: "Rafa Peña", kind: .creator, market: "MX", language: "es",
                                                    networkID: nil, ownerID: nil, stage: "activated", source: .event, followers: 8200, createdAt: now - 40 * Time.day),
                                   ownerHandle: "@diego", network: nil, tags: [], dailyLiveHours: Array(repeating: 0, count: 90),
                                   totals: .init(minutes: 0, sessions: 0, activeDays: 0, peakViewers: 0, viewerMinutes: 0, gifts: 0, lastLiveAt: nil),
                                   stages: [], activities: [], tickets: [], health: nil)
        detail.campaigns = [CreatorCampaignRow(campaignID: "k1", name: "11.11 Mega Sale", status: .running, metric: .liveHours, target: 15,
                                               progress: 12, tier: "Bronze", atRisk: true)]
        _ = update(&m, .creator(.detailLoaded(id: "c1", detail: detail)))
        let text = view(m).renderTrimmed()
        #expect(text.contains("┃  Campaigns 1"))
        #expect(text.contains("┃  11.11 Mega Sale          running  12.0 / 15 h  80% · Bronze · at risk"), "\(text)")
    }
}
