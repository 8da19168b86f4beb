import GreenroomCore

/// Reply and note drafts: what the editor holds is remembered per ticket as it changes, saved
/// to the local database on the next idle tick (and before quitting), and put back when the
/// editor opens again on that ticket — after `Esc`/`Ctrl-c` kept it, a crash or a restart.
/// Sending the text, or discarding it on purpose, forgets the draft.
extension Model {
    /// The editor's text changed (or is about to be kept): remember it for its ticket.
    mutating func noteDraft(_ form: ReplyFormState) {
        let text = form.text.text
        let kept: String? = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
        guard drafts[form.draftKey] != kept else { return }
        drafts[form.draftKey] = kept
        draftsToSave.insert(form.draftKey)
    }

    /// The text was sent or thrown away on purpose.
    mutating func forgetDraft(_ key: ReplyDraftKey) {
        guard drafts[key] != nil else { return }
        drafts[key] = nil
        draftsToSave.insert(key)
    }

    /// The drafts changed since the last save, as one command (none when nothing changed).
    mutating func flushDrafts() -> [Command] {
        guard !draftsToSave.isEmpty else { return [] }
        let keys = draftsToSave.sorted()
        draftsToSave = []
        let saved = keys.compactMap { k in drafts[k].map { ReplyDraft(key: k, body: $0, savedAt: now) } }
        let deleted = keys.filter { drafts[$0] == nil }
        return [.tickets(.saveDrafts(saved, deleting: deleted))]
    }

    /// Drafts read at start; what was typed since wins.
    mutating func draftsLoaded(_ loaded: [ReplyDraft]) {
        for d in loaded where !draftsToSave.contains(d.key) { drafts[d.key] = d.body }
    }

    /// A key's commands, with unsaved drafts saved first when the key quits.
    mutating func keepingDrafts(_ commands: [Command]) -> [Command] {
        commands.contains(.quit) ? flushDrafts() + commands : commands
    }

    /// The editor for a ticket, with its saved draft when there is one.
    mutating func openReplyEditor(_ form: ReplyFormState) {
        var form = form
        if form.text.isEmpty, let saved = drafts[form.draftKey] {
            form.text = TextArea(saved)
            form.text.follow(width: ReplyFormState.textWidth(width), height: form.textRows(screenWidth: width, screenHeight: height))
            showToast("Restored your unsent \(form.isPublic ? "reply" : "note") · Ctrl-s sends", kind: .info)
        }
        overlay = .replyForm(form)
    }

    /// After a key or a paste in the reply editor: remember its text, or forget it when the
    /// editor closed empty.
    mutating func replyEditorChanged(from before: ReplyFormState) {
        switch overlay {
        case .replyForm(let f)?: noteDraft(f)
        case .confirm(let c)?: if case .replyForm(let f)? = c.back { noteDraft(f) }
        case nil: if before.text.isEmpty { forgetDraft(before.draftKey) }
        default: break
        }
    }
}
