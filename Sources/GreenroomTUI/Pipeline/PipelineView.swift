import GreenroomCore

/// The pipeline as a kanban board: one column per stage, cards longest in stage first.
/// Rotting cards — in the stage longer than its threshold — carry a `!`; selected cards a
/// `●`. Zoomed, each card has a second line: owner, days in stage and the next follow-up.
enum PipelineView {
    /// The pane's title as the model shows it.
    static func title(_ model: Model) -> String { title(model.pipeline, model.paneContext(.pipeline)) }

    static func title(_ board: PipelineState, _ ctx: PaneContext) -> String {
        let dot = ctx.dot
        // The cards in the columns shown; folded stages are counted on the line below.
        let total = board.stages(ctx.settings).reduce(0) { $0 + (board.counts[$1] ?? 0) }
        var parts = ["Pipeline \(NumberFormat.grouped(total))"]
        if board.showFunnel { parts.append("funnel \(board.funnelDays)d") }
        if !board.selection.isEmpty { parts.append("\(NumberFormat.grouped(board.selection.count)) selected") }
        return parts.joined(separator: dot)
    }

    static func draw(_ canvas: inout Canvas, _ board: PipelineState, _ ctx: PaneContext, _ rect: Rect) {
        let inner = drawPaneFrame(&canvas, ctx, rect, pane: .pipeline, title: title(board, ctx))
        guard !inner.isEmpty else { return }
        let dot = ctx.capabilities.unicode ? " · " : " - "
        if board.filterLines > 0 {
            RosterView.drawFilterLine(&canvas, ctx.theme, x: inner.x, y: inner.y, width: inner.width, text: board.filterText, input: board.input,
                                      error: board.filterError)
        } else if !board.showSide {
            let folded = ctx.settings.sideStages.map { "\($0.name) \(NumberFormat.grouped(board.counts[$0.name] ?? 0))" }.joined(separator: dot)
            if !folded.isEmpty {
                canvas.put("folded: " + folded + (ctx.focused ? dot + "\(ctx.keyLabel(.toggleSide)) unfolds" : ""),
                           x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted], maxWidth: inner.width - 1)
            }
        }
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        if board.showFunnel {
            FunnelView.draw(&canvas, board, ctx, body)
            return
        }
        guard !board.columns.isEmpty else {
            canvas.put("Loading…", x: inner.x + 1, y: body.y, style: ctx.theme[.textMuted])
            return
        }
        let n = board.columns.count
        let columnWidth = max(4, (inner.width - (n - 1)) / n)
        let zoomed = ctx.zoomed && ctx.focused
        let cardHeight = zoomed ? 2 : 1
        let focusedPane = ctx.focused
        let unicode = ctx.capabilities.unicode
        for (c, column) in board.columns.enumerated() {
            let x = inner.x + c * (columnWidth + 1)
            guard x < inner.maxX else { break }
            // The last column takes what the division left over.
            let w = c == n - 1 ? inner.maxX - x : min(columnWidth, inner.maxX - x)
            let isFocusedColumn = c == board.focusedColumn
            let count = NumberFormat.compact(column.cards.total)
            let nameWidth = max(1, w - count.count - 1)
            let header = TerminalText.fit(column.stage, width: nameWidth) + " " + count
            canvas.put(header, x: x, y: body.y, style: ctx.theme[isFocusedColumn && focusedPane ? .columnHeaderFocused : .columnHeader], maxWidth: w)
            let visible = max(1, (body.height - 1) / cardHeight)
            let cards = column.cards
            if cards.loaded && cards.total == 0 && isFocusedColumn && focusedPane {
                canvas.put("empty", x: x + 1, y: body.y + 1, style: ctx.theme[.textMuted], maxWidth: w - 1)
            }
            for line in 0..<visible {
                let index = cards.top + line
                guard index < cards.total else { break }
                let y = body.y + 1 + line * cardHeight
                guard let card = cards.row(at: index) else {
                    canvas.put("…", x: x, y: y, style: ctx.theme[.textMuted])
                    continue
                }
                let days = card.enteredStageAt.map { Int(max(0, ctx.now - $0) / Time.day) }
                let rotting = days.map { d in ctx.settings.rotDays(for: column.stage).map { d > $0 } ?? false } ?? false
                let daysText = days.map { "\($0)d" } ?? ""
                let selected = board.selection[card.id] != nil
                let mark = selected ? (unicode ? "●" : "*") : rotting ? "!" : " "
                canvas.put(mark, x: x, y: y, style: ctx.theme[selected ? .textAccent : .cardRotting])
                if zoomed {
                    let handleWidth = max(1, w - 1)
                    canvas.putFitted(card.handle, x: x + 1, y: y, width: handleWidth, style: ctx.theme[.text])
                    var detail = [card.ownerHandle ?? "no owner", daysText + (rotting ? " rotting" : "")]
                    if let due = card.nextFollowUp {
                        detail.append(due < ctx.now ? "f/u overdue" : "f/u \(RelativeTime.compact(due - ctx.now))")
                    }
                    canvas.putFitted(detail.joined(separator: dot), x: x + 1, y: y + 1, width: handleWidth,
                                     style: ctx.theme[rotting ? .cardRotting : .textMuted])
                } else {
                    // Days in stage only when the column has room for a useful handle too.
                    let dw = w >= 14 ? daysText.count : 0
                    canvas.putFitted(card.handle, x: x + 1, y: y, width: max(1, w - 1 - (dw > 0 ? dw + 1 : 0)), style: ctx.theme[.text])
                    if dw > 0 {
                        canvas.putFitted(daysText, x: x + w - dw, y: y, width: dw, style: ctx.theme[rotting ? .cardRotting : .textMuted], alignRight: true)
                    }
                }
                if isFocusedColumn && index == cards.cursor && focusedPane {
                    for row in 0..<cardHeight {
                        ScreenList.highlight(&canvas, ctx.view, x: x, y: y + row, width: w, focused: true)
                    }
                }
            }
        }
    }
}

/// The funnel on the board (`f`): per step entered, reached and conversion; time in stage;
/// lost reasons ranked. The same numbers as `greenroom report funnel`.
enum FunnelView {
    static func draw(_ canvas: inout Canvas, _ board: PipelineState, _ ctx: PaneContext, _ rect: Rect) {
        let theme = ctx.theme
        let dot = ctx.capabilities.unicode ? " · " : " - "
        guard let report = board.funnel else {
            canvas.put("Computing the funnel…", x: rect.x + 1, y: rect.y, style: theme[.textMuted])
            return
        }
        var y = rect.y
        let calendar = TeamCalendar(zone: ctx.settings.zone)
        let from = DateInput.format(report.windowStart, zone: calendar.zone)
        let to = DateInput.format(calendar.addDays(-1, to: report.windowEnd), zone: calendar.zone)
        let head = "Entered \(report.steps.first?.stage ?? "lead") \(from) – \(to) (\(board.funnelDays)d)\(dot)\(NumberFormat.grouped(report.cohort)) creators"
            + (board.filter.isEmpty ? "" : "\(dot)filtered")
        canvas.put(head, x: rect.x + 1, y: y, style: theme[.text], maxWidth: rect.width - 1)
        y += 2
        let specs = [
            ColumnSpec("stage", min: 8, preferred: 13, priority: 0),
            ColumnSpec("entered", min: 7, preferred: 8, priority: 3, alignRight: true),
            ColumnSpec("reached", min: 7, preferred: 8, priority: 1, alignRight: true),
            ColumnSpec("step", min: 5, preferred: 6, priority: 2, alignRight: true),
            ColumnSpec("bar", min: 4, preferred: 40, priority: 6),
            ColumnSpec("median", min: 6, preferred: 7, priority: 4, alignRight: true),
            ColumnSpec("p90", min: 6, preferred: 7, priority: 5, alignRight: true),
        ]
        let widths = ColumnLayout.widths(specs, available: rect.width - 2)
        let header = ["stage", "entered", "reached", "step", "", "median", "p90"]
        ColumnLayout.drawRow(&canvas, x: rect.x + 1, y: y, widths: widths, specs: specs, values: header,
                             styles: Array(repeating: theme[.listHeader], count: specs.count))
        y += 1
        let times = Dictionary(report.timeInStage.map { ($0.stage, $0) }, uniquingKeysWith: { a, _ in a })
        for step in report.steps where y < rect.maxY {
            let share = report.cohort > 0 ? Double(step.reached) / Double(report.cohort) : 0
            let barWidth = widths[4] ?? 0
            let filled = Int((share * Double(barWidth)).rounded())
            let bar = String(repeating: ctx.capabilities.unicode ? "█" : "#", count: filled)
            let t = times[step.stage]
            let values = [step.stage, NumberFormat.grouped(step.entered), NumberFormat.grouped(step.reached),
                          step.conversion.map(percent) ?? "—", bar, t?.medianDays.map(days) ?? "—", t?.p90Days.map(days) ?? "—"]
            ColumnLayout.drawRow(&canvas, x: rect.x + 1, y: y, widths: widths, specs: specs, values: values,
                                 styles: [theme[.text], theme[.text], theme[.text], theme[.text], theme[.textAccent], theme[.textMuted], theme[.textMuted]])
            y += 1
        }
        y += 1
        if y < rect.maxY {
            let overall = report.overall.map(percent) ?? "—"
            // Named as the KPI, which counts a period's leads the same way (`KPIID.pipelineConversion`).
            canvas.put("Pipeline conversion: \(overall) of these leads reached \(report.overallStage) since (the KPI counts a period's leads so)",
                       x: rect.x + 1, y: y, style: theme[.text], maxWidth: rect.width - 1)
            y += 1
        }
        y += 1
        guard y < rect.maxY else { return }
        canvas.put(report.lostReasons.isEmpty ? "Lost in the window: none" : "Lost in the window, by reason", x: rect.x + 1, y: y,
                   style: theme[.columnHeader], maxWidth: rect.width - 1)
        y += 1
        let room = rect.maxY - y
        for (i, reason) in report.lostReasons.enumerated() where i < room {
            if i == room - 1 && report.lostReasons.count > room {
                canvas.put("… \(report.lostReasons.count - i) more", x: rect.x + 3, y: y, style: theme[.textMuted])
                break
            }
            canvas.putFitted(NumberFormat.grouped(reason.count), x: rect.x + 1, y: y, width: 6, style: theme[.text], alignRight: true)
            canvas.put(reason.reason, x: rect.x + 9, y: y, style: theme[.text], maxWidth: rect.width - 9)
            y += 1
        }
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
    static func days(_ value: Double) -> String { value < 10 ? String(format: "%.1fd", value) : "\(Int(value.rounded()))d" }
}
