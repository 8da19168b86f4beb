import GreenroomCore

/// An agent's page: who, their load now, twelve weeks of sparklines with the chosen week's
/// value beside this week's, and recent CSAT comments.
enum AgentView {
    typealias Line = ScreenList.Line

    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: AgentScreen, _ rect: Rect) {
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        guard let p = s.page else {
            let inner = ScreenList.frame(&canvas, ctx, rect, title: "Agent \(TerminalText.sanitize(s.handle))")
            canvas.put(s.error ?? "Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[s.error == nil ? .textMuted : .inputError], maxWidth: inner.width - 2)
            return
        }
        let who = [TerminalText.sanitize(p.handle), TerminalText.sanitize(p.name), p.role.rawValue + (p.tier.map { ", tier \($0)" } ?? "")]
        let inner = ScreenList.frame(&canvas, ctx, rect, title: "Agent " + who.joined(separator: dot) + "\(dot)h/l week\(dot)enter lists tickets")
        let w = s.weekIndex, last = p.weeks.count - 1
        var lines: [Line] = []
        var item = 0
        func add(_ cells: [(String, StyleRole)], selectable: Bool) {
            lines.append(Line(cells: cells, item: selectable ? item : nil))
            if selectable { item += 1 }
        }
        func blank() { lines.append(Line(cells: [("", .text)], item: nil)) }
        add([("Now", .columnHeader)], selectable: false)
        add([("Open tickets assigned", .text), ("", .text), (NumberFormat.grouped(p.openLoad), .text), ("", .text), ("", .text), ("", .text)], selectable: true)
        add([("SLA targets breached this week", .text), ("", .text), (NumberFormat.grouped(p.breachedThisWeek), p.breachedThisWeek > 0 ? .slaBreached : .text),
             ("", .text), ("", .text), ("", .text)], selectable: true)
        if let sc = p.schedule {
            let shifts = (sc.shifts?.isEmpty ?? true) ? "no schedule (on shift any time)" : TerminalText.sanitize(sc.shifts ?? "")
            let teams = sc.teams.isEmpty ? "no team" : sc.teams.map { TerminalText.sanitize($0) }.joined(separator: ", ")
            let now = sc.onShift ? "on shift now" : (sc.offReason.map { TerminalText.sanitize($0) } ?? "off shift")
            add([("Schedule \(shifts) (\(TerminalText.sanitize(sc.zone)))\(dot)\(teams)\(dot)\(now)", sc.onShift ? .text : .textMuted)], selectable: false)
            let off = sc.timeOff.map { "\($0.kind.rawValue) \(DateInput.formatMinute($0.startsAt, zone: sc.timeZone)) – \(DateInput.formatMinute($0.endsAt, zone: sc.timeZone))" }
            add([("Time off " + (off.isEmpty ? "none ahead" : off.joined(separator: dot)), .textMuted)], selectable: false)
        }
        blank()
        add([("Weeks \(p.weekLabels.first ?? "") to \(p.weekLabels.last ?? "") (\(TerminalText.sanitize(p.zone)), the team's time zone)", .columnHeader)],
            selectable: false)
        let chosen = w == last ? "\(p.weekLabels[w]) so far" : p.weekLabels[w]
        lines.append(Line(cells: [("kpi", .listHeader), ("\(p.weeks.count) weeks", .listHeader), (chosen, .listHeader), ("base", .listHeader),
                                  ("this week", .listHeader), ("target", .listHeader)], item: nil))
        for id in AgentPage.kpis {
            let values = p.series[id] ?? []
            let v = values.indices.contains(w) ? values[w] : KPIValue()
            let current = values.last ?? KPIValue()
            let t = ctx.settings.kpiTarget(id)
            let meets = v.value.flatMap { value in t.target.map { t.direction == .higherIsBetter ? value >= $0 : value <= $0 } }
            add([(id.title, .text), (Sparkline.render(values.map { $0.value ?? .nan }, unicode: unicode), .kpiSparkline),
                 (v.value.map { KPIFormat.value($0, id) } ?? "—", meets.map { $0 ? .kpiGood : .kpiBad } ?? .text),
                 (KPIScreensView.baseText(id, v), .textMuted), (current.value.map { KPIFormat.value($0, id) } ?? "—", .text),
                 (t.target.map { KPIFormat.target($0, id, direction: t.direction, unicode: unicode) } ?? "", .textMuted)], selectable: true)
        }
        let rubric = ctx.settings.qaRubric
        let qa = p.qa.indices.contains(w) ? p.qa[w] : .none
        func qaText(_ q: QAScoreSummary) -> String { q.score.map { String(format: "%.0f", $0) } ?? "—" }
        add([("QA score", .text), (Sparkline.render(p.qa.map { $0.score ?? .nan }, unicode: unicode), .kpiSparkline),
             (qaText(qa), qa.score.map { rubric.passes($0) ? .kpiGood : .kpiBad } ?? .text),
             (qa.reviews > 0 ? "\(qa.passed)/\(qa.reviews) passed" : "", .textMuted), (qaText(p.qa.last ?? .none), .text),
             ("≥ \(rubric.passMark)", .textMuted)], selectable: true)
        blank()
        add([("Recent CSAT comments", .columnHeader)], selectable: false)
        if p.comments.isEmpty { add([("No CSAT comments on their tickets in these weeks", .textMuted)], selectable: false) }
        for c in p.comments {
            add([(c.key, .text), (c.rating.rawValue, c.rating == .good ? .kpiGood : .kpiBad), (TerminalText.sanitize(c.comment), .text),
                 (DateInput.format(c.at, zone: ctx.settings.zone), .textMuted)], selectable: true)
        }
        let six = [ColumnSpec("a", min: 14, preferred: 30, priority: 0), ColumnSpec("b", min: 8, preferred: 14, priority: 1),
                   ColumnSpec("c", min: 7, preferred: 16, priority: 0, alignRight: true), ColumnSpec("d", min: 6, preferred: 14, priority: 2, alignRight: true),
                   ColumnSpec("e", min: 7, preferred: 10, priority: 1, alignRight: true), ColumnSpec("f", min: 6, preferred: 10, priority: 3, alignRight: true)]
        let comment = [ColumnSpec("key", min: 4, preferred: 6, priority: 0), ColumnSpec("rating", min: 4, preferred: 6, priority: 0),
                       ColumnSpec("comment", min: 12, preferred: 200, priority: 0), ColumnSpec("at", min: 10, preferred: 17, priority: 1, alignRight: true)]
        ScreenList.draw(&canvas, ctx, lines, specs: [[], [], [], comment, [], six], cursor: s.cursor, in: inner)
    }
}
