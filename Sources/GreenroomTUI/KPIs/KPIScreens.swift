import GreenroomCore

/// The rows behind a number (`Enter` on a KPI, a Review cell or a cohort cell). `Enter` opens
/// a row's creator or ticket; `Esc` there comes back here, and `Esc` here goes back to where
/// the drill started.
public struct DrillScreen: Hashable, Sendable {
    public var request: DrillRequest
    public var title: String
    public var result: DrillResult?
    public var cursor = 0
    /// The screen to go back to (nil: the four panes).
    public var returnTo: Screen?
    public var returnFocus: Pane

    public init(request: DrillRequest, title: String, returnTo: Screen?, returnFocus: Pane) {
        self.request = request; self.title = title; self.returnTo = returnTo; self.returnFocus = returnFocus
    }
}

/// The weekly Review (`R`): a week picker (`[` / `]`), and every row drills down.
public struct ReviewScreen: Hashable, Sendable {
    /// The week shown; nil until the first load picks the last complete week.
    public var week: KPIPeriod?
    public var review: WeeklyReview?
    /// Campaigns running now (whatever the week shown), loaded beside the review.
    public var campaigns: [CampaignSummary] = []
    public var cursor = 0
    public var returnFocus: Pane

    public init(week: KPIPeriod?, returnFocus: Pane) { self.week = week; self.returnFocus = returnFocus }

    /// What `Enter` does on each selectable row, in screen order.
    public enum Item: Hashable, Sendable {
        case kpi(KPIID)
        case agent(String)
        case manager(String)
        case breached(String)
        /// "all N breached tickets": the drill-down, when the screen lists only the latest.
        case allBreached
        case category(TicketCategory)
        case campaign(String)
    }

    /// How many breached tickets the screen lists with their details (the latest); the rest
    /// are one `Enter` away in the drill-down.
    public static let breachedShown = 100

    public var items: [Item] {
        guard let r = review else { return [] }
        return r.kpis.map { .kpi($0.id) } + r.agents.map { .agent($0.handle) } + r.managers.map { .manager($0.handle) }
            + r.breached.map { .breached($0.id) } + (r.breachedCount > r.breached.count ? [.allBreached] : [])
            + r.categories.map { .category($0.category) } + campaigns.map { .campaign($0.campaign.id) }
    }
}

/// Cohort retention (`:cohorts`): activation weeks by week 0…8; `h`/`l` pick a week column,
/// `Enter` lists the cohort's creators (live that week first).
public struct CohortScreen: Hashable, Sendable {
    public var table: CohortTable?
    public var row = 0
    public var column = 1
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

extension Model {
    // MARK: KPI pane

    /// `[` / `]` on the KPI pane: days → weeks → months.
    mutating func switchKPIUnit(forward: Bool) -> [Command] {
        kpis.unit = forward ? kpis.unit.next : kpis.unit.previous
        return [.loadKPIs(unit: kpis.unit)]
    }

    mutating func kpisLoaded(unit: KPIPeriodUnit, series: [KPIPanelSeries]) -> [Command] {
        guard unit == kpis.unit else { return [] }
        kpis.series = series
        kpis.loaded = true
        kpis.cursor = min(kpis.cursor, max(0, series.count - 1))
        return []
    }

    /// `Enter` on a KPI: the rows behind its last complete period's value.
    mutating func drillKPI() -> [Command] {
        guard kpis.series.indices.contains(kpis.cursor) else { return [] }
        let series = kpis.series[kpis.cursor]
        guard let period = series.periods.last else { return [] }
        let label = series.current.map { KPIFormat.value($0, series.id) } ?? "—"
        return openDrill(.kpi(series.id, period, .all), title: "\(series.id.title) \(label) · \(periodLabel(period, kpis.unit))")
    }

    func periodLabel(_ p: KPIPeriod, _ unit: KPIPeriodUnit) -> String {
        let calendar = TeamCalendar(zone: settings.zone)
        switch unit {
        case .day: return DateInput.format(p.start, zone: settings.zone)
        case .week: return calendar.isoWeekString(p.start)
        case .month: return String(DateInput.format(p.start, zone: settings.zone).prefix(7))
        }
    }

    mutating func openDrill(_ request: DrillRequest, title: String) -> [Command] {
        let returnTo: Screen? = screen == .main ? nil : screen
        screen = .drill(DrillScreen(request: request, title: title, returnTo: returnTo, returnFocus: returnFocusForScreens))
        return [.loadDrill(request)]
    }

    /// The pane the four-pane screen gets focus back on, from any screen.
    var returnFocusForScreens: Pane {
        switch screen {
        case .main: return focus
        case .creator(let s): return s.returnFocus
        case .ticket(let s): return s.returnFocus
        case .today(let s): return s.returnFocus
        case .drill(let s): return s.returnFocus
        case .review(let s): return s.returnFocus
        case .cohorts(let s): return s.returnFocus
        case .conflicts(let s): return s.returnFocus
        case .trash(let s): return s.returnFocus
        case .campaigns(let s): return s.returnFocus
        }
    }

    mutating func drillLoaded(_ request: DrillRequest, _ result: DrillResult) -> [Command] {
        guard case .drill(var s) = screen, s.request == request else { return [] }
        s.result = result
        s.cursor = min(s.cursor, max(0, result.rows.count - 1))
        screen = .drill(s)
        return []
    }

    mutating func openDrillItem() -> [Command] {
        guard case .drill(let s) = screen, let rows = s.result?.rows, rows.indices.contains(s.cursor) else { return [] }
        switch rows[s.cursor].target {
        case .creator(let id): return openCreatorReturningHere(id)
        case .ticket(let id): return openTicketReturningHere(id)
        }
    }

    /// A creator's detail opened from a list screen (Today, a drill-down, the Review): `Esc`
    /// there comes back to this screen as it was.
    mutating func openCreatorReturningHere(_ id: String) -> [Command] {
        var c = CreatorScreen(id: id, returnFocus: returnFocusForScreens)
        c.returnTo = screen
        screen = .creator(c)
        return [.loadCreatorDetail(id: id)]
    }

    /// A ticket's detail opened from a list screen; `Esc` there comes back.
    mutating func openTicketReturningHere(_ id: String) -> [Command] {
        var t = TicketScreen(id: id, returnFocus: returnFocusForScreens)
        t.returnTo = screen
        screen = .ticket(t)
        return [.loadTicketDetail(id: id)]
    }

    // MARK: Review

    mutating func openReview() -> [Command] {
        screen = .review(ReviewScreen(week: nil, returnFocus: returnFocusForScreens))
        return [.loadReview(week: nil), .loadCampaigns]
    }

    /// `[` / `]` on the Review: the week before / after (not past the current week).
    mutating func moveReviewWeek(forward: Bool) -> [Command] {
        guard case .review(var s) = screen, let week = s.week ?? s.review?.period else { return [] }
        let calendar = TeamCalendar(zone: settings.zone)
        let start = calendar.addDays(forward ? 7 : -7, to: week.start)
        guard start <= now else {
            showToast("That week has not started yet", kind: .info)
            return []
        }
        let next = KPIPeriod(start: start, end: calendar.addDays(7, to: start))
        s.week = next
        s.review = nil
        s.cursor = 0
        screen = .review(s)
        return [.loadReview(week: next)]
    }

    mutating func reviewLoaded(week: KPIPeriod?, _ review: WeeklyReview) -> [Command] {
        guard case .review(var s) = screen, s.week == week else { return [] }
        s.review = review
        s.week = review.period
        s.cursor = min(s.cursor, max(0, s.items.count - 1))
        screen = .review(s)
        return []
    }

    mutating func openReviewItem() -> [Command] {
        guard case .review(let s) = screen, let r = s.review, s.items.indices.contains(s.cursor) else { return [] }
        let week = r.week
        switch s.items[s.cursor] {
        case .kpi(let id): return openDrill(.kpi(id, r.period, r.scope), title: "\(id.title) · \(week)")
        case .agent(let h): return openDrill(.kpi(.ticketsSolved, r.period, .agent(h)), title: "Tickets solved by \(h) · \(week)")
        case .manager(let h): return openDrill(.kpi(.activityRate, r.period, .manager(h)), title: "\(h)'s creators: activity · \(week)")
        case .category(let c): return openDrill(.category(c, r.period, r.scope), title: "\(c.rawValue) tickets created · \(week)")
        case .breached(let id): return openTicketReturningHere(id)
        case .allBreached: return openDrill(.breached(r.period, r.scope), title: "Breached tickets · \(week)")
        case .campaign(let id): return openCampaignReturningHere(id)
        }
    }

    // MARK: Cohorts

    mutating func openCohorts() -> [Command] {
        screen = .cohorts(CohortScreen(returnFocus: returnFocusForScreens))
        return [.loadCohorts]
    }

    mutating func cohortsLoaded(_ table: CohortTable) -> [Command] {
        guard case .cohorts(var s) = screen else { return [] }
        s.table = table
        s.row = table.rows.isEmpty ? 0 : min(s.row, table.rows.count - 1)
        screen = .cohorts(s)
        return []
    }

    mutating func moveCohortColumn(_ delta: Int) -> [Command] {
        guard case .cohorts(var s) = screen, let t = s.table else { return [] }
        s.column = max(0, min(t.weeks, s.column + delta))
        screen = .cohorts(s)
        return []
    }

    mutating func openCohortCell() -> [Command] {
        guard case .cohorts(let s) = screen, let t = s.table, t.rows.indices.contains(s.row) else { return [] }
        let row = t.rows[s.row]
        return openDrill(.cohort(week: row.week.start, n: s.column), title: "Cohort \(row.label) · live in week \(s.column)")
    }

    /// j/k and friends on the drill, Review and cohort screens.
    mutating func moveScreenCursor(_ action: Action) -> [Command] {
        let h = max(1, layout.body.height - 4)
        func clamp(_ cursor: Int, _ total: Int) -> Int {
            total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: cursor, total: total, height: h)))
        }
        switch screen {
        case .drill(var s): s.cursor = clamp(s.cursor, s.result?.rows.count ?? 0); screen = .drill(s)
        case .review(var s): s.cursor = clamp(s.cursor, s.items.count); screen = .review(s)
        case .cohorts(var s): s.row = clamp(s.row, s.table?.rows.count ?? 0); screen = .cohorts(s)
        case .conflicts(var s): s.cursor = clamp(s.cursor, s.rows?.count ?? 0); screen = .conflicts(s)
        case .trash(var s): s.cursor = clamp(s.cursor, s.rows?.count ?? 0); screen = .trash(s)
        default: break
        }
        return []
    }

    /// What a screen needs loaded again when it is shown again or the data changed.
    func reloadCommands(for screen: Screen) -> [Command] {
        switch screen {
        case .main: return loadsNeeded()
        case .creator(let s): return [.loadCreatorDetail(id: s.id)]
        case .ticket(let s): return [.loadTicketDetail(id: s.id)]
        case .today(let s): return [.loadToday(me: s.mine ? me : nil)]
        case .drill(let s): return [.loadDrill(s.request)]
        case .review(let s): return [.loadReview(week: s.week), .loadCampaigns]
        case .cohorts: return [.loadCohorts]
        case .conflicts: return [.loadConflicts]
        case .trash: return [.loadTrash]
        case .campaigns(let s): return s.open.map(loadOpenCampaign) ?? [.loadCampaigns]
        }
    }
}
