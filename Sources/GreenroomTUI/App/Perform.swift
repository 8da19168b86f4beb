import GreenroomCore

/// Performs a bound action.
func perform(_ model: inout Model, _ action: Action) -> [Command] {
    // The screen's own keys first; then what it asked of the root.
    if var component = model.screen.component {
        var env = model.screenEnv
        if let commands = component.perform(action, &env) {
            model.screen = component.screen
            return commands + env.asks.flatMap { model.answer($0) }
        }
    }
    // The registered screens' opening actions.
    if let commands = model.openScreen(for: action) { return commands }
    switch action {
    case .quit:
        model.quitting = true
        return [.quit]
    case .help:
        // On a KPI row (the pane, the Review, a KPI's drill-down): what that number counts.
        if let lines = model.kpiExplanationUnderCursor() {
            model.overlay = .explain(ExplainState(lines: lines))
        } else {
            model.overlay = .help(scroll: 0)
        }
        return []
    case .palette:
        model.overlay = .palette(PaletteState())
        return []
    case .back:
        return model.back()
    case .redraw:
        return [.redraw]
    case .undo:
        return model.undo()
    case .redo:
        return model.redo()
    case .focusNext:
        return model.screen == .main ? model.setFocus(model.focus.next) : []
    case .focusPrevious:
        return model.screen == .main ? model.setFocus(model.focus.previous) : []
    case .focusRoster:
        return model.screen == .main ? model.setFocus(.roster) : []
    case .focusPipeline:
        return model.screen == .main ? model.setFocus(.pipeline) : []
    case .focusTickets:
        return model.screen == .main ? model.setFocus(.tickets) : []
    case .focusKPIs:
        return model.screen == .main ? model.setFocus(.kpis) : []
    case .zoom:
        guard model.screen == .main else { return [] }
        model.zoomed.toggle()
        model.clampScroll()
        return model.loadsNeeded()
    case .open:
        return model.openCurrent()
    case .down, .up, .top, .bottom, .halfPageDown, .halfPageUp, .pageDown, .pageUp:
        return model.moveCursor(action)
    case .columnLeft, .columnRight, .moveCardLeft, .moveCardRight, .moveCardTo, .boardSelect, .boardFilter, .toggleSide, .funnel, .funnelWindow:
        return model.boardAction(action)
    case .filter, .ticketFilter:
        return model.openFilter(for: action)
    case .sortNext, .sortReverse, .views, .toggleSelect, .selectAll, .bulk:
        return model.rosterAction(action)
    case .ticketViews, .ticketSelect, .ticketSelectAll, .ticketSortNext, .ticketSortPrevious:
        return model.ticketsAction(action)
    case .reply, .note, .setStatus, .setPriority, .assign, .assignToMe, .escalate, .mergeTicket, .recordCSAT, .tagTicket, .macro,
         .snoozeTicket, .unsnoozeTicket, .moveToTeam:
        return model.triage(action)
    case .qaReview:
        return model.openQAForm()
    case .knowledgeBase:
        return model.openKB()
    case .kpiUnitPrevious, .kpiUnitNext:
        guard model.screen == .main, model.focus == .kpis else { return [] }
        return model.switchKPIUnit(forward: action == .kpiUnitNext)
    case .kpiToDate:
        guard model.screen == .main, model.focus == .kpis else { return [] }
        return model.toggleKPIToDate()
    case .sync:
        return model.startSync()
    case .newTicket:
        guard model.screen == .main, model.focus == .tickets else { return [] }
        model.overlay = .ticketForm(TicketFormState())
        return []
    case .newCreator, .editCreator, .deleteCreator, .addActivity:
        return model.creatorAction(action)
    case .detailStageBack, .detailStageOn, .detailStageTo:
        return model.creatorStageAction(action)
    case .toggleDone:
        return model.toggleFollowUpDone()
    default:
        // Taken by a screen, the open form or dialog, or by nothing here.
        return []
    }
}
