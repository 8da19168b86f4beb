import Foundation

/// What an incentive task counts, from live sessions started inside its window.
public enum TaskMetric: String, CaseIterable, Codable, Sendable {
    /// Distinct team-time-zone days with a session ("go LIVE on 5 days this week").
    case liveDays = "live_days"
    /// Σ session minutes ÷ 60 ("3 h of LIVE in the payday week"); the goal is whole hours.
    case liveHours = "live_hours"
    /// Sessions started.
    case sessions

    public var unit: String {
        switch self {
        case .liveDays: return "days"
        case .liveHours: return "h"
        case .sessions: return "sessions"
        }
    }

    /// Raw units per goal unit (minutes per hour).
    public var scale: Int { self == .liveHours ? 60 : 1 }
}

/// A task for one creator: a goal over a window (days, inclusive, team time zone) and the
/// reward for reaching it; optionally part of a campaign. Progress is never stored
/// (`TaskProgress`); paying the reward is recorded (`paidAt`).
public struct IncentiveTask: Hashable, Codable, Sendable {
    public var id: String
    public var creatorID: String
    public var title: String
    public var metric: TaskMetric
    /// In the metric's units (whole hours for live hours).
    public var goal: Int
    public var startDate: String
    public var endDate: String
    public var reward: String
    /// The payout, whole currency units.
    public var amount: Int
    public var campaignID: String?
    public var paidAt: Millis?
    public var deleted: Bool

    public init(id: String, creatorID: String, title: String, metric: TaskMetric, goal: Int, startDate: String, endDate: String,
                reward: String, amount: Int = 0, campaignID: String? = nil, paidAt: Millis? = nil, deleted: Bool = false) {
        self.id = id; self.creatorID = creatorID; self.title = title; self.metric = metric; self.goal = goal
        self.startDate = startDate; self.endDate = endDate; self.reward = reward; self.amount = amount
        self.campaignID = campaignID; self.paidAt = paidAt; self.deleted = deleted
    }

    /// [first day's start, the day after the last day's start) in the zone; nil for bad dates.
    public func window(zone: TimeZone) -> Range<Millis>? {
        guard let start = Campaign.day(startDate, zone: zone), let last = Campaign.day(endDate, zone: zone) else { return nil }
        let end = TeamCalendar(zone: zone).addDays(1, to: last)
        return end > start ? start..<end : nil
    }
}

/// Where a task stands.
public enum TaskState: String, CaseIterable, Codable, Sendable {
    /// The window is open (or not started) and the goal not reached.
    case open
    /// The goal was reached inside the window.
    case completed
    /// The window ended without reaching the goal.
    case missed
}

/// A task's progress, computed from the creator's live sessions.
///
/// Rules: a session counts when it **starts** inside the window (as every KPI counts a
/// session in the period containing its start). The task completes at the start of the
/// session that takes the count to the goal: for live hours when the running sum of minutes
/// reaches `goal × 60`, for days when the goal-th distinct local day appears, for sessions at
/// the goal-th session. A goal of 0 is complete at the window's start.
public struct TaskProgress: Hashable, Sendable {
    /// Raw progress: minutes, days or sessions.
    public var raw: Int
    /// The goal in raw units.
    public var goalRaw: Int
    public var completedAt: Millis?
    public var state: TaskState

    public init(raw: Int, goalRaw: Int, completedAt: Millis?, state: TaskState) {
        self.raw = raw; self.goalRaw = goalRaw; self.completedAt = completedAt; self.state = state
    }

    /// Progress in the metric's units (hours from minutes).
    public func value(_ metric: TaskMetric) -> Double { Double(raw) / Double(metric.scale) }

    /// Progress toward the goal, 0…1 (1 when complete).
    public var share: Double { goalRaw == 0 ? 1 : min(1, Double(raw) / Double(goalRaw)) }

    /// One session as the computation needs it.
    public struct Session: Hashable, Sendable {
        public var startedAt: Millis
        public var minutes: Int
        public init(startedAt: Millis, minutes: Int) { self.startedAt = startedAt; self.minutes = minutes }
    }

    /// The progress of `task` at `now`, from the creator's sessions (any order; those outside
    /// the window are ignored). Nil when the task's dates do not make a window.
    public static func of(_ task: IncentiveTask, sessions: [Session], now: Millis, zone: TimeZone) -> TaskProgress? {
        guard let window = task.window(zone: zone) else { return nil }
        let calendar = TeamCalendar(zone: zone)
        let goalRaw = max(0, task.goal) * task.metric.scale
        let inside = sessions.filter { window.contains($0.startedAt) && $0.startedAt <= now }
            .sorted { $0.startedAt != $1.startedAt ? $0.startedAt < $1.startedAt : $0.minutes > $1.minutes }
        var raw = 0
        var completedAt: Millis? = goalRaw == 0 ? window.lowerBound : nil
        var days = Set<Millis>()
        for s in inside {
            switch task.metric {
            case .liveHours: raw += max(0, s.minutes)
            case .sessions: raw += 1
            case .liveDays:
                days.insert(calendar.startOfDay(s.startedAt))
                raw = days.count
            }
            if completedAt == nil && raw >= goalRaw { completedAt = s.startedAt }
        }
        let state: TaskState = completedAt != nil ? .completed : now >= window.upperBound ? .missed : .open
        return TaskProgress(raw: raw, goalRaw: goalRaw, completedAt: completedAt, state: state)
    }
}
