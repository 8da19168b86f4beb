import GreenroomCore

/// Mouse (when enabled): a click focuses the pane under the pointer and selects the row or
/// card clicked; the wheel scrolls the list under the pointer. A click outside an overlay
/// closes it.
func handleMouse(_ model: inout Model, _ event: MouseEvent) -> [Command] {
    if let overlay = model.overlay {
        switch overlay {
        case .help(let scroll) where event.kind != .click:
            let next = event.kind == .wheelDown ? min(scroll + 3, HelpOverlay.maxScroll(model)) : max(0, scroll - 3)
            model.overlay = .help(scroll: next)
        case .help, .palette, .picker, .explain:
            if event.kind == .click { model.overlay = nil }
        default:
            break // forms and questions need an answer from the keyboard
        }
        return []
    }
    guard !model.isTooSmall else { return [] }
    if case .creator = model.screen {
        switch event.kind {
        case .wheelDown: return perform(&model, .down)
        case .wheelUp: return perform(&model, .up)
        case .click: return []
        }
    }
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
            model.roster.list.moveCursor(to: model.roster.list.cursor + step, height: model.rosterHeight)
        case .tickets:
            model.tickets.list.moveCursor(to: model.tickets.list.cursor + step, height: model.ticketsHeight)
        case .pipeline:
            let c = model.pipeline.focusedColumn
            guard model.pipeline.columns.indices.contains(c) else { break }
            model.pipeline.columns[c].cards.moveCursor(to: model.pipeline.columns[c].cards.cursor + step, height: layout.boardHeight)
        case .kpis:
            model.kpis.cursor = max(0, min(model.kpis.series.count - 1, model.kpis.cursor + step.signum()))
        }
    case .click:
        // Rows start below the top border and the column header (and the roster's filter line).
        switch pane {
        case .roster:
            let row = event.y - (rect.y + 2 + model.roster.filterLines)
            if row >= 0 && model.roster.list.top + row < model.roster.list.total {
                model.roster.list.moveCursor(to: model.roster.list.top + row, height: model.rosterHeight)
            }
        case .tickets:
            let row = event.y - (rect.y + 2 + model.tickets.filterLines)
            if row >= 0 && model.tickets.list.top + row < model.tickets.list.total {
                model.tickets.list.moveCursor(to: model.tickets.list.top + row, height: model.ticketsHeight)
            }
        case .kpis:
            let row = event.y - (rect.y + 2)
            let top = KPIView.top(model.kpis, height: max(1, rect.height - 3))
            if row >= 0 && top + row < model.kpis.series.count { model.kpis.cursor = top + row }
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
        }
    }
    return commands + model.loadsNeeded()
}
