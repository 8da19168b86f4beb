import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: `w` snoozes the queue row, the selection or the open ticket until a typed time;
/// `W` wakes it; the rows and the detail say so.
@Suite struct TicketSnoozeUpdateTests {
    func queue(rows: [QueueRow]? = nil, view: TicketView = .allOpen) -> Model {
        var m = loadedModel()
        _ = update(&m, .key(.char("3")))
        if let rows {
            m.tickets.view = view
            _ = update(&m, .tickets(.loaded(query: m.ticketQuery, total: rows.count, summary: QueueSummary(open: 3, breaching: 1, snoozed: 1),
                                            offset: 0, rows: rows)))
        }
        return m
    }

    func drafts(_ commands: [Command]) -> [TicketActionDraft] {
        commands.compactMap { if case .tickets(.action(let d)) = $0 { return d } else { return nil } }
    }

    func type(_ m: inout Model, _ text: String) {
        for ch in text { _ = update(&m, .key(.char(ch))) }
    }

    @Test func wAsksUntilWhenAndBadTimesChangeNothing() throws {
        var m = queue()
        _ = press(&m, .char("w"))
        guard case .prompt(let p)? = m.overlay else { Issue.record("no prompt"); return }
        #expect(p.title == "Snooze K7Q2 until? (tomorrow 9:00, mon, +3d, +2h …)")
        type(&m, "someday")
        #expect(press(&m, .enter).isEmpty)
        guard case .prompt(let bad)? = m.overlay else { Issue.record("the prompt closed on a bad time"); return }
        #expect(bad.error?.hasPrefix("could not read \"someday\"") == true)
        _ = press(&m, .ctrl("u"))
        type(&m, "+3d")
        let d = try #require(drafts(press(&m, .enter)).first)
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        #expect(d.ticketIDs == ["t1"] && d.kind == .snooze)
        #expect(d.fields == [TicketField.snoozedUntil.rawValue: .int(monday)])
        #expect(d.toValue == "2026-11-23T09:00:00Z")
        #expect(m.overlay == nil)
        // The store answers with its label; the toast says it and offers undo.
        let reload = update(&m, .applied(inverse: ChangeSet("Snoozed K7Q2 until Mon 23 Nov 09:00", []), mode: .perform))
        #expect(m.toast?.text == "Snoozed K7Q2 until Mon 23 Nov 09:00 · u to undo")
        #expect(reload.contains { if case .tickets(.load) = $0 { return true } else { return false } })
    }

    @Test func aSelectionIsSnoozedAfterOneConfirmation() throws {
        var m = queue()
        _ = press(&m, .char("x"), .char("x"), .char("w"))
        type(&m, "+2h")
        #expect(press(&m, .enter).isEmpty)
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message == "Snooze 2 tickets until Fri 20 Nov 11:30?")
        let d = try #require(drafts(press(&m, .char("y"))).first)
        #expect(d.ticketIDs == ["t1", "t2"] && d.kind == .snooze)
        #expect(d.fields[TicketField.snoozedUntil.rawValue] == .int(now + 2 * Time.hour))
    }

    @Test func theOpenTicketIsSnoozedFromItsDetailAndSaysUntilWhen() throws {
        var m = queue()
        _ = press(&m, .enter)
        var detail = ticketDetail()
        detail.ticket.snoozedUntil = now + Time.day
        detail.wakeAt = now + Time.day
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: detail)))
        _ = press(&m, .char("w"))
        guard case .prompt(let p)? = m.overlay else { Issue.record("no prompt"); return }
        #expect(p.title == "K7Q2 sleeps until Sat 21 Nov 09:30 (W wakes it): until?")
        type(&m, "mon 14:00")
        let d = try #require(drafts(press(&m, .enter)).first)
        #expect(d.ticketIDs == ["t1"] && d.fields[TicketField.snoozedUntil.rawValue] == .int(Time.parseISO("2026-11-23T14:00:00Z")!))
    }

    @Test func capitalWWakesASnoozedTicketAndSaysWhenThereIsNothingToWake() throws {
        var rows = queueRows(count: 3)
        rows[0].wakeAt = now + Time.day
        var m = queue(rows: rows, view: .snoozed)
        let d = try #require(drafts(press(&m, .char("W"))).first)
        #expect(d.ticketIDs == ["t1"] && d.kind == .snooze && d.toValue == nil)
        #expect(d.fields == [TicketField.snoozedUntil.rawValue: .null])
        _ = press(&m, .char("j"))                                      // 9FZD: not snoozed
        #expect(press(&m, .char("W")).isEmpty)
        #expect(m.toast?.text == "9FZD is not snoozed")
    }

    @Test func aSolvedTicketIsNotAskedAbout() {
        var rows = queueRows(count: 3)
        rows[0].status = .solved
        var m = queue(rows: rows, view: .all)
        #expect(press(&m, .char("w")).isEmpty)
        #expect(m.overlay == nil)
        #expect(m.toast?.text == "K7Q2 is solved: only open tickets can be snoozed" && m.toast?.kind == .error)
    }

    @Test func snoozeKeysAreTheTicketContextsAndCanBeRebound() throws {
        #expect(Action.snoozeTicket.context == .ticket && Action.unsnoozeTicket.context == .ticket)
        var m = queue()
        #expect(m.keyMap.action(for: .char("w"), in: .ticket) == .snoozeTicket)
        // Nothing else in the queue's contexts takes w or W.
        for key in [Key.char("w"), .char("W")] {
            let taken = Action.allCases.filter { [.tickets, .ticket, .global].contains($0.context) && m.keyMap.keys(for: $0).contains(key) }
            #expect(taken.count == 1, "\(key): \(taken.map(\.rawValue))")
        }
        m.keyMap = try KeyMap.parse("\"ticket.snooze\" = \"ctrl-w\"\n", file: "keys.toml")
        #expect(press(&m, .char("w")).isEmpty && m.overlay == nil)
        _ = press(&m, .ctrl("w"))
        guard case .prompt? = m.overlay else { Issue.record("ctrl-w did not snooze"); return }
    }
}

/// Issue 28: the queue marks snoozed and woken tickets, and the detail says until when and how
/// a snooze ended.
@Suite struct TicketSnoozeViewTests {
    @Test func theSnoozedViewAndAWokenTicketAt120x30() {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.char("z")))
        var rows = queueRows(count: 3)
        rows[0].wakeAt = now - 20 * Time.minute                       // woke: on top
        rows[1].wakeAt = now + 3 * Time.day + 30 * Time.minute          // Mon 23 Nov 10:00
        rows[2].wakeAt = now + 2 * Time.hour                            // later today
        m.tickets.view = .breachingSoon
        _ = update(&m, .tickets(.loaded(query: m.ticketQuery, total: 3, summary: QueueSummary(open: 40, breaching: 2, snoozed: 2), offset: 0, rows: rows)))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "queue-snoozed-120x30")
        #expect(screen.contains("Tickets 40 open · 2 breaching · 2 snoozed"))
        #expect(screen.contains("woke · Payout missing"))
        #expect(screen.contains("until Mon 10:00 · Verification stuck"))
        #expect(screen.contains("until 11:30 · Agency transfer"))
    }

    @Test func theDetailOfATicketTheRequesterWoke() {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.enter))
        var d = ticketDetail()
        let snoozed = TicketEvent(id: "e3", ticketID: "t1", kind: .snooze, at: now - 25 * Time.minute, actor: .agent, authorID: "m-tuan",
                                  isPublic: false, toValue: TicketSnooze.encode(now + 3 * Time.day))
        let message = TicketEvent(id: "e4", ticketID: "t1", kind: .reply, at: now - 10 * Time.minute, actor: .requester, authorID: nil,
                                  isPublic: true, body: "Any news? Still nothing.")
        d.events += [TicketDetail.EventRow(event: snoozed, authorHandle: "@tuan"), TicketDetail.EventRow(event: message, authorHandle: nil)]
        d.ticket.snoozedUntil = now + 3 * Time.day
        d.wakeAt = now - 10 * Time.minute
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: d)))
        let screen = view(m).renderTrimmed()
        Golden.expect(screen, is: "detail-woke-120x30")
        #expect(screen.contains("woke 10m ago: the requester replied"))
        #expect(screen.contains("@tuan snoozed until Mon 23 Nov 09:30"))
        #expect(screen.contains("woke: requester replied"))
    }

    @Test func aSnoozedTicketsDetailSaysUntilWhen() {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        _ = update(&m, .key(.enter))
        var d = ticketDetail()
        d.ticket.snoozedUntil = Time.parseISO("2026-12-08T09:00:00Z")!
        d.wakeAt = d.ticket.snoozedUntil
        _ = update(&m, .tickets(.detailLoaded(id: "t1", detail: d)))
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("Opened 2026-11-20 07:30 (2h ago) · snoozed until Tue 8 Dec 09:00"), "\(screen)")
    }
}
