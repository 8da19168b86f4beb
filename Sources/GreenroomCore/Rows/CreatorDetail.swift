/// Everything the creator detail screen shows, read in one go.
public struct CreatorDetail: Hashable, Sendable {
    public struct StageSpan: Hashable, Sendable {
        public var stage: String
        public var enteredAt: Millis
        /// When the creator left the stage; nil while they are still in it.
        public var exitedAt: Millis?
        public var byHandle: String?
        public var reason: String?

        public init(stage: String, enteredAt: Millis, exitedAt: Millis?, byHandle: String?, reason: String?) {
            self.stage = stage; self.enteredAt = enteredAt; self.exitedAt = exitedAt; self.byHandle = byHandle; self.reason = reason
        }

        public func duration(now: Millis) -> Millis { (exitedAt ?? now) - enteredAt }
    }

    public struct ActivityRow: Hashable, Sendable {
        public var activity: Activity
        public var authorHandle: String?

        public init(activity: Activity, authorHandle: String?) {
            self.activity = activity; self.authorHandle = authorHandle
        }
    }

    public struct TicketRow: Hashable, Sendable {
        public var id: String
        public var key: String
        public var subject: String
        public var status: TicketStatus
        public var priority: TicketPriority
        public var createdAt: Millis

        public init(id: String, key: String, subject: String, status: TicketStatus, priority: TicketPriority, createdAt: Millis) {
            self.id = id; self.key = key; self.subject = subject; self.status = status; self.priority = priority; self.createdAt = createdAt
        }
    }

    public struct LiveTotals: Hashable, Sendable {
        public var minutes: Int
        public var sessions: Int
        public var activeDays: Int
        public var peakViewers: Int
        public var viewerMinutes: Int
        public var gifts: Int
        public var lastLiveAt: Millis?

        public init(minutes: Int, sessions: Int, activeDays: Int, peakViewers: Int, viewerMinutes: Int, gifts: Int, lastLiveAt: Millis?) {
            self.minutes = minutes; self.sessions = sessions; self.activeDays = activeDays; self.peakViewers = peakViewers
            self.viewerMinutes = viewerMinutes; self.gifts = gifts; self.lastLiveAt = lastLiveAt
        }
    }

    public var creator: Creator
    public var ownerHandle: String?
    public var network: Network?
    public var tags: [String]
    /// Live hours per local day, oldest first, the last being today.
    public var dailyLiveHours: [Double]
    public var totals: LiveTotals
    /// Stage history, oldest first.
    public var stages: [StageSpan]
    /// Newest first; follow-ups still to do are flagged by `activity.followUpDue` and `done`.
    public var activities: [ActivityRow]
    /// Open tickets first, then the rest, newest first.
    public var tickets: [TicketRow]
    public var health: CreatorFilter.Health?
    /// Campaigns the creator is enrolled in (running first, then drafts, then ended).
    public var campaigns: [CreatorCampaignRow] = []
    /// The team that looks after them (issue 24).
    public var teamName: String?
    /// What team automations did to them (issue 24's audit trail), newest first.
    public var ruleFirings: [RuleFiringRow] = []

    public init(creator: Creator, ownerHandle: String?, network: Network?, tags: [String], dailyLiveHours: [Double],
                totals: LiveTotals, stages: [StageSpan], activities: [ActivityRow], tickets: [TicketRow], health: CreatorFilter.Health?) {
        self.creator = creator; self.ownerHandle = ownerHandle; self.network = network; self.tags = tags
        self.dailyLiveHours = dailyLiveHours; self.totals = totals; self.stages = stages; self.activities = activities
        self.tickets = tickets; self.health = health
    }
}
