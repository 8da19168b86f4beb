import GreenroomCore

extension Model {
    /// `Enter`: a roster row or a board card opens the creator detail screen.
    mutating func openCurrent() -> [Command] {
        if case .ticket(let s) = screen {
            // The ticket's requester: its creator detail, and back to the ticket with Esc.
            guard let id = s.detail?.ticket.requesterCreatorID else {
                showToast("This ticket has no requester creator", kind: .error)
                return []
            }
            screen = .creator(CreatorScreen(id: id, returnFocus: s.returnFocus, returnTicket: s))
            return [.creator(.loadDetail(id: id))]
        }
        guard screen == .main else { return [] }
        switch focus {
        case .roster, .pipeline:
            guard let id = currentCreatorID else { return [] }
            screen = .creator(CreatorScreen(id: id, returnFocus: focus))
            return [.creator(.loadDetail(id: id))]
        case .tickets:
            return openTicket()
        case .kpis:
            return drillKPI()
        }
    }

    var currentCreatorHandle: String? {
        if case .creator(let s) = screen { return s.detail?.creator.handle }
        switch focus {
        case .roster: return roster.list.selected?.handle
        case .pipeline: return pipeline.selectedCard?.handle
        default: return nil
        }
    }

    /// New, edit, delete and log activity, on the roster, the board or the detail screen.
    mutating func creatorAction(_ action: Action) -> [Command] {
        if action == .newCreator {
            var stage = Stage.lead
            if screen == .main && focus == .pipeline, pipeline.columns.indices.contains(pipeline.focusedColumn) {
                stage = pipeline.columns[pipeline.focusedColumn].stage
            }
            overlay = .creatorForm(CreatorFormState(editingID: nil, draft: .new(owner: me, stage: stage)))
            return []
        }
        guard let id = currentCreatorID, let handle = currentCreatorHandle else {
            showToast("Select a creator first", kind: .error)
            return []
        }
        switch action {
        case .editCreator:
            if case .creator(let s) = screen, let d = s.detail {
                overlay = .creatorForm(CreatorFormState(editingID: id, draft: .editing(d.creator, ownerHandle: d.ownerHandle,
                                                                                      networkName: d.network?.name, tags: d.tags,
                                                                                      teamName: d.teamName)))
                return []
            }
            pendingEdit = id
            return [.creator(.loadDetail(id: id))]
        case .deleteCreator:
            let set = ChangeSet("Deleted \(handle)", [.update(.creator, id: id, fields: [CreatorField.deleted.rawValue: FieldValue(true)])])
            overlay = .confirm(ConfirmState(message: "Delete \(handle)? (u undoes it)", action: .apply(set)))
            return []
        case .addActivity:
            overlay = .activityForm(ActivityFormState(creatorID: id, creatorHandle: handle))
            return []
        default:
            return []
        }
    }

    /// The detail arrived: show it, or open the edit form it was loaded for.
    mutating func creatorDetailLoaded(id: String, detail: CreatorDetail?) -> [Command] {
        if pendingEdit == id {
            pendingEdit = nil
            if let d = detail {
                overlay = .creatorForm(CreatorFormState(editingID: id, draft: .editing(d.creator, ownerHandle: d.ownerHandle,
                                                                                      networkName: d.network?.name, tags: d.tags,
                                                                                      teamName: d.teamName)))
            }
        }
        guard case .creator(var s) = screen, s.id == id else { return [] }
        guard let detail else {
            // Deleted (perhaps by undo of its creation): back to where we came from.
            screen = .main
            focus = s.returnFocus
            showToast("That creator is gone", kind: .info)
            return loadsNeeded()
        }
        s.detail = detail
        s.cursor = min(s.cursor, max(0, s.itemCount - 1))
        screen = .creator(s)
        return []
    }

    /// `H` / `L` / `M` on a creator's detail: the board's moves for this creator (a side exit
    /// asks for its reason; the detail reloads after the change).
    mutating func creatorStageAction(_ action: Action) -> [Command] {
        guard case .creator(let s) = screen, let creator = s.detail?.creator else { return [] }
        if action == .detailStageTo {
            overlay = .picker(PickerState(title: "Move \(creator.handle) to", purpose: CreatorStagePick(creatorID: creator.id, handle: creator.handle),
                                          items: settings.allStageNames.filter { $0 != creator.stage }.map { PickerItem($0, value: $0) }))
            return []
        }
        let forward = action == .detailStageOn
        let flow = settings.stages.map(\.name)
        guard let i = flow.firstIndex(of: creator.stage) else {
            showToast("\(creator.handle) is \(creator.stage): \(keyLabel(.detailStageTo)) picks a stage to move to", kind: .error)
            return []
        }
        let j = i + (forward ? 1 : -1)
        guard flow.indices.contains(j) else {
            showToast(forward ? "\(creator.stage) is the last stage · \(keyLabel(.detailStageTo)) to move to paused or lost"
                              : "\(creator.stage) is the first stage", kind: .error)
            return []
        }
        return move([creator.id], to: flow[j], label: "Moved \(creator.handle) to \(flow[j])")
    }

    /// `Space` on an activity with a follow-up marks it done (or not done).
    mutating func toggleFollowUpDone() -> [Command] {
        guard case .creator(let s) = screen, let row = s.selectedActivity else { return [] }
        guard row.activity.followUpDue != nil else {
            showToast("This \(row.activity.kind.rawValue) has no follow-up", kind: .info)
            return []
        }
        let done = !row.activity.done
        let label = done ? "Marked follow-up done" : "Marked follow-up not done"
        return [.apply(ChangeSet(label, [.update(.activity, id: row.activity.id, fields: [ActivityField.done.rawValue: FieldValue(done)])]),
                       mode: .perform)]
    }

    func keyLabel(_ action: Action) -> String {
        keyMap.keys(for: action).first?.label ?? action.rawValue
    }
}

extension Model {
    /// A creator message.
    mutating func updateCreator(_ msg: CreatorMsg) -> [Command] {
        switch msg {
        case .detailLoaded(let id, let detail):
            return creatorDetailLoaded(id: id, detail: detail)
        case .formErrors(let errors):
            if case .creatorForm(var form)? = overlay {
                form.errors = errors
                form.saving = false
                if let first = CreatorFormState.order.first(where: { errors[$0] != nil }) { form.focus = first }
                overlay = .creatorForm(form)
            }
            return []
        }
    }
}
