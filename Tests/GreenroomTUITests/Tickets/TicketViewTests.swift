import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct TicketViewTests {
    static func zoomedQueue() -> Model {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.char("z")))
        _ = update(&m, .key(.char("x"))) // select K7Q2; the cursor moves to 9FZD
        return m
    }

    @Test func theQueueAt120x30() {
        let screen = view(TicketViewTests.zoomedQueue()).renderTrimmed()
        Golden.expect(screen, is: "queue-120x30")
    }

    @Test func theDetailAt120x30() {
        var m = TicketViewTests.zoomedQueue()
        _ = update(&m, .key(.char("k")))
        _ = update(&m, .key(.enter))
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: ticketDetail())))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "detail-120x30")
    }

}

/// Issue 28: a filter over the whole history runs off the main loop; the pane says so.
@Suite struct TicketHistorySearchViewTests {
    @Test func aSearchOverTheHistorySaysSoWhileItRunsThenShowsItsAnswer() {
        var m = TicketViewTests.zoomedQueue()
        m.tickets.view = .all
        _ = update(&m, .key(.char("/")))
        var loads: [Command] = []
        for ch in "payout" { loads = update(&m, .key(.char(ch))) }
        guard case .tickets(.load(let query, 0, _, nil))? = loads.first else { Issue.record("typing should load page 0: \(loads)"); return }
        #expect(query.view == .all && query.filter.words == ["payout"])
        _ = update(&m, .backgroundStarted(TicketsState.searchTask))
        let searching = view(m).renderTrimmed().split(separator: "\n")
        #expect(searching.contains { $0.contains("Searching All tickets…") }, "\(searching.joined(separator: "\n"))")
        // An answer to an older filter is dropped; the current one lands.
        var older = query
        older.filter = TicketFilter(conditions: [], words: ["payou"])
        _ = update(&m, .tickets(.loaded(query: older, total: 1, summary: m.queueSummary, offset: 0, rows: queueRows(count: 1))))
        #expect(!m.tickets.list.loaded)
        _ = update(&m, .tickets(.loaded(query: query, total: 0, summary: m.queueSummary, offset: 0, rows: [])))
        _ = update(&m, .backgroundFinished(TicketsState.searchTask))
        let done = view(m).renderTrimmed()
        #expect(done.contains("No tickets match the filter in All tickets."))
        #expect(!done.contains("Searching"))
    }
}

/// A solved row's SLA cell fits its 6 cells: how long ago, marked done.
@Suite struct SolvedSLACellTests {
    @Test func aSolvedRowSaysHowLongAgoInSixCells() {
        var row = queueRows(count: 1)[0]
        row.status = .solved
        row.solvedAt = now - 15 * Time.hour
        #expect(TicketsView.slaText(row, now: now).0 == "✓ 15h")
        #expect(TicketsView.slaText(row, now: now, unicode: false).0 == "ok 15h")
        row.solvedAt = now - 20_000
        #expect(TicketsView.slaText(row, now: now).0 == "✓ now")
        for ago in [Time.minute * 59, Time.hour * 47, Time.day * 13, Time.day * 300, Time.day * 4000] {
            row.solvedAt = now - ago
            #expect(TicketsView.slaText(row, now: now, unicode: false).0.count <= 6, "\(ago)")
        }
    }
}
