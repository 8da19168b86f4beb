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

    public init(mine: Bool, returnFocus: Pane) {
        self.mine = mine; self.returnFocus = returnFocus
    }

    /// The rows in screen order, with what each opens.
    public var items: [(line: String, target: TodayReport.Target, alarm: Bool)] {
        guard let r = report else { return [] }
        return r.followUps.rows.map { ($0.line, $0.target, $0.overdue) }
            + r.breachingTickets.rows.map { ($0.line, $0.target, $0.breached) }
            + r.idleCreators.rows.map { ($0.line, $0.target, false) }
            + r.rottingCards.rows.map { ($0.line, $0.target, false) }
    }
}

extension Model {
    /// `t`: Today, for me when "me" is known, else for the team.
    mutating func openToday() -> [Command] {
        let returnFocus: Pane
        switch screen {
        case .main: returnFocus = focus
        case .today(let s): returnFocus = s.returnFocus
        default: returnFocus = focus
        }
        let s = TodayScreen(mine: me != nil, returnFocus: returnFocus)
        screen = .today(s)
        return [.today(.load(me: s.mine ? me : nil))]
    }

    mutating func todayLoaded(_ report: TodayReport) -> [Command] {
        guard case .today(var s) = screen, report.me == (s.mine ? me : nil) else { return [] }
        s.report = report
        s.cursor = min(s.cursor, max(0, s.items.count - 1))
        screen = .today(s)
        return []
    }

    /// `a` on Today: me ↔ the whole team.
    mutating func toggleTodayScope() -> [Command] {
        guard case .today(var s) = screen else { return [] }
        if me == nil && !s.mine {
            showToast("Who is \"me\"? Start with --as @handle or set me in config.toml", kind: .error)
            return []
        }
        s.mine.toggle()
        s.report = nil
        s.cursor = 0
        s.scroll = 0
        screen = .today(s)
        return [.today(.load(me: s.mine ? me : nil))]
    }

    mutating func moveTodayCursor(_ action: Action) -> [Command] {
        guard case .today(var s) = screen else { return [] }
        let total = s.items.count
        let h = max(1, layout.body.height - 4)
        s.cursor = total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: s.cursor, total: total, height: h)))
        screen = .today(s)
        return []
    }

    /// `Enter` on a Today row: its creator or ticket; `Esc` there returns to Today.
    mutating func openTodayItem() -> [Command] {
        guard case .today(let s) = screen else { return [] }
        let items = s.items
        guard items.indices.contains(s.cursor) else { return [] }
        switch items[s.cursor].target {
        case .creator(let id): return openCreatorReturningHere(id)
        case .ticket(let id): return openTicketReturningHere(id)
        }
    }
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
}

/// What Today asks the runtime for.
public enum TodayCommand: Hashable, Sendable {
    /// For a member handle, or the whole team (nil).
    case load(me: String?)
}

extension Model {
    /// A message of Today.
    mutating func today(_ msg: TodayMsg) -> [Command] {
        switch msg {
        case .loaded(let report): return todayLoaded(report)
        }
    }
}
