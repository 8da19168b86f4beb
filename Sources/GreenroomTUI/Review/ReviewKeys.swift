import GreenroomCore

extension Action.Context {
    public static let review = Action.Context("review", "Review")
}

extension Action {
    public static let review = Action("app.review", .global, "Review: the week's KPIs, agents, managers, breaches, categories", keys: [.char("R")])
    public static let reviewPreviousWeek = Action("review.previous_week", .review, "Review the week before", keys: [.char("["), .char("h"), .left])
    public static let reviewNextWeek = Action("review.next_week", .review, "Review the week after", keys: [.char("]"), .char("l"), .right])
}

/// Opening the Review, and its weeks.
extension ReviewScreen {
    static let contexts: [Action.Context] = [.review]
    static let actions: [Action] = [.review, .reviewPreviousWeek, .reviewNextWeek]
}
