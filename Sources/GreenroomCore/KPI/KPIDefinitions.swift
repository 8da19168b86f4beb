import Foundation

/// Every KPI of DESIGN.md §3. Week-N retention is two cases, `week1Retention` and
/// `week4Retention` (N is `retentionWeeks`): a period's cohort is the creators whose first move
/// into `activated` falls in it, and they are retained when they have a live session in the
/// ISO week N weeks after the week of their activation (for a week period W: week W+N).
public enum KPIID: String, CaseIterable, Sendable, Codable {
    case activeCreators = "active_creators"
    case activityRate = "activity_rate"
    case liveHours = "live_hours"
    case liveHoursPerActiveCreator = "live_hours_per_active_creator"
    case contentConsumption = "content_consumption"
    case newActivations = "new_activations"
    case pipelineConversion = "pipeline_conversion"
    case medianTimeInStage = "median_time_in_stage"
    case week1Retention = "week1_retention"
    case week4Retention = "week4_retention"
    case ticketsCreated = "tickets_created"
    case ticketsSolved = "tickets_solved"
    case backlog
    case firstReplyTime = "first_reply_time"
    case resolutionTime = "resolution_time"
    case slaAttainment = "sla_attainment"
    case csat
    case reopenRate = "reopen_rate"

    public var title: String {
        switch self {
        case .activeCreators: return "Active creators"
        case .activityRate: return "Activity rate"
        case .liveHours: return "Live hours"
        case .liveHoursPerActiveCreator: return "Live hours per active creator"
        case .contentConsumption: return "Content consumption"
        case .newActivations: return "New activations"
        case .pipelineConversion: return "Pipeline conversion"
        case .medianTimeInStage: return "Median time in stage"
        case .week1Retention: return "Week-1 retention"
        case .week4Retention: return "Week-4 retention"
        case .ticketsCreated: return "Tickets created"
        case .ticketsSolved: return "Tickets solved"
        case .backlog: return "Backlog"
        case .firstReplyTime: return "First reply time"
        case .resolutionTime: return "Resolution time"
        case .slaAttainment: return "SLA attainment"
        case .csat: return "CSAT"
        case .reopenRate: return "Reopen rate"
        }
    }

    /// The unit of `KPIValue.value` (ratios are fractions 0…1 shown as "%").
    public var unit: String {
        switch self {
        case .activeCreators, .newActivations: return "creators"
        case .liveHours, .liveHoursPerActiveCreator, .resolutionTime: return "h"
        case .contentConsumption: return "viewer-min"
        case .activityRate, .pipelineConversion, .week1Retention, .week4Retention, .slaAttainment, .csat, .reopenRate: return "%"
        case .medianTimeInStage: return "d"
        case .ticketsCreated, .ticketsSolved, .backlog: return "tickets"
        case .firstReplyTime: return "min"
        }
    }

    public var defaultDirection: KPIDirection {
        switch self {
        case .backlog, .firstReplyTime, .resolutionTime, .reopenRate, .medianTimeInStage, .ticketsCreated: return .lowerIsBetter
        default: return .higherIsBetter
        }
    }

    /// Whether the KPI counts creators (drill-down lists creators) or tickets.
    public var isTicketKPI: Bool {
        switch self {
        case .ticketsCreated, .ticketsSolved, .backlog, .firstReplyTime, .resolutionTime, .slaAttainment, .csat, .reopenRate: return true
        default: return false
        }
    }

    /// N for the retention KPIs, nil otherwise.
    /// The four KPIs read from one pass over the live sessions of a period.
    public var isSessionKPI: Bool {
        switch self {
        case .activeCreators, .liveHours, .liveHoursPerActiveCreator, .contentConsumption: return true
        default: return false
        }
    }

    public var retentionWeeks: Int? {
        switch self {
        case .week1Retention: return 1
        case .week4Retention: return 4
        default: return nil
        }
    }
}

/// A half-open period [start, end) in UTC millis.
public struct KPIPeriod: Hashable, Sendable, Codable {
    public var start: Millis
    public var end: Millis

    public init(start: Millis, end: Millis) { self.start = start; self.end = end }

    public func contains(_ t: Millis) -> Bool { t >= start && t < end }
}

/// Whose numbers: everyone; creators in a market; a manager's creators (owner) and the tickets
/// their creators raised (requester owned by them); an agent's assigned tickets. Creator KPIs
/// under `.agent` count the creators that member owns, as for `.manager`.
public enum KPIScope: Hashable, Sendable {
    case all
    case market(String)
    case manager(String)
    case agent(String)
}

/// One KPI for one period. `value` is what the screen shows (for median KPIs, the median).
public struct KPIValue: Hashable, Sendable {
    public var value: Double?
    public var median: Double?
    public var p90: Double?
    public var numerator: Int?
    public var denominator: Int?
    /// CSAT only: rated ÷ solved.
    public var responseRate: Double?
    /// Per-step / per-stage details (pipeline conversion steps, time in stage per stage).
    public var breakdown: [KPIBreakdown]

    public init(value: Double? = nil, median: Double? = nil, p90: Double? = nil, numerator: Int? = nil, denominator: Int? = nil,
                responseRate: Double? = nil, breakdown: [KPIBreakdown] = []) {
        self.value = value; self.median = median; self.p90 = p90; self.numerator = numerator; self.denominator = denominator
        self.responseRate = responseRate; self.breakdown = breakdown
    }

    /// n ÷ d as a fraction, nil when d is 0.
    public static func ratio(_ n: Int, _ d: Int) -> KPIValue {
        KPIValue(value: d > 0 ? Double(n) / Double(d) : nil, numerator: n, denominator: d)
    }

    /// Median (the value) and p90 of unsorted samples; the denominator is the sample count.
    public static func distribution(_ samples: [Double]) -> KPIValue {
        let sorted = samples.sorted()
        let median = Percentile.of(sorted, 0.5)
        return KPIValue(value: median, median: median, p90: Percentile.of(sorted, 0.9), denominator: sorted.count)
    }
}

public struct KPIBreakdown: Hashable, Sendable, Codable {
    public var label: String
    public var value: Double?
    public var median: Double?
    public var p90: Double?
    public var numerator: Int?
    public var denominator: Int?

    public init(label: String, value: Double?, median: Double? = nil, p90: Double? = nil, numerator: Int? = nil, denominator: Int? = nil) {
        self.label = label; self.value = value; self.median = median; self.p90 = p90; self.numerator = numerator; self.denominator = denominator
    }
}

/// The rows behind a KPI value. `ids` are exactly the rows counted in the value (for a ratio,
/// its numerator); `baseIDs` the denominator's rows for ratios (empty otherwise). Sorted, and
/// without duplicates.
public struct KPIDrill: Hashable, Sendable {
    public enum Subject: String, Sendable { case creators, tickets }
    public var subject: Subject
    public var ids: [String]
    public var baseIDs: [String]
    /// Every row with what it contributes (`KPIID.drillColumns`): counted rows first, then
    /// base-only rows, then rows in neither (CSAT's unrated tickets); each group by id.
    public var rows: [KPIDrillRow]
    /// The value the rows were read with (the same snapshot).
    public var value: KPIValue

    public init(subject: Subject, ids: [String], baseIDs: [String] = [], rows: [KPIDrillRow] = [], value: KPIValue = KPIValue()) {
        self.subject = subject; self.ids = ids; self.baseIDs = baseIDs; self.rows = rows; self.value = value
    }

    public var creatorIDs: [String] { subject == .creators ? ids : [] }
    public var ticketIDs: [String] { subject == .tickets ? ids : [] }
}

public enum KPIPeriodUnit: String, Sendable, CaseIterable {
    case day, week, month

    /// How many periods the KPI pane's sparkline shows: 14 days, 12 weeks or 12 months.
    public var sparklineLength: Int { self == .day ? 14 : 12 }

    public var next: KPIPeriodUnit { self == .day ? .week : self == .week ? .month : .day }
    public var previous: KPIPeriodUnit { self == .day ? .month : self == .week ? .day : .week }
}

/// One KPI over the KPI pane's periods (complete periods, oldest first), with the team's
/// target and direction.
public struct KPIPanelSeries: Hashable, Sendable {
    public var id: KPIID
    public var periods: [KPIPeriod]
    public var values: [KPIValue]
    public var target: Double?
    public var direction: KPIDirection
    /// The pane's "to date" view: the current period so far (`span.counted`) and the same
    /// days of the period before (`span.previous`); the sparkline stays on complete periods.
    public var span: KPIPeriodSpan?
    public var partial: KPIValue?
    public var comparison: KPIValue?

    public init(id: KPIID, periods: [KPIPeriod], values: [KPIValue], target: Double?, direction: KPIDirection,
                span: KPIPeriodSpan? = nil, partial: KPIValue? = nil, comparison: KPIValue? = nil) {
        self.id = id; self.periods = periods; self.values = values; self.target = target; self.direction = direction
        self.span = span; self.partial = partial; self.comparison = comparison
    }

    /// The value shown (the last complete period's, or the current period's so far) and the
    /// one it is compared with (the period before, or the same days of it).
    public var current: Double? { span != nil ? partial?.value : values.last?.value }
    public var previous: Double? {
        if span != nil { return comparison?.value }
        return values.count >= 2 ? values[values.count - 2].value : nil
    }
    /// The value shown, whole, and the period it is for.
    public var currentValue: KPIValue? { span != nil ? partial : values.last }
    public var currentPeriod: KPIPeriod? { span?.counted ?? periods.last }

    /// Ratios change in points (0.94 → 0.95 is +0.01); other KPIs relatively (+4% = 0.04).
    public var change: Double? {
        guard let c = current, let p = previous else { return nil }
        if id.unit == "%" { return c - p }
        return p == 0 ? nil : (c - p) / p
    }

    /// Whether the change is an improvement (nil when flat or unknown).
    public var changeIsGood: Bool? {
        guard let change, change != 0 else { return nil }
        return (change > 0) == (direction == .higherIsBetter)
    }

    /// Whether the current value meets the target (nil without a target or value).
    public var meetsTarget: Bool? {
        guard let target, let c = current else { return nil }
        return direction == .higherIsBetter ? c >= target : c <= target
    }
}

extension TeamSettings {
    /// A KPI's target and direction (the KPI's default direction unless the team overrides it).
    public func kpiTarget(_ id: KPIID) -> (target: Double?, direction: KPIDirection) {
        let t = kpiTargets[id.rawValue]
        return (t?.target, t?.direction ?? id.defaultDirection)
    }
}

// MARK: - Calendar arithmetic

extension TeamCalendar {
    private var isoCalendar: Calendar {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = zone
        c.firstWeekday = 2
        c.minimumDaysInFirstWeek = 4
        return c
    }

    /// Start of the ISO week (Monday 00:00 local) containing `millis`.
    public func startOfISOWeek(_ millis: Millis) -> Millis {
        let day = startOfDay(millis)
        let weekday = hourAndWeekday(day).weekday // 1 = Monday
        return addDays(-(weekday - 1), to: day)
    }

    /// Start of the local month containing `millis`.
    public func startOfMonth(_ millis: Millis) -> Millis {
        let c = isoCalendar
        let comps = c.dateComponents([.year, .month], from: Time.date(millis))
        return Time.millis(c.date(from: comps)!)
    }

    /// Start of the local month `months` months after the one starting at `monthStart`.
    public func addMonths(_ months: Int, to monthStart: Millis) -> Millis {
        Time.millis(isoCalendar.date(byAdding: .month, value: months, to: Time.date(monthStart))!)
    }

    public func dayPeriod(containing t: Millis) -> KPIPeriod {
        let s = startOfDay(t)
        return KPIPeriod(start: s, end: addDays(1, to: s))
    }

    public func weekPeriod(containing t: Millis) -> KPIPeriod {
        let s = startOfISOWeek(t)
        return KPIPeriod(start: s, end: addDays(7, to: s))
    }

    public func monthPeriod(containing t: Millis) -> KPIPeriod {
        let s = startOfMonth(t)
        return KPIPeriod(start: s, end: addMonths(1, to: s))
    }

    public func period(_ unit: KPIPeriodUnit, containing t: Millis) -> KPIPeriod {
        switch unit {
        case .day: return dayPeriod(containing: t)
        case .week: return weekPeriod(containing: t)
        case .month: return monthPeriod(containing: t)
        }
    }

    /// The last `count` periods of a unit, oldest first, the last one containing `t`.
    public func lastN(_ count: Int, _ unit: KPIPeriodUnit, endingAt t: Millis) -> [KPIPeriod] {
        guard count > 0 else { return [] }
        let current = period(unit, containing: t)
        return (0..<count).map { i in
            let back = -(count - 1 - i)
            switch unit {
            case .day: let s = addDays(back, to: current.start); return KPIPeriod(start: s, end: addDays(1, to: s))
            case .week: let s = addDays(7 * back, to: current.start); return KPIPeriod(start: s, end: addDays(7, to: s))
            case .month: let s = addMonths(back, to: current.start); return KPIPeriod(start: s, end: addMonths(1, to: s))
            }
        }
    }

    /// "2026-W47" for the ISO week containing `t`.
    public func isoWeekString(_ t: Millis) -> String {
        let comps = isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Time.date(t))
        let week = comps.weekOfYear ?? 1
        return "\(comps.yearForWeekOfYear ?? 0)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// The ISO week named "YYYY-Www" (week 1…53 that exists in that year), else nil.
    public func isoWeek(_ text: String) -> KPIPeriod? {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].hasPrefix("W"), parts[1].count == 3,
              let week = Int(parts[1].dropFirst()), (1...53).contains(week) else { return nil }
        var comps = DateComponents()
        comps.yearForWeekOfYear = year
        comps.weekOfYear = week
        comps.weekday = 2 // Monday
        comps.hour = 12
        let c = isoCalendar
        guard let date = c.date(from: comps) else { return nil }
        let p = weekPeriod(containing: Time.millis(date))
        guard isoWeekString(p.start) == "\(year)-W\(week < 10 ? "0" : "")\(week)" else { return nil }
        return p
    }
}
