import GreenroomCore

/// The Today screen (`t`): follow-ups due, tickets breaching within two hours, activated
/// creators idle 7+ days and rotting pipeline cards, for me (default) or the whole team (`a`).
/// `j`/`k` walk the rows of every section, `Enter` opens a row's creator or ticket and `Esc`
/// from there comes back here.
public struct TodayScreen: Hashable, Sendable {
    public var report: TodayReport?
    /// Whose list: "me" (true) or the whole team.
    public var mine: Bool
    public var cursor = 0
    public var scroll = 0
    public var returnFocus: Pane
    /// Rows asked for per section; grows when the cursor reaches a section's last loaded row
    /// and more are left, so every section scrolls to its end.
    public var limit = TodayScreen.firstLimit

    static let firstLimit = 50
    static let limitStep = 200

    public init(mine: Bool, returnFocus: Pane) {
        self.mine = mine; self.returnFocus = returnFocus
    }

    /// The rows in screen order, with what each opens.
    public var items: [(line: String, target: TodayReport.Target, alarm: Bool)] {
        guard let r = report else { return [] }
        return r.followUps.rows.map { ($0.line, $0.target, $0.overdue) }
            + r.coachingFollowUps.rows.map { ($0.line, $0.target, $0.overdue) }
            + r.breachingTickets.rows.map { ($0.line, $0.target, $0.breached) }
            + r.idleCreators.rows.map { ($0.line, $0.target, false) }
            + r.rottingCards.rows.map { ($0.line, $0.target, false) }
    }
}

extension TodayScreen: OpenableScreen {
    typealias Effect = TodayCommand

    var screen: Screen { .today(self) }
    static func from(_ screen: Screen) -> TodayScreen? {
        if case .today(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .today }

    /// `t`: Today, for me when "me" is known, else for the team.
    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (TodayScreen, [Command]) {
        let s = TodayScreen(mine: env.me != nil, returnFocus: returnFocus)
        return (s, s.reload(env))
    }

    mutating func update(_ msg: TodayMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let report):
            guard report.me == (mine ? env.me : nil) else { return [] }
            // The cursor stays on its row when rows above it came in too.
            let before = items.indices.contains(cursor) ? items[cursor].target : nil
            let followUp = followUpUnderCursor?.activityID
            self.report = report
            if let followUp, let i = report.followUps.rows.firstIndex(where: { $0.activityID == followUp }) {
                cursor = i
            } else if followUp == nil, let before, let i = items.firstIndex(where: { $0.target == before }) {
                cursor = i
            }
            cursor = min(cursor, max(0, items.count - 1))
            return []
        case .followUpWhen(let text, let p):
            guard case .success(let at) = SnoozeTime.parse(text, now: env.now, zone: env.settings.zone) else { return [] }
            let when = DateInput.formatMinute(at, zone: env.settings.zone)
            let label = p.snooze ? "Snoozed \(p.handle)'s follow-up until \(when)" : "Rescheduled \(p.handle)'s follow-up to \(when)"
            return [.apply(ChangeSet(label, [.update(.activity, id: p.activityID, fields: [ActivityField.followUpDue.rawValue: .int(Int64(at))])]),
                           mode: .perform)]
        }
    }

    var keyContexts: [Action.Context] { [.today] }
    var mode: String? { " TODAY " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if let request = request(for: action, env) {
            env.ask(request)
            return []
        }
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: items.count, height: env.bodyHeight)
            return moreIfAtASectionsEnd(env)
        }
        switch action {
        case .todayDone, .todaySnooze, .todayReschedule:
            return followUpAction(action, &env)
        default:
            break
        }
        guard action == .todayScope else { return nil }
        // `a`: me ↔ the whole team.
        mine.toggle()
        report = nil
        cursor = 0
        scroll = 0
        limit = TodayScreen.firstLimit
        return reload(env)
    }

    /// The follow-up row under the cursor, if that is what it is on.
    var followUpUnderCursor: TodayReport.FollowUp? {
        guard let rows = report?.followUps.rows, rows.indices.contains(cursor) else { return nil }
        return rows[cursor]
    }

    /// On the last loaded row of a section with more left: ask for more rows.
    mutating func moreIfAtASectionsEnd(_ env: ScreenEnv) -> [Command] {
        guard let r = report else { return [] }
        var end = 0
        for (loaded, more) in [(r.followUps.rows.count, r.followUps.more), (r.coachingFollowUps.rows.count, r.coachingFollowUps.more),
                               (r.breachingTickets.rows.count, r.breachingTickets.more),
                               (r.idleCreators.rows.count, r.idleCreators.more), (r.rottingCards.rows.count, r.rottingCards.more)] {
            end += loaded
            if more > 0 && loaded > 0 && cursor == end - 1 && loaded >= limit {
                limit += TodayScreen.limitStep
                return reload(env)
            }
        }
        return []
    }

    /// The coaching follow-up under the cursor, if that is what it is on.
    var coachingUnderCursor: TodayReport.CoachingFollowUp? {
        guard let r = report else { return nil }
        let i = cursor - r.followUps.rows.count
        return r.coachingFollowUps.rows.indices.contains(i) ? r.coachingFollowUps.rows[i] : nil
    }

    /// `Space`, `w`, `e` on a follow-up: done; snoozed or rescheduled through a prompt. A
    /// coaching follow-up takes done here (its date is changed on the 1:1 screen).
    mutating func followUpAction(_ action: Action, _ env: inout ScreenEnv) -> [Command] {
        if action == .todayDone, let c = coachingUnderCursor {
            return [.apply(ChangeSet("Done: follow-up with \(c.memberHandle)", [.coachingDone(id: c.itemID, done: true)]), mode: .perform)]
        }
        guard let f = followUpUnderCursor else {
            env.ask(.toast("Only follow-ups take \(action == .todayDone ? "done" : action == .todaySnooze ? "a snooze" : "a new date") here; Enter opens this row", .info))
            return []
        }
        switch action {
        case .todayDone:
            return [.apply(ChangeSet("Marked \(f.handle)'s follow-up done",
                                     [.update(.activity, id: f.activityID, fields: [ActivityField.done.rawValue: FieldValue(true)])]), mode: .perform)]
        default:
            let snooze = action == .todaySnooze
            let title = snooze ? "Snooze \(f.handle)'s follow-up until? (\(SnoozeTime.examples))"
                               : "New due date for \(f.handle)'s follow-up? (\(SnoozeTime.examples))"
            env.ask(.overlay(.prompt(PromptState(title: title, purpose: FollowUpWhen(activityID: f.activityID, handle: f.handle, snooze: snooze)))))
            return []
        }
    }

    /// `Enter` on a row: its creator or ticket; `Esc` there returns to Today.
    /// `a` without a "me": who is that?
    private func request(for action: Action, _ env: ScreenEnv) -> ScreenRequest? {
        if action == .todayScope && env.me == nil && !mine {
            return .toast("Who is \"me\"? Start with --as @handle or set me in config.toml", .error)
        }
        guard action == .open, items.indices.contains(cursor) else { return nil }
        switch items[cursor].target {
        case .creator(let id): return .creator(id: id)
        case .ticket(let id): return .ticket(id: id)
        case .oneOnOne(let handle): return .oneOnOne(handle: handle)
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] {
        limit == TodayScreen.firstLimit ? [.today(.load(me: mine ? env.me : nil))] : [.today(.loadMore(me: mine ? env.me : nil, limit: limit))]
    }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { TodayView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) open", "\(k(.todayDone)) done", "\(k(.todaySnooze)) snooze", "\(k(.todayReschedule)) reschedule",
                "\(k(.todayScope)) me/team", "Esc back"].joined(separator: ctx.dot)
    }
}

extension Msg {
    public static func today(_ msg: TodayMsg) -> Msg { TodayScreen.message(msg) }
}

extension Command {
    public static func today(_ command: TodayCommand) -> Command { TodayScreen.command(command) }
}

extension Model {
    mutating func openToday() -> [Command] { open(TodayScreen.self) }
}

enum TodayView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: TodayScreen, _ rect: Rect) {
        let theme = ctx.theme
        let dot = ctx.capabilities.unicode ? " · " : " - "
        let whose = s.mine ? (ctx.me ?? "me") : "the team"
        let title = "Today for \(whose)" + (s.report.map { "\(dot)\(NumberFormat.grouped($0.total)) to do" } ?? "")
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let r = s.report else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: theme[.textMuted])
            return
        }
        // Lines: a header per section, then its rows (index into `items`), then "+N more".
        var lines: [(text: String, role: StyleRole, item: Int?)] = []
        var index = 0
        func section<Row>(_ name: String, _ sec: TodayReport.Section<Row>, _ line: (Row) -> (String, Bool)) {
            lines.append(("\(name) \(NumberFormat.grouped(sec.count))", .columnHeader, nil))
            if sec.isEmpty { lines.append(("nothing", .textMuted, nil)) }
            for row in sec.rows {
                let (text, alarm) = line(row)
                lines.append((text, alarm ? .slaBreached : .text, index))
                index += 1
            }
            if sec.more > 0 { lines.append(("+\(NumberFormat.grouped(sec.more)) more", .textMuted, nil)) }
            lines.append(("", .text, nil))
        }
        section("Follow-ups due today or overdue", r.followUps) { ($0.line, $0.overdue) }
        if !r.coachingFollowUps.isEmpty {
            section("Coaching follow-ups with teammates", r.coachingFollowUps) { ($0.line, $0.overdue) }
        }
        section("Tickets breaching within 2 hours", r.breachingTickets) { ($0.line, $0.breached) }
        section("Activated creators idle 7+ days", r.idleCreators) { ($0.line, false) }
        section("Rotting pipeline cards", r.rottingCards) { ($0.line, false) }
        let height = inner.height
        let cursorLine = lines.firstIndex { $0.item == s.cursor } ?? 0
        let first = max(0, min(cursorLine - height / 2, lines.count - height))
        for (i, line) in lines.dropFirst(first).prefix(height).enumerated() {
            let y = inner.y + i
            let x = inner.x + (line.role == .columnHeader ? 1 : 3)
            canvas.put(line.text, x: x, y: y, style: theme[line.role], maxWidth: inner.maxX - x - 1)
            if let item = line.item, item == s.cursor {
                canvas.put(ctx.capabilities.unicode ? "▶" : ">", x: inner.x + 1, y: y, style: theme[.textAccent])
                ScreenList.highlight(&canvas, ctx, x: inner.x, y: y, width: inner.width, focused: true)
            }
        }
    }
}

/// What happens to Today.
public enum TodayMsg: Sendable {
    case loaded(TodayReport)
    /// A follow-up's new due time was typed (checked by the prompt: it reads, and is ahead).
    case followUpWhen(String, FollowUpWhen)
}

/// What Today asks the runtime for.
public enum TodayCommand: Hashable, Sendable {
    /// For a member handle, or the whole team (nil).
    case load(me: String?)
    /// The same with up to `limit` rows per section (the cursor reached a section's end).
    case loadMore(me: String?, limit: Int)
}

/// `w` / `e` on a follow-up: when it is due next. The prompt refuses what `SnoozeTime` cannot read.
public struct FollowUpWhen: PromptPurpose {
    public var activityID: String
    public var handle: String
    public var snooze: Bool

    public func answered(_ text: String) -> Msg { .today(.followUpWhen(text, self)) }

    public func problem(with text: String, now: Millis, settings: TeamSettings) -> String? {
        if case .failure(let e) = SnoozeTime.parse(text, now: now, zone: settings.zone) { return e.message }
        return nil
    }
}
