/// The four panes of the main screen, in focus order.
public enum Pane: Int, CaseIterable, Sendable {
    case roster, pipeline, tickets, kpis

    /// The digit that jumps to the pane.
    public var number: Int { rawValue + 1 }

    public var title: String {
        switch self {
        case .roster: return "Roster"
        case .pipeline: return "Pipeline"
        case .tickets: return "Tickets"
        case .kpis: return "KPIs"
        }
    }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % 4)! }
    public var previous: Pane { Pane(rawValue: (rawValue + 3) % 4)! }

    var keyContext: Action.Context {
        self == .pipeline ? .pipeline : .global
    }
}
