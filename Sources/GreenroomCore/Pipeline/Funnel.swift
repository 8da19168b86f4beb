import Foundation

/// Percentiles over samples, by linear interpolation between the closest ranks (the same
/// definition as NumPy's default and spreadsheets' PERCENTILE.INC): the median of an even
/// number of samples is the mean of the middle two.
public enum Percentile {
    public static func of(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(0, min(1, p)) * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = min(sorted.count - 1, low + 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}

/// The recruiting funnel (DESIGN.md §3), computed from stage events only.
///
/// The cohort is the creators whose first entry into the first stage (`lead`) falls in the
/// window. A creator *entered* a step when they have a stage event into it after joining the
/// cohort; they *reached* it when they entered it or any later step of the main line (a jump
/// from lead to onboarding reaches contacted too). Step conversion is reached ÷ reached at the
/// step before; overall conversion is reached at `activated` ÷ the cohort. Time in stage is
/// taken over exits in the window: for each stage event followed by another for the same
/// creator whose time falls in the window, the time between them counts for the first one's
/// stage. Lost reasons rank the moves into `lost` in the window.
public struct FunnelReport: Hashable, Sendable, Codable {
    public struct Step: Hashable, Sendable, Codable {
        public var stage: String
        public var entered: Int
        public var reached: Int
        /// reached ÷ reached at the previous step (1 for the first step); nil when that is 0.
        public var conversion: Double?

        public init(stage: String, entered: Int, reached: Int, conversion: Double?) {
            self.stage = stage; self.entered = entered; self.reached = reached; self.conversion = conversion
        }
    }

    public struct StageTime: Hashable, Sendable, Codable {
        public var stage: String
        /// Exits from the stage in the window.
        public var exits: Int
        public var medianDays: Double?
        public var p90Days: Double?

        public init(stage: String, exits: Int, medianDays: Double?, p90Days: Double?) {
            self.stage = stage; self.exits = exits; self.medianDays = medianDays; self.p90Days = p90Days
        }
    }

    public struct Reason: Hashable, Sendable, Codable {
        public var reason: String
        public var count: Int

        public init(reason: String, count: Int) { self.reason = reason; self.count = count }
    }

    public var windowStart: Millis
    public var windowEnd: Millis
    public var cohort: Int
    public var steps: [Step]
    /// Reached `activated` (or the last step if there is none) ÷ cohort.
    public var overall: Double?
    public var overallStage: String
    public var timeInStage: [StageTime]
    public var lostReasons: [Reason]

    public init(windowStart: Millis, windowEnd: Millis, cohort: Int, steps: [Step], overall: Double?, overallStage: String,
                timeInStage: [StageTime], lostReasons: [Reason]) {
        self.windowStart = windowStart; self.windowEnd = windowEnd; self.cohort = cohort; self.steps = steps
        self.overall = overall; self.overallStage = overallStage; self.timeInStage = timeInStage; self.lostReasons = lostReasons
    }

    /// One stage event, as the funnel needs it.
    public struct Event: Hashable, Sendable {
        public var creatorID: String
        public var toStage: String
        public var at: Millis
        public var reason: String?

        public init(creatorID: String, toStage: String, at: Millis, reason: String? = nil) {
            self.creatorID = creatorID; self.toStage = toStage; self.at = at; self.reason = reason
        }
    }

    /// Computes the funnel from stage events. `events` must hold, for every creator it
    /// mentions, all of that creator's events (any order); `flow` is the main line in order.
    public static func compute(events: [Event], flow: [String], lost: String = Stage.lost, overallStage: String = Stage.activated,
                               windowStart: Millis, windowEnd: Millis) -> FunnelReport {
        let inWindow = { (t: Millis) in t >= windowStart && t < windowEnd }
        let index = Dictionary(uniqueKeysWithValues: flow.enumerated().map { ($1, $0) })
        var byCreator: [String: [Event]] = [:]
        for e in events { byCreator[e.creatorID, default: []].append(e) }

        var cohort = 0
        var entered = Array(repeating: 0, count: flow.count)
        var reached = Array(repeating: 0, count: flow.count)
        var durations: [String: [Double]] = [:]
        var reasons: [String: Int] = [:]
        for (_, list) in byCreator {
            let ordered = list.sorted { ($0.at, $0.toStage) < ($1.at, $1.toStage) }
            // Time in stage: exits in the window.
            for (a, b) in zip(ordered, ordered.dropFirst()) where inWindow(b.at) {
                durations[a.toStage, default: []].append(Double(b.at - a.at) / Double(Time.day))
            }
            for e in ordered where e.toStage == lost && inWindow(e.at) {
                let reason = e.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                reasons[reason.isEmpty ? "(no reason)" : reason, default: 0] += 1
            }
            guard let first = flow.first, let start = ordered.first(where: { $0.toStage == first })?.at, inWindow(start) else { continue }
            cohort += 1
            var furthest = 0
            var enteredHere = Set<Int>()
            for e in ordered where e.at >= start {
                guard let i = index[e.toStage] else { continue }
                enteredHere.insert(i)
                furthest = max(furthest, i)
            }
            for i in enteredHere { entered[i] += 1 }
            for i in 0...furthest { reached[i] += 1 }
        }
        let steps = flow.indices.map { i in
            Step(stage: flow[i], entered: entered[i], reached: reached[i],
                 conversion: i == 0 ? (cohort > 0 ? 1 : nil) : (reached[i - 1] > 0 ? Double(reached[i]) / Double(reached[i - 1]) : nil))
        }
        let target = index[overallStage] ?? max(0, flow.count - 1)
        let times = flow.map { stage -> StageTime in
            let sorted = (durations[stage] ?? []).sorted()
            return StageTime(stage: stage, exits: sorted.count, medianDays: Percentile.of(sorted, 0.5), p90Days: Percentile.of(sorted, 0.9))
        }
        let ranked = reasons.map { Reason(reason: $0.key, count: $0.value) }.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
        return FunnelReport(windowStart: windowStart, windowEnd: windowEnd, cohort: cohort, steps: steps,
                            overall: cohort > 0 && !flow.isEmpty ? Double(reached[target]) / Double(cohort) : nil,
                            overallStage: flow.isEmpty ? overallStage : flow[target], timeInStage: times, lostReasons: ranked)
    }
}
