import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

func todayReport(me: String? = "@ana") -> TodayReport {
    TodayReport(
        now: now, me: me,
        followUps: .init(count: 2, rows: [
            .init(activityID: "a1", creatorID: "c2", handle: "@mila.cooks", text: "Send the contract", due: now - 2 * Time.day,
                  authorHandle: "@ana", ownerHandle: "@ana", now: now),
            .init(activityID: "a2", creatorID: "c3", handle: "@zoe.live", text: "Check gift goals", due: now + 3 * Time.hour,
                  authorHandle: "@ana", ownerHandle: "@ana", now: now),
        ]),
        breachingTickets: .init(count: 3, rows: [
            .init(ticketID: "t1", key: "K7Q2", subject: "Payout missing for last month", priority: .urgent, status: .open,
                  slaDueAt: now - 12 * Time.minute, assigneeHandle: "@ana", requesterHandle: "@mila.cooks", now: now),
        ]),
        idleCreators: .init(count: 0, rows: []),
        rottingCards: .init(count: 1, rows: [
            .init(creatorID: "p1", handle: "@nova.shop", ownerHandle: "@ana", stage: "lead", enteredStageAt: now - 20 * Time.day, rotDays: 14, now: now),
        ]))
}

@Suite struct TodayScreenTests {
    @Test func tOpensTodayForMeAndATogglesTheTeam() {
        var m = loadedModel()
        #expect(update(&m, .key(.char("t"))) == [.today(.load(me: "@ana"))])
        _ = update(&m, .today(.loaded(todayReport())))
        guard case .today(let s) = m.screen else { Issue.record("not on Today"); return }
        #expect(s.items.count == 4 && s.mine)
        #expect(m.keyContexts == [.today, .global])
        #expect(update(&m, .key(.char("a"))) == [.today(.load(me: nil))])
        // A late answer for "me" is dropped once the team is asked for.
        _ = update(&m, .today(.loaded(todayReport())))
        guard case .today(let team) = m.screen else { return }
        #expect(team.report == nil && !team.mine)
        _ = update(&m, .today(.loaded(todayReport(me: nil))))
        guard case .today(let loaded) = m.screen else { return }
        #expect(loaded.report?.me == nil)
    }

    @Test func enterOpensEachRowAndEscComesBackToToday() {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .today(.loaded(todayReport())))
        #expect(update(&m, .key(.enter)) == [.creator(.loadDetail(id: "c2"))])   // the overdue follow-up
        #expect(update(&m, .key(.esc)) == [.today(.load(me: "@ana"))])
        guard case .today = m.screen else { Issue.record("not back on Today"); return }
        _ = update(&m, .key(.char("j"))); _ = update(&m, .key(.char("j")))
        #expect(update(&m, .key(.enter)) == [.tickets(.loadDetail(id: "t1"))])    // the breached ticket
        _ = update(&m, .key(.esc))
        for _ in 0..<10 { _ = update(&m, .key(.char("j"))) }                   // stops at the last row
        guard case .today(let s) = m.screen else { return }
        #expect(s.cursor == 3)
        _ = update(&m, .key(.esc))
        #expect(m.screen == .main && m.focus == .tickets)
    }

    @Test func todayAt100x24() {
        var m = loadedModel(width: 100, height: 24)
        _ = update(&m, .key(.char("t")))
        _ = update(&m, .today(.loaded(todayReport())))
        _ = update(&m, .key(.char("j")))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "today-100x24")
    }

}
