import GreenroomCore

extension Action.Context {
    public static let roster = Action.Context("roster", "Roster")
}

extension Action {
    public static let filter = Action("roster.filter", .roster, "Filter creators", keys: [.char("/")])
    public static let sortNext = Action("roster.sort_next", .roster, "Sort by the next column", keys: [.char("o")])
    public static let sortReverse = Action("roster.sort_reverse", .roster, "Reverse the sort", keys: [.char("O")])
    public static let views = Action("roster.views", .roster, "Pick a saved view", keys: [.char("v")])
    public static let toggleSelect = Action("roster.select", .roster, "Select or unselect", keys: [.char("x")])
    public static let selectAll = Action("roster.select_all", .roster, "Select all matches", keys: [.char("X")])
    public static let bulk = Action("roster.bulk", .roster, "Bulk action on the selection", keys: [.char("B")])
}

/// The roster pane.
enum RosterKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.roster]
    static let actions: [Action] = [.filter, .sortNext, .sortReverse, .views, .toggleSelect, .selectAll, .bulk]
}
