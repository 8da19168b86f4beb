import GreenroomCore

/// Keys while typing a queue filter (`/`): the ticket filter language and `FilterLine`.
func handleTicketFilterKey(_ model: inout Model, _ key: Key) -> [Command] {
    model.filterLineKey(key, \.tickets.filterLine, empty: .all, parse: TicketFilterParser().parse) { $0.setTicketFilter($1) }
}

extension Model {
    var ticketQuery: TicketQuery { TicketQuery(view: tickets.view, filter: tickets.filter, me: me, sort: tickets.sort) }

    /// Rows of tickets the queue pane shows (less the header and the filter line).
    var ticketsHeight: Int { max(1, layout.listHeight(for: .tickets) - tickets.filterLines) }

    mutating func ticketFilterChanged() -> [Command] {
        guard case .parsed(let filter) = tickets.filterLine.reparse(TicketFilterParser().parse) else { return [] }
        return setTicketFilter(filter)
    }

    mutating func setTicketFilter(_ filter: TicketFilter) -> [Command] {
        guard filter != tickets.filter || !tickets.list.loaded else { return [] }
        tickets.filter = filter
        return restartTickets()
    }

    mutating func restartTickets() -> [Command] {
        tickets.list = ListWindow()
        return [.tickets(.load(ticketQuery, offset: 0, limit: ticketsHeight * 3))]
    }

    /// The queue window again (after a change or as the clock moves).
    func reloadTickets() -> [Command] {
        let h = ticketsHeight
        return [.tickets(.load(ticketQuery, offset: max(0, tickets.list.top - h), limit: h * 3))]
    }

    mutating func ticketsLoaded(query: TicketQuery, total: Int, summary: QueueSummary, offset: Int, rows: [QueueRow]) -> [Command] {
        guard query == ticketQuery else { return [] } // a reply to a view or filter since changed
        queueSummary = summary
        tickets.list.apply(total: total, offset: offset, rows: rows, height: ticketsHeight)
        return tickets.list.neededLoad(height: ticketsHeight) == nil ? [] : loadsNeeded()
    }

    /// `/`, `v`, `x`, `X` on the queue.
    mutating func ticketsAction(_ action: Action) -> [Command] {
        guard focus == .tickets, screen == .main else { return [] }
        switch action {
        case .ticketViews:
            overlay = .picker(PickerState(title: "Queue view", purpose: TicketsPick.view,
                                          items: TicketView.allCases.map { PickerItem($0.title, detail: $0.detail, value: $0.rawValue) }))
            if case .picker(var p)? = overlay, let i = TicketView.allCases.firstIndex(of: tickets.view) {
                p.selected = i
                overlay = .picker(p)
            }
            return []
        case .ticketSelect:
            guard let row = tickets.list.selected else { return [] }
            if tickets.selection.remove(row.id) == nil { tickets.selection.insert(row.id) }
            let step = tickets.list.cursor + 1
            tickets.list.moveCursor(to: step, height: ticketsHeight)
            return loadsNeeded()
        case .ticketSortNext, .ticketSortPrevious:
            let next = tickets.sort.step(action == .ticketSortNext ? 1 : -1)
            tickets.sorts[tickets.view] = next
            showToast("\(tickets.view.title) by \(TicketsView.sortTitle(next, view: tickets.view))", kind: .info)
            return restartTickets()
        case .ticketSelectAll:
            if tickets.list.total > Model.selectAllLimit {
                showToast("\(NumberFormat.grouped(tickets.list.total)) tickets: narrow the view or filter to under \(NumberFormat.grouped(Model.selectAllLimit)) first", kind: .error)
                return []
            }
            return [.tickets(.select(ticketQuery))]
        default:
            return []
        }
    }

    static let selectAllLimit = 10_000

    /// The tickets a triage key acts on: the detail screen's, else the selection, else the cursor row.
    var triageTargets: (ids: [String], label: String)? {
        if case .ticket(let s) = screen {
            guard let d = s.detail else { return nil }
            return ([s.id], d.key)
        }
        guard focus == .tickets else { return nil }
        if !tickets.selection.isEmpty {
            let n = tickets.selection.count
            return (tickets.selection.sorted(), "\(NumberFormat.grouped(n)) ticket\(n == 1 ? "" : "s")")
        }
        guard let row = tickets.list.selected else { return nil }
        return ([row.id], row.key)
    }

    /// The current ticket, when exactly one is in play (reply and note need one).
    var singleTicket: (id: String, key: String, status: TicketStatus)? {
        if case .ticket(let s) = screen, let d = s.detail { return (s.id, d.key, d.ticket.status) }
        guard focus == .tickets, let row = tickets.list.selected else { return nil }
        return (row.id, row.key, row.status)
    }

    /// `r i s p a A e`.
    mutating func triage(_ action: Action) -> [Command] {
        if case .ticket(let s) = screen, let into = s.detail?.mergedIntoKey {
            showToast("This ticket was merged into \(into) and is read-only", kind: .error)
            return []
        }
        switch action {
        case .reply, .note:
            guard let t = singleTicket else {
                showToast("Select a ticket first", kind: .error)
                return []
            }
            if !tickets.selection.isEmpty && screen == .main {
                showToast("Replies go to one ticket: open it, or clear the selection (Esc)", kind: .error)
                return []
            }
            openReplyEditor(ReplyFormState(ticketID: t.id, ticketKey: t.key, isPublic: action == .reply, currentStatus: t.status))
            return []
        default:
            break
        }
        guard let targets = triageTargets else {
            showToast("Select a ticket first", kind: .error)
            return []
        }
        switch action {
        case .setStatus:
            overlay = .picker(PickerState(title: "Status of \(targets.label)", purpose: TicketsPick.status(ids: targets.ids, label: targets.label),
                                          items: TicketStatus.allCases.map { PickerItem($0.rawValue, detail: Model.statusHelp($0), value: $0.rawValue) }))
        case .setPriority:
            overlay = .picker(PickerState(title: "Priority of \(targets.label)", purpose: TicketsPick.priority(ids: targets.ids, label: targets.label),
                                          items: TicketPriority.allCases.map { PickerItem($0.rawValue, value: $0.rawValue) }))
        case .assign:
            // Specialists first, and among each those on shift now (issue 24), then by handle.
            let shifts = Dictionary(members.map { m in (m.id, MemberShift.status(of: m, fallback: settings.zone, timeOff: timeOff, now: now)) },
                                    uniquingKeysWith: { a, _ in a })
            func rank(_ m: Member) -> (Int, Int, String) { (m.role == .specialist ? 0 : 1, shifts[m.id]?.onShift == false ? 1 : 0, m.handle) }
            let people = members.sorted { rank($0) < rank($1) }
            overlay = .picker(PickerState(title: "Assign \(targets.label) to", purpose: TicketsPick.assignee(ids: targets.ids, label: targets.label),
                                          items: people.map { m in
                                              let shift = shifts[m.id].map { $0.onShift ? "on shift" : ($0.reason ?? "off shift") } ?? "on shift"
                                              return PickerItem(m.handle, detail: "\(shift) · \(m.tier.map { "tier \($0)" } ?? m.role.rawValue) · \(m.name)", value: m.id)
                                          }
                                            + [PickerItem("(unassigned)", value: "")]))
        case .assignToMe:
            guard let me, let member = members.first(where: { $0.handle == me }) else {
                showToast("Who is \"me\"? Start with --as @handle or set me in config.toml", kind: .error)
                return []
            }
            return ticketAction(targets, kind: .assignment, toValue: member.handle,
                                fields: [TicketField.assigneeID.rawValue: FieldValue(member.id)], label: "Assigned \(targets.label) to \(member.handle)")
        case .escalate:
            overlay = .prompt(PromptState(title: "Why escalate \(targets.label) to tier 2?", purpose: TicketsPrompt.escalateReason(ids: targets.ids, label: targets.label)))
        case .mergeTicket:
            guard let t = singleTicket, targets.ids.count == 1 else {
                showToast("Merge one ticket at a time: open it, or clear the selection (Esc)", kind: .error)
                return []
            }
            return [.tickets(.loadMergeCandidates(id: t.id, key: t.key))]
        case .recordCSAT:
            if let open = unsolvedTarget(targets.ids) {
                showToast("CSAT is recorded on solved or closed tickets; \(open.key) is \(open.status.rawValue)", kind: .error)
                return []
            }
            overlay = .picker(PickerState(title: "CSAT for \(targets.label)", purpose: TicketsPick.csat(ids: targets.ids, label: targets.label),
                                          items: [PickerItem("good", detail: "the requester was satisfied", value: CSAT.good.rawValue),
                                                  PickerItem("bad", detail: "the requester was not", value: CSAT.bad.rawValue)]))
        case .macro:
            return pickMacro(targets)
        case .tagTicket:
            overlay = .prompt(PromptState(title: "Tag for \(targets.label) (-tag removes it)", purpose: TicketsPrompt.tag(ids: targets.ids, label: targets.label)))
        case .moveToTeam:
            guard !teams.isEmpty else {
                showToast("No teams yet: greenroom team add NAME (then :teams)", kind: .error)
                return []
            }
            overlay = .picker(PickerState(title: "Move \(targets.label) to team", purpose: TicketsPick.team(ids: targets.ids, label: targets.label),
                                          items: teams.map { PickerItem(TerminalText.sanitize($0.name), detail: $0.assignment == .off ? "no assignment rule" : "assignment \($0.assignment.label)", value: $0.id) }
                                            + [PickerItem("(no team)", value: "")]))
        case .snoozeTicket:
            askSnooze(targets)
        case .unsnoozeTicket:
            return unsnooze(targets)
        default:
            break
        }
        return []
    }

    /// A target the model knows to be neither solved nor closed (the open ticket, or a loaded queue row).
    func unsolvedTarget(_ ids: [String]) -> (key: String, status: TicketStatus)? {
        if case .ticket(let s) = screen, let d = s.detail {
            return d.ticket.status == .solved || d.ticket.status == .closed ? nil : (d.key, d.ticket.status)
        }
        for id in ids {
            if let row = tickets.list.rows.first(where: { $0.id == id }), row.status != .solved && row.status != .closed {
                return (row.key, row.status)
            }
        }
        return nil
    }

    static func statusHelp(_ status: TicketStatus) -> String {
        switch status {
        case .new: return "not yet looked at"
        case .open: return "we owe the next step"
        case .pending: return "waiting on the requester (SLA paused)"
        case .onHold: return "waiting on a third party (SLA paused)"
        case .solved: return "answered; reopens if they reply"
        case .closed: return "done for good"
        }
    }

    /// One triage action on `targets`: a confirmation first when it touches many tickets.
    mutating func ticketAction(_ targets: (ids: [String], label: String), kind: TicketEventKind, toValue: String?, reason: String? = nil,
                               fields: [String: FieldValue], label: String) -> [Command] {
        let draft = TicketActionDraft(ticketIDs: targets.ids, kind: kind, toValue: toValue, reason: reason, fields: fields, label: label)
        if targets.ids.count > 1 {
            overlay = .confirm(ConfirmState(message: label + "?", action: .ticketAction(draft)))
            return []
        }
        return [.tickets(.action(draft))]
    }

    mutating func ticketPicked(_ item: PickerItem, purpose: TicketsPick) -> [Command] {
        switch purpose {
        case .view:
            guard let view = TicketView(rawValue: item.value) else { return [] }
            tickets.view = view
            tickets.selection.removeAll()
            return restartTickets()
        case .status(let ids, let label):
            return ticketAction((ids, label), kind: .status, toValue: item.value, fields: [TicketField.status.rawValue: FieldValue(item.value)],
                                label: "Set \(label) to \(item.value)")
        case .priority(let ids, let label):
            return ticketAction((ids, label), kind: .priority, toValue: item.value, fields: [TicketField.priority.rawValue: FieldValue(item.value)],
                                label: "Set \(label) to \(item.value) priority")
        case .mergeTarget(let id, _):
            return [.tickets(.loadMergePreview(id: id, into: item.value))]
        case .escalateTo(let ids, let label, let reason):
            var draft = TicketActionDraft(ticketIDs: ids, kind: .escalation, toValue: "2", reason: reason, fields: [TicketField.tier.rawValue: .int(2)],
                                          label: "Escalated \(label) to tier 2")
            if item.value != Model.keepAssignee {
                let handle = members.first { $0.id == item.value }?.handle
                draft.reassign = TicketActionDraft.Reassign(memberID: item.value.isEmpty ? nil : item.value, handle: handle)
                draft.label += handle.map { ", assigned to \($0)" } ?? ", unassigned"
            }
            if ids.count > 1 {
                overlay = .confirm(ConfirmState(message: draft.label + "?", action: .ticketAction(draft)))
                return []
            }
            return [.tickets(.action(draft))]
        case .csat(let ids, let label):
            return ticketAction((ids, label), kind: .csat, toValue: item.value, fields: [TicketField.csat.rawValue: FieldValue(item.value)],
                                label: "Recorded CSAT \(item.value) for \(label)")
        case .team(let ids, let label):
            let name = teams.first { $0.id == item.value }.map { TerminalText.sanitize($0.name) }
            return [.tickets(.moveToTeam(ids: ids, teamID: item.value.isEmpty ? nil : item.value,
                                         label: name.map { "Moved \(label) to \($0)" } ?? "Took \(label) off its team"))]
        case .assignee(let ids, let label):
            let handle = members.first { $0.id == item.value }?.handle
            return ticketAction((ids, label), kind: .assignment, toValue: handle,
                                fields: [TicketField.assigneeID.rawValue: item.value.isEmpty ? .null : FieldValue(item.value)],
                                label: handle.map { "Assigned \(label) to \($0)" } ?? "Unassigned \(label)")
        }
    }

    /// A triage prompt's text.
    mutating func ticketPrompted(_ text: String, purpose: TicketsPrompt) -> [Command] {
        switch purpose {
        case .escalateReason(let ids, let label): return escalate(ids, label: label, reason: text)
        case .tag(let ids, let label): return tagTickets(ids, label: label, text: text)
        }
    }

    /// `#`: `tag` adds it, `-tag` removes it, on every target (one change set).
    mutating func tagTickets(_ ids: [String], label: String, text: String) -> [Command] {
        let remove = text.hasPrefix("-")
        let tag = String(text.dropFirst(remove ? 1 : 0)).trimmingCharacters(in: .whitespaces)
        guard !tag.isEmpty else {
            showToast("type a tag, or -tag to remove one", kind: .error)
            return []
        }
        let set = ChangeSet(remove ? "Removed tag \(tag) from \(label)" : "Tagged \(label) with \(tag)",
                            ids.map { .ticketTags(ticketID: $0, add: remove ? [] : [tag], remove: remove ? [tag] : []) })
        if ids.count > 1 {
            overlay = .confirm(ConfirmState(message: set.label + "?", action: .apply(set)))
            return []
        }
        return [.apply(set, mode: .perform)]
    }

    /// The reason is in: offer the tier-2 members (the first one chosen), keeping the
    /// assignee, or nobody. Without tier-2 members the ticket moves as it is.
    mutating func escalate(_ ids: [String], label: String, reason: String) -> [Command] {
        let tier2 = members.filter { $0.tier == 2 }.sorted { $0.handle < $1.handle }
        guard !tier2.isEmpty else {
            return ticketAction((ids, label), kind: .escalation, toValue: "2", reason: reason, fields: [TicketField.tier.rawValue: .int(2)],
                                label: "Escalated \(label) to tier 2")
        }
        overlay = .picker(PickerState(title: "Escalate \(label) to tier 2 and assign to", purpose: TicketsPick.escalateTo(ids: ids, label: label, reason: reason),
                                      items: tier2.map { PickerItem($0.handle, detail: "\($0.name) · tier 2", value: $0.id) }
                                        + [PickerItem("(keep the assignee)", detail: "tier 2 without a new owner", value: Model.keepAssignee),
                                           PickerItem("(unassigned)", detail: "for tier 2 to pick up", value: "")]))
        return []
    }

    static let keepAssignee = "\u{0}keep"

    /// `Enter` on a queue row.
    mutating func openTicket() -> [Command] {
        guard let row = tickets.list.selected else { return [] }
        screen = .ticket(TicketScreen(id: row.id, returnFocus: .tickets))
        return [.tickets(.loadDetail(id: row.id))]
    }

    mutating func ticketDetailLoaded(id: String, detail: TicketDetail?) -> [Command] {
        guard case .ticket(var s) = screen, s.id == id else { return [] }
        guard let detail else {
            screen = .main
            focus = s.returnFocus
            showToast("That ticket no longer exists", kind: .error)
            return loadsNeeded()
        }
        s.detail = detail
        screen = .ticket(s)
        return []
    }
}

extension Model {
    /// A queue or ticket message.
    mutating func updateTickets(_ msg: TicketsMsg) -> [Command] {
        switch msg {
        case .loaded(let query, let total, let summary, let offset, let rows):
            return ticketsLoaded(query: query, total: total, summary: summary, offset: offset, rows: rows)
        case .detailLoaded(let id, let detail):
            return ticketDetailLoaded(id: id, detail: detail)
        case .selectionLoaded(let ids):
            tickets.selection = Set(ids)
            showToast("Selected \(NumberFormat.grouped(ids.count)) ticket\(ids.count == 1 ? "" : "s") · s p a e act on all", kind: .info)
            return []
        case .picked(let item, let purpose):
            return ticketPicked(item, purpose: purpose)
        case .prompted(let text, let purpose):
            return ticketPrompted(text, purpose: purpose)
        case .draftsLoaded(let loaded):
            draftsLoaded(loaded)
            return []
        case .mergeCandidatesLoaded(let id, let key, let candidates):
            guard !candidates.isEmpty else {
                showToast("No ticket to merge \(key) into", kind: .info)
                return []
            }
            overlay = .picker(PickerState(title: "Merge \(key) into… (the requester's tickets first)", purpose: TicketsPick.mergeTarget(id: id, key: key),
                                          items: candidates.map { c in
                                              PickerItem("\(c.key)  \(TerminalText.sanitize(c.subject))",
                                                         detail: "\(c.sameRequester ? "same requester" : c.requester ?? "no requester") · \(c.status.rawValue)",
                                                         value: c.id)
                                          }))
            return []
        case .snoozeWhen(let text, let purpose):
            return snoozeAnswered(text, purpose)
        case .mergePreviewLoaded(let source, let target):
            var message = "Merge \(source.key) into \(target.key)? \(source.key) becomes read-only and points to \(target.key)."
            if source.requesterHandle != target.requesterHandle || source.ticket.requesterCreatorID != target.ticket.requesterCreatorID {
                message = "Different requesters: \(source.requesterHandle ?? "none") and \(target.requesterHandle ?? "none"). " + message
            }
            overlay = .confirm(ConfirmState(message: message, action: .merge(id: source.ticket.id, into: target.ticket.id),
                                            preview: MergePreview(source: source, target: target)))
            return []
        }
    }
}
