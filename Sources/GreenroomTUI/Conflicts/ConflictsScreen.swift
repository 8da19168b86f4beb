import GreenroomCore

/// One write that sync found lost without its writer's knowing (DESIGN.md §6): the value the
/// data holds now beside the value that lost, and who wrote each. Every laptop that has seen
/// the same writes lists the same conflicts.
public struct ConflictRow: Hashable, Sendable {
    public var id: Int64
    /// "creator", "ticket", …
    public var entity: String
    /// What the row is to a person: a creator's handle, a ticket's key and subject.
    public var label: String
    public var field: String
    /// The value the data holds now (the newest write) and who wrote it.
    public var current: String
    public var currentBy: String
    /// The value that lost, when and by whom it was written.
    public var lost: String
    public var lostTime: Millis?
    public var lostBy: String

    public init(id: Int64, entity: String, label: String, field: String, current: String, currentBy: String, lost: String,
                lostTime: Millis?, lostBy: String) {
        self.id = id; self.entity = entity; self.label = label; self.field = field; self.current = current; self.currentBy = currentBy
        self.lost = lost; self.lostTime = lostTime; self.lostBy = lostBy
    }
}

/// `:conflicts`: every open conflict, newest first; `<` (or `c`) keeps the current value, `>`
/// (or `b`) brings back the value that lost. Either is an ordinary edit plus a synced
/// decision, so the conflict closes on every laptop.
public struct ConflictsScreen: Hashable, Sendable {
    public var rows: [ConflictRow]?
    public var cursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

/// What happens to the conflicts screen.
public enum ConflictsMsg: Sendable {
    /// Every open conflict (the header's count follows it).
    case loaded([ConflictRow])
}

/// What the conflicts screen asks the runtime for.
public enum ConflictsCommand: Hashable, Sendable {
    case load
    /// Keep the current value, or bring back the one that lost (a synced decision).
    case resolve(id: Int64, keepCurrent: Bool)
}

extension Msg {
    public static func conflicts(_ msg: ConflictsMsg) -> Msg { ConflictsScreen.message(msg) }
}

extension Command {
    public static func conflicts(_ command: ConflictsCommand) -> Command { ConflictsScreen.command(command) }
}

extension ConflictsScreen: ListScreenComponent, OpenableScreen {
    typealias Effect = ConflictsCommand

    var screen: Screen { .conflicts(self) }
    static func from(_ screen: Screen) -> ConflictsScreen? {
        if case .conflicts(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .conflicts }
    static let paletteWords = ["conflicts", "conflict"]
    static let paletteTitle = "Open sync conflicts"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (ConflictsScreen, [Command]) {
        (ConflictsScreen(returnFocus: returnFocus), [.conflicts(.load)])
    }

    mutating func update(_ msg: ConflictsMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            self.rows = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            return []
        }
    }

    /// The header counts what is open wherever the list arrives.
    static func noticed(_ msg: ConflictsMsg, _ header: inout HeaderState) {
        if case .loaded(let rows) = msg { header.openConflicts = rows.count }
    }

    /// `<` / `>` on the conflict under the cursor.
    func keep(current: Bool) -> [ConflictsCommand] {
        guard let rows, rows.indices.contains(cursor) else { return [] }
        return [.resolve(id: rows[cursor].id, keepCurrent: current)]
    }

    var keyContexts: [Action.Context] { [.conflicts] }
    var mode: String? { " CONFLICTS " }

    var rowCount: Int { rows?.count ?? 0 }

    func performOwn(_ action: Action) -> [Command]? {
        switch action {
        case .keepCurrent: return keep(current: true).map(Command.conflicts)
        case .restoreLost: return keep(current: false).map(Command.conflicts)
        default: return nil
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.conflicts(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { ConflictsView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.keepCurrent)) keep current", "\(k(.restoreLost)) bring back lost", "\(k(.sync)) sync", "Esc back"]
            .joined(separator: ctx.dot)
    }
}

extension Model {
    mutating func openConflicts() -> [Command] { open(ConflictsScreen.self) }
}
