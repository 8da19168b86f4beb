import GreenroomCore

/// The whole program's behaviour: a pure function from a message to a changed model and the
/// effects to run. It never does I/O; read it to learn what every key does.
public func update(_ model: inout Model, _ msg: Msg) -> [Command] {
    switch msg {
    case .key(let key):
        return model.keepingDrafts(handleKey(&model, key))

    case .perform(let action):
        return model.keepingDrafts(perform(&model, action))

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
        // Drafts typed since the last tick are saved now, a second at most behind the keys; and
        // writes by other processes are looked for when none of ours is running.
        let drafts = model.flushDrafts() + (model.busy.isEmpty ? [.checkExternalWrites] : [])
        guard minuteChanged else { return drafts }
        // Countdowns and "breaching" counts move with the clock; roster statistics too, slower.
        // The teams' assignment rules and automations run at start and each idle minute
        // (issue 24: time-based rules fire when their time comes, not only on a sync).
        return drafts + model.refreshCommands() + (quarterChanged ? [.refreshStats(maxAge: 15 * Time.minute)] : [])
            + (model.busy.isEmpty ? [.teams(.automate)] : [])

    case .settingsLoaded(let settings):
        // The stages the board shows, or — before its first load has come back — the stages
        // that load asked for (the settings' until now): at start the first loads run
        // together, settings first, and the board's load is already on its way with the
        // default stages. Loading it again for the same stages was a second board load
        // (~20 ms at 100k creators) before the first frame.
        let requested = model.pipeline.columns.isEmpty ? model.boardStages : model.pipeline.columns.map(\.stage)
        model.settings = settings
        guard requested != model.boardStages else { return [] }
        return [model.loadBoard(offsets: [:])]

    case .headerLoaded(let lastSyncAt, let conflicts):
        model.lastSyncAt = lastSyncAt
        model.openConflictCount = conflicts
        return []

    case .directoryLoaded(let members, let networks):
        model.members = members
        model.networks = networks
        return []

    case .teamDirectoryLoaded(let teams, let timeOff):
        model.teams = teams
        model.timeOff = timeOff
        return []

    // Features: one line each.
    case .roster(let msg): return model.updateRoster(msg)
    case .kpis(let msg): return model.updateKPIs(msg)
    case .sync(let msg): return model.updateSync(msg)
    case .creator(let msg): return model.updateCreator(msg)
    case .pipeline(let msg): return model.updatePipeline(msg)
    case .tickets(let msg): return model.updateTickets(msg)
    case .campaigns(let msg): return model.campaigns(msg)
    case .knowledgeBase(let msg): return model.knowledgeBase(msg)
    case .screen(let msg): return msg.deliver(&model)

    case .removalPlanned(let removal):
        return model.removalPlanned(removal)
    case .applied(let inverse, let mode):
        return model.applied(inverse: inverse, mode: mode)

    case .editorReturned(let target, let text):
        switch (target, model.overlay) {
        case (.creatorNotes, .creatorForm(var form)?):
            form.notes.replace(with: text)
            model.overlay = .creatorForm(form)
        case (.activitySummary, .activityForm(var form)?):
            form.summary.replace(with: text)
            model.overlay = .activityForm(form)
        case (.coachingText, .coachingForm(var form)?):
            form.text.replace(with: text)
            model.overlay = .coachingForm(form)
        case (.ticketReply, .replyForm(var form)?):
            form.text.replace(with: text)
            form.text.follow(width: ReplyFormState.textWidth(model.width), height: form.textRows(screenWidth: model.width, screenHeight: model.height))
            model.overlay = .replyForm(form)
            model.noteDraft(form)
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
        case .coachingForm(let f)? where f.saving: model.overlay = nil
        case .replyForm(let f)? where f.saving: model.overlay = nil; model.forgetDraft(f.draftKey)
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

    case .externalWrites:
        // Counts, the panes, the open screen, settings, people and the header's last sync.
        return [.loadSettings, .loadDirectory] + model.refreshCommands() + (model.screen.component != nil ? model.reloadCommands(for: model.screen) : [])

    case .backgroundFinished(let task):
        let left = (model.busy[task] ?? 1) - 1
        model.busy[task] = left > 0 ? left : nil
        return []
    }
}

/// The commands that fill a freshly started model.
public func initialCommands(_ model: Model) -> [Command] {
    [.loadSettings, .loadHeader, .loadDirectory, .tickets(.loadDrafts)] + model.loadsNeeded()
        + [.kpis(.load(unit: model.kpis.unit, toDate: model.kpis.toDate)), .refreshStats(maxAge: 15 * Time.minute), .teams(.automate)]
}
