import GreenroomCore

/// The creator roster: filtered, sorted, with LIVE statistics and health.
enum RosterView {
    static let specs: [ColumnSpec] = [
        ColumnSpec("handle", min: 14, preferred: 20, priority: 0),
        ColumnSpec("name", min: 10, preferred: 22, priority: 5),
        ColumnSpec("mkt", min: 3, preferred: 3, priority: 7),
        ColumnSpec("stage", min: 11, preferred: 11, priority: 1),
        ColumnSpec("owner", min: 7, preferred: 9, priority: 6),
        ColumnSpec("live7d", min: 6, preferred: 6, priority: 2, alignRight: true),
        ColumnSpec("act30", min: 5, preferred: 5, priority: 8, alignRight: true),
        ColumnSpec("last", min: 4, preferred: 5, priority: 3, alignRight: true),
        ColumnSpec("followers", min: 9, preferred: 9, priority: 9, alignRight: true),
        ColumnSpec("health", min: 8, preferred: 8, priority: 4),
    ]

    /// The column each sort key belongs to, for the header's sort mark.
    static let sortColumn: [RosterColumn: Int] = [.handle: 0, .name: 1, .market: 2, .stage: 3, .owner: 4, .live7d: 5,
                                                   .active30d: 6, .lastLive: 7, .followers: 8, .health: 9]

    static func title(_ r: RosterState, _ ctx: PaneContext) -> String {
        let dot = ctx.dot
        var parts: [String] = []
        if r.isFiltered || r.viewName != nil {
            parts.append("Roster \(NumberFormat.grouped(r.list.total)) of \(NumberFormat.grouped(r.unfilteredTotal))")
        } else {
            parts.append("Roster \(NumberFormat.grouped(r.list.total))")
        }
        if let view = r.viewName { parts.append("view \(view)") }
        if r.sort != .default { parts.append("sort " + (ctx.capabilities.unicode ? r.sort.label : r.sort.label.replacingOccurrences(of: "↓", with: "v").replacingOccurrences(of: "↑", with: "^"))) }
        if !r.selection.isEmpty { parts.append("\(NumberFormat.grouped(r.selection.count)) selected") }
        return parts.joined(separator: dot)
    }

    static func draw(_ canvas: inout Canvas, _ roster: RosterState, _ ctx: PaneContext, _ rect: Rect) {
        let list = roster.list
        let inner = drawPaneFrame(&canvas, ctx, rect, pane: .roster, title: title(roster, ctx))
        guard !inner.isEmpty else { return }
        let focused = ctx.focused
        let unicode = ctx.capabilities.unicode
        var y = inner.y
        if roster.filterLines > 0 {
            drawFilterLine(&canvas, ctx.theme, x: inner.x, y: y, width: inner.width, text: roster.filterText, input: roster.input, error: roster.filterError)
            y += 1
        }
        let widths = ColumnLayout.widths(specs, available: inner.width - 2)
        var headers = specs.map(\.title)
        if let i = sortColumn[roster.sort.column] {
            headers[i] += roster.sort.descending ? (unicode ? "↓" : "v") : (unicode ? "↑" : "^")
        }
        ColumnLayout.drawRow(&canvas, x: inner.x + 2, y: y, widths: widths, specs: specs,
                             values: headers, styles: Array(repeating: ctx.theme[.listHeader], count: specs.count))
        y += 1
        let height = inner.maxY - y
        guard list.loaded else {
            canvas.put("Loading…", x: inner.x + 2, y: y, style: ctx.theme[.textMuted])
            return
        }
        if list.total == 0 {
            let message = roster.isFiltered ? "No creators match. Esc clears the filter." : "No creators yet. Try `greenroom --demo`, or n to add one."
            canvas.put(message, x: inner.x + 2, y: y, style: ctx.theme[.textMuted], maxWidth: inner.width - 2)
            return
        }
        for line in 0..<height {
            let index = list.top + line
            guard index < list.total else { break }
            let rowY = y + line
            guard let row = list.row(at: index) else {
                canvas.put("…", x: inner.x + 2, y: rowY, style: ctx.theme[.textMuted])
                continue
            }
            let text = ctx.theme[.text]
            let muted = ctx.theme[.textMuted]
            let healthRole: StyleRole = [.active: .healthActive, .slipping: .healthSlipping, .idle: .healthIdle][row.health ?? .active] ?? .text
            let values = [
                row.handle, row.displayName, row.market, row.stage, row.ownerHandle ?? "—",
                NumberFormat.hours(minutes: row.liveMinutes7d), String(row.activeDays30d), RelativeTime.ago(row.lastLiveAt, now: ctx.now),
                NumberFormat.compact(row.followers), row.health?.rawValue ?? "—",
            ]
            let styles = [text, text, muted, text, muted, row.liveMinutes7d == 0 ? muted : text, text, text, muted,
                          row.health == nil ? muted : ctx.theme[healthRole]]
            ColumnLayout.drawRow(&canvas, x: inner.x + 2, y: rowY, widths: widths, specs: specs, values: values, styles: styles)
            if roster.selection.contains(row.id) {
                canvas.put(unicode ? "●" : "*", x: inner.x + 1, y: rowY, style: ctx.theme[.textAccent])
            }
            if index == list.cursor {
                canvas.put(unicode ? "▶" : ">", x: inner.x, y: rowY, style: ctx.theme[.textAccent])
                ScreenList.highlight(&canvas, ctx.view, x: inner.x, y: rowY, width: inner.width, focused: focused)
            }
        }
    }

    /// `/ stage:lead mila▏` — with the error, when there is one, in the error style.
    /// The filter line shared by the roster and the board: the input while typing, the text
    /// once applied, and a malformed term underlined with the reason at the right.
    static func drawFilterLine(_ canvas: inout Canvas, _ theme: Theme, x: Int, y: Int, width: Int, text filterText: String, input: TextField?,
                               error: FilterError?) {
        canvas.put("/", x: x, y: y, style: theme[.overlayKey])
        let fieldX = x + 2
        if let error {
            let text = input?.text ?? filterText
            let reasonWidth = min(DisplayWidth.of(error.message) + 2, width / 2)
            let available = width - 2 - reasonWidth
            if let input {
                DialogView.input(&canvas, theme, input, x: fieldX, y: y, width: available)
            } else {
                canvas.put(text, x: fieldX, y: y, style: theme[.input], maxWidth: available)
            }
            // Underline the offending term.
            let chars = Array(text)
            let startCol = DisplayWidth.of(String(chars.prefix(error.range.lowerBound)))
            let endCol = DisplayWidth.of(String(chars.prefix(error.range.upperBound)))
            if startCol < available {
                canvas.restyle(Rect(x: fieldX + startCol, y: y, width: min(endCol, available) - startCol, height: 1)) { old in
                    var s = theme[.inputError]
                    s.attributes.formUnion(old.attributes.intersection(.reverse))
                    return s
                }
            }
            canvas.putFitted(error.message, x: x + width - reasonWidth + 1, y: y, width: reasonWidth - 1, style: theme[.inputError])
        } else if let input {
            DialogView.input(&canvas, theme, input, x: fieldX, y: y, width: width - 2)
        } else {
            canvas.put(filterText, x: fieldX, y: y, style: theme[.textAccent], maxWidth: width - 2)
        }
    }
}
