import Foundation

/// Team-wide settings. Each top-level key is one row of the `setting` table holding JSON, so
/// two laptops editing different settings never overwrite each other when they sync.
public struct TeamSettings: Hashable, Codable, Sendable {
    public struct Team: Hashable, Codable, Sendable {
        /// Shown in the header, e.g. "US LIVE".
        public var name: String
        /// IANA time zone that days and ISO weeks follow.
        public var timeZone: String

        public init(name: String, timeZone: String) {
            self.name = name; self.timeZone = timeZone
        }
    }

    public struct PipelineStage: Hashable, Codable, Sendable {
        public var name: String
        /// Cards older than this in the stage are "rotting" (Pipedrive-style). nil: never.
        public var rotDays: Int?

        public init(name: String, rotDays: Int?) {
            self.name = name; self.rotDays = rotDays
        }
    }

    /// A named filter (and sort) for the roster, picked with `v`.
    public struct SavedView: Hashable, Codable, Sendable {
        public var name: String
        public var filter: String
        public var sort: RosterSort?

        public init(name: String, filter: String, sort: RosterSort? = nil) {
            self.name = name; self.filter = filter; self.sort = sort
        }
    }

    public var team: Team
    /// The main line of the pipeline, in order.
    public var stages: [PipelineStage]
    /// Side exits, folded to the right of the board.
    public var sideStages: [PipelineStage]
    /// The SLA countdown turns to its warning colour below this many minutes.
    public var slaWarningMinutes: Int
    /// Saved roster views; they travel with sync like every team setting.
    public var views: [SavedView]
    /// The team calendar for SLA targets counted in business hours.
    public var businessHours: BusinessHours
    /// KPI targets and directions, by KPI id (`KPIID` raw value); a KPI not listed has no
    /// target and its default direction.
    public var kpiTargets: [String: KPITarget] = [:]
    /// A campaign's creator is at risk when behind their straight-line pace by more than
    /// this many percent of their target.
    public var campaignRiskMargin: Int = 10
    /// The sync's delete fail-safe (issue 19).
    public var deleteGuard: DeleteGuard = .standard
    /// The QA rubric (issue 25): criteria with weights and the pass mark.
    public var qaRubric: QARubric = .standard

    /// A sync that would delete, from one device, more of one kind of record than this holds
    /// those deletes until someone accepts them (Joplin's fail-safe): more than `rows` rows,
    /// or more than `percent`% of the live rows — but never fewer than `minimum` rows, so a
    /// small team deleting a few records is not stopped.
    public struct DeleteGuard: Hashable, Codable, Sendable {
        public var percent: Int
        public var rows: Int
        public var minimum: Int

        public init(percent: Int, rows: Int, minimum: Int) {
            self.percent = percent; self.rows = rows; self.minimum = minimum
        }

        public static let standard = DeleteGuard(percent: 10, rows: 500, minimum: 10)

        /// Whether deleting `count` of `live` rows trips the guard.
        public func trips(deleting count: Int, of live: Int) -> Bool {
            guard count >= minimum else { return false }
            return count > rows || count * 100 > live * percent
        }

        public var validationError: String? {
            guard (1...100).contains(percent) else { return "percent must be from 1 to 100" }
            guard rows >= 1 else { return "rows must be 1 or more" }
            guard minimum >= 1 && minimum <= rows else { return "minimum must be from 1 to rows" }
            return nil
        }
    }

    /// A KPI's target (in the KPI's own unit; ratios as fractions, 0.95 = 95%) and, when the
    /// team overrides it, which way is better.
    public struct KPITarget: Hashable, Codable, Sendable {
        public var target: Double?
        public var direction: KPIDirection?

        public init(target: Double?, direction: KPIDirection?) {
            self.target = target; self.direction = direction
        }
    }

    public init(team: Team, stages: [PipelineStage], sideStages: [PipelineStage], slaWarningMinutes: Int,
                views: [SavedView] = TeamSettings.defaultViews, businessHours: BusinessHours = .standard) {
        self.team = team; self.stages = stages; self.sideStages = sideStages; self.slaWarningMinutes = slaWarningMinutes
        self.views = views; self.businessHours = businessHours
    }

    public static let defaultViews = [
        SavedView(name: "My creators", filter: "owner:me"),
        SavedView(name: "Idle 7d+", filter: "health:idle", sort: RosterSort(.lastLive, descending: false)),
        SavedView(name: "Slipping", filter: "health:slipping", sort: RosterSort(.live7d, descending: false)),
        SavedView(name: "New this week", filter: "created:<7d"),
        SavedView(name: "No owner", filter: "owner:none"),
    ]

    public static let defaults = TeamSettings(
        team: Team(name: "Creator Ops", timeZone: "UTC"),
        stages: [
            PipelineStage(name: Stage.lead, rotDays: 14),
            PipelineStage(name: Stage.contacted, rotDays: 10),
            PipelineStage(name: Stage.onboarding, rotDays: 21),
            PipelineStage(name: Stage.activated, rotDays: nil),
            PipelineStage(name: Stage.established, rotDays: nil),
        ],
        sideStages: [
            PipelineStage(name: Stage.paused, rotDays: nil),
            PipelineStage(name: Stage.lost, rotDays: nil),
        ],
        slaWarningMinutes: 15
    )

    public var allStageNames: [String] { (stages + sideStages).map(\.name) }

    public func rotDays(for stage: String) -> Int? {
        (stages + sideStages).first { $0.name == stage }?.rotDays
    }

    /// The time zone, falling back to UTC if the identifier is unknown to this system.
    public var zone: TimeZone { TimeZone(identifier: team.timeZone) ?? TimeZone(identifier: "UTC")! }

    /// Setting keys, one row each.
    public enum Key: String, CaseIterable, Sendable {
        case team
        case stages = "pipeline.stages"
        case sideStages = "pipeline.side_stages"
        case slaWarningMinutes = "sla.warning_minutes"
        case views = "roster.views"
        case businessHours = "sla.business_hours"
        case kpiTargets = "kpi.targets"
        case campaignRiskMargin = "campaign.risk_margin"
        case deleteGuard = "sync.delete_guard"
        case qaRubric = "qa.rubric"
    }
}
