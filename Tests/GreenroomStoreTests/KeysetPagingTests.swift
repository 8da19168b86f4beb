import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

/// Keyset paging (issue 23): a page read after or before a row the caller holds is exactly
/// the rows `LIMIT … OFFSET` gives at that position, for every sort in both directions,
/// with many ties on the sort key (where a keyset that forgets the tie-break skips or
/// repeats rows), under a filter and under free text.
@Suite struct KeysetPagingTests {
    /// 60 creators whose sort keys take few values: 3 markets, 4 follower counts, 3 stages,
    /// two owners or none, live minutes in 3 steps, entry times shared by groups of five.
    static func fixture() throws -> Fixture {
        let f = try Fixture()
        let jordan = Member(id: UUIDv7.make(millis: 5), handle: "@jordan", name: "Jordan", role: .manager, team: "US")
        try f.store.insertForTesting(jordan)
        let markets = ["MX", "US", "MY"], stages = [Stage.lead, Stage.onboarding, Stage.activated]
        let owners: [String?] = [f.manager.id, jordan.id, nil]
        var ids: [String] = []
        for i in 0..<60 {
            let c = Creator(id: UUIDv7.make(millis: pinnedNow - Millis(i) * Time.day), handle: String(format: "@maker%02d", (i * 37) % 60),
                            displayName: ["Mika", "mika", "Zed", "Ana"][i % 4], kind: .creator, market: markets[i % 3], language: "en",
                            networkID: nil, ownerID: owners[i % 3], stage: stages[(i / 3) % 3], source: .referral,
                            followers: [10, 500, 500, 90_000][i % 4], createdAt: pinnedNow - Millis(i) * Time.day)
            try f.store.apply(ChangeSet("add", [.insertCreator(c, tags: [])]), by: nil)
            ids.append(c.id)
        }
        for (i, id) in ids.enumerated() where i % 2 == 0 {
            try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: 1), creatorID: id, startedAt: pinnedNow - Millis(1 + i % 9) * Time.day,
                                                     minutes: 60 * (1 + i % 3), peakViewers: 10, viewerMinutes: 100, gifts: 1))
        }
        try f.store.refreshCreatorStats(now: pinnedNow)
        // Board entry times shared by groups of five, and three cards with none.
        try f.store.write { db in
            try db.execute(sql: "UPDATE creator SET stage_entered_at = ? - (rowid / 5) * 3600000", arguments: [pinnedNow])
            try db.execute(sql: "UPDATE creator SET stage_entered_at = NULL WHERE handle IN ('@maker07', '@maker08', '@maker41')")
        }
        return f
    }

    @Test func rosterPagesReadFromAHeldRowAreThePagesAtThatPosition() throws {
        let f = try KeysetPagingTests.fixture()
        let sorts = RosterColumn.allCases.flatMap { [RosterSort($0, descending: false), RosterSort($0, descending: true)] }
        var checked = 0
        for text in ["", "market:MX,US", "mika"] {
            let filter = try FilterParser().parse(text)
            for sort in sorts {
                let all = try f.store.rosterPage(filter: filter, sort: sort, me: "@ana", offset: 0, limit: 1000, now: pinnedNow)
                #expect(all.count == (text.isEmpty ? 60 : text == "mika" ? 30 : 40))
                for limit in [1, 7] {
                    for start in 1..<all.count {
                        let expected = all[start..<min(all.count, start + limit)].map(\.handle)
                        func page(_ seek: PageSeek<RosterRow>) throws -> [String] {
                            try f.store.rosterPage(filter: filter, sort: sort, me: "@ana", offset: start, limit: limit, now: pinnedNow,
                                                   total: all.count, seek: seek).map(\.handle)
                        }
                        let where_ = "\"\(text)\" sorted \(sort.label), \(limit) from \(start)"
                        #expect(try page(.after(all[start - 1], skip: 0)) == expected, "after, \(where_)")
                        if start >= 3 { #expect(try page(.after(all[start - 3], skip: 2)) == expected, "after +2, \(where_)") }
                        if start + limit < all.count {
                            #expect(try page(.before(all[start + limit], skip: 0)) == expected, "before, \(where_)")
                        }
                        if start + limit + 2 < all.count {
                            #expect(try page(.before(all[start + limit + 2], skip: 2)) == expected, "before +2, \(where_)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 2_000)
    }

    @Test func boardWindowsReadFromAHeldCardAreTheWindowsAtThatPosition() throws {
        let f = try KeysetPagingTests.fixture()
        var cards = 0, untimed = 0
        for stage in [Stage.lead, Stage.onboarding, Stage.activated] {
            let all = try f.store.pipelineCards(stage: stage, offset: 0, limit: 1000, now: pinnedNow)
            cards += all.count
            untimed += all.filter { $0.enteredStageAt == nil }.count
            for limit in [1, 6] {
                for start in 1..<all.count {
                    let expected = all[start..<min(all.count, start + limit)].map(\.handle)
                    func page(_ seek: PageSeek<PipelineCard>) throws -> [String] {
                        try f.store.pipelineCards(stage: stage, offset: start, limit: limit, total: all.count, now: pinnedNow, seek: seek).map(\.handle)
                    }
                    #expect(try page(.after(all[start - 1], skip: 0)) == expected, "\(stage) after, \(limit) from \(start)")
                    if start + limit + 1 < all.count {
                        #expect(try page(.before(all[start + limit + 1], skip: 1)) == expected, "\(stage) before, \(limit) from \(start)")
                    }
                }
            }
        }
        #expect(cards == 60)
        #expect(untimed == 3)
    }
}

/// The queue's pages read from a held row (keyset paging) are the pages at that position, in
/// every view and every sort, with many tickets sharing their due and creation times.
@Suite struct QueueKeysetPagingTests {
    @Test func queuePagesReadFromAHeldRowAreThePagesAtThatPosition() throws {
        let f = try Fixture()
        let creator = Creator(id: UUIDv7.make(millis: pinnedNow - Time.day), handle: "@asker", displayName: "Asker", kind: .creator, market: "US",
                              language: "en", networkID: nil, ownerID: nil, stage: Stage.lead, source: .referral, followers: 1,
                              createdAt: pinnedNow - Time.day)
        try f.store.apply(ChangeSet("add", [.insertCreator(creator, tags: [])]), by: nil)
        let priorities: [TicketPriority] = [.urgent, .high, .normal, .low]
        for i in 0..<48 {
            // Groups of six created in the same millisecond: equal due times within a priority.
            let created = pinnedNow - Millis(1 + i / 6) * Time.hour
            let id = UUIDv7.make(millis: created)
            let solved = i % 5 == 0
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "Ticket \(i)", body: "", requesterCreatorID: creator.id,
                           requesterNetworkID: nil, channel: .email, category: .other, priority: priorities[i % 4],
                           status: solved ? .solved : .new, tier: 1, assigneeID: nil, createdAt: created)
            let events = solved ? [TicketEvent(id: UUIDv7.make(millis: created + Time.minute), ticketID: id, kind: .status, at: pinnedNow - Time.minute,
                                               actor: .agent, authorID: nil, isPublic: false, toValue: "solved")] : []
            try f.store.apply(ChangeSet("add", [.insertTicket(t, tags: [], events: events)]), by: nil)
        }
        var checked = 0
        for view in [TicketView.allOpen, .all, .solvedRecently] {
            for sort in [TicketSort.nextBreach, .priority, .created, .lastUpdate, .requester] {
                let all = try f.store.ticketPage(view: view, me: nil, offset: 0, limit: 1000, now: pinnedNow, sort: sort)
                #expect(all.count == (view == .allOpen ? 38 : view == .all ? 48 : 10), "\(view) \(sort)")
                #expect(all.allSatisfy { $0.position != nil })
                for limit in [1, 5] {
                    for start in 1..<all.count {
                        let expected = all[start..<min(all.count, start + limit)].map(\.id)
                        func page(_ seek: PageSeek<QueueRow>) throws -> [String] {
                            try f.store.ticketPage(view: view, me: nil, offset: start, limit: limit, now: pinnedNow, total: all.count,
                                                   sort: sort, seek: seek).map(\.id)
                        }
                        #expect(try page(.after(all[start - 1], skip: 0)) == expected, "\(view) \(sort) after, \(limit) from \(start)")
                        if start >= 2 { #expect(try page(.after(all[start - 2], skip: 1)) == expected, "\(view) \(sort) after +1, \(limit) from \(start)") }
                        if start + limit < all.count {
                            #expect(try page(.before(all[start + limit], skip: 0)) == expected, "\(view) \(sort) before, \(limit) from \(start)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 800)
    }
}
