import GreenroomCore

/// Keys while an overlay is open: it takes them all.
func handleOverlayKey(_ model: inout Model, _ key: Key, _ overlay: Overlay) -> [Command] {
    switch overlay {
    case .help(let scroll):
        return handleHelpKey(&model, key, scroll: scroll)
    case .explain(var state):
        switch model.keyMap.action(for: key, in: .global) {
        case .help?: model.overlay = .help(scroll: 0)
        case .down?: state.scroll = min(state.scroll + 1, max(0, state.lines.count - 1)); model.overlay = .explain(state)
        case .up?: state.scroll = max(0, state.scroll - 1); model.overlay = .explain(state)
        default: if key == .esc || key == .char("q") || key == .enter { model.overlay = nil }
        }
        return []
    case .palette(let state):
        return handlePaletteKey(&model, key, state: state)
    case .picker(var state):
        switch model.keyMap.action(for: key, in: .picker) {
        case .pickerCancel?:
            model.overlay = nil
        case .pickerChoose?:
            model.overlay = nil
            guard let choice = state.choice else { return [] }
            return update(&model, state.purpose.picked(choice))
        case .pickerNext?:
            state.selected = min(state.selected + 1, max(0, state.matches.count - 1))
            model.overlay = .picker(state)
        case .pickerPrevious?:
            state.selected = max(0, state.selected - 1)
            model.overlay = .picker(state)
        default:
            if state.input.handle(key) { state.selected = 0 }
            model.overlay = .picker(state)
        }
        return []
    case .prompt(var state):
        switch model.keyMap.action(for: key, in: .prompt) {
        case .promptCancel?:
            model.overlay = nil
        case .promptSubmit?:
            let text = state.input.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                state.error = "type something first (Esc to cancel)"
                model.overlay = .prompt(state)
                return []
            }
            if let problem = state.purpose.problem(with: text, now: model.now, settings: model.settings) {
                state.error = problem
                model.overlay = .prompt(state)
                return []
            }
            model.overlay = nil
            return update(&model, state.purpose.answered(text))
        default:
            state.input.handle(key)
            state.error = nil
            model.overlay = .prompt(state)
        }
        return []
    case .confirm(let state):
        switch model.keyMap.action(for: key, in: .confirm) {
        case .confirmYes?:
            model.overlay = nil
            switch state.action {
            case .apply(let set): return [.apply(set, mode: .perform)]
            case .bulk(let plan): return [.roster(.bulk(plan))]
            case .ticketAction(let draft): return [.tickets(.action(draft))]
            case .applyMacro(let ids, let articleID, let label): return [.knowledgeBase(.applyMacro(ids: ids, articleID: articleID, label: label))]
            case .applyCampaignPlan(let id, let split): return [.campaigns(.applyPlan(id: id, split: split))]
            case .unenrol(let id, let creators, _): return [.campaigns(.unenrol(campaignID: id, creatorIDs: creators))]
            case .acceptDeletes(let device): return [.sync(.decideDeletes(device: device, accept: true))]
            case .merge(let id, let into): return [.tickets(.merge(id: id, into: into))]
            case .remove(let removal): return [.removal(.remove(removal))]
            case .discard:
                if case .replyForm(let f)? = state.back { model.forgetDraft(f.draftKey) }
                return []
            }
        case .confirmKeep?:
            // Held deletes: keep the records instead.
            guard case .acceptDeletes(let device) = state.action else { break }
            model.overlay = nil
            return [.sync(.decideDeletes(device: device, accept: false))]
        case .confirmNo?:
            model.overlay = state.back
        default:
            break
        }
        return []
    case .creatorForm(let form):
        return model.formKey(form, key, open: Overlay.creatorForm)
    case .replyForm(let form):
        let commands = model.formKey(form, key, open: Overlay.replyForm)
        model.replyEditorChanged(from: form)
        return commands
    case .kb(let state):
        return handleKBKey(&model, key, state)
    case .articleForm(let form, let back):
        return model.formKey(form, key, open: { .articleForm($0, back: back) }, closed: back.map { .kb($0) })
    case .ticketForm(let form):
        return model.formKey(form, key, open: Overlay.ticketForm)
    case .activityForm(let form):
        return model.formKey(form, key, open: Overlay.activityForm)
    case .qaForm(let form):
        return model.formKey(form, key, open: Overlay.qaForm)
    case .coachingForm(let form):
        return model.formKey(form, key, open: Overlay.coachingForm)
    }
}

private func handleHelpKey(_ model: inout Model, _ key: Key, scroll: Int) -> [Command] {
    let helpAction = model.keyMap.action(for: key, in: .global)
    switch key {
    case .esc, .char("q"):
        model.overlay = nil
    case _ where helpAction == .help || helpAction == .back:
        model.overlay = nil
    case _ where helpAction == .down:
        model.overlay = .help(scroll: min(scroll + 1, HelpOverlay.maxScroll(model)))
    case _ where helpAction == .up:
        model.overlay = .help(scroll: max(0, scroll - 1))
    case _ where helpAction == .top:
        model.overlay = .help(scroll: 0)
    case _ where helpAction == .bottom:
        model.overlay = .help(scroll: HelpOverlay.maxScroll(model))
    case _ where helpAction == .halfPageDown || helpAction == .pageDown:
        model.overlay = .help(scroll: min(scroll + 10, HelpOverlay.maxScroll(model)))
    case _ where helpAction == .halfPageUp || helpAction == .pageUp:
        model.overlay = .help(scroll: max(0, scroll - 10))
    default:
        break
    }
    return []
}

private func handlePaletteKey(_ model: inout Model, _ key: Key, state: PaletteState) -> [Command] {
    var state = state
    let matches = state.matches(keyMap: model.keyMap)
    switch model.keyMap.action(for: key, in: .picker) {
    case .pickerCancel?:
        model.overlay = nil
        return []
    case .pickerChoose?:
        model.overlay = nil
        if let command = state.command {
            return model.run(command)
        }
        guard !matches.isEmpty else {
            model.showToast("no command matches \"\(state.input.text)\"", kind: .error)
            return []
        }
        return perform(&model, matches[min(state.selected, matches.count - 1)].action)
    case .pickerNext?:
        state.selected = matches.isEmpty ? 0 : (state.selected + 1) % matches.count
    case .pickerPrevious?:
        state.selected = matches.isEmpty ? 0 : (state.selected + matches.count - 1) % matches.count
    default:
        if state.input.handle(key) { state.selected = 0 }
    }
    model.overlay = .palette(state)
    return []
}

extension Model {
    /// Runs a palette command with arguments.
    mutating func run(_ command: PaletteCommand) -> [Command] {
        switch command {
        case .saveView(let name):
            if let error = roster.filterError {
                showToast("the filter has an error: \(error.message)", kind: .error)
                return []
            }
            return [.roster(.saveView(name: name, filter: roster.filterText, sort: roster.sort))]
        case .deleteView(let name):
            return [.roster(.deleteView(name: name))]
        case .kb:
            return openKB()
        case .screen(let action):
            // As its key would: the screen shown takes it first (`:campaigns` there reloads).
            return perform(&self, action)
        case .enrol(let name):
            return enrolSelection(in: name)
        case .enrolProgram(let name):
            return enrolSelection(inProgram: name)
        case .agent(let handle):
            return openAgent(handle)
        case .oneOnOne(let handle):
            return openOneOnOne(handle)
        }
    }
}
