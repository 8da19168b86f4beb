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
        #expect(screen == TicketViewTests.expectedQueue)
    }

    @Test func theDetailAt120x30() {
        var m = TicketViewTests.zoomedQueue()
        _ = update(&m, .key(.char("k")))
        _ = update(&m, .key(.enter))
        _ = update(&m, .ticketDetailLoaded(id: "t1", detail: ticketDetail()))
        let screen = view(m).renderTrimmed()
        #expect(screen == TicketViewTests.expectedDetail)
    }

    static let expectedQueue = """
     Greenroom · US LIVE · me @ana                                                                             never synced
    ┏3 Tickets 3 open · 1 breaching · 1 selected━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
    ┃         key    subject                                  requester      category         status  tier assignee     sla┃
    ┃●!!      K7Q2   Payout missing for last month            @mila.cooks    rewards_payout   open    T1   @tuan       -12m┃
    ┃▶ !      9FZD   Verification stuck at ID review          @tuan.eats     verification     new     T1   —            41m┃
    ┃         M3XA   Agency transfer request                  Luz Agency     network_relatio… pending T2   @rosa     paused┃
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
    ┃                                                                                                                      ┃
    ┃                                                                                                                      ┃
    ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
     ZOOM  Tab panes · Enter open · v views · / filter · r reply · A take · s status · x select · : command · ? help
    """
    static let expectedDetail = """
     Greenroom · US LIVE · me @ana                                                                             never synced
    ┏K7Q2 · urgent · open━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
    ┃ Payout missing for last month                                                                                        ┃
    ┃ From @mila.cooks · assignee @tuan · tier 1 · in_app · rewards_payout                                                 ┃
    ┃ Opened 2026-11-20 07:30 (2h ago)                                                                                     ┃
    ┃ Tags payout · Enter opens @mila.cooks                                                                                ┃
    ┃ SLA                                                                                                                  ┃
    ┃   First reply  breached, 12m over · due 2026-11-20 09:18                                                             ┃
    ┃   Next reply   —                                                                                                     ┃
    ┃   Resolution   6h left · due 2026-11-20 15:30                                                                        ┃
    ┃ ──────────────────────────────────────────────────────────────────────────────────────────────────────────────────── ┃
    ┃ ▌ @mila.cooks · 2026-11-20 07:30 · request                                                                           ┃
    ┃ ▌ My October payout never arrived.                                                                                   ┃
    ┃ ▌ Can you check?                                                                                                     ┃
    ┃                                                                                                                      ┃
    ┃   2026-11-20 07:40  system assigned to @tuan                                                                         ┃
    ┃ ┆ @tuan · 2026-11-20 09:00 · internal note (not sent)                                                                ┃
    ┃ ┆ Finance says the batch failed.                                                                                     ┃
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
     TICKET  r reply · i note · s status · p priority · a assign · e escalate · u undo · Esc back
    """
}
