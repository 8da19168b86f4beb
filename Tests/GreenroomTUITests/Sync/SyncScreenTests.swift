import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

let sampleConflicts = [
    ConflictRow(id: 7, entity: "creator", label: "@zoe.live", field: "display_name", current: "Zoë Theirs", currentBy: "tuan-laptop",
                lost: "Zoë Mine", lostTime: Time.parseISO("2026-11-20T08:00:00Z"), lostBy: "this laptop"),
    ConflictRow(id: 9, entity: "ticket", label: "K7Q2 Payout missing", field: "priority", current: "urgent", currentBy: "this laptop",
                lost: "high", lostTime: Time.parseISO("2026-11-19T16:30:00Z"), lostBy: "ana-laptop"),
]

@Suite struct SyncUpdateTests {
    @Test func sSyncsOnceAtATimeAndReloadsEverythingAfter() {
        var m = loadedModel()
        #expect(press(&m, .char("S")) == [.sync(.run)])
        #expect(m.syncProgress != nil)
        _ = update(&m, .backgroundStarted("sync"))
        _ = update(&m, .sync(.progress("sync: reading 40%")))
        #expect(view(m).renderTrimmed().contains("⟳ sync: reading 40%…"))
        // A second S while one runs does nothing but say so.
        #expect(press(&m, .char("S")) == [])
        #expect(m.toast?.text == "A sync is already running")
        let after = update(&m, .sync(.finished("Synced: 2 files read, 14 changes applied, 3 sent, 1 conflict (:conflicts)", failed: false)))
        #expect(m.syncProgress == nil)
        #expect(after.contains(.loadHeader) && after.contains(.loadDirectory) && after.contains(.kpis(.load(unit: .day))))
        #expect(after.contains { if case .roster(.load) = $0 { return true } else { return false } })
        #expect(after.contains { if case .tickets(.load) = $0 { return true } else { return false } })
        #expect(m.toast?.text.hasPrefix("Synced: 2 files read") == true)
        // A failed sync reloads only the header, and says why.
        _ = press(&m, .char("S"))
        #expect(update(&m, .sync(.finished("Sync failed: folder gone", failed: true))) == [.loadHeader])
        #expect(m.toast?.kind == .error)
    }

    @Test func conflictsOpenFromThePaletteAndKeepEitherValue() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "conflicts" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.conflicts(.load)])
        _ = update(&m, .conflicts(.loaded(sampleConflicts)))
        #expect(m.openConflictCount == 2)
        #expect(press(&m, .char("<")) == [.conflicts(.resolve(id: 7, keepCurrent: true))])
        #expect(press(&m, .char("c")) == [.conflicts(.resolve(id: 7, keepCurrent: true))])
        press(&m, .char("j"))
        #expect(press(&m, .char(">")) == [.conflicts(.resolve(id: 9, keepCurrent: false))])
        #expect(press(&m, .char("b")) == [.conflicts(.resolve(id: 9, keepCurrent: false))])
        // Resolved: the list shrinks and the cursor stays on it.
        _ = update(&m, .conflicts(.loaded([sampleConflicts[0]])))
        guard case .conflicts(let s) = m.screen else { Issue.record("not on conflicts"); return }
        #expect(s.cursor == 0)
        press(&m, .esc)
        #expect(m.screen == .main)
    }
}

@Suite struct SyncViewTests {
    @Test func theHeaderShowsTheLastSyncAndOpenConflicts() {
        var m = loadedModel()
        _ = update(&m, .headerLoaded(lastSyncAt: now - 4 * Time.minute, conflicts: 2))
        let top = view(m).renderTrimmed().split(separator: "\n")[0]
        #expect(top.hasSuffix("synced 4m ago · 2 conflicts (:conflicts)"))
        _ = update(&m, .headerLoaded(lastSyncAt: nil, conflicts: 0))
        #expect(view(m).renderTrimmed().split(separator: "\n")[0].hasSuffix("never synced"))
    }

    @Test func conflictsSideBySideAt100x30() {
        var m = loadedModel()
        _ = m.openConflicts()
        _ = update(&m, .conflicts(.loaded(sampleConflicts)))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("┏Sync conflicts · 2 open · < keep current · > bring back lost━"))
        #expect(lines[2].contains("what") && lines[2].contains("now") && lines[2].contains("lost") && lines[2].contains("by"))
        #expect(lines[3].contains("▶") && lines[3].contains("@zoe.live") && lines[3].contains("display")
                && lines[3].range(of: "Zoë Theirs")!.lowerBound < lines[3].range(of: "Zoë Mine")!.lowerBound && lines[3].contains("this laptop"))
        #expect(lines[4].range(of: "urgent")!.lowerBound < lines[4].range(of: "high")!.lowerBound && lines[4].contains("ana-laptop"))
        #expect(lines.last!.hasPrefix(" CONFLICTS  j/k move · < keep current · > bring back lost · S sync · Esc back"), "\(lines.joined(separator: "\n"))")
        // Nothing open.
        _ = update(&m, .conflicts(.loaded([])))
        #expect(view(m).renderTrimmed().contains("No open conflicts"))
    }
}
