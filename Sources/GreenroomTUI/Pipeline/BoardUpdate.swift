import GreenroomCore

/// The board's behaviour: moving between columns and cards, moving cards between stages
/// (one, a picker, or a selection at once), the filter, the folded side stages and the funnel.
///
/// After a move the cursor follows the card into its new column (where it is last: the
/// newest arrival), so `L L L` walks one creator down the pipeline, as in taskell and Trello's
/// keyboard moves. Moves into `paused` or `lost` ask for a reason first.
extension Model {
    var boardQuery: BoardQuery { BoardQuery(filter: pipeline.filter, me: me) }

    /// The stages shown as columns: the main line, then the side stages when unfolded.
    var boardStages: [String] { pipeline.stages(settings) }

    func loadBoard(offsets: [String: Int]? = nil) -> Command {
        let h = layout.boardHeight
        let offsets = offsets ?? Dictionary(pipeline.columns.map { ($0.stage, max(0, $0.cards.top - h)) }, uniquingKeysWith: { a, _ in a })
        return .pipeline(.load(boardQuery, stages: boardStages, offsets: offsets, limit: h * 3))
    }

    /// Loads the board again, and finds the followed card if there is one.
    func reloadBoard() -> [Command] {
        var commands = [loadBoard()]
        if let id = pipeline.follow { commands.append(.pipeline(.locateCard(boardQuery, creatorID: id))) }
        if pipeline.showFunnel { commands.append(.pipeline(.loadFunnel(boardQuery, days: pipeline.funnelDays))) }
        return commands
    }

    mutating func pipelineLoaded(query: BoardQuery, counts: [String: Int], columns: [PipelineColumn]) -> [Command] {
        guard query == boardQuery else { return [] } // a reply to a filter since changed
        let height = layout.boardHeight
        let previous = pipeline.columns
        pipeline.columns = columns.map { loaded in
            var column = previous.first { $0.stage == loaded.stage } ?? BoardColumn(stage: loaded.stage)
            column.cards.apply(total: loaded.count, offset: loaded.offset, rows: loaded.cards, height: height)
            return column
        }
        pipeline.counts = counts
        pipeline.focusedColumn = min(pipeline.focusedColumn, max(0, columns.count - 1))
        if pipeline.seekMatch {
            pipeline.seekMatch = false
            let here = pipeline.columns.indices.contains(pipeline.focusedColumn) ? pipeline.columns[pipeline.focusedColumn].cards.total : 0
            if here == 0, let first = pipeline.columns.firstIndex(where: { $0.cards.total > 0 }) {
                pipeline.focusedColumn = first
                pipeline.columns[first].cards.moveCursor(to: 0, height: height)
            }
        }
        return []
    }

    mutating func pipelineColumnLoaded(query: BoardQuery, stage: String, count: Int, offset: Int, cards: [PipelineCard]) -> [Command] {
        guard query == boardQuery, let i = pipeline.columns.firstIndex(where: { $0.stage == stage }) else { return [] }
        pipeline.columns[i].cards.apply(total: count, offset: offset, rows: cards, height: layout.boardHeight)
        return []
    }

    mutating func cardLocated(creatorID: String, stage: String?, index: Int) -> [Command] {
        guard pipeline.follow == creatorID else { return [] }
        pipeline.follow = nil
        guard let stage else { return [] }
        if !boardStages.contains(stage) && settings.sideStages.contains(where: { $0.name == stage }) {
            // Moved into a folded stage: unfold so the card stays in sight.
            pipeline.showSide = true
            pipeline.follow = creatorID
            return reloadBoard()
        }
        guard let c = pipeline.columns.firstIndex(where: { $0.stage == stage }) else { return [] }
        pipeline.focusedColumn = c
        pipeline.columns[c].cards.moveCursor(to: index, height: layout.boardHeight)
        return loadsNeeded()
    }

    /// The board's actions (`Action.Context.pipeline`).
    mutating func boardAction(_ action: Action) -> [Command] {
        guard focus == .pipeline, screen == .main else { return [] }
        switch action {
        case .columnLeft, .columnRight:
            guard !pipeline.columns.isEmpty, !pipeline.showFunnel else { return [] }
            let step = action == .columnLeft ? -1 : 1
            pipeline.focusedColumn = max(0, min(pipeline.columns.count - 1, pipeline.focusedColumn + step))
            return loadsNeeded()
        case .moveCardLeft, .moveCardRight:
            return moveOneStage(forward: action == .moveCardRight)
        case .moveCardTo:
            guard !pipeline.showFunnel else { return [] }
            let ids = movingIDs()
            guard !ids.isEmpty else { return [] }
            let current = pipeline.selection.isEmpty ? pipeline.focusedStage : nil
            let title = ids.count == 1 ? "Move \(pipeline.selectedCard?.handle ?? "creator") to" : "Move \(NumberFormat.grouped(ids.count)) creators to"
            overlay = .picker(PickerState(title: title, purpose: BoardStagePick(),
                                          items: settings.allStageNames.filter { $0 != current }.map { PickerItem($0, value: $0) }))
            return []
        case .boardSelect:
            guard !pipeline.showFunnel, let card = pipeline.selectedCard else { return [] }
            if pipeline.selection[card.id] != nil { pipeline.selection[card.id] = nil } else { pipeline.selection[card.id] = card.stage }
            return moveCursor(.down)
        case .boardFilter:
            pipeline.openFilter()
            return []
        case .toggleSide:
            pipeline.showSide.toggle()
            if !pipeline.showSide { pipeline.focusedColumn = min(pipeline.focusedColumn, max(0, settings.stages.count - 1)) }
            return [loadBoard()]
        case .funnel:
            pipeline.showFunnel.toggle()
            return pipeline.showFunnel ? [.pipeline(.loadFunnel(boardQuery, days: pipeline.funnelDays))] : loadsNeeded()
        case .funnelWindow:
            pipeline.funnelDays = pipeline.funnelDays == 90 ? 30 : 90
            pipeline.showFunnel = true
            return [.pipeline(.loadFunnel(boardQuery, days: pipeline.funnelDays))]
        default:
            return []
        }
    }

    /// The creators a move acts on: the selection, else the card under the cursor.
    func movingIDs() -> [String] {
        if !pipeline.selection.isEmpty { return pipeline.selection.keys.sorted() }
        return pipeline.selectedCard.map { [$0.id] } ?? []
    }

    /// `H`/`L`: one stage back or on along the main line.
    mutating func moveOneStage(forward: Bool) -> [Command] {
        guard !pipeline.showFunnel else { return [] }
        let flow = settings.stages.map(\.name)
        if !pipeline.selection.isEmpty {
            var changes: [Change] = []
            var skipped = 0
            for (id, stage) in pipeline.selection.sorted(by: { $0.key < $1.key }) {
                guard let i = flow.firstIndex(of: stage), flow.indices.contains(i + (forward ? 1 : -1)) else { skipped += 1; continue }
                changes.append(.moveStage(creatorID: id, to: flow[i + (forward ? 1 : -1)], reason: nil))
            }
            guard !changes.isEmpty else {
                showToast("None of the selected cards can move \(forward ? "on" : "back") along the main line", kind: .error)
                return []
            }
            let n = NumberFormat.grouped(changes.count)
            let note = skipped > 0 ? " (\(skipped) at the \(forward ? "end" : "start") of the line or in a side stage stay)" : ""
            overlay = .confirm(ConfirmState(message: "Move \(n) creator\(changes.count == 1 ? "" : "s") one stage \(forward ? "on" : "back")\(note)?",
                                            action: .apply(ChangeSet("Moved \(n) creator\(changes.count == 1 ? "" : "s") \(forward ? "on" : "back")", changes))))
            return []
        }
        guard let card = pipeline.selectedCard else {
            if let stage = pipeline.focusedStage {
                let why = pipeline.filter.isEmpty ? "the \(stage) column is empty" : "no card in \(stage) matches the filter"
                showToast("Nothing to move: \(why)", kind: .error)
            }
            return []
        }
        guard let i = flow.firstIndex(of: card.stage) else {
            showToast("\(card.handle) is \(card.stage): \(keyLabel(.moveCardTo)) picks a stage to move to", kind: .error)
            return []
        }
        let j = i + (forward ? 1 : -1)
        guard flow.indices.contains(j) else {
            showToast(forward ? "\(card.stage) is the last stage · \(keyLabel(.moveCardTo)) to move to paused or lost"
                              : "\(card.stage) is the first stage", kind: .error)
            return []
        }
        return move([card.id], to: flow[j], label: "Moved \(card.handle) to \(flow[j])")
    }

    /// Moves creators to `stage`, asking for a reason first for the side exits.
    mutating func move(_ ids: [String], to stage: String, label: String, reason: String? = nil) -> [Command] {
        if reason == nil && settings.sideStages.contains(where: { $0.name == stage }) {
            overlay = .prompt(PromptState(title: "Why \(stage)? (kept on the stage event)", purpose: MoveReason(ids: ids, stage: stage, label: label)))
            return []
        }
        let changes = ids.map { Change.moveStage(creatorID: $0, to: stage, reason: reason) }
        if ids.count == 1 {
            pipeline.follow = ids[0]
            return [.apply(ChangeSet(label, changes), mode: .perform)]
        }
        let n = NumberFormat.grouped(ids.count)
        overlay = .confirm(ConfirmState(message: "Move \(n) creators to \(stage)?", action: .apply(ChangeSet(label, changes))))
        return []
    }

    /// A stage picked with `M`.
    mutating func boardStagePicked(_ stage: String) -> [Command] {
        let ids = movingIDs()
        guard !ids.isEmpty else { return [] }
        let label = ids.count == 1 ? "Moved \(pipeline.selectedCard?.handle ?? "creator") to \(stage)" : "Moved \(NumberFormat.grouped(ids.count)) creators to \(stage)"
        return move(ids, to: stage, label: label)
    }

    /// After a change: clear a selection that was moved, and follow a single moved card.
    mutating func boardApplied(_ inverse: ChangeSet) {
        let moved = inverse.changes.compactMap { change -> String? in
            if case .stageEvent(let id, _, _) = change { return id }
            return nil
        }
        if moved.count > 1 || moved.contains(where: { pipeline.selection[$0] != nil }) { pipeline.selection.removeAll() }
        if moved.count == 1, focus == .pipeline, screen == .main { pipeline.follow = moved[0] }
    }
}

/// Keys while typing a board filter (`/` on the board): the roster's language and `FilterLine`.
func handleBoardFilterKey(_ model: inout Model, _ key: Key) -> [Command] {
    let parser = FilterParser(stages: model.settings.allStageNames)
    return model.filterLineKey(key, \.pipeline.filterLine, empty: .all, parse: parser.parse) { $0.setBoardFilter($1) }
}

extension Model {
    mutating func boardFilterChanged() -> [Command] {
        guard case .parsed(let filter) = pipeline.filterLine.reparse(FilterParser(stages: settings.allStageNames).parse) else { return [] }
        return setBoardFilter(filter)
    }

    mutating func setBoardFilter(_ filter: CreatorFilter) -> [Command] {
        guard filter != pipeline.filter else { return [] }
        pipeline.filter = filter
        pipeline.seekMatch = !filter.isEmpty
        pipeline.selection.removeAll()
        for i in pipeline.columns.indices { pipeline.columns[i].cards = ListWindow() }
        var commands = [loadBoard(offsets: [:])]
        if pipeline.showFunnel { commands.append(.pipeline(.loadFunnel(boardQuery, days: pipeline.funnelDays))) }
        return commands
    }
}

extension Model {
    /// A board message.
    mutating func updatePipeline(_ msg: PipelineMsg) -> [Command] {
        switch msg {
        case .loaded(let query, let counts, let columns):
            return pipelineLoaded(query: query, counts: counts, columns: columns)
        case .columnLoaded(let query, let stage, let count, let offset, let cards):
            return pipelineColumnLoaded(query: query, stage: stage, count: count, offset: offset, cards: cards)
        case .cardLocated(let id, let stage, let index):
            return cardLocated(creatorID: id, stage: stage, index: index)
        case .funnelLoaded(let report):
            pipeline.funnel = report
            return []
        case .stagePicked(let stage):
            return boardStagePicked(stage)
        case .moveReasoned(let reason, let m):
            return move(m.ids, to: m.stage, label: m.label, reason: reason)
        case .creatorStagePicked(let stage, let p):
            return move([p.creatorID], to: stage, label: "Moved \(p.handle) to \(stage)")
        }
    }
}
