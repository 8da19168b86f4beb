import GreenroomCore

/// `:trash`: one row per deleted record — kind, what it is, when and where it was deleted.
enum TrashView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: TrashScreen, _ rect: Rect) {
        let dot = ctx.dot
        var title = "Trash"
        if let rows = s.rows { title += dot + "\(rows.count) deleted" }
        let key = ctx.key(.restoreFromTrash, or: "r")
        title += dot + "\(key) restore"
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.rows, empty: "The trash is empty: nothing has been deleted.", in: inner) else { return }
        let columns = [ColumnSpec("kind", min: 8, preferred: 9, priority: 1), ColumnSpec("what", min: 16, preferred: 48, priority: 0),
                       ColumnSpec("deleted", min: 10, preferred: 16, priority: 2), ColumnSpec("by", min: 6, preferred: 16, priority: 3)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            lines.append(ScreenList.Line(cells: [
                (r.kind == "incentive_task" ? "task" : r.kind, .textMuted), (TerminalText.sanitize(r.label), .text),
                (r.deletedAt.map { DateInput.formatMinute($0, zone: ctx.settings.zone) } ?? "—", .textMuted),
                (TerminalText.sanitize(r.deletedBy), .text),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }
}
