import GreenroomCore

/// The drill-down: the rows behind a number.
extension KPIScreensView {
    static func drawDrill(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: DrillScreen, _ rect: Rect) {
        let dot = ctx.capabilities.unicode ? " · " : " - "
        var title = s.title
        if let r = s.result {
            let noun = r.subject == .creators ? "creator" : "ticket"
            title += dot + (r.base != r.counted ? "\(NumberFormat.grouped(r.counted)) of \(NumberFormat.grouped(r.base)) \(noun)s"
                            : "\(NumberFormat.grouped(r.counted)) \(noun)\(r.counted == 1 ? "" : "s")")
        }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let r = s.result else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return
        }
        guard !r.rows.isEmpty else {
            canvas.put("Nothing behind this number.", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return
        }
        let ratio = r.base != r.counted || r.rows.contains { !$0.inBase }
        let mark = ColumnSpec(ratio ? "in" : "", min: ratio ? 2 : 0, preferred: ratio ? 2 : 0, priority: 0)
        // A KPI's rows carry what each contributes, after the name or subject.
        let figures = r.figureColumns.enumerated().map { i, t in
            ColumnSpec(t, min: max(5, DisplayWidth.of(t)), preferred: max(8, DisplayWidth.of(t) + 1), priority: i == 0 ? 0 : 2, alignRight: true)
        }
        let identity = r.subject == .creators
            ? [ColumnSpec(r.columns[0], min: 12, preferred: 22, priority: 0), ColumnSpec(r.columns[1], min: 10, preferred: 200, priority: 3)]
            : [ColumnSpec(r.columns[0], min: 4, preferred: 6, priority: 0), ColumnSpec(r.columns[1], min: 12, preferred: 200, priority: 1)]
        let rest = r.subject == .creators
            ? [ColumnSpec(r.columns[2], min: 10, preferred: 12, priority: 1), ColumnSpec(r.columns[3], min: 6, preferred: 6, priority: 4),
               ColumnSpec(r.columns[4], min: 8, preferred: 12, priority: 3)]
            : [ColumnSpec(r.columns[2], min: 7, preferred: 8, priority: 1), ColumnSpec(r.columns[3], min: 6, preferred: 8, priority: 4),
               ColumnSpec(r.columns[4], min: 8, preferred: 12, priority: 3)]
        let columns = [mark] + identity + figures + rest
        var lines: [Line] = []
        if let id = r.kpi, let summary = r.summary {
            let noun = r.subject == .creators ? (id == .medianTimeInStage ? "exit" : "creator") : "ticket"
            lines.append(Line(cells: [(KPIFormat.drillSummary(id, summary, value: r.value, noun: noun, unicode: ctx.capabilities.unicode), .textMuted)],
                              item: nil))
        }
        lines.append(Line(cells: columns.map { ($0.title, .listHeader) }, item: nil))
        let yes = ctx.capabilities.unicode ? "✓" : "y"
        let calendar = TeamCalendar(zone: ctx.settings.zone)
        // Only the rows in the window `ScreenList.draw` shows (a day's active creators are
        // ~18,000 rows: formatting all of them was 66 ms a frame). The same window: the
        // cursor's line centred, clamped to the list's ends.
        let head = lines.count, total = head + r.rows.count, height = inner.height
        let first = max(0, min(head + s.cursor - height / 2, total - height))
        lines = Array(lines.dropFirst(first))
        for i in max(0, first - head)..<min(r.rows.count, first + height - head) {
            let row = r.rows[i]
            let role: StyleRole = row.counted ? .text : .textMuted
            let shown = row.figures.map { KPIFormat.cell($0, calendar: calendar) }
            let padded = shown + Array(repeating: "", count: max(0, figures.count - shown.count))
            // Not loaded yet (a large drill-down loads identities a window at a time).
            let cells = row.identified ? row.cells.map { TerminalText.sanitize($0) } : ["…", "", "", "", ""]
            let values = Array(cells.prefix(2)) + padded.prefix(figures.count).map { TerminalText.sanitize($0) } + Array(cells.dropFirst(2))
            lines.append(Line(cells: [(ratio ? (row.counted ? yes : row.inBase ? "·" : " ") : "", row.counted ? .kpiGood : .textMuted)]
                                + values.map { ($0, role) }, item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
