import Foundation

/// A second, deliberately plain reading of Greenroom's KPIs (DESIGN.md §3 and the choices
/// written down in `KPIID.definition`), for tests only. It reads the JSON snapshot that
/// `greenroom export --format json` writes — never the database — with Foundation alone:
/// no SQL, no GreenroomCore, none of the engine's code. Loops over arrays, written from the
/// definitions; slow on purpose where slow is simpler.
public struct OracleData: Sendable {
    public struct Creator: Sendable { public var id, market: String; public var owner: String?; public var deleted: Bool }
    public struct StageEvent: Sendable { public var creator, stage: String; public var at: Int64 }
    public struct Session: Sendable { public var creator: String; public var at: Int64; public var minutes, viewerMinutes: Int }
    public struct Ticket: Sendable {
        public var id, status, priority: String
        public var created: Int64
        public var assignee, requester, csat: String?
        /// Its team (issue 24): the team's own policy and calendar time it, where it has them.
        public var team: String? = nil
    }
    public struct Event: Sendable {
        public var kind, actor: String
        public var at: Int64
        public var isPublic: Bool
        public var to: String?
    }
    public struct Policy: Sendable { public var firstReply, nextReply, resolution: Int; public var businessHours: Bool }
    public struct Hours: Sendable {
        public var zone: String
        public var weekdays: [Int]
        public var startMinute, endMinute: Int
        public var holidays: [String]
    }

    public var creators: [String: Creator] = [:]
    /// Live (not withdrawn) stage events.
    public var stageEvents: [StageEvent] = []
    public var sessions: [Session] = []
    /// Live tickets.
    public var tickets: [Ticket] = []
    /// Live events by ticket id, in the export's order (by id).
    public var events: [String: [Event]] = [:]
    public var memberHandles: [String: String] = [:]
    public var policies: [String: Policy] = [:]
    /// Teams' own policies by "team id/priority", and teams' own business hours by team id
    /// (removed teams have none).
    public var teamPolicies: [String: Policy] = [:]
    public var teamHours: [String: Hours] = [:]
    public var zone = TimeZone(identifier: "UTC")!
    public var flow: [String] = ["lead", "contacted", "onboarding", "activated", "established"]
    public var hours = Hours(zone: "UTC", weekdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020, holidays: [])

    /// The policy and hours a ticket is timed by: its team's own where it has them.
    public func rules(_ t: Ticket) -> (policy: Policy, hours: Hours)? {
        let team = t.team ?? ""
        guard let policy = teamPolicies[team + "/" + t.priority] ?? policies[t.priority] else { return nil }
        return (policy, teamHours[team] ?? hours)
    }

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// Reads `<entity>.json` files from an export directory.
    public init(directory: String) throws {
        func rows(_ name: String) throws -> [[String: Any]] {
            let path = (directory as NSString).appendingPathComponent("\(name).json")
            guard let data = FileManager.default.contents(atPath: path),
                  let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw Failure(description: "\(path): not a JSON array")
            }
            return array
        }
        func int(_ v: Any?) -> Int64 { (v as? NSNumber)?.int64Value ?? 0 }
        func str(_ v: Any?) -> String? { v as? String }
        func flag(_ v: Any?) -> Bool { int(v) != 0 }
        for r in try rows("member") where !flag(r["deleted"]) {
            memberHandles[str(r["id"]) ?? ""] = str(r["handle"]) ?? ""
        }
        for r in try rows("creator") {
            let id = str(r["id"]) ?? ""
            creators[id] = Creator(id: id, market: str(r["market"]) ?? "", owner: str(r["owner_id"]), deleted: flag(r["deleted"]))
        }
        for r in try rows("stage_event") where !flag(r["deleted"]) {
            stageEvents.append(StageEvent(creator: str(r["creator_id"]) ?? "", stage: str(r["to_stage"]) ?? "", at: int(r["at"])))
        }
        for r in try rows("live_session") {
            sessions.append(Session(creator: str(r["creator_id"]) ?? "", at: int(r["started_at"]), minutes: Int(int(r["minutes"])),
                                    viewerMinutes: Int(int(r["viewer_minutes"]))))
        }
        for r in try rows("ticket") where !flag(r["deleted"]) {
            tickets.append(Ticket(id: str(r["id"]) ?? "", status: str(r["status"]) ?? "", priority: str(r["priority"]) ?? "",
                                  created: int(r["created_at"]), assignee: str(r["assignee_id"]), requester: str(r["requester_creator_id"]),
                                  csat: str(r["csat"]), team: str(r["team_id"])))
        }
        for r in try rows("ticket_event") where !flag(r["deleted"]) {
            events[str(r["ticket_id"]) ?? "", default: []].append(Event(kind: str(r["kind"]) ?? "", actor: str(r["actor"]) ?? "", at: int(r["at"]),
                                                                        isPublic: flag(r["is_public"]), to: str(r["to_value"])))
        }
        func hoursFrom(_ h: [String: Any]) -> Hours {
            Hours(zone: h["time_zone"] as? String ?? "UTC", weekdays: (h["weekdays"] as? [NSNumber])?.map(\.intValue) ?? [],
                  startMinute: (h["start_minute"] as? NSNumber)?.intValue ?? 0, endMinute: (h["end_minute"] as? NSNumber)?.intValue ?? 0,
                  holidays: h["holidays"] as? [String] ?? [])
        }
        var liveTeams = Set<String>()
        let teamFile = (directory as NSString).appendingPathComponent("team.json")
        if FileManager.default.fileExists(atPath: teamFile) {
            for r in try rows("team") where !flag(r["deleted"]) {
                let id = str(r["id"]) ?? ""
                liveTeams.insert(id)
                if let text = str(r["calendar"]), let h = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
                    teamHours[id] = hoursFrom(h)
                }
            }
        }
        for r in try rows("sla_policy") where !flag(r["deleted"]) {
            if let team = str(r["team_id"]) {
                guard liveTeams.contains(team) else { continue }
                teamPolicies[team + "/" + (str(r["priority"]) ?? "")] = Policy(
                    firstReply: Int(int(r["first_reply_minutes"])), nextReply: Int(int(r["next_reply_minutes"])),
                    resolution: Int(int(r["resolution_minutes"])), businessHours: flag(r["business_hours"]))
                continue
            }
            policies[str(r["priority"]) ?? ""] = Policy(firstReply: Int(int(r["first_reply_minutes"])), nextReply: Int(int(r["next_reply_minutes"])),
                                                        resolution: Int(int(r["resolution_minutes"])), businessHours: flag(r["business_hours"]))
        }
        for r in try rows("setting") {
            guard let text = str(r["value"]), let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) else { continue }
            // Settings are stored with snake_case keys.
            switch str(r["key"]) {
            case "team"?:
                if let z = (value as? [String: Any])?["time_zone"] as? String, let tz = TimeZone(identifier: z) { zone = tz }
            case "pipeline.stages"?:
                if let list = value as? [[String: Any]] { flow = list.compactMap { $0["name"] as? String } }
            case "sla.business_hours"?:
                if let h = value as? [String: Any] { hours = hoursFrom(h) }
            default: break
            }
        }
    }
}
