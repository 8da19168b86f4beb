import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// `w` / `W` on tickets (issue 28): the store builds the snooze's change set, refusing what
/// cannot be snoozed in one line; the runner applies it like any triage action.
extension CommandRunner {
    /// A snooze draft (`snoozed_until` set) or an unsnooze (null) as the store's change set.
    func snoozeChangeSet(_ draft: TicketActionDraft, now: Millis) throws -> ChangeSet {
        let until = draft.fields[TicketField.snoozedUntil.rawValue]?.int
        return try store.snoozeChanges(ticketIDs: draft.ticketIDs, until: until, author: try memberID(), now: now)
    }
}
