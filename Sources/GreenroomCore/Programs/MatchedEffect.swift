import Foundation

/// The measured effect of a program or workshop: how participants' LIVE changed against a
/// matched group of creators who did not take part.
///
/// Method (what the screen and `greenroom program effect` state in one line):
/// 1. **Anchor.** One instant splits before from after: for a program, the median enrolment
///    time of its participants; for a workshop, its start.
/// 2. **Windows.** `before` is the `days` days up to the anchor, `after` the `days` days from
///    it (cut at now; `before` is then cut to the same length so the two compare).
/// 3. **Outcomes** per creator and window: live hours, active days (distinct days with a
///    session), and retention (active at all in the window). The change is after − before;
///    for retention, "retained" is active in the after window among those active before, and
///    the comparison is of that share.
/// 4. **Matching.** Each creator falls in a stratum: market, pipeline stage at the anchor,
///    and prior-activity band (live hours in the before window: none, under 2 h, 2–10 h,
///    10 h or more). Participants are compared only with non-participants of their own
///    stratum (coarsened exact matching); a participant whose stratum has no non-participant
///    is left out and counted as unmatched.
/// 5. **Estimate.** Per stratum, the participants' mean change minus the comparison group's
///    mean change (a difference in differences); strata are weighted by their participant
///    count. The sample sizes are the matched participants and the comparison creators in
///    their strata.
///
/// It is an observational comparison, not an experiment: matching removes differences in
/// market, stage and prior activity, not in motivation.
public enum MatchedEffect {
    /// One creator's facts for the comparison.
    public struct Subject: Hashable, Sendable {
        public var creatorID: String
        public var market: String
        /// Stage at the anchor.
        public var stage: String
        public var beforeMinutes: Int
        public var afterMinutes: Int
        public var beforeDays: Int
        public var afterDays: Int

        public init(creatorID: String, market: String, stage: String, beforeMinutes: Int, afterMinutes: Int, beforeDays: Int, afterDays: Int) {
            self.creatorID = creatorID; self.market = market; self.stage = stage
            self.beforeMinutes = beforeMinutes; self.afterMinutes = afterMinutes; self.beforeDays = beforeDays; self.afterDays = afterDays
        }

        /// The prior-activity band (live hours before): 0 none, 1 under 2 h, 2 for 2–10 h, 3 for 10 h or more.
        public var band: Int {
            beforeMinutes <= 0 ? 0 : beforeMinutes < 120 ? 1 : beforeMinutes < 600 ? 2 : 3
        }

        public static let bandLabels = ["none", "<2h", "2-10h", ">=10h"]

        var stratum: String { market + "\u{1F}" + stage + "\u{1F}" + String(band) }
    }

    /// One outcome's estimate.
    public struct Outcome: Hashable, Sendable {
        /// Participants' mean change (after − before), weighted over matched strata.
        public var participants: Double
        /// The matched comparison group's mean change.
        public var comparison: Double
        /// participants − comparison.
        public var effect: Double { participants - comparison }

        public init(participants: Double, comparison: Double) { self.participants = participants; self.comparison = comparison }
    }

    public struct Result: Hashable, Sendable {
        /// Live hours per creator over the window.
        public var liveHours: Outcome
        /// Active days per creator over the window.
        public var activeDays: Outcome
        /// Retention: share of those active before still active after (participants vs
        /// comparison); nil when no matched stratum has anyone active before.
        public var retention: Outcome?
        /// Participants compared, and those left out (no comparison creator in their stratum).
        public var matched: Int
        public var unmatched: Int
        /// Comparison creators in the matched strata.
        public var comparisonSize: Int
        public var strata: Int
        public var days: Int

        public init(liveHours: Outcome, activeDays: Outcome, retention: Outcome?, matched: Int, unmatched: Int, comparisonSize: Int, strata: Int, days: Int) {
            self.liveHours = liveHours; self.activeDays = activeDays; self.retention = retention
            self.matched = matched; self.unmatched = unmatched; self.comparisonSize = comparisonSize; self.strata = strata; self.days = days
        }
    }

    /// The method, as the screen states it.
    public static func methodLine(days: Int) -> String {
        "\(days)d before vs after; each participant against non-participants of the same market, stage and prior-activity band (none, <2h, 2-10h, >=10h live in the \(days)d before); difference in differences weighted by participants"
    }

    /// The method in one short line, for the screen.
    public static let shortMethodLine = "matched by market, stage, prior LIVE (0, <2h, 2-10h, 10h+); difference in differences"

    /// The comparison; nil when no participant has a match.
    public static func estimate(participants: [Subject], others: [Subject], days: Int) -> Result? {
        let taking = Set(participants.map(\.creatorID))
        var pool: [String: [Subject]] = [:]
        for s in others where !taking.contains(s.creatorID) { pool[s.stratum, default: []].append(s) }
        var groups: [String: [Subject]] = [:]
        for p in participants { groups[p.stratum, default: []].append(p) }
        var matched = 0, unmatched = 0, comparisonSize = 0, strata = 0
        var hoursP = 0.0, hoursC = 0.0, daysP = 0.0, daysC = 0.0
        var retP = 0.0, retC = 0.0, retWeight = 0.0
        for key in groups.keys.sorted() {
            let ps = groups[key] ?? []
            guard let cs = pool[key], !cs.isEmpty else { unmatched += ps.count; continue }
            strata += 1
            matched += ps.count
            comparisonSize += cs.count
            let w = Double(ps.count)
            hoursP += w * mean(ps) { Double($0.afterMinutes - $0.beforeMinutes) / 60 }
            hoursC += w * mean(cs) { Double($0.afterMinutes - $0.beforeMinutes) / 60 }
            daysP += w * mean(ps) { Double($0.afterDays - $0.beforeDays) }
            daysC += w * mean(cs) { Double($0.afterDays - $0.beforeDays) }
            let pa = ps.filter { $0.beforeDays > 0 }, ca = cs.filter { $0.beforeDays > 0 }
            if !pa.isEmpty && !ca.isEmpty {
                let rw = Double(pa.count)
                retP += rw * mean(pa) { $0.afterDays > 0 ? 1 : 0 }
                retC += rw * mean(ca) { $0.afterDays > 0 ? 1 : 0 }
                retWeight += rw
            }
        }
        guard matched > 0 else { return nil }
        let n = Double(matched)
        return Result(liveHours: Outcome(participants: hoursP / n, comparison: hoursC / n),
                      activeDays: Outcome(participants: daysP / n, comparison: daysC / n),
                      retention: retWeight > 0 ? Outcome(participants: retP / retWeight, comparison: retC / retWeight) : nil,
                      matched: matched, unmatched: unmatched, comparisonSize: comparisonSize, strata: strata, days: days)
    }

    static func mean(_ xs: [Subject], _ f: (Subject) -> Double) -> Double {
        xs.isEmpty ? 0 : xs.reduce(0) { $0 + f($1) } / Double(xs.count)
    }

    /// The before and after windows around `anchor`, `days` long each, the after window cut at
    /// `now` and the before window cut to the same length. Nil when the anchor is in the future.
    public static func windows(anchor: Millis, now: Millis, days: Int) -> (before: Range<Millis>, after: Range<Millis>)? {
        let length = min(Millis(days) * Time.day, now - anchor)
        guard length > 0 else { return nil }
        return (anchor - length..<anchor, anchor..<anchor + length)
    }

    /// The median of enrolment times (the lower middle for an even count).
    public static func anchor(_ times: [Millis]) -> Millis? {
        guard !times.isEmpty else { return nil }
        let sorted = times.sorted()
        return sorted[(sorted.count - 1) / 2]
    }
}
