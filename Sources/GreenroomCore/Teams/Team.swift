import Foundation

/// How a team hands out its unassigned tickets (issue 24).
public enum AssignmentMode: String, CaseIterable, Codable, Sendable {
    /// Nobody is picked automatically.
    case off
    /// The member on shift, with room, who was handed a ticket longest ago.
    case roundRobin = "round_robin"
    /// The member on shift, with room, holding the fewest open tickets.
    case leastLoaded = "least_loaded"

    /// As written in an explanation: "round-robin", "least-loaded".
    public var label: String {
        switch self {
        case .off: return "off"
        case .roundRobin: return "round-robin"
        case .leastLoaded: return "least-loaded"
        }
    }

    /// Reads `round-robin`, `round_robin`, `least-loaded`, `least_loaded`, `off`.
    public init?(label: String) {
        self.init(rawValue: label.lowercased().replacingOccurrences(of: "-", with: "_"))
    }
}

/// A support team (issue 24, DESIGN.md §9 "Teams own tickets"): "Tier 1 BPO", "Tier 2
/// payouts", "MX creators". It has members (`TeamMember`), a lead, a time zone for its days,
/// and an assignment rule for its unassigned tickets. Tickets belong to a team
/// (`Ticket.teamID`). A synced record like any other: two laptops editing different fields of
/// one team both keep their edit.
public struct Team: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var leadID: String?
    /// IANA zone the team's days follow (members' shifts are in their own zones).
    public var timeZone: String
    public var assignment: AssignmentMode
    /// Open tickets a member holds before assignment passes them by; a member's own
    /// `TeamMember.capacity` overrides it.
    public var capacity: Int
    public var deleted: Bool
    /// The team's own business hours for business-time SLA targets (`BusinessHours.json`);
    /// nil: the team-wide `sla.business_hours` setting.
    public var calendar: String?

    public init(id: String, name: String, leadID: String? = nil, timeZone: String, assignment: AssignmentMode = .off,
                capacity: Int = Team.defaultCapacity, deleted: Bool = false, calendar: String? = nil) {
        self.id = id; self.name = name; self.leadID = leadID; self.timeZone = timeZone
        self.assignment = assignment; self.capacity = capacity; self.deleted = deleted; self.calendar = calendar
    }

    /// Its own business hours, when it has valid ones (a stored value that does not read as
    /// hours counts as none, never a crash).
    public var businessHours: BusinessHours? { calendar.flatMap { try? BusinessHours(json: $0) } }

    public static let defaultCapacity = 8
    public static let capacityRange = 1...1_000
}

/// A member's place on a team. Its id is derived from team and member, so two laptops adding
/// the same person offline make one row when they sync.
public struct TeamMember: Hashable, Codable, Sendable {
    public var id: String
    public var teamID: String
    public var memberID: String
    /// nil: the team's capacity.
    public var capacity: Int?
    public var deleted: Bool

    public init(id: String, teamID: String, memberID: String, capacity: Int? = nil, deleted: Bool = false) {
        self.id = id; self.teamID = teamID; self.memberID = memberID; self.capacity = capacity; self.deleted = deleted
    }

    public static func id(team: String, member: String) -> String {
        UUIDv7.derived(from: "team/" + team + "/" + member, millis: UUIDv7.millis(of: team) ?? 0)
    }
}

/// Why a member is off shift for a while, whatever their weekly schedule says.
public enum ShiftExceptionKind: String, CaseIterable, Codable, Sendable {
    case leave, sick, training, other
}

/// Time off (or a shift change) for one member: [startsAt, endsAt).
public struct ShiftException: Hashable, Codable, Sendable {
    public var id: String
    public var memberID: String
    public var startsAt: Millis
    public var endsAt: Millis
    public var kind: ShiftExceptionKind
    public var note: String?
    public var deleted: Bool

    public init(id: String, memberID: String, startsAt: Millis, endsAt: Millis, kind: ShiftExceptionKind, note: String? = nil, deleted: Bool = false) {
        self.id = id; self.memberID = memberID; self.startsAt = startsAt; self.endsAt = endsAt
        self.kind = kind; self.note = note; self.deleted = deleted
    }

    public func covers(_ instant: Millis) -> Bool { !deleted && startsAt <= instant && instant < endsAt }
}
