import GreenroomCore

extension Action.Context {
    public static let global = Action.Context("global", "Everywhere")
}

extension Action {
    public static let quit = Action("app.quit", .global, "Quit", keys: [.char("q")])
    public static let help = Action("app.help", .global, "Show or hide help (on a KPI row: what the number counts)", keys: [.char("?")])
    public static let palette = Action("app.palette", .global, "Command palette", keys: [.char(":")])
    public static let back = Action("app.back", .global, "Back / unzoom / clear", keys: [.esc])
    public static let redraw = Action("app.redraw", .global, "Redraw the screen", keys: [.ctrl("l")])
    public static let undo = Action("app.undo", .global, "Undo the last change", keys: [.char("u")])
    public static let redo = Action("app.redo", .global, "Redo what was undone", keys: [.ctrl("r")])
    public static let focusNext = Action("focus.next", .global, "Next pane", keys: [.tab])
    public static let focusPrevious = Action("focus.previous", .global, "Previous pane", keys: [.backTab])
    public static let focusRoster = Action("focus.roster", .global, "Focus Roster", keys: [.char("1")])
    public static let focusPipeline = Action("focus.pipeline", .global, "Focus Pipeline", keys: [.char("2")])
    public static let focusTickets = Action("focus.tickets", .global, "Focus Tickets", keys: [.char("3")])
    public static let focusKPIs = Action("focus.kpis", .global, "Focus KPIs", keys: [.char("4")])
    public static let zoom = Action("pane.zoom", .global, "Zoom the focused pane", keys: [.char("z")])
    public static let open = Action("item.open", .global, "Open the selected item", keys: [.enter])
    public static let down = Action("cursor.down", .global, "Move down", keys: [.char("j"), .down])
    public static let up = Action("cursor.up", .global, "Move up", keys: [.char("k"), .up])
    public static let top = Action("cursor.top", .global, "Go to the top", keys: [.char("g"), .home])
    public static let bottom = Action("cursor.bottom", .global, "Go to the bottom", keys: [.char("G"), .end])
    public static let halfPageDown = Action("cursor.half_page_down", .global, "Half a page down", keys: [.ctrl("d")])
    public static let halfPageUp = Action("cursor.half_page_up", .global, "Half a page up", keys: [.ctrl("u")])
    public static let pageDown = Action("cursor.page_down", .global, "Page down", keys: [.pageDown, .ctrl("f")])
    public static let pageUp = Action("cursor.page_up", .global, "Page up", keys: [.pageUp, .ctrl("b")])
}

/// Keys that work everywhere: quit, help, the palette, back, undo, focus, zoom, open and the cursor.
enum AppKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.global]
    static let actions: [Action] = [.quit, .help, .palette, .back, .redraw, .undo, .redo, .focusNext, .focusPrevious, .focusRoster, .focusPipeline, .focusTickets, .focusKPIs, .zoom, .open, .down, .up, .top, .bottom, .halfPageDown, .halfPageUp, .pageDown, .pageUp]
}
