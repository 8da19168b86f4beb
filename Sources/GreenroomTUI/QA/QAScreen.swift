import GreenroomCore

/// The QA sample (`:qa`, issue 25): N solved tickets per agent of a week to review — the same
/// tickets `greenroom qa sample` draws, and every teammate's laptop (`QASampling`). `[`/`]`
/// pick the week, `Enter` opens a ticket (`*` there reviews it), and the list shows each
/// ticket's QA score once reviewed.
public struct QAScreen: Hashable, Sendable {
    /// The week shown (the last complete one when opened).
    public var week: KPIPeriod
    public var rows: [QASampleRow]?
    public var cursor = 0
    public var returnFocus: Pane

    /// Tickets per agent.
    public static let perAgent = 5

    public init(week: KPIPeriod, returnFocus: Pane) { self.week = week; self.returnFocus = returnFocus }
}

/// What happens to the QA sample.
public enum QAMsg: Sendable {
    case loaded(week: KPIPeriod, [QASampleRow])
}

/// What the QA sample asks the runtime for.
public enum QACommand: Hashable, Sendable {
    case load(week: KPIPeriod, perAgent: Int)
}

extension Msg {
    public static func qa(_ msg: QAMsg) -> Msg { QAScreen.message(msg) }
}

extension Command {
    public static func qa(_ command: QACommand) -> Command { QAScreen.command(command) }
}

extension QAScreen: OpenableScreen {
    typealias Effect = QACommand

    var screen: Screen { .qa(self) }
    static func from(_ screen: Screen) -> QAScreen? {
        if case .qa(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .qaSample }
    static let paletteWords = ["qa", "qa sample", "quality"]
    static let paletteTitle = "Open the QA sample (solved tickets per agent to review)"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (QAScreen, [Command]) {
        let calendar = TeamCalendar(zone: env.settings.zone)
        let s = QAScreen(week: calendar.weekPeriod(containing: calendar.startOfISOWeek(env.now) - 1), returnFocus: returnFocus)
        return (s, s.reload(env))
    }

    mutating func update(_ msg: QAMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let week, let rows):
            guard week == self.week else { return [] }
            self.rows = rows
            cursor = min(cursor, max(0, rows.count - 1))
            return []
        }
    }

    var keyContexts: [Action.Context] { [.qa] }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .open {
            guard let rows, rows.indices.contains(cursor) else { return [] }
            env.ask(.ticket(id: rows[cursor].ticketID))
            return []
        }
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: rows?.count ?? 0, height: env.bodyHeight)
            return []
        }
        guard action == .qaWeekBefore || action == .qaWeekAfter else { return nil }
        let calendar = TeamCalendar(zone: env.settings.zone)
        let start = calendar.addDays(action == .qaWeekAfter ? 7 : -7, to: week.start)
        guard start <= env.now else {
            env.ask(.toast("That week has not started yet", .info))
            return []
        }
        week = KPIPeriod(start: start, end: calendar.addDays(7, to: start))
        rows = nil
        cursor = 0
        return reload(env)
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.qa(.load(week: week, perAgent: QAScreen.perAgent))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { QAView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.qaWeekBefore))/\(k(.qaWeekAfter)) week", "\(k(.open)) open (* reviews)", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Action.Context {
    public static let qa = Action.Context("qa", "QA sample")
}

extension Action {
    public static let qaSample = Action("app.qa", .global, "QA sample: solved tickets per agent to review (:qa)", keys: [])
    public static let qaWeekBefore = Action("qa.week_before", .qa, "QA sample of the week before", keys: [.char("["), .char("h"), .left])
    public static let qaWeekAfter = Action("qa.week_after", .qa, "QA sample of the week after", keys: [.char("]"), .char("l"), .right])
}

extension QAScreen {
    static let contexts: [Action.Context] = [.qa]
    static let actions: [Action] = [.qaSample, .qaWeekBefore, .qaWeekAfter]
}

/// The QA sample's list.
enum QAView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: QAScreen, _ rect: Rect) {
        let dot = ctx.capabilities.unicode ? " · " : " - "
        let calendar = TeamCalendar(zone: ctx.settings.zone)
        let inner = ScreenList.frame(&canvas, ctx, rect, title: "QA sample \(calendar.isoWeekString(s.week.start))\(dot)\(QAScreen.perAgent) solved per agent, "
                                     + "same on every laptop\(dot)[ ] week\(dot)enter opens, * reviews")
        guard let rows = ScreenList.rows(&canvas, ctx, s.rows, empty: "No solved tickets with an assignee that week.", in: inner) else { return }
        let rubric = ctx.settings.qaRubric
        var lines: [ScreenList.Line] = [ScreenList.Line(cells: [("agent", .listHeader), ("key", .listHeader), ("subject", .listHeader),
                                                                ("solved", .listHeader), ("QA", .listHeader)], item: nil)]
        for (i, r) in rows.enumerated() {
            lines.append(ScreenList.Line(cells: [(r.agent, .text), (r.key, .text), (TerminalText.sanitize(r.subject), .text),
                                                 (DateInput.format(r.solvedAt, zone: ctx.settings.zone), .textMuted),
                                                 (r.reviewed.map { String(format: "%.0f", $0) } ?? "not reviewed",
                                                  r.reviewed.map { rubric.passes($0) ? .kpiGood : .kpiBad } ?? .textMuted)], item: i))
        }
        let specs = [ColumnSpec("agent", min: 8, preferred: 14, priority: 0), ColumnSpec("key", min: 4, preferred: 6, priority: 0),
                     ColumnSpec("subject", min: 12, preferred: 200, priority: 1), ColumnSpec("solved", min: 10, preferred: 17, priority: 2),
                     ColumnSpec("QA", min: 4, preferred: 12, priority: 0, alignRight: true)]
        ScreenList.draw(&canvas, ctx, lines, specs: [specs], cursor: s.cursor, in: inner)
    }
}
