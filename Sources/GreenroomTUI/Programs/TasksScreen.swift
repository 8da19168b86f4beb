import GreenroomCore

extension Action.Context {
    public static let tasks = Action.Context("tasks", "Incentive task's creators")
}

extension Action {
    public static let tasks = Action("app.tasks", .global, "Incentive tasks: progress and rewards due (:tasks)", keys: [])
    public static let taskPay = Action("tasks.pay", .tasks, "Record the creator's reward as paid", keys: [.char("p")])
}

/// Opening incentive tasks, and paying a reward from a task's creators.
extension TasksScreen {
    static let contexts: [Action.Context] = [.tasks]
    static let actions: [Action] = [.tasks, .taskPay]
}

/// Incentive tasks (`:tasks`): one line per task as it was given (title, goal, days, reward)
/// with how many creators have it, how many completed, are still open or missed, and the
/// rewards due (completed, not paid) with what they add up to; the latest days first.
/// `Enter` lists the task's creators with their progress from LIVE — rewards due first, then
/// the open ones furthest along — and `p` records the reward of the creator under the cursor
/// as paid (a synced write; only a completed task can be paid). `Enter` there opens the
/// creator. The list is the same as `greenroom task list`, whose `--state due --format csv`
/// exports the rewards due. `d` removes the task under the cursor as it was given (every
/// creator's), or from a task's creators the one creator's (`RecordRemovalKeys`).
public struct TasksScreen: Hashable, Sendable {
    public var groups: [TaskGroup]?
    public var cursor = 0
    /// The task whose creators are shown (its `TaskGroup.key`), and the cursor among them.
    public var open: String?
    public var detailCursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }

    /// The open task's group, as last loaded.
    public var openGroup: TaskGroup? { open.flatMap { key in groups?.first { $0.key == key } } }
}

public enum TasksMsg: Sendable {
    case loaded([TaskGroup])
    /// A reward was recorded as paid (or refused): reload.
    case changed
}

public enum TasksCommand: Hashable, Sendable {
    case load
    case pay(taskID: String)
}

extension Msg {
    public static func tasks(_ msg: TasksMsg) -> Msg { TasksScreen.message(msg) }
}

extension Command {
    public static func tasks(_ command: TasksCommand) -> Command { TasksScreen.command(command) }
}

extension TaskGroup {
    /// What names the group across reloads.
    public var key: String {
        [title, metric.rawValue, "\(goal)", startDate, endDate, reward, "\(amount)", campaignName ?? ""].joined(separator: "\u{1F}")
    }
}

extension TasksScreen: OpenableScreen {
    typealias Effect = TasksCommand

    var screen: Screen { .tasks(self) }
    static func from(_ screen: Screen) -> TasksScreen? {
        if case .tasks(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .tasks }
    static let paletteWords = ["tasks", "task", "incentives", "rewards"]
    static let paletteTitle = "Open incentive tasks"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (TasksScreen, [Command]) {
        (TasksScreen(returnFocus: returnFocus), [.tasks(.load)])
    }

    mutating func update(_ msg: TasksMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let groups):
            self.groups = groups
            cursor = groups.isEmpty ? 0 : min(cursor, groups.count - 1)
            if open != nil {
                // The task may be gone (removed meanwhile): back to the list.
                if let g = openGroup { detailCursor = min(detailCursor, max(0, g.rows.count - 1)) } else { open = nil; detailCursor = 0 }
            }
            return []
        case .changed:
            return [.tasks(.load)]
        }
    }

    var keyContexts: [Action.Context] { open == nil ? [.records] : [.tasks, .records] }
    var mode: String? { " TASKS " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .tasks { return [.tasks(.load)] }
        guard let group = openGroup else {
            if ListCursor.movements.contains(action) {
                cursor = ListCursor.move(cursor, action, total: groups?.count ?? 0, height: env.bodyRows - 3)
                return []
            }
            guard action == .open || action == .removeRecord, let groups, groups.indices.contains(cursor) else {
                return action == .removeRecord ? [] : nil
            }
            if action == .removeRecord { return [.removal(.plan(.tasks(ids: groups[cursor].rows.map(\.task.id))))] }
            open = groups[cursor].key
            detailCursor = 0
            return []
        }
        if ListCursor.movements.contains(action) {
            detailCursor = ListCursor.move(detailCursor, action, total: group.rows.count, height: env.bodyRows - 4)
            return []
        }
        guard group.rows.indices.contains(detailCursor) else { return [.open, .taskPay, .removeRecord].contains(action) ? [] : nil }
        let row = group.rows[detailCursor]
        switch action {
        case .open:
            env.ask(.creator(id: row.task.creatorID))
            return []
        case .removeRecord:
            return [.removal(.plan(.tasks(ids: [row.task.id])))]
        case .taskPay:
            if row.task.paidAt != nil {
                env.ask(.toast("\(row.handle)'s reward was already paid", .info))
                return []
            }
            guard row.progress.state == .completed else {
                env.ask(.toast("\(row.handle)'s task is \(row.progress.state.rawValue), not completed: nothing is due", .error))
                return []
            }
            return [.tasks(.pay(taskID: row.task.id))]
        default:
            return nil
        }
    }

    /// `Esc`: from a task's creators to the list, from the list to the panes.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        guard open != nil else { return .leave }
        open = nil
        return .stay([.tasks(.load)])
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.tasks(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { TasksView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil {
            return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) creators", "\(k(.removeRecord)) remove", "export: greenroom task list --state due --format csv",
                    "Esc back"].joined(separator: ctx.dot)
        }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.taskPay)) paid", "\(k(.open)) creator", "\(k(.removeRecord)) remove creator's task",
                "Esc back"].joined(separator: ctx.dot)
    }
}

/// The task list and one task's creators.
enum TasksView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: TasksScreen, _ rect: Rect) {
        if let group = s.openGroup {
            drawCreators(&canvas, ctx, group, cursor: s.detailCursor, rect)
            return
        }
        let dot = ctx.dot
        var title = "Tasks"
        if let groups = s.groups {
            let due = groups.reduce(0) { $0 + $1.due }, amount = groups.reduce(0) { $0 + $1.dueAmount }
            title += dot + "\(groups.count)" + dot + "\(NumberFormat.grouped(due)) reward\(due == 1 ? "" : "s") due"
            if amount > 0 { title += " (\(NumberFormat.grouped(amount)))" }
        }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let groups = ScreenList.rows(&canvas, ctx, s.groups,
                                           empty: "No tasks yet: greenroom task add --title TITLE --metric live_days --goal 5 --start DATE --end DATE @handle…",
                                           in: inner) else { return }
        let columns = [ColumnSpec("task", min: 12, preferred: 22, priority: 0), ColumnSpec("goal", min: 6, preferred: 10, priority: 0),
                       ColumnSpec("days", min: 11, preferred: 11, priority: 1), ColumnSpec("reward", min: 6, preferred: 14, priority: 3),
                       ColumnSpec("creators", min: 8, preferred: 8, priority: 2, alignRight: true),
                       ColumnSpec("done", min: 4, preferred: 4, priority: 0, alignRight: true),
                       ColumnSpec("open", min: 4, preferred: 4, priority: 1, alignRight: true),
                       ColumnSpec("missed", min: 6, preferred: 6, priority: 2, alignRight: true),
                       ColumnSpec("due", min: 3, preferred: 8, priority: 0, alignRight: true)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, g) in groups.enumerated() {
            let due = g.due == 0 ? "—" : g.amount > 0 ? "\(g.due) · \(NumberFormat.grouped(g.dueAmount))" : "\(g.due)"
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(g.title), .text), ("\(g.goal) \(g.metric.unit)", .text), (days(g.startDate, g.endDate), .textMuted),
                (rewardText(g.reward, g.amount), .textMuted), (NumberFormat.grouped(g.rows.count), .text),
                ("\(g.count(.completed))", g.count(.completed) > 0 ? .kpiGood : .textMuted), ("\(g.count(.open))", .text),
                ("\(g.count(.missed))", g.count(.missed) > 0 ? .kpiBad : .textMuted), (due, g.due > 0 ? .textAccent : .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    static func drawCreators(_ canvas: inout Canvas, _ ctx: ViewContext, _ g: TaskGroup, cursor: Int, _ rect: Rect) {
        let dot = ctx.dot
        var title = TerminalText.sanitize(g.title) + dot + "\(g.goal) \(g.metric.unit)" + dot + days(g.startDate, g.endDate)
        let reward = rewardText(g.reward, g.amount)
        if reward != "—" { title += dot + reward }
        if let campaign = g.campaignName { title += dot + TerminalText.sanitize(campaign) }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        let summary = "\(g.rows.count) creators\(dot)\(g.count(.completed)) completed\(dot)\(g.count(.open)) open\(dot)\(g.count(.missed)) missed\(dot)"
            + "\(g.due) reward\(g.due == 1 ? "" : "s") due\(dot)\(g.paid) paid"
        canvas.put(summary, x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted], maxWidth: inner.width - 2)
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: max(0, inner.height - 1))
        let columns = [ColumnSpec("creator", min: 12, preferred: 22, priority: 0), ColumnSpec("progress", min: 10, preferred: 14, priority: 0, alignRight: true),
                       ColumnSpec("", min: 10, preferred: 10, priority: 2), ColumnSpec("state", min: 9, preferred: 9, priority: 0),
                       ColumnSpec("completed", min: 10, preferred: 16, priority: 1), ColumnSpec("reward", min: 6, preferred: 8, priority: 0)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in g.rows.enumerated() {
            let value = g.metric == .liveHours ? NumberFormat.value(r.progress.value(.liveHours), unit: "") : "\(r.progress.raw)"
            let reward: (String, StyleRole) = r.rewardDue ? ("due", .textAccent) : r.task.paidAt != nil ? ("paid", .kpiGood) : ("—", .textMuted)
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(r.handle), .text), ("\(value) / \(g.goal) \(g.metric.unit)", .text),
                (bar(r.progress.share, unicode: ctx.capabilities.unicode), r.progress.state == .completed ? .kpiGood : .kpiSparkline),
                (r.progress.state.rawValue, r.progress.state == .missed ? .kpiBad : r.progress.state == .completed ? .kpiGood : .text),
                (r.progress.completedAt.map { DateInput.formatMinute($0, zone: ctx.settings.zone) } ?? "—", .textMuted), reward,
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: cursor, in: body)
    }

    /// "11-16…11-22" (the year when the days span two).
    static func days(_ start: String, _ end: String) -> String {
        guard start.count == 10, end.count == 10, start.prefix(4) == end.prefix(4) else { return "\(start)…\(end)" }
        return "\(start.dropFirst(5))…\(end.dropFirst(5))"
    }

    static func rewardText(_ reward: String, _ amount: Int) -> String {
        let r = TerminalText.sanitize(reward)
        switch (r.isEmpty, amount > 0) {
        case (true, false): return "—"
        case (true, true): return NumberFormat.grouped(amount)
        case (false, false): return r
        case (false, true): return "\(r) · \(NumberFormat.grouped(amount))"
        }
    }

    /// A ten-cell progress bar.
    static func bar(_ share: Double, unicode: Bool) -> String {
        let filled = max(0, min(10, Int((share * 10).rounded(.down))))
        return String(repeating: unicode ? "█" : "#", count: filled) + String(repeating: unicode ? "░" : ".", count: 10 - filled)
    }
}
