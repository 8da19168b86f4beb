import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: `o` / `O` order the queue; the order is in the pane title and kept per view.
@Suite struct QueueSortTests {
    func queue() -> Model {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        return m
    }

    func loads(_ commands: [Command]) -> [TicketQuery] {
        commands.compactMap { if case .tickets(.load(let q, _, _, _)) = $0 { return q } else { return nil } }
    }

    func pick(_ m: inout Model, _ text: String) -> [Command] {
        _ = update(&m, .key(.char("v")))
        for ch in text { _ = update(&m, .key(.char(ch))) }
        return update(&m, .key(.enter))
    }

    @Test func oStepsThroughTheOrdersAndCapitalOStepsBack() {
        var m = queue()
        #expect(view(m).renderTrimmed().contains("by next breach"))
        var commands = update(&m, .key(.char("o")))
        #expect(loads(commands).map(\.sort) == [.priority])
        #expect(m.tickets.list.loaded == false)                     // the list restarts
        #expect(m.toast?.text == "All open by priority")
        _ = update(&m, .tickets(.loaded(query: m.ticketQuery, total: 3, summary: QueueSummary(open: 3, breaching: 1), offset: 0, rows: queueRows(count: 3))))
        #expect(view(m).renderTrimmed().contains("3 Tickets 3 open · 1 breaching · by priority"))
        for expected in [TicketSort.lastUpdate, .created, .requester, .nextBreach] {
            commands = update(&m, .key(.char("o")))
            #expect(loads(commands).map(\.sort) == [expected])
        }
        commands = update(&m, .key(.char("O")))
        #expect(loads(commands).map(\.sort) == [.requester])
    }

    @Test func eachViewKeepsItsOwnOrder() {
        var m = queue()
        _ = update(&m, .key(.char("o")))                            // All open: priority
        let unassigned = loads(pick(&m, "unassigned"))
        #expect(unassigned.map(\.sort) == [.nextBreach])
        _ = press(&m, .char("o"), .char("o"))                        // Unassigned: last update
        #expect(m.tickets.sort == .lastUpdate)
        #expect(loads(pick(&m, "all open")).map(\.sort) == [.priority])
        #expect(loads(pick(&m, "unassigned")).map(\.sort) == [.lastUpdate])
    }

    @Test func anAnswerForTheOldOrderIsDropped() {
        var m = queue()
        let before = m.ticketQuery
        _ = update(&m, .key(.char("o")))
        _ = update(&m, .tickets(.loaded(query: before, total: 3, summary: QueueSummary(open: 3, breaching: 1), offset: 0, rows: queueRows(count: 3))))
        #expect(m.tickets.list.loaded == false)
    }
}

/// Issue 28: the All tickets view in the queue.
@Suite struct AllTicketsViewTests {
    @Test func allTicketsIsAViewOfEveryTicketNewestFirst() {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.char("v")))
        for ch in "all t" { _ = update(&m, .key(.char(ch))) }
        let commands = update(&m, .key(.enter))
        let loads = commands.compactMap { if case .tickets(.load(let q, _, _, _)) = $0 { return q } else { return nil } }
        #expect(loads.map(\.view) == [.all])
        _ = update(&m, .tickets(.loaded(query: m.ticketQuery, total: 0, summary: QueueSummary(open: 3, breaching: 1), offset: 0, rows: [])))
        _ = update(&m, .key(.char("z")))                        // zoomed: the whole title shows
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("3 Tickets 3 open · 1 breaching · All tickets 0 · by newest"))
        #expect(screen.contains("No tickets in All tickets."))
    }

    @Test func aHistoryFilterGoesToTheStoreAsTyped() {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        m.tickets.view = .all
        _ = update(&m, .key(.char("/")))
        var last: [Command] = []
        for ch in "payout status:solved solved:<30d" { last = update(&m, .key(.char(ch))) }
        #expect(m.tickets.filter.words == ["payout"])
        #expect(m.tickets.filter.conditions == [.status([.solved], negated: false), .solvedDays(CreatorFilter.Comparison(.less, 30))])
        #expect(last.contains { if case .tickets(.load(let q, _, _, _)) = $0 { return q.view == .all && q.filter == m.tickets.filter } else { return false } })
    }
}
