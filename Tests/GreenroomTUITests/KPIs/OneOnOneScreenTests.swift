import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// @tuan's next 1:1 (issue 25): a breach, a bad rating, a QA fail, an overdue follow-up about a
/// ticket, a goal, a note, and one 1:1 held on 2026-11-13.
func oneOnOneAgenda() -> OneOnOneAgenda {
    let held = CoachingItem(id: "h1", memberID: "m-tuan", kind: .oneOnOne, body: "Talked about first replies",
                            discussed: "SLA breaches (1): 9FZD verification stuck (first reply)\nOpen goals (1): first replies under 30 min",
                            at: Time.parseISO("2026-11-13T10:00:00Z")!)
    func t(_ id: String, _ key: String, _ subject: String, _ at: String, _ reason: OneOnOneAgenda.TicketItem.Reason) -> OneOnOneAgenda.TicketItem {
        .init(ticketID: id, key: key, subject: subject, at: Time.parseISO(at)!, reason: reason)
    }
    return OneOnOneAgenda(
        memberID: "m-tuan", handle: "@tuan", name: "Tuan Le", since: held.at, now: now, lastOneOnOne: held,
        breaches: [t("t1", "K7Q2", "payout missing", "2026-11-18T11:00:00Z", .breach([.firstReply, .resolution]))],
        lowCSAT: [t("t2", "BC17", "slow refund", "2026-11-17T10:00:00Z", .lowCSAT(comment: "took three days"))],
        qaFails: [t("t3", "P88Z", "quick fix", "2026-11-19T15:00:00Z", .qaFail(score: 50, comment: "wrong policy"))],
        followUps: [CoachingItem(id: "f1", memberID: "m-tuan", kind: .followUp, body: "read the payout FAQ", ticketID: "t1",
                                 dueAt: Time.parseISO("2026-11-17T00:00:00Z")!, at: Time.parseISO("2026-11-13T10:00:00Z")!)],
        goals: [CoachingItem(id: "g1", memberID: "m-tuan", kind: .goal, body: "first replies under 30 min", at: Time.parseISO("2026-10-01T10:00:00Z")!)],
        notes: [CoachingItem(id: "n1", memberID: "m-tuan", kind: .note, body: "calm during the outage", at: Time.parseISO("2026-11-19T18:00:00Z")!)],
        history: [held], passMark: 80)
}

@Suite struct OneOnOneScreenTests {
    func opened() -> Model {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "1on1 @tuan" { press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.oneOnOne(.load(handle: "@tuan"))])
        _ = update(&m, .oneOnOne(.loaded(handle: "@tuan", oneOnOneAgenda())))
        return m
    }

    var screen: (Model) -> OneOnOneScreen? { { m in if case .oneOnOne(let s) = m.screen { return s } else { return nil } } }

    @Test func theAgentPagesKeyOpensTheOneOnOneOfThatAgent() {
        var m = loadedModel()
        press(&m, .char(":"))
        for c in "agent @tuan" { press(&m, .char(c)) }
        press(&m, .enter)
        _ = update(&m, .agent(.loaded(handle: "@tuan", agentPage())))
        #expect(press(&m, .char("o")) == [.oneOnOne(.load(handle: "@tuan"))])
        guard case .oneOnOne(let s) = m.screen else { Issue.record("no 1:1 screen"); return }
        #expect(s.returnTo.map { if case .agent = $0 { return true } else { return false } } == true)
        // Esc goes back to the page.
        _ = update(&m, .oneOnOne(.loaded(handle: "@tuan", oneOnOneAgenda())))
        press(&m, .esc)
        guard case .agent = m.screen else { Issue.record("not back on the agent page"); return }
    }

    @Test func enterOpensEachItemsTicketAndUnfoldsAPastOneOnOne() {
        var m = opened()
        let s = screen(m)!
        // breach, bad rating, QA fail, follow-up, goal, note, the past 1:1.
        #expect(s.items.count == 7)
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t1"))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t2"))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t3"))])
        press(&m, .esc)
        // The follow-up is about t1; the goal is about no ticket (a toast says so).
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.tickets(.loadDetail(id: "t1"))])
        press(&m, .esc)
        press(&m, .char("j"))
        #expect(press(&m, .enter).isEmpty)
        #expect(m.toast?.text == "This goal is not about a ticket")
        // The past 1:1 unfolds what was discussed, and folds again.
        press(&m, .char("G"))
        #expect(press(&m, .enter).isEmpty)
        #expect(screen(m)?.unfolded == "h1")
        #expect(view(m).renderTrimmed().contains("SLA breaches (1): 9FZD verification stuck (first reply)"))
        press(&m, .enter)
        #expect(screen(m)?.unfolded == nil)
    }

    @Test func spaceMarksAFollowUpDoneAndDDeletesTheNoteUndoably() {
        var m = opened()
        // Space on a ticket row says what it is for; on the follow-up it marks it done.
        #expect(press(&m, .char(" ")).isEmpty)
        press(&m, .char("j"), .char("j"), .char("j"))
        let done = press(&m, .char(" "))
        #expect(done == [.apply(ChangeSet("Done: follow-up read the payout FAQ", [.coachingDone(id: "f1", done: true)]), mode: .perform)])
        // The store's inverse is kept for u.
        let inverse = ChangeSet("Done: follow-up read the payout FAQ", [.update(.coachingItem, id: "f1", fields: ["done_at": .null])])
        _ = update(&m, .applied(inverse: inverse, mode: .perform))
        #expect(press(&m, .char("u")) == [.apply(inverse, mode: .undo)])
        // d on the note tombstones it.
        press(&m, .char("j"), .char("j"))
        #expect(press(&m, .char("d")) == [.apply(ChangeSet("Deleted the note calm during the outage",
                                                          [.update(.coachingItem, id: "n1", fields: ["deleted": FieldValue(true)])]), mode: .perform)])
    }

    @Test func cWritesAFollowUpAboutTheTicketUnderTheCursorWithADueDate() {
        var m = opened()
        press(&m, .char("c"))
        guard case .coachingForm(let f)? = m.overlay else { Issue.record("no form"); return }
        #expect(f.kind == .followUp && f.ticketID == "t1" && f.ticketKey == "K7Q2" && f.mode == .item)
        // Nothing typed: Ctrl-s says why.
        #expect(press(&m, .ctrl("s")).isEmpty)
        guard case .coachingForm(let empty)? = m.overlay else { return }
        #expect(empty.error == "write the follow-up first")
        for c in "ask Grace about K7Q2" { press(&m, .char(c)) }
        press(&m, .tab)
        for c in "someday" { press(&m, .char(c)) }
        #expect(press(&m, .ctrl("s")).isEmpty)
        guard case .coachingForm(let bad)? = m.overlay else { return }
        #expect(bad.error == "due \"someday\" is not a date (2026-11-24, today, tomorrow, +3d, fri)")
        for _ in 0..<7 { press(&m, .backspace) }
        for c in "+3d" { press(&m, .char(c)) }
        let saved = press(&m, .ctrl("s"))
        // Friday 2026-11-20 + 3 days: Monday 2026-11-23, at the start of the day (UTC here).
        let draft = CoachingDraft(memberID: "m-tuan", kind: .followUp, body: "ask Grace about K7Q2", dueAt: Time.parseISO("2026-11-23T00:00:00Z")!, ticketID: "t1")
        #expect(saved == [.apply(ChangeSet("Added a follow-up for @tuan", [.insertCoachingItem(draft)]), mode: .perform)])
        _ = update(&m, .applied(inverse: ChangeSet("Added a follow-up for @tuan", [.update(.coachingItem, id: "new", fields: ["deleted": FieldValue(true)])]),
                                mode: .perform))
        #expect(m.overlay == nil)
    }

    @Test func rRecordsTheOneOnOneWithItsNotes() {
        var m = opened()
        press(&m, .char("r"))
        guard case .coachingForm(let f)? = m.overlay else { Issue.record("no form"); return }
        #expect(f.mode == .hold && f.agendaSummary == "1 breach, 1 bad rating, 1 QA fail, 1 follow-up, 1 goal, 1 note")
        for c in "agreed on the FAQ" { press(&m, .char(c)) }
        #expect(press(&m, .ctrl("s")) == [.apply(ChangeSet("Held a 1:1 with @tuan", [.holdOneOnOne(memberID: "m-tuan", notes: "agreed on the FAQ")]), mode: .perform)])
    }

    @Test func aStaleAgendaIsIgnoredAndAnUnknownTeammateSaysWhy() {
        var m = opened()
        _ = update(&m, .oneOnOne(.failed(handle: "@rosa", "no teammate @rosa")))
        #expect(screen(m)?.agenda != nil)
        _ = update(&m, .oneOnOne(.failed(handle: "@tuan", "no teammate @tuan")))
        #expect(view(m).renderTrimmed().contains("no teammate @tuan"))
    }

    @Test func theOneOnOneScreenAt100x30() {
        var m = opened()
        press(&m, .char("j"), .char("j"), .char("j"))
        Golden.expect(view(m).renderTrimmed(), is: "one-on-one-100x30")
    }

    @Test func theOneOnOneScreenAt80x24WithAPastOneUnfolded() {
        var m = loadedModel(width: 80, height: 24)
        press(&m, .char(":"))
        for c in "1on1 tuan" { press(&m, .char(c)) }
        press(&m, .enter)
        _ = update(&m, .oneOnOne(.loaded(handle: "@tuan", oneOnOneAgenda())))
        press(&m, .char("G"), .enter)
        Golden.expect(view(m).renderTrimmed(), is: "one-on-one-80x24")
    }

    @Test func theHoldFormAt100x30() {
        var m = opened()
        press(&m, .char("r"))
        for c in "agreed on the FAQ" { press(&m, .char(c)) }
        Golden.expect(view(m).renderTrimmed(), is: "one-on-one-hold-100x30")
    }
}
