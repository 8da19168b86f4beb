import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Scrolling asks for the next page from the row next to it (keyset paging, issue 23); a jump
/// far from every loaded row asks by position.
@Suite struct KeysetLoadTests {
    @Test func aWindowSeeksFromTheNearestLoadedRow() {
        var w = ListWindow<Int>()
        w.apply(total: 1_000, offset: 100, rows: Array(100..<160), height: 20)
        #expect(w.seek(forLoadAt: 140, limit: 60) == .after(139, skip: 0))
        #expect(w.seek(forLoadAt: 170, limit: 60) == .after(159, skip: 10))
        #expect(w.seek(forLoadAt: 40, limit: 60) == .before(100, skip: 0))
        #expect(w.seek(forLoadAt: 20, limit: 60) == .before(100, skip: 20))
        // Too far from anything loaded, or the top: by position.
        #expect(w.seek(forLoadAt: 700, limit: 60) == nil)
        #expect(w.seek(forLoadAt: 0, limit: 60) == nil)
        #expect(ListWindow<Int>().seek(forLoadAt: 40, limit: 60) == nil)
    }

    @Test func scrollingPastTheWindowAsksForTheNextPageAfterItsLastRow() {
        var m = loadedModel(rosterTotal: 100_000)
        let h = m.rosterHeight
        #expect(m.roster.list.rows.count == 60)
        var load: [Command] = []
        for _ in 0..<20 where load.isEmpty { load = press(&m, .ctrl("d")) }
        guard case .roster(.load(_, let offset, let limit, let seek?))? = load.first else {
            Issue.record("no keyset load: \(load)"); return
        }
        #expect(limit == 3 * h)
        #expect(seek == .after(m.roster.list.rows[offset - 1 - m.roster.list.offset], skip: 0))
        // `G` jumps far from the window: by position.
        guard case .roster(.load(_, _, _, nil))? = press(&m, .char("G")).first else { Issue.record("G should load by position"); return }
    }

    @Test func theQueueAsksForItsNextPageAfterItsLastRow() {
        var m = loadedModel(queueTotal: 100_000)
        press(&m, .char("3"))
        #expect(m.focus == .tickets)
        var load: [Command] = []
        for _ in 0..<20 where load.isEmpty { load = press(&m, .ctrl("d")) }
        guard case .tickets(.load(_, let offset, _, let seek?))? = load.first else {
            Issue.record("no keyset load: \(load)"); return
        }
        #expect(seek == .after(m.tickets.list.rows[offset - 1 - m.tickets.list.offset], skip: 0))
    }
}
