import GreenroomCore

/// The weekly Review.
extension KPIScreensView {
    static func drawReview(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: ReviewScreen, _ rect: Rect) {
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        let calendar = TeamCalendar(zone: ctx.settings.zone)
        let week = s.review.map { r in r.span.map { ctx.spanLabel($0) } ?? r.week }
            ?? s.week.map { calendar.isoWeekString($0.start) } ?? "last week"
        let inner = ScreenList.frame(&canvas, ctx, rect, title: "Review \(week)\(dot)[ ] week\(dot)enter drills down\(dot)? explains")
        guard let r = s.review else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
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
                                  ("CSAT", .listHeader), ("reopen", .listHeader), ("QA", .listHeader)], item: nil))
        for a in r.agents {
            lines.append(Line(cells: [(a.handle, .text), ("\(a.solved)", .text),
                                      (a.medianFirstReplyMinutes.map { KPIFormat.value($0, .firstReplyTime) } ?? "—", .text),
                                      (pct(a.slaAttainment), .text), (pct(a.csat), .text), (pct(a.reopenRate), .text),
                                      (a.qa.score.map { String(format: "%.0f", $0) } ?? "—",
                                       a.qa.score.map { ctx.settings.qaRubric.passes($0) ? .kpiGood : .kpiBad } ?? .textMuted)], item: item))
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
                                      (DateInput.format(t.due, zone: ctx.settings.zone), .textMuted), (t.assignee ?? "—", .text),
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
        if let effects = s.effects, !effects.isEmpty {
            section("Programs, workshops, coaching: LIVE after vs before, against a matched group (as of today)")
            lines.append(Line(cells: [("what ran", .listHeader), ("", .listHeader), ("this week", .listHeader), ("live h", .listHeader),
                                      ("active d", .listHeader), ("retained", .listHeader), ("n", .listHeader), ("matched", .listHeader)], item: nil))
            for e in effects {
                func effect(_ o: MatchedEffect.Outcome?, _ text: (Double) -> String) -> (String, StyleRole) {
                    guard let o else { return ("—", .textMuted) }
                    return (text(o.effect), o.effect > 0 ? .kpiGood : o.effect < 0 ? .kpiBad : .kpiNeutral)
                }
                let r = e.result
                lines.append(Line(cells: [(TerminalText.sanitize(e.name), .text), (e.kind.rawValue, .textMuted), (e.weekText, .text),
                                          effect(r?.liveHours) { InterventionEffect.signed($0) }, effect(r?.activeDays) { InterventionEffect.signed($0) },
                                          effect(r?.retention) { InterventionEffect.signed($0 * 100, digits: 0) + "pt" },
                                          (r.map { NumberFormat.grouped($0.matched) } ?? "—", .text), (r.map { NumberFormat.grouped($0.comparisonSize) } ?? "—", .textMuted)],
                                  item: item))
                lines.append(Line(cells: [("  " + e.detail, .textMuted)], item: nil))
                item += 1
            }
            lines.append(Line(cells: [("Method  " + MatchedEffect.shortMethodLine, .textMuted)], item: nil))
        }
        if !s.campaignsLoaded {
            section("Running campaigns (now)")
            lines.append(Line(cells: [("Loading…", .textMuted)], item: nil))
        } else if !s.campaigns.isEmpty {
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
        if s.effects == nil {
            // Measured after the review (each comparison reads every creator): said at the end
            // of the list, where nothing moves when it arrives, rather than in the status line.
            section("Programs, workshops, coaching that ran this week")
            lines.append(Line(cells: [("Measuring…", .textMuted)], item: nil))
        }
        let six = [ColumnSpec("a", min: 12, preferred: 29, priority: 0), ColumnSpec("b", min: 8, preferred: 12, priority: 1),
                   ColumnSpec("c", min: 7, preferred: 16, priority: 0, alignRight: true), ColumnSpec("d", min: 7, preferred: 10, priority: 2, alignRight: true),
                   ColumnSpec("e", min: 7, preferred: 12, priority: 1, alignRight: true), ColumnSpec("f", min: 6, preferred: 12, priority: 3, alignRight: true)]
        let seven = Array(six.prefix(5)) + [ColumnSpec("base", min: 5, preferred: 9, priority: 2, alignRight: true), six[5]]
        let eight = [ColumnSpec("name", min: 12, preferred: 24, priority: 0), ColumnSpec("kind", min: 8, preferred: 8, priority: 2),
                     ColumnSpec("week", min: 10, preferred: 20, priority: 3), ColumnSpec("live", min: 6, preferred: 7, priority: 0, alignRight: true),
                     ColumnSpec("days", min: 6, preferred: 8, priority: 0, alignRight: true), ColumnSpec("ret", min: 6, preferred: 8, priority: 1, alignRight: true),
                     ColumnSpec("n", min: 4, preferred: 6, priority: 1, alignRight: true), ColumnSpec("matched", min: 6, preferred: 8, priority: 2, alignRight: true)]
        ScreenList.draw(&canvas, ctx, lines, specs: [[], six, six, six, six, six, seven, eight], cursor: s.cursor, in: inner)
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
}
