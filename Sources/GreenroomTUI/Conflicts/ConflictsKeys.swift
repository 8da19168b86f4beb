import GreenroomCore

extension Action.Context {
    public static let conflicts = Action.Context("conflicts", "Sync conflicts")
}

extension Action {
    public static let conflicts = Action("app.conflicts", .global, "Sync conflicts: both values side by side (:conflicts)", keys: [])
    public static let keepCurrent = Action("conflicts.keep_current", .conflicts, "Keep the conflict's current value", keys: [.char("<"), .char("c")])
    public static let restoreLost = Action("conflicts.restore_lost", .conflicts, "Bring back the conflict's value that lost",
                                           keys: [.char(">"), .char("b")])
}

/// Opening sync conflicts, and deciding them.
extension ConflictsScreen {
    static let contexts: [Action.Context] = [.conflicts]
    static let actions: [Action] = [.conflicts, .keepCurrent, .restoreLost]
}
