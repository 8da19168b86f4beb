import GreenroomCore

/// A deleted creator, ticket or activity, as `:trash` lists it.
public struct TrashRow: Hashable, Sendable {
    /// "creator", "ticket" or "activity".
    public var kind: String
    public var id: String
    public var label: String
    public var deletedAt: Millis?
    /// The laptop that deleted it ("this laptop", a peer's name, or its device id).
    public var deletedBy: String

    public init(kind: String, id: String, label: String, deletedAt: Millis?, deletedBy: String) {
        self.kind = kind; self.id = id; self.label = label; self.deletedAt = deletedAt; self.deletedBy = deletedBy
    }
}

/// `:trash` (issue 19): deleted creators, tickets and activities, most recently deleted
/// first; `r` (or Enter) brings the one under the cursor back. A restore is an ordinary
/// synced write, so it reaches every laptop, and `u` undoes it.
public struct TrashScreen: Hashable, Sendable {
    public var rows: [TrashRow]?
    public var cursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

/// What happens to the trash screen.
public enum TrashMsg: Sendable {
    /// The deleted records, most recently deleted first.
    case loaded([TrashRow])
}

/// What the trash screen asks the runtime for.
public enum TrashCommand: Hashable, Sendable {
    case load
    /// Undelete one record (an ordinary synced write that `u` undoes).
    case restore(kind: String, id: String, label: String)
}

extension TrashScreen: ListScreenComponent {
    mutating func update(_ msg: TrashMsg) -> [TrashCommand] {
        switch msg {
        case .loaded(let rows):
            self.rows = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            return []
        }
    }

    /// `r` / Enter: restore the record under the cursor.
    var restoreUnderCursor: [TrashCommand] {
        guard let rows, rows.indices.contains(cursor) else { return [] }
        let row = rows[cursor]
        return [.restore(kind: row.kind, id: row.id, label: row.label)]
    }

    var keyContexts: [Action.Context] { [.trash] }
    var mode: String { " TRASH " }
    var screen: Screen { .trash(self) }

    var rowCount: Int { rows?.count ?? 0 }

    func performOwn(_ action: Action) -> [Command]? {
        switch action {
        case .restoreFromTrash: return restoreUnderCursor.map(Command.trash)
        default: return nil
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.trash(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { TrashView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.restoreFromTrash)) restore", "\(k(.undo)) undo", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    /// A trash message, to the trash screen if it is open.
    mutating func trash(_ msg: TrashMsg) -> [Command] {
        updateScreen(TrashScreen.self) { $0.update(msg).map(Command.trash) }
    }

    mutating func openTrash() -> [Command] {
        overlay = nil
        screen = .trash(TrashScreen(returnFocus: returnFocusForScreens))
        return [.trash(.load)]
    }
}
