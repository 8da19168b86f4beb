import GreenroomCore

extension Action.Context {
    public static let cohorts = Action.Context("cohorts", "Cohort retention")
}

extension Action {
    public static let cohorts = Action("app.cohorts", .global, "Cohort retention by activation week (:cohorts)", keys: [])
    public static let cohortLeft = Action("cohorts.left", .cohorts, "Cohort week to the left", keys: [.char("h"), .left])
    public static let cohortRight = Action("cohorts.right", .cohorts, "Cohort week to the right", keys: [.char("l"), .right])
}

/// Opening cohort retention, and its weeks.
extension CohortScreen {
    static let contexts: [Action.Context] = [.cohorts]
    static let actions: [Action] = [.cohorts, .cohortLeft, .cohortRight]
}
