import GreenroomCore

/// Drawing of the drill-down, Review and cohort screens.
enum KPIScreensView {
    typealias Line = ScreenList.Line

    static func drawLines(_ canvas: inout Canvas, _ model: Model, _ lines: [Line], specs: [[ColumnSpec]], cursor: Int, in inner: Rect) {
        ScreenList.draw(&canvas, model.viewContext, lines, specs: specs, cursor: cursor, in: inner)
    }

    // MARK: Drill-down

    static func drawDrill(_ canvas: inout Canvas, _ model: Model, _ s: DrillScreen, _ rect: Rect) {
        let dot = model.capabilities.unicode ? " · " : " - "
        var title = s.title
        if let r = s.result {
            let noun = r.subject == .creators ? "creator" : "ticket"
            title += dot + (r.base != r.counted ? "\(NumberFormat.grouped(r.counted)) of \(NumberFormat.grouped(r.base)) \(noun)s"
                            : "\(NumberFormat.grouped(r.counted)) \(noun)\(r.counted == 1 ? "" : "s")")
        }
        let inner = CreatorView.frameBox(&canvas, model, rect, title: title)
        guard let r = s.result else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        guard !r.rows.isEmpty else {
            canvas.put("Nothing behind this number.", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        let ratio = r.base != r.counted || r.rows.contains { !$0.inBase }
        let mark = ColumnSpec(ratio ? "in" : "", min: ratio ? 2 : 0, preferred: ratio ? 2 : 0, priority: 0)
        // A KPI's rows carry what each contributes, after the name or subject.
        let figures = r.figureColumns.enumerated().map { i, t in
            ColumnSpec(t, min: max(5, DisplayWidth.of(t)), preferred: max(8, DisplayWidth.of(t) + 1), priority: i == 0 ? 0 : 2, alignRight: true)
        }
        let identity = r.subject == .creators
            ? [ColumnSpec(r.columns[0], min: 12, preferred: 22, priority: 0), ColumnSpec(r.columns[1], min: 10, preferred: 200, priority: 3)]
            : [ColumnSpec(r.columns[0], min: 4, preferred: 6, priority: 0), ColumnSpec(r.columns[1], min: 12, preferred: 200, priority: 1)]
        let rest = r.subject == .creators
            ? [ColumnSpec(r.columns[2], min: 10, preferred: 12, priority: 1), ColumnSpec(r.columns[3], min: 6, preferred: 6, priority: 4),
               ColumnSpec(r.columns[4], min: 8, preferred: 12, priority: 3)]
            : [ColumnSpec(r.columns[2], min: 7, preferred: 8, priority: 1), ColumnSpec(r.columns[3], min: 6, preferred: 8, priority: 4),
               ColumnSpec(r.columns[4], min: 8, preferred: 12, priority: 3)]
        let columns = [mark] + identity + figures + rest
        var lines: [Line] = []
        if let id = r.kpi, let summary = r.summary {
            let noun = r.subject == .creators ? (id == .medianTimeInStage ? "exit" : "creator") : "ticket"
            lines.append(Line(cells: [(KPIFormat.drillSummary(id, summary, value: r.value, noun: noun, unicode: model.capabilities.unicode), .textMuted)],
                              item: nil))
        }
        lines.append(Line(cells: columns.map { ($0.title, .listHeader) }, item: nil))
        let yes = model.capabilities.unicode ? "✓" : "y"
        let calendar = TeamCalendar(zone: model.settings.zone)
        for (i, row) in r.rows.enumerated() {
            let role: StyleRole = row.counted ? .text : .textMuted
            let shown = row.figures.map { KPIFormat.cell($0, calendar: calendar) }
            let padded = shown + Array(repeating: "", count: max(0, figures.count - shown.count))
            let cells = row.cells.map { TerminalText.sanitize($0) }
            let values = Array(cells.prefix(2)) + padded.prefix(figures.count).map { TerminalText.sanitize($0) } + Array(cells.dropFirst(2))
            lines.append(Line(cells: [(ratio ? (row.counted ? yes : row.inBase ? "·" : " ") : "", row.counted ? .kpiGood : .textMuted)]
                                + values.map { ($0, role) }, item: i))
        }
        drawLines(&canvas, model, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    // MARK: Review

    static func drawReview(_ canvas: inout Canvas, _ model: Model, _ s: ReviewScreen, _ rect: Rect) {
        let unicode = model.capabilities.unicode
        let dot = unicode ? " · " : " - "
        let calendar = TeamCalendar(zone: model.settings.zone)
        let week = s.review.map { r in r.span.map { model.spanLabel($0) } ?? r.week }
            ?? s.week.map { calendar.isoWeekString($0.start) } ?? "last week"
        let inner = CreatorView.frameBox(&canvas, model, rect, title: "Review \(week)\(dot)[ ] week\(dot)enter drills down\(dot)? explains")
        guard let r = s.review else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        var lines: [Line] = []
        var item = 0
        func section(_ title: String) {
            if !lines.isEmpty { lines.append(Line(cells: [("", .text)], item: nil)) }
            lines.append(Line(cells: [(title, .columnHeader)], item: nil))
        }
        func pct(_ v: Double?) -> String { v.map { KPIFormat.value($0, .csat) } ?? "—" }
        let dash = unicode ? " – " : " - "
        if r.isPartial {
            section("KPIs \(calendar.dayRange(r.period, dash: dash)) against the same days of the week before (\(calendar.dayRange(r.previousPeriod, dash: dash)))")
        } else {
            section("KPIs \(calendar.dayRange(r.period, dash: dash)) against the week before")
        }
        lines.append(Line(cells: [("kpi", .listHeader), (r.isPartial ? "12 weeks before" : "12 weeks", .listHeader),
                                  (r.isPartial ? "so far" : "week", .listHeader), ("before", .listHeader),
                                  ("change", .listHeader), ("base", .listHeader), ("target", .listHeader)], item: nil))
        for k in r.kpis {
            let s = k.series
            let valueRole: StyleRole = s.meetsTarget.map { $0 ? .kpiGood : .kpiBad } ?? .text
            let changeRole: StyleRole = s.changeIsGood.map { $0 ? .kpiGood : .kpiBad } ?? .kpiNeutral
            lines.append(Line(cells: [(k.id.title, .text), (Sparkline.render(k.trend.map { $0 ?? .nan }, unicode: unicode), .kpiSparkline),
                                      (k.value.value.map { KPIFormat.value($0, k.id) } ?? "—", valueRole),
                                      (k.previous.value.map { KPIFormat.value($0, k.id) } ?? "—", .textMuted),
                                      (s.change.map { KPIFormat.change($0, k.id, unicode: unicode) } ?? "—", changeRole),
                                      (baseText(k.id, k.value), .textMuted),
                                      (k.target.map { KPIFormat.target($0, k.id, direction: k.direction, unicode: unicode) } ?? "", .textMuted)],
                              item: item))
            item += 1
        }
        section("Agents")
        lines.append(Line(cells: [("agent", .listHeader), ("solved", .listHeader), ("1st reply", .listHeader), ("SLA", .listHeader),
                                  ("CSAT", .listHeader), ("reopen", .listHeader)], item: nil))
        for a in r.agents {
            lines.append(Line(cells: [(a.handle, .text), ("\(a.solved)", .text),
                                      (a.medianFirstReplyMinutes.map { KPIFormat.value($0, .firstReplyTime) } ?? "—", .text),
                                      (pct(a.slaAttainment), .text), (pct(a.csat), .text), (pct(a.reopenRate), .text)], item: item))
            item += 1
        }
        section("Managers")
        lines.append(Line(cells: [("manager", .listHeader), ("creators", .listHeader), ("activity", .listHeader), ("live h", .listHeader),
                                  ("activations", .listHeader), ("conversion", .listHeader)], item: nil))
        for m in r.managers {
            lines.append(Line(cells: [(m.handle, .text), (NumberFormat.grouped(m.creators), .text), (pct(m.activityRate), .text),
                                      (NumberFormat.value(m.liveHours, unit: ""), .text), ("\(m.newActivations)", .text),
                                      (pct(m.conversion), .text)], item: item))
            item += 1
        }
        section("Breached tickets \(NumberFormat.grouped(r.breachedCount))")
        if r.breached.isEmpty { lines.append(Line(cells: [("No SLA target breached this week", .textMuted)], item: nil)) }
        for t in r.breached {
            lines.append(Line(cells: [(t.key, .slaBreached), (TerminalText.sanitize(t.subject), .text),
                                      (t.targets.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "), .text),
                                      (DateInput.format(t.due, zone: model.settings.zone), .textMuted), (t.assignee ?? "—", .text),
                                      (t.status.rawValue, .textMuted)], item: item))
            item += 1
        }
        if r.breachedCount > r.breached.count {
            lines.append(Line(cells: [("All \(NumberFormat.grouped(r.breachedCount)) breached tickets (the latest \(r.breached.count) are listed above) →", .textMuted)],
                              item: item))
            item += 1
        }
        section("Ticket categories")
        lines.append(Line(cells: [("category", .listHeader), ("tickets", .listHeader), ("before", .listHeader), ("change", .listHeader),
                                  ("", .listHeader), ("", .listHeader)], item: nil))
        for c in r.categories {
            let change = c.change.map { ($0 > 0 ? (unicode ? "▲" : "+") : $0 < 0 ? (unicode ? "▼" : "-") : "=") + NumberFormat.percent($0) } ?? "new"
            lines.append(Line(cells: [(c.category.rawValue, .text), (NumberFormat.grouped(c.count), .text), (NumberFormat.grouped(c.previous), .textMuted),
                                      (change, (c.change ?? 0) > 0 ? .kpiBad : .kpiNeutral), ("", .text), ("", .text)], item: item))
            item += 1
        }
        if !s.campaigns.isEmpty {
            section("Running campaigns (now)")
            lines.append(Line(cells: [("campaign", .listHeader), ("left", .listHeader), ("progress", .listHeader), ("of goal", .listHeader),
                                      ("pace", .listHeader), ("enrolled", .listHeader)], item: nil))
            for c in s.campaigns {
                let m = c.campaign.metric
                lines.append(Line(cells: [(TerminalText.sanitize(c.campaign.name), .text), (CampaignsView.daysLeft(c), .text),
                                          ("\(m.format(c.progress)) / \(NumberFormat.grouped(c.campaign.target)) \(m.unit)", .text),
                                          (c.share.map(NumberFormat.percent) ?? "—", CampaignsView.progressRole(c.share, c.paceShare)),
                                          (c.paceShare.map(NumberFormat.percent) ?? "—", .textMuted), (NumberFormat.grouped(c.enrolled), .text)],
                                  item: item))
                item += 1
            }
        }
        let six = [ColumnSpec("a", min: 12, preferred: 29, priority: 0), ColumnSpec("b", min: 8, preferred: 12, priority: 1),
                   ColumnSpec("c", min: 7, preferred: 16, priority: 0, alignRight: true), ColumnSpec("d", min: 7, preferred: 10, priority: 2, alignRight: true),
                   ColumnSpec("e", min: 7, preferred: 12, priority: 1, alignRight: true), ColumnSpec("f", min: 6, preferred: 12, priority: 3, alignRight: true)]
        let seven = Array(six.prefix(5)) + [ColumnSpec("base", min: 5, preferred: 9, priority: 2, alignRight: true), six[5]]
        drawLines(&canvas, model, lines, specs: [[], six, six, six, six, six, seven], cursor: s.cursor, in: inner)
    }

    /// The count a KPI value stands on, beside it: "30/34" for a ratio, "n=68" for a median.
    static func baseText(_ id: KPIID, _ v: KPIValue) -> String {
        switch id {
        case .firstReplyTime, .resolutionTime, .medianTimeInStage: return v.denominator.map { "n=\(NumberFormat.grouped($0))" } ?? ""
        case .liveHoursPerActiveCreator: return v.denominator.map { "n=\(NumberFormat.grouped($0))" } ?? ""
        default:
            guard id.unit == "%", let n = v.numerator, let d = v.denominator else { return "" }
            return "\(NumberFormat.grouped(n))/\(NumberFormat.grouped(d))"
        }
    }

    // MARK: Cohorts

    static func drawCohorts(_ canvas: inout Canvas, _ model: Model, _ s: CohortScreen, _ rect: Rect) {
        let unicode = model.capabilities.unicode
        let dot = unicode ? " · " : " - "
        let inner = CreatorView.frameBox(&canvas, model, rect,
                                         title: "Cohort retention\(dot)share of each activation week live in week N\(dot)h l pick a week, enter lists")
        guard let t = s.table else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: model.theme[.textMuted])
            return
        }
        let cell = 7
        let shades: [Character] = unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "#", "@"]
        var x = inner.x + 2
        canvas.put("cohort", x: x, y: inner.y, style: model.theme[.listHeader])
        canvas.put("size", x: x + 9, y: inner.y, style: model.theme[.listHeader])
        for n in 0...t.weeks {
            canvas.put(String(repeating: " ", count: max(0, cell - 1 - "w\(n)".count)) + "w\(n)", x: x + 15 + n * cell, y: inner.y,
                       style: model.theme[n == s.column ? .textAccent : .listHeader])
        }
        for (i, row) in t.rows.enumerated() {
            let y = inner.y + 1 + i
            guard y < inner.maxY else { break }
            x = inner.x + 2
            canvas.put(row.label, x: x, y: y, style: model.theme[.text])
            let size = NumberFormat.grouped(row.size)
            canvas.put(String(repeating: " ", count: max(0, 5 - size.count)) + size, x: x + 9, y: y, style: model.theme[.textMuted])
            for n in 0...t.weeks {
                let cx = x + 15 + n * cell
                let text: String
                var role = StyleRole.textMuted
                if let share = row.share(n) {
                    let level = share <= 0 ? 0 : min(4, 1 + Int(share * 4))
                    let p = "\(Int((share * 100).rounded()))%"
                    text = String(shades[level]) + String(repeating: " ", count: max(0, cell - 2 - p.count)) + p
                    role = share >= 0.6 ? .kpiGood : share >= 0.3 ? .text : .kpiBad
                } else {
                    text = String(repeating: " ", count: cell - 2) + (row.retained.indices.contains(n) ? "·" : "")
                }
                canvas.put(text, x: cx, y: y, style: model.theme[role])
                if i == s.row && n == s.column {
                    canvas.put(text, x: cx, y: y, style: model.theme[.listSelected])
                }
            }
            if i == s.row { canvas.put(unicode ? "▶" : ">", x: inner.x + 1, y: y, style: model.theme[.textAccent]) }
        }
        if t.rows.allSatisfy({ $0.size == 0 }) {
            canvas.put("No creators were activated in these weeks.", x: inner.x + 2, y: inner.y + 2 + t.rows.count, style: model.theme[.textMuted])
        }
    }
}
