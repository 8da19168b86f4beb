import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// `d` on the program, workshop, community and task screens: the store's plan is asked for,
/// the app asks before removing, `y` removes (one change `u` undoes), `n` changes nothing.
@Suite struct RecordRemovalUpdateTests {
    static let plan = Removal(entity: .program, ids: ["p1"], what: "program \"LIVE 101\"", holds: "3 modules, 8 enrolled, 2 completed")

    static func programsList() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "programs" { press(&m, .char(c)) }
        _ = press(&m, .enter)
        _ = update(&m, .programs(.loaded(ProgramFixtures.summaries)))
        return m
    }

    func confirm(_ m: Model) -> ConfirmState? {
        guard case .confirm(let c)? = m.overlay else { return nil }
        return c
    }

    @Test func dAsksForThePlanThenAsksAndYRemovesAndUUndoes() {
        var m = Self.programsList()
        #expect(press(&m, .char("d")) == [.removal(.plan(.program(id: "p1")))])
        #expect(m.overlay == nil)
        #expect(update(&m, .removalPlanned(Self.plan)) == [])
        #expect(confirm(m)?.message == "Remove program \"LIVE 101\" (3 modules, 8 enrolled, 2 completed)? It can be restored from the trash (:trash); u undoes it.")
        #expect(press(&m, .char("y")) == [.removal(.remove(Self.plan))])
        #expect(m.overlay == nil)
        // The store's inverse comes back: the toast offers u, the list reloads, u restores.
        let inverse = ChangeSet("Removed program \"LIVE 101\"", [.update(.program, id: "p1", fields: ["deleted": FieldValue(false)])])
        let reloads = update(&m, .applied(inverse: inverse, mode: .perform))
        #expect(reloads.contains(.programs(.load)))
        #expect(m.toast?.text == "Removed program \"LIVE 101\" · u to undo")
        #expect(press(&m, .char("u")) == [.apply(inverse, mode: .undo)])
    }

    @Test func nOrEscKeepsIt() {
        var m = Self.programsList()
        _ = press(&m, .char("d"))
        _ = update(&m, .removalPlanned(Self.plan))
        #expect(press(&m, .char("n")) == [])
        #expect(m.overlay == nil)
        _ = update(&m, .removalPlanned(Self.plan))
        #expect(press(&m, .esc) == [])
        #expect(m.overlay == nil)
        guard case .programs = m.screen else { Issue.record("left the programs"); return }
    }

    @Test func onABoardDRemovesTheProgramOpenAndItsReloadGoesBackToTheList() {
        var m = ProgramFixtures.openModel()
        #expect(press(&m, .char("d")) == [.removal(.plan(.program(id: "p1")))])
        // Removed: the board's reload finds no program and the list comes back.
        #expect(update(&m, .programs(.boardLoaded(id: "p1", nil))) == [.programs(.load)])
        #expect(ProgramFixtures.board(m) == nil)
        // An empty list has nothing to remove.
        _ = update(&m, .programs(.loaded([])))
        #expect(press(&m, .char("d")) == [])
    }

    @Test func workshopsRemoveTheOneUnderTheCursorOrOpenAndAnOpenOneGoneClosesOnReload() {
        var m = WorkshopAttendanceTests.openModel()
        #expect(press(&m, .char("d")) == [.removal(.plan(.workshop(id: "w1")))])
        guard case .workshops(let s) = m.screen else { Issue.record("not on workshops"); return }
        // While one is open the reload asks for the list too; the list without it closes it.
        #expect(s.reload(m.screenEnv) == [.workshops(.load), .workshops(.loadAttendees(id: "w1"))])
        _ = update(&m, .workshops(.loaded([])))
        guard case .workshops(let after) = m.screen else { Issue.record("not on workshops"); return }
        #expect(after.open == nil)
        _ = update(&m, .workshops(.loaded([WorkshopSummary(workshop: WorkshopAttendanceTests.workshop, hostHandle: nil, moduleTitle: nil, invited: 3, attended: 1)])))
        #expect(press(&m, .char("d")) == [.removal(.plan(.workshop(id: "w1")))])
    }

    @Test func communitiesRemoveTheOneUnderTheCursorOrOpen() {
        var m = TaskFixtures.openCommunity()
        press(&m, .char("j"))
        #expect(press(&m, .char("d")) == [.removal(.plan(.community(id: "k1")))])
        guard case .communities(let s) = m.screen else { Issue.record("not on communities"); return }
        #expect(s.reload(m.screenEnv) == [.communities(.load), .communities(.loadMembers(id: "k1"))])
        _ = press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .char("d")) == [.removal(.plan(.community(id: "k2")))])
    }

    @Test func tasksRemoveATaskAsGivenOrOneCreatorsTask() {
        var m = TaskFixtures.openList()
        press(&m, .char("j"))
        // "LIVE 5 days" of 11-16: the four creators' tasks.
        #expect(press(&m, .char("d")) == [.removal(.plan(.tasks(ids: ["t2", "t4", "t1", "t3"])))])
        _ = press(&m, .enter)
        press(&m, .char("j"))
        #expect(press(&m, .char("d")) == [.removal(.plan(.tasks(ids: ["t4"])))])
    }
}

@Suite struct RecordRemovalViewTests {
    /// The question over the programs list at 100×30, in the command line's words.
    @Test func theConfirmationSaysWhatWouldGoAndHowToGetItBack() {
        var m = RecordRemovalUpdateTests.programsList()
        _ = press(&m, .char("d"))
        _ = update(&m, .removalPlanned(Removal(entity: .program, ids: ["p1"], what: "program \"LIVE 101\"",
                                               holds: "3 modules, 8 enrolled, 2 completed, 1 linked workshop (kept; attending no longer completes a module)")))
        let lines = view(m).renderTrimmed().split(separator: "\n").map(String.init)
        let dialog = lines.filter { $0.contains("│") || $0.contains("Confirm") }
        Golden.expect(dialog.joined(separator: "\n"), is: "remove-program-confirm")
        #expect(lines.last!.contains("y / Enter") || dialog.joined().contains("y / Enter: yes"))
    }

    @Test func theHelpListsDUnderItsOwnSection() {
        let sections = KeyMap.defaults.helpSections()
        let records = sections.first { $0.title == "Programs, workshops, communities and tasks" }
        #expect(records?.rows.map(\.keys) == ["d"])
    }
}
