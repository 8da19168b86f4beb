/// The synced entities, named as in the database and in sync operations.
public enum Entity: String, CaseIterable, Codable, Sendable {
    case member, network, creator
    case creatorTag = "creator_tag"
    case stageEvent = "stage_event"
    case liveSession = "live_session"
    case activity, ticket
    case ticketTag = "ticket_tag"
    case ticketEvent = "ticket_event"
    case slaPolicy = "sla_policy"
    case article, setting
    case campaign
    case campaignEnrolment = "campaign_enrolment"
    case campaignTier = "campaign_tier"
    /// Someone resolved a sync conflict (issue 19): synced so the conflict closes everywhere.
    case conflictDecision = "conflict_decision"
    /// Creator programs (issue 26).
    case program
    case programModule = "program_module"
    case programEnrolment = "program_enrolment"
    case moduleCompletion = "module_completion"
    case workshop
    case workshopInvite = "workshop_invite"
    case incentiveTask = "incentive_task"
    case community
    case communityMember = "community_member"
    /// The resource hub: an article sent to a creator or a community.
    case resourceSend = "resource_send"
    /// Teams, their members and members' time off (issue 24).
    case team
    case teamMember = "team_member"
    case shiftException = "shift_exception"
    /// Team automations and their firings (issue 24).
    case automationRule = "automation_rule"
    case ruleFiring = "rule_firing"
    /// A QA review of a ticket (issue 25).
    case qaReview = "qa_review"
    /// A note, goal, follow-up or 1:1 on a teammate (issue 25).
    case coachingItem = "coaching_item"

    /// The order a sync inserts a chunk's new rows in: rows that others refer to first
    /// (teammates and networks, then campaigns and creators, then what hangs off them), so a
    /// reference to a row arriving in the same chunk finds it.
    public var applyRank: Int {
        switch self {
        case .member: return 0
        case .team: return 1
        case .teamMember: return 2
        case .shiftException: return 3
        case .automationRule: return 4
        case .network: return 5
        case .setting: return 6
        case .slaPolicy: return 7
        case .article: return 8
        case .campaign: return 9
        case .campaignTier: return 10
        case .program: return 11
        case .programModule: return 12
        case .workshop: return 13
        case .community: return 14
        case .creator: return 15
        case .creatorTag: return 16
        case .stageEvent: return 17
        case .liveSession: return 18
        case .activity: return 19
        case .campaignEnrolment: return 20
        case .programEnrolment: return 21
        case .moduleCompletion: return 22
        case .workshopInvite: return 23
        case .incentiveTask: return 24
        case .communityMember: return 25
        case .resourceSend: return 26
        case .ticket: return 27
        case .ticketTag: return 28
        case .ticketEvent: return 29
        case .qaReview: return 30
        case .coachingItem: return 31
        case .conflictDecision: return 32
        case .ruleFiring: return 33
        }
    }

    /// Append-only entities are inserted once (`"op":"insert"`) and never edited, except an
    /// activity's `done` flag and tombstone.
    public var isAppendOnly: Bool {
        switch self {
        case .stageEvent, .liveSession, .activity, .ticketEvent, .conflictDecision: return true
        default: return false
        }
    }
}
