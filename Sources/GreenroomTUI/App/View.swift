import GreenroomCore

/// Draws the whole screen from the model. Pure: the same model gives the same canvas.
public func view(_ model: Model) -> Canvas {
    var canvas = Canvas(width: model.width, height: model.height)
    if model.isTooSmall {
        drawTooSmall(&canvas, model)
        return canvas
    }
    let layout = model.layout
    drawHeader(&canvas, model, layout.header)
    switch model.screen {
    case .main:
        for pane in Pane.allCases {
            guard let rect = layout.rect(for: pane) else { continue }
            let ctx = model.paneContext(pane)
            switch pane {
            case .roster: RosterView.draw(&canvas, model.roster, ctx, rect)
            case .pipeline: PipelineView.draw(&canvas, model.pipeline, ctx, rect)
            case .tickets: TicketsView.draw(&canvas, model.tickets, summary: model.queueSummary, searching: model.busy[TicketsState.searchTask] != nil, ctx, rect)
            case .kpis: KPIView.draw(&canvas, model.kpis, computing: model.busy["KPIs"] != nil, ctx, rect)
            }
        }
    default:
        model.screen.component?.draw(&canvas, model.viewContext, layout.body)
    }
    drawStatus(&canvas, model, layout.status)
    switch model.overlay {
    case .help(let scroll)?: HelpOverlay.draw(&canvas, model, scroll: scroll)
    case .explain(let state)?: ExplainOverlay.draw(&canvas, model, state)
    case .palette(let state)?: PaletteOverlay.draw(&canvas, model, state: state)
    case .picker(let state)?: DialogView.drawPicker(&canvas, model, state)
    case .prompt(let state)?: DialogView.drawPrompt(&canvas, model, state)
    case .confirm(let state)?: DialogView.drawConfirm(&canvas, model, state)
    case .creatorForm(let state)?: CreatorFormState.draw(&canvas, model, state)
    case .activityForm(let state)?: ActivityFormState.draw(&canvas, model, state)
    case .qaForm(let state)?: QAFormState.draw(&canvas, model, state)
    case .coachingForm(let state)?: CoachingFormState.draw(&canvas, model, state)
    case .replyForm(let state)?: ReplyFormState.draw(&canvas, model, state)
    case .ticketForm(let state)?: TicketFormState.draw(&canvas, model, state)
    case .kb(let state)?: KBView.draw(&canvas, model, state)
    case .articleForm(let state, _)?: ArticleFormState.draw(&canvas, model, state)
    case nil: break
    }
    return canvas
}

/// The frame every pane shares: a box whose title carries the pane number, and heavy lines
/// when it has focus (so focus is visible without colour). Returns the inner rectangle.
func drawPaneFrame(_ canvas: inout Canvas, _ ctx: PaneContext, _ rect: Rect, pane: Pane, title: String) -> Rect {
    let focused = ctx.focused
    let unicode = ctx.capabilities.unicode
    let border: BorderSet = focused ? (unicode ? .heavy : .asciiHeavy) : (unicode ? .light : .ascii)
    canvas.fill(rect, style: ctx.theme[.text])
    canvas.box(rect, title: "\(pane.number) \(title)", border: border,
               borderStyle: ctx.theme[focused ? .paneBorderFocused : .paneBorder],
               titleStyle: ctx.theme[focused ? .paneTitleFocused : .paneTitle])
    return rect.inset(1)
}

/// Highlights the cursor row of a list.
func highlightRow(_ canvas: inout Canvas, _ model: Model, x: Int, y: Int, width: Int, focused: Bool) {
    ScreenList.highlight(&canvas, model.viewContext, x: x, y: y, width: width, focused: focused)
}

private func drawHeader(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
    let style = model.theme[.header]
    canvas.fill(rect, style: style)
    let dot = model.capabilities.unicode ? " · " : " - "
    var x = canvas.put(" Greenroom", x: 0, y: rect.y, style: model.theme[.headerTitle])
    let me = model.me.map { "me \($0)" } ?? "me (not set: --as @handle)"
    x += canvas.put(dot + model.settings.team.name + dot + me, x: x, y: rect.y, style: style, maxWidth: rect.width - x)
    var sync = model.lastSyncAt.map { at -> String in
        let ago = RelativeTime.ago(at, now: model.now)
        return ago == "now" ? "synced just now" : "synced \(ago) ago"
    } ?? "never synced"
    if model.openConflictCount > 0 {
        sync += dot + "\(model.openConflictCount) conflict\(model.openConflictCount == 1 ? "" : "s") (:conflicts)"
    }
    let right = sync + " "
    let rw = DisplayWidth.of(right)
    if x + rw + 2 <= rect.width {
        canvas.put(right, x: rect.width - rw, y: rect.y, style: style)
    }
}

private func drawStatus(_ canvas: inout Canvas, _ model: Model, _ rect: Rect) {
    canvas.fill(rect, style: model.theme[.status])
    let mode: String
    switch model.overlay {
    case .help?: mode = " HELP "
    case .explain?: mode = " KPI "
    case .palette?: mode = " COMMAND "
    case .picker?, .prompt?, .confirm?: mode = " CHOOSE "
    case .creatorForm?, .activityForm?, .replyForm?, .ticketForm?, .articleForm?, .qaForm?, .coachingForm?: mode = " EDIT "
    case .kb?: mode = " KB "
    case nil:
        if model.roster.input != nil && model.focus == .roster && model.screen == .main { mode = " FILTER " }
        else if model.tickets.input != nil && model.focus == .tickets && model.screen == .main { mode = " FILTER " }
        else if let component = model.screen.component, let own = component.mode { mode = own }
        else { mode = model.zoomed ? " ZOOM " : " NORMAL " }
    }
    var x = canvas.put(mode, x: 0, y: rect.y, style: model.theme[.statusMode])
    x += 1
    // Long work in progress, at the right end.
    var right = 0
    let inline = model.screen.component?.inlineTasks ?? []
    if model.busy.keys.contains(where: { !inline.contains($0) }) {
        let spinner = model.capabilities.unicode ? "⟳ " : "* "
        let tasks = model.busy.keys.filter { !inline.contains($0) }.sorted().map { $0 == "sync" ? (model.syncProgress ?? "sync") : $0 }
        let label = spinner + tasks.joined(separator: ", ") + "… "
        right = DisplayWidth.of(label)
        if x + right < rect.width {
            canvas.put(label, x: rect.width - right, y: rect.y, style: model.theme[.statusToast])
        } else {
            right = 0
        }
    }
    let room = max(0, rect.width - x - right - 1)
    if model.overlay == nil, model.screen == .main, model.roster.input != nil, let error = model.roster.filterError {
        canvas.put(error.message, x: x, y: rect.y, style: model.theme[.statusError], maxWidth: room)
        return
    }
    if model.overlay == nil, model.screen == .main, model.focus == .tickets, model.tickets.input != nil, let error = model.tickets.filterError {
        canvas.put(error.message, x: x, y: rect.y, style: model.theme[.statusError], maxWidth: room)
        return
    }
    if let toast = model.toast {
        canvas.put(toast.text, x: x, y: rect.y, style: model.theme[toast.kind == .error ? .statusError : .statusToast], maxWidth: room)
        return
    }
    canvas.put(statusHints(model), x: x, y: rect.y, style: model.theme[.status], maxWidth: room)
}

/// Hints built from the key map, so they follow the user's bindings.
func statusHints(_ model: Model) -> String {
    func k(_ a: Action) -> String { model.keyMap.keys(for: a).first?.label ?? "—" }
    let dot = model.capabilities.unicode ? " · " : " - "
    switch model.overlay {
    case .help?: return ["\(k(.down))/\(k(.up)) scroll", "Esc close"].joined(separator: dot)
    case .explain?: return ["\(k(.help)) every key", "Esc close"].joined(separator: dot)
    case .palette?:
        return ["type to filter", "\(k(.pickerPrevious))/\(k(.pickerNext)) choose", "\(k(.pickerChoose)) run", "view save NAME", "\(k(.pickerCancel)) close"]
            .joined(separator: dot)
    case .picker?:
        return ["type to narrow", "\(k(.pickerPrevious))/\(k(.pickerNext)) choose", "\(k(.pickerChoose)) pick", "\(k(.pickerCancel)) cancel"].joined(separator: dot)
    case .prompt?: return ["\(k(.promptSubmit)) continue", "\(k(.promptCancel)) cancel"].joined(separator: dot)
    case .confirm(let state)?:
        if case .acceptDeletes = state.action {
            return ["\(k(.confirmYes)) apply the deletes", "\(k(.confirmKeep)) keep the records", "\(k(.confirmNo)) decide later"].joined(separator: dot)
        }
        return ["\(k(.confirmYes)) yes", "\(k(.confirmNo)) no"].joined(separator: dot)
    case .creatorForm?, .activityForm?, .qaForm?, .coachingForm?: return ["\(k(.formSave)) save", "\(k(.formNext)) next field", "\(k(.formCancel)) cancel"].joined(separator: dot)
    case .replyForm?:
        return ["\(k(.formSave)) send", "\(k(.formEditor)) $EDITOR", "\(k(.formNext)) status", "\(k(.formCancel)) cancel"].joined(separator: dot)
    case .ticketForm?: return ["\(k(.formSave)) create", "\(k(.formNext)) next field", "\(k(.formCancel)) cancel"].joined(separator: dot)
    case .articleForm?:
        return ["\(k(.formSave)) save", "\(k(.formNext)) next field", "Space change", "\(k(.formCancel)) cancel"].joined(separator: dot)
    case .kb?: return ["type to search", "\(k(.kbEdit)) edit", "\(k(.formNew)) new", "\(k(.formCancel)) close"].joined(separator: dot)
    case nil:
        if let component = model.screen.component { return component.hints(model.viewContext) }
        if model.tickets.input != nil && model.focus == .tickets {
            return ["type to filter: status:open priority:urgent category:rewards_payout tier:2 assignee:@me requester:@mila", "Enter keep", "Esc clear"].joined(separator: dot)
        }
        if model.pipeline.input != nil && model.focus == .pipeline {
            return ["type to filter the board: owner:@ana market:MY source:event", "Enter keep", "Esc clear"].joined(separator: dot)
        }
        if model.roster.input != nil && model.focus == .roster {
            return ["type to filter: stage:lead market:MX owner:@ana tag:smb idle:>7d live7d:<2h", "Enter keep", "Esc clear"].joined(separator: dot)
        }
        var hints = ["\(k(.focusNext)) panes"]
        switch model.focus {
        case .roster:
            hints += ["\(k(.open)) open", "\(k(.filter)) filter", "\(k(.sortNext)) sort", "\(k(.views)) views", "\(k(.toggleSelect)) select"]
        case .pipeline:
            if model.pipeline.showFunnel {
                hints += ["\(k(.funnelWindow)) 30/90 days", "\(k(.funnel)) board", "\(k(.boardFilter)) filter"]
            } else {
                hints += ["\(k(.moveCardLeft))/\(k(.moveCardRight)) move", "\(k(.moveCardTo)) stage", "\(k(.open)) open", "\(k(.boardFilter)) filter",
                          "\(k(.funnel)) funnel", "\(k(.boardSelect)) select"]
            }
        case .tickets:
            hints += ["\(k(.open)) open", "\(k(.ticketViews)) views", "\(k(.ticketFilter)) filter", "\(k(.reply)) reply", "\(k(.assignToMe)) take",
                      "\(k(.setStatus)) status", "\(k(.ticketSelect)) select"]
        case .kpis:
            hints += ["\(k(.open)) drill down", "\(k(.kpiUnitNext)) days/weeks/months", "\(k(.kpiToDate)) so far", "\(k(.zoom)) zoom"]
        }
        hints += ["\(k(.palette)) command", model.focus == .kpis ? "\(k(.help)) explain" : "\(k(.help)) help"]
        return hints.joined(separator: dot)
    }
}

private func drawTooSmall(_ canvas: inout Canvas, _ model: Model) {
    let times = model.capabilities.unicode ? "×" : "x"
    let lines = ["terminal too small (need \(Model.minimumWidth)\(times)\(Model.minimumHeight))",
                 "now \(model.width)\(times)\(model.height) \(model.capabilities.unicode ? "·" : "-") q quits"]
    let top = max(0, (model.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
        let w = DisplayWidth.of(line)
        canvas.put(line, x: max(0, (model.width - w) / 2), y: top + i, style: model.theme[i == 0 ? .statusError : .textMuted])
    }
}
