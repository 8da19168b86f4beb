import GreenroomCore

extension Action.Context {
    public static let pipeline = Action.Context("pipeline", "Pipeline")
}

extension Action {
    public static let columnLeft = Action("board.column_left", .pipeline, "Column to the left", keys: [.char("h"), .left])
    public static let columnRight = Action("board.column_right", .pipeline, "Column to the right", keys: [.char("l"), .right])
    public static let moveCardLeft = Action("board.move_left", .pipeline, "Move the card back one stage", keys: [.char("H"), .char("<")])
    public static let moveCardRight = Action("board.move_right", .pipeline, "Move the card on one stage", keys: [.char("L"), .char(">")])
    public static let moveCardTo = Action("board.move_to", .pipeline, "Move the card to a stage…", keys: [.char("M")])
    public static let boardSelect = Action("board.select", .pipeline, "Select or unselect the card", keys: [.char("x")])
    public static let boardFilter = Action("board.filter", .pipeline, "Filter the board", keys: [.char("/")])
    public static let toggleSide = Action("board.toggle_side", .pipeline, "Show or fold paused and lost", keys: [.char("Z")])
    public static let funnel = Action("board.funnel", .pipeline, "Show the funnel or the board", keys: [.char("f")])
    public static let funnelWindow = Action("board.funnel_window", .pipeline, "Funnel window 30 or 90 days", keys: [.char("w")])
}

/// The board.
enum PipelineKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.pipeline]
    static let actions: [Action] = [.columnLeft, .columnRight, .moveCardLeft, .moveCardRight, .moveCardTo, .boardSelect, .boardFilter, .toggleSide, .funnel, .funnelWindow]
}
