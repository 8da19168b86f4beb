import GreenroomCore

// Undo and redo: every write is a change set whose inverse the runner returns; `u` applies
// the last inverse, `Ctrl-r` the last undone one.

extension Model {
    /// `u`: apply the inverse of the last change.
    mutating func undo() -> [Command] {
        guard let set = undoStack.popLast() else {
            showToast("Nothing to undo", kind: .info)
            return []
        }
        return [.apply(set, mode: .undo)]
    }

    /// `Ctrl-r`: do again what was undone last.
    mutating func redo() -> [Command] {
        guard let set = redoStack.popLast() else {
            showToast("Nothing to redo", kind: .info)
            return []
        }
        return [.apply(set, mode: .redo)]
    }

    /// A change set was applied: keep the undo history, say what happened, reload.
    mutating func applied(inverse: ChangeSet, mode: ApplyMode) -> [Command] {
        switch mode {
        case .perform:
            undoStack.append(inverse)
            if undoStack.count > Model.undoDepth { undoStack.removeFirst() }
            redoStack.removeAll()
            showToast("\(inverse.label) · \(keyLabel(.undo)) to undo", kind: .info)
        case .undo:
            redoStack.append(inverse)
            showToast("Undid: \(inverse.label) · \(keyLabel(.redo)) to redo", kind: .info)
        case .redo:
            undoStack.append(inverse)
            showToast("Redid: \(inverse.label) · \(keyLabel(.undo)) to undo", kind: .info)
        }
        switch overlay {
        case .creatorForm(let f)? where f.saving: overlay = nil
        case .activityForm(let f)? where f.saving: overlay = nil
        case .qaForm(let f)? where f.saving: overlay = nil
        case .coachingForm(let f)? where f.saving: overlay = nil
        case .replyForm(let f)? where f.saving: overlay = nil; forgetDraft(f.draftKey)
        case .ticketForm(let f)? where f.saving: overlay = nil
        default: break
        }
        if inverse.changes.contains(where: { if case .update(.creator, _, let fields) = $0 { return fields[CreatorField.deleted.rawValue] != nil } else { return false } }) {
            roster.selection.removeAll()
        }
        boardApplied(inverse)
        return reloadAfterChange(inverse)
    }
}
