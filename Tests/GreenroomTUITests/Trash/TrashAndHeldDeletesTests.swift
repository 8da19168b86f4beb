import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

let sampleTrash = [
    TrashRow(kind: "creator", id: "0190aaaa-bbbb-7ccc-8ddd-000000000001", label: "@zoe.live · Zoë", deletedAt: Time.parseISO("2026-11-20T08:00:00Z"),
             deletedBy: "this laptop"),
    TrashRow(kind: "ticket", id: "0190aaaa-bbbb-7ccc-8ddd-000000000002", label: "K7Q2 · Payout missing", deletedAt: Time.parseISO("2026-11-19T16:30:00Z"),
             deletedBy: "ana-laptop"),
]

@Suite struct TrashAndHeldDeletesTests {
    @Test func theTrashOpensFromThePaletteAndRestoresTheRowUnderTheCursor() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "trash" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.trash(.load)])
        guard case .trash = m.screen else { Issue.record("not on the trash"); return }
        // Nothing to restore before the rows arrive.
        #expect(press(&m, .char("r")) == [])
        _ = update(&m, .trash(.loaded(sampleTrash)))
        #expect(press(&m, .char("r")) == [.trash(.restore(kind: "creator", id: sampleTrash[0].id, label: "@zoe.live · Zoë"))])
        press(&m, .char("j"))
        #expect(press(&m, .char("r")) == [.trash(.restore(kind: "ticket", id: sampleTrash[1].id, label: "K7Q2 · Payout missing"))])
        // Restored: the shorter list keeps the cursor on a row.
        _ = update(&m, .trash(.loaded([sampleTrash[0]])))
        guard case .trash(let s) = m.screen else { Issue.record("not on the trash"); return }
        #expect(s.cursor == 0)
        press(&m, .esc)
        #expect(m.screen == .main)
    }

    @Test func theTrashSideBySideAt100x30() {
        var m = loadedModel()
        _ = m.openTrash()
        _ = update(&m, .trash(.loaded(sampleTrash)))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("┏Trash · 2 deleted · r restore━"))
        #expect(lines[2].contains("kind") && lines[2].contains("what") && lines[2].contains("deleted") && lines[2].contains("by"))
        #expect(lines[3].contains("▶") && lines[3].contains("creator") && lines[3].contains("@zoe.live · Zoë") && lines[3].contains("this laptop"))
        #expect(lines[4].contains("ticket") && lines[4].contains("K7Q2 · Payout missing") && lines[4].contains("ana-laptop"))
        #expect(lines.last!.hasPrefix(" TRASH  j/k move · r restore · u undo · Esc back"), "\(lines.joined(separator: "\n"))")
        _ = update(&m, .trash(.loaded([])))
        #expect(view(m).renderTrimmed().contains("The trash is empty"))
    }

    @Test func heldDeletesAskAndEachKeyDecides() {
        var m = loadedModel()
        let held = [HeldDeleteRow(device: "dead0000beef0000", description: "5,000 creators from ana-laptop (dead0000beef0000)")]
        _ = update(&m, .sync(.deletesHeld(held)))
        guard case .confirm(let state)? = m.overlay else { Issue.record("no question"); return }
        #expect(state.message == "Sync held 5,000 creators from ana-laptop (dead0000beef0000) that would be deleted. Apply the deletes?")
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("y: apply the deletes    k: keep the records    n / Esc: later"))
        #expect(press(&m, .char("k")) == [.sync(.decideDeletes(device: "dead0000beef0000", accept: false))])
        #expect(m.overlay == nil)
        _ = update(&m, .sync(.deletesHeld(held)))
        #expect(press(&m, .char("y")) == [.sync(.decideDeletes(device: "dead0000beef0000", accept: true))])
        _ = update(&m, .sync(.deletesHeld(held)))
        #expect(press(&m, .esc) == [])
        #expect(m.overlay == nil)
        // Nothing held, or something else open: no question.
        _ = update(&m, .sync(.deletesHeld([])))
        #expect(m.overlay == nil)
        press(&m, .char("?"))
        _ = update(&m, .sync(.deletesHeld(held)))
        if case .confirm? = m.overlay { Issue.record("asked over the help") }
    }
}
