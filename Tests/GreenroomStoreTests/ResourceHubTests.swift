import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// The resource hub (issue 26): an article sent to a creator or a community is logged and
/// written to the creators' activity logs; bad input changes nothing.
@Suite struct ResourceHubTests {
    @Test func sendingToACreatorAndACommunityIsLoggedAndInTheirActivityLogs() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa"), nova = try f.creator("@nova")
        let guide = try f.store.saveArticle(ArticleDraft(title: "LIVE lighting guide", body: "Face a window."))
        let c = try f.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        try f.store.join(communityID: c.id, creatorIDs: [rafa.id, nova.id])
        try f.store.leave(communityID: c.id, creatorIDs: [nova.id])
        let one = try f.store.sendResource(articleID: guide.id, creatorIDs: [mila.id], by: f.manager.id)
        #expect(one.logged == 1 && one.activities == 1)
        // The community: one log row; an activity for its one current member.
        let group = try f.store.sendResource(articleID: guide.id, communityID: c.id)
        #expect(group.logged == 1 && group.activities == 1)
        let log = try f.store.resourceSends()
        #expect(Set(log.map { $0.creatorHandle ?? $0.communityName ?? "" }) == ["@mila", "US creators"])
        #expect(try f.store.resourceSends(creatorID: mila.id).map(\.byHandle) == ["@ana"])
        func messages(_ id: String) throws -> [String] {
            try f.store.read { db in try String.fetchAll(db, sql: "SELECT summary FROM activity WHERE creator_id = ? AND kind = 'message' AND deleted = 0", arguments: [id]) }
        }
        #expect(try messages(mila.id) == ["Sent resource: LIVE lighting guide"])
        #expect(try messages(rafa.id) == ["Sent resource to US creators: LIVE lighting guide"])
        #expect(try messages(nova.id).isEmpty)
        let before = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(throws: GreenroomError.self) { try f.store.sendResource(articleID: guide.id, creatorIDs: [mila.id, "0190aaaa-bbbb-7ccc-8ddd-00000000dead"]) }
        #expect(throws: GreenroomError.invalidInput("say who gets it: creator handles or --community NAME")) { try f.store.sendResource(articleID: guide.id) }
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } == before)
    }
}
