import GreenroomCore

extension Action.Context {
    public static let creator = Action.Context("creator", "Roster, board and creator detail")
}

extension Action {
    public static let newCreator = Action("creator.new", .creator, "New creator", keys: [.char("n")])
    public static let editCreator = Action("creator.edit", .creator, "Edit creator", keys: [.char("e")])
    public static let deleteCreator = Action("creator.delete", .creator, "Delete creator", keys: [.char("d")])
    public static let addActivity = Action("creator.activity", .creator, "Log a note, call, coaching or workshop", keys: [.char("c")])
}

/// Creating, editing and deleting creators and logging activities (roster, board and detail).
enum CreatorKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.creator]
    static let actions: [Action] = [.newCreator, .editCreator, .deleteCreator, .addActivity]
}
