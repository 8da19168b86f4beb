import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct BoardViewTests {
    static func zoomedBoard() -> Model {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("2")))
        _ = update(&m, .key(.char("z")))
        _ = update(&m, .pipelineLoaded(query: m.boardQuery, counts: ["lead": 2, "contacted": 1, "onboarding": 1, "activated": 1, "paused": 1, "lost": 3],
                                       columns: pipelineColumns()))
        _ = update(&m, .key(.char("x")))
        return m
    }

    @Test func theBoardAt120x30() {
        let screen = view(BoardViewTests.zoomedBoard()).renderTrimmed()
        #expect(screen == BoardViewTests.expectedBoard)
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
        _ = update(&m, .funnelLoaded(FunnelReport.compute(events: events, flow: Stage.defaultFlow, windowStart: window.lowerBound, windowEnd: window.upperBound)))
        let screen = view(m).renderTrimmed()
        #expect(screen == BoardViewTests.expectedFunnel)
    }

    static let expectedBoard = """
     Greenroom · US LIVE · me @ana                                                                             never synced
    ┏2 Pipeline 5 · 1 selected━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
    ┃ folded: paused 1 · lost 3 · Z unfolds                                                                                ┃
    ┃lead                 2 contacted            1 onboarding           1 activated            1 established              0┃
    ┃●@nova.shop             @vale                  @djrafa                @mila.cooks                                     ┃
    ┃ @ana · 20d rotting     @ana · 3d              @ana · 12d             @ana · 40d                                      ┃
    ┃ @kai                                                                                                                 ┃
    ┃ @ana · 2d                                                                                                            ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
     ZOOM  Tab panes · H/L move · M stage · Enter open · / filter · f funnel · x select · : command · ? help
    """

    static let expectedFunnel = """
     Greenroom · US LIVE · me @ana                                                                             never synced
    ┏2 Pipeline 5 · funnel 90d━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
    ┃ folded: paused 1 · lost 3 · Z unfolds                                                                                ┃
    ┃ Entered lead 2026-08-23 – 2026-11-20 (90d) · 2 creators                                                              ┃
    ┃                                                                                                                      ┃
    ┃ stage                               entered  reached   step                                           median     p90 ┃
    ┃ lead                                      2        2   100% ████████████████████████████████████████    5.5d    5.9d ┃
    ┃ contacted                                 1        1    50% ████████████████████                        3.0d    3.0d ┃
    ┃ onboarding                                1        1   100% ████████████████████                         10d     10d ┃
    ┃ activated                                 1        1   100% ████████████████████                           —       — ┃
    ┃ established                               0        0     0%                                                —       — ┃
    ┃                                                                                                                      ┃
    ┃ Pipeline conversion: 50% of these leads reached activated since (the KPI counts a period's leads so)                 ┃
    ┃                                                                                                                      ┃
    ┃ Lost in the window, by reason                                                                                        ┃
    ┃      1  no reply                                                                                                     ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
     ZOOM  Selection cleared
    """
}
