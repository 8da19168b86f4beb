import Foundation

/// A task with its computed progress and the creator's handle (the store reads it; the
/// `:tasks` screen and `greenroom task list` show it).
public struct TaskRow: Hashable, Sendable {
    public var task: IncentiveTask
    public var handle: String
    public var campaignName: String?
    public var progress: TaskProgress

    public init(task: IncentiveTask, handle: String, campaignName: String?, progress: TaskProgress) {
        self.task = task; self.handle = handle; self.campaignName = campaignName; self.progress = progress
    }

    /// Completed and not paid yet: its reward is due.
    public var rewardDue: Bool { progress.state == .completed && task.paidAt == nil }
}

/// One task as it was given — the same title, metric, goal, days, reward and campaign — with
/// every creator who has it (`task add` gives each creator a copy). The `:tasks` list shows
/// one line per group; `Enter` shows its creators.
public struct TaskGroup: Hashable, Sendable {
    public var title: String
    public var metric: TaskMetric
    public var goal: Int
    public var startDate: String
    public var endDate: String
    public var reward: String
    public var amount: Int
    public var campaignName: String?
    /// Its creators: rewards due first, then open ones furthest along, then paid, then missed
    /// (each by handle).
    public var rows: [TaskRow]

    public init(title: String, metric: TaskMetric, goal: Int, startDate: String, endDate: String, reward: String, amount: Int,
                campaignName: String?, rows: [TaskRow]) {
        self.title = title; self.metric = metric; self.goal = goal; self.startDate = startDate; self.endDate = endDate
        self.reward = reward; self.amount = amount; self.campaignName = campaignName; self.rows = rows
    }

    public func count(_ state: TaskState) -> Int { rows.filter { $0.progress.state == state }.count }
    /// Completed and unpaid, and what they add up to.
    public var due: Int { rows.filter(\.rewardDue).count }
    public var dueAmount: Int { due * amount }
    public var paid: Int { rows.filter { $0.task.paidAt != nil }.count }

    /// Groups rows by how the task was given; the latest window first (then title).
    public static func group(_ rows: [TaskRow]) -> [TaskGroup] {
        struct Key: Hashable { var title: String, metric: TaskMetric, goal: Int, start: String, end: String, reward: String, amount: Int, campaign: String? }
        var groups: [Key: [TaskRow]] = [:]
        for r in rows {
            let t = r.task
            groups[Key(title: t.title, metric: t.metric, goal: t.goal, start: t.startDate, end: t.endDate, reward: t.reward, amount: t.amount,
                       campaign: r.campaignName), default: []].append(r)
        }
        return groups.map { key, rows in
            TaskGroup(title: key.title, metric: key.metric, goal: key.goal, startDate: key.start, endDate: key.end, reward: key.reward,
                      amount: key.amount, campaignName: key.campaign, rows: rows.sorted(by: detailOrder))
        }.sorted {
            ($0.endDate, $0.startDate) != ($1.endDate, $1.startDate) ? ($0.endDate, $0.startDate) > ($1.endDate, $1.startDate)
                : $0.title != $1.title ? $0.title.lowercased() < $1.title.lowercased() : $0.metric.rawValue < $1.metric.rawValue
        }
    }

    /// Due first, then open (furthest along first), then paid, then missed; by handle.
    static func detailOrder(_ a: TaskRow, _ b: TaskRow) -> Bool {
        func rank(_ r: TaskRow) -> Int {
            if r.rewardDue { return 0 }
            switch r.progress.state {
            case .open: return 1
            case .completed: return 2
            case .missed: return 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb }
        if ra == 1 && a.progress.share != b.progress.share { return a.progress.share > b.progress.share }
        return a.handle != b.handle ? a.handle < b.handle : a.task.id < b.task.id
    }
}
