import GreenroomCore

extension Action.Context {
    public static let teams = Action.Context("teams", "Teams")
}

extension Action {
    public static let teams = Action("app.teams", .global, "Teams: who is on shift, open tickets of capacity, the unassigned queue (:teams)", keys: [])
    public static let teamAssignNow = Action("teams.assign", .teams, "Run the assignment rule now (every team's, or the open team's)", keys: [.char("a")])
}

extension TeamsScreen {
    static let contexts: [Action.Context] = [.teams]
    static let actions: [Action] = [.teams, .teamAssignNow]
}

/// Teams (`:teams`, issue 24): each support team with its lead, assignment rule, who of its
/// members is on shift now (their weekly schedule read on their own clock, less time off),
/// and its unassigned and open tickets. `Enter` opens a team: its members with their open
/// tickets against capacity, schedule, zone and when they were last handed a ticket. `a`
/// runs the assignment rule now (sync runs it too): oldest unassigned tickets first, to
/// members on shift with room, each explained on its ticket; `u` undoes the whole run.
public struct TeamsScreen: Hashable, Sendable {
    public var teams: [TeamOverview]?
    public var cursor = 0
    /// The open team, by id.
    public var openID: String?
    public var memberCursor = 0
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }

    public var open: TeamOverview? { openID.flatMap { id in teams?.first { $0.team.id == id } } }

    /// Lines above an open team's member table (inside the frame).
    static let headerLines = 3
}

public enum TeamsMsg: Sendable {
    case loaded([TeamOverview])
}

public enum TeamsCommand: Hashable, Sendable {
    case load
    /// Runs the rule of one team (by name), or every team's.
    case assign(team: String?)
    /// The assignment rules and the automations, quietly (at start and each idle minute):
    /// what they write comes back as undoable changes, nothing else is said.
    case automate
}

extension Msg {
    public static func teams(_ msg: TeamsMsg) -> Msg { TeamsScreen.message(msg) }
}

extension Command {
    public static func teams(_ command: TeamsCommand) -> Command { TeamsScreen.command(command) }
}

extension TeamsScreen: OpenableScreen {
    typealias Effect = TeamsCommand

    var screen: Screen { .teams(self) }
    static func from(_ screen: Screen) -> TeamsScreen? {
        if case .teams(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .teams }
    static let paletteWords = ["teams", "team", "shifts", "schedule", "assignment"]
    static let paletteTitle = "Open teams (on shift now, load, assignment)"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (TeamsScreen, [Command]) {
        (TeamsScreen(returnFocus: returnFocus), [.teams(.load)])
    }

    mutating func update(_ msg: TeamsMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            teams = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            if let id = openID {
                if let t = rows.first(where: { $0.team.id == id }) {
                    memberCursor = t.members.isEmpty ? 0 : min(memberCursor, t.members.count - 1)
                } else {
                    openID = nil
                }
            }
        }
        return []
    }

    var keyContexts: [Action.Context] { [.teams] }
    var mode: String? { " TEAMS " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .teams { return [.teams(.load)] }
        if action == .teamAssignNow { return [.teams(.assign(team: open?.team.name))] }
        if let open {
            if ListCursor.movements.contains(action) {
                memberCursor = ListCursor.move(memberCursor, action, total: open.members.count, height: env.bodyRows - 3 - TeamsScreen.headerLines)
                return []
            }
            return action == .open ? [] : nil
        }
        if ListCursor.movements.contains(action) {
            cursor = ListCursor.move(cursor, action, total: teams?.count ?? 0, height: env.bodyRows - 3)
            return []
        }
        guard action == .open, let rows = teams, rows.indices.contains(cursor) else { return nil }
        openID = rows[cursor].team.id
        memberCursor = 0
        return []
    }

    /// `Esc`: from a team to the list, from the list to the panes.
    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        guard openID != nil else { return .leave }
        openID = nil
        return .stay([.teams(.load)])
    }

    /// On shift changes with the clock and load with every ticket change: reload.
    func reload(_ env: ScreenEnv) -> [Command] { [.teams(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { TeamsView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil { return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) members", "\(k(.teamAssignNow)) assign now", "Esc back"].joined(separator: ctx.dot) }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.teamAssignNow)) assign this team's queue now", "Esc back"].joined(separator: ctx.dot)
    }
}

/// The team list, and one team's members.
enum TeamsView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: TeamsScreen, _ rect: Rect) {
        if let open = s.open {
            drawTeam(&canvas, ctx, open, cursor: s.memberCursor, rect)
            return
        }
        let dot = ctx.dot
        var title = "Teams"
        if let rows = s.teams { title += dot + "\(rows.count)" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.teams,
                                         empty: "No teams yet: greenroom team add \"Tier 1 BPO\" --lead @handle --assignment round-robin", in: inner) else { return }
        let columns = [ColumnSpec("team", min: 12, preferred: 24, priority: 0), ColumnSpec("lead", min: 6, preferred: 10, priority: 2),
                       ColumnSpec("rule", min: 6, preferred: 12, priority: 1),
                       ColumnSpec("on shift", min: 8, preferred: 8, priority: 0, alignRight: true),
                       ColumnSpec("unassigned", min: 10, preferred: 10, priority: 0, alignRight: true),
                       ColumnSpec("open", min: 5, preferred: 6, priority: 1, alignRight: true),
                       ColumnSpec("zone", min: 8, preferred: 20, priority: 3)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, t) in rows.enumerated() {
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(t.team.name), .text), (t.leadHandle ?? "—", .textMuted), (t.team.assignment.label, t.team.assignment == .off ? .textMuted : .text),
                ("\(t.onShift)/\(t.members.count)", t.onShift == 0 && !t.members.isEmpty ? .slaWarning : .text),
                (NumberFormat.grouped(t.unassigned), t.unassigned > 0 ? .textAccent : .textMuted), (NumberFormat.grouped(t.open), .textMuted),
                (t.team.timeZone, .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    static func drawTeam(_ canvas: inout Canvas, _ ctx: ViewContext, _ t: TeamOverview, cursor: Int, _ rect: Rect) {
        let dot = ctx.dot
        let inner = ScreenList.frame(&canvas, ctx, rect, title: TerminalText.sanitize(t.team.name) + dot + "\(t.onShift) of \(t.members.count) on shift")
        let x = inner.x + 1, w = inner.width - 2
        var y = inner.y
        let rule = t.team.assignment == .off ? "assignment off" : "assignment \(t.team.assignment.label), up to \(t.team.capacity) open each"
        canvas.put("Lead \(t.leadHandle ?? "—")\(dot)\(rule)\(dot)\(t.team.timeZone)", x: x, y: y, style: ctx.theme[.text], maxWidth: w)
        y += 1
        canvas.put("\(NumberFormat.grouped(t.unassigned)) unassigned\(dot)\(NumberFormat.grouped(t.open)) open", x: x, y: y,
                   style: ctx.theme[t.unassigned > 0 ? .textAccent : .textMuted], maxWidth: w)
        y += 2
        let body = Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.maxY - y))
        guard let rows = ScreenList.rows(&canvas, ctx, Optional(t.members),
                                         empty: "No members: greenroom team add-member \"\(TerminalText.sanitize(t.team.name))\" @handle…", in: body) else { return }
        let columns = [ColumnSpec("member", min: 8, preferred: 14, priority: 0), ColumnSpec("now", min: 9, preferred: 26, priority: 0),
                       ColumnSpec("load", min: 7, preferred: 16, priority: 0), ColumnSpec("last given", min: 10, preferred: 10, priority: 2),
                       ColumnSpec("schedule", min: 10, preferred: 36, priority: 1), ColumnSpec("zone", min: 8, preferred: 20, priority: 3)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, m) in rows.enumerated() {
            let full = m.open >= m.capacity
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(m.handle), m.onShift ? .text : .textMuted),
                (m.onShift ? "on shift" : TerminalText.sanitize(m.offReason ?? "off"), m.onShift ? .textAccent : .textMuted),
                (load(m.open, m.capacity), full ? .slaWarning : .text),
                (m.lastAssignedAt.map { RelativeTime.agoPhrase($0, now: ctx.now) } ?? "never", .textMuted),
                (TerminalText.sanitize(m.schedule ?? "any time"), .textMuted), (m.zone, .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: cursor, in: body)
    }

    /// "3/8 ▮▮▮▯▯▯▯▯": open tickets of capacity, with a bar of up to eight cells.
    static func load(_ open: Int, _ capacity: Int) -> String {
        let cells = min(8, max(1, capacity))
        let filled = capacity <= 0 ? cells : min(cells, (open * cells + capacity - 1) / capacity)
        return "\(open)/\(capacity) " + String(repeating: "▮", count: filled) + String(repeating: "▯", count: cells - filled)
    }
}
