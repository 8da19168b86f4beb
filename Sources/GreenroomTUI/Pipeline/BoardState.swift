import GreenroomCore

/// What the board asks the store for: the filter (the roster's language) and who "me" is.
public struct BoardQuery: Hashable, Sendable {
    public var filter: CreatorFilter
    public var me: String?

    public init(filter: CreatorFilter = .all, me: String? = nil) {
        self.filter = filter; self.me = me
    }
}

/// One pipeline column: its stage and a window over its cards.
public struct BoardColumn: Hashable, Sendable {
    public var stage: String
    public var cards = ListWindow<PipelineCard>()

    public init(stage: String) { self.stage = stage }
}

/// The pipeline pane: columns, the focused one, the filter, the selection for bulk moves,
/// the folded side stages and the funnel.
public struct PipelineState: Hashable, Sendable, FilteredPane {
    public var columns: [BoardColumn] = []
    public var focusedColumn = 0
    /// Cards in every stage under the filter (the folded side stages' counts come from here).
    public var counts: [String: Int] = [:]
    /// `paused` and `lost` shown as columns (`Z`) instead of folded into a line.
    public var showSide = false
    /// The filter line (`/`; `FilteredPane` reads and writes it).
    public var filterLine = FilterLine<CreatorFilter>(.all)
    /// Selected cards (creator id → the stage it was in when selected), for bulk moves.
    public var selection: [String: String] = [:]
    /// A creator whose card the cursor should land on once the board reloads (after a move).
    public var follow: String?
    /// A filter was typed: when the board comes back, the cursor goes to the first column
    /// with a match if its own has none.
    public var seekMatch = false
    /// The funnel replaces the cards while shown (`f`).
    public var showFunnel = false
    public var funnelDays = 90
    public var funnel: FunnelReport?

    public init() {}

    public var selectedCard: PipelineCard? {
        columns.indices.contains(focusedColumn) ? columns[focusedColumn].cards.selected : nil
    }

    public var focusedStage: String? {
        columns.indices.contains(focusedColumn) ? columns[focusedColumn].stage : nil
    }
}

/// What happens to the board.
public enum PipelineMsg: Sendable {
    case loaded(query: BoardQuery, counts: [String: Int], columns: [PipelineColumn])
    case columnLoaded(query: BoardQuery, stage: String, count: Int, offset: Int, cards: [PipelineCard])
    /// Where a followed card is after a reload (nil: gone or filtered out).
    case cardLocated(creatorID: String, stage: String?, index: Int)
    case funnelLoaded(FunnelReport)
    /// `M`'s stage, or the reason a move into a side stage needs.
    case stagePicked(String)
    case moveReasoned(String, MoveReason)
    /// `M` on a creator's detail: the stage picked for that creator.
    case creatorStagePicked(String, CreatorStagePick)
}

extension PipelineState {
    /// The stages the board shows as columns: the flow, and the side exits when unfolded.
    func stages(_ settings: TeamSettings) -> [String] {
        settings.stages.map(\.name) + (showSide ? settings.sideStages.map(\.name) : [])
    }
}

/// `M` on the board: the stage to move the card (or the selection) to.
public struct BoardStagePick: PickerPurpose {
    public func picked(_ item: PickerItem) -> Msg { .pipeline(.stagePicked(item.value)) }
}

/// `M` on a creator's detail: the stage to move that creator to.
public struct CreatorStagePick: PickerPurpose {
    public var creatorID: String
    public var handle: String

    public func picked(_ item: PickerItem) -> Msg { .pipeline(.creatorStagePicked(item.value, self)) }
}

/// A move into a side stage (`paused`, `lost`) needs a reason.
public struct MoveReason: PromptPurpose {
    public var ids: [String]
    public var stage: String
    public var label: String

    public func answered(_ text: String) -> Msg { .pipeline(.moveReasoned(text, self)) }
}

/// What the board asks the runtime for.
public enum PipelineCommand: Hashable, Sendable {
    case load(BoardQuery, stages: [String], offsets: [String: Int], limit: Int)
    case loadColumn(BoardQuery, stage: String, offset: Int, limit: Int, seek: PageSeek<PipelineCard>? = nil)
    case locateCard(BoardQuery, creatorID: String)
    case loadFunnel(BoardQuery, days: Int)
}
