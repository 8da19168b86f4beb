import GreenroomCore

/// The creator roster: one line per creator, sorted by handle.
enum RosterView {
    static let specs: [ColumnSpec] = [
        ColumnSpec("handle", min: 14, preferred: 20, priority: 0),
        ColumnSpec("name", min: 10, preferred: 22, priority: 4),
        ColumnSpec("mkt", min: 3, preferred: 3, priority: 6),
        ColumnSpec("stage", min: 11, preferred: 11, priority: 1),
        ColumnSpec("owner", min: 7, preferred: 9, priority: 5),
        ColumnSpec("live7d", min: 6, preferred: 6, priority: 2, alignRight: true),
        ColumnSpec("last", min: 4, preferred: 5, priority: 3, alignRight: true),
        ColumnSpec("followers", min: 9, preferred: 9, priority: 7, alignRight: true),
    ]

    static func draw(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
        let roster = model.roster
        let inner = drawPaneFrame(&canvas, model, rect, pane: .roster, title: "Roster \(NumberFormat.grouped(roster.total))")
        guard !inner.isEmpty else { return }
        let focused = model.focus == .roster
        let marker = model.capabilities.unicode ? "▶" : ">"
        let widths = ColumnLayout.widths(specs, available: inner.width - 1)
        ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: inner.y, widths: widths, specs: specs,
                             values: specs.map(\.title), styles: Array(repeating: model.theme[.listHeader], count: specs.count))
        let height = inner.height - 1
        guard roster.loaded else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y + 1, style: model.theme[.textMuted])
            return
        }
        if roster.total == 0 {
            canvas.put("No creators yet. Try `greenroom --demo`.", x: inner.x + 1, y: inner.y + 1, style: model.theme[.textMuted], maxWidth: inner.width - 1)
            return
        }
        for line in 0..<height {
            let index = roster.top + line
            guard index < roster.total else { break }
            let y = inner.y + 1 + line
            guard let row = roster.row(at: index) else {
                canvas.put("…", x: inner.x + 1, y: y, style: model.theme[.textMuted])
                continue
            }
            let values = [
                row.handle, row.displayName, row.market, row.stage, row.ownerHandle ?? "—",
                NumberFormat.hours(minutes: row.liveMinutes7d), RelativeTime.ago(row.lastLiveAt, now: model.now),
                NumberFormat.compact(row.followers),
            ]
            let text = model.theme[.text]
            let muted = model.theme[.textMuted]
            let styles = [text, text, muted, text, muted, row.liveMinutes7d == 0 ? muted : text, text, muted]
            ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: y, widths: widths, specs: specs, values: values, styles: styles)
            if index == roster.cursor {
                canvas.put(marker, x: inner.x, y: y, style: model.theme[.textAccent])
                highlightRow(&canvas, model, x: inner.x, y: y, width: inner.width, focused: focused)
            }
        }
    }
}
