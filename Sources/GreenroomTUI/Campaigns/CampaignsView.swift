import GreenroomCore

/// Campaigns: the list (status, days left, a bar of progress against the goal with today's
/// pace marked) and one campaign (goal, daily sparkline, tiers, at-risk count, creators
/// ranked by progress). Names come from data and are sanitized.
enum CampaignsView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ s: CampaignsScreen, _ rect: Rect) {
        if let open = s.open {
            drawDetail(&canvas, ctx, open, rect)
            return
        }
        let dot = ctx.capabilities.unicode ? " · " : " - "
        var title = "Campaigns"
        if let rows = s.summaries { title += dot + "\(rows.count)" }
        let inner = ScreenList.frame(&canvas, ctx, rect, title: title)
        guard let rows = s.summaries else {
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted])
            return
        }
        guard !rows.isEmpty else {
            canvas.put("No campaigns yet: greenroom campaign add --name NAME --start DATE --end DATE --metric live_hours --target N",
                       x: inner.x + 1, y: inner.y, style: ctx.theme[.textMuted], maxWidth: inner.width - 2)
            return
        }
        let columns = [ColumnSpec("campaign", min: 12, preferred: 20, priority: 0), ColumnSpec("status", min: 7, preferred: 7, priority: 1),
                       ColumnSpec("left", min: 5, preferred: 6, priority: 1, alignRight: true),
                       ColumnSpec("progress against goal, | pace", min: 10, preferred: 30, priority: 2),
                       ColumnSpec("progress", min: 12, preferred: 28, priority: 0, alignRight: true),
                       ColumnSpec("pace", min: 5, preferred: 5, priority: 3, alignRight: true),
                       ColumnSpec("enrolled", min: 8, preferred: 8, priority: 4, alignRight: true)]
        let widths = ColumnLayout.widths(columns, available: inner.width - 2)
        var lines = [KPIScreensView.Line(cells: columns.map { ($0.title, .listHeader) }, item: nil)]
        for (i, r) in rows.enumerated() {
            let c = r.campaign
            let barWidth = widths[3] ?? 0
            lines.append(KPIScreensView.Line(cells: [
                (TerminalText.sanitize(c.name), .text), (c.status.rawValue, c.status == .running ? .kpiGood : .textMuted),
                (daysLeft(r), .text), (bar(r.share, pace: r.paceShare, width: barWidth, unicode: ctx.capabilities.unicode), progressRole(r.share, r.paceShare)),
                ("\(c.metric.format(r.progress)) / \(NumberFormat.grouped(c.target)) \(c.metric.unit)" + (r.share.map { " " + NumberFormat.percent($0) } ?? ""), .text),
                (r.paceShare.map(NumberFormat.percent) ?? "—", .textMuted), (NumberFormat.grouped(r.enrolled), .text),
            ], item: i))
        }
        ScreenList.draw(&canvas, ctx, lines, specs: [[], columns], cursor: s.cursor, in: inner)
    }

    static func drawDetail(_ canvas: inout Canvas, _ ctx: ViewContext, _ open: CampaignDetailState, _ rect: Rect) {
        let theme = ctx.theme
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        guard let d = open.detail else {
            let inner = ScreenList.frame(&canvas, ctx, rect, title: "Campaign")
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: theme[.textMuted])
            return
        }
        let s = d.summary, c = s.campaign, m = c.metric, u = m.unit
        let inner = ScreenList.frame(&canvas, ctx, rect, title: TerminalText.sanitize(c.name) + dot + "\(NumberFormat.grouped(s.enrolled)) enrolled")
        let x = inner.x + 1, w = inner.width - 2
        var y = inner.y
        var about = "\(c.kind.title)\(dot)\(c.startDate) to \(c.endDate)\(dot)\(c.status.rawValue)"
        if let owner = s.ownerHandle { about += "\(dot)owner \(owner)" }
        about += dot + (s.daysLeft > 0 ? "\(s.daysLeft) day\(s.daysLeft == 1 ? "" : "s") left" : "ended")
        canvas.put(about, x: x, y: y, style: theme[.textMuted], maxWidth: w)
        y += 1
        var goal = "Goal \(NumberFormat.grouped(c.target)) \(u) \(m.title)  "
        var gx = x + canvas.put(goal, x: x, y: y, style: theme[.text], maxWidth: w)
        let barWidth = max(0, min(30, w / 4))
        gx += canvas.put(bar(s.share, pace: s.paceShare, width: barWidth, unicode: unicode), x: gx, y: y, style: theme[progressRole(s.share, s.paceShare)], maxWidth: x + w - gx)
        let ahead = s.progress - s.pace
        goal = "  \(m.format(s.progress)) \(u)" + (s.share.map { " " + NumberFormat.percent($0) } ?? "") + "\(dot)pace \(m.format(s.pace)) \(u)"
        goal += dot + (ahead >= 0 ? "ahead by \(m.format(ahead)) \(u)" : "behind by \(m.format(-ahead)) \(u)")
        canvas.put(goal, x: gx, y: y, style: theme[ahead >= 0 ? .kpiGood : .kpiBad], maxWidth: max(0, x + w - gx))
        y += 1
        let series = d.daily ?? []
        let daily = d.daily == nil ? "…" : series.isEmpty ? "not started" : Sparkline.render(CreatorView.bucket(series, into: min(series.count, max(1, w - 30))), unicode: unicode)
        let dx = x + canvas.put("Daily  ", x: x, y: y, style: theme[.textMuted])
        let sx = dx + canvas.put(daily, x: dx, y: y, style: theme[.kpiSparkline], maxWidth: w - 7)
        if !series.isEmpty {
            let last = s.daysLeft > 0 ? "today" : "last day"
            canvas.put("  \(RelativeTime.counted(series.count, "day")); \(last) \(m.format(series.last ?? 0)) \(u)", x: sx, y: y, style: theme[.textMuted], maxWidth: max(0, x + w - sx))
        }
        y += 1
        var tiers = d.tiers.isEmpty ? "no incentive tiers" : d.tiers.map { "\(TerminalText.sanitize($0.tier.reward)) \($0.tier.threshold) \(u) ×\($0.creators)" }.joined(separator: dot)
        if !d.tiers.isEmpty { tiers += "\(dot)payouts due \(NumberFormat.grouped(d.tiers.reduce(0) { $0 + $1.payout }))" }
        canvas.put("Tiers  " + tiers, x: x, y: y, style: theme[.text], maxWidth: w)
        y += 1
        let risk = "At risk \(NumberFormat.grouped(d.atRisk)) (behind their pace by more than \(d.riskMargin)% of their target)"
        canvas.put(risk, x: x, y: y, style: theme[d.atRisk > 0 ? .slaBreached : .text], maxWidth: w)
        y += 1
        let showing = open.listing == .atRisk ? "Showing creators at risk" : "Showing every enrolled creator"
        canvas.put(showing + "\(dot)\(NumberFormat.grouped(open.list.total)), best progress first", x: x, y: y, style: theme[.textMuted], maxWidth: w)
        y += 1

        let columns = [ColumnSpec("#", min: 4, preferred: 6, priority: 0, alignRight: true), ColumnSpec("creator", min: 16, preferred: 22, priority: 0),
                       ColumnSpec("name", min: 10, preferred: 18, priority: 7),
                       ColumnSpec("progress", min: 8, preferred: 9, priority: 0, alignRight: true),
                       ColumnSpec("target", min: 6, preferred: 7, priority: 1, alignRight: true),
                       ColumnSpec("%", min: 5, preferred: 5, priority: 2, alignRight: true),
                       ColumnSpec("against target, | pace", min: 10, preferred: 22, priority: 6),
                       ColumnSpec("tier", min: 8, preferred: 16, priority: 3), ColumnSpec("next tier", min: 16, preferred: 26, priority: 4),
                       ColumnSpec("risk", min: 7, preferred: 7, priority: 2)]
        let widths = ColumnLayout.widths(columns, available: w)
        ColumnLayout.drawRow(&canvas, x: x, y: y, widths: widths, specs: columns, values: columns.map(\.title), styles: columns.map { _ in theme[.listHeader] })
        y += 1
        let list = open.list
        guard list.total > 0 else {
            canvas.put(open.listing == .atRisk ? "Nobody is at risk." : "Nobody is enrolled yet: select creators in the roster (x), then :enrol NAME",
                       x: x, y: y, style: theme[.textMuted], maxWidth: w)
            return
        }
        let height = inner.maxY - y
        for i in 0..<max(0, height) {
            let index = list.top + i
            guard index < list.total else { break }
            let rowY = y + i
            guard let r = list.row(at: index) else {
                canvas.put("…", x: x, y: rowY, style: theme[.textMuted])
                continue
            }
            let share = r.target > 0 ? r.progress / Double(r.target) : nil
            let paceShare = r.target > 0 ? r.pace / Double(r.target) : nil
            let next = r.nextTier.map { "\(TerminalText.sanitize($0)) in \(m.format(r.toNextTier ?? 0)) \(u)" } ?? (r.tier == nil ? "—" : "top tier")
            let values = ["\(r.rank)", r.handle, TerminalText.sanitize(r.displayName), m.format(r.progress), NumberFormat.grouped(r.target),
                          share.map(NumberFormat.percent) ?? "—", bar(share, pace: paceShare, width: widths[6] ?? 0, unicode: unicode),
                          r.tier.map { TerminalText.sanitize($0) } ?? "—", next, r.atRisk ? "at risk" : ""]
            let styles: [StyleRole] = [.textMuted, .text, .textMuted, .text, .textMuted, .text, progressRole(share, paceShare),
                                       r.tier == nil ? .textMuted : .kpiGood, .textMuted, .slaBreached]
            ColumnLayout.drawRow(&canvas, x: x, y: rowY, widths: widths, specs: columns, values: values.map { TerminalText.sanitize($0) },
                                 styles: styles.map { theme[$0] })
            if index == list.cursor {
                canvas.put(unicode ? "▶" : ">", x: inner.x, y: rowY, style: theme[.textAccent])
                ScreenList.highlight(&canvas, ctx, x: inner.x, y: rowY, width: inner.width, focused: true)
            }
        }
    }

    /// A bar of `share` (0…1, capped) in `width` cells with the pace position marked `|`.
    static func bar(_ share: Double?, pace: Double?, width: Int, unicode: Bool) -> String {
        guard width > 0 else { return "" }
        let filled = Int(((share ?? 0) * Double(width)).rounded(.down).clamped(0, Double(width)))
        var cells = Array(repeating: unicode ? "░" : "-", count: width)
        for i in 0..<filled { cells[i] = unicode ? "█" : "#" }
        if let pace {
            let at = Int((pace * Double(width)).rounded(.down).clamped(0, Double(width - 1)))
            cells[at] = unicode ? "│" : "|"
        }
        return cells.joined()
    }

    /// Green when on or ahead of pace, red when behind.
    static func progressRole(_ share: Double?, _ pace: Double?) -> StyleRole {
        guard let share, let pace else { return .text }
        return share + 1e-9 >= pace ? .kpiGood : .kpiBad
    }

    static func daysLeft(_ s: CampaignSummary) -> String {
        s.daysLeft == 0 ? "ended" : s.window.lowerBound > s.window.upperBound ? "—" : "\(s.daysLeft)d"
    }
}

extension Double {
    fileprivate func clamped(_ lo: Double, _ hi: Double) -> Double { Swift.min(hi, Swift.max(lo, self)) }
}
