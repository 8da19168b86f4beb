import GreenroomCore

/// What a screen's update needs from the rest of the model.
struct ScreenEnv {
    /// Who "me" is (a member handle), if known.
    var me: String?
    /// Rows the screen's body shows (for page moves).
    var bodyHeight: Int
}

/// A screen over the four panes that owns its state, messages, commands, update and view.
/// The root reaches it through `Screen.component` (one line there registers a screen); its
/// messages and commands are one case each of `Msg` and `Command`.
protocol ScreenComponent: Sendable {
    /// The pane focus returns to when the screen closes.
    var returnFocus: Pane { get }
    /// The key contexts in effect on it, most specific first; the global context follows.
    var keyContexts: [Action.Context] { get }
    /// The mode the status line shows (" TRASH ").
    var mode: String { get }
    /// An action from the key map; nil when the screen does not take it.
    mutating func perform(_ action: Action, _ env: ScreenEnv) -> [Command]?
    /// What it needs loaded again when it is shown again or the data changed.
    func reload(_ env: ScreenEnv) -> [Command]
    /// Draws its state in the body.
    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect)
    /// The keys the status line offers on it.
    func hints(_ ctx: ViewContext) -> String
    /// Itself, wrapped back in the root's screen enum.
    var screen: Screen { get }
}

extension Screen {
    /// The screen as a component, for the screens that are one.
    var component: (any ScreenComponent)? {
        switch self {
        case .trash(let s): return s
        case .conflicts(let s): return s
        default: return nil
        }
    }
}

extension Model {
    /// Runs `body` on the screen when it is an `S`, and keeps what it changed.
    mutating func updateScreen<S: ScreenComponent>(_ type: S.Type, _ body: (inout S) -> [Command]) -> [Command] {
        guard var s = screen.component as? S else { return [] }
        let commands = body(&s)
        screen = s.screen
        return commands
    }

    var screenEnv: ScreenEnv { ScreenEnv(me: me, bodyHeight: max(1, layout.body.height - 4)) }
}

/// A screen that is one list with a cursor (conflicts, the trash): the movement keys move
/// the cursor; `performOwn` takes the screen's own actions.
protocol ListScreenComponent: ScreenComponent {
    var cursor: Int { get set }
    /// Rows in the list (0 while loading).
    var rowCount: Int { get }
    func performOwn(_ action: Action) -> [Command]?
}

extension ListScreenComponent {
    mutating func perform(_ action: Action, _ env: ScreenEnv) -> [Command]? {
        guard ListCursor.movements.contains(action) else { return performOwn(action) }
        cursor = ListCursor.move(cursor, action, total: rowCount, height: env.bodyHeight)
        return []
    }
}

/// A list screen's cursor after a movement key (j/k, g/G, half and whole pages).
enum ListCursor {
    static func move(_ cursor: Int, _ action: Action, total: Int, height: Int) -> Int {
        total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: cursor, total: total, height: height)))
    }

    static let movements: Set<Action> = [.down, .up, .top, .bottom, .halfPageDown, .halfPageUp, .pageDown, .pageUp]
}
