import GreenroomCore

/// The 1:1 screen (issue 25): `o` on an agent's page, or `:1on1 @handle`. The next 1:1's
/// agenda with the teammate — their SLA breaches, bad ratings and QA reviews under the pass mark
/// since the last 1:1 (or the last seven days), open follow-ups and goals, notes — and the 1:1s
/// held before. `Enter` opens a ticket (or unfolds a past 1:1's agenda), `c` adds a note, goal
/// or follow-up, `Space` marks one done, `d` deletes one, `r` records the 1:1 held now (which
/// closes this agenda and starts the next); `u` undoes each.
public struct OneOnOneScreen: Hashable, Sendable {
    public var handle: String
    public var agenda: OneOnOneAgenda?
    /// Why the agenda could not be loaded (an unknown handle).
    public var error: String?
    public var cursor = 0
    /// The past 1:1 whose agenda is unfolded under it.
    public var unfolded: String?
    public var returnTo: Screen?
    public var returnFocus: Pane

    public init(handle: String, returnTo: Screen?, returnFocus: Pane) {
        self.handle = handle; self.returnTo = returnTo; self.returnFocus = returnFocus
    }

    /// A selectable row, in screen order.
    public enum Item: Hashable, Sendable {
        case ticket(OneOnOneAgenda.TicketItem)
        /// An open follow-up or goal, or a note.
        case coaching(CoachingItem)
        /// A 1:1 held before.
        case past(CoachingItem)
    }

    public var items: [Item] {
        guard let a = agenda else { return [] }
        return a.tickets.map { .ticket($0) } + (a.followUps + a.goals + a.notes).map { .coaching($0) } + a.history.map { .past($0) }
    }

    var selected: Item? { items.indices.contains(cursor) ? items[cursor] : nil }
}

/// What happens to the 1:1 screen.
public enum OneOnOneMsg: Sendable {
    case loaded(handle: String, OneOnOneAgenda)
    case failed(handle: String, String)
}

/// What the 1:1 screen asks the runtime for.
public enum OneOnOneScreenCommand: Hashable, Sendable {
    case load(handle: String)
}

extension Msg {
    public static func oneOnOne(_ msg: OneOnOneMsg) -> Msg { OneOnOneScreen.message(msg) }
}

extension Command {
    public static func oneOnOne(_ command: OneOnOneScreenCommand) -> Command { OneOnOneScreen.command(command) }
}

extension OneOnOneScreen: ScreenComponent {
    typealias Effect = OneOnOneScreenCommand

    var screen: Screen { .oneOnOne(self) }
    static func from(_ screen: Screen) -> OneOnOneScreen? {
        if case .oneOnOne(let s) = screen { return s }
        return nil
    }

    mutating func update(_ msg: OneOnOneMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let handle, let agenda):
            guard handle == self.handle else { return [] }
            // The cursor stays on the row it was on when that row is still there.
            let was = selected
            self.agenda = agenda
            error = nil
            if let was, let i = items.firstIndex(where: { OneOnOneScreen.same($0, was) }) { cursor = i }
            cursor = min(cursor, max(0, items.count - 1))
            return []
        case .failed(let handle, let why):
            guard handle == self.handle else { return [] }
            agenda = nil
            error = why
            cursor = 0
            return []
        }
    }

    static func same(_ a: Item, _ b: Item) -> Bool {
        switch (a, b) {
        case (.ticket(let x), .ticket(let y)): return x.ticketID == y.ticketID && x.reason == y.reason
        case (.coaching(let x), .coaching(let y)), (.past(let x), .past(let y)): return x.id == y.id
        default: return false
        }
    }

    var keyContexts: [Action.Context] { [.oneOnOne] }
    var mode: String? { " 1:1 " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: items.count, height: env.bodyHeight)
            return []
        }
        guard let a = agenda else { return action == .open || OneOnOneScreen.actions.contains(action) ? [] : nil }
        switch action {
        case .open:
            switch selected {
            case .ticket(let t)?: env.ask(.ticket(id: t.ticketID))
            case .coaching(let c)?:
                if let id = c.ticketID { env.ask(.ticket(id: id)) } else { env.ask(.toast("This \(c.kind.label) is not about a ticket", .info)) }
            case .past(let p)?: unfolded = unfolded == p.id ? nil : p.id
            case nil: break
            }
            return []
        case .coachingAdd:
            var form = CoachingFormState(memberID: a.memberID, handle: a.handle, mode: .item)
            if case .ticket(let t)? = selected { form.ticketID = t.ticketID; form.ticketKey = t.key; form.kind = .followUp }
            env.ask(.overlay(.coachingForm(form)))
            return []
        case .oneOnOneHold:
            var form = CoachingFormState(memberID: a.memberID, handle: a.handle, mode: .hold)
            form.agendaSummary = OneOnOneView.summary(a)
            env.ask(.overlay(.coachingForm(form)))
            return []
        case .coachingDone:
            guard case .coaching(let c)? = selected, c.kind.canBeDone else {
                env.ask(.toast("Space marks a goal or follow-up done", .info))
                return []
            }
            return [.apply(ChangeSet("Done: \(c.kind.label) \(OneOnOneScreen.short(c.body))", [.coachingDone(id: c.id, done: true)]), mode: .perform)]
        case .coachingDelete:
            let target: CoachingItem
            switch selected {
            case .coaching(let c)?: target = c
            case .past(let p)?: target = p
            default:
                env.ask(.toast("d deletes a note, goal, follow-up or 1:1", .info))
                return []
            }
            return [.apply(ChangeSet("Deleted the \(target.kind.label) \(OneOnOneScreen.short(target.body))",
                                     [.update(.coachingItem, id: target.id, fields: [CoachingField.deleted.rawValue: FieldValue(true)])]), mode: .perform)]
        default:
            return nil
        }
    }

    /// A text cut to fit a toast.
    static func short(_ text: String) -> String {
        let flat = TerminalText.sanitize(text).split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.isEmpty ? "(no notes)" : flat.count > 40 ? String(flat.prefix(39)) + "…" : flat
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.oneOnOne(.load(handle: handle))] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { OneOnOneView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.open)) open", "\(k(.coachingAdd)) add", "\(k(.coachingDone)) done", "\(k(.coachingDelete)) delete", "\(k(.oneOnOneHold)) hold the 1:1",
                "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    /// Opens the 1:1 screen of `handle` over the screen shown (`Esc` comes back to it).
    mutating func openOneOnOne(_ handle: String) -> [Command] {
        let h = handle.trimmingCharacters(in: .whitespaces)
        guard !h.isEmpty else {
            showToast("With whom? 1on1 @handle", kind: .error)
            return []
        }
        overlay = nil
        let normal = h.hasPrefix("@") ? h : "@" + h
        let returnTo: Screen? = screen == .main ? nil : screen
        screen = .oneOnOne(OneOnOneScreen(handle: normal, returnTo: returnTo, returnFocus: returnFocusForScreens))
        return [.oneOnOne(.load(handle: normal))]
    }
}

extension Action.Context {
    public static let oneOnOne = Action.Context("oneonone", "1:1 and coaching")
}

extension Action {
    public static let openOneOnOne = Action("agent.one_on_one", .agent, "1:1 and coaching: the next agenda, goals, follow-ups (:1on1 @handle)", keys: [.char("o")])
    public static let coachingAdd = Action("oneonone.add", .oneOnOne, "Add a note, goal or follow-up (with a due date)", keys: [.char("c")])
    public static let coachingDone = Action("oneonone.done", .oneOnOne, "Mark the goal or follow-up done", keys: [.char(" ")])
    public static let coachingDelete = Action("oneonone.delete", .oneOnOne, "Delete the note, goal, follow-up or 1:1 (:trash restores it)", keys: [.char("d")])
    public static let oneOnOneHold = Action("oneonone.hold", .oneOnOne, "Record the 1:1 held now: its notes; closes this agenda, starts the next", keys: [.char("r")])
}

extension OneOnOneScreen {
    static let contexts: [Action.Context] = [.oneOnOne]
    static let actions: [Action] = [.coachingAdd, .coachingDone, .coachingDelete, .oneOnOneHold]
}
