import Foundation
import GRDB
import Testing
import GreenroomCore
@testable import GreenroomStore

@Suite struct QueryTests {
    @Test func rosterPagesByHandleWithLiveHoursOfTheLastSevenDays() throws {
        let f = try Fixture()
        let b = try f.creator("@bravo")
        let a = try f.creator("@alpha")
        _ = try f.creator("@charlie")
        let sessions = [
            LiveSession(id: UUIDv7.make(millis: 1), creatorID: a.id, startedAt: pinnedNow - 2 * Time.day, minutes: 90, peakViewers: 10, viewerMinutes: 100, gifts: 1),
            LiveSession(id: UUIDv7.make(millis: 2), creatorID: a.id, startedAt: pinnedNow - 6 * Time.day, minutes: 30, peakViewers: 10, viewerMinutes: 100, gifts: 1),
            // Eight days ago: outside the 7-day window but still the "last live" if newer is missing.
            LiveSession(id: UUIDv7.make(millis: 3), creatorID: b.id, startedAt: pinnedNow - 8 * Time.day, minutes: 45, peakViewers: 10, viewerMinutes: 100, gifts: 1),
        ]
        for s in sessions { try f.store.insertForTesting(s) }
        try f.store.refreshCreatorStats(now: pinnedNow)
        #expect(try f.store.rosterCount(now: pinnedNow) == 3)
        let page = try f.store.rosterPage(offset: 0, limit: 10, now: pinnedNow)
        #expect(page.map(\.handle) == ["@alpha", "@bravo", "@charlie"])
        #expect(page[0].liveMinutes7d == 120)
        #expect(page[0].lastLiveAt == pinnedNow - 2 * Time.day)
        #expect(page[1].liveMinutes7d == 0)
        #expect(page[1].lastLiveAt == pinnedNow - 8 * Time.day)
        #expect(page[2].lastLiveAt == nil)
        #expect(page[0].ownerHandle == "@ana")
        let second = try f.store.rosterPage(offset: 1, limit: 1, now: pinnedNow)
        #expect(second.map(\.handle) == ["@bravo"])
    }

    @Test func queueOrdersBreachedFirstThenByDueTimeAndPausedLast() throws {
        let f = try Fixture()
        let c = try f.creator("@mila")
        func ticket(_ subject: String, priority: TicketPriority, status: TicketStatus, createdAgo: Millis) throws -> Ticket {
            let id = UUIDv7.make(millis: pinnedNow - createdAgo)
            let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: subject, body: "", requesterCreatorID: c.id,
                           requesterNetworkID: nil, channel: .inApp, category: .rewardsPayout, priority: priority, status: status,
                           tier: 1, assigneeID: nil, createdAt: pinnedNow - createdAgo)
            try f.store.insertForTesting(t)
            return t
        }
        // Urgent: first reply due 60 min after creation.
        _ = try ticket("fresh urgent", priority: .urgent, status: .new, createdAgo: 20 * Time.minute)     // due in 40m
        _ = try ticket("overdue urgent", priority: .urgent, status: .open, createdAgo: 72 * Time.minute)  // 12m overdue
        _ = try ticket("very overdue high", priority: .high, status: .new, createdAgo: 6 * Time.hour)    // 2h overdue
        _ = try ticket("waiting on creator", priority: .urgent, status: .pending, createdAgo: 5 * Time.hour)
        _ = try ticket("done", priority: .low, status: .solved, createdAgo: Time.day)
        let rows = try f.store.queuePage(offset: 0, limit: 10)
        #expect(rows.map(\.subject) == ["very overdue high", "overdue urgent", "fresh urgent", "waiting on creator"])
        #expect(rows[0].slaDueAt == pinnedNow - 2 * Time.hour)
        #expect(rows[3].slaDueAt == nil)
        #expect(rows.allSatisfy { $0.key.count == 4 })
        #expect(rows[0].requesterHandle == "@mila")
        let summary = try f.store.queueSummary(now: pinnedNow)
        #expect(summary == QueueSummary(open: 4, breaching: 2))
    }

    @Test func aPublicAgentReplyMovesTheDueTimeToResolution() throws {
        let f = try Fixture()
        let id = UUIDv7.make(millis: pinnedNow - Time.hour)
        let t = Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "s", body: "", requesterCreatorID: nil, requesterNetworkID: nil,
                       channel: .email, category: .other, priority: .high, status: .open, tier: 1, assigneeID: nil, createdAt: pinnedNow - Time.hour)
        try f.store.insertForTesting(t)
        #expect(try f.store.queuePage(offset: 0, limit: 1).first?.slaDueAt == pinnedNow - Time.hour + 4 * Time.hour)
        // An internal note does not count as a reply…
        try f.store.insertForTesting(TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .note, at: pinnedNow - 30 * Time.minute,
                                                 actor: .agent, authorID: f.manager.id, isPublic: false, body: "looking"))
        #expect(try f.store.queuePage(offset: 0, limit: 1).first?.slaDueAt == pinnedNow + 3 * Time.hour)
        // …a public reply does.
        try f.store.insertForTesting(TicketEvent(id: UUIDv7.make(millis: pinnedNow), ticketID: id, kind: .reply, at: pinnedNow - 10 * Time.minute,
                                                 actor: .agent, authorID: f.manager.id, isPublic: true, body: "hi"))
        #expect(try f.store.queuePage(offset: 0, limit: 1).first?.slaDueAt == pinnedNow - Time.hour + 24 * Time.hour)
    }

    @Test func pipelineColumnsCountAndPageTheirCardsLongestInStageFirst() throws {
        let f = try Fixture()
        _ = try f.creator("@new-lead", stage: Stage.lead, createdAt: pinnedNow - 1 * Time.day)
        _ = try f.creator("@old-lead", stage: Stage.lead, createdAt: pinnedNow - 20 * Time.day)
        _ = try f.creator("@gone", stage: Stage.lost, createdAt: pinnedNow - 5 * Time.day)
        let columns = try f.store.pipelineColumns(stages: Stage.defaultFlow, limit: 10, now: pinnedNow).columns
        #expect(columns.map(\.stage) == Stage.defaultFlow)
        #expect(columns[0].count == 2)
        #expect(columns[0].cards.map(\.handle) == ["@old-lead", "@new-lead"])
        #expect(columns[0].cards[0].enteredStageAt == pinnedNow - 20 * Time.day)
        #expect(try f.store.stageCounts(now: pinnedNow)[Stage.lost] == 1)
        let window = try f.store.pipelineCards(stage: Stage.lead, offset: 1, limit: 5, now: pinnedNow)
        #expect(window.map(\.handle) == ["@new-lead"])
    }

    @Test func theKPIPanelCountsCompleteDaysInTheTeamTimeZone() throws {
        let f = try Fixture()
        // UTC team; now is 2026-11-20 09:30, so the last complete day is the 19th.
        let a = try f.creator("@a"), b = try f.creator("@b")
        let day19 = try #require(Time.parseISO("2026-11-19T00:00:00Z"))
        let day18 = day19 - Time.day
        let sessions = [(a, day19 + 2 * Time.hour, 60), (a, day19 + 5 * Time.hour, 30), (b, day19 + 23 * Time.hour, 90),
                        (a, day18 + Time.hour, 120), (b, pinnedNow - Time.hour, 45)] // the last one is today: not counted
        for (i, (c, at, minutes)) in sessions.enumerated() {
            try f.store.insertForTesting(LiveSession(id: UUIDv7.make(millis: Int64(i)), creatorID: c.id, startedAt: at, minutes: minutes,
                                                     peakViewers: 1, viewerMinutes: 1, gifts: 0))
        }
        // Backlog: one ticket created on the 18th and solved on the 19th; one created on the 19th, still open.
        func ticket(created: Millis, status: TicketStatus) throws -> String {
            let id = UUIDv7.make(millis: created)
            try f.store.insertForTesting(Ticket(id: id, key: TicketKey.full(forID: id)!, subject: "t", body: "", requesterCreatorID: nil,
                                                requesterNetworkID: nil, channel: .email, category: .other, priority: .low, status: status,
                                                tier: 1, assigneeID: nil, createdAt: created))
            return id
        }
        let solved = try ticket(created: day18 + Time.hour, status: .open)
        _ = try ticket(created: day19 + Time.hour, status: .open)
        try f.store.insertForTesting(TicketEvent(id: UUIDv7.make(millis: 9), ticketID: solved, kind: .status, at: day19 + 3 * Time.hour,
                                                 actor: .agent, authorID: nil, isPublic: false, fromValue: "open", toValue: "solved"))
        try f.store.write { db in try f.store.updateStamped(.ticket, id: solved, fields: ["status": "solved".databaseValue], in: db) }

        let series = try f.store.kpiPanel(unit: .day, count: 3, now: pinnedNow)
        let byID = Dictionary(uniqueKeysWithValues: series.map { ($0.id, $0.values.map(\.value)) })
        #expect(byID[.activeCreators] == [0, 1, 2])       // 17th, 18th, 19th
        #expect(byID[.liveHours] == [0, 2, 3])
        #expect(byID[.backlog] == [0, 1, 1])              // end of 18th: 1 open; end of 19th: 1 solved, 1 new
        #expect(series.first?.periods.last?.end == Time.parseISO("2026-11-20T00:00:00Z"))
    }

    @Test func listQueriesUseIndexesNotTableScans() throws {
        let f = try Fixture()
        let plans: [String: String] = try f.store.read { db in
            func plan(_ sql: String) throws -> String {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: " | ")
            }
            return [
                // All open (issue 28: snoozed tickets left out, woken ones first).
                "queue": try plan("""
                    SELECT t.id FROM ticket t WHERE t.deleted = 0 AND t.status IN ('new','open','pending','on_hold') AND ifnull(t.wake_at, 0) <= 0
                    ORDER BY (t.wake_at IS NULL), ifnull(t.sla_due_at, 9223372036854775807), t.created_at LIMIT 30 OFFSET 0
                    """),
                "roster": try plan("SELECT c.id FROM creator c WHERE c.deleted = 0 ORDER BY c.handle LIMIT 30 OFFSET 0"),
                "board": try plan("SELECT c.id FROM creator c WHERE c.deleted = 0 AND c.stage = 'lead' ORDER BY c.stage_entered_at, c.handle LIMIT 30"),
                "live7d": try plan("SELECT SUM(minutes) FROM live_session s WHERE s.creator_id = 'x' AND s.started_at >= 0 AND s.started_at < 1"),
            ]
        }
        #expect(plans["queue"]?.contains("USING INDEX ticket_queue") == true, "\(plans["queue"] ?? "")")
        #expect(plans["roster"]?.contains("creator_handle") == true, "\(plans["roster"] ?? "")")
        #expect(plans["board"]?.contains("creator_board") == true, "\(plans["board"] ?? "")")
        #expect(plans["live7d"]?.contains("COVERING INDEX live_session_creator") == true, "\(plans["live7d"] ?? "")")
        for (name, plan) in plans { #expect(!plan.contains("USE TEMP B-TREE"), "\(name) sorts in memory: \(plan)") }
    }
}
