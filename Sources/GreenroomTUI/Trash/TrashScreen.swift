import GreenroomCore

/// A deleted creator, ticket, activity, program, workshop, community or task, as `:trash`
/// lists it.
public struct TrashRow: Hashable, Sendable {
    /// The entity: "creator", "ticket", "activity", "program", "workshop", "community" or
    /// "incentive_task" (shown as "task").
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

/// `:trash` (issue 19): deleted creators, tickets and activities — and removed programs,
/// workshops, communities and tasks — most recently deleted first; `r` (or Enter) brings the one under the cursor back. A restore is an ordinary
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

extension Msg {
    public static func trash(_ msg: TrashMsg) -> Msg { TrashScreen.message(msg) }
}

extension Command {
    public static func trash(_ command: TrashCommand) -> Command { TrashScreen.command(command) }
}

extension TrashScreen: ListScreenComponent, OpenableScreen {
    typealias Effect = TrashCommand

    var screen: Screen { .trash(self) }
    static func from(_ screen: Screen) -> TrashScreen? {
        if case .trash(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .trash }
    static let paletteWords = ["trash", "deleted", "restore"]
    static let paletteTitle = "Open the trash (deleted creators, tickets, activities, programs…)"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (TrashScreen, [Command]) {
        (TrashScreen(returnFocus: returnFocus), [.trash(.load)])
    }

    mutating func update(_ msg: TrashMsg, _ env: ScreenEnv) -> [Command] {
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
    var mode: String? { " TRASH " }

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
    mutating func openTrash() -> [Command] { open(TrashScreen.self) }
}
