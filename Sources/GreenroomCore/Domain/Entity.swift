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

    /// The order a sync inserts a chunk's new rows in: rows that others refer to first
    /// (teammates and networks, then campaigns and creators, then what hangs off them), so a
    /// reference to a row arriving in the same chunk finds it.
    public var applyRank: Int {
        switch self {
        case .member: return 0
        case .team: return 1
        case .teamMember: return 2
        case .shiftException: return 3
        case .network: return 4
        case .setting: return 5
        case .slaPolicy: return 6
        case .article: return 7
        case .campaign: return 8
        case .campaignTier: return 9
        case .program: return 10
        case .programModule: return 11
        case .workshop: return 12
        case .community: return 13
        case .creator: return 14
        case .creatorTag: return 15
        case .stageEvent: return 16
        case .liveSession: return 17
        case .activity: return 18
        case .campaignEnrolment: return 19
        case .programEnrolment: return 20
        case .moduleCompletion: return 21
        case .workshopInvite: return 22
        case .incentiveTask: return 23
        case .communityMember: return 24
        case .resourceSend: return 25
        case .ticket: return 26
        case .ticketTag: return 27
        case .ticketEvent: return 28
        case .conflictDecision: return 29
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
