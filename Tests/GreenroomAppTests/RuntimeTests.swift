import Foundation
import Testing
import GreenroomCore
import GreenroomStore
@testable import GreenroomTUI
@testable import GreenroomApp

/// The instant the runtime tests run at (the TUI tests' fixtures pin the same one).
let now: Millis = Time.parseISO("2026-11-20T09:30:00Z")!

/// The real runner and store under the real update and view, on a headless terminal.
@Suite(.serialized) struct RuntimeTests {
    static let directory = NSTemporaryDirectory() + "greenroom-runtime-" + UUID().uuidString
    static let database: String = {
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/demo.sqlite"
        _ = try! Store.generateDemo(at: path, options: DemoOptions(creators: 120, tickets: 200, days: 30, seed: 7), clock: .fixed(now))
        return path
    }()

    func runtime(width: Int = 100, height: Int = 30) throws -> (AppRuntime, HeadlessTerminal, Store) {
        let store = try Store.open(at: RuntimeTests.database, clock: .fixed(now))
        let terminal = HeadlessTerminal(width: width, height: height)
        let model = Model(width: width, height: height, now: now, me: "@ana")
        let app = AppRuntime(model: model, terminal: terminal, runner: CommandRunner(store: store, clock: .fixed(now)), clock: .fixed(now))
        app.start()
        app.settle()
        return (app, terminal, store)
    }

    @Test func theFirstFrameShowsAllFourPanesWithRows() throws {
        let (app, terminal, store) = try runtime()
        let screen = terminal.screen.render()
        #expect(screen.contains("1 Roster 120"))
        #expect(screen.contains("2 Pipeline"))
        #expect(screen.contains("3 Tickets"))
        #expect(screen.contains("4 KPIs 14 days"))
        #expect(screen.contains("LIVE Creator Ops"))
        let first = try store.rosterPage(offset: 0, limit: 1, now: now)[0]
        #expect(screen.contains(first.handle))
        #expect(app.model.roster.list.rows.count > 0 && app.model.tickets.list.rows.count > 0)
        #expect(app.model.pipeline.columns.map(\.stage) == Stage.defaultFlow)
        #expect(app.model.kpis.series.map(\.id) == KPIID.allCases)
        #expect(terminal.frames == 2) // the first frame, then the one with the KPIs computed off the loop
        #expect(app.model.busy.isEmpty)
    }

    @Test func keysPageThroughTheDatabase() throws {
        let (app, terminal, store) = try runtime()
        app.handle([.key(.char("G"))])
        let last = try store.rosterPage(offset: 119, limit: 1, now: now)[0]
        #expect(app.model.roster.list.cursor == 119)
        #expect(app.model.roster.list.selected?.id == last.id)
        #expect(terminal.screen.render().contains(last.handle))
        app.handle([.key(.char("3")), .key(.char("j"))])
        #expect(app.model.focus == .tickets && app.model.tickets.list.cursor == 1)
        #expect(terminal.frames == 4)
    }

    @Test func theQueueIsInDueOrder() throws {
        let (app, _, _) = try runtime()
        let due = app.model.tickets.list.rows.map { $0.slaDueAt ?? .max }
        #expect(due == due.sorted())
        #expect(app.model.queueSummary.breaching == app.model.tickets.list.rows.filter { ($0.slaDueAt ?? .max) < now }.count)
    }

    @Test func resizingReflowsAndQuittingStops() throws {
        let (app, terminal, _) = try runtime()
        terminal.resize(width: 60, height: 20)
        app.handle(terminal.poll(timeout: 0))
        #expect(terminal.screen.render().contains("terminal too small (need 80×24)"))
        terminal.resize(width: 100, height: 30)
        app.handle(terminal.poll(timeout: 0))
        #expect(terminal.screen.render().contains("1 Roster 120"))
        app.handle([.key(.char("q"))])
        #expect(app.model.quitting)
    }
}

/// Every screen on the TUI's registry has effects in the runner (a conformance beside its
/// effects), so its commands never fall through.
@Suite struct ScreenEffectsRegistryTests {
    @Test func everyRegisteredScreensCommandsHaveEffects() {
        #expect(!Screens.commandTypes.isEmpty)
        for type in Screens.commandTypes {
            #expect(type is any ScreenEffects.Type, "\(type) has no ScreenEffects conformance in GreenroomApp/Effects")
        }
    }

    @Test func aCommandWithoutEffectsFailsAloud() throws {
        struct Stray: Hashable, Sendable {}
        let store = try Store.open(at: NSTemporaryDirectory() + "greenroom-stray-" + UUID().uuidString + ".sqlite", clock: .fixed(now))
        let runner = CommandRunner(store: store, clock: .fixed(now))
        let msgs = runner.run(.screen(ScreenCommand(Stray())))
        guard case .failed(let reason)? = msgs.first else { Issue.record("no failure"); return }
        #expect(reason.contains("Stray"))
    }
}
