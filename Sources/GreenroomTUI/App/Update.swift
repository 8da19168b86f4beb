import GreenroomCore

/// The whole program's behaviour: a pure function from a message to a changed model and the
/// effects to run. It never does I/O; read it to learn what every key does.
public func update(_ model: inout Model, _ msg: Msg) -> [Command] {
    switch msg {
    case .key(let key):
        return handleKey(&model, key)

    case .perform(let action):
        return perform(&model, action)

    case .mouse(let event):
        return handleMouse(&model, event)

    case .paste(let text):
        return handlePaste(&model, text)

    case .resize(let width, let height):
        model.width = max(1, width)
        model.height = max(1, height)
        model.clampScroll()
        return model.loadsNeeded()

    case .tick(let now, let monotonic):
        let minuteChanged = now / Time.minute != model.now / Time.minute
        let quarterChanged = now / (15 * Time.minute) != model.now / (15 * Time.minute)
        model.now = now
        model.monotonic = monotonic
        if let toast = model.toast, toast.expires <= monotonic { model.toast = nil }
        guard minuteChanged else { return [] }
        // Countdowns and "breaching" counts move with the clock; roster statistics too, slower.
        return model.refreshCommands() + (quarterChanged ? [.refreshStats(maxAge: 15 * Time.minute)] : [])

    case .settingsLoaded(let settings):
        model.settings = settings
        guard model.pipeline.columns.map(\.stage) != model.boardStages else { return [] }
        return [model.loadBoard(offsets: [:])]

    case .headerLoaded(let lastSyncAt, let conflicts):
        model.lastSyncAt = lastSyncAt
        model.openConflictCount = conflicts
        return []

    case .directoryLoaded(let members, let networks):
        model.members = members
        model.networks = networks
        return []

    case .rosterLoaded(let query, let total, let unfiltered, let offset, let rows):
        guard query == model.rosterQuery else { return [] } // a reply to a filter since changed
        model.roster.list.apply(total: total, offset: offset, rows: rows, height: model.rosterHeight)
        model.roster.unfilteredTotal = unfiltered
        return model.roster.list.neededLoad(height: model.rosterHeight) == nil ? [] : model.loadsNeeded()

    case .pipelineLoaded(let query, let counts, let columns):
        return model.pipelineLoaded(query: query, counts: counts, columns: columns)

    case .pipelineColumnLoaded(let query, let stage, let count, let offset, let cards):
        return model.pipelineColumnLoaded(query: query, stage: stage, count: count, offset: offset, cards: cards)

    case .cardLocated(let id, let stage, let index):
        return model.cardLocated(creatorID: id, stage: stage, index: index)

    case .funnelLoaded(let report):
        model.pipeline.funnel = report
        return []

    case .ticketsLoaded(let query, let total, let summary, let offset, let rows):
        return model.ticketsLoaded(query: query, total: total, summary: summary, offset: offset, rows: rows)

    case .ticketDetailLoaded(let id, let detail):
        return model.ticketDetailLoaded(id: id, detail: detail)

    case .articlesLoaded(let articles, let macrosOnly):
        if macrosOnly { model.macrosLoaded(articles); return [] }
        return model.articlesLoaded(articles, macrosOnly: false)

    case .articleSaved(let title):
        if case .articleForm(let f, let back)? = model.overlay, f.saving {
            model.overlay = .kb(back ?? KBState())
        }
        model.showToast("Saved \"\(title)\"", kind: .info)
        return [.loadArticles(macrosOnly: false)]

    case .todayLoaded(let report):
        return model.todayLoaded(report)

    case .macroPrepared(let form):
        model.overlay = .replyForm(form)
        return []

    case .ticketSelectionLoaded(let ids):
        model.tickets.selection = Set(ids)
        model.showToast("Selected \(NumberFormat.grouped(ids.count)) ticket\(ids.count == 1 ? "" : "s") · s p a e act on all", kind: .info)
        return []

    case .kpisLoaded(let unit, let series, let toDate):
        return model.kpisLoaded(unit: unit, series: series, toDate: toDate)
    case .drillLoaded(let request, let result):
        return model.drillLoaded(request, result)
    case .reviewLoaded(let week, let review):
        return model.reviewLoaded(week: week, review)
    case .cohortsLoaded(let table):
        return model.cohortsLoaded(table)
    case .syncProgress(let text):
        if model.syncProgress != nil { model.syncProgress = text }
        return []
    case .syncFinished(let summary, let failed):
        return model.syncFinished(summary, failed: failed)
    case .conflicts(let msg):
        return model.conflicts(msg)
    case .trash(let msg):
        return model.updateScreen(TrashScreen.self) { $0.update(msg).map(Command.trash) }
    case .deletesHeld(let rows):
        return model.deletesHeld(rows)
    case .campaignsLoaded(let rows):
        return model.campaignsLoaded(rows)
    case .campaignDetailLoaded(let id, let detail):
        return model.campaignDetailLoaded(id: id, detail)
    case .campaignPageLoaded(let id, let listing, let page):
        return model.campaignPageLoaded(id: id, listing: listing, page)
    case .campaignDailyLoaded(let id, let daily):
        return model.campaignDailyLoaded(id: id, daily)
    case .campaignPlanLoaded(let id, let plan):
        return model.campaignPlanLoaded(id: id, plan)
    case .enrolled(let summary):
        return model.enrolled(summary)
    case .campaignChanged(let summary):
        model.showToast(summary, kind: .info)
        return model.reloadCommands(for: model.screen)

    case .creatorDetailLoaded(let id, let detail):
        return model.creatorDetailLoaded(id: id, detail: detail)

    case .applied(let inverse, let mode):
        return model.applied(inverse: inverse, mode: mode)

    case .formErrors(let errors):
        if case .creatorForm(var form)? = model.overlay {
            form.errors = errors
            form.saving = false
            if let first = CreatorFormState.order.first(where: { errors[$0] != nil }) { form.focus = first }
            model.overlay = .creatorForm(form)
        }
        return []

    case .selectionLoaded(let ids):
        model.roster.selection = Set(ids)
        model.showToast("Selected \(NumberFormat.grouped(ids.count)) creator\(ids.count == 1 ? "" : "s") · B for bulk actions", kind: .info)
        return []

    case .editorReturned(let target, let text):
        switch (target, model.overlay) {
        case (.creatorNotes, .creatorForm(var form)?):
            form.notes.replace(with: text)
            model.overlay = .creatorForm(form)
        case (.activitySummary, .activityForm(var form)?):
            form.summary.replace(with: text)
            model.overlay = .activityForm(form)
        case (.ticketReply, .replyForm(var form)?):
            form.text.replace(with: text)
            model.overlay = .replyForm(form)
        default:
            break
        }
        return []

    case .statsRefreshed:
        return model.reloadRoster()

    case .notice(let text):
        switch model.overlay {
        case .creatorForm(let f)? where f.saving: model.overlay = nil
        case .activityForm(let f)? where f.saving: model.overlay = nil
        case .replyForm(let f)? where f.saving: model.overlay = nil
        case .ticketForm(let f)? where f.saving: model.overlay = nil
        default: break
        }
        model.showToast(text, kind: .info)
        return []

    case .failed(let reason):
        model.stopSaving()
        model.showToast(reason, kind: .error)
        return []

    case .backgroundStarted(let task):
        model.busy[task, default: 0] += 1
        return []

    case .backgroundFinished(let task):
        let left = (model.busy[task] ?? 1) - 1
        model.busy[task] = left > 0 ? left : nil
        return []
    }
}

/// The commands that fill a freshly started model.
public func initialCommands(_ model: Model) -> [Command] {
    [.loadSettings, .loadHeader, .loadDirectory] + model.loadsNeeded()
        + [.loadKPIs(unit: model.kpis.unit, toDate: model.kpis.toDate), .refreshStats(maxAge: 15 * Time.minute)]
}

private func handleKey(_ model: inout Model, _ key: Key) -> [Command] {
    // Raw mode: the program owns Ctrl-c and Ctrl-z.
    if key == .ctrl("c") { model.quitting = true; return [.quit] }
    if key == .ctrl("z") { return [.suspend] }

    if let overlay = model.overlay {
        return handleOverlayKey(&model, key, overlay)
    }
    if model.roster.input != nil && model.screen == .main && model.focus == .roster {
        return handleFilterKey(&model, key)
    }
    if model.pipeline.input != nil && model.screen == .main && model.focus == .pipeline {
        return handleBoardFilterKey(&model, key)
    }
    if model.tickets.input != nil && model.screen == .main && model.focus == .tickets {
        return handleTicketFilterKey(&model, key)
    }
    guard let action = model.keyMap.action(for: key, in: model.keyContexts) else {
        return []
    }
    return perform(&model, action)
}

private func handlePaste(_ model: inout Model, _ text: String) -> [Command] {
    switch model.overlay {
    case .palette(var s)?: s.input.insert(text); model.overlay = .palette(s)
    case .picker(var s)?: s.input.insert(text); s.selected = 0; model.overlay = .picker(s)
    case .prompt(var s)?: s.input.insert(text); model.overlay = .prompt(s)
    case .creatorForm(var s)?: s.paste(text); model.overlay = .creatorForm(s)
    case .activityForm(var s)?: s.paste(text); model.overlay = .activityForm(s)
    case .replyForm(var s)?: s.text.insert(text); model.overlay = .replyForm(s)
    case .ticketForm(var s)?: s.paste(text); model.overlay = .ticketForm(s)
    case .articleForm(var s, let back)?: s.paste(text); model.overlay = .articleForm(s, back: back)
    case .kb(var s)?: s.input.insert(text); s.selected = 0; model.overlay = .kb(s)
    case .help?, .confirm?, .explain?: break
    case nil:
        if model.roster.input != nil && model.focus == .roster {
            model.roster.input?.insert(text)
            return model.filterChanged()
        }
        if model.pipeline.input != nil && model.focus == .pipeline {
            model.pipeline.input?.insert(text)
            return model.boardFilterChanged()
        }
        if model.tickets.input != nil && model.focus == .tickets {
            model.tickets.input?.insert(text)
            return model.ticketFilterChanged()
        }
    }
    return []
}

/// Performs a bound action.
func perform(_ model: inout Model, _ action: Action) -> [Command] {
    // The screen's own keys first (movement and its actions).
    if var component = model.screen.component, let commands = component.perform(action, model.screenEnv) {
        model.screen = component.screen
        return commands
    }
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
        guard let set = model.undoStack.popLast() else {
            model.showToast("Nothing to undo", kind: .info)
            return []
        }
        return [.apply(set, mode: .undo)]
    case .redo:
        guard let set = model.redoStack.popLast() else {
            model.showToast("Nothing to redo", kind: .info)
            return []
        }
        return [.apply(set, mode: .redo)]
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
        if case .creator = model.screen { return model.moveDetailCursor(action) }
        if case .ticket = model.screen { return model.moveTicketScroll(action) }
        if case .today = model.screen { return model.moveTodayCursor(action) }
        if case .campaigns = model.screen { return model.moveCampaignCursor(action) }
        switch model.screen {
        case .drill, .review, .cohorts: return model.moveScreenCursor(action)
        default: break
        }
        return model.moveCursor(action)
    case .columnLeft, .columnRight, .moveCardLeft, .moveCardRight, .moveCardTo, .boardSelect, .boardFilter, .toggleSide, .funnel, .funnelWindow:
        return model.boardAction(action)
    case .filter, .sortNext, .sortReverse, .views, .toggleSelect, .selectAll, .bulk:
        return model.rosterAction(action)
    case .ticketFilter, .ticketViews, .ticketSelect, .ticketSelectAll:
        return model.ticketsAction(action)
    case .reply, .note, .setStatus, .setPriority, .assign, .assignToMe, .escalate, .mergeTicket, .recordCSAT, .tagTicket, .macro:
        return model.triage(action)
    case .knowledgeBase:
        return model.openKB()
    case .today:
        return model.openToday()
    case .todayScope:
        return model.toggleTodayScope()
    case .kpiUnitPrevious, .kpiUnitNext:
        guard model.screen == .main, model.focus == .kpis else { return [] }
        return model.switchKPIUnit(forward: action == .kpiUnitNext)
    case .kpiToDate:
        guard model.screen == .main, model.focus == .kpis else { return [] }
        return model.toggleKPIToDate()
    case .review:
        return model.openReview()
    case .reviewPreviousWeek, .reviewNextWeek:
        return model.moveReviewWeek(forward: action == .reviewNextWeek)
    case .cohorts:
        return model.openCohorts()
    case .cohortLeft, .cohortRight:
        return model.moveCohortColumn(action == .cohortRight ? 1 : -1)
    case .sync:
        return model.startSync()
    case .conflicts:
        return model.openConflicts()
    case .keepCurrent, .restoreLost:
        return [] // taken by the conflicts screen
    case .trash:
        return model.openTrash()
    case .restoreFromTrash:
        return [] // taken by the trash screen
    case .campaigns:
        return model.openCampaigns()
    case .campaignAtRisk, .campaignPlan, .campaignTarget, .campaignUnenrol:
        return model.campaignAction(action)
    case .newTicket:
        guard model.screen == .main, model.focus == .tickets else { return [] }
        model.overlay = .ticketForm(TicketFormState())
        return []
    case .newCreator, .editCreator, .deleteCreator, .addActivity:
        return model.creatorAction(action)
    case .toggleDone:
        return model.toggleFollowUpDone()
    }
}

extension Model {
    mutating func setFocus(_ pane: Pane) -> [Command] {
        focus = pane
        clampScroll()
        return loadsNeeded()
    }

    mutating func showToast(_ text: String, kind: Toast.Kind, seconds: Double = 4) {
        toast = Toast(text: text, kind: kind, expires: monotonic + seconds)
    }

    /// `Esc`: leave the detail screen, else clear the selection, the filter, or the zoom.
    mutating func back() -> [Command] {
        if let component = screen.component {
            focus = component.returnFocus
            screen = .main
            clampScroll()
            return loadsNeeded()
        }
        switch screen {
        case .campaigns:
            return campaignsBack()
        case .today, .review, .cohorts:
            focus = returnFocusForScreens
            screen = .main
            clampScroll()
            return loadsNeeded()
        case .drill(let s):
            focus = s.returnFocus
            screen = s.returnTo ?? .main
            clampScroll()
            return reloadCommands(for: screen)
        default:
            break
        }
        if case .creator(let s) = screen, s.returnTicket == nil, let back = s.returnTo {
            screen = back
            return reloadCommands(for: back)
        }
        if case .ticket(let s) = screen, let back = s.returnTo {
            screen = back
            return reloadCommands(for: back)
        }
        if case .creator(let s) = screen, let ticket = s.returnTicket {
            screen = .ticket(ticket)
            return [.loadTicketDetail(id: ticket.id)]
        }
        if case .creator(let s) = screen {
            screen = .main
            focus = s.returnFocus
            clampScroll()
            return loadsNeeded()
        }
        if case .ticket(let s) = screen {
            screen = .main
            focus = s.returnFocus
            clampScroll()
            return reloadTickets()
        }
        if focus == .tickets && !tickets.selection.isEmpty {
            tickets.selection.removeAll()
            showToast("Selection cleared", kind: .info)
            return []
        }
        if focus == .tickets && !tickets.filterText.isEmpty {
            tickets.filterText = ""
            tickets.filterError = nil
            return setTicketFilter(.all)
        }
        if focus == .pipeline && pipeline.showFunnel {
            pipeline.showFunnel = false
            return loadsNeeded()
        }
        if focus == .pipeline && !pipeline.selection.isEmpty {
            pipeline.selection.removeAll()
            showToast("Selection cleared", kind: .info)
            return []
        }
        if focus == .pipeline && !pipeline.filterText.isEmpty {
            pipeline.filterText = ""
            pipeline.filterError = nil
            return setBoardFilter(.all)
        }
        if focus == .roster && !roster.selection.isEmpty {
            roster.selection.removeAll()
            showToast("Selection cleared", kind: .info)
            return []
        }
        if focus == .roster && (!roster.filterText.isEmpty || roster.viewName != nil) {
            roster.filterText = ""
            roster.viewName = nil
            roster.filterError = nil
            return setRosterFilter(.all)
        }
        if zoomed {
            zoomed = false
            clampScroll()
            return loadsNeeded()
        }
        return []
    }

    /// Forms waiting for a save give the keys back after a failure.
    mutating func stopSaving() {
        switch overlay {
        case .creatorForm(var f)?: f.saving = false; overlay = .creatorForm(f)
        case .activityForm(var f)?: f.saving = false; overlay = .activityForm(f)
        case .replyForm(var f)?: f.saving = false; overlay = .replyForm(f)
        case .ticketForm(var f)?: f.saving = false; overlay = .ticketForm(f)
        case .articleForm(var f, let back)?: f.saving = false; f.error = nil; overlay = .articleForm(f, back: back)
        default: break
        }
    }

    /// The new cursor index for a movement in a list of `total` rows showing `height`.
    static func target(of action: Action, cursor: Int, total: Int, height: Int) -> Int {
        switch action {
        case .down: return cursor + 1
        case .up: return cursor - 1
        case .top: return 0
        case .bottom: return total - 1
        case .halfPageDown: return cursor + max(1, height / 2)
        case .halfPageUp: return cursor - max(1, height / 2)
        case .pageDown: return cursor + max(1, height)
        case .pageUp: return cursor - max(1, height)
        default: return cursor
        }
    }

    mutating func moveCursor(_ action: Action) -> [Command] {
        switch focus {
        case .roster:
            let h = rosterHeight
            roster.list.moveCursor(to: Model.target(of: action, cursor: roster.list.cursor, total: roster.list.total, height: h), height: h)
        case .tickets:
            let h = ticketsHeight
            tickets.list.moveCursor(to: Model.target(of: action, cursor: tickets.list.cursor, total: tickets.list.total, height: h), height: h)
        case .pipeline:
            guard pipeline.columns.indices.contains(pipeline.focusedColumn) else { return [] }
            let h = layout.boardHeight
            var column = pipeline.columns[pipeline.focusedColumn]
            column.cards.moveCursor(to: Model.target(of: action, cursor: column.cards.cursor, total: column.cards.total, height: h), height: h)
            pipeline.columns[pipeline.focusedColumn] = column
        case .kpis:
            let total = kpis.series.count
            kpis.cursor = total == 0 ? 0 : max(0, min(total - 1, Model.target(of: action, cursor: kpis.cursor, total: total, height: total)))
        }
        return loadsNeeded()
    }

    /// Rows of creators the roster pane shows (less the filter line).
    var rosterHeight: Int { max(1, layout.listHeight(for: .roster) - roster.filterLines) }

    var rosterQuery: RosterQuery { RosterQuery(filter: roster.filter, sort: roster.sort, me: me) }

    /// Keeps every list's scroll position valid for the current pane sizes.
    mutating func clampScroll() {
        roster.list.scrollToCursor(height: rosterHeight)
        tickets.list.scrollToCursor(height: ticketsHeight)
        let h = layout.boardHeight
        for i in pipeline.columns.indices { pipeline.columns[i].cards.scrollToCursor(height: h) }
    }

    /// Loads for any list whose visible rows are not all in memory.
    func loadsNeeded() -> [Command] {
        var commands: [Command] = []
        if let load = roster.list.neededLoad(height: rosterHeight) {
            commands.append(.loadRoster(rosterQuery, offset: load.offset, limit: load.limit))
        }
        if let load = tickets.list.neededLoad(height: ticketsHeight) {
            commands.append(.loadTickets(ticketQuery, offset: load.offset, limit: load.limit))
        }
        let h = layout.boardHeight
        if pipeline.columns.isEmpty || pipeline.columns.contains(where: { !$0.cards.loaded }) || pipeline.columns.map(\.stage) != boardStages {
            commands.append(loadBoard())
        } else {
            for column in pipeline.columns {
                if let load = column.cards.neededLoad(height: h) {
                    commands.append(.loadPipelineColumn(boardQuery, stage: column.stage, offset: load.offset, limit: load.limit))
                }
            }
        }
        return commands
    }

    /// The roster's visible window again (after a change or new statistics).
    func reloadRoster() -> [Command] {
        let h = rosterHeight
        return [.loadRoster(rosterQuery, offset: max(0, roster.list.top - h), limit: h * 3)]
    }

    /// Reloads what changes with time: the visible windows, queue counts, KPIs and header.
    func refreshCommands() -> [Command] {
        return [.loadHeader] + reloadRoster() + reloadTickets() + [
            loadBoard(),
            .loadKPIs(unit: kpis.unit, toDate: kpis.toDate),
        ] + (pipeline.showFunnel ? [.loadFunnel(boardQuery, days: pipeline.funnelDays)] : [])
    }

    /// What to reload after the data changed.
    /// Only the panes a change can alter: a card move does not recount a million tickets, a
    /// reply does not recount the roster. A creator's handle shows in the queue, so edits of
    /// creators reload it too.
    func reloadAfterChange(_ set: ChangeSet? = nil) -> [Command] {
        let unknown = set?.changes.isEmpty ?? true
        var creators = unknown
        var tickets = unknown
        for change in set?.changes ?? [] {
            switch change {
            case .insertTicket, .ticketAction, .ticketEvent, .ticketTags, .update(.ticket, _, _), .update(.ticketTag, _, _):
                tickets = true
            case .update(.creator, _, _), .insertCreator:
                creators = true
                tickets = true
            default:
                creators = true
            }
        }
        var commands = (creators ? reloadRoster() + reloadBoard() : []) + (tickets ? reloadTickets() : [])
        if case .creator(let s) = screen { commands.append(.loadCreatorDetail(id: s.id)) }
        if case .ticket(let s) = screen { commands.append(.loadTicketDetail(id: s.id)) }
        switch screen {
        case .today, .drill, .review, .cohorts, .campaigns: commands += reloadCommands(for: screen)
        default: if screen.component != nil { commands += reloadCommands(for: screen) }
        }
        return commands
    }
}
