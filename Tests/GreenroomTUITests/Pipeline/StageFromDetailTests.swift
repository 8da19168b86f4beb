import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: a creator's stage changes from their detail as on the board, a board filter puts
/// the cursor on the first match, and `L` on an empty column says why.
@Suite struct StageFromDetailTests {
    func detailModel() -> Model {
        var m = loadedModel()
        press(&m, .char("j"), .enter)
        _ = update(&m, .creator(.detailLoaded(id: "c2", detail: CreatorScreenTests().detail())))   // @mila.cooks, activated
        return m
    }

    func applied(_ commands: [Command]) -> ChangeSet? {
        for c in commands { if case .apply(let set, .perform) = c { return set } }
        return nil
    }

    @Test func hLAndMMoveTheCreatorFromTheDetail() throws {
        var m = detailModel()
        let on = try #require(applied(press(&m, .char("L"))))
        #expect(on.changes == [.moveStage(creatorID: "c2", to: "established", reason: nil)] && on.label == "Moved @mila.cooks to established")
        let back = try #require(applied(press(&m, .char("<"))))
        #expect(back.changes == [.moveStage(creatorID: "c2", to: "onboarding", reason: nil)])
        // The detail reloads after the change.
        #expect(update(&m, .applied(inverse: ChangeSet(on.label, [.stageEvent(creatorID: "c2", eventID: "e1", active: false)]), mode: .perform))
            .contains(.creator(.loadDetail(id: "c2"))))
        // M picks any other stage; a side exit asks why first.
        press(&m, .char("M"))
        guard case .picker(let p)? = m.overlay else { Issue.record("no stage picker"); return }
        #expect(p.title == "Move @mila.cooks to" && !p.items.map(\.label).contains("activated") && p.items.map(\.label).contains("lost"))
        for ch in "lost" { _ = update(&m, .key(.char(ch))) }
        #expect(press(&m, .enter).isEmpty)
        guard case .prompt(let why)? = m.overlay else { Issue.record("no reason prompt"); return }
        #expect(why.title == "Why lost? (kept on the stage event)")
        for ch in "went to a rival" { _ = update(&m, .key(.char(ch))) }
        let lost = try #require(applied(press(&m, .enter)))
        #expect(lost.changes == [.moveStage(creatorID: "c2", to: "lost", reason: "went to a rival")])
    }

    @Test func theLastStageSaysSo() {
        var m = detailModel()
        guard case .creator(var s) = m.screen else { return }
        s.detail?.creator.stage = "established"
        m.screen = .creator(s)
        #expect(press(&m, .char("L")).isEmpty)
        #expect(m.toast?.text == "established is the last stage · M to move to paused or lost")
    }

    @Test func aBoardFilterPutsTheCursorOnTheFirstMatch() {
        var m = loadedModel()
        press(&m, .char("2"), .char("l"), .char("l"), .char("l"), .char("l"))   // the empty established column
        #expect(m.pipeline.focusedStage == "established")
        #expect(press(&m, .char("L")).isEmpty)
        #expect(m.toast?.text == "Nothing to move: the established column is empty")
        press(&m, .char("/"))
        for ch in "@vale" { _ = update(&m, .key(.char(ch))) }
        var columns = pipelineColumns().map { PipelineColumn(stage: $0.stage, count: 0, offset: 0, cards: []) }
        columns[1] = pipelineColumns()[1]                                              // only @vale, in contacted
        _ = update(&m, .pipeline(.loaded(query: m.boardQuery, counts: ["contacted": 1], columns: columns)))
        #expect(m.pipeline.focusedStage == "contacted")
        #expect(m.pipeline.selectedCard?.handle == "@vale")
        // With the filter on, an empty column says the filter hides its cards.
        press(&m, .enter, .char("l"))
        #expect(press(&m, .char("L")).isEmpty)
        #expect(m.toast?.text == "Nothing to move: no card in onboarding matches the filter")
    }
}
