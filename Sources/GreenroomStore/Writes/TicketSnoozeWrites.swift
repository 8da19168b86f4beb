import GRDB
import GreenroomCore

/// Snoozing tickets (issue 28): the change sets, and how other ticket actions end a snooze.
/// The rules are `TicketSnooze`'s; `wake_at` is kept by `Derived.refreshTicket`.
extension Store {
    /// Snoozing `ticketIDs` until `until`, or unsnoozing them (nil), as a change set for
    /// `apply` (`TicketSnooze.changes`: labelled, with a word when a ticket breaches before it
    /// wakes). A ticket that cannot be snoozed is refused in one line (`invalidInput`).
    public func snoozeChanges(ticketIDs: [String], until: Millis?, author: String?, now: Millis) throws -> ChangeSet {
        try read { db in
            var targets: [TicketSnooze.Target] = []
            for id in ticketIDs {
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT \(Ticket.selectColumns), sla_due_at, wake_at, (SELECT m.key FROM ticket m WHERE m.id = ticket.merged_into_id) AS into_key
                    FROM ticket WHERE id = ?
                    """, arguments: [id]) else {
                    throw GreenroomError.invalidInput("that ticket no longer exists")
                }
                let ticket = try Ticket(row: row)
                guard !ticket.deleted else { throw GreenroomError.invalidInput("that ticket no longer exists") }
                let into: String? = row["into_key"]
                targets.append(TicketSnooze.Target(ticket: ticket, key: try Store.shortKey(ticket.key, db), dueAt: row["sla_due_at"],
                                                   wakeAt: row["wake_at"], mergedIntoKey: try into.map { try Store.shortKey($0, db) }))
            }
            let zone = try Store.loadSettings(db).zone
            switch TicketSnooze.changes(until: until, targets: targets, author: author, now: now, zone: zone) {
            case .success(let set): return set
            case .failure(let refusal): throw GreenroomError.invalidInput(refusal.message)
            }
        }
    }

    /// The fields of an agent's ticket action, plus `snoozed_until` cleared when the action
    /// ends a snooze: any action on a woken ticket clears its "woke" marker, and solving,
    /// closing or merging a ticket ends its snooze. The inverse puts it back, so undoing the
    /// action restores the marker. Snooze events and requester messages change nothing here
    /// (a requester's message wakes the ticket through `wake_at`).
    func fieldsEndingSnooze(_ event: TicketEvent, _ fields: [String: FieldValue], now: Millis, _ db: Database) throws -> [String: FieldValue] {
        let name = TicketField.snoozedUntil.rawValue
        guard event.actor == .agent, event.kind != .snooze, fields[name] == nil,
              let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT snoozed_until, wake_at FROM ticket WHERE id = ?"), arguments: [event.ticketID]),
              (row["snoozed_until"] as Int64?) != nil else { return fields }
        let status = fields[TicketField.status.rawValue]?.text
        let ends = status == TicketStatus.solved.rawValue || status == TicketStatus.closed.rawValue
            || !(fields[TicketField.mergedIntoID.rawValue]?.isNull ?? true)
        let woke = (row["wake_at"] as Int64?).map { $0 <= TicketSnooze.viewBound(now) } ?? false
        guard ends || woke else { return fields }
        var out = fields
        out[name] = .null
        return out
    }
}
