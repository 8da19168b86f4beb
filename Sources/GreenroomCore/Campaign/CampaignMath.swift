import Foundation

/// The arithmetic of campaigns, pure so it can be checked against hand-computed fixtures.
///
/// - A campaign's window is its first day's start to the end of its last day, in the team's
///   time zone (`Campaign.window`). An event counts when its time (a session's start, a stage
///   event's or activity's time) is inside it.
/// - A creator who joined after the window started counts from `joined_at`: their window is
///   `[max(start, joined_at), end)`, and their straight-line pace runs over that shorter window
///   (their individual target is what they are asked to do from the day they joined).
/// - Pace for "now" is the target times the share of the window that has passed (0 before,
///   the whole target after). A creator is at risk while their window is running and they
///   are behind their pace by more than `margin` percent of their target.
/// - A tier is reached when progress ≥ its threshold; the highest such tier counts.
public enum CampaignMath {
    /// The share of `window` (from `from`, if later) that has passed at `now`, 0…1.
    public static func elapsed(_ window: Range<Millis>, from: Millis? = nil, now: Millis) -> Double {
        let start = max(window.lowerBound, from ?? window.lowerBound)
        guard window.upperBound > start else { return 1 }
        return min(1, max(0, Double(now - start) / Double(window.upperBound - start)))
    }

    /// The straight-line pace: where `target` says progress should be at `now`.
    public static func pace(target: Int, window: Range<Millis>, from: Millis? = nil, now: Millis) -> Double {
        Double(target) * elapsed(window, from: from, now: now)
    }

    /// Behind pace by more than `margin` percent of the target, while the window runs.
    public static func isAtRisk(progress: Double, target: Int, window: Range<Millis>, from: Millis?, now: Millis, margin: Int) -> Bool {
        guard target > 0, now >= max(window.lowerBound, from ?? window.lowerBound), now < window.upperBound else { return false }
        let behind = pace(target: target, window: window, from: from, now: now) - progress
        return behind > Double(target) * Double(margin) / 100
    }

    /// The highest tier whose threshold `progress` reaches, and the next one up.
    public static func tiers(for progress: Double, _ tiers: [CampaignTier]) -> (reached: CampaignTier?, next: CampaignTier?) {
        let sorted = tiers.filter { !$0.deleted }.sorted { ($0.threshold, $0.id) < ($1.threshold, $1.id) }
        let reached = sorted.last { Double($0.threshold) <= progress }
        let next = sorted.first { Double($0.threshold) > progress }
        return (reached, next)
    }

    /// Splits `goal` into whole numbers in proportion to `weights` by the largest-remainder
    /// method: the parts add up to the goal exactly; leftover units go to the largest
    /// fractional parts, ties to the earlier entry. All-zero (or no) weights split evenly.
    public static func split(_ goal: Int, weights: [Double]) -> [Int] {
        guard !weights.isEmpty, goal > 0 else { return weights.map { _ in 0 } }
        let total = weights.reduce(0) { $0 + max(0, $1) }
        let shares = total > 0 ? weights.map { max(0, $0) / total } : weights.map { _ in 1 / Double(weights.count) }
        let quotas = shares.map { $0 * Double(goal) }
        var parts = quotas.map { Int($0.rounded(.down)) }
        let left = goal - parts.reduce(0, +)
        let order = quotas.indices.sorted { a, b in
            let fa = quotas[a] - Double(parts[a]), fb = quotas[b] - Double(parts[b])
            return fa != fb ? fa > fb : a < b
        }
        for i in order.prefix(left) { parts[i] += 1 }
        return parts
    }

    /// Calendar days left in the window counted from today's start (today included); 0 once
    /// it has ended.
    public static func daysLeft(_ window: Range<Millis>, now: Millis, zone: TimeZone) -> Int {
        let calendar = TeamCalendar(zone: zone)
        var day = calendar.startOfDay(max(now, window.lowerBound))
        var n = 0
        while day < window.upperBound && n <= 3660 {
            n += 1
            day = calendar.addDays(1, to: day)
        }
        return n
    }
}

/// How `greenroom campaign plan` splits a goal over the enrolled creators.
public enum CampaignSplit: String, CaseIterable, Sendable {
    /// The same target for everyone (remainders to the first creators by handle).
    case even
    /// In proportion to each creator's value of the goal metric over the 30 days before the
    /// campaign starts (or before today, for a campaign that has not started).
    case baseline
}

/// A proposed breakdown of a campaign's goal.
public struct CampaignPlan: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var creatorID: String
        public var handle: String
        /// The last-30-day value of the metric, in units (baseline split only; 0 otherwise).
        public var baseline: Double
        public var current: Int
        public var proposed: Int

        public init(creatorID: String, handle: String, baseline: Double, current: Int, proposed: Int) {
            self.creatorID = creatorID; self.handle = handle; self.baseline = baseline; self.current = current; self.proposed = proposed
        }
    }

    public var goal: Int
    public var split: CampaignSplit
    public var rows: [Row]
    /// The baseline window, [start, end).
    public var baselineWindow: Range<Millis>?

    public init(goal: Int, split: CampaignSplit, rows: [Row], baselineWindow: Range<Millis>?) {
        self.goal = goal; self.split = split; self.rows = rows; self.baselineWindow = baselineWindow
    }

    public var currentSum: Int { rows.reduce(0) { $0 + $1.current } }
    public var proposedSum: Int { rows.reduce(0) { $0 + $1.proposed } }
    /// Σ individual targets − goal: negative when the targets fall short of the goal.
    public var currentGap: Int { currentSum - goal }
    public var proposedGap: Int { proposedSum - goal }

    /// Builds the plan for creators sorted by handle, with their baselines (units).
    public static func make(goal: Int, split: CampaignSplit, creators: [(id: String, handle: String, current: Int, baseline: Double)],
                            baselineWindow: Range<Millis>?) -> CampaignPlan {
        let sorted = creators.sorted { $0.handle < $1.handle }
        let weights = sorted.map { split == .even ? 1 : $0.baseline }
        let parts = CampaignMath.split(goal, weights: weights)
        let rows = zip(sorted, parts).map { c, p in
            Row(creatorID: c.id, handle: c.handle, baseline: split == .baseline ? c.baseline : 0, current: c.current, proposed: p)
        }
        return CampaignPlan(goal: goal, split: split, rows: rows, baselineWindow: split == .baseline ? baselineWindow : nil)
    }
}
