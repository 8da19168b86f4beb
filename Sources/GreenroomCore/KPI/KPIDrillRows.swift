import Foundation

/// A figure in a drill-down row: what that row contributes to the number drilled into.
public enum KPIDrillCell: Hashable, Sendable, Codable {
    case count(Int)
    case hours(Double)
    case minutes(Double)
    case days(Double)
    case viewerMinutes(Int)
    case instant(Millis)
    case text(String)
    case none

    /// The cell as a number, for sums, means and medians (nil for text, instants, none).
    public var number: Double? {
        switch self {
        case .count(let n), .viewerMinutes(let n): return Double(n)
        case .hours(let v), .minutes(let v), .days(let v): return v
        case .instant, .text, .none: return nil
        }
    }
}

/// How a drill-down's first figure makes up the number: it is the number's sum, mean or
/// median over the rows (only the counted rows for a ratio's numerator), or the rows are
/// simply counted.
public enum KPIDrillTotal: String, Hashable, Sendable {
    /// The number is how many rows are counted (for a ratio: counted ÷ base rows).
    case rows
    /// The number is the sum of the first figure over the rows.
    case sum
    /// The number is the mean of the first figure (the median is shown beside it).
    case mean
    /// The number is the median of the first figure (p90 beside it).
    case median
    /// A ratio of two summed figures: the first over the first plus the second.
    case sumRatio
}

/// One row behind a KPI value (a creator or a ticket; for time in stage, one exit).
public struct KPIDrillRow: Hashable, Sendable {
    public var id: String
    /// In the number (for a ratio: its numerator).
    public var counted: Bool
    /// In a ratio's base; for other KPIs the same as `counted`.
    public var inBase: Bool
    /// What the row contributes, in the order of `KPIID.drillColumns`.
    public var cells: [KPIDrillCell]

    public init(id: String, counted: Bool, inBase: Bool? = nil, cells: [KPIDrillCell]) {
        self.id = id; self.counted = counted; self.inBase = inBase ?? counted; self.cells = cells
    }
}

extension KPIID {
    /// The titles of the figures each drill-down row shows for this KPI, the first being
    /// the one that makes up the number (see `drillTotal`).
    public var drillColumns: [String] {
        switch self {
        case .activeCreators: return ["sessions", "live h"]
        case .activityRate: return ["sessions", "live h"]
        case .liveHours: return ["live h", "sessions"]
        case .liveHoursPerActiveCreator: return ["live h", "sessions"]
        case .contentConsumption: return ["viewer-min", "sessions"]
        case .newActivations: return ["activations", "last"]
        case .pipelineConversion: return ["entered lead", "furthest"]
        case .medianTimeInStage: return ["days", "stage", "exit"]
        case .week1Retention, .week4Retention: return ["sessions wk \(retentionWeeks ?? 1)", "activated"]
        case .ticketsCreated: return ["created"]
        case .ticketsSolved: return ["first solved", "hours"]
        case .backlog: return ["age d", "created"]
        case .firstReplyTime: return ["minutes", "created"]
        case .resolutionTime: return ["hours", "first solved"]
        case .slaAttainment: return ["achieved", "breached", "targets"]
        case .csat: return ["rating", "first solved"]
        case .reopenRate: return ["reopened", "first solved"]
        }
    }

    public var drillTotal: KPIDrillTotal {
        switch self {
        case .liveHours, .contentConsumption, .newActivations: return .sum
        case .liveHoursPerActiveCreator: return .mean
        case .medianTimeInStage, .firstReplyTime, .resolutionTime: return .median
        case .slaAttainment: return .sumRatio
        default: return .rows
        }
    }
}

/// What the rows of a drill-down add up to, computed from the rows themselves, so a test
/// (and a reader) can check them against the number drilled into.
public struct KPIDrillSummary: Hashable, Sendable {
    /// Rows counted (a ratio's numerator) and rows in the base (its denominator).
    public var counted: Int
    public var base: Int
    /// The first figure summed over the counted rows (`sum`, `mean`; `sumRatio`: the base rows).
    public var sum: Double
    /// `sumRatio`: the second figure summed over the base rows.
    public var otherSum: Double
    /// The number the rows make: a count, sum, mean, median or ratio.
    public var value: Double?
    /// Beside a mean, the median; beside a median, the p90.
    public var companion: Double?

    public init(_ id: KPIID, rows: [KPIDrillRow]) {
        // One pass over the rows, adding in row order (the same sums, to the last bit, as
        // filtering then reducing; copying a day's 18,000 rows for each filter was a fifth of
        // a drill-down's first open).
        let bySumRatio = id.drillTotal == .sumRatio
        var counted = 0, base = 0, sum = 0.0, otherSum = 0.0
        var first: [Double] = []
        let wantsFirst = id.drillTotal == .mean || id.drillTotal == .median
        if wantsFirst { first.reserveCapacity(rows.count) }
        var firstCount = 0
        for row in rows {
            if row.counted { counted += 1 }
            if row.inBase {
                base += 1
                if row.cells.count > 1, let n = row.cells[1].number { otherSum += n }
            }
            guard bySumRatio ? row.inBase : row.counted, let n = row.cells.first?.number else { continue }
            sum += n
            firstCount += 1
            if wantsFirst { first.append(n) }
        }
        self.counted = counted
        self.base = base
        self.sum = sum
        self.otherSum = otherSum
        let sorted = wantsFirst ? first.sorted() : []
        switch id.drillTotal {
        case .rows:
            value = id.unit == "%" ? (base > 0 ? Double(counted) / Double(base) : nil) : Double(counted)
        case .sum:
            value = sum
        case .mean:
            value = firstCount == 0 ? nil : sum / Double(firstCount)
            companion = Percentile.of(sorted, 0.5)
        case .median:
            value = Percentile.of(sorted, 0.5)
            companion = Percentile.of(sorted, 0.9)
        case .sumRatio:
            value = sum + otherSum > 0 ? sum / (sum + otherSum) : nil
        }
    }
}
