import GreenroomCore

/// The ticket queue, ordered by time to the next SLA breach: breached first, most overdue on
/// top; paused (pending, on hold) tickets last.
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

    static func slaText(_ row: QueueRow, now: Millis) -> (String, StyleRole) {
        guard let due = row.slaDueAt else {
            return row.status.pausesSLA ? ("paused", .slaPaused) : ("—", .textMuted)
        }
        let text = RelativeTime.countdown(to: due, now: now)
        return (text, due <= now ? .slaBreached : .slaOK)
    }

    static func draw(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
        let list = model.tickets
        let dot = model.capabilities.unicode ? " · " : " - "
        let summary = model.queueSummary
        let inner = drawPaneFrame(&canvas, model, rect, pane: .tickets,
                                  title: "Tickets \(NumberFormat.grouped(summary.open)) open\(dot)\(NumberFormat.grouped(summary.breaching)) breaching")
        guard !inner.isEmpty else { return }
        let focused = model.focus == .tickets
        let widths = ColumnLayout.widths(specs, available: inner.width - 1)
        ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: inner.y, widths: widths, specs: specs,
                             values: specs.map(\.title), styles: Array(repeating: model.theme[.listHeader], count: specs.count))
        guard list.loaded else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y + 1, style: model.theme[.textMuted])
            return
        }
        if list.total == 0 {
            canvas.put("No open tickets.", x: inner.x + 1, y: inner.y + 1, style: model.theme[.textMuted])
            return
        }
        let warning = Millis(model.settings.slaWarningMinutes) * Time.minute
        for line in 0..<(inner.height - 1) {
            let index = list.top + line
            guard index < list.total else { break }
            let y = inner.y + 1 + line
            guard let row = list.row(at: index) else {
                canvas.put("…", x: inner.x + 1, y: y, style: model.theme[.textMuted])
                continue
            }
            var (sla, slaRole) = slaText(row, now: model.now)
            if slaRole == .slaOK, let due = row.slaDueAt, due - model.now < warning { slaRole = .slaWarning }
            let priorityRole: StyleRole = [.urgent: .priorityUrgent, .high: .priorityHigh, .normal: .priorityNormal, .low: .priorityLow][row.priority]!
            let values = [priorityMarker(row.priority), row.key, row.subject, row.requesterHandle ?? "—", row.category.rawValue,
                          row.status.rawValue, "T\(row.tier)", row.assigneeHandle ?? "—", sla]
            let t = model.theme[.text], m = model.theme[.textMuted]
            let styles = [model.theme[priorityRole], m, t, t, m, t, m, m, model.theme[slaRole]]
            ColumnLayout.drawRow(&canvas, x: inner.x + 1, y: y, widths: widths, specs: specs, values: values, styles: styles)
            if index == list.cursor {
                canvas.put(model.capabilities.unicode ? "▶" : ">", x: inner.x, y: y, style: model.theme[.textAccent])
                highlightRow(&canvas, model, x: inner.x, y: y, width: inner.width, focused: focused)
            }
        }
    }
}
