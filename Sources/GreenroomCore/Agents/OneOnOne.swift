/// 1:1s and coaching for agents (issue 25): notes, goals and follow-ups a lead keeps on a
/// teammate, and the 1:1s they hold — one synced record, `coaching_item`, like a creator's
/// activities.
///
/// Choices written down here:
/// - A **note** is something said or seen ("handled the payout outage calmly"); a **goal** is
///   something to work towards, open until marked done ("first replies under 30 min"); a
///   **follow-up** is a promise with an optional due date, open until marked done ("pair on
///   two appeal tickets"). A **1:1** records that one was held: when, its notes, and what its
///   agenda held then (`discussed`, the agenda in words, so the record says what was
///   discussed even after tickets change).
/// - Goals and follow-ups are done by setting `done_at` (cleared to reopen); notes and 1:1s
///   are never "done". Every item may name a ticket it is about.
/// - Deletes are tombstones (`deleted`), restorable from the trash; every write is undoable.
public enum CoachingKind: String, CaseIterable, Codable, Sendable {
    case note, goal
    case followUp = "follow_up"
    case oneOnOne = "one_on_one"

    /// How a person says it: "follow-up", "1:1".
    public var label: String {
        switch self {
        case .note: return "note"
        case .goal: return "goal"
        case .followUp: return "follow-up"
        case .oneOnOne: return "1:1"
        }
    }

    /// Goals and follow-ups stay open until someone marks them done.
    public var canBeDone: Bool { self == .goal || self == .followUp }
}

/// One coaching item on a teammate (`coaching_item`).
public struct CoachingItem: Hashable, Codable, Sendable {
    public var id: String
    /// The teammate it is about.
    public var memberID: String
    public var kind: CoachingKind
    /// The note, goal or follow-up; a 1:1's notes.
    public var body: String
    /// A 1:1's agenda when it was held, in words (`OneOnOneAgenda.discussed`); nil otherwise.
    public var discussed: String?
    /// A ticket the item is about.
    public var ticketID: String?
    /// When a goal or follow-up is due.
    public var dueAt: Millis?
    /// When a goal or follow-up was marked done; nil while open.
    public var doneAt: Millis?
    /// Who wrote it.
    public var authorID: String?
    /// When it was written; a 1:1's: when it was held.
    public var at: Millis
    public var deleted: Bool

    public init(id: String, memberID: String, kind: CoachingKind, body: String, discussed: String? = nil, ticketID: String? = nil,
                dueAt: Millis? = nil, doneAt: Millis? = nil, authorID: String? = nil, at: Millis, deleted: Bool = false) {
        self.id = id; self.memberID = memberID; self.kind = kind; self.body = body; self.discussed = discussed; self.ticketID = ticketID
        self.dueAt = dueAt; self.doneAt = doneAt; self.authorID = authorID; self.at = at; self.deleted = deleted
    }

    /// A goal or follow-up not marked done (and not deleted).
    public var isOpen: Bool { kind.canBeDone && doneAt == nil && !deleted }

    /// An open item whose due time has passed.
    public func isOverdue(now: Millis) -> Bool { isOpen && (dueAt.map { $0 <= now } ?? false) }
}

/// What a lead writes on a teammate (the store makes the id, stamps the author and time).
public struct CoachingDraft: Hashable, Sendable {
    public var memberID: String
    /// A note, goal or follow-up (a 1:1 is held with `Change.holdOneOnOne`).
    public var kind: CoachingKind
    public var body: String
    public var dueAt: Millis?
    public var ticketID: String?

    public init(memberID: String, kind: CoachingKind, body: String, dueAt: Millis? = nil, ticketID: String? = nil) {
        self.memberID = memberID; self.kind = kind; self.body = body; self.dueAt = dueAt; self.ticketID = ticketID
    }

    /// Why the draft cannot be written, as a one-line reason, or nil. (That the teammate and
    /// the ticket exist is the store's to check.)
    public var problem: String? {
        if kind == .oneOnOne { return "a 1:1 is recorded by holding it, not written as an item" }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "write the \(kind.label) first (the text is empty)" }
        if body.utf8.count > FieldRules.maxTextBytes { return "the text is over \(FieldRules.maxTextBytes / 1024) KiB" }
        if dueAt != nil && !kind.canBeDone { return "only a goal or follow-up has a due date" }
        if let due = dueAt, due < FieldRules.earliestTime || due >= FieldRules.latestTime { return "the due date is not a plausible date (2000–2099)" }
        return nil
    }
}

/// Field names of a coaching item, as in the database and sync operations.
public enum CoachingField: String, CaseIterable, Sendable {
    case body
    case dueAt = "due_at"
    case doneAt = "done_at"
    case deleted
}
