import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct BoardViewTests {
    static func zoomedBoard() -> Model {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("2")))
        _ = update(&m, .key(.char("z")))
        _ = update(&m, .pipeline(.loaded(query: m.boardQuery, counts: ["lead": 2, "contacted": 1, "onboarding": 1, "activated": 1, "paused": 1, "lost": 3],
                                       columns: pipelineColumns())))
        _ = update(&m, .key(.char("x")))
        return m
    }

    @Test func theBoardAt120x30() {
        let screen = view(BoardViewTests.zoomedBoard()).renderTrimmed()
        Golden.expect(screen, is: "board-120x30")
    }

    @Test func theFunnelAt120x30() {
        var m = BoardViewTests.zoomedBoard()
        _ = update(&m, .key(.esc)) // clear the selection
        _ = update(&m, .key(.char("f")))
        let events: [FunnelReport.Event] = [
            .init(creatorID: "a", toStage: "lead", at: now - 20 * Time.day), .init(creatorID: "a", toStage: "contacted", at: now - 15 * Time.day),
            .init(creatorID: "a", toStage: "onboarding", at: now - 12 * Time.day), .init(creatorID: "a", toStage: "activated", at: now - 2 * Time.day),
            .init(creatorID: "b", toStage: "lead", at: now - 10 * Time.day), .init(creatorID: "b", toStage: "lost", at: now - 4 * Time.day, reason: "no reply"),
        ]
        let window = TeamCalendar(zone: TimeZone(identifier: "UTC")!).window(days: 90, endingAt: now)
        _ = update(&m, .pipeline(.funnelLoaded(FunnelReport.compute(events: events, flow: Stage.defaultFlow, windowStart: window.lowerBound, windowEnd: window.upperBound))))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "funnel-120x30")
    }


}
