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

    mutating func drillLoaded(_ request: DrillRequest, _ result: DrillResult) -> [Command] {
        guard case .drill(var s) = screen, s.request == request else { return [] }
        s.result = result
        s.cursor = min(s.cursor, max(0, result.rows.count - 1))
        screen = .drill(s)
        return []
    }

    mutating func openDrillItem() -> [Command] {
        guard case .drill(let s) = screen, let rows = s.result?.rows, rows.indices.contains(s.cursor) else { return [] }
        switch rows[s.cursor].target {
        case .creator(let id): return openCreatorReturningHere(id)
        case .ticket(let id): return openTicketReturningHere(id)
        }
    }
}

/// What happens to the drill-down.
public enum DrillMsg: Sendable {
    /// The rows behind the number asked for.
    case loaded(DrillRequest, DrillResult)
}

/// What the drill-down asks the runtime for.
public enum DrillCommand: Hashable, Sendable {
    case load(DrillRequest)
}

extension Model {
    /// A message of the drill-down.
    mutating func drill(_ msg: DrillMsg) -> [Command] {
        switch msg {
        case .loaded(let request, let result): return drillLoaded(request, result)
        }
    }
}
