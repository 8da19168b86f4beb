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
        case .creator: return 7
        case .creatorTag: return 8
        case .stageEvent: return 9
        case .liveSession: return 10
        case .activity: return 11
        case .campaignEnrolment: return 12
        case .ticket: return 13
        case .ticketTag: return 14
        case .ticketEvent: return 15
        case .conflictDecision: return 16
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
