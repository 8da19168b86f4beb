import GreenroomCore

/// The whole program's behaviour: a pure function from a message to a changed model and the
/// effects to run. It never does I/O; read it to learn what every key does.
public func update(_ model: inout Model, _ msg: Msg) -> [Command] {
    switch msg {
    case .key(let key):
        return handleKey(&model, key)

    case .perform(let action):
        return perform(&model, action)

    case .mouse(let event):
        return handleMouse(&model, event)

    case .resize(let width, let height):
        model.width = max(1, width)
        model.height = max(1, height)
        model.clampScroll()
        return model.loadsNeeded()

    case .tick(let now, let monotonic):
        let minuteChanged = now / Time.minute != model.now / Time.minute
        model.now = now
        model.monotonic = monotonic
        if let toast = model.toast, toast.expires <= monotonic { model.toast = nil }
        guard minuteChanged else { return [] }
        // Countdowns and "breaching" counts move with the clock.
        return model.refreshCommands()

    case .settingsLoaded(let settings):
        model.settings = settings
        let stages = settings.stages.map(\.name)
        guard model.pipeline.columns.map(\.stage) != stages else { return [] }
        return [.loadPipeline(stages: stages, offsets: [:], limit: model.layout.boardHeight * 3)]

    case .headerLoaded(let lastSyncAt):
        model.lastSyncAt = lastSyncAt
        return []

    case .rosterLoaded(let total, let offset, let rows):
        model.roster.apply(total: total, offset: offset, rows: rows, height: model.layout.listHeight(for: .roster))
        return model.roster.neededLoad(height: model.layout.listHeight(for: .roster)) == nil ? [] : model.loadsNeeded()

    case .pipelineLoaded(let counts, let columns):
        let height = model.layout.boardHeight
        let previous = model.pipeline.columns
        model.pipeline.columns = columns.map { loaded in
            var column = previous.first { $0.stage == loaded.stage } ?? BoardColumn(stage: loaded.stage)
            column.cards.apply(total: loaded.count, offset: loaded.offset, rows: loaded.cards, height: height)
            return column
        }
        model.pipeline.focusedColumn = min(model.pipeline.focusedColumn, max(0, columns.count - 1))
        model.pipeline.sideCounts = model.settings.sideStages.map { ($0.name, counts[$0.name] ?? 0) }
        return []

    case .pipelineColumnLoaded(let stage, let count, let offset, let cards):
        guard let i = model.pipeline.columns.firstIndex(where: { $0.stage == stage }) else { return [] }
        model.pipeline.columns[i].cards.apply(total: count, offset: offset, rows: cards, height: model.layout.boardHeight)
        return []

    case .queueLoaded(let summary, let offset, let rows):
        model.queueSummary = summary
        model.tickets.apply(total: summary.open, offset: offset, rows: rows, height: model.layout.listHeight(for: .tickets))
        return []

    case .kpisLoaded(let series):
        model.kpis.series = series
        model.kpis.loaded = true
        model.kpis.cursor = min(model.kpis.cursor, max(0, series.count - 1))
        return []

    case .failed(let reason):
        model.showToast(reason, kind: .error)
        return []

    case .backgroundStarted(let task):
        model.busy[task, default: 0] += 1
        return []

    case .backgroundFinished(let task):
        let left = (model.busy[task] ?? 1) - 1
        model.busy[task] = left > 0 ? left : nil
        return []
    }
}

/// The commands that fill a freshly started model.
public func initialCommands(_ model: Model) -> [Command] {
    [.loadSettings, .loadHeader] + model.loadsNeeded() + [.loadKPIs(days: model.kpis.days)]
}

private func handleKey(_ model: inout Model, _ key: Key) -> [Command] {
    // Raw mode: the program owns Ctrl-c and Ctrl-z.
    if key == .ctrl("c") { model.quitting = true; return [.quit] }
    if key == .ctrl("z") { return [.suspend] }

    switch model.overlay {
    case .help(let scroll)?:
        return handleHelpKey(&model, key, scroll: scroll)
    case .palette(let state)?:
        return handlePaletteKey(&model, key, state: state)
    case nil:
        break
    }
    guard let action = model.keyMap.action(for: key, in: model.focus.keyContext) else {
        return []
    }
    return perform(&model, action)
}

private func handleHelpKey(_ model: inout Model, _ key: Key, scroll: Int) -> [Command] {
    let helpAction = model.keyMap.action(for: key, in: .global)
    switch key {
    case .esc, .char("q"):
        model.overlay = nil
    case _ where helpAction == .help || helpAction == .back:
        model.overlay = nil
    case _ where helpAction == .down:
        model.overlay = .help(scroll: min(scroll + 1, HelpOverlay.maxScroll(model)))
    case _ where helpAction == .up:
        model.overlay = .help(scroll: max(0, scroll - 1))
    case _ where helpAction == .top:
        model.overlay = .help(scroll: 0)
    case _ where helpAction == .bottom:
        model.overlay = .help(scroll: HelpOverlay.maxScroll(model))
    default:
        break
    }
    return []
}

private func handlePaletteKey(_ model: inout Model, _ key: Key, state: PaletteState) -> [Command] {
    var state = state
    let matches = state.matches(keyMap: model.keyMap)
    switch key {
    case .esc:
        model.overlay = nil
        return []
    case .enter:
        model.overlay = nil
        guard !matches.isEmpty else {
            model.showToast("no command matches \"\(state.input.text)\"", kind: .error)
            return []
        }
        return perform(&model, matches[min(state.selected, matches.count - 1)].action)
    case .down, .ctrl("n"), .tab:
        state.selected = matches.isEmpty ? 0 : (state.selected + 1) % matches.count
    case .up, .ctrl("p"), .backTab:
        state.selected = matches.isEmpty ? 0 : (state.selected + matches.count - 1) % matches.count
    default:
        if state.input.handle(key) { state.selected = 0 }
    }
    model.overlay = .palette(state)
    return []
}

/// Mouse (when enabled): a click focuses the pane under the pointer and selects the row or
/// card clicked; the wheel scrolls the list under the pointer. A click outside an overlay
/// closes it.
private func handleMouse(_ model: inout Model, _ event: MouseEvent) -> [Command] {
    if model.overlay != nil {
        if case .help(let scroll)? = model.overlay, event.kind != .click {
            let next = event.kind == .wheelDown ? min(scroll + 3, HelpOverlay.maxScroll(model)) : max(0, scroll - 3)
            model.overlay = .help(scroll: next)
        } else if event.kind == .click {
            model.overlay = nil
        }
        return []
    }
    guard !model.isTooSmall else { return [] }
    let layout = model.layout
    guard let pane = Pane.allCases.first(where: { layout.rect(for: $0).map { r in
        event.x >= r.x && event.x < r.maxX && event.y >= r.y && event.y < r.maxY } ?? false }),
          let rect = layout.rect(for: pane) else { return [] }
    var commands: [Command] = []
    if model.focus != pane { commands += model.setFocus(pane) }
    switch event.kind {
    case .wheelUp, .wheelDown:
        let step = event.kind == .wheelDown ? 3 : -3
        switch pane {
        case .roster:
            model.roster.moveCursor(to: model.roster.cursor + step, height: layout.listHeight(for: .roster))
        case .tickets:
            model.tickets.moveCursor(to: model.tickets.cursor + step, height: layout.listHeight(for: .tickets))
        case .pipeline:
            let c = model.pipeline.focusedColumn
            guard model.pipeline.columns.indices.contains(c) else { break }
            model.pipeline.columns[c].cards.moveCursor(to: model.pipeline.columns[c].cards.cursor + step, height: layout.boardHeight)
        case .kpis:
            model.kpis.cursor = max(0, min(model.kpis.series.count - 1, model.kpis.cursor + step.signum()))
        }
    case .click:
        let row = event.y - (rect.y + 2) // below the top border and the column header
        switch pane {
        case .roster where row >= 0 && model.roster.top + row < model.roster.total:
            model.roster.moveCursor(to: model.roster.top + row, height: layout.listHeight(for: .roster))
        case .tickets where row >= 0 && model.tickets.top + row < model.tickets.total:
            model.tickets.moveCursor(to: model.tickets.top + row, height: layout.listHeight(for: .tickets))
        case .kpis where row >= 0 && row < model.kpis.series.count:
            model.kpis.cursor = row
        case .pipeline:
            let n = model.pipeline.columns.count
            guard n > 0 else { break }
            let inner = rect.inset(1)
            let columnWidth = max(4, (inner.width - (n - 1)) / n)
            let c = min(n - 1, max(0, (event.x - inner.x) / (columnWidth + 1)))
            model.pipeline.focusedColumn = c
            let cardHeight = model.zoomed ? 2 : 1
            let line = (event.y - (inner.y + 2)) / cardHeight
            let cards = model.pipeline.columns[c].cards
            if event.y >= inner.y + 2 && cards.top + line < cards.total {
                model.pipeline.columns[c].cards.moveCursor(to: cards.top + line, height: layout.boardHeight)
            }
        default:
            break
        }
    }
    return commands + model.loadsNeeded()
}

/// Performs a bound action.
func perform(_ model: inout Model, _ action: Action) -> [Command] {
    switch action {
    case .quit:
        model.quitting = true
        return [.quit]
    case .help:
        model.overlay = .help(scroll: 0)
        return []
    case .palette:
        model.overlay = .palette(PaletteState())
        return []
    case .back:
        if model.zoomed {
            model.zoomed = false
            model.clampScroll()
            return model.loadsNeeded()
        }
        return []
    case .redraw:
        return [.redraw]
    case .focusNext:
        return model.setFocus(model.focus.next)
    case .focusPrevious:
        return model.setFocus(model.focus.previous)
    case .focusRoster:
        return model.setFocus(.roster)
    case .focusPipeline:
        return model.setFocus(.pipeline)
    case .focusTickets:
        return model.setFocus(.tickets)
    case .focusKPIs:
        return model.setFocus(.kpis)
    case .zoom:
        model.zoomed.toggle()
        model.clampScroll()
        return model.loadsNeeded()
    case .down, .up, .top, .bottom, .halfPageDown, .halfPageUp, .pageDown, .pageUp:
        return model.moveCursor(action)
    case .columnLeft:
        guard model.focus == .pipeline, !model.pipeline.columns.isEmpty else { return [] }
        model.pipeline.focusedColumn = max(0, model.pipeline.focusedColumn - 1)
        return []
    case .columnRight:
        guard model.focus == .pipeline, !model.pipeline.columns.isEmpty else { return [] }
        model.pipeline.focusedColumn = min(model.pipeline.columns.count - 1, model.pipeline.focusedColumn + 1)
        return []
    }
}

extension Model {
    mutating func setFocus(_ pane: Pane) -> [Command] {
        focus = pane
        clampScroll()
        return loadsNeeded()
    }

    mutating func showToast(_ text: String, kind: Toast.Kind, seconds: Double = 4) {
        toast = Toast(text: text, kind: kind, expires: monotonic + seconds)
    }

    /// The new cursor index for a movement in a list of `total` rows showing `height`.
    static func target(of action: Action, cursor: Int, total: Int, height: Int) -> Int {
        switch action {
        case .down: return cursor + 1
        case .up: return cursor - 1
        case .top: return 0
        case .bottom: return total - 1
        case .halfPageDown: return cursor + max(1, height / 2)
        case .halfPageUp: return cursor - max(1, height / 2)
        case .pageDown: return cursor + max(1, height)
        case .pageUp: return cursor - max(1, height)
        default: return cursor
        }
    }

    mutating func moveCursor(_ action: Action) -> [Command] {
        switch focus {
        case .roster:
            let h = layout.listHeight(for: .roster)
            roster.moveCursor(to: Model.target(of: action, cursor: roster.cursor, total: roster.total, height: h), height: h)
        case .tickets:
            let h = layout.listHeight(for: .tickets)
            tickets.moveCursor(to: Model.target(of: action, cursor: tickets.cursor, total: tickets.total, height: h), height: h)
        case .pipeline:
            guard pipeline.columns.indices.contains(pipeline.focusedColumn) else { return [] }
            let h = layout.boardHeight
            var column = pipeline.columns[pipeline.focusedColumn]
            column.cards.moveCursor(to: Model.target(of: action, cursor: column.cards.cursor, total: column.cards.total, height: h), height: h)
            pipeline.columns[pipeline.focusedColumn] = column
        case .kpis:
            let total = kpis.series.count
            kpis.cursor = total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: kpis.cursor, total: total, height: total)))
        }
        return loadsNeeded()
    }

    /// Keeps every list's scroll position valid for the current pane sizes.
    mutating func clampScroll() {
        roster.scrollToCursor(height: layout.listHeight(for: .roster))
        tickets.scrollToCursor(height: layout.listHeight(for: .tickets))
        let h = layout.boardHeight
        for i in pipeline.columns.indices { pipeline.columns[i].cards.scrollToCursor(height: h) }
    }

    /// Loads for any list whose visible rows are not all in memory.
    func loadsNeeded() -> [Command] {
        var commands: [Command] = []
        if let load = roster.neededLoad(height: layout.listHeight(for: .roster)) {
            commands.append(.loadRoster(offset: load.offset, limit: load.limit))
        }
        if let load = tickets.neededLoad(height: layout.listHeight(for: .tickets)) {
            commands.append(.loadQueue(offset: load.offset, limit: load.limit))
        }
        let h = layout.boardHeight
        let stages = settings.stages.map(\.name)
        if pipeline.columns.isEmpty || pipeline.columns.contains(where: { !$0.cards.loaded }) {
            commands.append(.loadPipeline(stages: stages, offsets: [:], limit: h * 3))
        } else {
            for column in pipeline.columns {
                if let load = column.cards.neededLoad(height: h) {
                    commands.append(.loadPipelineColumn(stage: column.stage, offset: load.offset, limit: load.limit))
                }
            }
        }
        return commands
    }

    /// Reloads what changes with time: the visible windows, queue counts, KPIs and header.
    func refreshCommands() -> [Command] {
        let rh = layout.listHeight(for: .roster)
        let th = layout.listHeight(for: .tickets)
        return [
            .loadHeader,
            .loadRoster(offset: max(0, roster.top - rh), limit: rh * 3),
            .loadQueue(offset: max(0, tickets.top - th), limit: th * 3),
            .loadPipeline(stages: settings.stages.map(\.name),
                          offsets: Dictionary(uniqueKeysWithValues: pipeline.columns.map { ($0.stage, max(0, $0.cards.top - layout.boardHeight)) }),
                          limit: layout.boardHeight * 3),
            .loadKPIs(days: kpis.days),
        ]
    }
}
