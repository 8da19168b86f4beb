import Foundation

/// Which SLA policy and clock time a ticket (issue 24): its team's own policy for its
/// priority, else the team-wide one; its team's own business hours, else the team-wide hours.
/// Built once per read or batch and looked up per ticket in O(1), so re-deriving a million
/// tickets asks the database for policies once, not once per ticket.
public struct SLAPolicyBook: Sendable {
    public typealias Entry = (policy: SLAPolicy, clock: SLAClock)

    private let global: [TicketPriority: Entry]
    private let teams: [String: [TicketPriority: Entry]]

    /// - policies: team-wide ones (`teamID == nil`, one per priority; a missing priority takes
    ///   `fallback`'s) and teams' own ones.
    /// - hours: the team-wide business hours; teamHours: teams' own calendars.
    public init(policies: [SLAPolicy], fallback: [SLAPolicy], hours: BusinessHours, teamHours: [String: BusinessHours] = [:]) {
        var base: [TicketPriority: SLAPolicy] = [:]
        for p in fallback where p.teamID == nil { base[p.priority] = p }
        var own: [String: [TicketPriority: SLAPolicy]] = [:]
        for p in policies {
            if let team = p.teamID { own[team, default: [:]][p.priority] = p } else { base[p.priority] = p }
        }
        func entry(_ policy: SLAPolicy, _ hours: BusinessHours) -> Entry {
            (policy, SLAClock(hours: policy.businessHours ? hours : nil))
        }
        var global: [TicketPriority: Entry] = [:]
        for (priority, policy) in base { global[priority] = entry(policy, hours) }
        var teams: [String: [TicketPriority: Entry]] = [:]
        for team in Set(own.keys).union(teamHours.keys) {
            let calendar = teamHours[team] ?? hours
            var entries: [TicketPriority: Entry] = [:]
            for priority in TicketPriority.allCases {
                guard let policy = own[team]?[priority] ?? base[priority] else { continue }
                entries[priority] = entry(policy, calendar)
            }
            teams[team] = entries
        }
        self.global = global
        self.teams = teams
    }

    /// The policy and clock for a ticket of `team` (nil: no team) at `priority`.
    public func entry(team: String?, priority: TicketPriority) -> Entry? {
        if let team, let entry = teams[team]?[priority] { return entry }
        return global[priority]
    }

    /// Teams with a policy or a calendar of their own (the others follow the team-wide ones).
    public var teamsWithOwnRules: Set<String> { Set(teams.keys) }
}

extension BusinessHours {
    /// The JSON a setting or a team's calendar holds (snake_case keys, sorted).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads the JSON `json` writes; throws a one-line reason when it is not valid hours.
    public init(json text: String) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let hours: BusinessHours
        do { hours = try decoder.decode(BusinessHours.self, from: Data(text.utf8)) } catch {
            throw GreenroomError.invalidInput("not business hours (a JSON object with time_zone, weekdays, start_minute, end_minute, holidays)")
        }
        if let reason = hours.validationError() { throw GreenroomError.invalidInput(reason) }
        self = hours
    }
}
