import GreenroomCore

extension Action.Context {
    public static let today = Action.Context("today", "Today")
}

extension Action {
    public static let today = Action("app.today", .global, "Today: follow-ups, breaching tickets, idle creators, rotting cards", keys: [.char("t")])
    public static let todayScope = Action("today.scope", .today, "Today for me or the whole team", keys: [.char("a")])
    public static let todayDone = Action("today.done", .today, "Mark the follow-up done", keys: [.char(" ")])
    public static let todaySnooze = Action("today.snooze", .today, "Snooze the follow-up (tomorrow 9:00, mon, +3d, +2h)", keys: [.char("w")])
    public static let todayReschedule = Action("today.reschedule", .today, "Reschedule the follow-up to a date", keys: [.char("e")])
}

/// Opening Today, and its scope.
extension TodayScreen {
    static let contexts: [Action.Context] = [.today]
    static let actions: [Action] = [.today, .todayScope, .todayDone, .todaySnooze, .todayReschedule]
}
