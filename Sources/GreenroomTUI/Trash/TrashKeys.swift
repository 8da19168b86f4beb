import GreenroomCore

extension Action.Context {
    public static let trash = Action.Context("trash", "Trash")
}

extension Action {
    public static let trash = Action("app.trash", .global, "Trash: deleted creators, tickets, activities, programs… to restore (:trash)", keys: [])
    public static let restoreFromTrash = Action("trash.restore", .trash, "Restore the deleted record", keys: [.char("r")])
}

/// Opening the trash, and restoring from it.
extension TrashScreen {
    static let contexts: [Action.Context] = [.trash]
    static let actions: [Action] = [.trash, .restoreFromTrash]
}
