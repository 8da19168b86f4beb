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

/// One pipeline column: its stage and a window over its cards.
public struct BoardColumn: Hashable, Sendable {
    public var stage: String
    public var cards = ListWindow<PipelineCard>()

    public init(stage: String) { self.stage = stage }
}

public struct PipelineState: Hashable, Sendable {
    public var columns: [BoardColumn] = []
    public var focusedColumn = 0
    /// Cards in the folded side stages (paused, lost).
    public var sideCounts: [(String, Int)] = []

    public static func == (a: PipelineState, b: PipelineState) -> Bool {
        a.columns == b.columns && a.focusedColumn == b.focusedColumn
            && a.sideCounts.map(\.0) == b.sideCounts.map(\.0) && a.sideCounts.map(\.1) == b.sideCounts.map(\.1)
    }

    public func hash(into h: inout Hasher) {
        h.combine(columns); h.combine(focusedColumn)
    }
}

public struct KPIState: Hashable, Sendable {
    public var series: [KPISeries] = []
    public var cursor = 0
    public var days = 14
    public var loaded = false
}

public struct PaletteState: Hashable, Sendable {
    public var input = TextField()
    public var selected = 0

    /// Actions matching the input, best first.
    public func matches(keyMap: KeyMap) -> [(action: Action, match: FuzzyMatch.Match)] {
        FuzzyMatch.rank(input.text, Action.allCases.filter { $0 != .palette }) { "\($0.title) \($0.rawValue)" }
            .map { (action: $0.item, match: $0.match) }
    }
}

public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case palette(PaletteState)
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
    public var overlay: Overlay?
    public var settings = TeamSettings.defaults
    /// Who "me" is (a member handle), if known.
    public var me: String?
    public var lastSyncAt: Millis?
    public var roster = ListWindow<RosterRow>()
    public var pipeline = PipelineState()
    public var tickets = ListWindow<QueueRow>()
    public var queueSummary = QueueSummary(open: 0, breaching: 0)
    public var kpis = KPIState()
    public var toast: Toast?
    /// Background tasks running, by label, with how many of each.
    public var busy: [String: Int] = [:]
    public var keyMap: KeyMap
    public var theme: Theme
    public var capabilities: TerminalCapabilities
    public var quitting = false

    public init(width: Int, height: Int, now: Millis, keyMap: KeyMap = .defaults, theme: Theme = .builtinDefault,
                capabilities: TerminalCapabilities = TerminalCapabilities(), me: String? = nil) {
        self.width = width; self.height = height; self.now = now; self.keyMap = keyMap
        self.theme = theme; self.capabilities = capabilities; self.me = me
    }

    /// The smallest screen Greenroom lays out; below it, a message asks for more room.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var isTooSmall: Bool { width < Model.minimumWidth || height < Model.minimumHeight }

    public var layout: ScreenLayout { ScreenLayout(width: width, height: height, zoomed: zoomed ? focus : nil) }
}
