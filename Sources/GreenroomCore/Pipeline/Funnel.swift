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
        var extras: [String] = []
        for e in events where !flow.contains(e.toStage) && !extras.contains(e.toStage) { extras.append(e.toStage) }
        var acc = FunnelAccumulator(flow: flow, extraStages: extras, windowStart: windowStart, windowEnd: windowEnd)
        var byCreator: [String: [Event]] = [:]
        for e in events { byCreator[e.creatorID, default: []].append(e) }
        var reasons: [String?] = []
        for (_, list) in byCreator {
            acc.beginCreator()
            for e in list.sorted(by: { ($0.at, $0.toStage) < ($1.at, $1.toStage) }) {
                acc.event(stage: acc.index(of: e.toStage), at: e.at)
                if e.toStage == lost && e.at >= windowStart && e.at < windowEnd { reasons.append(e.reason) }
            }
        }
        for reason in reasons { acc.lost(reason: reason) }
        return acc.report(overallStage: overallStage)
    }
}

/// The funnel's arithmetic, fed one creator at a time with that creator's events in time
/// order. `FunnelReport.compute` feeds it from an array; the store streams 300k events from
/// a covering index into it without building them as values.
public struct FunnelAccumulator: Sendable {
    public let stages: [String]
    public let flowCount: Int
    @usableFromInline let windowStart: Millis
    @usableFromInline let windowEnd: Millis
    @usableFromInline var indexByName: [String: Int]
    @usableFromInline var cohort = 0
    @usableFromInline var entered: [Int]
    @usableFromInline var reached: [Int]
    /// Stays that ended in the window, in milliseconds, per stage.
    @usableFromInline var durations: [[Millis]]
    @usableFromInline var reasons: [String: Int] = [:]
    // The creator being fed.
    @usableFromInline var previous: (stage: Int, at: Millis)?
    @usableFromInline var cohortStart: Millis?
    @usableFromInline var seenFirst = false
    /// Bit i: entered flow step i (the main line has at most 64 stages; more are ignored).
    @usableFromInline var enteredHere: UInt64 = 0
    @usableFromInline var furthest = 0

    public init(flow: [String], extraStages: [String], windowStart: Millis, windowEnd: Millis) {
        stages = flow + extraStages.filter { !flow.contains($0) }
        flowCount = flow.count
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        indexByName = Dictionary(stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        entered = Array(repeating: 0, count: flow.count)
        reached = Array(repeating: 0, count: flow.count)
        durations = Array(repeating: [], count: stages.count)
    }

    /// The index of a stage name (unknown names share one index past the others).
    public func index(of stage: String) -> Int { indexByName[stage] ?? stages.count }

    @inlinable public mutating func beginCreator() {
        finishCreator()
        previous = nil
        cohortStart = nil
        seenFirst = false
        enteredHere = 0
        furthest = 0
    }

    /// The current creator's next event, in time order.
    @inlinable public mutating func event(stage: Int, at: Millis) {
        let inWindow = at >= windowStart && at < windowEnd
        if let p = previous, inWindow, p.stage < durations.count {
            durations[p.stage].append(at - p.at)
        }
        previous = (stage, at)
        if stage == 0 && !seenFirst && flowCount > 0 {
            seenFirst = true
            if inWindow { cohortStart = at }
        }
        if cohortStart != nil && stage < flowCount {
            if stage < 64 { enteredHere |= 1 << UInt64(stage) }
            furthest = max(furthest, stage)
        }
    }

    /// A move into `lost` in the window, with its reason.
    public mutating func lost(reason: String?, count: Int = 1) {
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        reasons[text.isEmpty ? "(no reason)" : text, default: 0] += count
    }

    @inlinable mutating func finishCreator() {
        guard cohortStart != nil else { return }
        cohort += 1
        for i in 0..<min(flowCount, 64) where enteredHere & (1 << UInt64(i)) != 0 { entered[i] += 1 }
        for i in 0...furthest { reached[i] += 1 }
        cohortStart = nil
    }

    public mutating func report(overallStage: String = Stage.activated) -> FunnelReport {
        finishCreator()
        let flow = Array(stages.prefix(flowCount))
        let steps = flow.indices.map { i in
            FunnelReport.Step(stage: flow[i], entered: entered[i], reached: reached[i],
                              conversion: i == 0 ? (cohort > 0 ? 1 : nil) : (reached[i - 1] > 0 ? Double(reached[i]) / Double(reached[i - 1]) : nil))
        }
        let target = flow.firstIndex(of: overallStage) ?? max(0, flow.count - 1)
        let times = flow.indices.map { i -> FunnelReport.StageTime in
            let sorted = durations[i].sorted().map { Double($0) / Double(Time.day) }
            return FunnelReport.StageTime(stage: flow[i], exits: sorted.count, medianDays: Percentile.of(sorted, 0.5), p90Days: Percentile.of(sorted, 0.9))
        }
        let ranked = reasons.map { FunnelReport.Reason(reason: $0.key, count: $0.value) }.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
        return FunnelReport(windowStart: windowStart, windowEnd: windowEnd, cohort: cohort, steps: steps,
                            overall: cohort > 0 && !flow.isEmpty ? Double(reached[target]) / Double(cohort) : nil,
                            overallStage: flow.isEmpty ? overallStage : flow[target], timeInStage: times, lostReasons: ranked)
    }
}
