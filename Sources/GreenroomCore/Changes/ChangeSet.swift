/// A value written to a field, as the store and sync files carry it.
public enum FieldValue: Hashable, Sendable {
    case null
    case int(Int64)
    case text(String)

    public init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    public init(_ int: Int?) { self = int.map { .int(Int64($0)) } ?? .null }
    public init(_ int: Int64?) { self = int.map { .int($0) } ?? .null }
    public init(_ bool: Bool) { self = .int(bool ? 1 : 0) }

    public var text: String? { if case .text(let s) = self { return s } else { return nil } }
    public var int: Int64? { if case .int(let i) = self { return i } else { return nil } }
    public var isNull: Bool { self == .null }
}

/// Field names of a creator, as in the database and sync operations.
public enum CreatorField: String, CaseIterable, Sendable {
    case handle
    case displayName = "display_name"
    case kind, market, language
    case networkID = "network_id"
    case ownerID = "owner_id"
    case teamID = "team_id"
    case source, followers, email, phone, notes, deleted
}

/// Field names of an activity.
public enum ActivityField: String, CaseIterable, Sendable {
    case summary
    case nextStep = "next_step"
    case followUpDue = "follow_up_due"
    case done, deleted
}

/// One change to the data, as the UI asks for it. Every change the store applies comes back
/// with its inverse, so undo is applying the inverse (and redo, the inverse of that).
public enum Change: Hashable, Sendable {
    /// A new creator with their tags; the store writes the first stage event.
    case insertCreator(Creator, tags: [String])
    case insertActivity(Activity)
    /// Sets fields of an existing record.
    case update(Entity, id: String, fields: [String: FieldValue])
    /// Moves a creator to a stage, writing a stage event (from, to, at, by, reason). Its
    /// inverse withdraws that event rather than writing a move back, so an undone move
    /// leaves no trace in the funnel or in time-in-stage figures.
    case moveStage(creatorID: String, to: String, reason: String?)
    /// Withdraws (`active: false`, a tombstone) or restores a stage event, and puts the
    /// creator back in the event's `from` (withdrawn) or `to` (restored) stage.
    case stageEvent(creatorID: String, eventID: String, active: Bool)
    /// Adds and removes tags of a creator.
    case tags(creatorID: String, add: [String], remove: [String])
    /// A new ticket with its tags and first timeline events.
    case insertTicket(Ticket, tags: [String], events: [TicketEvent])
    /// A triage action: one timeline event and the ticket fields it changes (status,
    /// priority, assignee_id, tier, csat, merged_into_id). Its inverse withdraws the event
    /// and puts the fields back, so SLA clocks never count an action someone took back.
    case ticketAction(TicketEvent, fields: [String: FieldValue])
    /// Withdraws (`active: false`) or restores a ticket event, setting the ticket's `fields`.
    case ticketEvent(ticketID: String, eventID: String, active: Bool, fields: [String: FieldValue])
    /// Adds and removes tags of a ticket.
    case ticketTags(ticketID: String, add: [String], remove: [String])
    /// A QA review of a ticket (the store makes its id and records the ticket's assignee as
    /// the agent); its inverse tombstones it.
    case insertQAReview(QAReviewDraft)
    /// A note, goal or follow-up on a teammate (issue 25; the store makes its id and records
    /// the author and time); its inverse tombstones it.
    case insertCoachingItem(CoachingDraft)
    /// A 1:1 held with a teammate now: its notes, and the agenda it closes in words (the store
    /// reads the agenda in the same transaction); its inverse tombstones it.
    case holdOneOnOne(memberID: String, notes: String)
    /// A goal or follow-up done now (or open again); its inverse puts `done_at` back.
    case coachingDone(id: String, done: Bool)
}

/// Ticket columns a triage action may set.
public enum TicketField: String, CaseIterable, Sendable {
    case status, priority, tier, csat
    case assigneeID = "assignee_id"
    case mergedIntoID = "merged_into_id"
    case snoozedUntil = "snoozed_until"
}

/// Changes applied together, in one transaction, undone together.
public struct ChangeSet: Hashable, Sendable {
    /// What the user did, for toasts: "Edited @mila.cooks".
    public var label: String
    public var changes: [Change]

    public init(_ label: String, _ changes: [Change]) {
        self.label = label
        self.changes = changes
    }
}
