import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Communities (issue 26): members join and leave with dates, moderators, bad input refused
/// with one line and nothing changed, and members' LIVE against matched non-members.
@Suite struct CommunityStoreTests {
    func outboxCount(_ f: Fixture) throws -> Int { try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 } }

    @Test func membersJoinLeaveAndJoinAgain() throws {
        let f = try Fixture()
        let mila = try f.creator("@mila"), rafa = try f.creator("@rafa")
        let c = try f.store.addCommunity(name: "MX sellers", channel: .whatsapp, market: "mx")
        #expect(c.market == "MX")
        #expect(throws: GreenroomError.invalidInput("there is already a community called \"mx sellers\"")) {
            try f.store.addCommunity(name: "mx sellers", channel: .discord, market: "MX")
        }
        let joined = pinnedNow - 10 * Time.day
        #expect(try f.store.join(communityID: c.id, creatorIDs: [mila.id, rafa.id], at: joined).added == 2)
        #expect(try f.store.join(communityID: c.id, creatorIDs: [mila.id]).already == [mila.id])
        // Made a moderator: the membership stays, the role changes.
        try f.store.join(communityID: c.id, creatorIDs: [rafa.id], role: .moderator)
        let before = try outboxCount(f)
        #expect(throws: GreenroomError.self) { try f.store.leave(communityID: c.id, creatorIDs: [mila.id], at: joined - Time.day) }
        #expect(try outboxCount(f) == before)
        #expect(try f.store.leave(communityID: c.id, creatorIDs: [mila.id], at: joined + Time.day) == 1)
        #expect(throws: GreenroomError.invalidInput("@mila is not a member")) { try f.store.leave(communityID: c.id, creatorIDs: [mila.id]) }
        var s = try #require(try f.store.communitySummaries().first)
        #expect(s.members == 1 && s.moderators == 1 && s.left == 1)
        #expect(try f.store.communityMembers(id: c.id).map(\.handle) == ["@rafa", "@mila"])
        // Joining again reopens the membership from the new date.
        #expect(try f.store.join(communityID: c.id, creatorIDs: [mila.id]).added == 1)
        s = try #require(try f.store.communitySummaries().first)
        #expect(s.members == 2 && s.left == 0)
        #expect(try f.store.community(ref: "mx").id == c.id)
    }

    @Test func membersAreComparedWithMatchedNonMembers() throws {
        let f = try Fixture()
        var ids: [String] = []
        for i in 0..<10 {
            let c = try f.creator(String(format: "@k%02d", i), createdAt: pinnedNow - 90 * Time.day)
            ids.append(c.id)
            for d in 1...3 {
                let before = pinnedNow - 20 * Time.day - Millis(d) * Time.day
                try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: before), creatorID: c.id, startedAt: before, minutes: 60, peakViewers: 1, viewerMinutes: 1, gifts: 0))
                // Members keep going live after joining; the others stop.
                if i < 5 {
                    let after = pinnedNow - 10 * Time.day + Millis(d) * Time.day
                    try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: after), creatorID: c.id, startedAt: after, minutes: 60, peakViewers: 1, viewerMinutes: 1, gifts: 0))
                }
            }
        }
        let c = try f.store.addCommunity(name: "US creators", channel: .discord, market: "US")
        try f.store.join(communityID: c.id, creatorIDs: Array(ids.prefix(5)), at: pinnedNow - 14 * Time.day)
        let r = try #require(try f.store.communityEffect(id: c.id, now: pinnedNow, days: 14))
        #expect(r.matched == 5 && r.comparisonSize == 5)
        #expect(r.liveHours.effect == 3)
        #expect(r.activeDays.effect == 3)
        #expect(r.retention?.participants == 1 && r.retention?.comparison == 0)
    }
}
