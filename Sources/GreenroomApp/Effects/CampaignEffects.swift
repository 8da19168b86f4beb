import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The Campaigns screen's commands. Reads are indexed (a campaign's ranked creators are
/// computed once per database change, then paged); writes go through the store's stamped
/// path like every edit, so they sync.
extension CommandRunner {
    func runCampaign(_ command: Command, now: Millis) throws -> [Msg] {
        switch command {
        case .loadCampaigns:
            // Every campaign's standings: ~80 ms at 100k creators after a write, so off the loop.
            let store = self.store
            return [runInBackground(task: "campaigns") { [.campaignsLoaded(try store.campaignSummaries(now: now))] }]
        case .loadCampaignDetail(let id):
            return [.campaignDetailLoaded(id: id, try store.campaignDetail(id: id, now: now, daily: false))]
        case .loadCampaignDaily(let id):
            let store = self.store
            return [runInBackground(task: "daily progress") { [.campaignDailyLoaded(id: id, try store.campaignDaily(id: id, now: now))] }]
        case .loadCampaignPage(let id, let listing, let offset, let limit):
            return [.campaignPageLoaded(id: id, listing: listing, try store.campaignPage(id: id, listing: listing, offset: offset, limit: limit, now: now))]
        case .loadCampaignPlan(let id, let split):
            return [.campaignPlanLoaded(id: id, try store.campaignPlan(id: id, split: split, now: now))]
        case .applyCampaignPlan(let id, let split):
            let n = try store.applyPlan(campaignID: id, try store.campaignPlan(id: id, split: split, now: now))
            return [.campaignChanged("Split the goal \(split == .even ? "evenly" : "by baseline"): \(n) target\(n == 1 ? "" : "s") changed")]
        case .enrol(let name, let creatorIDs):
            let campaign = try store.campaign(ref: name)
            let result = try store.enrol(campaignID: campaign.id, creatorIDs: creatorIDs)
            var text = "Enrolled \(NumberFormat.grouped(result.added)) in \(TerminalText.sanitize(campaign.name))"
            if result.already > 0 { text += " (\(NumberFormat.grouped(result.already)) already enrolled)" }
            return [.enrolled(text + " · C opens campaigns")]
        case .unenrol(let id, let creatorIDs):
            let n = try store.unenrol(campaignID: id, creatorIDs: creatorIDs)
            return [.campaignChanged("Unenrolled \(n) creator\(n == 1 ? "" : "s")")]
        case .setCampaignTarget(let id, let creatorID, let target):
            let n = try store.setTargets(campaignID: id, [creatorID: target])
            return [.campaignChanged(n == 0 ? "Nothing changed" : "Target set to \(NumberFormat.grouped(target))")]
        default:
            return []
        }
    }
}
