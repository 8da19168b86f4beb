/// The Today screen (`t`): one actionable list for a person, or for the whole team.
///
/// Four sections, each with its full `count` and its first rows (at most the limit asked for):
/// follow-ups due by the end of today, tickets breaching within two hours, activated creators
/// with no LIVE in 7 days, and pipeline cards past their stage's rotting threshold — and a
/// fifth when there are any: coaching follow-ups on teammates due by the end of today. Every row
/// carries what opens its detail (`target`) and a one-line description (`line`) written for
/// the `now` the report was read at.
public struct TodayReport: Hashable, Sendable {
    /// What a row opens.
    public enum Target: Hashable, Sendable {
        case creator(id: String)
        case ticket(id: String)
        /// A teammate's 1:1 screen (a coaching follow-up).
        case oneOnOne(handle: String)
    }

    /// One section: how many items there are in all, and the first of them.
    public struct Section<Row: Hashable & Sendable>: Hashable, Sendable {
        public var count: Int
        public var rows: [Row]

        public init(count: Int, rows: [Row]) {
            self.count = count; self.rows = rows
        }

        public var isEmpty: Bool { count == 0 }
        /// Items beyond the rows loaded.
        public var more: Int { max(0, count - rows.count) }
    }

    /// An open follow-up (an activity with `follow_up_due`), due today or overdue.
    public struct FollowUp: Hashable, Sendable {
        public var activityID: String
        public var creatorID: String
        public var handle: String
        /// The activity's next step, else its summary.
        public var text: String
        public var due: Millis
        public var authorHandle: String?
        public var ownerHandle: String?
        /// The due time has passed.
        public var overdue: Bool
        public var line: String

        public init(activityID: String, creatorID: String, handle: String, text: String, due: Millis, authorHandle: String?,
                    ownerHandle: String?, now: Millis) {
            self.activityID = activityID; self.creatorID = creatorID; self.handle = handle; self.text = text; self.due = due
            self.authorHandle = authorHandle; self.ownerHandle = ownerHandle
            overdue = due < now
            let when = overdue ? "overdue \(RelativeTime.compact(now - due))" : "due \(RelativeTime.inPhrase(due, now: now))"
            line = "\(handle) · \(TodayReport.oneLine(text)) · \(when)"
        }

        public var target: Target { .creator(id: creatorID) }
    }

    /// An open coaching follow-up on a teammate (issue 25), due today or overdue: what a lead
    /// promised in or for a 1:1. Shown only when there are any.
    public struct CoachingFollowUp: Hashable, Sendable {
        public var itemID: String
        /// The teammate it is about.
        public var memberHandle: String
        public var text: String
        public var due: Millis
        public var overdue: Bool
        public var line: String

        public init(itemID: String, memberHandle: String, text: String, due: Millis, now: Millis) {
            self.itemID = itemID; self.memberHandle = memberHandle; self.text = text; self.due = due
            overdue = due < now
            let when = overdue ? "overdue \(RelativeTime.compact(now - due))" : "due \(RelativeTime.inPhrase(due, now: now))"
            line = "1:1 \(memberHandle) · \(TodayReport.oneLine(text)) · \(when)"
        }

        public var target: Target { .oneOnOne(handle: memberHandle) }
    }

    /// An unsolved ticket whose SLA breaches within two hours, or already has.
    public struct BreachingTicket: Hashable, Sendable {
        public var ticketID: String
        /// The shortest unique key prefix (see `TicketKey`).
        public var key: String
        public var subject: String
        public var priority: TicketPriority
        public var status: TicketStatus
        public var slaDueAt: Millis
        public var assigneeHandle: String?
        public var requesterHandle: String?
        /// The due time has passed.
        public var breached: Bool
        public var line: String

        public init(ticketID: String, key: String, subject: String, priority: TicketPriority, status: TicketStatus, slaDueAt: Millis,
                    assigneeHandle: String?, requesterHandle: String?, now: Millis) {
            self.ticketID = ticketID; self.key = key; self.subject = subject; self.priority = priority; self.status = status
            self.slaDueAt = slaDueAt; self.assigneeHandle = assigneeHandle; self.requesterHandle = requesterHandle
            breached = slaDueAt <= now
            line = "\(key) \(TodayReport.oneLine(subject)) · SLA \(RelativeTime.countdown(to: slaDueAt, now: now))" + (breached ? " breached" : "")
        }

        public var target: Target { .ticket(id: ticketID) }
    }

    /// An activated creator with no LIVE in the last 7 days.
    public struct IdleCreator: Hashable, Sendable {
        public var creatorID: String
        public var handle: String
        public var ownerHandle: String?
        /// The latest LIVE before now; nil: never live.
        public var lastLiveAt: Millis?
        public var line: String

        public init(creatorID: String, handle: String, ownerHandle: String?, lastLiveAt: Millis?, now: Millis) {
            self.creatorID = creatorID; self.handle = handle; self.ownerHandle = ownerHandle; self.lastLiveAt = lastLiveAt
            line = "\(handle) · " + (lastLiveAt.map { "no LIVE for \(RelativeTime.compact(max(0, now - $0)))" } ?? "never live")
        }

        public var target: Target { .creator(id: creatorID) }
    }

    /// A pipeline card older in its stage than the stage's `rotDays`.
    public struct RottingCard: Hashable, Sendable {
        public var creatorID: String
        public var handle: String
        public var ownerHandle: String?
        public var stage: String
        public var enteredStageAt: Millis
        /// Whole days in the stage (as the board counts them).
        public var daysInStage: Int
        public var rotDays: Int
        public var line: String

        public init(creatorID: String, handle: String, ownerHandle: String?, stage: String, enteredStageAt: Millis, rotDays: Int, now: Millis) {
            self.creatorID = creatorID; self.handle = handle; self.ownerHandle = ownerHandle; self.stage = stage
            self.enteredStageAt = enteredStageAt; self.rotDays = rotDays
            daysInStage = Int(max(0, now - enteredStageAt) / Time.day)
            line = "\(handle) · \(stage) \(daysInStage)d (rots after \(rotDays)d)"
        }

        public var target: Target { .creator(id: creatorID) }
    }

    /// When the report was read.
    public var now: Millis
    /// The member handle the report is for; nil: the whole team.
    public var me: String?
    public var followUps: Section<FollowUp>
    public var breachingTickets: Section<BreachingTicket>
    public var idleCreators: Section<IdleCreator>
    public var rottingCards: Section<RottingCard>
    /// Coaching follow-ups on teammates due today or overdue (issue 25; empty for most).
    public var coachingFollowUps = Section<CoachingFollowUp>(count: 0, rows: [])

    public init(now: Millis, me: String?, followUps: Section<FollowUp>, breachingTickets: Section<BreachingTicket>,
                idleCreators: Section<IdleCreator>, rottingCards: Section<RottingCard>) {
        self.now = now; self.me = me; self.followUps = followUps; self.breachingTickets = breachingTickets
        self.idleCreators = idleCreators; self.rottingCards = rottingCards
    }

    /// Everything to do, over all sections.
    public var total: Int { followUps.count + coachingFollowUps.count + breachingTickets.count + idleCreators.count + rottingCards.count }

    /// How far ahead a ticket's SLA due time puts it in the "breaching" section.
    public static let breachWindow: Millis = 2 * Time.hour
    /// Days without a LIVE after which an activated creator is idle (the roster's `health:idle`).
    public static let idleDays = 7

    /// Text from data on one line: line breaks and tabs become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
