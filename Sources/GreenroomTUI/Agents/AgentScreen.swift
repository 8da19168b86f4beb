import GreenroomCore

/// An agent's page (issue 25): `Enter` on an agent in the Review, or `:agent @handle`. Their
/// last twelve weeks as sparklines (the KPI engine's numbers for tickets assigned to them), the
/// QA score, open load and this week's breaches, recent CSAT comments. `h`/`l` pick the week
/// the values column shows; `Enter` on any number lists its tickets; `Esc` goes back.
///
/// No schedule: the product has no shifts yet (another issue), so the page names the team
/// time zone its weeks follow instead.
public struct AgentScreen: Hashable, Sendable {
    public var handle: String
    public var page: AgentPage?
    /// Why the page could not be loaded (an unknown handle).
    public var error: String?
    public var cursor = 0
    /// The week the values column shows (an index into `page.weeks`); nil: the current week.
    public var week: Int?
    public var returnTo: Screen?
    public var returnFocus: Pane

    public init(handle: String, returnTo: Screen?, returnFocus: Pane) {
        self.handle = handle; self.returnTo = returnTo; self.returnFocus = returnFocus
    }

    /// What `Enter` does on each selectable row, in screen order.
    public enum Item: Hashable, Sendable {
        case openLoad
        case breached
        case kpi(KPIID)
        case qa
        case comment(String)
    }

    public var items: [Item] {
        guard let p = page else { return [] }
        return [.openLoad, .breached] + AgentPage.kpis.map { .kpi($0) } + [.qa] + p.comments.map { .comment($0.ticketID) }
    }

    /// The week shown in the values column.
    public var weekIndex: Int { min(week ?? Int.max, max(0, (page?.weeks.count ?? 1) - 1)) }
}

/// What happens to an agent's page.
public enum AgentMsg: Sendable {
    case loaded(handle: String, AgentPage)
    case failed(handle: String, String)
}

/// What an agent's page asks the runtime for.
public enum AgentCommand: Hashable, Sendable {
    case load(handle: String)
}

extension Msg {
    public static func agent(_ msg: AgentMsg) -> Msg { AgentScreen.message(msg) }
}

extension Command {
    public static func agent(_ command: AgentCommand) -> Command { AgentScreen.command(command) }
}

extension AgentScreen: ScreenComponent {
    typealias Effect = AgentCommand

    var screen: Screen { .agent(self) }
    static func from(_ screen: Screen) -> AgentScreen? {
        if case .agent(let s) = screen { return s }
        return nil
    }

    mutating func update(_ msg: AgentMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let handle, let page):
            guard handle == self.handle else { return [] }
            self.page = page
            error = nil
            cursor = min(cursor, max(0, items.count - 1))
            return []
        case .failed(let handle, let why):
            guard handle == self.handle else { return [] }
            // (A teammate removed since the page was opened: the page says so.)
            page = nil
            error = why
            cursor = 0
            return []
        }
    }

    var keyContexts: [Action.Context] { [.agent] }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if let request = request(for: action, env) {
            env.ask(request)
            return []
        }
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: items.count, height: env.bodyHeight)
            return []
        }
        if action == .openOneOnOne {
            env.ask(.oneOnOne(handle: page?.handle ?? handle))
            return []
        }
        guard action == .agentWeekBefore || action == .agentWeekAfter, let p = page else { return nil }
        let next = weekIndex + (action == .agentWeekAfter ? 1 : -1)
        guard p.weeks.indices.contains(next) else {
            env.ask(.toast(next < 0 ? "The page shows \(p.weeks.count) weeks" : "This is the current week", .info))
            return []
        }
        week = next == p.weeks.count - 1 ? nil : next
        return []
    }

    /// `Enter`: the tickets behind the number under the cursor (the week the values column
    /// shows), or a comment's ticket.
    private func request(for action: Action, _ env: ScreenEnv) -> ScreenRequest? {
        guard action == .open, let p = page, items.indices.contains(cursor), let now = p.thisWeek else { return nil }
        let w = p.weeks[weekIndex], label = p.weekLabels[weekIndex]
        let scope = KPIScope.agent(p.handle)
        switch items[cursor] {
        case .openLoad: return .drill(.kpi(.backlog, now, scope), title: "Open tickets of \(p.handle) now")
        case .breached: return .drill(.breached(now, scope), title: "Breached SLA targets of \(p.handle) · \(p.weekLabels.last ?? "")")
        case .kpi(let id):
            let value = p.series[id]?[weekIndex].value.map { " " + KPIFormat.value($0, id) } ?? ""
            return .drill(.kpi(id, w, scope), title: "\(id.title)\(value) · \(p.handle) · \(label)")
        case .qa: return .drill(.qaReviews(agent: p.handle, w), title: "QA reviews of \(p.handle) · \(label)")
        case .comment(let id): return .ticket(id: id)
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.agent(.load(handle: handle))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { AgentView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.agentWeekBefore))/\(k(.agentWeekAfter)) week", "\(k(.open)) tickets", "\(k(.openOneOnOne)) 1:1", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    /// Opens `handle`'s page over the screen shown (`Esc` comes back to it).
    mutating func openAgent(_ handle: String) -> [Command] {
        let h = handle.trimmingCharacters(in: .whitespaces)
        guard !h.isEmpty else {
            showToast("Whose page? agent @handle", kind: .error)
            return []
        }
        overlay = nil
        let normal = h.hasPrefix("@") ? h : "@" + h
        let returnTo: Screen? = screen == .main ? nil : screen
        screen = .agent(AgentScreen(handle: normal, returnTo: returnTo, returnFocus: returnFocusForScreens))
        return [.agent(.load(handle: normal))]
    }
}
