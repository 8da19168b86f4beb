import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore
@testable import GreenroomSync

/// Campaigns, enrolments and tiers travel through the sync folder like every entity.
@Suite struct CampaignSyncTests {
    func creators(_ r: Replica, _ n: Int) throws -> [String] {
        try r.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM creator WHERE deleted = 0 ORDER BY handle LIMIT ?", arguments: [n]) }
    }

    @Test func campaignEditsTravelBetweenTwoLaptopsAndMatchTheSchema() throws {
        let a = try Replica("a", device: device(1)), b = try Replica("b", device: device(2))
        let ids = try creators(a, 3)
        let c = try a.store.addCampaign(CampaignEdit(name: "Payday push", kind: .saleEvent, start: "2026-11-01", end: "2026-11-30",
                                                     metric: .gifts, target: 900, status: .running))
        try a.store.enrol(campaignID: c.id, creatorIDs: ids, target: 300)
        try a.store.setTier(campaignID: c.id, threshold: 100, reward: "Bronze", amount: 25)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        let first = try b.sync()
        #expect(first.skipped.isEmpty)
        #expect(try b.store.campaign(ref: "payday push").target == 900)
        #expect(try b.store.campaignPage(id: c.id, offset: 0, limit: 10, now: pinnedNow).total == 3)

        // b edits the goal and unenrols one creator; a changes a target; both sync.
        try b.store.editCampaign(id: c.id, CampaignEdit(target: 1200))
        try b.store.unenrol(campaignID: c.id, creatorIDs: [ids[0]])
        try a.store.setTargets(campaignID: c.id, [ids[1]: 500])
        try b.sync()
        try carry(from: b.folder, to: a.folder)
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        try b.sync()
        for r in [a, b] {
            let page = try r.store.campaignPage(id: c.id, offset: 0, limit: 10, now: pinnedNow)
            #expect(page.total == 2)
            #expect(Set(page.rows.map(\.target)) == [500, 300])
            #expect(try r.store.campaign(ref: c.id).target == 1200)
            #expect(try r.store.campaignTiers(c.id).map(\.reward) == ["Bronze"])
        }
        #expect(try a.snapshot() == b.snapshot())

        // Every line written matches docs/sync-op.schema.json.
        let validator = SchemaValidator(root: try FormatTests.schema)
        var campaignLines = 0
        for folder in [a.folder, b.folder] {
            for f in filesUnder(folder) where f.hasPrefix("ops/") {
                for line in try String(contentsOfFile: folder + "/" + f, encoding: .utf8).split(separator: "\n") where line.contains("\"campaign") {
                    campaignLines += 1
                    #expect(try validator.validate(try JSON.parse(String(line))).isEmpty, "\(line)")
                }
            }
        }
        #expect(campaignLines >= 8)
    }

    @Test func theSameCreatorEnrolledOnTwoLaptopsIsOneEnrolment() throws {
        let a = try Replica("a", device: device(3)), b = try Replica("b", device: device(4))
        let c = try a.store.addCampaign(CampaignEdit(name: "LIVE week", kind: .liveEvent, start: "2026-11-16", end: "2026-11-22", metric: .liveHours, target: 10))
        try a.sync()
        try carry(from: a.folder, to: b.folder)
        try b.sync()
        let id = try creators(a, 1)[0]
        try a.store.enrol(campaignID: c.id, creatorIDs: [id], target: 4)
        try b.store.enrol(campaignID: c.id, creatorIDs: [id], target: 6)
        try a.sync(); try b.sync()
        try carry(from: a.folder, to: b.folder); try carry(from: b.folder, to: a.folder)
        #expect(try a.sync().skipped.isEmpty)
        #expect(try b.sync().skipped.isEmpty)
        for r in [a, b] {
            #expect(try r.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign_enrolment WHERE campaign_id = ?", arguments: [c.id]) } == 1)
        }
        #expect(try a.store.campaignPage(id: c.id, offset: 0, limit: 5, now: pinnedNow).rows.map(\.target)
                == b.store.campaignPage(id: c.id, offset: 0, limit: 5, now: pinnedNow).rows.map(\.target))
    }

    @Test func aSnapshotRoundTripsCampaigns() throws {
        let a = try Replica("a", device: device(5))
        let c = try a.store.addCampaign(CampaignEdit(name: "Academy", kind: .educationProgram, start: "2026-10-01", end: "2026-12-15",
                                                     metric: .workshopsAttended, target: 40))
        try a.store.enrol(campaignID: c.id, creatorIDs: try creators(a, 4), target: 10)
        try a.store.setTier(campaignID: c.id, threshold: 2, reward: "Certificate", amount: 0)
        try a.store.editCampaign(id: c.id, CampaignEdit(status: .running))
        let out = a.dir.file("snap")
        _ = try a.store.export(format: .json, to: out)
        let restored = try Store.open(at: a.dir.file("restored.sqlite"), clock: .fixed(pinnedNow))
        _ = try restored.importSnapshot(from: out)
        let again = a.dir.file("snap2")
        _ = try restored.export(format: .json, to: again)
        for name in ["campaign.json", "campaign_enrolment.json", "campaign_tier.json"] {
            let one = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            #expect(one == (try String(contentsOfFile: again + "/" + name, encoding: .utf8)))
            #expect(one.count > 10)
        }
        #expect(try restored.campaign(ref: "academy").status == .running)
    }
}
