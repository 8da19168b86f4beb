import GreenroomCore

/// The measured effect of an open program, as it loads (a scan of every creator, off the loop).
public enum EffectLoad: Hashable, Sendable {
    case loading
    /// Nothing to compare yet (no participant with a match, or nothing after the anchor).
    case none
    case result(MatchedEffect.Result)
}

/// One open program: its board (columns = modules, then done), the cursor, and the effect.
public struct ProgramBoardState: Hashable, Sendable {
    public var id: String
    public var data: ProgramBoardData?
    public var effect: EffectLoad = .loading
    public var column = 0
    public var row = 0

    public init(id: String) { self.id = id }

    /// The card under the cursor.
    public var selected: ProgramBoard.Card? {
        guard let columns = data?.board.columns, columns.indices.contains(column), columns[column].cards.indices.contains(row) else { return nil }
        return columns[column].cards[row]
    }
}

/// Programs (`:programs`): the list (modules, enrolled, completed); `Enter` opens a program's
/// board — who stands at which module, longest without progress first, `!` past the stuck
/// threshold — with its funnel and the matched effect above it. `L`/`>` records that the
/// creator under the cursor finished the module they stand at, `H`/`<` takes the last one
/// back, `Enter` opens the creator. `d` removes the program under the cursor, or the one open
/// (`RecordRemovalKeys`).
public struct ProgramsScreen: Hashable, Sendable {
    public var summaries: [ProgramSummary]?
    public var cursor = 0
    public var open: ProgramBoardState?
    public var returnFocus: Pane
    /// The screen a board opened from elsewhere (the Review) goes back to with `Esc`.
    public var returnTo: Screen?

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }

    /// Lines of an open program above its columns (inside the frame).
    static let headerLines = 6

    /// Cards a column can show in a body of `bodyRows`.
    static func cardsPerColumn(bodyRows: Int) -> Int { max(1, bodyRows - 2 - headerLines - 1) }
}

/// What happens to the programs screen.
public enum ProgramsMsg: Sendable {
    case loaded([ProgramSummary])
    case boardLoaded(id: String, ProgramBoardData?)
    case effectLoaded(id: String, MatchedEffect.Result?)
    /// A change made from the board (the one-line summary): reload it.
    case changed(String)
}

/// What the programs screen asks the runtime for.
public enum ProgramsCommand: Hashable, Sendable {
    case load
    case loadBoard(id: String, cardsPerColumn: Int)
    case loadEffect(id: String)
    case advance(programID: String, creatorID: String)
    case takeBack(programID: String, creatorID: String)
    /// Enrol creators (the roster's selection) in the program a name names.
    case enrol(program: String, creatorIDs: [String])
}

extension Msg {
    public static func programs(_ msg: ProgramsMsg) -> Msg { ProgramsScreen.message(msg) }
}

extension Command {
    public static func programs(_ command: ProgramsCommand) -> Command { ProgramsScreen.command(command) }
}

extension PaletteCommand {
    /// `:programs`.
    public static let programs = PaletteCommand.screen(.programs)
}

extension ProgramsScreen: OpenableScreen {
    typealias Effect = ProgramsCommand

    var screen: Screen { .programs(self) }
    static func from(_ screen: Screen) -> ProgramsScreen? {
        if case .programs(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .programs }
    static let paletteWords = ["programs", "program", "education"]
    static let paletteTitle = "Open programs"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (ProgramsScreen, [Command]) {
        (ProgramsScreen(returnFocus: returnFocus), [.programs(.load)])
    }

    mutating func update(_ msg: ProgramsMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            summaries = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            return []
        case .boardLoaded(let id, let data):
            guard var open, open.id == id else { return [] }
            guard let data else {
                self.open = nil
                return [.programs(.load)]
            }
            open.data = data
            open.column = min(open.column, max(0, data.board.columns.count - 1))
            open.row = min(open.row, max(0, (data.board.columns.indices.contains(open.column) ? data.board.columns[open.column].cards.count : 0) - 1))
            self.open = open
            return []
        case .effectLoaded(let id, let result):
            guard var open, open.id == id else { return [] }
            open.effect = result.map(EffectLoad.result) ?? .none
            self.open = open
            return []
        case .changed:
            return reload(env)
        }
    }

    var keyContexts: [Action.Context] { open == nil ? [.records] : [.programs, .records] }
    var mode: String? { " PROGRAMS " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .programs { return open == nil ? [.programs(.load)] : [] }
        guard var open else {
            if ListCursor.movements.contains(action) {
                cursor = ListCursor.move(cursor, action, total: summaries?.count ?? 0, height: env.bodyRows - 3)
                return []
            }
            guard action == .open || action == .removeRecord, let rows = summaries, rows.indices.contains(cursor) else {
                return action == .removeRecord ? [] : nil
            }
            if action == .removeRecord { return [.removal(.plan(.program(id: rows[cursor].program.id)))] }
            let opened = ProgramBoardState(id: rows[cursor].program.id)
            self.open = opened
            return [.programs(.loadBoard(id: opened.id, cardsPerColumn: ProgramsScreen.cardsPerColumn(bodyRows: env.bodyRows))),
                    .programs(.loadEffect(id: opened.id))]
        }
        let columns = open.data?.board.columns ?? []
        func cards(_ c: Int) -> Int { columns.indices.contains(c) ? columns[c].cards.count : 0 }
        switch action {
        case .programLeft, .programRight:
            guard !columns.isEmpty else { return [] }
            open.column = max(0, min(columns.count - 1, open.column + (action == .programRight ? 1 : -1)))
            open.row = min(open.row, max(0, cards(open.column) - 1))
        case _ where ListCursor.movements.contains(action):
            open.row = ListCursor.move(open.row, action, total: cards(open.column), height: ProgramsScreen.cardsPerColumn(bodyRows: env.bodyRows))
        case .open:
            if let card = open.selected { env.ask(.creator(id: card.creatorID)) }
            return []
        case .removeRecord:
            return [.removal(.plan(.program(id: open.id)))]
        case .programAdvance, .programTakeBack:
            guard let card = open.selected else { return [] }
            self.open = open
            return [.programs(action == .programAdvance ? .advance(programID: open.id, creatorID: card.creatorID)
                                                         : .takeBack(programID: open.id, creatorID: card.creatorID))]
        default:
            return nil
        }
        self.open = open
        return []
    }

    /// `Esc`: from a board to the list, from the list to the panes; a board opened from the
    /// Review goes back there.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        guard open != nil, returnTo == nil else { return .leave }
        open = nil
        return .stay([.programs(.load)])
    }

    func reload(_ env: ScreenEnv) -> [Command] {
        guard let open else { return [.programs(.load)] }
        return [.programs(.loadBoard(id: open.id, cardsPerColumn: ProgramsScreen.cardsPerColumn(bodyRows: env.bodyRows)))]
    }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { ProgramsView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil {
            return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) board", "\(k(.removeRecord)) remove", ":enrol program NAME enrols the roster's selection",
                    "Esc back"].joined(separator: ctx.dot)
        }
        return ["\(k(.programLeft))/\(k(.programRight)) module", "\(k(.down))/\(k(.up)) creator", "\(k(.programAdvance)) finished",
                "\(k(.programTakeBack)) take back", "\(k(.open)) creator", "Esc back", "\(k(.removeRecord)) remove program"].joined(separator: ctx.dot)
    }
}

extension Model {
    /// A program's board over the screen shown (the Review), which `Esc` comes back to.
    mutating func openProgramReturningHere(_ id: String) -> [Command] {
        var s = ProgramsScreen(returnFocus: returnFocusForScreens)
        s.returnTo = screen
        s.open = ProgramBoardState(id: id)
        screen = .programs(s)
        return [.programs(.loadBoard(id: id, cardsPerColumn: ProgramsScreen.cardsPerColumn(bodyRows: screenEnv.bodyRows))), .programs(.loadEffect(id: id))]
    }

    /// `:enrol program NAME`: the roster's selection, else the creator under the cursor.
    mutating func enrolSelection(inProgram program: String) -> [Command] {
        overlay = nil
        var ids = roster.selection.sorted()
        if ids.isEmpty, let id = currentCreatorID { ids = [id] }
        guard !ids.isEmpty else {
            showToast("Select creators in the roster first (x, or X for every match of the filter), then :enrol program NAME", kind: .error)
            return []
        }
        guard !program.trimmingCharacters(in: .whitespaces).isEmpty else {
            showToast("Say which program: :enrol program NAME", kind: .error)
            return []
        }
        roster.selection.removeAll()
        return [.programs(.enrol(program: program, creatorIDs: ids))]
    }
}
