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

    /// Append-only entities are inserted once (`"op":"insert"`) and never edited, except an
    /// activity's `done` flag and tombstone.
    public var isAppendOnly: Bool {
        switch self {
        case .stageEvent, .liveSession, .activity, .ticketEvent: return true
        default: return false
        }
    }
}
