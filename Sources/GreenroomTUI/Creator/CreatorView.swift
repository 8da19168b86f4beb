import GreenroomCore

/// The creator detail screen: profile, 90 days of LIVE, pipeline history with time in each
/// stage, then activities (with follow-ups) and tickets, which the cursor walks.
enum CreatorView {
    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ screen: CreatorScreen, _ rect: Rect) {
        let theme = ctx.theme
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        guard let d = screen.detail else {
            let inner = frameBox(&canvas, ctx, rect, title: "Creator")
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: theme[.textMuted])
            return
        }
        let c = d.creator
        let inner = frameBox(&canvas, ctx, rect, title: "\(c.handle)\(dot)\(c.displayName)")
        guard inner.height > 4 else { return }
        let now = ctx.now
        let zone = ctx.settings.zone
        func date(_ m: Millis) -> String { DateInput.format(m, zone: zone) }

        // Profile (left) and LIVE (right).
        let leftWidth = min(44, inner.width / 2)
        let rightX = inner.x + leftWidth + 2
        let rightWidth = inner.maxX - rightX - 1
        let stageSince = d.stages.last.map { RelativeTime.compact(now - $0.enteredAt) } ?? "—"
        let profile: [(String, String)] = [
            ("Kind", "\(c.kind.rawValue)\(dot)\(c.market)\(c.language.isEmpty ? "" : dot + c.language)"),
            ("Stage", "\(c.stage) for \(stageSince)"),
            ("Health", d.health?.rawValue ?? "—"),
            ("Owner", d.ownerHandle ?? "none"),
            ("Network", d.network.map { "\($0.name) (\($0.region))" } ?? "none"),
            ("Source", c.source.rawValue),
            ("Followers", NumberFormat.grouped(c.followers)),
            ("Contact", [c.email, c.phone].compactMap { $0 }.joined(separator: dot).ifEmpty("—")),
            ("Tags", d.tags.isEmpty ? "—" : d.tags.joined(separator: ", ")),
            ("Added", date(c.createdAt)),
            ("Notes", (c.notes ?? "—").replacingOccurrences(of: "\n", with: " ")),
        ]
        var y = inner.y
        for (label, value) in profile where y < inner.maxY {
            canvas.putFitted(label, x: inner.x + 1, y: y, width: 10, style: theme[.textMuted])
            let role: StyleRole = label == "Health" ? ([.idle: .healthIdle, .slipping: .healthSlipping, .active: .healthActive][d.health ?? .active] ?? .text) : .text
            canvas.put(value, x: inner.x + 12, y: y, style: theme[role], maxWidth: leftWidth - 11)
            y += 1
        }
        let profileBottom = y

        // LIVE: sparkline of the last 90 days (squeezed into the width available) and totals.
        y = inner.y
        let t = d.totals
        canvas.put("LIVE, last \(RelativeTime.counted(d.dailyLiveHours.count, "day"))", x: rightX, y: y, style: theme[.columnHeader], maxWidth: rightWidth)
        y += 1
        let buckets = bucket(d.dailyLiveHours, into: max(1, min(d.dailyLiveHours.count, rightWidth)))
        canvas.put(Sparkline.render(buckets, unicode: unicode), x: rightX, y: y, style: theme[.kpiSparkline], maxWidth: rightWidth)
        y += 1
        let totals = "\(NumberFormat.hours(minutes: t.minutes))\(dot)\(RelativeTime.counted(t.sessions, "session"))\(dot)\(RelativeTime.counted(t.activeDays, "active day"))"
        canvas.put(totals, x: rightX, y: y, style: theme[.text], maxWidth: rightWidth)
        y += 1
        let more = "peak \(NumberFormat.compact(t.peakViewers)) viewers\(dot)\(NumberFormat.compact(t.viewerMinutes)) viewer-min\(dot)\(NumberFormat.compact(t.gifts)) gifts\(dot)last LIVE \(t.lastLiveAt.map { RelativeTime.agoPhrase($0, now: now) } ?? "—")"
        canvas.put(TerminalText.truncate(more, width: rightWidth), x: rightX, y: y, style: theme[.textMuted], maxWidth: rightWidth)
        y += 2
        canvas.put("Pipeline", x: rightX, y: y, style: theme[.columnHeader], maxWidth: rightWidth)
        y += 1
        for span in d.stages.suffix(max(0, profileBottom - y)) where y < profileBottom {
            let time = RelativeTime.compact(span.duration(now: now))
            let current = span.exitedAt == nil
            var line = "\(TerminalText.fit(span.stage, width: 11)) \(date(span.enteredAt))  \(TerminalText.fit(current ? time + " (now)" : time, width: 10))"
            if let by = span.byHandle { line += " by \(by)" }
            if let reason = span.reason { line += "\(dot)\(reason)" }
            canvas.put(line, x: rightX, y: y, style: theme[current ? .textAccent : .text], maxWidth: rightWidth)
            y += 1
        }

        // Activities and tickets, walked by the cursor.
        let listTop = max(profileBottom, y) + 1
        guard listTop < inner.maxY else { return }
        canvas.put(String(repeating: unicode ? "─" : "-", count: inner.width), x: inner.x, y: listTop - 1, style: theme[.paneBorder])
        let lines = itemLines(d, ctx: ctx)
        let height = inner.maxY - listTop
        let cursorLine = lines.firstIndex { $0.item == screen.cursor } ?? 0
        let first = max(0, min(cursorLine - height / 2, lines.count - height))
        for (i, line) in lines.dropFirst(first).prefix(height).enumerated() {
            let ly = listTop + i
            canvas.put(line.text, x: inner.x + 2, y: ly, style: theme[line.role], maxWidth: inner.width - 3)
            if let item = line.item, item == screen.cursor {
                canvas.put(unicode ? "▶" : ">", x: inner.x, y: ly, style: theme[.textAccent])
                ScreenList.highlight(&canvas, ctx, x: inner.x, y: ly, width: inner.width, focused: true)
            }
        }
    }

    struct Line {
        var text: String
        var role: StyleRole
        /// The selectable item this line is, if any.
        var item: Int?
    }

    static func itemLines(_ d: CreatorDetail, ctx: ViewContext) -> [Line] {
        let zone = ctx.settings.zone
        let now = ctx.now
        let dot = ctx.capabilities.unicode ? " · " : " - "
        var lines = campaignLines(d, ctx: ctx)
        let open = d.activities.filter { $0.activity.followUpDue != nil && !$0.activity.done }.count
        lines.append(Line(text: "Activities \(d.activities.count)\(dot)\(open) follow-up\(open == 1 ? "" : "s") open", role: .columnHeader, item: nil))
        if d.activities.isEmpty {
            lines.append(Line(text: "none yet: c logs a note, call, coaching session or workshop", role: .textMuted, item: nil))
        }
        for (i, row) in d.activities.enumerated() {
            let a = row.activity
            var role = StyleRole.text
            var followUp = ""
            if let due = a.followUpDue {
                if a.done {
                    followUp = "done"
                    role = .textMuted
                } else if due < now {
                    followUp = "overdue \(RelativeTime.compact(now - due))"
                    role = .slaBreached
                } else {
                    followUp = "due \(String(DateInput.format(due, zone: zone).dropFirst(5)))"
                }
            }
            var text = "\(DateInput.format(a.at, zone: zone)) \(TerminalText.fit(a.kind.rawValue, width: 8)) \(TerminalText.fit(row.authorHandle ?? "—", width: 8)) "
            text += TerminalText.fit(followUp, width: 12) + " "
            text += a.summary.replacingOccurrences(of: "\n", with: " ")
            if let next = a.nextStep { text += " → \(next)" }
            lines.append(Line(text: text, role: role, item: i))
        }
        lines.append(Line(text: "", role: .text, item: nil))
        let openTickets = d.tickets.filter { $0.status.isOpen }.count
        lines.append(Line(text: "Tickets \(d.tickets.count)\(dot)\(openTickets) open", role: .columnHeader, item: nil))
        if d.tickets.isEmpty { lines.append(Line(text: "none", role: .textMuted, item: nil)) }
        for (j, t) in d.tickets.enumerated() {
            let marker = TicketsView.priorityMarker(t.priority)
            let text = "\(marker) \(TerminalText.fit(t.key, width: 6)) \(TerminalText.fit(t.status.rawValue, width: 8)) \(t.subject)\(dot)\(RelativeTime.agoPhrase(t.createdAt, now: now))"
            lines.append(Line(text: text, role: t.status.isOpen ? .text : .textMuted, item: d.activities.count + j))
        }
        if !d.ruleFirings.isEmpty {
            // The audit trail of team automations on this creator (issue 24).
            lines.append(Line(text: "", role: .text, item: nil))
            lines.append(Line(text: "Automations \(d.ruleFirings.count)", role: .columnHeader, item: nil))
            for f in d.ruleFirings {
                var text = "\(DateInput.format(f.at, zone: zone)) rule \"\(TerminalText.sanitize(f.rule))\""
                if !f.device.isEmpty { text += " on \(TerminalText.sanitize(f.device))" }
                text += ": \(TerminalText.sanitize(f.summary))"
                lines.append(Line(text: text, role: .textMuted, item: nil))
            }
        }
        return lines
    }

    /// The creator's campaigns, when they are in any: progress against their target, tier.
    static func campaignLines(_ d: CreatorDetail, ctx: ViewContext) -> [Line] {
        guard !d.campaigns.isEmpty else { return [] }
        let dot = ctx.capabilities.unicode ? " · " : " - "
        var lines = [Line(text: "Campaigns \(d.campaigns.count)", role: .columnHeader, item: nil)]
        for c in d.campaigns {
            let share = c.target > 0 ? "  " + NumberFormat.percent(c.progress / Double(c.target)) : ""
            var text = TerminalText.fit(TerminalText.sanitize(c.name), width: 24) + " " + TerminalText.fit(c.status.rawValue, width: 8) + " "
            text += "\(c.metric.format(c.progress)) / \(NumberFormat.grouped(c.target)) \(c.metric.unit)\(share)"
            text += dot + (c.tier.map { TerminalText.sanitize($0) } ?? "no tier yet") + (c.atRisk ? dot + "at risk" : "")
            lines.append(Line(text: text, role: c.atRisk ? .slaBreached : c.status == .ended ? .textMuted : .text, item: nil))
        }
        lines.append(Line(text: "", role: .text, item: nil))
        return lines
    }

    /// Squeezes daily values into `n` buckets by summing neighbours.
    static func bucket(_ values: [Double], into n: Int) -> [Double] {
        guard n < values.count, n > 0 else { return values }
        var out = [Double](repeating: 0, count: n)
        for (i, v) in values.enumerated() { out[i * n / values.count] += v }
        return out
    }

    static func frameBox(_ canvas: inout Canvas, _ ctx: ViewContext, _ rect: Rect, title: String) -> Rect {
        ScreenList.frame(&canvas, ctx, rect, title: title)
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
