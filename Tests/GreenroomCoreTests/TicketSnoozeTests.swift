import Foundation
import Testing
@testable import GreenroomCore

/// Issue 28: a ticket's snooze — when it ends, what the timeline says, and the change sets of
/// `w` and `W` (now: Friday 2026-11-20 09:30 UTC).
@Suite struct TicketSnoozeTests {
    let now = Time.parseISO("2026-11-20T09:30:00Z")!
    let utc = TimeZone(identifier: "UTC")!

    func event(_ kind: TicketEventKind, at: Millis, actor: TicketActor = .agent, to: String? = nil, deleted: Bool = false) -> TicketEvent {
        TicketEvent(id: UUIDv7.make(millis: at), ticketID: "t1", kind: kind, at: at, actor: actor, authorID: nil, isPublic: kind == .reply,
                    toValue: to, deleted: deleted)
    }

    func snooze(at: Millis, until: Millis) -> TicketEvent { event(.snooze, at: at, to: TicketSnooze.encode(until)) }

    func ticket(_ status: TicketStatus = .open, snoozedUntil: Millis? = nil) -> Ticket {
        Ticket(id: "t1", key: "K7Q2ABCDEFGH", subject: "Payout", body: "", requesterCreatorID: nil, requesterNetworkID: nil, channel: .email,
               category: .rewardsPayout, priority: .high, status: status, tier: 1, assigneeID: nil, createdAt: now - Time.day, snoozedUntil: snoozedUntil)
    }

    @Test func aSnoozeEndsAtItsTimeOrAtTheRequestersFirstMessageAfterIt() {
        let until = now + 3 * Time.day
        let set = snooze(at: now - Time.hour, until: until)
        // Nothing since: its own time.
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .open, events: [set]) == until)
        // A message before the snooze does not wake it; one after does, at its minute.
        let before = event(.reply, at: now - 2 * Time.hour, actor: .requester)
        let after = event(.reply, at: now - 10 * Time.minute + 15_000, actor: .requester)
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .open, events: [before, set]) == until)
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .open, events: [before, set, after]) == now - 10 * Time.minute)
        // An agent's reply, an internal note or a withdrawn message do not.
        let agent = event(.reply, at: now - 20 * Time.minute)
        let withdrawn = event(.reply, at: now - 5 * Time.minute, actor: .requester, deleted: true)
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .open, events: [set, agent, event(.note, at: now), withdrawn]) == until)
        // A message after the snooze's own time changes nothing.
        let late = event(.reply, at: until + Time.hour, actor: .requester)
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .open, events: [set, late]) == until)
        // Not snoozed, or solved: no wake time.
        #expect(TicketSnooze.wakeAt(snoozedUntil: nil, status: .open, events: [set, after]) == nil)
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .solved, events: [set]) == nil)
        // The field without its event (not here yet): its time only.
        #expect(TicketSnooze.wakeAt(snoozedUntil: until, status: .pending, events: [after]) == until)
    }

    @Test func snoozedUntilItsMinuteThenWoke() {
        let wake = now + Time.minute
        #expect(TicketSnooze.state(wakeAt: nil, now: now) == .none)
        #expect(TicketSnooze.state(wakeAt: wake, now: now) == .snoozed(until: wake))
        #expect(TicketSnooze.state(wakeAt: wake, now: wake - 1) == .snoozed(until: wake))
        #expect(TicketSnooze.state(wakeAt: wake, now: wake) == .woke(at: wake))
        #expect(TicketSnooze.state(wakeAt: wake, now: wake + 59_000) == .woke(at: wake))
        #expect(TicketSnooze.roundedUp(now + 1) == now + Time.minute)
        #expect(TicketSnooze.roundedUp(now) == now)
        #expect(TicketSnooze.viewBound(now + 59_999) == now)
    }

    @Test func wakeTimesReadAsPeopleSayThem() {
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        #expect(TicketSnooze.describe(monday, now: now, zone: utc) == "Mon 23 Nov 09:00")
        #expect(TicketSnooze.describe(Time.parseISO("2027-01-04T14:30:00Z")!, now: now, zone: utc) == "Mon 4 Jan 2027 14:30")
        #expect(TicketSnooze.short(now + 2 * Time.hour, now: now, zone: utc) == "11:30")
        #expect(TicketSnooze.short(monday, now: now, zone: utc) == "Mon 09:00")
        #expect(TicketSnooze.short(Time.parseISO("2026-12-08T09:00:00Z")!, now: now, zone: utc) == "8 Dec")
        #expect(TicketSnooze.rowMark(wakeAt: monday, now: now, zone: utc, dot: " · ") == "until Mon 09:00 · ")
        #expect(TicketSnooze.rowMark(wakeAt: now - Time.hour, now: now, zone: utc, dot: " · ") == "woke · ")
        #expect(TicketSnooze.rowMark(wakeAt: nil, now: now, zone: utc, dot: " · ") == "")
        // In New York the same instant is Monday 04:00.
        #expect(TicketSnooze.describe(monday, now: now, zone: TimeZone(identifier: "America/New_York")!) == "Mon 23 Nov 04:00")
    }

    @Test func theTimelineSaysHowEachSnoozeEnded() {
        let first = snooze(at: now - 3 * Time.day, until: now - 2 * Time.day)       // ran out
        let second = snooze(at: now - Time.day, until: now + Time.day)                // the requester wrote
        let message = event(.reply, at: now - 5 * Time.hour, actor: .requester)
        let third = snooze(at: now - 4 * Time.hour, until: now - 2 * Time.hour)      // unsnoozed first
        let unsnooze = event(.snooze, at: now - 3 * Time.hour)
        let fourth = snooze(at: now - Time.hour, until: now + Time.day)               // still asleep
        let endings = TicketSnooze.endings(events: [first, second, message, third, unsnooze, fourth], now: now)
        #expect(endings == [TicketSnooze.Ending(at: now - 2 * Time.day, reason: .timeUp),
                            TicketSnooze.Ending(at: now - 5 * Time.hour, reason: .requesterReplied)])
        #expect(endings.map(\.text) == ["woke: snooze ended", "woke: requester replied"])
        // Solving it ends the snooze: no wake-up to tell.
        let solved = event(.status, at: now - 3 * Time.day + Time.hour, to: "solved")
        #expect(TicketSnooze.endings(events: [first, solved], now: now).isEmpty)
    }

    @Test func snoozingSaysWhenATicketBreachesBeforeItWakes() throws {
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        let due = now + 2 * Time.hour
        let target = TicketSnooze.Target(ticket: ticket(), key: "K7Q2", dueAt: due, wakeAt: nil)
        let set = try TicketSnooze.changes(until: monday - 30_000, targets: [target], author: "m-ana", now: now, zone: utc).get()
        #expect(set.label == "Snoozed K7Q2 until Mon 23 Nov 09:00 · breaches before then (due Fri 20 Nov 11:30)")
        guard case .ticketAction(let e, let fields)? = set.changes.first, set.changes.count == 1 else { Issue.record("\(set.changes)"); return }
        #expect(e.kind == .snooze && e.toValue == "2026-11-23T09:00:00Z" && e.fromValue == nil && e.authorID == "m-ana" && e.at == now)
        #expect(fields == [TicketField.snoozedUntil.rawValue: .int(monday)])      // rounded up to the minute
        // Due after it wakes: nothing to say. Already breached: said so.
        var later = target
        later.dueAt = monday + Time.hour
        #expect(try TicketSnooze.changes(until: monday, targets: [later], author: nil, now: now, zone: utc).get().label == "Snoozed K7Q2 until Mon 23 Nov 09:00")
        later.dueAt = now - Time.minute
        #expect(try TicketSnooze.changes(until: monday, targets: [later], author: nil, now: now, zone: utc).get().label.hasSuffix(" · already breached"))
        // Many: a count.
        var other = target
        other.key = "9FZD"
        other.dueAt = nil
        let many = try TicketSnooze.changes(until: monday, targets: [target, other], author: nil, now: now, zone: utc).get()
        #expect(many.label == "Snoozed 2 tickets until Mon 23 Nov 09:00 · 1 breaches before it wakes")
        #expect(many.changes.count == 2)
    }

    @Test func onlyOpenTicketsSnoozeAndOnlySnoozedOnesWake() throws {
        let monday = Time.parseISO("2026-11-23T09:00:00Z")!
        func refusal(_ r: Result<ChangeSet, SnoozeError>) -> String? { if case .failure(let e) = r { return e.message } else { return nil } }
        let solved = TicketSnooze.Target(ticket: ticket(.solved), key: "K7Q2", dueAt: nil, wakeAt: nil)
        #expect(refusal(TicketSnooze.changes(until: monday, targets: [solved], author: nil, now: now, zone: utc))
                == "K7Q2 is solved: only open tickets can be snoozed")
        let merged = TicketSnooze.Target(ticket: ticket(.closed), key: "K7Q2", dueAt: nil, wakeAt: nil, mergedIntoKey: "9FZD")
        #expect(refusal(TicketSnooze.changes(until: monday, targets: [merged], author: nil, now: now, zone: utc)) == "K7Q2 was merged into 9FZD and is read-only")
        let open = TicketSnooze.Target(ticket: ticket(), key: "K7Q2", dueAt: nil, wakeAt: nil)
        #expect(refusal(TicketSnooze.changes(until: now - Time.minute, targets: [open], author: nil, now: now, zone: utc))?.hasSuffix("has already passed: pick a time after now") == true)
        #expect(refusal(TicketSnooze.changes(until: nil, targets: [open], author: nil, now: now, zone: utc)) == "K7Q2 is not snoozed")
        // Unsnoozing a selection wakes the snoozed ones and leaves the rest.
        let asleep = TicketSnooze.Target(ticket: ticket(snoozedUntil: monday), key: "9FZD", dueAt: nil, wakeAt: monday)
        let set = try TicketSnooze.changes(until: nil, targets: [open, asleep], author: nil, now: now, zone: utc).get()
        #expect(set.label == "Unsnoozed 9FZD")
        guard case .ticketAction(let e, let fields)? = set.changes.first, set.changes.count == 1 else { Issue.record("\(set.changes)"); return }
        #expect(e.kind == .snooze && e.toValue == nil && e.fromValue == "2026-11-23T09:00:00Z")
        #expect(fields == [TicketField.snoozedUntil.rawValue: .null])
    }
}
