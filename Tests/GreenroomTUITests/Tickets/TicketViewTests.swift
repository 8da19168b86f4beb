import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

@Suite struct TicketViewTests {
    static func zoomedQueue() -> Model {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.char("z")))
        _ = update(&m, .key(.char("x"))) // select K7Q2; the cursor moves to 9FZD
        return m
    }

    @Test func theQueueAt120x30() {
        let screen = view(TicketViewTests.zoomedQueue()).renderTrimmed()
        Golden.expect(screen, is: "queue-120x30")
    }

    @Test func theDetailAt120x30() {
        var m = TicketViewTests.zoomedQueue()
        _ = update(&m, .key(.char("k")))
        _ = update(&m, .key(.enter))
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: ticketDetail())))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "detail-120x30")
    }

}
