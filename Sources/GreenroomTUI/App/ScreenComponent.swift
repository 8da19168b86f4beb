import GreenroomCore

/// What a screen's update needs from the rest of the model.
struct ScreenEnv {
    /// Who "me" is (a member handle), if known.
    var me: String?
    /// Rows the screen's body shows (for page moves).
    var bodyHeight: Int
    /// The team's settings (time zone, stages) and now.
    var settings: TeamSettings
    var now: Millis
    /// " · ", or " - " without Unicode.
    var dot: String
    /// Rows and columns of the body (the whole screen less header and status line).
    var bodyRows: Int
    var bodyWidth: Int
    /// What views draw with (a ticket's timeline is measured with it).
    var view: ViewContext
    /// What the screen asks of the root while it answers a key (a toast, a dialog, a screen to
    /// open over it); the root answers them in order after the screen's own commands.
    var asks: [ScreenRequest] = []

    mutating func ask(_ request: ScreenRequest) { asks.append(request) }

    /// "2026-W47 · partial, 4 of 7 days".
    func spanLabel(_ span: KPIPeriodSpan) -> String { TeamCalendar(zone: settings.zone).label(span, separator: dot) }
}

/// What `Esc` does on a screen.
enum BackStep {
    /// Back to `returnTo` (reloading it) or to the four panes, focus where it was.
    case leave
    /// Back to this screen (focus stays), with these commands; nil: what it reloads.
    case leaveTo(Screen, [Command]?)
    /// Back to the four panes, focus where it was, reloading this pane's window (a ticket's
    /// status may have changed its row).
    case leaveReloading(Pane)
    /// A step within the screen (an open campaign back to the list).
    case stay([Command])
}

/// What a screen asks of the root: a screen to open over it, or a toast.
enum ScreenRequest: Hashable {
    case creator(id: String)
    case ticket(id: String)
    case drill(DrillRequest, title: String, span: KPIPeriodSpan? = nil)
    case campaign(id: String)
    /// A program's board, or a workshop's attendance (from the Review's effects).
    case program(id: String)
    case workshop(id: String, title: String)
    /// A teammate's agent page (issue 25).
    case agent(handle: String)
    /// The 1:1 screen with a teammate (issue 25).
    case oneOnOne(handle: String)
    case toast(String, Toast.Kind)
    /// A picker, prompt or confirmation over the screen.
    case overlay(Overlay)
}

/// A screen over the four panes that owns its state, messages, commands, update and view.
///
/// A screen conforms in its own folder (its keys too: `FeatureKeys`) and is registered by one
/// line in `Features.all` and one case of `Screen`; routing, the palette, reload, back, the status line and drawing
/// iterate the registry. Its messages reach it through `Msg.screen` (`ScreenMsg`), its
/// commands reach the runner through `Command.screen` (`ScreenCommand`), so neither root
/// enum grows with it.
protocol ScreenComponent: FeatureKeys, Hashable, Sendable {
    /// The screen's own messages.
    associatedtype Message: Sendable
    /// The screen's own commands (the runner's effects for it run them).
    associatedtype Effect: Hashable, Sendable

    /// Itself, wrapped in its case of the root's screen enum, and back.
    var screen: Screen { get }
    static func from(_ screen: Screen) -> Self?

    /// A message of its own, while it is open.
    mutating func update(_ msg: Message, _ env: ScreenEnv) -> [Command]
    /// What the rest of the screen learns from a message of its own, open or not (the
    /// header's conflict count). Most screens: nothing.
    static func noticed(_ msg: Message, _ header: inout HeaderState)

    /// The pane focus returns to when the screen closes.
    var returnFocus: Pane { get }
    /// The key contexts in effect on it, most specific first; the global context follows.
    var keyContexts: [Action.Context] { get }
    /// The mode the status line shows (" TRASH "); nil: the four panes' (" NORMAL ").
    var mode: String? { get }
    /// The screen `Esc` goes back to (a drill-down's Review); nil: the four panes.
    var returnTo: Screen? { get }
    /// `Esc`: leave (to `returnTo` or the panes), or a step back within the screen.
    mutating func back(_ env: inout ScreenEnv) -> BackStep
    /// An action from the key map; nil when the screen does not take it. What it asks of the
    /// root (a screen to open over it — `Enter` on a row, and `Esc` there comes back — a
    /// dialog, a toast) goes in `env.asks`.
    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]?
    /// What it needs loaded again when it is shown again or the data changed.
    func reload(_ env: ScreenEnv) -> [Command]
    /// Draws its state in the body.
    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect)
    /// The keys the status line offers on it.
    func hints(_ ctx: ViewContext) -> String
    /// Background tasks whose results fill a section of this screen that says itself that it
    /// is loading (the Review's running campaigns and program effects, below its first page):
    /// the status line leaves them out, so work nobody is looking at does not flicker there.
    var inlineTasks: Set<String> { get }
}

/// A screen an action opens (a key, the palette's list, or words typed in the palette),
/// rather than one another screen leads to (a drill-down).
protocol OpenableScreen: ScreenComponent {
    /// The action that opens it (a key or the palette's list).
    static var openAction: Action { get }
    /// Words that open it when typed in the palette (`:trash`), and what the palette says then.
    static var paletteWords: [String] { get }
    static var paletteTitle: String { get }
    /// The screen as it opens (focus returns to `returnFocus` when it closes), and what it loads.
    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (Self, [Command])
}

extension OpenableScreen {
    /// Most screens open by their key or the palette's list only.
    static var paletteWords: [String] { [] }
    static var paletteTitle: String { openAction.title }
}

extension ScreenComponent {
    static func noticed(_ msg: Message, _ header: inout HeaderState) {}
    var mode: String? { nil }
    var returnTo: Screen? { nil }
    mutating func back(_ env: inout ScreenEnv) -> BackStep { .leave }
    var inlineTasks: Set<String> { [] }

    /// Its message, wrapped for the root.
    static func message(_ msg: Message) -> Msg { .screen(ScreenMsg(msg, to: Self.self)) }
    /// Its command, wrapped for the root.
    static func command(_ effect: Effect) -> Command { .screen(ScreenCommand(effect)) }
    static var commandType: Any.Type { Effect.self }
}

/// What the header shows that a screen's messages may change.
public struct HeaderState: Hashable, Sendable {
    /// Conflicts sync kept that nobody has looked at yet.
    public var openConflicts = 0
}

/// A screen's message on its way to the screen: `update` hands it to the screen if it is open.
public struct ScreenMsg: Sendable {
    let deliver: @Sendable (inout Model) -> [Command]

    init<S: ScreenComponent>(_ msg: S.Message, to type: S.Type) {
        deliver = { model in
            S.noticed(msg, &model.header)
            let env = model.screenEnv
            return model.updateScreen(S.self) { $0.update(msg, env) }
        }
    }
}

/// A screen's command on its way to the runner, which finds the effects that run it by its
/// type (the runner's `ScreenEffects` conformances, one per screen, beside its effects).
public struct ScreenCommand: Hashable, Sendable {
    public let base: any Hashable & Sendable

    public init(_ base: any Hashable & Sendable) { self.base = base }

    public static func == (a: ScreenCommand, b: ScreenCommand) -> Bool { AnyHashable(a.base) == AnyHashable(b.base) }
    public func hash(into hasher: inout Hasher) { AnyHashable(base).hash(into: &hasher) }
}

extension Screen {
    /// The screen as a component, for the screens that are one.
    var component: (any ScreenComponent)? {
        for type in Screens.all {
            if let s = type.from(self) { return s }
        }
        return nil
    }
}

extension Model {
    /// Runs `body` on the screen when it is an `S`, and keeps what it changed.
    mutating func updateScreen<S: ScreenComponent>(_ type: S.Type, _ body: (inout S) -> [Command]) -> [Command] {
        guard var s = S.from(screen) else { return [] }
        let commands = body(&s)
        screen = s.screen
        return commands
    }

    /// Opens a registered screen over whatever is shown (closing any overlay).
    mutating func open<S: OpenableScreen>(_ type: S.Type) -> [Command] {
        overlay = nil
        let (s, commands) = S.opened(returnFocus: returnFocusForScreens, screenEnv)
        screen = s.screen
        return commands
    }

    /// `action` opens a registered screen: open it.
    mutating func openScreen(for action: Action) -> [Command]? {
        guard let type = Screens.openable.first(where: { $0.openAction == action }) else { return nil }
        return open(type)
    }

    var screenEnv: ScreenEnv {
        ScreenEnv(me: me, bodyHeight: max(1, layout.body.height - 4), settings: settings, now: now, dot: capabilities.unicode ? " · " : " - ",
                  bodyRows: layout.body.height, bodyWidth: layout.body.width, view: viewContext)
    }

    /// Does what a screen asked: opens the screen (`Esc` there comes back), or says something.
    mutating func answer(_ request: ScreenRequest) -> [Command] {
        switch request {
        case .creator(let id): return openCreatorReturningHere(id)
        case .ticket(let id): return openTicketReturningHere(id)
        case .drill(let request, let title, let span): return openDrill(request, title: title, span: span)
        case .campaign(let id): return openCampaignReturningHere(id)
        case .program(let id): return openProgramReturningHere(id)
        case .workshop(let id, let title): return openWorkshopReturningHere(id, title: title)
        case .agent(let handle): return openAgent(handle)
        case .oneOnOne(let handle): return openOneOnOne(handle)
        case .toast(let text, let kind): showToast(text, kind: kind); return []
        case .overlay(let o): overlay = o; return []
        }
    }
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
    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
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
