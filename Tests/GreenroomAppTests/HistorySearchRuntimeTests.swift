import Foundation
import Testing
import GreenroomCore
import GreenroomStore
@testable import GreenroomTUI
@testable import GreenroomApp

/// Issue 28: a filter over the whole history is read off the main loop, and its answer is
/// the store's own page; open-queue pages stay inline (the next frame is complete).
@Suite(.serialized) struct HistorySearchRuntimeTests {
    @Test func aHistoryFilterRunsInTheBackgroundAndDeliversTheStoresPage() throws {
        let store = try Store.open(at: RuntimeTests.database, clock: .fixed(now))
        let runner = CommandRunner(store: store, clock: .fixed(now))
        let filter = try TicketFilterParser().parse("pay status:solved")
        let query = TicketQuery(view: .all, filter: filter, me: "@ana")
        let started = runner.run(.tickets(.load(query, offset: 0, limit: 40)))
        guard case .backgroundStarted(TicketsState.searchTask)? = started.first, started.count == 1 else {
            Issue.record("a history filter should start a background search: \(started)"); return
        }
        #expect(runner.waitUntilIdle(timeout: 30))
        let delivered = runner.drainDelivered()
        guard case .tickets(.loaded(let q, let total, _, 0, let rows))? = delivered.first else { Issue.record("\(delivered)"); return }
        #expect(q == query)
        #expect(total == (try store.ticketCount(view: .all, filter: filter, me: "@ana", now: now)) && total > 0)
        #expect(rows.map(\.id) == (try store.ticketPage(view: .all, filter: filter, me: "@ana", offset: 0, limit: 40, now: now).map(\.id)))
        #expect(rows.allSatisfy { $0.status == .solved })
        guard case .backgroundFinished(TicketsState.searchTask)? = delivered.last else { Issue.record("\(delivered)"); return }
        // The open queue's pages answer at once; the history's (a count over every ticket) do not.
        guard case .tickets(.loaded)? = runner.run(.tickets(.load(TicketQuery(view: .allOpen, filter: filter, me: "@ana"), offset: 0, limit: 40))).first
        else { Issue.record("the open queue should load inline"); return }
        guard case .backgroundStarted? = runner.run(.tickets(.load(TicketQuery(view: .all, me: "@ana"), offset: 0, limit: 40))).first
        else { Issue.record("the history should load off the main loop"); return }
        #expect(runner.waitUntilIdle(timeout: 30))
        _ = runner.drainDelivered()
    }

    /// Typed a key at a time, every search but the last may be cancelled; the pane ends on
    /// the last one's answer.
    @Test func typingAWordEndsOnTheLastKeysAnswer() throws {
        let store = try Store.open(at: RuntimeTests.database, clock: .fixed(now))
        let terminal = HeadlessTerminal(width: 120, height: 30)
        let app = AppRuntime(model: Model(width: 120, height: 30, now: now, me: "@ana"), terminal: terminal,
                             runner: CommandRunner(store: store, clock: .fixed(now)), clock: .fixed(now))
        app.start()
        app.settle()
        app.handle([.key(.char("3")), .key(.char("v"))] + "all t".map { .key(.char($0)) } + [.key(.enter)])
        app.settle()
        #expect(app.model.tickets.view == .all)
        app.handle([.key(.char("/"))])
        for ch in "payout status:solved" { app.handle([.key(.char(ch))]) }
        app.settle()
        let filter = try TicketFilterParser().parse("payout status:solved")
        let expected = try store.ticketPage(view: .all, filter: filter, me: "@ana", offset: 0, limit: 10, now: now).map(\.id)
        #expect(!expected.isEmpty)
        #expect(Array(app.model.tickets.list.rows.prefix(10).map(\.id)) == expected)
        #expect(app.model.tickets.list.total == (try store.ticketCount(view: .all, filter: filter, me: "@ana", now: now)))
        #expect(app.model.busy.isEmpty)
        #expect(!terminal.screen.render().contains("Searching"))
    }
}
