import GreenroomCore

/// The creator detail screen (`Enter` on a roster row or a board card).
public struct CreatorScreen: Hashable, Sendable {
    public var id: String
    public var detail: CreatorDetail?
    /// The selected item: activities first, then tickets.
    public var cursor = 0
    /// The first line shown of the scrolling lower half.
    public var scroll = 0
    /// Where `Esc` goes back to.
    public var returnFocus: Pane
    /// Opened from a ticket's requester: `Esc` goes back to that ticket.
    public var returnTicket: TicketScreen?
    /// Opened from Today, a drill-down or the Review: `Esc` goes back there.
    public var returnTo: Screen?

    public init(id: String, returnFocus: Pane, returnTicket: TicketScreen? = nil) {
        self.id = id
        self.returnFocus = returnFocus
        self.returnTicket = returnTicket
    }

    public var itemCount: Int { (detail?.activities.count ?? 0) + (detail?.tickets.count ?? 0) }

    public var selectedActivity: CreatorDetail.ActivityRow? {
        guard let d = detail, cursor < d.activities.count else { return nil }
        return d.activities[cursor]
    }
}

/// What happens to a creator's screen and forms.
public enum CreatorMsg: Sendable {
    case detailLoaded(id: String, detail: CreatorDetail?)
    /// Saving the creator form found problems.
    case formErrors([CreatorDraft.Field: String])
}

/// What a creator's screen and forms ask the runtime for.
public enum CreatorCommand: Hashable, Sendable {
    case loadDetail(id: String)
    case save(CreatorDraft, editingID: String?)
    case saveActivity(ActivityDraft)
}

/// The creator detail on the screen registry: its cursor, keys, `Esc`, reload, status line and
/// drawing. Its messages and commands stay root cases (`Msg.creator`, `Command.creator`): the
/// forms and the roster and board use them too, and its `creator` actions (edit, log) act on
/// the creator in play wherever it is (`Model.creatorAction`).
extension CreatorScreen: ScreenComponent {
    typealias Message = Never
    typealias Effect = Never

    var screen: Screen { .creator(self) }
    static func from(_ screen: Screen) -> CreatorScreen? {
        if case .creator(let s) = screen { return s }
        return nil
    }

    mutating func update(_ msg: Never, _ env: ScreenEnv) -> [Command] {}

    var keyContexts: [Action.Context] { [.detail, .creator] }
    var mode: String? { " CREATOR " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        guard ListCursor.movements.contains(action) else { return nil }
        guard itemCount > 0 else { return [] }
        cursor = max(0, min(itemCount - 1, Model.target(of: action, cursor: cursor, total: itemCount, height: 10)))
        return []
    }

    /// `Esc`: back to the ticket it was opened from, the screen it was opened from, or the panes.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        if let ticket = returnTicket { return .leaveTo(.ticket(ticket), [.tickets(.loadDetail(id: ticket.id))]) }
        if let back = returnTo { return .leaveTo(back, nil) }
        return .leave
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.creator(.loadDetail(id: id))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { CreatorView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.toggleDone)) follow-up done", "\(k(.detailStageBack))/\(k(.detailStageOn)) stage",
                "\(k(.editCreator)) edit",
                "\(k(.addActivity)) log activity", "\(k(.undo)) undo", "Esc back"].joined(separator: ctx.dot)
    }
}
