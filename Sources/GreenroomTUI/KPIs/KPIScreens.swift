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
    /// A KPI's drill-down: the period it covers (partial or complete), for `?`.
    public var span: KPIPeriodSpan?

    public init(request: DrillRequest, title: String, returnTo: Screen?, returnFocus: Pane, span: KPIPeriodSpan? = nil) {
        self.request = request; self.title = title; self.returnTo = returnTo; self.returnFocus = returnFocus; self.span = span
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
        return [.loadKPIs(unit: kpis.unit, toDate: kpis.toDate)]
    }

    /// `p` on the KPI pane: the current week or month so far — its complete days, against the
    /// same days of the one before — or back to the last complete period. Days have no
    /// partial period (today has no complete day), and neither does a week on its Monday.
    mutating func toggleKPIToDate() -> [Command] {
        kpis.toDate.toggle()
        if kpis.toDate {
            let calendar = TeamCalendar(zone: settings.zone)
            let span = calendar.span(kpis.unit, calendar.period(kpis.unit, containing: now), now: now)
            if kpis.unit == .day {
                showToast("Today has no complete day yet: ] for weeks or months so far", kind: .info)
            } else if span.days == 0 {
                showToast("\(calendar.periodName(kpis.unit, start: span.full.start)) has no complete day yet", kind: .info)
            }
        }
        return [.loadKPIs(unit: kpis.unit, toDate: kpis.toDate)]
    }

    mutating func kpisLoaded(unit: KPIPeriodUnit, series: [KPIPanelSeries], toDate: Bool = false) -> [Command] {
        guard unit == kpis.unit, toDate == kpis.toDate else { return [] }
        kpis.series = series
        kpis.loaded = true
        kpis.cursor = min(kpis.cursor, max(0, series.count - 1))
        return []
    }

    /// The period a pane row's value is for: the current one so far, or the last complete one.
    func kpiSpan(_ series: KPIPanelSeries) -> KPIPeriodSpan? {
        if let span = series.span { return span }
        guard let period = series.periods.last else { return nil }
        return TeamCalendar(zone: settings.zone).span(kpis.unit, period, now: now)
    }

    /// `Enter` on a KPI: the rows behind the value shown (the last complete period's, or the
    /// current one's so far).
    mutating func drillKPI() -> [Command] {
        guard kpis.series.indices.contains(kpis.cursor) else { return [] }
        let series = kpis.series[kpis.cursor]
        guard let span = kpiSpan(series) else { return [] }
        let label = series.current.map { KPIFormat.value($0, series.id) } ?? "—"
        return openDrill(.kpi(series.id, span.counted, .all), title: "\(series.id.title) \(label) · \(spanLabel(span))", span: span)
    }

    /// "2026-W47 · partial, 4 of 7 days" (ASCII separator without Unicode).
    func spanLabel(_ span: KPIPeriodSpan) -> String {
        TeamCalendar(zone: settings.zone).label(span, separator: capabilities.unicode ? " · " : " - ")
    }

    func periodLabel(_ p: KPIPeriod, _ unit: KPIPeriodUnit) -> String {
        TeamCalendar(zone: settings.zone).periodName(unit, start: p.start)
    }

    mutating func openDrill(_ request: DrillRequest, title: String, span: KPIPeriodSpan? = nil) -> [Command] {
        let returnTo: Screen? = screen == .main ? nil : screen
        screen = .drill(DrillScreen(request: request, title: title, returnTo: returnTo, returnFocus: returnFocusForScreens, span: span))
        return [.loadDrill(request)]
    }

    /// `?` on a KPI row — the pane's, a Review KPI row, a KPI's drill-down — explains it
    /// (`KPIExplanation`); nil elsewhere (`?` is then the key help).
    func kpiExplanationUnderCursor() -> [String]? {
        let calendar = TeamCalendar(zone: settings.zone)
        switch screen {
        case .main:
            guard focus == .kpis, kpis.series.indices.contains(kpis.cursor) else { return nil }
            let series = kpis.series[kpis.cursor]
            return KPIExplanation.lines(series.id, value: series.currentValue, span: kpiSpan(series), calendar: calendar)
        case .review(let s):
            guard let r = s.review, s.items.indices.contains(s.cursor), case .kpi(let id) = s.items[s.cursor],
                  let row = r.kpis.first(where: { $0.id == id }) else { return nil }
            let span = r.span ?? calendar.span(.week, r.period, now: now)
            return KPIExplanation.lines(id, value: row.value, span: span, scope: r.scope, calendar: calendar)
        case .drill(let s):
            guard case .kpi(let id, _, let scope) = s.request else { return nil }
            return KPIExplanation.lines(id, value: s.result?.value, span: s.span, scope: scope, calendar: calendar)
        default:
            return nil
        }
    }

    /// The pane the four-pane screen gets focus back on, from any screen.
    var returnFocusForScreens: Pane {
        if let component = screen.component { return component.returnFocus }
        switch screen {
        case .main: return focus
        case .creator(let s): return s.returnFocus
        case .ticket(let s): return s.returnFocus
        case .today(let s): return s.returnFocus
        case .drill(let s): return s.returnFocus
        case .review(let s): return s.returnFocus
        case .cohorts(let s): return s.returnFocus
        case .campaigns(let s): return s.returnFocus
        default: return focus
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

    /// `[` / `]` on the Review: the week before / after — up to the current week, reviewed
    /// over its complete days (partial) once it has one.
    mutating func moveReviewWeek(forward: Bool) -> [Command] {
        guard case .review(var s) = screen, let week = s.week ?? s.review?.fullWeek else { return [] }
        let calendar = TeamCalendar(zone: settings.zone)
        let start = calendar.addDays(forward ? 7 : -7, to: week.start)
        let next = KPIPeriod(start: start, end: calendar.addDays(7, to: start))
        guard calendar.span(.week, next, now: now).days > 0 else {
            showToast(start > now ? "That week has not started yet" : "\(calendar.isoWeekString(start)) has no complete day yet", kind: .info)
            return []
        }
        s.week = next
        s.review = nil
        s.cursor = 0
        screen = .review(s)
        return [.loadReview(week: next)]
    }

    mutating func reviewLoaded(week: KPIPeriod?, _ review: WeeklyReview) -> [Command] {
        guard case .review(var s) = screen, s.week == week else { return [] }
        s.review = review
        s.week = review.fullWeek
        s.cursor = min(s.cursor, max(0, s.items.count - 1))
        screen = .review(s)
        return []
    }

    mutating func openReviewItem() -> [Command] {
        guard case .review(let s) = screen, let r = s.review, s.items.indices.contains(s.cursor) else { return [] }
        let span = r.span ?? TeamCalendar(zone: settings.zone).span(.week, r.period, now: now)
        let week = spanLabel(span)
        switch s.items[s.cursor] {
        case .kpi(let id):
            let value = r.kpis.first { $0.id == id }?.value.value.map { " " + KPIFormat.value($0, id) } ?? ""
            return openDrill(.kpi(id, r.period, r.scope), title: "\(id.title)\(value) · \(week)", span: span)
        case .agent(let h): return openDrill(.kpi(.ticketsSolved, r.period, .agent(h)), title: "Tickets solved by \(h) · \(week)", span: span)
        case .manager(let h): return openDrill(.kpi(.activityRate, r.period, .manager(h)), title: "\(h)'s creators: activity · \(week)", span: span)
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
        default: break
        }
        return []
    }

    /// What a screen needs loaded again when it is shown again or the data changed.
    func reloadCommands(for screen: Screen) -> [Command] {
        if let component = screen.component { return component.reload(screenEnv) }
        switch screen {
        case .main: return loadsNeeded()
        case .creator(let s): return [.loadCreatorDetail(id: s.id)]
        case .ticket(let s): return [.loadTicketDetail(id: s.id)]
        case .today(let s): return [.loadToday(me: s.mine ? me : nil)]
        case .drill(let s): return [.loadDrill(s.request)]
        case .review(let s): return [.loadReview(week: s.week), .loadCampaigns]
        case .cohorts: return [.loadCohorts]
        case .campaigns(let s): return s.open.map(loadOpenCampaign) ?? [.loadCampaigns]
        default: return []
        }
    }
}
