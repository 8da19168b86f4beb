/// The closed vocabularies of DESIGN.md §2. Raw values are what the database, the JSON
/// files and the command line use.

public enum MemberRole: String, CaseIterable, Codable, Sendable {
    case manager, specialist, lead
}

public enum CreatorKind: String, CaseIterable, Codable, Sendable {
    case creator, merchant, affiliate
}

public enum CreatorSource: String, CaseIterable, Codable, Sendable {
    case outbound, inbound, referral, event, `import`
}

public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case note, call, message, coaching, workshop
}

public enum TicketChannel: String, CaseIterable, Codable, Sendable {
    case inApp = "in_app", webform, email, `internal`
}

public enum TicketCategory: String, CaseIterable, Codable, Sendable {
    case accountAccess = "account_access"
    case verification
    case rewardsPayout = "rewards_payout"
    case appeal
    case accountSafety = "account_safety"
    case minorSafety = "minor_safety"
    case campaign
    case liveTools = "live_tools"
    case networkRelations = "network_relations"
    case other

    /// Words for a subject line, used by the screen when space is short.
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

public enum TicketPriority: String, CaseIterable, Codable, Sendable, Comparable {
    case urgent, high, normal, low

    /// 0 is the most urgent.
    public var rank: Int {
        switch self {
        case .urgent: return 0
        case .high: return 1
        case .normal: return 2
        case .low: return 3
        }
    }

    public static func < (a: TicketPriority, b: TicketPriority) -> Bool { a.rank < b.rank }
}

public enum TicketStatus: String, CaseIterable, Codable, Sendable {
    case new, open, pending
    case onHold = "on_hold"
    case solved, closed

    /// Not yet solved or closed: part of the backlog.
    public var isOpen: Bool { self != .solved && self != .closed }
    /// SLA clocks pause in these states (the Zendesk model).
    public var pausesSLA: Bool { self == .pending || self == .onHold }
}

public enum TicketEventKind: String, CaseIterable, Codable, Sendable {
    /// A public message, from an agent or from the requester.
    case reply
    /// An internal note, never shown to the requester.
    case note
    case status
    case assignment
    case priority
    /// Tier 1 → tier 2; `reason` is required.
    case escalation
    case csat
    case merge
    /// Snoozed until `to_value` (ISO 8601 UTC; `from_value` the snooze it replaced), or
    /// unsnoozed (`to_value` null). See `TicketSnooze`.
    case snooze
}

/// Who wrote a ticket event.
public enum TicketActor: String, CaseIterable, Codable, Sendable {
    case agent, requester, system
}

public enum CSAT: String, CaseIterable, Codable, Sendable {
    case good, bad
}

/// Pipeline stages. Stages are a team setting; these are the defaults and the two side exits.
public enum Stage {
    public static let lead = "lead"
    public static let contacted = "contacted"
    public static let onboarding = "onboarding"
    public static let activated = "activated"
    public static let established = "established"
    public static let paused = "paused"
    public static let lost = "lost"

    /// The default main line, in order.
    public static let defaultFlow = [lead, contacted, onboarding, activated, established]
    /// Side exits, shown folded to the right of the board.
    public static let sideExits = [paused, lost]
    public static let all = defaultFlow + sideExits
}

/// What a knowledge-base article is (issue 26's resource hub): an agent's `reply` text — the
/// default, what every article written before kinds existed is, and what every macro is — or a
/// creator-facing resource that can be sent to creators and communities: a `guide`, a
/// `toolkit`, or a `link` (which must carry a URL, `ResourceURL`).
public enum ArticleKind: String, CaseIterable, Codable, Sendable {
    case reply, guide, toolkit, link

    /// A creator-facing resource (anything but a reply): what `Ctrl-t` and `kb send` send.
    public var isResource: Bool { self != .reply }
}
