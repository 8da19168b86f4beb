import GreenroomCore

// Snoozing tickets (issue 28): `w` asks until when (as Today's follow-ups do) and `W` wakes a
// snoozed or woken ticket at once — mutt's pair of keys for setting and clearing a flag. Both
// act on the open ticket, the selection or the queue row, as the other triage keys do, and go
// through the runner as a `snooze` triage action (one change set, one undo).

/// `w` on tickets: the time they sleep until. The prompt refuses what `SnoozeTime` cannot read.
public struct TicketSnoozeWhen: PromptPurpose {
    public var ids: [String]
    public var label: String

    public init(ids: [String], label: String) { self.ids = ids; self.label = label }

    public func answered(_ text: String) -> Msg { .tickets(.snoozeWhen(text, self)) }

    public func problem(with text: String, now: Millis, settings: TeamSettings) -> String? {
        if case .failure(let e) = SnoozeTime.parse(text, now: now, zone: settings.zone) { return e.message }
        return nil
    }
}

extension Model {
    /// What the model knows of a ticket's snooze: the open detail's, else a loaded queue row's
    /// (`known` false when neither is on hand).
    func knownWake(_ id: String) -> (known: Bool, wakeAt: Millis?) {
        if case .ticket(let s) = screen, s.id == id, let d = s.detail { return (true, d.wakeAt) }
        if let row = tickets.list.rows.first(where: { $0.id == id }) { return (true, row.wakeAt) }
        return (false, nil)
    }

    func knownStatus(_ id: String) -> TicketStatus? {
        if case .ticket(let s) = screen, s.id == id, let d = s.detail { return d.ticket.status }
        return tickets.list.rows.first { $0.id == id }?.status
    }

    /// `w`: until when? On one snoozed ticket the question says until when it sleeps now; a
    /// ticket the model knows to be solved or closed is refused at once.
    mutating func askSnooze(_ targets: (ids: [String], label: String)) {
        if targets.ids.count == 1, let done = knownStatus(targets.ids[0]), !done.isOpen {
            showToast("\(targets.label) is \(done.rawValue): only open tickets can be snoozed", kind: .error)
            return
        }
        var title = "Snooze \(targets.label) until? (tomorrow 9:00, mon, +3d, +2h …)"
        if targets.ids.count == 1, case .snoozed(let until) = TicketSnooze.state(wakeAt: knownWake(targets.ids[0]).wakeAt, now: now) {
            title = "\(targets.label) sleeps until \(TicketSnooze.describe(until, now: now, zone: settings.zone)) (\(keyLabel(.unsnoozeTicket)) wakes it): until?"
        }
        overlay = .prompt(PromptState(title: title, purpose: TicketSnoozeWhen(ids: targets.ids, label: targets.label)))
    }

    /// The time is typed: snooze (a confirmation first for many tickets).
    mutating func snoozeAnswered(_ text: String, _ p: TicketSnoozeWhen) -> [Command] {
        guard case .success(let at) = SnoozeTime.parse(text, now: now, zone: settings.zone) else { return [] }
        let until = TicketSnooze.roundedUp(at)
        return ticketAction((p.ids, p.label), kind: .snooze, toValue: TicketSnooze.encode(until),
                            fields: [TicketField.snoozedUntil.rawValue: .int(until)],
                            label: "Snooze \(p.label) until \(TicketSnooze.describe(until, now: now, zone: settings.zone))")
    }

    /// `W`: back in the open views now (a woken ticket loses its place on top).
    mutating func unsnooze(_ targets: (ids: [String], label: String)) -> [Command] {
        if targets.ids.count == 1 {
            let known = knownWake(targets.ids[0])
            if known.known && known.wakeAt == nil {
                showToast("\(targets.label) is not snoozed", kind: .info)
                return []
            }
        }
        return ticketAction(targets, kind: .snooze, toValue: nil, fields: [TicketField.snoozedUntil.rawValue: .null], label: "Unsnooze \(targets.label)")
    }
}
