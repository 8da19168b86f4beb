import GreenroomCore

/// The pipeline as a kanban board: one column per stage, cards sorted by time in stage
/// (longest first). Rotting cards — in the stage longer than its threshold — carry a `!`.
enum PipelineView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
        let board = model.pipeline
        let total = board.columns.reduce(0) { $0 + $1.cards.total }
        let inner = drawPaneFrame(&canvas, model, rect, pane: .pipeline, title: "Pipeline \(NumberFormat.grouped(total))")
        guard !inner.isEmpty else { return }
        let dot = model.capabilities.unicode ? " · " : " - "
        let folded = board.sideCounts.map { "\($0.0) \(NumberFormat.grouped($0.1))" }.joined(separator: dot)
        canvas.put(folded.isEmpty ? "" : "folded: " + folded, x: inner.x + 1, y: inner.y, style: model.theme[.textMuted], maxWidth: inner.width - 1)
        guard !board.columns.isEmpty else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y + 1, style: model.theme[.textMuted])
            return
        }
        let n = board.columns.count
        let columnWidth = max(4, (inner.width - (n - 1)) / n)
        let zoomed = model.zoomed && model.focus == .pipeline
        let cardHeight = zoomed ? 2 : 1
        let focusedPane = model.focus == .pipeline
        for (c, column) in board.columns.enumerated() {
            let x = inner.x + c * (columnWidth + 1)
            guard x < inner.maxX else { break }
            let w = min(columnWidth, inner.maxX - x)
            let isFocusedColumn = c == board.focusedColumn
            let count = NumberFormat.compact(column.cards.total)
            let nameWidth = max(1, w - count.count - 1)
            let header = TerminalText.fit(column.stage, width: nameWidth) + " " + count
            canvas.put(header, x: x, y: inner.y + 1, style: model.theme[isFocusedColumn && focusedPane ? .columnHeaderFocused : .columnHeader], maxWidth: w)
            let visible = max(1, (inner.height - 2) / cardHeight)
            let cards = column.cards
            for line in 0..<visible {
                let index = cards.top + line
                guard index < cards.total else { break }
                let y = inner.y + 2 + line * cardHeight
                guard let card = cards.row(at: index) else {
                    canvas.put("…", x: x, y: y, style: model.theme[.textMuted])
                    continue
                }
                let days = card.enteredStageAt.map { Int(max(0, model.now - $0) / Time.day) }
                let rotting = days.map { d in model.settings.rotDays(for: column.stage).map { d > $0 } ?? false } ?? false
                let daysText = days.map { "\($0)d" } ?? ""
                let mark = rotting ? "!" : " "
                if zoomed {
                    let handleWidth = max(1, w - 1)
                    canvas.put(mark, x: x, y: y, style: model.theme[.cardRotting])
                    canvas.putFitted(card.handle, x: x + 1, y: y, width: handleWidth, style: model.theme[.text])
                    var detail = [card.ownerHandle ?? "no owner", daysText]
                    if let due = card.nextFollowUp {
                        detail.append(due < model.now ? "f/u overdue" : "f/u \(RelativeTime.compact(due - model.now))")
                    }
                    canvas.putFitted(detail.joined(separator: dot), x: x + 1, y: y + 1, width: handleWidth, style: model.theme[rotting ? .cardRotting : .textMuted])
                } else {
                    // Days in stage only when the column has room for a useful handle too.
                    let dw = w >= 14 ? daysText.count : 0
                    canvas.put(mark, x: x, y: y, style: model.theme[.cardRotting])
                    canvas.putFitted(card.handle, x: x + 1, y: y, width: max(1, w - 1 - (dw > 0 ? dw + 1 : 0)), style: model.theme[.text])
                    if dw > 0 {
                        canvas.putFitted(daysText, x: x + w - dw, y: y, width: dw, style: model.theme[rotting ? .cardRotting : .textMuted], alignRight: true)
                    }
                }
                if isFocusedColumn && index == cards.cursor && focusedPane {
                    for row in 0..<cardHeight {
                        highlightRow(&canvas, model, x: x, y: y + row, width: w, focused: true)
                    }
                }
            }
        }
    }
}
