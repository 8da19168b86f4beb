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
    /// A QA review of a ticket (issue 25).
    case qaReview = "qa_review"

    /// The order a sync inserts a chunk's new rows in: rows that others refer to first
    /// (teammates and networks, then campaigns and creators, then what hangs off them), so a
    /// reference to a row arriving in the same chunk finds it.
    public var applyRank: Int {
        switch self {
        case .member: return 0
        case .network: return 1
        case .setting: return 2
        case .slaPolicy: return 3
        case .article: return 4
        case .campaign: return 5
        case .campaignTier: return 6
        case .program: return 7
        case .programModule: return 8
        case .workshop: return 9
        case .community: return 10
        case .creator: return 11
        case .creatorTag: return 12
        case .stageEvent: return 13
        case .liveSession: return 14
        case .activity: return 15
        case .campaignEnrolment: return 16
        case .programEnrolment: return 17
        case .moduleCompletion: return 18
        case .workshopInvite: return 19
        case .incentiveTask: return 20
        case .communityMember: return 21
        case .resourceSend: return 22
        case .ticket: return 23
        case .ticketTag: return 24
        case .ticketEvent: return 25
        case .qaReview: return 26
        case .conflictDecision: return 27
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
