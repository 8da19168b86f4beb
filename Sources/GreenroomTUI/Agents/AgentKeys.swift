import GreenroomCore

extension Action.Context {
    public static let agent = Action.Context("agent", "Agent page")
}

extension Action {
    public static let agentWeekBefore = Action("agent.week_before", .agent, "Show the week before in the values column", keys: [.char("h"), .char("["), .left])
    public static let agentWeekAfter = Action("agent.week_after", .agent, "Show the week after in the values column", keys: [.char("l"), .char("]"), .right])
}

/// The agent page's weeks.
extension AgentScreen {
    static let contexts: [Action.Context] = [.agent]
    static let actions: [Action] = [.agentWeekBefore, .agentWeekAfter, .openOneOnOne]
}
