import GreenroomCore

/// What the queue asks the store for: a view, a filter, and who "me" is.
public struct TicketQuery: Hashable, Sendable {
    public var view: TicketView
    public var filter: TicketFilter
    public var me: String?

    public init(view: TicketView = .allOpen, filter: TicketFilter = .all, me: String? = nil) {
        self.view = view; self.filter = filter; self.me = me
    }
}

/// The queue pane: the list window, its view and filter, and the selection for bulk triage.
public struct TicketsState: Hashable, Sendable, FilteredPane {
    public var list = ListWindow<QueueRow>()
    public var view: TicketView = .allOpen
    /// The filter line (`/`; `FilteredPane` reads and writes it).
    public var filterLine = FilterLine<TicketFilter>(.all)
    public var selection: Set<String> = []

    public init() {}
}

/// The ticket detail screen (`Enter` on a queue row).
public struct TicketScreen: Hashable, Sendable {
    public var id: String
    public var detail: TicketDetail?
    /// The first timeline line shown.
    public var scroll = 0
    /// Where `Esc` goes back to.
    public var returnFocus: Pane
    /// Opened from Today, a drill-down or the Review: `Esc` goes back there.
    public var returnTo: Screen?

    public init(id: String, returnFocus: Pane) {
        self.id = id; self.returnFocus = returnFocus
    }
}

/// The `r` / `i` editor: a public reply or an internal note on a ticket.
public struct ReplyFormState: Hashable, Sendable {
    public var ticketID: String
    public var ticketKey: String
    public var isPublic: Bool
    public var text = TextArea()
    /// Status to set with the reply (e.g. pending: waiting on the requester), if any.
    public var status: TicketStatus?
    public var error: String?
    public var saving = false
    /// A macro's title, its priority and tags (the status is `status`), and placeholders it
    /// used that Greenroom does not know — all shown before sending.
    public var macroTitle: String?
    public var macroPriority: TicketPriority?
    public var macroTags: [String] = []
    public var unknownPlaceholders: [String] = []

    public init(ticketID: String, ticketKey: String, isPublic: Bool, status: TicketStatus? = nil, text: String = "") {
        self.ticketID = ticketID; self.ticketKey = ticketKey; self.isPublic = isPublic; self.status = status
        self.text = TextArea(text)
    }

    public var isDirty: Bool { !text.isEmpty }

    public var title: String { isPublic ? "Reply to \(ticketKey) (public)" : "Internal note on \(ticketKey)" }

    /// Statuses `Tab` cycles through for a reply: keep as is, then the usual choices.
    static let statusCycle: [TicketStatus?] = [nil, .pending, .solved, .onHold, .open]

    mutating func handle(_ input: FormInput) -> FormResult {
        let key = input.key
        switch key {
        case _ where input.action == .formSave:
            let body = text.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty else {
                error = isPublic ? "write the reply first" : "write the note first"
                return ([], false, false)
            }
            saving = true
            var fields: [String: FieldValue] = [:]
            if let status { fields[TicketField.status.rawValue] = FieldValue(status.rawValue) }
            if let macroPriority { fields[TicketField.priority.rawValue] = FieldValue(macroPriority.rawValue) }
            let label = macroTitle.map { "Applied \"\($0)\" to \(ticketKey)" } ?? (isPublic ? "Replied to \(ticketKey)" : "Noted on \(ticketKey)")
            let draft = TicketActionDraft(ticketIDs: [ticketID], kind: isPublic ? .reply : .note, isPublic: isPublic, body: body,
                                          fields: fields, addTags: macroTags, label: label)
            return ([.tickets(.action(draft))], false, false)
        case _ where input.action == .formEditor:
            return ([.editExternally(.ticketReply, text.text)], false, false)
        case _ where input.action == .formNext && isPublic:
            let i = ReplyFormState.statusCycle.firstIndex(of: status) ?? 0
            status = ReplyFormState.statusCycle[(i + 1) % ReplyFormState.statusCycle.count]
            return ([], false, false)
        default:
            if text.handle(key) { error = nil }
            return ([], false, false)
        }
    }
}

/// What happens to the queue and the ticket screen.
public enum TicketsMsg: Sendable {
    case loaded(query: TicketQuery, total: Int, summary: QueueSummary, offset: Int, rows: [QueueRow])
    case detailLoaded(id: String, detail: TicketDetail?)
    /// `X`: every ticket the queue's view and filter match.
    case selectionLoaded([String])
    /// A triage picker's choice, or a triage prompt's text.
    case picked(PickerItem, TicketsPick)
    case prompted(String, TicketsPrompt)
}

/// What a queue or ticket picker is for.
public enum TicketsPick: PickerPurpose {
    case view
    case status(ids: [String], label: String)
    case priority(ids: [String], label: String)
    case assignee(ids: [String], label: String)
    case csat(ids: [String], label: String)

    public func picked(_ item: PickerItem) -> Msg { .tickets(.picked(item, self)) }
}

/// What a queue or ticket prompt is for.
public enum TicketsPrompt: PromptPurpose {
    /// Escalating to tier 2 needs a reason.
    case escalateReason(ids: [String], label: String)
    /// `M`: the key of the ticket to merge into.
    case mergeInto(id: String, key: String)
    /// `#`: a tag to add, or `-tag` to remove.
    case tag(ids: [String], label: String)

    public func answered(_ text: String) -> Msg { .tickets(.prompted(text, self)) }
}

/// What the queue and the ticket screen ask the runtime for.
public enum TicketsCommand: Hashable, Sendable {
    case load(TicketQuery, offset: Int, limit: Int)
    case loadDetail(id: String)
    /// A triage action on one or more tickets (one change set, one undo).
    case action(TicketActionDraft)
    case select(TicketQuery)
    case create(TicketDraft)
    /// Merge one ticket into another (by key or id): the first becomes read-only.
    case merge(id: String, into: String)
}

/// The ticket detail on the screen registry: its timeline scroll, keys, `Esc`, reload, status
/// line and drawing. Its messages and commands stay root cases (`Msg.tickets`,
/// `Command.tickets`), shared with the queue, and its triage actions act on the ticket in play
/// wherever it is (`Model.triage`); `Enter` opens the requester (`Model.openCurrent`).
extension TicketScreen: ScreenComponent {
    typealias Message = Never
    typealias Effect = Never

    var screen: Screen { .ticket(self) }
    static func from(_ screen: Screen) -> TicketScreen? {
        if case .ticket(let s) = screen { return s }
        return nil
    }

    mutating func update(_ msg: Never, _ env: ScreenEnv) -> [Command] {}

    var keyContexts: [Action.Context] { [.ticket] }
    var mode: String? { " TICKET " }

    /// Scrolling the timeline.
    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        guard ListCursor.movements.contains(action) else { return nil }
        let lines = TicketDetailView.timelineLineCount(env.view, self, bodyWidth: env.bodyWidth)
        let h = TicketDetailView.timelineHeight(bodyRows: env.bodyRows)
        let maxScroll = max(0, lines - h)
        scroll = max(0, min(maxScroll, Model.target(of: action, cursor: scroll, total: maxScroll + 1, height: h)))
        if action == .bottom { scroll = maxScroll }
        return []
    }

    /// `Esc`: back to the screen it was opened from, or to the queue (its row may have moved).
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        if let back = returnTo { return .leaveTo(back, nil) }
        return .leaveReloading(.tickets)
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.tickets(.loadDetail(id: id))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { TicketDetailView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.reply)) reply", "\(k(.note)) note", "\(k(.setStatus)) status", "\(k(.setPriority)) priority", "\(k(.assign)) assign",
                "\(k(.escalate)) escalate", "\(k(.undo)) undo", "Esc back"].joined(separator: ctx.dot)
    }
}
