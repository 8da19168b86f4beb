import GreenroomCore

/// The 1:1 screen: the agenda's sections (tickets, open follow-ups and goals, notes), then the
/// 1:1s held before, a past one's agenda unfolded under it.
enum OneOnOneView {
    typealias Line = ScreenList.Line

    /// "3 breaches, 1 bad rating, 1 QA fail, 2 follow-ups, 1 goal, 1 note" (nothing: "nothing").
    static func summary(_ a: OneOnOneAgenda) -> String {
        func n(_ count: Int, _ one: String, _ many: String) -> String? { count == 0 ? nil : "\(count) \(count == 1 ? one : many)" }
        let parts = [n(a.breaches.count, "breach", "breaches"), n(a.lowCSAT.count, "bad rating", "bad ratings"), n(a.qaFails.count, "QA fail", "QA fails"),
                     n(a.followUps.count, "follow-up", "follow-ups"), n(a.goals.count, "goal", "goals"), n(a.notes.count, "note", "notes")].compactMap { $0 }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: OneOnOneScreen, _ rect: Rect) {
        let dot = ctx.capabilities.unicode ? " · " : " - "
        guard let a = s.agenda else {
            let inner = ScreenList.frame(&canvas, ctx, rect, title: "1:1 with \(TerminalText.sanitize(s.handle))")
            canvas.put(s.error ?? "Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[s.error == nil ? .textMuted : .inputError], maxWidth: inner.width - 2)
            return
        }
        let zone = ctx.settings.zone
        func when(_ t: Millis) -> String { DateInput.formatMinute(t, zone: zone) }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: "1:1 with \(TerminalText.sanitize(a.handle))\(dot)\(TerminalText.sanitize(a.name))"
                                     + "\(dot)c add\(dot)space done\(dot)r hold the 1:1")
        var lines: [Line] = []
        var item = 0
        func add(_ cells: [(String, StyleRole)]) { lines.append(Line(cells: cells, item: item)); item += 1 }
        func header(_ text: String) { lines.append(Line(cells: [(text, .columnHeader)], item: nil)) }
        func muted(_ text: String) { lines.append(Line(cells: [(text, .textMuted)], item: nil)) }
        func one(_ text: String) -> String { TerminalText.sanitize(text).split(whereSeparator: \.isNewline).joined(separator: " ") }

        let window = a.lastOneOnOne.map { "since the last 1:1, \(when($0.at))" } ?? "the last \(OneOnOneAgenda.fallbackDays) days (no 1:1 yet)"
        header("Next 1:1's agenda: \(window)")
        if a.tickets.isEmpty { muted("No SLA breaches, bad ratings or QA reviews under \(a.passMark) in that time.") }
        func tickets(_ title: String, _ rows: [OneOnOneAgenda.TicketItem], _ style: StyleRole) {
            guard !rows.isEmpty else { return }
            lines.append(Line(cells: [("\(title) (\(rows.count))", .listHeader)], item: nil))
            for t in rows { add([(t.key, .text), (one(t.subject), .text), (one(t.detail), style), (when(t.at), .textMuted)]) }
        }
        tickets("SLA breaches", a.breaches, .slaBreached)
        tickets("Low CSAT", a.lowCSAT, .kpiBad)
        tickets("QA under \(a.passMark)", a.qaFails, .kpiBad)
        func coaching(_ title: String, _ rows: [CoachingItem], empty: String) {
            lines.append(Line(cells: [("", .text)], item: nil))
            header("\(title) (\(rows.count))")
            if rows.isEmpty { muted(empty) }
            for c in rows {
                let due = c.dueAt.map { "due " + DateInput.format($0, zone: zone) } ?? ""
                add([(due, c.isOverdue(now: a.now) ? .slaBreached : .textMuted), (one(c.body), .text), (c.ticketID == nil ? "" : "ticket ↵", .textMuted),
                     (DateInput.format(c.at, zone: zone), .textMuted)])
            }
        }
        coaching("Open follow-ups", a.followUps, empty: "None open. c adds one.")
        coaching("Open goals", a.goals, empty: "None open. c adds one (Space on the kind picks goal).")
        coaching("Notes in that time", a.notes, empty: "No notes in that time.")
        lines.append(Line(cells: [("", .text)], item: nil))
        header("1:1s held (\(a.history.count))")
        if a.history.isEmpty { muted("None yet. r records the 1:1 when it is held.") }
        for h in a.history {
            add([(when(h.at), .text), (h.body.isEmpty ? "(no notes)" : one(h.body), h.body.isEmpty ? .textMuted : .text),
                 (s.unfolded == h.id ? "▾" : "enter ▸", .textMuted), ("", .text)])
            if s.unfolded == h.id {
                for line in (h.discussed ?? "").split(separator: "\n") { muted("    " + one(String(line))) }
            }
        }
        let four = [ColumnSpec("a", min: 4, preferred: 16, priority: 0), ColumnSpec("b", min: 12, preferred: 34, priority: 0),
                    ColumnSpec("c", min: 8, preferred: 30, priority: 1), ColumnSpec("d", min: 16, preferred: 16, priority: 1, alignRight: true)]
        ScreenList.draw(&canvas, ctx, lines, specs: [[], [], [], four], cursor: s.cursor, in: inner)
    }
}
