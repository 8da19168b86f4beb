import GreenroomCore

/// The rows behind a number (`Enter` on a KPI, a Review cell or a cohort cell). `Enter` opens
/// a row's creator or ticket; `Esc` there comes back here, and `Esc` here goes back to where
/// the drill started.
public struct DrillScreen: Hashable, Sendable {
    public var request: DrillRequest
    public var title: String
    public var result: DrillResult?
    public var cursor = 0
    /// The screen to go back to (nil: the four panes).
    public var returnTo: Screen?
    public var returnFocus: Pane
    /// A KPI's drill-down: the period it covers (partial or complete), for `?`.
    public var span: KPIPeriodSpan?
    /// Ids whose identities were asked for and have not arrived.
    public var asked: Set<String> = []

    public init(request: DrillRequest, title: String, returnTo: Screen?, returnFocus: Pane, span: KPIPeriodSpan? = nil) {
        self.request = request; self.title = title; self.returnTo = returnTo; self.returnFocus = returnFocus; self.span = span
    }
}

extension Model {
    mutating func openDrill(_ request: DrillRequest, title: String, span: KPIPeriodSpan? = nil) -> [Command] {
        let returnTo: Screen? = screen == .main ? nil : screen
        screen = .drill(DrillScreen(request: request, title: title, returnTo: returnTo, returnFocus: returnFocusForScreens, span: span))
        return [.drill(.load(request))]
    }
}

/// What happens to the drill-down.
public enum DrillMsg: Sendable {
    /// The rows behind the number asked for.
    case loaded(DrillRequest, DrillResult)
    /// Identities of rows near the cursor (ids that name nothing are absent).
    case identities(DrillRequest, [String: [String]])
}

/// What the drill-down asks the runtime for.
public enum DrillCommand: Hashable, Sendable {
    case load(DrillRequest)
    /// The identifying cells of these rows (a window of a large drill-down).
    case identities(DrillRequest, KPIDrill.Subject, [String])
}

extension Msg {
    public static func drill(_ msg: DrillMsg) -> Msg { DrillScreen.message(msg) }
}

extension Command {
    public static func drill(_ command: DrillCommand) -> Command { DrillScreen.command(command) }
}

extension DrillScreen: ScreenComponent {
    typealias Effect = DrillCommand

    var screen: Screen { .drill(self) }
    static func from(_ screen: Screen) -> DrillScreen? {
        if case .drill(let s) = screen { return s }
        return nil
    }

    // Opened from a number (`Model.openDrill`), never by an action of its own.
    static let contexts: [Action.Context] = []
    static let actions: [Action] = []

    mutating func update(_ msg: DrillMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let request, let result):
            guard self.request == request else { return [] }
            self.result = result
            asked = []
            cursor = min(cursor, max(0, result.rows.count - 1))
            return identityLoads(height: env.bodyHeight)
        case .identities(let request, let cells):
            guard self.request == request, var result else { return [] }
            for i in result.rows.indices where !result.rows[i].identified && asked.contains(result.rows[i].id) {
                result.rows[i].cells = cells[result.rows[i].id] ?? DrillRow.gone
                asked.remove(result.rows[i].id)
            }
            self.result = result
            return identityLoads(height: env.bodyHeight)
        }
    }

    /// When a row within a screen of the cursor is neither loaded nor asked for: one command
    /// for the unloaded rows of a wider span (two screens up, four down; at most 500, noted as
    /// asked), so scrolling asks again every couple of screens, not at every key. Else none.
    mutating func identityLoads(height: Int) -> [Command] {
        guard let result, !result.rows.isEmpty else { return [] }
        let h = max(1, height)
        func wanted(_ span: Range<Int>) -> [DrillRow] {
            result.rows[span.clamped(to: result.rows.indices)].filter { !$0.identified && !asked.contains($0.id) }
        }
        guard !wanted((cursor - h)..<(cursor + 2 * h)).isEmpty else { return [] }
        let ids = Array(wanted((cursor - 2 * h)..<(cursor + 4 * h)).prefix(500).map(\.id))
        asked.formUnion(ids)
        return [.drill(.identities(request, result.subject, ids))]
    }

    var keyContexts: [Action.Context] { [] }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if let request = request(for: action, env) {
            env.ask(request)
            return []
        }
        guard ListCursor.movements.contains(action) else { return nil }
        cursor = ListCursor.move(cursor, action, total: result?.rows.count ?? 0, height: env.bodyHeight)
        return identityLoads(height: env.bodyHeight)
    }

    /// `Enter` on a row: its creator or ticket.
    private func request(for action: Action, _ env: ScreenEnv) -> ScreenRequest? {
        guard action == .open, let rows = result?.rows, rows.indices.contains(cursor) else { return nil }
        switch rows[cursor].target {
        case .creator(let id): return .creator(id: id)
        case .ticket(let id): return .ticket(id: id)
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.drill(.load(request))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { KPIScreensView.drawDrill(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if case .kpi = request {
            return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) open", "\(k(.help)) what it counts", "Esc back"].joined(separator: ctx.dot)
        }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) open", "Esc back"].joined(separator: ctx.dot)
    }
}
