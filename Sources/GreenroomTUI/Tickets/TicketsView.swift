import GreenroomCore

/// The ticket queue, ordered by time to the next SLA breach: breached first, most overdue on
/// top; paused (pending, on hold) tickets last. Woken tickets come first, their subjects
/// marked "woke"; snoozed ones (the Snoozed view, Breaching soon, the history) "until …".
enum TicketsView {
    static let specs: [ColumnSpec] = [
        ColumnSpec("", min: 2, preferred: 2, priority: 0),
        ColumnSpec("key", min: 4, preferred: 6, priority: 2),
        ColumnSpec("subject", min: 16, preferred: 40, priority: 3),
        ColumnSpec("requester", min: 8, preferred: 14, priority: 4),
        ColumnSpec("category", min: 10, preferred: 16, priority: 6),
        ColumnSpec("status", min: 7, preferred: 7, priority: 5),
        ColumnSpec("tier", min: 4, preferred: 4, priority: 8),
        ColumnSpec("assignee", min: 8, preferred: 9, priority: 7),
        ColumnSpec("sla", min: 6, preferred: 6, priority: 1, alignRight: true),
    ]

    static func priorityMarker(_ p: TicketPriority) -> String {
        switch p {
        case .urgent: return "!!"
        case .high: return " !"
        case .normal, .low: return "  "
        }
    }

    /// The SLA cell: a countdown on open tickets; on solved and closed ones how long ago they
    /// were solved, marked done (`✓ 15h`, or `ok 15h` without Unicode) to fit the 6-cell column.
    static func slaText(_ row: QueueRow, now: Millis, unicode: Bool = true) -> (String, StyleRole) {
        if !row.status.isOpen {
            return (row.solvedAt.map { (unicode ? "✓ " : "ok ") + RelativeTime.ago($0, now: now) } ?? row.status.rawValue, .textMuted)
        }
        guard let due = row.slaDueAt else {
            return row.status.pausesSLA ? ("paused", .slaPaused) : ("—", .textMuted)
        }
        let text = RelativeTime.countdown(to: due, now: now)
        return (text, due < now ? .slaBreached : .slaOK)
    }

    /// How the pane title names an order ("by next breach"); a history view's default order is its own.
    static func sortTitle(_ sort: TicketSort, view: TicketView) -> String {
        if sort == .nextBreach && view == .all { return "newest" }
        if sort == .nextBreach && !view.isOpenQueue { return "recently solved" }
        return sort.title
    }

    /// `searching`: a filter over the history is being read in the background.
    static func draw(_ canvas: inout Canvas, _ state: TicketsState, summary: QueueSummary, searching: Bool = false, _ ctx: PaneContext, _ rect: Rect) {
        let list = state.list
        let dot = ctx.capabilities.unicode ? " · " : " - "
        var title = "Tickets \(NumberFormat.grouped(summary.open)) open\(dot)\(NumberFormat.grouped(summary.breaching)) breaching"
        if summary.snoozed > 0 { title += "\(dot)\(NumberFormat.grouped(summary.snoozed)) snoozed" }
        if state.view != .allOpen || !state.filter.isEmpty {
            title += "\(dot)\(state.view.title) \(NumberFormat.grouped(list.total))"
        }
        title += "\(dot)by \(sortTitle(state.sort, view: state.view))"
        if !state.selection.isEmpty { title += "\(dot)\(NumberFormat.grouped(state.selection.count)) selected" }
        let inner = drawPaneFrame(&canvas, ctx, rect, pane: .tickets, title: title)
        guard !inner.isEmpty else { return }
        var y = inner.y
        if state.filterLines > 0 {
            RosterView.drawFilterLine(&canvas, ctx.theme, x: inner.x, y: y, width: inner.width, text: state.filterText, input: state.input,
                                      error: state.filterError)
            y += 1
        }
        let focused = ctx.focused
        let widths = ColumnLayout.widths(specs, available: inner.width - 1)
        var headers = specs.map(\.title)
        if state.view == .solvedRecently { headers[headers.count - 1] = "solved" }
        ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: y, widths: widths, specs: specs,
                             values: headers, styles: Array(repeating: ctx.theme[.listHeader], count: specs.count))
        y += 1
        guard list.loaded else {
            canvas.put(searching ? "\(state.filter.isEmpty ? "Reading" : "Searching") \(state.view.title)…" : "Loading…", x: inner.x + 1, y: y, style: ctx.theme[.textMuted],
                       maxWidth: inner.width - 1)
            return
        }
        if list.total == 0 {
            let empty = state.filter.isEmpty ? "No tickets in \(state.view.title)." : "No tickets match the filter in \(state.view.title)."
            canvas.put(empty, x: inner.x + 1, y: y, style: ctx.theme[.textMuted], maxWidth: inner.width - 1)
            return
        }
        let warning = Millis(ctx.settings.slaWarningMinutes) * Time.minute
        let mark = ctx.capabilities.unicode ? "●" : "*"
        for line in 0..<max(0, inner.maxY - y) {
            let index = list.top + line
            guard index < list.total else { break }
            let ly = y + line
            guard let row = list.row(at: index) else {
                canvas.put("…", x: inner.x + 1, y: ly, style: ctx.theme[.textMuted])
                continue
            }
            var (sla, slaRole) = slaText(row, now: ctx.now, unicode: ctx.capabilities.unicode)
            if slaRole == .slaOK, let due = row.slaDueAt, due - ctx.now < warning { slaRole = .slaWarning }
            let priorityRole: StyleRole = [.urgent: .priorityUrgent, .high: .priorityHigh, .normal: .priorityNormal, .low: .priorityLow][row.priority]!
            let subject = TicketSnooze.rowMark(wakeAt: row.status.isOpen ? row.wakeAt : nil, now: ctx.now, zone: ctx.settings.zone, dot: dot) + row.subject
            let values = [priorityMarker(row.priority), row.key, subject, row.requesterHandle ?? "—", row.category.rawValue,
                          row.status.rawValue, "T\(row.tier)", row.assigneeHandle ?? "—", sla]
            let t = ctx.theme[.text], m = ctx.theme[.textMuted]
            let styles = [ctx.theme[priorityRole], m, t, t, m, t, row.tier == 2 ? ctx.theme[.slaWarning] : m, m, ctx.theme[slaRole]]
            ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: ly, widths: widths, specs: specs, values: values, styles: styles)
            if state.selection.contains(row.id) {
                canvas.put(mark, x: inner.x, y: ly, style: ctx.theme[.textAccent])
            }
            if index == list.cursor {
                if !state.selection.contains(row.id) {
                    canvas.put(ctx.capabilities.unicode ? "▶" : ">", x: inner.x, y: ly, style: ctx.theme[.textAccent])
                }
                ScreenList.highlight(&canvas, ctx.view, x: inner.x, y: ly, width: inner.width, focused: focused)
            }
        }
    }
}
