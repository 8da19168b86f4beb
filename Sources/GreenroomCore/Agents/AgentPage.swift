import Foundation

/// One agent's page (issue 25, `Enter` on an agent in the Review, `:agent @h`): their last
/// weeks as sparklines — the KPI engine's ticket KPIs scoped to the agent (`KPIScope.agent`:
/// tickets assigned to them), the same definitions as the Review and `greenroom kpi` — their
/// QA score, their open load now, the SLA targets breached this week, and recent CSAT comments.
///
/// Its weeks follow the team time zone; the agent's own schedule (issue 24: their weekly shifts
/// in their own zone, their teams, whether they are on shift now, time off to come) is shown
/// as it is, read only.
public struct AgentPage: Hashable, Sendable {
    public var handle: String
    public var name: String
    public var role: MemberRole
    public var tier: Int?
    /// The team time zone the weeks follow.
    public var zone: String
    /// ISO weeks, oldest first; the last is the current week (to now).
    public var weeks: [KPIPeriod]
    public var weekLabels: [String]
    /// Per KPI of `AgentPage.kpis`, one value per week.
    public var series: [KPIID: [KPIValue]]
    /// QA score per week (reviews of tickets first solved in the week).
    public var qa: [QAScoreSummary]
    /// Tickets assigned to the agent that are not solved or closed now.
    public var openLoad: Int
    /// Tickets with an SLA target due this week that was breached (or is running past due).
    public var breachedThisWeek: Int
    public var comments: [CSATComment]
    public var generatedAt: Millis
    /// Their shifts, teams and time off (nil: not read).
    public var schedule: AgentSchedule?

    public init(handle: String, name: String, role: MemberRole, tier: Int?, zone: String, weeks: [KPIPeriod], weekLabels: [String],
                series: [KPIID: [KPIValue]], qa: [QAScoreSummary], openLoad: Int, breachedThisWeek: Int, comments: [CSATComment], generatedAt: Millis,
                schedule: AgentSchedule? = nil) {
        self.handle = handle; self.name = name; self.role = role; self.tier = tier; self.zone = zone; self.weeks = weeks; self.weekLabels = weekLabels
        self.series = series; self.qa = qa; self.openLoad = openLoad; self.breachedThisWeek = breachedThisWeek; self.comments = comments
        self.generatedAt = generatedAt; self.schedule = schedule
    }

    /// The ticket KPIs the page shows, in order (the Review's agent columns and resolution time).
    public static let kpis: [KPIID] = [.ticketsSolved, .firstReplyTime, .resolutionTime, .slaAttainment, .csat, .reopenRate]

    /// How many weeks the sparklines cover.
    public static let weekCount = 12

    /// The current week (the last), to now.
    public var thisWeek: KPIPeriod? { weeks.last }

    /// A CSAT rating with a comment, on a ticket assigned to the agent.
    public struct CSATComment: Hashable, Sendable {
        public var ticketID: String
        public var key: String
        public var rating: CSAT
        public var comment: String
        public var at: Millis

        public init(ticketID: String, key: String, rating: CSAT, comment: String, at: Millis) {
            self.ticketID = ticketID; self.key = key; self.rating = rating; self.comment = comment; self.at = at
        }
    }
}

/// A teammate's schedule as the agent page shows it (issue 24's teams and shifts, read only).
public struct AgentSchedule: Hashable, Sendable {
    /// The teams they belong to, by name.
    public var teams: [String]
    /// The zone their shifts are written in (their own, else the team setting's).
    public var zone: String
    /// Their weekly shifts (`WeeklySchedule.canonical`); nil or empty: none (always on).
    public var shifts: String?
    public var onShift: Bool
    /// Why not on shift now ("vacation until …", "off shift").
    public var offReason: String?
    /// Time off not over yet, soonest first.
    public var timeOff: [ShiftException]

    /// `zone` as a time zone (UTC if this system does not know it).
    public var timeZone: TimeZone { TimeZone(identifier: zone) ?? .gmt }

    public init(teams: [String], zone: String, shifts: String?, onShift: Bool, offReason: String?, timeOff: [ShiftException]) {
        self.teams = teams; self.zone = zone; self.shifts = shifts; self.onShift = onShift; self.offReason = offReason; self.timeOff = timeOff
    }
}
