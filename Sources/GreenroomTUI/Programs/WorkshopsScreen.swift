import GreenroomCore

/// One open workshop's attendance checklist.
public struct AttendanceState: Hashable, Sendable {
    public var id: String
    public var title: String
    public var attendees: [WorkshopAttendee]?
    public var cursor = 0

    public init(id: String, title: String) { self.id = id; self.title = title }
}

/// Workshops (`:workshops`): the list, latest first, with invited and attended counts;
/// `Enter` opens the checklist of the invited, where `Space` marks the creator under the
/// cursor present (or absent again) at once — each mark is a synced write that also logs a
/// workshop activity and, for a workshop linked to a program module, completes it. `d`
/// removes the workshop under the cursor, or the one open (`RecordRemovalKeys`).
public struct WorkshopsScreen: Hashable, Sendable {
    public var summaries: [WorkshopSummary]?
    public var cursor = 0
    public var open: AttendanceState?
    public var returnFocus: Pane
    /// The screen a checklist opened from elsewhere (the Review) goes back to with `Esc`.
    public var returnTo: Screen?

    public init(returnFocus: Pane) { self.returnFocus = returnFocus }
}

public enum WorkshopsMsg: Sendable {
    case loaded([WorkshopSummary])
    case attendeesLoaded(id: String, [WorkshopAttendee])
    /// A mark was written (or refused): reload the checklist so it shows what is stored.
    case marked(id: String)
}

public enum WorkshopsCommand: Hashable, Sendable {
    case load
    case loadAttendees(id: String)
    case mark(workshopID: String, creatorID: String, present: Bool)
}

extension Msg {
    public static func workshops(_ msg: WorkshopsMsg) -> Msg { WorkshopsScreen.message(msg) }
}

extension Command {
    public static func workshops(_ command: WorkshopsCommand) -> Command { WorkshopsScreen.command(command) }
}

extension WorkshopsScreen: OpenableScreen {
    typealias Effect = WorkshopsCommand

    var screen: Screen { .workshops(self) }
    static func from(_ screen: Screen) -> WorkshopsScreen? {
        if case .workshops(let s) = screen { return s }
        return nil
    }

    static var openAction: Action { .workshops }
    static let paletteWords = ["workshops", "workshop", "attendance"]
    static let paletteTitle = "Open workshops"

    static func opened(returnFocus: Pane, _ env: ScreenEnv) -> (WorkshopsScreen, [Command]) {
        (WorkshopsScreen(returnFocus: returnFocus), [.workshops(.load)])
    }

    mutating func update(_ msg: WorkshopsMsg, _ env: ScreenEnv) -> [Command] {
        switch msg {
        case .loaded(let rows):
            summaries = rows
            cursor = rows.isEmpty ? 0 : min(cursor, rows.count - 1)
            // The open workshop was removed (here or by sync): back to the list.
            if let id = open?.id, !rows.contains(where: { $0.workshop.id == id }) { open = nil }
        case .attendeesLoaded(let id, let people):
            guard var open, open.id == id else { return [] }
            open.attendees = people
            open.cursor = people.isEmpty ? 0 : min(open.cursor, people.count - 1)
            self.open = open
        case .marked(let id):
            guard open?.id == id else { return [] }
            return [.workshops(.loadAttendees(id: id))]
        }
        return []
    }

    var keyContexts: [Action.Context] { open == nil ? [.records] : [.attendance, .records] }
    var mode: String? { " WORKSHOPS " }

    mutating func perform(_ action: Action, _ env: inout ScreenEnv) -> [Command]? {
        if action == .workshops { return open == nil ? [.workshops(.load)] : [] }
        guard var open else {
            if ListCursor.movements.contains(action) {
                cursor = ListCursor.move(cursor, action, total: summaries?.count ?? 0, height: env.bodyRows - 3)
                return []
            }
            guard action == .open || action == .removeRecord, let rows = summaries, rows.indices.contains(cursor) else {
                return action == .removeRecord ? [] : nil
            }
            let w = rows[cursor].workshop
            if action == .removeRecord { return [.removal(.plan(.workshop(id: w.id)))] }
            self.open = AttendanceState(id: w.id, title: w.title)
            return [.workshops(.loadAttendees(id: w.id))]
        }
        if ListCursor.movements.contains(action) {
            open.cursor = ListCursor.move(open.cursor, action, total: open.attendees?.count ?? 0, height: env.bodyRows - 4)
            self.open = open
            return []
        }
        switch action {
        case .attendanceToggle:
            guard var people = open.attendees, people.indices.contains(open.cursor) else { return [] }
            // Shown at once; the store's answer reloads the list.
            people[open.cursor].attended.toggle()
            let person = people[open.cursor]
            open.attendees = people
            if open.cursor < people.count - 1 { open.cursor += 1 }
            self.open = open
            return [.workshops(.mark(workshopID: open.id, creatorID: person.creatorID, present: person.attended))]
        case .open:
            if let people = open.attendees, people.indices.contains(open.cursor) { env.ask(.creator(id: people[open.cursor].creatorID)) }
            return []
        case .removeRecord:
            return [.removal(.plan(.workshop(id: open.id)))]
        default:
            return nil
        }
    }

    mutating func back(_ env: inout ScreenEnv) -> BackStep {
        guard open != nil, returnTo == nil else { return .leave }
        open = nil
        return .stay([.workshops(.load)])
    }

    /// The list too while a workshop is open: it says whether the workshop is still there.
    func reload(_ env: ScreenEnv) -> [Command] {
        [.workshops(.load)] + (open.map { [.workshops(.loadAttendees(id: $0.id))] } ?? [])
    }

    func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect) { WorkshopsView.draw(&canvas, ctx, self, rect) }

    func hints(_ ctx: ViewContext) -> String {
        func k(_ a: Action) -> String { ctx.key(a, or: "—") }
        if open == nil { return ["\(k(.down))/\(k(.up)) move", "\(k(.open)) attendance", "\(k(.removeRecord)) remove", "Esc back"].joined(separator: ctx.dot) }
        return ["\(k(.down))/\(k(.up)) move", "\(k(.attendanceToggle)) present/absent", "\(k(.open)) creator", "\(k(.removeRecord)) remove workshop",
                "Esc back"].joined(separator: ctx.dot)
    }
}

extension Model {
    /// A workshop's checklist over the screen shown (the Review), which `Esc` comes back to.
    mutating func openWorkshopReturningHere(_ id: String, title: String) -> [Command] {
        var s = WorkshopsScreen(returnFocus: returnFocusForScreens)
        s.returnTo = screen
        s.open = AttendanceState(id: id, title: title)
        screen = .workshops(s)
        return [.workshops(.loadAttendees(id: id))]
    }
}

/// The workshop list and the attendance checklist.
enum WorkshopsView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: WorkshopsScreen, _ rect: Rect) {
        let dot = ctx.dot
        if let open = s.open {
            let people = open.attendees ?? []
            let present = people.filter(\.attended).count
            let inner = ScreenList.frame(&canvas, ctx, rect, title: TerminalText.sanitize(open.title) + dot + "\(present) of \(people.count) present")
            guard let rows = ScreenList.rows(&canvas, ctx, open.attendees, empty: "Nobody is invited yet: greenroom workshop invite TITLE @handle… (or --filter)", in: inner) else { return }
            let columns = [ColumnSpec("", min: 3, preferred: 3, priority: 0), ColumnSpec("creator", min: 14, preferred: 24, priority: 0),
                           ColumnSpec("name", min: 10, preferred: 24, priority: 1), ColumnSpec("", min: 7, preferred: 7, priority: 2)]
            var lines = [ScreenList.Line(cells: [("", .listHeader), ("creator", .listHeader), ("name", .listHeader), ("", .listHeader)], item: nil)]
            for (i, p) in rows.enumerated() {
                lines.append(ScreenList.Line(cells: [(p.attended ? "[x]" : "[ ]", p.attended ? .kpiGood : .textMuted), (TerminalText.sanitize(p.handle), .text),
                                                     (TerminalText.sanitize(p.displayName), .textMuted), (p.attended ? "present" : "", .kpiGood)], item: i))
            }
            ScreenList.draw(&canvas, ctx, lines, specs: [[], [], [], columns], cursor: open.cursor, in: inner)
            return
        }
        var title = "Workshops"
        if let rows = s.summaries { title += dot + "\(rows.count)" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.summaries, empty: "No workshops yet: greenroom workshop create --title TITLE --starts YYYY-MM-DDTHH:MM --market US", in: inner) else { return }
        let columns = [ColumnSpec("workshop", min: 14, preferred: 26, priority: 0), ColumnSpec("starts", min: 16, preferred: 16, priority: 0),
                       ColumnSpec("mkt", min: 3, preferred: 3, priority: 2), ColumnSpec("host", min: 6, preferred: 8, priority: 3),
                       ColumnSpec("invited", min: 7, preferred: 7, priority: 1, alignRight: true),
                       ColumnSpec("present", min: 7, preferred: 7, priority: 0, alignRight: true),
                       ColumnSpec("module", min: 8, preferred: 14, priority: 4)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            let w = r.workshop
            let seats = w.capacity > 0 ? "\(r.invited)/\(w.capacity)" : "\(r.invited)"
            lines.append(ScreenList.Line(cells: [(TerminalText.sanitize(w.title), .text), (DateInput.formatMinute(w.startsAt, zone: ctx.settings.zone), .text),
                                                 (w.market, .textMuted), (r.hostHandle.map { TerminalText.sanitize($0) } ?? "—", .textMuted), (seats, .text),
                                                 ("\(r.attended)", r.attended > 0 ? .kpiGood : .textMuted),
                                                 (r.moduleTitle.map { TerminalText.sanitize($0) } ?? "—", .textMuted)], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
