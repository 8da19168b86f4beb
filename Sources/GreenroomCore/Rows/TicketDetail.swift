/// Everything the ticket detail screen shows, read in one go.
public struct TicketDetail: Hashable, Sendable {
    public struct EventRow: Hashable, Sendable {
        public var event: TicketEvent
        public var authorHandle: String?

        public init(event: TicketEvent, authorHandle: String?) {
            self.event = event; self.authorHandle = authorHandle
        }
    }

    public var ticket: Ticket
    /// The shortest unique key prefix.
    public var key: String
    public var requesterHandle: String?
    public var networkName: String?
    public var assigneeHandle: String?
    public var tags: [String]
    /// The timeline, oldest first, without withdrawn (undone) events.
    public var events: [EventRow]
    public var sla: SLAReport
    /// The ticket this one was merged into (then it is read-only).
    public var mergedIntoKey: String?
    /// Tickets merged into this one.
    public var mergedFromKeys: [String]
    /// When its snooze ends or ended (`TicketSnooze.wakeAt`); nil when not snoozed.
    public var wakeAt: Millis?
    /// The team that owns it (issue 24), by name; nil: none (or a removed team).
    public var teamName: String?
    /// The automations that acted on it (issue 24), oldest first: the audit trail.
    public var firings: [FiringRow] = []

    public typealias FiringRow = RuleFiringRow

    public init(ticket: Ticket, key: String, requesterHandle: String?, networkName: String?, assigneeHandle: String?, tags: [String],
                events: [EventRow], sla: SLAReport, mergedIntoKey: String?, mergedFromKeys: [String], wakeAt: Millis? = nil, teamName: String? = nil, firings: [FiringRow] = []) {
        self.ticket = ticket; self.key = key; self.requesterHandle = requesterHandle; self.networkName = networkName
        self.assigneeHandle = assigneeHandle; self.tags = tags; self.events = events; self.sla = sla
        self.mergedIntoKey = mergedIntoKey; self.mergedFromKeys = mergedFromKeys; self.wakeAt = wakeAt; self.teamName = teamName; self.firings = firings
    }

    public var isReadOnly: Bool { ticket.mergedIntoID != nil }
}

/// A ticket `M` can merge into: the picker's row.
public struct MergeCandidate: Hashable, Sendable {
    public var id: String
    public var key: String
    public var subject: String
    public var requester: String?
    public var status: TicketStatus
    public var createdAt: Millis
    /// Same requester creator as the ticket being merged (listed first).
    public var sameRequester: Bool

    public init(id: String, key: String, subject: String, requester: String?, status: TicketStatus, createdAt: Millis, sameRequester: Bool) {
        self.id = id; self.key = key; self.subject = subject; self.requester = requester; self.status = status
        self.createdAt = createdAt; self.sameRequester = sameRequester
    }
}
