import GreenroomCore

// Input that is not a bound action: keys while an overlay or a filter line has them, pastes.

func handleKey(_ model: inout Model, _ key: Key) -> [Command] {
    // Raw mode: the program owns Ctrl-c and Ctrl-z. In an editor, Ctrl-c is Esc: it asks
    // before throwing away what was typed, instead of quitting with the text.
    if key == .ctrl("c") {
        if model.overlay?.isEditor == true, let cancel = model.keyMap.keys(for: .formCancel).first {
            return handleKey(&model, cancel)
        }
        model.quitting = true
        return [.quit]
    }
    if key == .ctrl("z") { return [.suspend] }
    // Behind "terminal too small" nothing is on screen to act on: only quitting works.
    if model.isTooSmall {
        guard model.keyMap.action(for: key, in: .global) == .quit else { return [] }
        return perform(&model, .quit)
    }

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

func handlePaste(_ model: inout Model, _ text: String) -> [Command] {
    switch model.overlay {
    case .palette(var s)?: s.input.insert(text); model.overlay = .palette(s)
    case .picker(var s)?: s.input.insert(text); s.selected = 0; model.overlay = .picker(s)
    case .prompt(var s)?: s.input.insert(text); model.overlay = .prompt(s)
    case .creatorForm(var s)?: s.paste(text); model.overlay = .creatorForm(s)
    case .activityForm(var s)?: s.paste(text); model.overlay = .activityForm(s)
    case .qaForm(var s)?: s.paste(text); model.overlay = .qaForm(s)
    case .coachingForm(var s)?: s.paste(text); model.overlay = .coachingForm(s)
    case .replyForm(var s)?:
        let before = s
        s.text.insert(text)
        s.text.follow(width: ReplyFormState.textWidth(model.width), height: s.textRows(screenWidth: model.width, screenHeight: model.height))
        model.overlay = .replyForm(s)
        model.replyEditorChanged(from: before)
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
