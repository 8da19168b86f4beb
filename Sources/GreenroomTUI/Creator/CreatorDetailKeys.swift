import GreenroomCore

extension Action.Context {
    public static let detail = Action.Context("detail", "Creator detail")
}

extension Action {
    public static let toggleDone = Action("detail.toggle_done", .detail, "Mark the follow-up done or not", keys: [.char(" ")])
}

/// The creator detail screen.
extension CreatorScreen {
    static let contexts: [Action.Context] = [.detail]
    static let actions: [Action] = [.toggleDone]
}
