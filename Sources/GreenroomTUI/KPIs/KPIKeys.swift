import GreenroomCore

extension Action.Context {
    public static let kpis = Action.Context("kpis", "KPIs")
}

extension Action {
    public static let kpiUnitPrevious = Action("kpis.previous_unit", .kpis, "KPIs by the previous period length (months, days, weeks)",
                                               keys: [.char("[")])
    public static let kpiUnitNext = Action("kpis.next_unit", .kpis, "KPIs by the next period length (days, weeks, months)", keys: [.char("]")])
    public static let kpiToDate = Action("kpis.to_date", .kpis, "KPIs: the current week or month so far (partial), or the last complete one",
                                         keys: [.char("p")])
}

/// The KPI pane.
enum KPIKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.kpis]
    static let actions: [Action] = [.kpiUnitPrevious, .kpiUnitNext, .kpiToDate]
}
