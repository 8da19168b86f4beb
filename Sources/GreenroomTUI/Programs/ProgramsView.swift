import GreenroomCore

/// Programs: the list, and one program's board with its funnel and effect above the
/// columns. Names and handles come from data and are sanitized.
enum ProgramsView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: ProgramsScreen, _ rect: Rect) {
        if let open = s.open {
            drawBoard(&canvas, ctx, open, rect)
            return
        }
        var title = "Programs"
        if let rows = s.summaries { title += ctx.dot + "\(rows.count)" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = ScreenList.rows(&canvas, ctx, s.summaries,
                                         empty: "No programs yet: greenroom program create --name NAME --module TITLE --module TITLE", in: inner) else { return }
        let columns = [ColumnSpec("program", min: 14, preferred: 28, priority: 0), ColumnSpec("status", min: 7, preferred: 7, priority: 2),
                       ColumnSpec("modules", min: 7, preferred: 7, priority: 1, alignRight: true),
                       ColumnSpec("enrolled", min: 8, preferred: 8, priority: 0, alignRight: true),
                       ColumnSpec("completed", min: 9, preferred: 9, priority: 0, alignRight: true),
                       ColumnSpec("done", min: 5, preferred: 5, priority: 1, alignRight: true),
                       ColumnSpec("owner", min: 6, preferred: 10, priority: 3)]
        var lines = [ScreenList.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            let share = r.enrolled > 0 ? NumberFormat.percent(Double(r.completed) / Double(r.enrolled)) : "—"
            lines.append(ScreenList.Line(cells: [
                (TerminalText.sanitize(r.program.name), .text), (r.program.status.rawValue, r.program.status == .running ? .kpiGood : .textMuted),
                ("\(r.modules)", .text), (NumberFormat.grouped(r.enrolled), .text), (NumberFormat.grouped(r.completed), .text), (share, .textMuted),
                (r.ownerHandle.map { TerminalText.sanitize($0) } ?? "—", .textMuted),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    static func drawBoard(_ canvas: inout Canvas, _ ctx: ViewContext, _ open: ProgramBoardState, _ rect: Rect) {
        let theme = ctx.theme
        let dot = ctx.dot
        guard let d = open.data else {
            let inner = ScreenList.frame(&canvas, ctx, rect, title: "Program")
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: theme[.textMuted])
            return
        }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: TerminalText.sanitize(d.program.name) + dot + "\(NumberFormat.grouped(d.board.enrolled)) enrolled")
        let x = inner.x + 1, w = inner.width - 2
        var y = inner.y
        let stuck = d.board.columns.reduce(0) { $0 + $1.stuck }
        var about = "\(d.modules.count) module\(d.modules.count == 1 ? "" : "s")\(dot)\(d.program.status.rawValue)"
        if !d.program.summary.isEmpty { about += dot + TerminalText.sanitize(d.program.summary) }
        about += "\(dot)\(NumberFormat.grouped(stuck)) stuck (\(d.board.stuckAfterDays)+ days without progress)"
        canvas.put(about, x: x, y: y, style: theme[.textMuted], maxWidth: w)
        y += 1
        var funnel = funnelLine(d.funnel, unicode: ctx.capabilities.unicode, rates: true)
        if DisplayWidth.of(funnel) > w { funnel = funnelLine(d.funnel, unicode: ctx.capabilities.unicode, rates: false) }
        canvas.put(funnel, x: x, y: y, style: theme[.text], maxWidth: w)
        y += 1
        for (text, role) in effectLines(open.effect) {
            canvas.put(text, x: x, y: y, style: theme[role], maxWidth: w)
            y += 1
        }

        let columns = d.board.columns
        guard !columns.isEmpty, w > 0 else { return }
        let colWidth = max(8, w / columns.count)
        for (c, column) in columns.enumerated() {
            let cx = x + c * colWidth
            guard cx < x + w else { break }
            let width = min(colWidth - 1, x + w - cx)
            var head = TerminalText.sanitize(column.title) + " \(NumberFormat.grouped(column.count))"
            if column.stuck > 0 { head += " !\(NumberFormat.grouped(column.stuck))" }
            canvas.putFitted(head, x: cx, y: y, width: width, style: theme[c == open.column ? .textAccent : .listHeader])
            let room = inner.maxY - y - 1
            // When some do not fit, the last row says how many more there are.
            let rows = column.count > room ? room - 1 : room
            for (i, card) in column.cards.prefix(max(0, rows)).enumerated() {
                let cy = y + 1 + i
                let days = max(0, (ctx.now - card.lastProgress) / Time.day)
                let mark = card.stuck ? "!" : " "
                let age = "\(days)d"
                let handleWidth = max(1, width - 1 - age.count - 1)
                let text = mark + TerminalText.fit(TerminalText.sanitize(card.handle), width: handleWidth) + " " + age
                canvas.putFitted(text, x: cx, y: cy, width: width, style: theme[card.stuck ? .slaBreached : .text])
                if c == open.column && i == open.row {
                    ScreenList.highlight(&canvas, ctx, x: cx, y: cy, width: width, focused: true)
                }
            }
            let more = column.count - min(column.cards.count, max(0, rows))
            if more > 0 && room > 0 {
                canvas.putFitted("+\(NumberFormat.grouped(more)) more", x: cx, y: inner.maxY - 1, width: width, style: theme[.textMuted])
            }
        }
    }

    /// "Funnel  enrolled 40 → Setup 30 75% → … → completed 8 → activated 5 63%".
    static func funnelLine(_ f: ProgramFunnel, unicode: Bool, rates withRates: Bool) -> String {
        let arrow = unicode ? " → " : " > "
        let rates = f.stepRates
        return "Funnel  " + f.steps.enumerated().map { i, step in
            var t = "\(TerminalText.sanitize(step.label)) \(NumberFormat.grouped(step.count))"
            if withRates, let r = rates[i] { t += " " + NumberFormat.percent(r) }
            return t
        }.joined(separator: arrow)
    }

    /// Three lines: the effect per outcome (participants' change against the matched
    /// group's), the sample sizes, and the method.
    static func effectLines(_ e: EffectLoad, who: String = "participants", others: String = "non-participants") -> [(String, StyleRole)] {
        switch e {
        case .loading:
            return [("Effect  measuring against a matched group…", .textMuted), ("", .textMuted), ("Method  " + MatchedEffect.shortMethodLine, .textMuted)]
        case .none:
            return [("Effect  nothing to compare yet: no \(who.dropLast()) has a matched \(others.dropLast()), or no time has passed since the start", .textMuted),
                    ("", .textMuted), ("Method  " + MatchedEffect.shortMethodLine, .textMuted)]
        case .result(let r):
            func signed(_ x: Double, _ digits: Int) -> String { (x >= 0 ? "+" : "") + String(format: "%.\(digits)f", x) }
            func plain(_ x: Double) -> String { String(format: "%.1f", x) }
            // The effect, then (participants' change vs the matched group's change).
            var t = "Effect  live h \(signed(r.liveHours.effect, 1)) (\(plain(r.liveHours.participants)) vs \(plain(r.liveHours.comparison)))"
            t += " · active days \(signed(r.activeDays.effect, 1)) (\(plain(r.activeDays.participants)) vs \(plain(r.activeDays.comparison)))"
            if let ret = r.retention {
                t += " · retained \(signed(ret.effect * 100, 0))pt (\(NumberFormat.percent(ret.participants)) vs \(NumberFormat.percent(ret.comparison)))"
            }
            var n = "        n = \(NumberFormat.grouped(r.matched)) \(who), \(NumberFormat.grouped(r.comparisonSize)) matched \(others)"
            if r.unmatched > 0 { n += ", \(NumberFormat.grouped(r.unmatched)) unmatched" }
            n += " · \(r.days)d after vs \(r.days)d before"
            return [(t, r.liveHours.effect >= 0 ? .kpiGood : .kpiBad), (n, .textMuted), ("Method  " + MatchedEffect.shortMethodLine, .textMuted)]
        }
    }
}
