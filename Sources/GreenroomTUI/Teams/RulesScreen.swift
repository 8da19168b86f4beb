import GreenroomCore

extension Action.Context {
    public static let rules = Action.Context("rules", "Automations")
}

extension Action {
    public static let rules = Action("app.rules", .global, "Automations: team rules, what each would do now, what they did (:rules)", keys: [])
    public static let ruleToggle = Action("rules.toggle", .rules, "Turn the rule on or off", keys: [.char(" ")])
    public static let ruleTest = Action("rules.test", .rules, "Test the rule: what it would do now, writing nothing (or Enter)", keys: [.char("e")])
}

extension RulesScreen {
    static let contexts: [Action.Context] = [.rules]
    static let actions: [Action] = [.rules, .ruleToggle, .ruleTest]
}

/// A rule as `:rules` lists it.
public struct RuleRow: Hashable, Sendable {
    public var rule: AutomationRule
    public var team: String?
    /// Firings in the last 7 days.
    public var fired7d: Int
    /// Why it does not check, if it does not (`CheckedRule`).
    public var problem: String?

    public init(rule: AutomationRule, team: String?, fired7d: Int, problem: String?) {
        self.rule = rule; self.team = team; self.fired7d = fired7d; self.problem = problem
    }
}

/// What a rule would do now (`e`), one line a ticket or creator.
public struct RuleTest: Hashable, Sendable {
    public var ruleID: String
    public var lines: [String]
    public init(ruleID: String, lines: [String]) { self.ruleID = ruleID; self.lines = lines }
}

/// Automations (`:rules`, issue 24): every team rule in the order they run — on or off, its
/// condition and actions, how often it fired this week, and a line when it does not check.
/// `Space` turns the rule under the cursor on or off (an enabled rule is checked first: a
/// rule that would loop is refused with the reason); `e` (or Enter) tests it — what it would do now on
/// every ticket (or creator, for a rule on creators), writing nothing — in the lower part of the screen. Rules are written with
/// `greenroom rules add|edit` or as TOML (`greenroom rules edit` opens them in $EDITOR).
public struct RulesScreen: Hashable, Sendable {
    public var rows: [RuleRow]?
    public var cursor = 0
    public var test: RuleTest?
    public var returnFocus: Pane

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

public enum RulesMsg: Sendable {
    case loaded([RuleRow])
    case tested(RuleTest)
}

public enum RulesCommand: Hashable, Sendable {
    case load
    case setEnabled(id: String, Bool)
    case test(id: String)
}

extension Msg {
    public static func rules(_ msg: RulesMsg) -> Msg { RulesScreen.message(msg) }
}

extension Command {
    public static func rules(_ command: RulesCommand) -> Command { RulesScreen.command(command) }
}

extension RulesScreen: OpenableScreen {
    typealias Effect = RulesCommand

    var screen: Screen { .rules(self) }
    static func from(_ screen: Screen) -> RulesScreen? {
        if case .rules(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .rules }
    static let paletteWords = ["rules", "automations", "automation", "triggers"]
    static let paletteTitle = "Open automations (team rules)"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (RulesScreen, [Command]) {
        (RulesScreen(returnFocus: returnFocus), [.rules(.load)])
    }

    mutating func update(_ msg: RulesMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            self.rows = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            if let t = test, !rows.contains(where: { $0.rule.id == t.ruleID }) { test = nil }
        case .tested(let t):
            test = t
        }
        return []
    }

    var keyContexts: [Action.Context] { [.rules] }
    var mode: String? { " RULES " }

    var current: RuleRow? { rows.flatMap { $0.indices.contains(cursor) ? $0[cursor] : nil } }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .rules { return [.rules(.load)] }
        if ListCursor.movements.contains(action) {
            let before = cursor
            cursor = ListCursor.move(cursor, action, total: rows?.count ?? 0, height: max(3, env.bodyRows / 2 - 3))
            if cursor != before { test = nil }
            return []
        }
        guard let row = current else { return action == .ruleToggle || action == .ruleTest ? [] : nil }
        switch action {
        case .ruleToggle: return [.rules(.setEnabled(id: row.rule.id, !row.rule.enabled))]
        case .ruleTest, .open: return [.rules(.test(id: row.rule.id))]
        default: return nil
        }
    }

    func reload(_ env: ScreenEnv) -> [Command] { [.rules(.load)] }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { RulesView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.ruleToggle)) on/off", "\(k(.ruleTest)) test", "Esc back"].joined(separator: ctx.dot)
    }
}

enum RulesView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: RulesScreen, _ rect: Rect) {
        let dot = ctx.dot
        var title = "Automations"
        if let rows = s.rows { title += dot + "\(rows.filter(\.rule.enabled).count) of \(rows.count) on" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        let listHeight = s.test == nil ? inner.height : max(4, inner.height / 2)
        let top = Rect(x: inner.x, y: inner.y, width: inner.width, height: listHeight)
        guard let rows = ScreenList.rows(&canvas, ctx, s.rows,
                                         empty: "No rules: greenroom rules add --name NAME --when \"pending:>3d\" --do \"status solved\"", in: top) else { return }
        let columns = [ColumnSpec("rule", min: 12, preferred: 30, priority: 0), ColumnSpec("on", min: 3, preferred: 3, priority: 0),
                       ColumnSpec("when", min: 12, preferred: 40, priority: 0), ColumnSpec("do", min: 10, preferred: 40, priority: 1),
                       ColumnSpec("7d", min: 4, preferred: 5, priority: 1, alignRight: true)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            let on = r.rule.target == .creators ? "creators: " : ""
            let when = on + (r.team.map { "\(TerminalText.sanitize($0)): " } ?? "") + TerminalText.sanitize(r.rule.condition)
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(r.rule.name), r.problem == nil ? (r.rule.enabled ? .text : .textMuted) : .slaWarning),
                (r.rule.enabled ? "on" : "off", r.rule.enabled ? .textAccent : .textMuted),
                (r.problem.map { "does not check: " + TerminalText.sanitize($0) } ?? when, r.problem == nil ? .text : .slaWarning),
                (TerminalText.sanitize(r.rule.actions.joined(separator: "; ")), .textMuted),
                (NumberFormat.grouped(r.fired7d), .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: top)
        guard let test = s.test, let row = s.current, row.rule.id == test.ruleID else { return }
        var y = inner.y + listHeight
        let x = inner.x + 1, w = inner.width - 2
        guard y < inner.maxY else { return }
        canvas.put("Test · \(TerminalText.sanitize(row.rule.name)) · would act now on \(test.lines.isEmpty ? "nothing" : "\(test.lines.count)")",
                   x: x, y: y, style: ctx.theme[.columnHeader], maxWidth: w)
        y += 1
        for line in test.lines where y < inner.maxY {
            canvas.put(TerminalText.sanitize(line), x: x, y: y, style: ctx.theme[.text], maxWidth: w)
            y += 1
        }
    }
}
