import GreenroomCore

/// `:conflicts`: one row per open conflict — what, field, the value the data holds now, the
/// value that lost, when and by whom that one was written.
enum ConflictsView {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ s: ConflictsScreen, _ rect: Rect) {
        let dot = model.capabilities.unicode ? " · " : " - "
        var title = "Sync conflicts"
        if let rows = s.rows { title += dot + "\(rows.count) open" }
        title += dot + "< keep current\(dot)> bring back lost"
        let inner = CreatorView.frameBox(&canvas, model, rect, title: title)
        guard let rows = s.rows else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        guard !rows.isEmpty else {
            canvas.put("No open conflicts: every concurrent edit has been looked at.", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        // The two values come first when room is short; then who wrote the one that lost.
        let columns = [ColumnSpec("what", min: 10, preferred: 24, priority: 2), ColumnSpec("field", min: 8, preferred: 14, priority: 2),
                       ColumnSpec("now", min: 10, preferred: 24, priority: 0), ColumnSpec("lost", min: 10, preferred: 24, priority: 0),
                       ColumnSpec("written", min: 10, preferred: 10, priority: 3), ColumnSpec("by", min: 6, preferred: 16, priority: 1)]
        var lines = [KPIScreensView.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, c) in rows.enumerated() {
            lines.append(KPIScreensView.Line(cells: [
                (TerminalText.sanitize(c.label), .text), (c.field.replacingOccurrences(of: "_", with: " "), .textMuted),
                (TerminalText.sanitize(c.current), .kpiGood), (TerminalText.sanitize(c.lost), .text),
                (c.lostTime.map { DateInput.format($0, zone: model.settings.zone) } ?? "—", .textMuted), (TerminalText.sanitize(c.lostBy), .text),
            ], item: i))
        }
        KPIScreensView.drawLines(&canvas, model, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
