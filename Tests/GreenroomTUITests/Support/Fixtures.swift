import Foundation
import GreenroomCore
@testable import GreenroomTUI

let now: Millis = Time.parseISO("2026-11-20T09:30:00Z")!

/// A model filled by sending the same messages the runner would send, so fixtures go through
/// `update` like real data does.
func loadedModel(width: Int = 100, height: Int = 30, rosterTotal: Int = 3, queueTotal: Int = 3) -> Model {
    var model = Model(width: width, height: height, now: now, me: "@ana")
    var settings = TeamSettings.defaults
    settings.team.name = "US LIVE"
    _ = update(&model, .settingsLoaded(settings))
    _ = update(&model, rosterMsg(model, total: rosterTotal, offset: 0, rows: rosterRows(count: min(rosterTotal, 60))))
    _ = update(&model, .pipeline(.loaded(query: BoardQuery(me: "@ana"), counts: ["lead": 2, "contacted": 1, "onboarding": 1, "activated": 1, "established": 0, "paused": 1, "lost": 3],
                                       columns: pipelineColumns())))
    _ = update(&model, .tickets(.loaded(query: TicketQuery(me: "@ana"), total: queueTotal, summary: QueueSummary(open: queueTotal, breaching: 1),
                                      offset: 0, rows: queueRows(count: min(queueTotal, 60)))))
    _ = update(&model, .directoryLoaded(members: members(), networks: []))
    _ = update(&model, .kpis(.loaded(unit: .day, series: kpis())))
    return model
}

func rosterRows(count: Int, offset: Int = 0) -> [RosterRow] {
    let named: [RosterRow] = [
        RosterRow(id: "c1", handle: "@djrafa", displayName: "Rafa Peña", market: "MX", stage: "onboarding", ownerHandle: "@diego",
                  liveMinutes7d: 0, lastLiveAt: nil, followers: 8_200),
        RosterRow(id: "c2", handle: "@mila.cooks", displayName: "Mila Carter", market: "US", stage: "activated", ownerHandle: "@ana",
                  liveMinutes7d: 390, lastLiveAt: now - Time.day, followers: 125_000),
        RosterRow(id: "c3", handle: "@zoe.live", displayName: "Zoë 直播 🎥", market: "US", stage: "established", ownerHandle: "@ana",
                  liveMinutes7d: 75, lastLiveAt: now - 3 * Time.hour, followers: 950),
    ]
    return (offset..<(offset + count)).map { i in
        if i < named.count { return named[i] }
        return RosterRow(id: "c\(i + 1)", handle: String(format: "@creator%04d", i), displayName: "Creator \(i)", market: "MY",
                         stage: "lead", ownerHandle: nil, liveMinutes7d: 0, lastLiveAt: nil, followers: 10)
    }
}

func pipelineColumns() -> [PipelineColumn] {
    func card(_ id: String, _ handle: String, _ stage: String, days: Int) -> PipelineCard {
        PipelineCard(id: id, handle: handle, ownerHandle: "@ana", stage: stage, enteredStageAt: now - Millis(days) * Time.day, nextFollowUp: nil)
    }
    return [
        PipelineColumn(stage: "lead", count: 2, offset: 0, cards: [card("p1", "@nova.shop", "lead", days: 20), card("p2", "@kai", "lead", days: 2)]),
        PipelineColumn(stage: "contacted", count: 1, offset: 0, cards: [card("p3", "@vale", "contacted", days: 3)]),
        PipelineColumn(stage: "onboarding", count: 1, offset: 0, cards: [card("c1", "@djrafa", "onboarding", days: 12)]),
        PipelineColumn(stage: "activated", count: 1, offset: 0, cards: [card("c2", "@mila.cooks", "activated", days: 40)]),
        PipelineColumn(stage: "established", count: 0, offset: 0, cards: []),
    ]
}

func queueRows(count: Int, offset: Int = 0) -> [QueueRow] {
    let named = [
        QueueRow(id: "t1", key: "K7Q2", subject: "Payout missing for last month", requesterHandle: "@mila.cooks", category: .rewardsPayout,
                 priority: .urgent, status: .open, tier: 1, assigneeHandle: "@tuan", createdAt: now - 2 * Time.hour, slaDueAt: now - 12 * Time.minute),
        QueueRow(id: "t2", key: "9FZD", subject: "Verification stuck at ID review", requesterHandle: "@tuan.eats", category: .verification,
                 priority: .high, status: .new, tier: 1, assigneeHandle: nil, createdAt: now - Time.hour, slaDueAt: now + 41 * Time.minute),
        QueueRow(id: "t3", key: "M3XA", subject: "Agency transfer request", requesterHandle: "Luz Agency", category: .networkRelations,
                 priority: .low, status: .pending, tier: 2, assigneeHandle: "@rosa", createdAt: now - Time.day, slaDueAt: nil),
    ]
    return (offset..<(offset + count)).map { i in
        if i < named.count { return named[i] }
        return QueueRow(id: "t\(i + 1)", key: String(format: "Q%03d", i), subject: "Ticket \(i)", requesterHandle: nil, category: .other,
                        priority: .normal, status: .open, tier: 1, assigneeHandle: nil, createdAt: now, slaDueAt: now + Millis(i) * Time.hour)
    }
}

/// The KPI pane's series for the last 14 complete days before `now` (UTC days).
func kpis() -> [KPIPanelSeries] {
    let calendar = TeamCalendar(zone: TimeZone(identifier: "UTC")!)
    let periods = calendar.lastN(14, .day, endingAt: calendar.startOfDay(now) - 1)
    func series(_ id: KPIID, _ values: [Double], target: Double? = nil) -> KPIPanelSeries {
        KPIPanelSeries(id: id, periods: periods, values: values.map { KPIValue(value: $0) }, target: target, direction: id.defaultDirection)
    }
    return [
        series(.activeCreators, [280, 290, 300, 305, 310, 298, 300, 301, 306, 310, 312, 315, 300, 312]),
        series(.liveHours, [900, 950, 1000, 1010, 990, 1200, 1100, 1000, 980, 970, 1000, 1020, 1040, 988.5]),
        series(.backlog, [30, 29, 28, 30, 31, 33, 35, 34, 32, 30, 29, 28, 27, 27], target: 25),
        series(.slaAttainment, [0.9, 0.92, 0.95, 0.96, 0.94, 0.93, 0.95, 0.97, 0.96, 0.95, 0.94, 0.95, 0.95, 0.94], target: 0.95),
    ]
}

/// Sends keys one by one, collecting the commands they cause.
@discardableResult
func press(_ model: inout Model, _ keys: Key...) -> [Command] {
    keys.flatMap { update(&model, .key($0)) }
}

/// The message the runner sends with a roster page for the model's current query.
func rosterMsg(_ model: Model, total: Int, offset: Int, rows: [RosterRow]) -> Msg {
    .roster(.loaded(query: model.rosterQuery, total: total, unfiltered: total, offset: offset, rows: rows))
}

func members() -> [Member] {
    [
        Member(id: "m-ana", handle: "@ana", name: "Ana Souza", role: .manager, team: "US"),
        Member(id: "m-tuan", handle: "@tuan", name: "Tuan Le", role: .specialist, team: "US"),
        Member(id: "m-rosa", handle: "@rosa", name: "Rosa Diaz", role: .specialist, team: "US", tier: 2),
    ]
}

/// What the store returns for ticket t1 (K7Q2): urgent, open, first reply breached 12 minutes ago.
func ticketDetail() -> TicketDetail {
    let ticket = Ticket(id: "t1", key: "K7Q2ABCDEFGH", subject: "Payout missing for last month", body: "My October payout never arrived.\nCan you check?",
                        requesterCreatorID: "c2", requesterNetworkID: nil, channel: .inApp, category: .rewardsPayout, priority: .urgent,
                        status: .open, tier: 1, assigneeID: "m-tuan", createdAt: now - 2 * Time.hour)
    let events = [
        TicketDetail.EventRow(event: TicketEvent(id: "e1", ticketID: "t1", kind: .assignment, at: now - 110 * Time.minute, actor: .system,
                                                 authorID: nil, isPublic: false, toValue: "@tuan"), authorHandle: nil),
        TicketDetail.EventRow(event: TicketEvent(id: "e2", ticketID: "t1", kind: .note, at: now - 30 * Time.minute, actor: .agent,
                                                 authorID: "m-tuan", isPublic: false, body: "Finance says the batch failed."), authorHandle: "@tuan"),
    ]
    let sla = SLAReport(targets: [
        SLATargetStatus(target: .firstReply, state: .breached, due: now - 12 * Time.minute, remaining: -12 * Time.minute, achievedAt: nil),
        SLATargetStatus(target: .resolution, state: .active, due: now + 6 * Time.hour, remaining: 6 * Time.hour, achievedAt: nil),
    ], nextBreach: (.firstReply, now - 12 * Time.minute))
    return TicketDetail(ticket: ticket, key: "K7Q2", requesterHandle: "@mila.cooks", networkName: nil, assigneeHandle: "@tuan", tags: ["payout"],
                        events: events, sla: sla, mergedIntoKey: nil, mergedFromKeys: [])
}
