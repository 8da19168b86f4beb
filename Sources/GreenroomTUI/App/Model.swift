import GreenroomCore

/// What the terminal can do, as the backend found it.
public struct TerminalCapabilities: Hashable, Sendable {
    /// Box drawing, block characters and wide characters can be drawn (a UTF-8 locale).
    public var unicode: Bool
    /// 0 under NO_COLOR, else 8, 16, 256 or 16,777,216.
    public var colors: Int

    public init(unicode: Bool = true, colors: Int = 256) {
        self.unicode = unicode; self.colors = colors
    }
}

/// A message in the status line that goes away by itself.
public struct Toast: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case info, error }
    public var text: String
    public var kind: Kind
    /// Monotonic seconds after which it disappears.
    public var expires: Double

    public init(text: String, kind: Kind, expires: Double) {
        self.text = text; self.kind = kind; self.expires = expires
    }
}

/// The KPI pane: every KPI over the last 14 days, 12 weeks or 12 months (`[` / `]`).
public struct KPIState: Hashable, Sendable {
    public var unit: KPIPeriodUnit = .day
    public var series: [KPIPanelSeries] = []
    public var cursor = 0
    public var loaded = false
    /// `p`: the current week or month so far (partial) instead of the last complete one.
    public var toDate = false
}

public struct PaletteState: Hashable, Sendable {
    public var input = TextField()
    public var selected = 0

    /// Actions matching the input, best first.
    public func matches(keyMap: KeyMap) -> [(action: Action, match: FuzzyMatch.Match)] {
        FuzzyMatch.rank(input.text, Action.allCases.filter { $0 != .palette && !$0.context.isModal }) { "\($0.title) \($0.rawValue)" }
            .map { (action: $0.item, match: $0.match) }
    }

    /// A typed command with arguments (`view save NAME`), when the input is one.
    public var command: PaletteCommand? { PaletteCommand.parse(input.text) }
}

/// Commands typed in the palette that take arguments.
public enum PaletteCommand: Hashable, Sendable {
    case saveView(String)
    case deleteView(String)
    case kb
    /// Words that open a registered screen (`trash`): its opening action.
    case screen(Action)
    /// `enrol NAME`: the roster's selection (or the creator under the cursor) into a campaign.
    case enrol(String)
    /// `enrol program NAME`: the same, into a program.
    case enrolProgram(String)
    /// `agent @handle`: a teammate's agent page (issue 25).
    case agent(String)
    /// `1on1 @handle` (or `oneonone @handle`): the 1:1 screen with a teammate (issue 25).
    case oneOnOne(String)

    public static func parse(_ text: String) -> PaletteCommand? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for verb in ["enrol", "enroll"] where trimmed.lowercased().hasPrefix(verb + " ") || trimmed.lowercased() == verb {
            let rest = String(trimmed.dropFirst(verb.count)).trimmingCharacters(in: .whitespaces)
            if rest.lowercased().hasPrefix("program ") || rest.lowercased() == "program" {
                return .enrolProgram(String(rest.dropFirst("program".count)).trimmingCharacters(in: .whitespaces))
            }
            return .enrol(rest)
        }
        for verb in ["1on1", "oneonone", "1:1"] where trimmed.lowercased().hasPrefix(verb + " ") || trimmed.lowercased() == verb {
            return .oneOnOne(String(trimmed.dropFirst(verb.count)).trimmingCharacters(in: .whitespaces))
        }
        if trimmed.lowercased().hasPrefix("agent ") || trimmed.lowercased() == "agent" {
            return .agent(String(trimmed.dropFirst("agent".count)).trimmingCharacters(in: .whitespaces))
        }
        if ["kb", "knowledge", "articles"].contains(text.trimmingCharacters(in: .whitespaces).lowercased()) { return .kb }
        if let type = Screens.openable.first(where: { $0.paletteWords.contains(text.trimmingCharacters(in: .whitespaces).lowercased()) }) {
            return .screen(type.openAction)
        }
        let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3, words[0].lowercased() == "view" else { return nil }
        switch words[1].lowercased() {
        case "save": return .saveView(words[2].trimmingCharacters(in: .whitespaces))
        case "delete", "remove": return .deleteView(words[2].trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public var title: String {
        switch self {
        case .saveView(let n): return "Save the current filter as view \"\(n)\""
        case .deleteView(let n): return "Delete view \"\(n)\""
        case .kb: return "Open the knowledge base"
        case .screen(let action): return Screens.openable.first { $0.openAction == action }?.paletteTitle ?? action.title
        case .enrol(let n): return n.isEmpty ? "Enrol the selected creators: enrol NAME" : "Enrol the selected creators in \"\(TerminalText.sanitize(n))\""
        case .agent(let h): return h.isEmpty ? "Open a teammate's agent page: agent @handle" : "Open the agent page of \(TerminalText.sanitize(h))"
        case .oneOnOne(let h): return h.isEmpty ? "Open the 1:1 screen with a teammate: 1on1 @handle" : "Open the 1:1 with \(TerminalText.sanitize(h))"
        case .enrolProgram(let n):
            return n.isEmpty ? "Enrol the selected creators in a program: enrol program NAME" : "Enrol the selected creators in program \"\(TerminalText.sanitize(n))\""
        }
    }
}

/// Which text an external editor (`Ctrl-e`) is editing.
public enum EditorTarget: Hashable, Sendable {
    case creatorNotes
    case activitySummary
    case ticketReply
    /// The 1:1 screen's form: the note, goal, follow-up or 1:1 notes.
    case coachingText
}

/// Things drawn over the screen that take the keys while open.
public indirect enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    /// `?` on a KPI row: what the number counts.
    case explain(ExplainState)
    case palette(PaletteState)
    case picker(PickerState)
    case prompt(PromptState)
    case confirm(ConfirmState)
    case creatorForm(CreatorFormState)
    case activityForm(ActivityFormState)
    case replyForm(ReplyFormState)
    case ticketForm(TicketFormState)
    case kb(KBState)
    /// An article being written or edited; `back` is the knowledge base it came from.
    case articleForm(ArticleFormState, back: KBState?)
    /// `*`: a QA review of a ticket (issue 25).
    case qaForm(QAFormState)
    /// `c` and `r` on the 1:1 screen: a note, goal or follow-up; a 1:1 held (issue 25).
    case coachingForm(CoachingFormState)

    /// A form with text being written: `Ctrl-c` there asks like `Esc` instead of quitting.
    public var isEditor: Bool {
        switch self {
        case .creatorForm, .activityForm, .replyForm, .ticketForm, .articleForm, .qaForm, .coachingForm: return true
        default: return false
        }
    }
}

/// The main screen or a detail screen over it.
public indirect enum Screen: Hashable, Sendable {
    case main
    case creator(CreatorScreen)
    case ticket(TicketScreen)
    case today(TodayScreen)
    case drill(DrillScreen)
    case review(ReviewScreen)
    case cohorts(CohortScreen)
    case conflicts(ConflictsScreen)
    case trash(TrashScreen)
    case campaigns(CampaignsScreen)
    case programs(ProgramsScreen)
    case workshops(WorkshopsScreen)
    case tasks(TasksScreen)
    case communities(CommunitiesScreen)
    case teams(TeamsScreen)
    case rules(RulesScreen)
    case agent(AgentScreen)
    case oneOnOne(OneOnOneScreen)
    case qa(QAScreen)
}

/// How a change set is being applied, which decides the undo bookkeeping.
public enum ApplyMode: Hashable, Sendable {
    case perform, undo, redo
}

/// Everything on screen. `update` changes it; `view` draws it.
public struct Model: Sendable {
    public var width: Int
    public var height: Int
    public var now: Millis
    /// Seconds from a monotonic clock, for toasts.
    public var monotonic: Double = 0
    public var focus: Pane = .roster
    public var zoomed = false
    public var screen: Screen = .main
    public var overlay: Overlay?
    public var settings = TeamSettings.defaults
    /// Who "me" is (a member handle), if known.
    public var me: String?
    public var lastSyncAt: Millis?
    /// Conflicts sync kept that nobody has looked at yet (the header shows them).
    public var openConflictCount = 0
    /// What the header shows that a screen's messages may change.
    var header: HeaderState {
        get { HeaderState(openConflicts: openConflictCount) }
        set { openConflictCount = newValue.openConflicts }
    }
    /// What a running sync is doing ("sync: reading 40%"); nil when none runs.
    public var syncProgress: String?
    public var members: [Member] = []
    /// Teammates' time off not over when the directory loaded, and the teams (issue 24).
    public var timeOff: [ShiftException] = []
    public var teams: [Team] = []
    public var networks: [Network] = []
    public var roster = RosterState()
    public var pipeline = PipelineState()
    public var tickets = TicketsState()
    public var queueSummary = QueueSummary(open: 0, breaching: 0)
    public var kpis = KPIState()
    public var toast: Toast?
    /// Background tasks running, by label, with how many of each.
    public var busy: [String: Int] = [:]
    /// Change sets that undo what was done, most recent last; and what undo undid.
    public var undoStack: [ChangeSet] = []
    /// A creator whose detail is loading only to open the edit form.
    public var pendingEdit: String?
    public var redoStack: [ChangeSet] = []
    public var keyMap: KeyMap
    public var theme: Theme
    public var capabilities: TerminalCapabilities
    public var quitting = false
    /// Unsent reply and note text per ticket (`ReplyDrafts.swift`), and which changed since
    /// they were last saved.
    public var drafts: [ReplyDraftKey: String] = [:]
    public var draftsToSave: Set<ReplyDraftKey> = []

    public init(width: Int, height: Int, now: Millis, keyMap: KeyMap = .defaults, theme: Theme = .builtinDefault,
                capabilities: TerminalCapabilities = TerminalCapabilities(), me: String? = nil) {
        self.width = width; self.height = height; self.now = now; self.keyMap = keyMap
        self.theme = theme; self.capabilities = capabilities; self.me = me
    }

    /// The smallest screen Greenroom lays out; below it, a message asks for more room.
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// How many undo steps are kept.
    public static let undoDepth = 100

    public var isTooSmall: Bool { width < Model.minimumWidth || height < Model.minimumHeight }

    public var layout: ScreenLayout { ScreenLayout(width: width, height: height, zoomed: zoomed ? focus : nil) }

    /// The key contexts in effect, most specific first.
    public var keyContexts: [Action.Context] {
        if let component = screen.component { return component.keyContexts + [.global] }
        switch focus {
        case .roster: return [.roster, .creator, .global]
        case .pipeline: return [.pipeline, .creator, .global]
        case .tickets: return [.tickets, .ticket, .global]
        case .kpis: return [.kpis, .global]
        }
    }

    /// The creator the keys act on: the detail screen's, the roster row's or the board card's.
    public var currentCreatorID: String? {
        if case .creator(let s) = screen { return s.id }
        switch focus {
        case .roster: return roster.list.selected?.id
        case .pipeline: return pipeline.selectedCard?.id
        default: return nil
        }
    }

    public func memberHandle(id: String?) -> String? {
        guard let id else { return nil }
        return members.first { $0.id == id }?.handle
    }
}
