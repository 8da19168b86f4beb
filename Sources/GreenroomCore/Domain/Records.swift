/// Plain value types for every entity of DESIGN.md §2. The store gives them their database
/// conformances; nothing here knows about SQL.
///
/// Every record has a lowercase UUIDv7 `id`. Times are `Millis` (UTC milliseconds).

public struct Member: Hashable, Codable, Sendable {
    public var id: String
    public var handle: String
    public var name: String
    public var role: MemberRole
    public var team: String
    public var tier: Int?
    public var email: String?
    /// IANA zone their schedule is written in (issue 24); nil: the team setting's zone.
    public var timeZone: String?
    /// Their weekly shifts, `WeeklySchedule.canonical`; nil or empty: no schedule (always on).
    public var schedule: String?
    public var deleted: Bool

    public init(id: String, handle: String, name: String, role: MemberRole, team: String, tier: Int? = nil, email: String? = nil,
                timeZone: String? = nil, schedule: String? = nil, deleted: Bool = false) {
        self.id = id; self.handle = handle; self.name = name; self.role = role
        self.team = team; self.tier = tier; self.email = email; self.timeZone = timeZone; self.schedule = schedule; self.deleted = deleted
    }
}

public struct Network: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var region: String
    public var contact: String?
    public var deleted: Bool

    public init(id: String, name: String, region: String, contact: String? = nil, deleted: Bool = false) {
        self.id = id; self.name = name; self.region = region; self.contact = contact; self.deleted = deleted
    }
}

public struct Creator: Hashable, Codable, Sendable {
    public var id: String
    public var handle: String
    public var displayName: String
    public var kind: CreatorKind
    public var market: String
    public var language: String
    public var networkID: String?
    public var ownerID: String?
    public var stage: String
    public var source: CreatorSource
    public var followers: Int
    public var email: String?
    public var phone: String?
    public var notes: String?
    public var createdAt: Millis
    public var deleted: Bool
    /// The team that looks after them (issue 24); nil: no team. Their new tickets go to it.
    public var teamID: String?

    public init(id: String, handle: String, displayName: String, kind: CreatorKind, market: String, language: String,
                networkID: String?, ownerID: String?, stage: String, source: CreatorSource, followers: Int,
                email: String? = nil, phone: String? = nil, notes: String? = nil, createdAt: Millis, deleted: Bool = false,
                teamID: String? = nil) {
        self.id = id; self.handle = handle; self.displayName = displayName; self.kind = kind; self.market = market
        self.language = language; self.networkID = networkID; self.ownerID = ownerID; self.stage = stage
        self.source = source; self.followers = followers; self.email = email; self.phone = phone
        self.notes = notes; self.createdAt = createdAt; self.deleted = deleted; self.teamID = teamID
    }
}

/// A creator's tag. Its id is derived from the creator and the tag (`id(creator:tag:)`), so
/// the same tag added on two laptops is one row once they sync (rows made before issue 19
/// have random ids; readers ask for distinct tags).
public struct CreatorTag: Hashable, Codable, Sendable {
    public static func id(creator: String, tag: String) -> String {
        UUIDv7.derived(from: "tag/" + creator + "/" + tag, millis: UUIDv7.millis(of: creator) ?? 0)
    }

    public var id: String
    public var creatorID: String
    public var tag: String
    public var deleted: Bool

    public init(id: String, creatorID: String, tag: String, deleted: Bool = false) {
        self.id = id; self.creatorID = creatorID; self.tag = tag; self.deleted = deleted
    }
}

/// One move through the pipeline. Append-only.
public struct StageEvent: Hashable, Codable, Sendable {
    public var id: String
    public var creatorID: String
    public var fromStage: String?
    public var toStage: String
    public var at: Millis
    public var byMemberID: String?
    /// Why, for moves to `lost` or `paused`.
    public var reason: String?
    /// Withdrawn by an undo: kept as a tombstone (so sync carries it), ignored everywhere.
    public var deleted: Bool

    public init(id: String, creatorID: String, fromStage: String?, toStage: String, at: Millis, byMemberID: String?, reason: String? = nil,
                deleted: Bool = false) {
        self.id = id; self.creatorID = creatorID; self.fromStage = fromStage; self.toStage = toStage
        self.at = at; self.byMemberID = byMemberID; self.reason = reason; self.deleted = deleted
    }
}

/// One LIVE broadcast. Append-only.
public struct LiveSession: Hashable, Codable, Sendable {
    public var id: String
    public var creatorID: String
    public var startedAt: Millis
    public var minutes: Int
    public var peakViewers: Int
    public var viewerMinutes: Int
    public var gifts: Int

    public init(id: String, creatorID: String, startedAt: Millis, minutes: Int, peakViewers: Int, viewerMinutes: Int, gifts: Int) {
        self.id = id; self.creatorID = creatorID; self.startedAt = startedAt; self.minutes = minutes
        self.peakViewers = peakViewers; self.viewerMinutes = viewerMinutes; self.gifts = gifts
    }
}

public struct Activity: Hashable, Codable, Sendable {
    public var id: String
    public var creatorID: String
    public var kind: ActivityKind
    public var authorID: String?
    public var at: Millis
    public var summary: String
    public var nextStep: String?
    public var followUpDue: Millis?
    public var done: Bool
    public var deleted: Bool

    public init(id: String, creatorID: String, kind: ActivityKind, authorID: String?, at: Millis, summary: String,
                nextStep: String? = nil, followUpDue: Millis? = nil, done: Bool = false, deleted: Bool = false) {
        self.id = id; self.creatorID = creatorID; self.kind = kind; self.authorID = authorID; self.at = at
        self.summary = summary; self.nextStep = nextStep; self.followUpDue = followUpDue; self.done = done; self.deleted = deleted
    }
}

public struct Ticket: Hashable, Codable, Sendable {
    public var id: String
    /// Full 12-character key (see `TicketKey`).
    public var key: String
    public var subject: String
    public var body: String
    public var requesterCreatorID: String?
    public var requesterNetworkID: String?
    public var channel: TicketChannel
    public var category: TicketCategory
    public var priority: TicketPriority
    public var status: TicketStatus
    public var tier: Int
    public var assigneeID: String?
    public var csat: CSAT?
    public var mergedIntoID: String?
    public var createdAt: Millis
    public var deleted: Bool
    /// Snoozed until this time (an agent's `w`; issue 28): out of the active queue views until
    /// then, or until the requester writes (`TicketSnooze.wakeAt`). Kept after it passes, as the
    /// "woke" marker that puts the ticket on top, until an agent acts on it.
    public var snoozedUntil: Millis?
    /// The team that owns it (issue 24); nil: no team.
    public var teamID: String?

    public init(id: String, key: String, subject: String, body: String, requesterCreatorID: String?, requesterNetworkID: String?,
                channel: TicketChannel, category: TicketCategory, priority: TicketPriority, status: TicketStatus, tier: Int,
                assigneeID: String?, csat: CSAT? = nil, mergedIntoID: String? = nil, createdAt: Millis, deleted: Bool = false,
                snoozedUntil: Millis? = nil, teamID: String? = nil) {
        self.id = id; self.key = key; self.subject = subject; self.body = body
        self.requesterCreatorID = requesterCreatorID; self.requesterNetworkID = requesterNetworkID
        self.channel = channel; self.category = category; self.priority = priority; self.status = status
        self.tier = tier; self.assigneeID = assigneeID; self.csat = csat; self.mergedIntoID = mergedIntoID
        self.createdAt = createdAt; self.deleted = deleted; self.snoozedUntil = snoozedUntil; self.teamID = teamID
    }
}

/// A ticket's tag; its id is derived like a creator tag's.
public struct TicketTag: Hashable, Codable, Sendable {
    public static func id(ticket: String, tag: String) -> String {
        UUIDv7.derived(from: "tag/" + ticket + "/" + tag, millis: UUIDv7.millis(of: ticket) ?? 0)
    }

    public var id: String
    public var ticketID: String
    public var tag: String
    public var deleted: Bool

    public init(id: String, ticketID: String, tag: String, deleted: Bool = false) {
        self.id = id; self.ticketID = ticketID; self.tag = tag; self.deleted = deleted
    }
}

/// One entry of a ticket's append-only timeline.
public struct TicketEvent: Hashable, Codable, Sendable {
    public var id: String
    public var ticketID: String
    public var kind: TicketEventKind
    public var at: Millis
    public var actor: TicketActor
    public var authorID: String?
    /// Public replies are visible to the requester; notes and system events are not.
    public var isPublic: Bool
    public var body: String?
    public var fromValue: String?
    public var toValue: String?
    public var reason: String?
    /// Withdrawn by an undo (a tombstone that syncs); never counted by SLA clocks or reports.
    public var deleted: Bool

    public init(id: String, ticketID: String, kind: TicketEventKind, at: Millis, actor: TicketActor, authorID: String?,
                isPublic: Bool, body: String? = nil, fromValue: String? = nil, toValue: String? = nil, reason: String? = nil,
                deleted: Bool = false) {
        self.id = id; self.ticketID = ticketID; self.kind = kind; self.at = at; self.actor = actor
        self.authorID = authorID; self.isPublic = isPublic; self.body = body; self.fromValue = fromValue
        self.toValue = toValue; self.reason = reason; self.deleted = deleted
    }
}

/// Per-priority SLA targets, in minutes.
public struct SLAPolicy: Hashable, Codable, Sendable {
    public var id: String
    public var priority: TicketPriority
    public var firstReplyMinutes: Int
    public var nextReplyMinutes: Int
    public var resolutionMinutes: Int
    /// Count business minutes from the team calendar rather than calendar minutes.
    public var businessHours: Bool
    /// The team whose tickets it times (issue 24); nil: the team-wide policy for its priority,
    /// which every ticket without a policy of its own team's follows.
    public var teamID: String?

    public init(id: String, priority: TicketPriority, firstReplyMinutes: Int, nextReplyMinutes: Int, resolutionMinutes: Int, businessHours: Bool,
                teamID: String? = nil) {
        self.id = id; self.priority = priority; self.firstReplyMinutes = firstReplyMinutes
        self.nextReplyMinutes = nextReplyMinutes; self.resolutionMinutes = resolutionMinutes; self.businessHours = businessHours
        self.teamID = teamID
    }

    /// A team's policy for a priority has an id derived from both, so two laptops that give a
    /// team its own policy offline make one row when they sync.
    public static func id(team: String, priority: TicketPriority) -> String {
        UUIDv7.derived(from: "sla/" + team + "/" + priority.rawValue, millis: UUIDv7.millis(of: team) ?? 0)
    }

    /// Sensible defaults on calendar time: urgent answers within the hour.
    public static func defaults(makeID: () -> String) -> [SLAPolicy] {
        [
            SLAPolicy(id: makeID(), priority: .urgent, firstReplyMinutes: 60, nextReplyMinutes: 120, resolutionMinutes: 8 * 60, businessHours: false),
            SLAPolicy(id: makeID(), priority: .high, firstReplyMinutes: 4 * 60, nextReplyMinutes: 8 * 60, resolutionMinutes: 24 * 60, businessHours: false),
            SLAPolicy(id: makeID(), priority: .normal, firstReplyMinutes: 8 * 60, nextReplyMinutes: 24 * 60, resolutionMinutes: 72 * 60, businessHours: false),
            SLAPolicy(id: makeID(), priority: .low, firstReplyMinutes: 24 * 60, nextReplyMinutes: 48 * 60, resolutionMinutes: 7 * 24 * 60, businessHours: false),
        ]
    }
}

/// A knowledge-base article; a macro can also set status, priority and tags. Its kind says
/// whether it is an agent's reply or a creator-facing resource (a guide, a toolkit, a link with
/// its URL) that can be sent to creators and communities.
public struct Article: Hashable, Codable, Sendable {
    public var id: String
    public var title: String
    public var body: String
    public var isMacro: Bool
    public var macroStatus: TicketStatus?
    public var macroPriority: TicketPriority?
    public var macroTags: [String]
    public var updatedAt: Millis
    public var deleted: Bool
    /// `reply` unless it is a creator-facing resource (issue 26).
    public var kind: ArticleKind
    /// Where the resource lives (`ResourceURL`): required for a `link`, optional otherwise.
    public var url: String?

    public init(id: String, title: String, body: String, isMacro: Bool, macroStatus: TicketStatus? = nil,
                macroPriority: TicketPriority? = nil, macroTags: [String] = [], updatedAt: Millis, deleted: Bool = false,
                kind: ArticleKind = .reply, url: String? = nil) {
        self.id = id; self.title = title; self.body = body; self.isMacro = isMacro; self.macroStatus = macroStatus
        self.macroPriority = macroPriority; self.macroTags = macroTags; self.updatedAt = updatedAt; self.deleted = deleted
        self.kind = kind; self.url = url
    }

    /// "macro", "reply", "guide", "toolkit" or "link": what the lists call it.
    public var kindLabel: String { isMacro ? "macro" : kind.rawValue }
}

/// A resolved sync conflict (issue 19). Append-only and synced, so a conflict resolved on
/// one laptop closes on every laptop: `lostHLC` names the losing write it settles.
public struct ConflictDecision: Hashable, Codable, Sendable {
    public enum Kept: String, CaseIterable, Codable, Sendable {
        /// The value the data held was kept.
        case current
        /// The losing value was brought back.
        case lost
    }

    public var id: String
    /// The conflict's row: its entity (raw name), id and field.
    public var targetEntity: String
    public var rowID: String
    public var field: String
    public var lostHLC: String
    public var kept: Kept
    public var at: Millis
    public var byMemberID: String?

    public init(id: String, targetEntity: String, rowID: String, field: String, lostHLC: String, kept: Kept, at: Millis, byMemberID: String?) {
        self.id = id; self.targetEntity = targetEntity; self.rowID = rowID; self.field = field; self.lostHLC = lostHLC
        self.kept = kept; self.at = at; self.byMemberID = byMemberID
    }
}
