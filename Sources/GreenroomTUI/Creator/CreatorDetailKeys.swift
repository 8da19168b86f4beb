import GreenroomCore

extension Action.Context {
    public static let detail = Action.Context("detail", "Creator detail")
}

extension Action {
    public static let toggleDone = Action("detail.toggle_done", .detail, "Mark the follow-up done or not", keys: [.char(" ")])
    public static let detailStageBack = Action("detail.stage_back", .detail, "Move the creator back one stage (as H on the board)", keys: [.char("H"), .char("<")])
    public static let detailStageOn = Action("detail.stage_on", .detail, "Move the creator on one stage (as L on the board)", keys: [.char("L"), .char(">")])
    public static let detailStageTo = Action("detail.stage_to", .detail, "Move the creator to a stage… (as M on the board)", keys: [.char("M")])
}

/// The creator detail screen.
extension CreatorScreen {
    static let contexts: [Action.Context] = [.detail]
    static let actions: [Action] = [.toggleDone, .detailStageBack, .detailStageOn, .detailStageTo]
}
