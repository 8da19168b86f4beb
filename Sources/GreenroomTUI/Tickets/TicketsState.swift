import GreenroomCore

/// What the queue asks the store for: a view, a filter, and who "me" is.
public struct TicketQuery: Hashable, Sendable {
    public var view: TicketView
    public var filter: TicketFilter
    public var me: String?
    public var sort: TicketSort

    public init(view: TicketView = .allOpen, filter: TicketFilter = .all, me: String? = nil, sort: TicketSort = .nextBreach) {
        self.view = view; self.filter = filter; self.me = me; self.sort = sort
    }
}

/// The queue pane: the list window, its view and filter, and the selection for bulk triage.
public struct TicketsState: Hashable, Sendable, FilteredPane {
    public var list = ListWindow<QueueRow>()
    public var view: TicketView = .allOpen
    /// The filter line (`/`; `FilteredPane` reads and writes it).
    public var filterLine = FilterLine<TicketFilter>(.all)
    public var selection: Set<String> = []
    /// Each view's order (`o` / `O`); a view not in here is in its default order.
    public var sorts: [TicketView: TicketSort] = [:]

    /// The order of the view shown.
    public var sort: TicketSort { sorts[view] ?? .nextBreach }

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
    /// The ticket's status now (what "unchanged" means on the `Tab` line); nil when unknown.
    public var currentStatus: TicketStatus?

    public init(ticketID: String, ticketKey: String, isPublic: Bool, status: TicketStatus? = nil, text: String = "",
                currentStatus: TicketStatus? = nil) {
        self.ticketID = ticketID; self.ticketKey = ticketKey; self.isPublic = isPublic; self.status = status
        self.text = TextArea(text)
        self.currentStatus = currentStatus
    }

    /// The `Tab` line of a public reply: what the reply does to the status.
    public var statusLine: String {
        if let status { return "Tab: then set \(status.rawValue)" }
        switch currentStatus {
        case .new?: return "Tab: status unchanged (a public reply opens a new ticket)"
        case let s?: return "Tab: status stays \(s.rawValue)"
        case nil: return "Tab: status unchanged"
        }
    }

    public var isDirty: Bool { !text.isEmpty }

    public var title: String { isPublic ? "Reply to \(ticketKey) (public)" : "Internal note on \(ticketKey)" }

    /// Statuses `Tab` cycles through for a reply: keep as is, then the usual choices.
    static let statusCycle: [TicketStatus?] = [nil, .pending, .solved, .onHold, .open]

    // MARK: Geometry: the editor soft-wraps and grows with its text up to the screen.

    /// The dialog's width on a screen `screenWidth` columns wide.
    static func dialogWidth(_ screenWidth: Int) -> Int { min(100, max(40, screenWidth - 4)) }

    /// Rows above the text: the macro's lines, the status line and a blank one.
    var headerRows: Int { (macroTitle == nil ? 0 : 1 + (unknownPlaceholders.isEmpty ? 0 : 1)) + 2 }

    /// Frame, header and the two footer rows.
    var chromeRows: Int { 2 + headerRows + 2 }

    /// Columns the text wraps at (one is kept for the cursor after the last character).
    static func textWidth(_ screenWidth: Int) -> Int { max(10, dialogWidth(screenWidth) - 5) }

    /// The dialog's height: at least 20 rows (or the screen), growing with the text to the screen's height.
    func dialogHeight(screenWidth: Int, screenHeight: Int) -> Int {
        let wanted = max(20, text.wrapped(width: ReplyFormState.textWidth(screenWidth)).count + chromeRows)
        return max(chromeRows + 1, min(screenHeight - 3, wanted))
    }

    func textRows(screenWidth: Int, screenHeight: Int) -> Int {
        max(1, dialogHeight(screenWidth: screenWidth, screenHeight: screenHeight) - chromeRows)
    }

    /// What a draft of this editor is saved under.
    public var draftKey: ReplyDraftKey { ReplyDraftKey(ticketID: ticketID, isPublic: isPublic) }

    mutating func handle(_ input: FormInput, screenWidth: Int, screenHeight: Int) -> FormResult {
        let width = ReplyFormState.textWidth(screenWidth)
        var result: FormResult
        switch input.key {
        case .up where input.action == nil, .ctrl("p") where input.action == nil:
            text.moveVisually(by: -1, width: width); result = ([], false, false)
        case .down where input.action == nil, .ctrl("n") where input.action == nil:
            text.moveVisually(by: 1, width: width); result = ([], false, false)
        case .pageUp where input.action == nil:
            text.moveVisually(by: -textRows(screenWidth: screenWidth, screenHeight: screenHeight), width: width); result = ([], false, false)
        case .pageDown where input.action == nil:
            text.moveVisually(by: textRows(screenWidth: screenWidth, screenHeight: screenHeight), width: width); result = ([], false, false)
        default:
            result = handle(input)
        }
        text.follow(width: width, height: textRows(screenWidth: screenWidth, screenHeight: screenHeight))
        return result
    }

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
    /// Reply and note drafts saved on this laptop (read at start).
    case draftsLoaded([ReplyDraft])
    /// `M`: what the ticket can be merged into; then both tickets, for the preview.
    case mergeCandidatesLoaded(id: String, key: String, [MergeCandidate])
    case mergePreviewLoaded(source: TicketDetail, target: TicketDetail)
    /// `w`: the time typed (checked by the prompt: it reads, and is ahead).
    case snoozeWhen(String, TicketSnoozeWhen)
}

/// What a queue or ticket picker is for.
public enum TicketsPick: PickerPurpose {
    case view
    case status(ids: [String], label: String)
    case priority(ids: [String], label: String)
    case assignee(ids: [String], label: String)
    /// `T`: the team to move tickets to (value: a team id, or empty for none).
    case team(ids: [String], label: String)
    case csat(ids: [String], label: String)
    /// `M`: the ticket to merge `id` into.
    case mergeTarget(id: String, key: String)
    /// After the reason: who takes the escalated tickets on tier 2.
    case escalateTo(ids: [String], label: String, reason: String)

    public func picked(_ item: PickerItem) -> Msg { .tickets(.picked(item, self)) }
}

/// What a queue or ticket prompt is for.
public enum TicketsPrompt: PromptPurpose {
    /// Escalating to tier 2 needs a reason.
    case escalateReason(ids: [String], label: String)
    /// `#`: a tag to add, or `-tag` to remove.
    case tag(ids: [String], label: String)

    public func answered(_ text: String) -> Msg { .tickets(.prompted(text, self)) }
}

/// What the queue and the ticket screen ask the runtime for.
public enum TicketsCommand: Hashable, Sendable {
    case load(TicketQuery, offset: Int, limit: Int, seek: PageSeek<QueueRow>? = nil)
    case loadDetail(id: String)
    /// A triage action on one or more tickets (one change set, one undo).
    case action(TicketActionDraft)
    /// `T`: tickets to a team (nil: none), then the teams' assignment rules (issue 24).
    case moveToTeam(ids: [String], teamID: String?, label: String)
    case select(TicketQuery)
    case create(TicketDraft)
    /// Merge one ticket into another (by key or id): the first becomes read-only.
    case merge(id: String, into: String)
    /// Reply and note drafts: read them all, or save and delete some (local rows, never synced).
    case loadDrafts
    case saveDrafts([ReplyDraft], deleting: [ReplyDraftKey])
    /// `M`: the tickets to offer; the two tickets to show side by side before merging.
    case loadMergeCandidates(id: String, key: String)
    case loadMergePreview(id: String, into: String)
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

extension TicketsState {
    /// The background task a filter over the whole history runs as (the runner's name for it).
    public static let searchTask = "ticket search"
}
