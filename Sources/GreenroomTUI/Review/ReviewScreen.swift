import GreenroomCore

/// The weekly Review (`R`): a week picker (`[` / `]`), and every row drills down.
public struct ReviewScreen: Hashable, Sendable {
    /// The week shown; nil until the first load picks the last complete week.
    public var week: KPIPeriod?
    public var review: WeeklyReview?
    /// Campaigns running now (whatever the week shown), loaded beside the review.
    public var campaigns: [CampaignSummary] = []
    /// Whether `campaigns` has arrived (until then its section says it is loading).
    public var campaignsLoaded = false
    /// The programs and workshops that ran in the week, with their matched effect; they arrive
    /// after the review (each comparison scans every creator), nil until then.
    public var effects: [InterventionEffect]?
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
        /// A program or workshop that ran in the week: `Enter` opens its board or checklist.
        case effect(InterventionEffect.Kind, String)
    }

    /// How many breached tickets the screen lists with their details (the latest); the rest
    /// are one `Enter` away in the drill-down.
    public static let breachedShown = 100

    public var items: [Item] {
        guard let r = review else { return [] }
        return r.kpis.map { .kpi($0.id) } + r.agents.map { .agent($0.handle) } + r.managers.map { .manager($0.handle) }
            + r.breached.map { .breached($0.id) } + (r.breachedCount > r.breached.count ? [.allBreached] : [])
            + r.categories.map { .category($0.category) } + (effects ?? []).map { .effect($0.kind, $0.id) }
            + campaigns.map { .campaign($0.campaign.id) }
    }
}

/// What happens to the Review.
public enum ReviewMsg: Sendable {
    /// The Review for the week asked for (nil: the last complete week).
    case loaded(week: KPIPeriod?, WeeklyReview)
    /// The programs and workshops that ran in `period` (the review's counted days), measured.
    case effectsLoaded(period: KPIPeriod, [InterventionEffect])
}

/// What the Review asks the runtime for.
public enum ReviewCommand: Hashable, Sendable {
    /// nil: the last complete week.
    case load(week: KPIPeriod?)
}

extension Msg {
    public static func review(_ msg: ReviewMsg) -> Msg { ReviewScreen.message(msg) }
}

extension Command {
    public static func review(_ command: ReviewCommand) -> Command { ReviewScreen.command(command) }
}

/// Where `[` / `]` takes the Review: a week, or why not.
enum WeekMove {
    case to(KPIPeriod)
    case refused(String)
}

extension ReviewScreen: OpenableScreen {
    typealias Effect = ReviewCommand

    var screen: Screen { .review(self) }
    static func from(_ screen: Screen) -> ReviewScreen? {
        if case .review(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .review }

    /// The last complete week, and the campaigns running now.
    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (ReviewScreen, [Command]) {
        let s = ReviewScreen(week: nil, returnFocus: returnFocus)
        return (s, s.reload(env))
    }

    mutating func update(_ msg: ReviewMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let week, let review):
            guard self.week == week else { return [] }
            if self.review?.period != review.period { effects = nil }
            self.review = review
            self.week = review.fullWeek
            cursor = min(cursor, max(0, items.count - 1))
            return []
        case .effectsLoaded(let period, let rows):
            guard review?.period == period else { return [] }
            effects = rows
            cursor = min(cursor, max(0, items.count - 1))
            return []
        }
    }

    var keyContexts: [Action.Context] { [.review] }

    /// `[` / `]`: the week before / after — up to the current week, reviewed over its
    /// complete days (partial) once it has one; or why not.
    func week(forward: Bool, _ env: ScreenEnv) -> WeekMove? {
        guard let week = week ?? review?.fullWeek else { return nil }
        let calendar = TeamCalendar(zone: env.settings.zone)
        let start = calendar.addDays(forward ? 7 : -7, to: week.start)
        let next = KPIPeriod(start: start, end: calendar.addDays(7, to: start))
        guard calendar.span(.week, next, now: env.now).days > 0 else {
            return .refused(start > env.now ? "That week has not started yet" : "\(calendar.isoWeekString(start)) has no complete day yet")
        }
        return .to(next)
    }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if let request = request(for: action, env) {
            env.ask(request)
            return []
        }
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: items.count, height: env.bodyHeight)
            return []
        }
        guard action == .reviewPreviousWeek || action == .reviewNextWeek else { return nil }
        guard case .to(let next)? = week(forward: action == .reviewNextWeek, env) else { return [] }
        week = next
        review = nil
        effects = nil
        cursor = 0
        return [.review(.load(week: next))]
    }

    private func request(for action: Action, _ env: ScreenEnv) -> ScreenRequest? {
        if action == .reviewPreviousWeek || action == .reviewNextWeek, case .refused(let why)? = week(forward: action == .reviewNextWeek, env) {
            return .toast(why, .info)
        }
        guard action == .open, let r = review, items.indices.contains(cursor) else { return nil }
        let span = r.span ?? TeamCalendar(zone: env.settings.zone).span(.week, r.period, now: env.now)
        let week = env.spanLabel(span)
        switch items[cursor] {
        case .kpi(let id):
            let value = r.kpis.first { $0.id == id }?.value.value.map { " " + KPIFormat.value($0, id) } ?? ""
            return .drill(.kpi(id, r.period, r.scope), title: "\(id.title)\(value) · \(week)", span: span)
        case .agent(let h): return .agent(handle: h)
        case .manager(let h): return .drill(.kpi(.activityRate, r.period, .manager(h)), title: "\(h)'s creators: activity · \(week)", span: span)
        case .category(let c): return .drill(.category(c, r.period, r.scope), title: "\(c.rawValue) tickets created · \(week)")
        case .breached(let id): return .ticket(id: id)
        case .allBreached: return .drill(.breached(r.period, r.scope), title: "Breached tickets · \(week)")
        case .campaign(let id): return .campaign(id: id)
        case .effect(.program, let id): return .program(id: id)
        case .effect(.workshop, let id): return .workshop(id: id, title: effects?.first { $0.id == id }?.name ?? "Workshop")
        case .effect(.coaching, _):
            // The coached creators are in the activity-rate drill-down of each manager; the row
            // itself is the comparison, so it says so instead of opening something else.
            let n = effects?.first { $0.kind == .coaching }?.joined ?? 0
            return .toast("Coaching: \(n) creator\(n == 1 ? "" : "s") coached in \(week); the comparison is on this row (method below)", .info)
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.review(.load(week: week)), .campaigns(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { KPIScreensView.drawReview(&canvas, ctx, self, rect) }

    /// The running campaigns and the program effects fill the sections below the first page,
    /// each saying it is loading until it arrives.
    var inlineTasks: Set<String> { ReviewScreen.sectionTasks }
    static let sectionTasks: Set<String> = ["campaigns", "program effects"]

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) drill down", "\(k(.reviewPreviousWeek))/\(k(.reviewNextWeek)) week",
                "\(k(.help)) explain a KPI", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    mutating func openReview() -> [Command] { open(ReviewScreen.self) }
}
