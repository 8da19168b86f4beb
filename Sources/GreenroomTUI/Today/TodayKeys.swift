import GreenroomCore

extension Action.Context {
    public static let today = Action.Context("today", "Today")
}

extension Action {
    public static let today = Action("app.today", .global, "Today: follow-ups, breaching tickets, idle creators, rotting cards", keys: [.char("t")])
    public static let todayScope = Action("today.scope", .today, "Today for me or the whole team", keys: [.char("a")])
}

/// Opening Today, and its scope.
extension TodayScreen {
    static let contexts: [Action.Context] = [.today]
    static let actions: [Action] = [.today, .todayScope]
}
