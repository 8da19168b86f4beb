import GreenroomCore

/// `:conflicts`: one row per open conflict — what, field, the value the data holds now and who
/// wrote it, the value that lost, who wrote it and when.
enum ConflictsView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: ConflictsScreen, _ rect: Rect) {
        let dot = ctx.dot
        var title = "Sync conflicts"
        if let rows = s.rows { title += dot + "\(rows.count) open" }
        title += dot + "< keep current\(dot)> bring back lost"
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.rows, empty: "No open conflicts: every concurrent edit has been looked at.", in: inner) else {
            return
        }
        // The two values come first when room is short; then who wrote each, then when.
        let columns = [ColumnSpec("what", min: 10, preferred: 18, priority: 2), ColumnSpec("field", min: 8, preferred: 12, priority: 2),
                       ColumnSpec("now", min: 10, preferred: 20, priority: 0), ColumnSpec("now by", min: 11, preferred: 12, priority: 3),
                       ColumnSpec("lost", min: 10, preferred: 20, priority: 0), ColumnSpec("lost by", min: 11, preferred: 12, priority: 1),
                       ColumnSpec("lost at", min: 16, preferred: 16, priority: 4)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, c) in rows.enumerated() {
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(c.label), .text), (c.field.replacingOccurrences(of: "_", with: " "), .textMuted),
                (TerminalText.sanitize(c.current), .kpiGood), (TerminalText.sanitize(c.currentBy), .textMuted),
                (TerminalText.sanitize(c.lost), .text), (TerminalText.sanitize(c.lostBy), .text),
                (c.lostTime.map { DateInput.formatMinute($0, zone: ctx.settings.zone) } ?? "—", .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
