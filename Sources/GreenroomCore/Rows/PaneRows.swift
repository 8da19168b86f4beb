/// Read models: what the store returns for the screen. They hold exactly what a pane shows,
/// already joined, so a page of rows is one query.

/// A roster line.
public struct RosterRow: Hashable, Sendable {
    public var id: String
    public var handle: String
    public var displayName: String
    public var market: String
    public var stage: String
    public var ownerHandle: String?
    /// Σ minutes of LIVE in the 7 days before now.
    public var liveMinutes7d: Int
    public var lastLiveAt: Millis?
    public var followers: Int
    /// Days with a LIVE in the last 30 days.
    public var activeDays30d: Int
    public var health: CreatorFilter.Health?

    public init(id: String, handle: String, displayName: String, market: String, stage: String, ownerHandle: String?,
                liveMinutes7d: Int, lastLiveAt: Millis?, followers: Int, activeDays30d: Int = 0, health: CreatorFilter.Health? = nil) {
        self.id = id; self.handle = handle; self.displayName = displayName; self.market = market; self.stage = stage
        self.ownerHandle = ownerHandle; self.liveMinutes7d = liveMinutes7d; self.lastLiveAt = lastLiveAt; self.followers = followers
        self.activeDays30d = activeDays30d; self.health = health
    }
}

/// A kanban card.
public struct PipelineCard: Hashable, Sendable {
    public var id: String
    public var handle: String
    public var ownerHandle: String?
    public var stage: String
    public var enteredStageAt: Millis?
    public var nextFollowUp: Millis?

    public init(id: String, handle: String, ownerHandle: String?, stage: String, enteredStageAt: Millis?, nextFollowUp: Millis?) {
        self.id = id; self.handle = handle; self.ownerHandle = ownerHandle; self.stage = stage
        self.enteredStageAt = enteredStageAt; self.nextFollowUp = nextFollowUp
    }
}

/// One kanban column: its stage, how many cards it has, and the loaded window of cards.
public struct PipelineColumn: Hashable, Sendable {
    public var stage: String
    public var count: Int
    /// Index of `cards.first` within the column.
    public var offset: Int
    public var cards: [PipelineCard]

    public init(stage: String, count: Int, offset: Int, cards: [PipelineCard]) {
        self.stage = stage; self.count = count; self.offset = offset; self.cards = cards
    }
}

/// A ticket queue line.
public struct QueueRow: Hashable, Sendable {
    public var id: String
    /// The shortest unique key prefix (see `TicketKey`).
    public var key: String
    public var subject: String
    public var requesterHandle: String?
    public var category: TicketCategory
    public var priority: TicketPriority
    public var status: TicketStatus
    public var tier: Int
    public var assigneeHandle: String?
    public var createdAt: Millis
    /// When the next SLA target is due while its clock runs (past: breached); nil when paused or done.
    public var slaDueAt: Millis?
    public var solvedAt: Millis?
    /// Where this row stands among tickets with the same sort key (the store's row number):
    /// what a page read after or before this row resumes from (`PageSeek`). Nil when unknown.
    public var position: Int64?
    /// When its snooze ends (ahead: snoozed; passed: woke and not acted on yet); nil when not
    /// snoozed (`TicketSnooze`).
    public var wakeAt: Millis?

    public init(id: String, key: String, subject: String, requesterHandle: String?, category: TicketCategory,
                priority: TicketPriority, status: TicketStatus, tier: Int, assigneeHandle: String?, createdAt: Millis, slaDueAt: Millis?,
                solvedAt: Millis? = nil, position: Int64? = nil, wakeAt: Millis? = nil) {
        self.id = id; self.key = key; self.subject = subject; self.requesterHandle = requesterHandle
        self.category = category; self.priority = priority; self.status = status; self.tier = tier
        self.assigneeHandle = assigneeHandle; self.createdAt = createdAt; self.slaDueAt = slaDueAt; self.solvedAt = solvedAt
        self.position = position; self.wakeAt = wakeAt
    }
}

/// Queue headline numbers.
public struct QueueSummary: Hashable, Sendable {
    /// Open tickets in the active views (snoozed ones left out).
    public var open: Int
    /// Open tickets breached or due now, snoozed ones included (a snooze never hides a breach).
    public var breaching: Int
    /// Open tickets snoozed until a time still ahead.
    public var snoozed: Int

    public init(open: Int, breaching: Int, snoozed: Int = 0) {
        self.open = open; self.breaching = breaching; self.snoozed = snoozed
    }
}

/// How a KPI is best read.
public enum KPIDirection: String, Codable, Sendable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

