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
        let guide = try f.store.saveArticle(ArticleDraft(title: "LIVE lighting guide", body: "Face a window.", kind: .guide))
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
        #expect(try messages(mila.id) == ["Sent guide: LIVE lighting guide"])
        #expect(try messages(rafa.id) == ["Sent guide to US creators: LIVE lighting guide"])
        #expect(try messages(nova.id).isEmpty)
        let before = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(throws: GreenroomError.self) { try f.store.sendResource(articleID: guide.id, creatorIDs: [mila.id, "0190aaaa-bbbb-7ccc-8ddd-00000000dead"]) }
        #expect(throws: GreenroomError.invalidInput("say who gets it: creator handles or --community NAME")) { try f.store.sendResource(articleID: guide.id) }
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } == before)
    }

    @Test func aLinkIsLoggedWithItsURLAndARepliesOrMacroIsNotSent() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila")
        let kit = try f.store.saveArticle(ArticleDraft(title: "Lighting kit", body: "", kind: .link, url: "https://example.com/kit?size=s"))
        try f.store.sendResource(articleID: kit.id, creatorIDs: [mila.id], by: f.manager.id)
        let summaries = try f.store.read { db in
            try String.fetchAll(db, sql: "SELECT summary FROM activity WHERE creator_id = ? AND kind = 'message' AND deleted = 0", arguments: [mila.id])
        }
        #expect(summaries == ["Sent link: Lighting kit · https://example.com/kit?size=s"])
        let row = try #require(try f.store.resourceSends(creatorID: mila.id).first)
        #expect(row.kind == .link && row.url == "https://example.com/kit?size=s")

        let reply = try f.store.saveArticle(ArticleDraft(title: "Payout delay", body: "It is on its way."))
        let macro = try f.store.saveArticle(ArticleDraft(title: "Reset 2FA", body: "Done.", isMacro: true, macroStatus: .pending))
        let before = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(throws: GreenroomError.invalidInput("\"Payout delay\" is a reply (it answers tickets): make it a guide, toolkit or link to send it")) {
            try f.store.sendResource(articleID: reply.id, creatorIDs: [mila.id])
        }
        #expect(throws: GreenroomError.invalidInput("\"Reset 2FA\" is a macro (it answers tickets): pick a guide, toolkit or link to send")) {
            try f.store.sendResource(articleID: macro.id, creatorIDs: [mila.id])
        }
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } == before)
    }
}
