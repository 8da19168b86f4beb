import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// The board, through `update` only.
@Suite struct BoardUpdateTests {
    func board() -> Model {
        var m = loadedModel()
        _ = update(&m, .key(.char("2")))
        return m
    }

    func applied(_ commands: [Command]) -> ChangeSet? {
        for c in commands { if case .apply(let set, .perform) = c { return set } }
        return nil
    }

    @Test func hAndLMoveBetweenColumnsWithinBounds() {
        var m = board()
        #expect(m.pipeline.focusedStage == "lead")
        _ = update(&m, .key(.char("h")))
        #expect(m.pipeline.focusedColumn == 0)
        for _ in 0..<10 { _ = update(&m, .key(.char("l"))) }
        #expect(m.pipeline.focusedStage == "established")
        _ = update(&m, .key(.left))
        #expect(m.pipeline.focusedStage == "activated")
        _ = update(&m, .key(.char("g")))
        _ = update(&m, .key(.char("j")))
        _ = update(&m, .key(.char("j")))
        #expect(m.pipeline.columns[3].cards.cursor == 0) // one card: the cursor stays on it
    }

    @Test func shiftLMovesTheCardOneStageAndTheCursorFollowsIt() {
        var m = board()
        _ = update(&m, .key(.char("j"))) // @kai
        let commands = update(&m, .key(.char("L")))
        let set = try! #require(applied(commands))
        #expect(set.changes == [.moveStage(creatorID: "p2", to: "contacted", reason: nil)])
        #expect(set.label == "Moved @kai to contacted")
        #expect(m.pipeline.follow == "p2")
        // The store answers; the board reloads and finds the card.
        let reload = update(&m, .applied(inverse: ChangeSet(set.label, [.stageEvent(creatorID: "p2", eventID: "e1", active: false)]), mode: .perform))
        #expect(reload.contains(.pipeline(.locateCard(m.boardQuery, creatorID: "p2"))))
        #expect(!reload.contains { if case .tickets(.load) = $0 { return true } else { return false } }) // a move does not recount the queue
        #expect(m.toast?.text == "Moved @kai to contacted · u to undo")
        var columns = pipelineColumns()
        columns[0] = PipelineColumn(stage: "lead", count: 1, offset: 0, cards: [columns[0].cards[0]])
        columns[1] = PipelineColumn(stage: "contacted", count: 2, offset: 0, cards: columns[1].cards + [
            PipelineCard(id: "p2", handle: "@kai", ownerHandle: "@ana", stage: "contacted", enteredStageAt: now, nextFollowUp: nil)])
        _ = update(&m, .pipeline(.loaded(query: m.boardQuery, counts: ["lead": 1, "contacted": 2], columns: columns)))
        _ = update(&m, .pipeline(.cardLocated(creatorID: "p2", stage: "contacted", index: 1)))
        #expect(m.pipeline.focusedStage == "contacted")
        #expect(m.pipeline.columns[1].cards.cursor == 1)
        #expect(m.pipeline.follow == nil)
        // `>` is the same move; `<` goes back.
        #expect(m.keyMap.action(for: .char(">"), in: m.keyContexts) == .moveCardRight)
        #expect(m.keyMap.action(for: .char("<"), in: m.keyContexts) == .moveCardLeft)
    }

    @Test func uUndoesAMoveByWithdrawingItsEvent() {
        var m = board()
        let set = try! #require(applied(update(&m, .key(.char("L")))))
        let inverse = ChangeSet(set.label, [.stageEvent(creatorID: "p1", eventID: "e9", active: false)])
        _ = update(&m, .applied(inverse: inverse, mode: .perform))
        let undo = update(&m, .key(.char("u")))
        #expect(undo == [.apply(inverse, mode: .undo)])
        #expect(m.undoStack.isEmpty)
    }

    @Test func movesStopAtTheEndsOfTheMainLine() {
        var m = board()
        #expect(update(&m, .key(.char("H"))).isEmpty)
        #expect(m.toast?.text == "lead is the first stage")
        for _ in 0..<3 { _ = update(&m, .key(.char("l"))) } // activated: @mila.cooks
        _ = update(&m, .key(.char("l")))                       // established: empty
        #expect(update(&m, .key(.char("L"))).isEmpty)
        _ = update(&m, .key(.char("h")))
        var last = m
        last.settings.stages.removeLast() // activated is now the last stage
        _ = update(&last, .key(.char("L")))
        #expect(last.toast?.text == "activated is the last stage · M to move to paused or lost")
    }

    @Test func movingToLostAsksForAReasonKeptOnTheEvent() {
        var m = board()
        _ = update(&m, .key(.char("M")))
        guard case .picker(let picker)? = m.overlay else { Issue.record("no picker"); return }
        #expect(!picker.items.map(\.value).contains("lead")) // not the stage it is in
        for ch in "lost" { _ = update(&m, .key(.char(ch))) }
        _ = update(&m, .key(.enter))
        guard case .prompt(let prompt)? = m.overlay else { Issue.record("no reason prompt"); return }
        #expect(prompt.title.hasPrefix("Why lost?"))
        #expect(update(&m, .key(.enter)).isEmpty) // a reason is required
        for ch in "no reply" { _ = update(&m, .key(.char(ch))) }
        let set = try! #require(applied(update(&m, .key(.enter))))
        #expect(set.changes == [.moveStage(creatorID: "p1", to: "lost", reason: "no reply")])
    }

    @Test func aSelectionMovesTogetherWithOneConfirmationAndOneUndo() {
        var m = board()
        _ = update(&m, .key(.char("x"))) // @nova.shop, cursor moves to @kai
        _ = update(&m, .key(.char("x"))) // @kai
        _ = update(&m, .key(.char("l")))
        _ = update(&m, .key(.char("x"))) // @vale (contacted)
        #expect(m.pipeline.selection == ["p1": "lead", "p2": "lead", "p3": "contacted"])
        #expect(PipelineView.title(m).hasSuffix("3 selected"))
        #expect(update(&m, .key(.char("L"))).isEmpty)
        guard case .confirm(let confirm)? = m.overlay, case .apply(let set) = confirm.action else { Issue.record("no confirmation"); return }
        #expect(confirm.message == "Move 3 creators one stage on?")
        #expect(set.changes == [.moveStage(creatorID: "p1", to: "contacted", reason: nil), .moveStage(creatorID: "p2", to: "contacted", reason: nil),
                                .moveStage(creatorID: "p3", to: "onboarding", reason: nil)])
        let commands = update(&m, .key(.char("y")))
        #expect(commands == [.apply(set, mode: .perform)])
        _ = update(&m, .applied(inverse: ChangeSet(set.label, [.stageEvent(creatorID: "p1", eventID: "a", active: false),
                                                               .stageEvent(creatorID: "p2", eventID: "b", active: false),
                                                               .stageEvent(creatorID: "p3", eventID: "c", active: false)]), mode: .perform))
        #expect(m.pipeline.selection.isEmpty)
        #expect(m.pipeline.follow == nil)
        #expect(m.undoStack.count == 1)
    }

    @Test func theBoardFilterUsesTheRosterLanguageAndEscClearsIt() {
        var m = board()
        _ = update(&m, .key(.char("/")))
        var last: [Command] = []
        for ch in "owner:@ana" { last = update(&m, .key(.char(ch))) }
        #expect(m.pipeline.filterText == "owner:@ana", "\(m.pipeline.input?.text ?? "no input")")
        #expect(m.pipeline.filter == (try! FilterParser().parse("owner:@ana")), "\(m.pipeline.filter) \(String(describing: m.pipeline.filterError))")
        #expect(last.contains { if case .pipeline(.load(let q, _, _, _)) = $0 { return q.filter == m.pipeline.filter } else { return false } })
        for ch in " stage:nowher" { _ = update(&m, .key(.char(ch))) }
        let lastValid = m.pipeline.filter
        #expect(update(&m, .key(.char("e"))).isEmpty) // no reload for an invalid filter
        #expect(m.pipeline.filterError?.message.contains("nowhere") == true)
        #expect(m.pipeline.filter == lastValid) // the last valid one stays
        _ = update(&m, .key(.esc))
        #expect(m.pipeline.filter.isEmpty && m.pipeline.input == nil)
        // A reply for the old filter is ignored.
        let stale = update(&m, .pipeline(.loaded(query: BoardQuery(filter: try! FilterParser().parse("owner:@ana"), me: "@ana"), counts: [:], columns: [])))
        #expect(stale.isEmpty && !m.pipeline.columns.isEmpty)
    }

    @Test func zUnfoldsTheSideStagesAndFTogglesTheFunnel() {
        var m = board()
        let unfold = update(&m, .key(.char("Z")))
        #expect(unfold.contains { if case .pipeline(.load(_, let stages, _, _)) = $0 { return stages == Stage.all } else { return false } })
        let funnel = update(&m, .key(.char("f")))
        #expect(funnel == [.pipeline(.loadFunnel(m.boardQuery, days: 90))])
        #expect(update(&m, .key(.char("w"))) == [.pipeline(.loadFunnel(m.boardQuery, days: 30))])
        _ = update(&m, .key(.esc))
        #expect(!m.pipeline.showFunnel)
    }
    /// At start the first loads run together, settings first: the board's load is on its way
    /// with the default stages, so settings with the same stages ask for nothing more, and
    /// settings with other stages ask for the board again with theirs.
    @Test func settingsArrivingBeforeTheFirstBoardLoadReloadOnlyForOtherStages() {
        var m = Model(width: 100, height: 30, now: now, me: "@ana")
        let first = initialCommands(m)
        let boardLoads = first.filter { if case .pipeline(.load) = $0 { return true } else { return false } }
        #expect(boardLoads.count == 1)
        var same = TeamSettings.defaults
        same.team.name = "US LIVE"
        #expect(update(&m, .settingsLoaded(same)).isEmpty)
        var other = TeamSettings.defaults
        other.stages.removeLast()
        let again = update(&m, .settingsLoaded(other))
        guard case .pipeline(.load(_, let stages, _, _))? = again.first, again.count == 1 else {
            Issue.record("expected one board load, got \(again)"); return
        }
        #expect(stages == other.stages.map(\.name))
        // Once loaded, the board reloads when the stages it shows change, not otherwise.
        _ = update(&m, .pipeline(.loaded(query: m.boardQuery, counts: [:], columns: other.stages.map { PipelineColumn(stage: $0.name, count: 0, offset: 0, cards: []) })))
        #expect(update(&m, .settingsLoaded(other)).isEmpty)
        #expect(update(&m, .settingsLoaded(same)).count == 1)
    }
}
