import Foundation

/// What a drill-down lists: the creators or tickets behind one number on screen.
public enum DrillRequest: Hashable, Sendable {
    /// The rows a KPI value counted (for a ratio: its base, each marked whether it is in the
    /// numerator).
    case kpi(KPIID, KPIPeriod, KPIScope)
    /// Creators activated in the ISO week starting at `week`, marked whether they were live in
    /// week `n` after it (a cohort table cell).
    case cohort(week: Millis, n: Int)
    /// Tickets of a category created in the period.
    case category(TicketCategory, KPIPeriod, KPIScope)
    /// Tickets with an SLA target breached whose due fell in the period.
    case breached(KPIPeriod, KPIScope)
    /// Tickets of an agent (handle) first solved in the period that have a QA review.
    case qaReviews(agent: String, KPIPeriod)
}

/// One row of a drill-down. `counted` is false for rows that are only in a ratio's base
/// (and `inBase` false for rows in neither, such as CSAT's unrated tickets); `figures` are
/// what the row contributes to the number (`KPIID.drillColumns`).
public struct DrillRow: Hashable, Sendable {
    public enum Target: Hashable, Sendable { case creator(String), ticket(String) }
    public var target: Target
    public var cells: [String]
    public var counted: Bool
    public var inBase: Bool
    public var figures: [KPIDrillCell]

    public init(target: Target, cells: [String], counted: Bool, inBase: Bool? = nil, figures: [KPIDrillCell] = []) {
        self.target = target; self.cells = cells; self.counted = counted; self.inBase = inBase ?? counted; self.figures = figures
    }

    /// The row's creator or ticket id.
    public var id: String {
        switch target { case .creator(let id), .ticket(let id): return id }
    }

    /// Whether its identifying cells (handle, name… or key, subject…) are loaded: a large
    /// drill-down loads them a window at a time (`Store.drillDown`).
    public var identified: Bool { !cells.isEmpty }

    /// The cells of a row whose id names nothing any more.
    public static let gone = ["(gone)", "", "", "", ""]
}

public struct DrillResult: Hashable, Sendable {
    public var subject: KPIDrill.Subject
    public var columns: [String]
    /// Counted rows first, then base-only rows, then rows in neither.
    public var rows: [DrillRow]
    public var counted: Int
    /// Rows in the base (ratios); equals `counted` otherwise.
    public var base: Int
    /// A KPI's drill-down: the KPI, the titles of the rows' figures, the value the rows were
    /// read with, and what the rows add up to (which equals it).
    public var kpi: KPIID?
    public var figureColumns: [String]
    public var value: KPIValue?
    public var summary: KPIDrillSummary?

    public init(subject: KPIDrill.Subject, columns: [String], rows: [DrillRow], counted: Int, base: Int,
                kpi: KPIID? = nil, figureColumns: [String] = [], value: KPIValue? = nil, summary: KPIDrillSummary? = nil) {
        self.subject = subject; self.columns = columns; self.rows = rows; self.counted = counted; self.base = base
        self.kpi = kpi; self.figureColumns = figureColumns; self.value = value; self.summary = summary
    }
}

/// Week-N retention by activation week: rows are cohorts (oldest first), cells the share of the
/// cohort live in week N (nil when week N has not ended yet).
public struct CohortTable: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var week: KPIPeriod
        public var label: String
        public var size: Int
        public var retained: [Int?]

        public init(week: KPIPeriod, label: String, size: Int, retained: [Int?]) {
            self.week = week; self.label = label; self.size = size; self.retained = retained
        }

        public func share(_ n: Int) -> Double? {
            guard retained.indices.contains(n), let r = retained[n], size > 0 else { return nil }
            return Double(r) / Double(size)
        }
    }

    public var weeks: Int
    public var rows: [Row]

    public init(weeks: Int, rows: [Row]) { self.weeks = weeks; self.rows = rows }
}

/// The weekly review of a team lead (`R`, `greenroom report weekly`): one ISO week against
/// the one before.
public struct WeeklyReview: Hashable, Sendable {
    public struct KPIRow: Hashable, Sendable {
        public var id: KPIID
        public var value: KPIValue
        public var previous: KPIValue
        /// The last 12 weeks ending with this one (sparkline).
        public var trend: [Double?]
        public var target: Double?
        public var direction: KPIDirection

        public init(id: KPIID, value: KPIValue, previous: KPIValue, trend: [Double?], target: Double?, direction: KPIDirection) {
            self.id = id; self.value = value; self.previous = previous; self.trend = trend; self.target = target; self.direction = direction
        }

        public var series: KPIPanelSeries {
            KPIPanelSeries(id: id, periods: [], values: [previous, value], target: target, direction: direction)
        }
    }

    public struct AgentRow: Hashable, Sendable {
        public var handle: String
        public var solved: Int
        public var medianFirstReplyMinutes: Double?
        public var slaAttainment: Double?
        public var csat: Double?
        public var reopenRate: Double?
        /// QA (issue 25): the mean weighted score (0–100) of the reviews of the agent's tickets
        /// first solved in the week, how many, and how many passed.
        public var qa: QAScoreSummary

        public init(handle: String, solved: Int, medianFirstReplyMinutes: Double?, slaAttainment: Double?, csat: Double?, reopenRate: Double?,
                    qa: QAScoreSummary = .none) {
            self.handle = handle; self.solved = solved; self.medianFirstReplyMinutes = medianFirstReplyMinutes
            self.slaAttainment = slaAttainment; self.csat = csat; self.reopenRate = reopenRate; self.qa = qa
        }
    }

    public struct ManagerRow: Hashable, Sendable {
        public var handle: String
        public var creators: Int
        public var activityRate: Double?
        public var liveHours: Double
        public var newActivations: Int
        public var conversion: Double?

        public init(handle: String, creators: Int, activityRate: Double?, liveHours: Double, newActivations: Int, conversion: Double?) {
            self.handle = handle; self.creators = creators; self.activityRate = activityRate; self.liveHours = liveHours
            self.newActivations = newActivations; self.conversion = conversion
        }
    }

    public struct BreachedTicket: Hashable, Sendable {
        public var id: String
        public var key: String
        public var subject: String
        public var targets: [SLATarget]
        public var due: Millis
        public var assignee: String?
        public var status: TicketStatus

        public init(id: String, key: String, subject: String, targets: [SLATarget], due: Millis, assignee: String?, status: TicketStatus) {
            self.id = id; self.key = key; self.subject = subject; self.targets = targets; self.due = due; self.assignee = assignee; self.status = status
        }
    }

    public struct CategoryRow: Hashable, Sendable {
        public var category: TicketCategory
        public var count: Int
        public var previous: Int

        public init(category: TicketCategory, count: Int, previous: Int) {
            self.category = category; self.count = count; self.previous = previous
        }

        public var change: Double? { previous == 0 ? nil : Double(count - previous) / Double(previous) }
    }

    /// Today's counts for whoever the report was made for (see `TodayReport`).
    public struct TodayCounts: Hashable, Sendable {
        public var me: String?
        public var followUps: Int
        public var breachingTickets: Int
        public var idleCreators: Int
        public var rottingCards: Int

        public init(me: String?, followUps: Int, breachingTickets: Int, idleCreators: Int, rottingCards: Int) {
            self.me = me; self.followUps = followUps; self.breachingTickets = breachingTickets
            self.idleCreators = idleCreators; self.rottingCards = rottingCards
        }
    }

    public var week: String
    /// What the numbers cover: the week, or its complete days while it has not ended.
    public var period: KPIPeriod
    /// What they are compared with: the week before, or the same days of it.
    public var previousPeriod: KPIPeriod
    /// The whole week and how much of it is counted (nil: the complete `period`).
    public var span: KPIPeriodSpan?
    public var scope: KPIScope
    public var generatedAt: Millis
    public var kpis: [KPIRow]
    public var agents: [AgentRow]
    public var managers: [ManagerRow]
    /// Breached tickets of the week, most recent due first: every one, or the latest when the
    /// review was asked for fewer (`breachedCount` is always the whole number).
    public var breached: [BreachedTicket]
    public var breachedCount: Int
    /// Ticket categories by tickets created this week, most first.
    public var categories: [CategoryRow]
    /// Today's counts, for the report document; nil when not asked for (the Review screen
    /// does not show them, and they cost a third of its opening time at 100k creators).
    public var today: TodayCounts?

    public init(week: String, period: KPIPeriod, previousPeriod: KPIPeriod, span: KPIPeriodSpan? = nil, scope: KPIScope, generatedAt: Millis,
                kpis: [KPIRow], agents: [AgentRow], managers: [ManagerRow], breached: [BreachedTicket], breachedCount: Int? = nil,
                categories: [CategoryRow], today: TodayCounts?) {
        self.week = week; self.period = period; self.previousPeriod = previousPeriod; self.span = span; self.scope = scope; self.generatedAt = generatedAt
        self.kpis = kpis; self.agents = agents; self.managers = managers; self.breached = breached; self.breachedCount = breachedCount ?? breached.count; self.categories = categories
        self.today = today
    }

    /// Whether the week has not ended (its complete days are reviewed).
    public var isPartial: Bool { span?.isPartial ?? false }

    /// The whole week (for moving to the week before or after).
    public var fullWeek: KPIPeriod { span?.full ?? period }
}

extension KPIScope {
    /// "all", "market:US", "manager:@ana", "agent:@tuan" (the `--scope` syntax).
    public var label: String {
        switch self {
        case .all: return "all"
        case .market(let m): return "market:\(m)"
        case .manager(let h): return "manager:\(h)"
        case .agent(let h): return "agent:\(h)"
        }
    }

    /// Parses the `--scope` syntax; throws a one-line reason when malformed.
    public static func parse(_ text: String) throws(GreenroomError) -> KPIScope {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t.lowercased() == "all" { return .all }
        let parts = t.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
            throw GreenroomError.invalidInput("scope \"\(text)\" is not one of all, market:CODE, manager:@handle, agent:@handle")
        }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        let handle = value.hasPrefix("@") ? value : "@" + value
        switch parts[0].lowercased() {
        case "market": return .market(value.uppercased())
        case "manager": return .manager(handle)
        case "agent": return .agent(handle)
        default: throw GreenroomError.invalidInput("scope \"\(text)\" is not one of all, market:CODE, manager:@handle, agent:@handle")
        }
    }
}
