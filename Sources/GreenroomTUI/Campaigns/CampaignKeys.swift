import GreenroomCore

extension Action.Context {
    public static let campaigns = Action.Context("campaigns", "Campaigns")
}

extension Action {
    public static let campaigns = Action("app.campaigns", .global, "Campaigns: goals, progress against pace, tiers, who is at risk (:campaigns)",
                                         keys: [.char("C")])
    public static let campaignAtRisk = Action("campaigns.at_risk", .campaigns, "Only creators at risk, or everyone", keys: [.char("a")])
    public static let campaignPlan = Action("campaigns.plan", .campaigns, "Split the goal over the creators (even or by baseline)",
                                            keys: [.char("p")])
    public static let campaignTarget = Action("campaigns.target", .campaigns, "Edit the creator's target", keys: [.char("e")])
    public static let campaignUnenrol = Action("campaigns.unenrol", .campaigns, "Unenrol the creator", keys: [.char("d")])
}

/// Opening campaigns, and working an open one.
extension CampaignsScreen {
    static let contexts: [Action.Context] = [.campaigns]
    static let actions: [Action] = [.campaigns, .campaignAtRisk, .campaignPlan, .campaignTarget, .campaignUnenrol]
}
