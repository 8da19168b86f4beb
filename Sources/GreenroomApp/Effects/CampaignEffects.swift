import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The Campaigns screen's commands. Reads are indexed (a campaign's ranked creators are
/// computed once per database change, then paged); writes go through the store's stamped
/// path like every edit, so they sync.
extension CommandRunner {
    func run(_ command: CampaignsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            // Every campaign's standings: ~80 ms at 100k creators after a write, so off the loop.
            let store = self.store
            return [runInBackground(task: "campaigns") { [.campaigns(.loaded(try store.campaignSummaries(now: now)))] }]
        case .loadDetail(let id):
            return [.campaigns(.detailLoaded(id: id, try store.campaignDetail(id: id, now: now, daily: false)))]
        case .loadDaily(let id):
            let store = self.store
            return [runInBackground(task: "daily progress") { [.campaigns(.dailyLoaded(id: id, try store.campaignDaily(id: id, now: now)))] }]
        case .loadPage(let id, let listing, let offset, let limit):
            return [.campaigns(.pageLoaded(id: id, listing: listing, try store.campaignPage(id: id, listing: listing, offset: offset, limit: limit, now: now)))]
        case .loadPlan(let id, let split):
            return [.campaigns(.planLoaded(id: id, try store.campaignPlan(id: id, split: split, now: now)))]
        case .applyPlan(let id, let split):
            let n = try store.applyPlan(campaignID: id, try store.campaignPlan(id: id, split: split, now: now))
            return [.campaigns(.changed("Split the goal \(split == .even ? "evenly" : "by baseline"): \(n) target\(n == 1 ? "" : "s") changed"))]
        case .enrol(let name, let creatorIDs):
            let campaign = try store.campaign(ref: name)
            let result = try store.enrol(campaignID: campaign.id, creatorIDs: creatorIDs)
            var text = "Enrolled \(NumberFormat.grouped(result.added)) in \(TerminalText.sanitize(campaign.name))"
            if result.already > 0 { text += " (\(NumberFormat.grouped(result.already)) already enrolled)" }
            return [.campaigns(.enrolled(text + " · C opens campaigns"))]
        case .unenrol(let id, let creatorIDs):
            let n = try store.unenrol(campaignID: id, creatorIDs: creatorIDs)
            return [.campaigns(.changed("Unenrolled \(n) creator\(n == 1 ? "" : "s")"))]
        case .setTarget(let id, let creatorID, let target):
            let n = try store.setTargets(campaignID: id, [creatorID: target])
            return [.campaigns(.changed(n == 0 ? "Nothing changed" : "Target set to \(NumberFormat.grouped(target))"))]
        }
    }
}
