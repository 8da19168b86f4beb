import GreenroomCore

/// The ticket detail screen: a header with every SLA target and its state, the requester
/// and network, then the timeline. Public replies carry a solid bar and the normal text
/// style; internal notes a dashed bar, "internal" and their own style (italic without
/// colour), so the two never look alike; status, assignment, priority, escalation and CSAT
/// are one muted line each.
enum TicketDetailView {
    struct Line {
        var text: String
        var role: StyleRole
        var bar: String = ""
        var barRole: StyleRole = .textMuted
    }

    /// Rows above the timeline: title box top, subject, people, status, tags, SLA header and targets, rule.
    static let headerRows = 9

    static func timelineHeight(_ model: Model) -> Int { timelineHeight(bodyRows: model.layout.body.height) }

    static func timelineHeight(bodyRows: Int) -> Int { max(1, bodyRows - 2 - headerRows) }

    static func timelineLineCount(_ model: Model, _ screen: TicketScreen) -> Int {
        timelineLineCount(model.viewContext, screen, bodyWidth: model.layout.body.width)
    }

    static func timelineLineCount(_ ctx: ViewContext, _ screen: TicketScreen, bodyWidth: Int) -> Int {
        guard let d = screen.detail else { return 0 }
        return timeline(ctx, d, width: max(20, bodyWidth - 4)).count
    }

    static func slaText(_ t: SLATargetStatus, now: Millis) -> (String, StyleRole) {
        func span(_ ms: Millis) -> String { RelativeTime.compact(abs(ms)) }
        switch t.state {
        case .achieved:
            return ("achieved" + (t.achievedAt.map { " " + RelativeTime.agoPhrase($0, now: now) } ?? ""), .slaOK)
        case .breached:
            if let at = t.achievedAt {
                // Answered, but after the due time.
                let late = t.due.map { at - $0 }.map { ", \(span($0)) late" } ?? ""
                return ("breached: answered \(RelativeTime.agoPhrase(at, now: now))\(late)", .slaBreached)
            }
            return ("breached" + (t.remaining < 0 ? ", \(span(t.remaining)) over" : ""), .slaBreached)
        case .paused:
            return ("paused, \(span(t.remaining)) left", .slaPaused)
        case .active:
            return ("\(span(t.remaining)) left", .slaOK)
        }
    }

    static func targetTitle(_ t: SLATarget) -> String {
        switch t {
        case .firstReply: return "First reply"
        case .nextReply: return "Next reply"
        case .resolution: return "Resolution"
        }
    }

    static func draw(_ canvas: inout Canvas, _ ctx: ViewContext, _ screen: TicketScreen, _ rect: Rect) {
        let theme = ctx.theme
        let dot = ctx.capabilities.unicode ? " · " : " - "
        guard let d = screen.detail else {
            let inner = CreatorView.frameBox(&canvas, ctx, rect, title: "Ticket")
            canvas.put("Loading…", x: inner.x + 1, y: inner.y, style: theme[.textMuted])
            return
        }
        let t = d.ticket
        let inner = CreatorView.frameBox(&canvas, ctx, rect, title: "\(d.key)\(dot)\(t.priority.rawValue)\(dot)\(t.status.rawValue)")
        guard inner.height > 4 else { return }
        let now = ctx.now
        let zone = ctx.settings.zone
        var y = inner.y
        let x = inner.x + 1
        let w = inner.width - 2
        canvas.put(TerminalText.sanitize(t.subject), x: x, y: y, style: theme[.columnHeader], maxWidth: w)
        y += 1
        var people = "From " + (d.requesterHandle ?? "no creator")
        if let n = d.networkName { people += " (\(n))" }
        people += "\(dot)assignee \(d.assigneeHandle ?? "none")"
        if let team = d.teamName { people += "\(dot)team \(TerminalText.sanitize(team))" }
        people += "\(dot)tier \(t.tier)\(dot)\(t.channel.rawValue)\(dot)\(t.category.rawValue)"
        canvas.put(people, x: x, y: y, style: theme[.text], maxWidth: w)
        y += 1
        var state = "Opened \(DateInput.formatMinute(t.createdAt, zone: zone)) (\(RelativeTime.agoPhrase(t.createdAt, now: now)))"
        if let csat = t.csat { state += "\(dot)CSAT \(csat.rawValue)" }
        if let into = d.mergedIntoKey { state += "\(dot)merged into \(into) (read-only)" }
        if !d.mergedFromKeys.isEmpty { state += "\(dot)merged here: \(d.mergedFromKeys.joined(separator: ", "))" }
        state += snoozeText(d, now: now, settings: ctx.settings, dot: dot)
        canvas.put(state, x: x, y: y, style: theme[d.mergedIntoKey == nil ? .textMuted : .slaWarning], maxWidth: w)
        y += 1
        let open = ctx.keyMap.keys(for: .open).first?.label ?? "Enter"
        canvas.put("Tags " + (d.tags.isEmpty ? "—" : d.tags.joined(separator: ", ")) + (d.requesterHandle.map { "\(dot)\(open) opens \($0)" } ?? ""),
                   x: x, y: y, style: theme[.textMuted], maxWidth: w)
        y += 1
        canvas.put("SLA", x: x, y: y, style: theme[.columnHeader])
        y += 1
        for target in SLATarget.allCases {
            guard y < inner.maxY else { break }
            canvas.putFitted(targetTitle(target), x: x + 2, y: y, width: 12, style: theme[.textMuted])
            if let status = d.sla.targets.first(where: { $0.target == target }) {
                let (text, role) = slaText(status, now: now)
                var shown = text
                if let due = status.due, status.state != .achieved, status.achievedAt == nil { shown += "\(dot)due \(DateInput.formatMinute(due, zone: zone))" }
                canvas.put(shown, x: x + 15, y: y, style: theme[role], maxWidth: w - 15)
            } else {
                canvas.put("—", x: x + 15, y: y, style: theme[.textMuted])
            }
            y += 1
        }
        let rule = String(repeating: ctx.capabilities.unicode ? "─" : "-", count: max(0, w))
        canvas.put(rule, x: x, y: y, style: theme[.paneBorder])
        y += 1
        let lines = timeline(ctx, d, width: w - 3)
        let height = inner.maxY - y
        guard height > 0 else { return }
        let first = max(0, min(screen.scroll, max(0, lines.count - height)))
        for (i, line) in lines.dropFirst(first).prefix(height).enumerated() {
            if !line.bar.isEmpty { canvas.put(line.bar, x: x, y: y + i, style: theme[line.barRole]) }
            canvas.put(line.text, x: x + 2, y: y + i, style: theme[line.role], maxWidth: w - 2)
        }
        if lines.count > height {
            let more = "\(first + 1)–\(min(lines.count, first + height)) of \(lines.count) lines"
            canvas.put(more, x: inner.maxX - DisplayWidth.of(more) - 1, y: rect.maxY - 1, style: theme[.textMuted])
        }
    }

    /// The header's word on a snooze: "snoozed until Tue 8 Dec 09:00", or "woke 2h ago: the
    /// requester replied" until an agent acts on the ticket.
    static func snoozeText(_ d: TicketDetail, now: Millis, settings: TeamSettings, dot: String) -> String {
        guard d.ticket.status.isOpen else { return "" }
        let zone = settings.zone
        switch TicketSnooze.state(wakeAt: d.wakeAt, now: now) {
        case .none: return ""
        case .snoozed(let until): return "\(dot)snoozed until \(TicketSnooze.describe(until, now: now, zone: zone))"
        case .woke(let at):
            let replied = d.ticket.snoozedUntil.map { at < $0 } ?? false
            return "\(dot)woke \(RelativeTime.agoPhrase(at, now: now))" + (replied ? ": the requester replied" : "")
        }
    }

    /// The timeline as display lines, oldest first, wrapped to `width`.
    static func timeline(_ ctx: ViewContext, _ d: TicketDetail, width: Int) -> [Line] {
        let unicode = ctx.capabilities.unicode
        let dot = unicode ? " · " : " - "
        let zone = ctx.settings.zone
        var lines: [Line] = []
        func when(_ at: Millis) -> String { DateInput.formatMinute(at, zone: zone) }
        let solid = unicode ? "▌" : "|"
        let dashed = unicode ? "┆" : ":"
        // The original request.
        lines.append(Line(text: "\(d.requesterHandle ?? "requester")\(dot)\(when(d.ticket.createdAt))\(dot)request", role: .textMuted, bar: solid, barRole: .textAccent))
        for l in wrap(d.ticket.body, width: width) { lines.append(Line(text: l, role: .ticketPublic, bar: solid, barRole: .textAccent)) }
        lines.append(Line(text: "", role: .text))
        // Where a snooze ended by itself (derived, never stored), after what happened before it.
        var endings = TicketSnooze.endings(events: d.events.map(\.event), now: ctx.now)[...]
        func flushEndings(before at: Millis?) {
            while let end = endings.first, at.map({ end.at < $0 }) ?? true {
                lines.append(Line(text: "\(when(end.at))  \(end.text)", role: .textAccent))
                endings.removeFirst()
            }
        }
        // Automations that acted (issue 24): which rule, on which laptop, what it did.
        var firings = d.firings[...]
        func flushFirings(through at: Millis?) {
            while let f = firings.first, at.map({ f.at <= $0 }) ?? true {
                let laptop = f.device.isEmpty ? "" : " on \(TerminalText.sanitize(f.device))"
                lines.append(Line(text: "\(when(f.at))  rule \"\(TerminalText.sanitize(f.rule))\" fired\(laptop): \(TerminalText.sanitize(f.summary))", role: .textAccent))
                firings.removeFirst()
            }
        }
        for row in d.events {
            let e = row.event
            flushEndings(before: e.at)
            flushFirings(through: e.at)
            // A rule's writes say which rule (their reason), not "system".
            let ruleName = e.actor == .system ? e.reason.flatMap { $0.hasPrefix("rule ") ? TerminalText.sanitize($0) : nil } : nil
            let who = row.authorHandle ?? ruleName ?? (e.actor == .requester ? (d.requesterHandle ?? "requester") : e.actor.rawValue)
            switch e.kind {
            case .reply:
                let title = e.actor == .requester ? "\(who)\(dot)\(when(e.at))\(dot)message" : "\(who)\(dot)\(when(e.at))\(dot)public reply"
                lines.append(Line(text: title, role: .textMuted, bar: solid, barRole: e.actor == .requester ? .textAccent : .slaOK))
                for l in wrap(e.body ?? "", width: width) { lines.append(Line(text: l, role: .ticketPublic, bar: solid, barRole: e.actor == .requester ? .textAccent : .slaOK)) }
                lines.append(Line(text: "", role: .text))
            case .note:
                lines.append(Line(text: "\(who)\(dot)\(when(e.at))\(dot)internal note (not sent)", role: .ticketInternal, bar: dashed, barRole: .ticketInternal))
                for l in wrap(e.body ?? "", width: width) { lines.append(Line(text: l, role: .ticketInternal, bar: dashed, barRole: .ticketInternal)) }
                lines.append(Line(text: "", role: .text))
            case .status:
                lines.append(Line(text: "\(when(e.at))  \(who) set status \(e.fromValue.map { "\($0) → " } ?? "")\(e.toValue ?? "?")", role: .textMuted))
            case .assignment:
                if e.actor == .system, let reason = e.reason {
                    // A team rule's hand-out says why (issue 24).
                    let why = reason.hasPrefix("assigned by rule ") ? String(reason.dropFirst("assigned by rule ".count))
                        : reason.hasPrefix("rule ") ? String(reason.dropFirst("rule ".count)) : reason
                    lines.append(Line(text: "\(when(e.at))  assigned to \(e.toValue ?? "nobody") by rule \(TerminalText.sanitize(why))", role: .textMuted))
                } else {
                    lines.append(Line(text: "\(when(e.at))  \(who) assigned to \(e.toValue ?? "nobody")", role: .textMuted))
                }
            case .priority:
                lines.append(Line(text: "\(when(e.at))  \(who) set priority \(e.fromValue.map { "\($0) → " } ?? "")\(e.toValue ?? "?")", role: .textMuted))
            case .escalation:
                lines.append(Line(text: "\(when(e.at))  \(who) escalated to tier \(e.toValue ?? "2"): \(TerminalText.sanitize(e.reason ?? ""))", role: .slaWarning))
            case .csat:
                lines.append(Line(text: "\(when(e.at))  rated \(e.toValue ?? "?")\(e.body.map { ": " + TerminalText.sanitize($0) } ?? "")",
                                  role: e.toValue == CSAT.bad.rawValue ? .kpiBad : .kpiGood))
            case .merge:
                lines.append(Line(text: "\(when(e.at))  \(who) merged: \(e.toValue ?? "")", role: .textMuted))
            case .snooze:
                let text = TicketSnooze.decode(e.toValue).map { "snoozed until \(TicketSnooze.describe($0, now: ctx.now, zone: zone))" } ?? "unsnoozed"
                lines.append(Line(text: "\(when(e.at))  \(who) \(text)", role: .textMuted))
            }
        }
        flushEndings(before: nil)
        flushFirings(through: nil)
        return lines
    }

    /// Wraps text to `width` display columns, keeping its paragraphs; control characters removed.
    static func wrap(_ text: String, width: Int) -> [String] {
        let w = max(10, width)
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in TerminalText.sanitize(String(paragraph)).split(separator: " ", omittingEmptySubsequences: false) {
                let ww = DisplayWidth.of(String(word))
                if lineWidth > 0 && lineWidth + 1 + ww > w {
                    out.append(line)
                    line = ""
                    lineWidth = 0
                }
                if lineWidth > 0 { line += " "; lineWidth += 1 }
                line += word
                lineWidth += ww
            }
            out.append(line)
        }
        while out.last?.isEmpty == true && out.count > 1 { out.removeLast() }
        return out
    }
}

extension ReplyFormState {
    static func draw(_ canvas: inout Canvas, _ model: Model, _ state: ReplyFormState) {
        let theme = model.theme
        let inner = DialogView.frame(&canvas, model, width: ReplyFormState.dialogWidth(model.width),
                                     height: state.dialogHeight(screenWidth: model.width, screenHeight: model.height), title: state.title, top: 2)
        let x = inner.x + 1
        let width = inner.width - 2
        var y = inner.y
        if let title = state.macroTitle {
            let effect = Macro.describe(MacroEffect(status: state.status, priority: state.macroPriority, addTags: state.macroTags))
            canvas.put("Macro \"\(TerminalText.sanitize(title))\": \(effect)", x: x, y: y, style: theme[.textAccent], maxWidth: width)
            y += 1
            if !state.unknownPlaceholders.isEmpty {
                canvas.put("left as typed (unknown): " + state.unknownPlaceholders.joined(separator: ", "), x: x, y: y, style: theme[.inputError], maxWidth: width)
                y += 1
            }
        }
        if state.isPublic {
            canvas.put(state.statusLine, x: x, y: y, style: theme[.overlayKey], maxWidth: width)
        } else {
            canvas.put("Only teammates see internal notes.", x: x, y: y, style: theme[.ticketInternal], maxWidth: width)
        }
        y += 2
        let rows = max(1, inner.maxY - y - 2)
        let place = DialogView.wrappedTextArea(&canvas, model, state.text, x: x, y: y, width: ReplyFormState.textWidth(model.width), height: rows,
                                               style: state.isPublic ? .input : .ticketInternal)
        let hint = state.error ?? "Ctrl-s send · Ctrl-e $EDITOR · Esc cancel · the draft is kept as you type"
        canvas.put(hint, x: x, y: inner.maxY - 1, style: theme[state.error == nil ? .textMuted : .inputError], maxWidth: width)
        // Where the cursor is, when the text is longer than the box.
        if place.total > rows {
            let at = "line \(place.row + 1)/\(place.total)"
            canvas.put(at, x: inner.maxX - DisplayWidth.of(at) - 1, y: inner.maxY, style: theme[.overlayBorder])
        }
    }
}
