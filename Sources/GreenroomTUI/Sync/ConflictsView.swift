import GreenroomCore

/// `:conflicts`: one row per kept conflict — what, field, my value, theirs, when they wrote
/// it and who — with the value the data holds now marked.
enum ConflictsView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ s: ConflictsScreen, _ rect: Rect) {
        let dot = model.capabilities.unicode ? " · " : " - "
        var title = "Sync conflicts"
        if let rows = s.rows { title += dot + "\(rows.count) open" }
        title += dot + "< keep mine\(dot)> keep theirs"
        let inner = CreatorView.frameBox(&canvas, model, rect, title: title)
        guard let rows = s.rows else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        guard !rows.isEmpty else {
            canvas.put("No open conflicts: every concurrent edit has been looked at.", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        let won = model.capabilities.unicode ? "✓ " : "* "
        // The two values come first when room is short; then who wrote theirs.
        let columns = [ColumnSpec("what", min: 10, preferred: 24, priority: 2), ColumnSpec("field", min: 8, preferred: 14, priority: 2),
                       ColumnSpec("mine", min: 10, preferred: 24, priority: 0), ColumnSpec("theirs", min: 10, preferred: 24, priority: 0),
                       ColumnSpec("when", min: 10, preferred: 10, priority: 3), ColumnSpec("who", min: 6, preferred: 16, priority: 1)]
        var lines = [KPIScreensView.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, c) in rows.enumerated() {
            let mine = (c.mineWon ? won : "  ") + TerminalText.sanitize(c.mine)
            let theirs = (c.mineWon ? "  " : won) + TerminalText.sanitize(c.theirs)
            lines.append(KPIScreensView.Line(cells: [
                (TerminalText.sanitize(c.label), .text), (c.field.replacingOccurrences(of: "_", with: " "), .textMuted),
                (mine, c.mineWon ? .kpiGood : .text), (theirs, c.mineWon ? .text : .kpiGood),
                (c.theirTime.map { DateInput.format($0, zone: model.settings.zone) } ?? "—", .textMuted), (TerminalText.sanitize(c.who), .text),
            ], item: i))
        }
        KPIScreensView.drawLines(&canvas, model, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
