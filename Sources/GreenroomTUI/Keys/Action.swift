/// Everything a key can do in the main screen. Key bindings, the help overlay, the command
/// palette and the README's key table are all generated from this list and `KeyMap`.
public enum Action: String, CaseIterable, Sendable {
    case quit = "app.quit"
    case help = "app.help"
    case palette = "app.palette"
    case back = "app.back"
    case redraw = "app.redraw"
    case focusNext = "focus.next"
    case focusPrevious = "focus.previous"
    case focusRoster = "focus.roster"
    case focusPipeline = "focus.pipeline"
    case focusTickets = "focus.tickets"
    case focusKPIs = "focus.kpis"
    case zoom = "pane.zoom"
    case down = "cursor.down"
    case up = "cursor.up"
    case top = "cursor.top"
    case bottom = "cursor.bottom"
    case halfPageDown = "cursor.half_page_down"
    case halfPageUp = "cursor.half_page_up"
    case pageDown = "cursor.page_down"
    case pageUp = "cursor.page_up"
    case columnLeft = "board.column_left"
    case columnRight = "board.column_right"

    /// Where a binding applies: everywhere, or only while a pane has focus.
    public enum Context: String, CaseIterable, Sendable {
        case global, pipeline
        public var title: String {
            switch self {
            case .global: return "Everywhere"
            case .pipeline: return "Pipeline"
            }
        }
    }

    public var context: Context {
        switch self {
        case .columnLeft, .columnRight: return .pipeline
        default: return .global
        }
    }

    /// A short imperative title, as shown in help and the palette.
    public var title: String {
        switch self {
        case .quit: return "Quit"
        case .help: return "Show or hide help"
        case .palette: return "Command palette"
        case .back: return "Back / unzoom"
        case .redraw: return "Redraw the screen"
        case .focusNext: return "Next pane"
        case .focusPrevious: return "Previous pane"
        case .focusRoster: return "Focus Roster"
        case .focusPipeline: return "Focus Pipeline"
        case .focusTickets: return "Focus Tickets"
        case .focusKPIs: return "Focus KPIs"
        case .zoom: return "Zoom the focused pane"
        case .down: return "Move down"
        case .up: return "Move up"
        case .top: return "Go to the top"
        case .bottom: return "Go to the bottom"
        case .halfPageDown: return "Half a page down"
        case .halfPageUp: return "Half a page up"
        case .pageDown: return "Page down"
        case .pageUp: return "Page up"
        case .columnLeft: return "Column to the left"
        case .columnRight: return "Column to the right"
        }
    }

    public var defaultKeys: [Key] {
        switch self {
        case .quit: return [.char("q")]
        case .help: return [.char("?")]
        case .palette: return [.char(":")]
        case .back: return [.esc]
        case .redraw: return [.ctrl("l")]
        case .focusNext: return [.tab]
        case .focusPrevious: return [.backTab]
        case .focusRoster: return [.char("1")]
        case .focusPipeline: return [.char("2")]
        case .focusTickets: return [.char("3")]
        case .focusKPIs: return [.char("4")]
        case .zoom: return [.char("z")]
        case .down: return [.char("j"), .down]
        case .up: return [.char("k"), .up]
        case .top: return [.char("g"), .home]
        case .bottom: return [.char("G"), .end]
        case .halfPageDown: return [.ctrl("d")]
        case .halfPageUp: return [.ctrl("u")]
        case .pageDown: return [.pageDown, .ctrl("f")]
        case .pageUp: return [.pageUp, .ctrl("b")]
        case .columnLeft: return [.char("h"), .left]
        case .columnRight: return [.char("l"), .right]
        }
    }
}
