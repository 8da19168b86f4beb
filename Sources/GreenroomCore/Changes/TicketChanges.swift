import Foundation

// The change sets of ticket work, built from plain values: the runner looks up what they need
// (the tickets, handles, "me") and applies what they return. No database here, so they are
// tested as plain functions (TicketChangesTests).

/// A triage action the runner turns into a ticket event (with a fresh id, "me" as author
/// and the current time) and the field changes it makes.
public struct TicketActionDraft: Hashable, Sendable {
    public var ticketIDs: [String]
    public var kind: TicketEventKind
    public var isPublic: Bool
    public var body: String?
    /// Per ticket: the value before (for the timeline's "from"); filled by the runner.
    public var toValue: String?
    public var reason: String?
    /// Ticket fields to set (`TicketField` raw names).
    public var fields: [String: FieldValue]
    /// Tags a macro adds with its reply.
    public var addTags: [String]
    /// For the toast and undo label: "Replied to K7Q2".
    public var label: String
    /// An escalation that also hands the ticket to someone (a tier-2 member, or nobody):
    /// the assignment is its own event beside the escalation.
    public var reassign: Reassign?

    public struct Reassign: Hashable, Sendable {
        public var memberID: String?
        public var handle: String?
        public init(memberID: String?, handle: String?) { self.memberID = memberID; self.handle = handle }
    }

    public init(ticketIDs: [String], kind: TicketEventKind, isPublic: Bool = false, body: String? = nil, toValue: String? = nil,
                reason: String? = nil, fields: [String: FieldValue] = [:], addTags: [String] = [], label: String) {
        self.ticketIDs = ticketIDs; self.kind = kind; self.isPublic = isPublic; self.body = body; self.toValue = toValue
        self.reason = reason; self.fields = fields; self.addTags = addTags; self.label = label
    }
}

/// What the new-ticket form (`n` on the queue) produces; the runner checks the requester and
/// gives the ticket its id, key and creation time.
public struct TicketDraft: Hashable, Sendable {
    public var subject: String
    public var body: String
    /// A creator handle (`@mila`) or empty for none.
    public var requester: String
    public var category: TicketCategory
    public var priority: TicketPriority
    public var channel: TicketChannel
    public var assignToMe: Bool

    public init(subject: String, body: String, requester: String, category: TicketCategory, priority: TicketPriority,
                channel: TicketChannel, assignToMe: Bool) {
        self.subject = subject; self.body = body; self.requester = requester; self.category = category
        self.priority = priority; self.channel = channel; self.assignToMe = assignToMe
    }
}

/// Builds the change sets of ticket work.
public enum TicketChanges {
    /// One event per ticket, by `author`, at `now`; "from" is each ticket's value before.
    /// `tickets`: the draft's tickets, in its order; `handles`: member id → handle (for the
    /// assignee before an assignment).
    public static func action(_ draft: TicketActionDraft, tickets: [Ticket], handles: [String: String], author: String?, now: Millis) -> ChangeSet {
        var changes: [Change] = []
        for ticket in tickets {
            let id = ticket.id
            var from: String?
            switch draft.kind {
            case .status: from = ticket.status.rawValue
            case .priority: from = ticket.priority.rawValue
            case .escalation: from = String(ticket.tier)
            case .assignment: from = ticket.assigneeID.flatMap { handles[$0] }
            default: from = nil
            }
            if draft.kind == .reply || draft.kind == .note {
                changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: draft.kind, at: now, actor: .agent,
                                                         authorID: author, isPublic: draft.isPublic, body: draft.body), fields: [:]))
                // The status chosen with the reply; a first reply opens a new ticket (the Zendesk habit).
                var status = draft.fields[TicketField.status.rawValue]?.text
                if status == nil && draft.isPublic && ticket.status == .new { status = TicketStatus.open.rawValue }
                if let status, status != ticket.status.rawValue {
                    changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .status, at: now, actor: .agent,
                                                             authorID: author, isPublic: false, fromValue: ticket.status.rawValue, toValue: status),
                                                 fields: [TicketField.status.rawValue: FieldValue(status)]))
                }
                // A macro's priority and tags come with its reply.
                if let priority = draft.fields[TicketField.priority.rawValue]?.text, priority != ticket.priority.rawValue {
                    changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .priority, at: now, actor: .agent,
                                                             authorID: author, isPublic: false, fromValue: ticket.priority.rawValue, toValue: priority),
                                                 fields: [TicketField.priority.rawValue: FieldValue(priority)]))
                }
                if !draft.addTags.isEmpty { changes.append(.ticketTags(ticketID: id, add: draft.addTags, remove: [])) }
                continue
            }
            changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: draft.kind, at: now, actor: .agent,
                                                     authorID: author, isPublic: false, fromValue: from, toValue: draft.toValue,
                                                     reason: draft.reason), fields: draft.fields))
            if let r = draft.reassign, r.memberID != ticket.assigneeID {
                changes.append(.ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .assignment, at: now, actor: .agent,
                                                         authorID: author, isPublic: false, fromValue: ticket.assigneeID.flatMap { handles[$0] },
                                                         toValue: r.handle),
                                             fields: [TicketField.assigneeID.rawValue: r.memberID.map { FieldValue($0) } ?? .null]))
            }
        }
        return ChangeSet(draft.label, changes)
    }

    /// A new ticket from the form: status new, tier 1, assigned to "me" (`author`, whose handle
    /// is `authorHandle`) when asked, with the assignment as its first event. Nil when no key
    /// can be made from the id.
    public static func create(_ draft: TicketDraft, id: String, requester: Creator?, author: String?, authorHandle: String?,
                              now: Millis, displayKey: (String) -> String) -> ChangeSet? {
        guard let key = TicketKey.full(forID: id) else { return nil }
        let ticket = Ticket(id: id, key: key, subject: draft.subject, body: draft.body, requesterCreatorID: requester?.id,
                            requesterNetworkID: requester?.networkID, channel: draft.channel, category: draft.category, priority: draft.priority,
                            status: .new, tier: 1, assigneeID: draft.assignToMe ? author : nil, createdAt: now)
        var events: [TicketEvent] = []
        if let author, draft.assignToMe {
            events.append(TicketEvent(id: UUIDv7.make(millis: now), ticketID: id, kind: .assignment, at: now, actor: .agent, authorID: author,
                                      isPublic: false, toValue: authorHandle))
        }
        return ChangeSet("Created ticket \(displayKey(key))", [.insertTicket(ticket, tags: [], events: events)])
    }

    /// Merges `source` into `target`: the source is closed and points at the target (a merge
    /// event), the target gets the source's subject and request as an internal note.
    /// `sourceKey`, `targetKey`: the keys as shown.
    public static func merge(_ source: Ticket, into target: Ticket, sourceKey: String, targetKey: String, author: String?, now: Millis) -> ChangeSet {
        ChangeSet("Merged \(sourceKey) into \(targetKey)", [
            .ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: source.id, kind: .merge, at: now, actor: .agent, authorID: author,
                                      isPublic: false, fromValue: source.status.rawValue, toValue: String(target.key.prefix(4))),
                          fields: [TicketField.mergedIntoID.rawValue: FieldValue(target.id), TicketField.status.rawValue: FieldValue("closed")]),
            .ticketAction(TicketEvent(id: UUIDv7.make(millis: now), ticketID: target.id, kind: .note, at: now, actor: .agent, authorID: author,
                                      isPublic: false, body: "Merged \(source.key.prefix(4)): \(source.subject)\n\n\(source.body)"), fields: [:]),
        ])
    }
}
