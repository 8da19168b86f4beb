import GreenroomCore

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

extension Model {
    mutating func openReview() -> [Command] {
        screen = .review(ReviewScreen(week: nil, returnFocus: returnFocusForScreens))
        return [.review(.load(week: nil)), .campaigns(.load)]
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
        return [.review(.load(week: next))]
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
}

/// What happens to the Review.
public enum ReviewMsg: Sendable {
    /// The Review for the week asked for (nil: the last complete week).
    case loaded(week: KPIPeriod?, WeeklyReview)
}

/// What the Review asks the runtime for.
public enum ReviewCommand: Hashable, Sendable {
    /// nil: the last complete week.
    case load(week: KPIPeriod?)
}

extension Model {
    /// A message of the Review.
    mutating func review(_ msg: ReviewMsg) -> [Command] {
        switch msg {
        case .loaded(let week, let review): return reviewLoaded(week: week, review)
        }
    }
}
