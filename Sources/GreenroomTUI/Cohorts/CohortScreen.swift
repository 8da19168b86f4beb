import GreenroomCore

/// Cohort retention (`:cohorts`): activation weeks by week 0…8; `h`/`l` pick a week column,
/// `Enter` lists the cohort's creators (live that week first).
public struct CohortScreen: Hashable, Sendable {
    public var table: CohortTable?
    public var row = 0
    public var column = 1
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

/// What happens to cohort retention.
public enum CohortsMsg: Sendable {
    case loaded(CohortTable)
}

/// What cohort retention asks the runtime for.
public enum CohortsCommand: Hashable, Sendable {
    case load
}

extension Msg {
    public static func cohorts(_ msg: CohortsMsg) -> Msg { CohortScreen.message(msg) }
}

extension Command {
    public static func cohorts(_ command: CohortsCommand) -> Command { CohortScreen.command(command) }
}

extension PaletteCommand {
    /// `:cohorts`.
    public static let cohorts = PaletteCommand.screen(.cohorts)
}

extension CohortScreen: OpenableScreen {
    typealias Effect = CohortsCommand

    var screen: Screen { .cohorts(self) }
    static func from(_ screen: Screen) -> CohortScreen? {
        if case .cohorts(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .cohorts }
    static let paletteWords = ["cohorts", "cohort", "retention"]
    static let paletteTitle = "Open cohort retention"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (CohortScreen, [Command]) {
        (CohortScreen(returnFocus: returnFocus), [.cohorts(.load)])
    }

    mutating func update(_ msg: CohortsMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let table):
            self.table = table
            row = table.rows.isEmpty ? 0 : min(row, table.rows.count - 1)
            return []
        }
    }

    var keyContexts: [Action.Context] { [.cohorts] }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if let request = request(for: action, env) {
            env.ask(request)
            return []
        }
        if ListCursor.movements.contains(action) {
            row = ListCursor.move(row, action, total: table?.rows.count ?? 0, height: env.bodyHeight)
            return []
        }
        switch action {
        case .cohortLeft, .cohortRight:
            guard let t = table else { return [] }
            column = max(0, min(t.weeks, column + (action == .cohortRight ? 1 : -1)))
            return []
        default:
            return nil
        }
    }

    /// `Enter` on a cell: the cohort's creators, live that week first.
    private func request(for action: Action, _ env: ScreenEnv) -> ScreenRequest? {
        guard action == .open, let t = table, t.rows.indices.contains(row) else { return nil }
        let r = t.rows[row]
        return .drill(.cohort(week: r.week.start, n: column), title: "Cohort \(r.label) · live in week \(column)")
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.cohorts(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { KPIScreensView.drawCohorts(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) cohort", "\(k(.cohortLeft))/\(k(.cohortRight)) week", "\(k(.open)) creators", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    mutating func openCohorts() -> [Command] { open(CohortScreen.self) }
}
