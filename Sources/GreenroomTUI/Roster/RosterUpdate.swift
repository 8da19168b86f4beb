import GreenroomCore

/// Keys while typing a roster filter (`/`; see `FilterLine`). Typing leaves a saved view.
func handleFilterKey(_ model: inout Model, _ key: Key) -> [Command] {
    let parser = FilterParser(stages: model.settings.allStageNames)
    if key != .enter && !isScrollKey(key) { model.roster.viewName = nil }
    return model.filterLineKey(key, \.roster.filterLine, empty: .all, parse: parser.parse) { $0.setRosterFilter($1) }
}

func isScrollKey(_ key: Key) -> Bool { [.down, .up, .pageDown, .pageUp].contains(key) }

extension RosterState {
    /// The text of the filter now in effect (the last one that parsed).
    var appliedText: String { filterLine.lastValidText }
}

extension Model {
    /// Re-parses the filter (after a paste) and applies it when it parses.
    mutating func filterChanged() -> [Command] {
        roster.viewName = nil
        guard case .parsed(let filter) = roster.filterLine.reparse(FilterParser(stages: settings.allStageNames).parse) else { return [] }
        return setRosterFilter(filter)
    }

    /// Applies a filter: the list restarts from its top.
    mutating func setRosterFilter(_ filter: CreatorFilter) -> [Command] {
        roster.filter = filter
        return restartRoster()
    }

    mutating func restartRoster() -> [Command] {
        roster.list = ListWindow()
        return [.roster(.load(rosterQuery, offset: 0, limit: rosterHeight * 3))]
    }

    mutating func rosterAction(_ action: Action) -> [Command] {
        guard focus == .roster, screen == .main else { return [] }
        switch action {
        case .sortNext:
            roster.sort = roster.sort.next
            roster.viewName = nil
            return restartRoster()
        case .sortReverse:
            roster.sort = roster.sort.reversed
            roster.viewName = nil
            return restartRoster()
        case .views:
            let items = [PickerItem("All creators", detail: "no filter", value: "")]
                + settings.views.map { PickerItem($0.name, detail: $0.filter, value: $0.name) }
            overlay = .picker(PickerState(title: "Views", purpose: RosterPick.view, items: items))
            return []
        case .toggleSelect:
            guard let row = roster.list.selected else { return [] }
            if roster.selection.contains(row.id) { roster.selection.remove(row.id) } else { roster.selection.insert(row.id) }
            return moveCursor(.down)
        case .selectAll:
            if !roster.selection.isEmpty {
                roster.selection.removeAll()
                showToast("Selection cleared", kind: .info)
                return []
            }
            return [.roster(.selectAll(rosterQuery))]
        case .bulk:
            guard !roster.selection.isEmpty else {
                showToast("Select creators with x (or X for every match) first", kind: .error)
                return []
            }
            let n = NumberFormat.grouped(roster.selection.count)
            overlay = .picker(PickerState(title: "Bulk action for \(n) creator\(roster.selection.count == 1 ? "" : "s")", purpose: RosterPick.bulkAction, items: [
                PickerItem("Assign owner…", value: "owner"),
                PickerItem("Add tag…", value: "addTag"),
                PickerItem("Remove tag…", value: "removeTag"),
                PickerItem("Move to stage…", value: "stage"),
                PickerItem("Log a workshop for all…", value: "workshop"),
            ]))
            return []
        default:
            return []
        }
    }

    /// A roster picker's choice (saved views, bulk actions).
    mutating func rosterPicked(_ item: PickerItem, purpose: RosterPick) -> [Command] {
        switch purpose {
        case .view:
            if item.value.isEmpty {
                roster.filterText = ""
                roster.lastValidText = ""
                roster.viewName = nil
                roster.sort = .default
                roster.filterError = nil
                return setRosterFilter(.all)
            }
            guard let view = settings.views.first(where: { $0.name == item.value }) else { return [] }
            roster.filterText = view.filter
            roster.sort = view.sort ?? .default
            roster.input = nil
            do {
                let filter = try FilterParser(stages: settings.allStageNames).parse(view.filter)
                roster.filterError = nil
                roster.lastValidText = view.filter
                roster.viewName = view.name
                return setRosterFilter(filter)
            } catch let error as FilterError {
                roster.filterError = error
                showToast("view \"\(view.name)\" has a bad filter: \(error.message)", kind: .error)
                return []
            } catch {
                return []
            }
        case .bulkAction:
            switch item.value {
            case "owner":
                let members = self.members.sorted { ($0.role == .manager ? 0 : 1, $0.handle) < ($1.role == .manager ? 0 : 1, $1.handle) }
                overlay = .picker(PickerState(title: "Assign to", purpose: RosterPick.bulkOwner,
                                              items: members.map { PickerItem($0.handle, detail: "\($0.name) · \($0.role.rawValue)", value: $0.handle) }
                                                + [PickerItem("(no owner)", value: "")]))
            case "stage":
                overlay = .picker(PickerState(title: "Move to stage", purpose: RosterPick.bulkStage,
                                              items: settings.allStageNames.map { PickerItem($0, value: $0) }))
            case "addTag":
                overlay = .prompt(PromptState(title: "Tag to add", purpose: RosterPrompt.bulkAddTag))
            case "removeTag":
                overlay = .prompt(PromptState(title: "Tag to remove", purpose: RosterPrompt.bulkRemoveTag))
            case "workshop":
                overlay = .prompt(PromptState(title: "Workshop summary", purpose: RosterPrompt.bulkWorkshop))
            default:
                break
            }
            return []
        case .bulkOwner:
            return confirmBulk(.assignOwner(handle: item.value.isEmpty ? nil : item.value))
        case .bulkStage:
            return confirmBulk(.moveStage(item.value))
        }
    }

    /// A roster prompt's text (the bulk actions that take text).
    mutating func rosterPrompted(_ text: String, purpose: RosterPrompt) -> [Command] {
        switch purpose {
        case .bulkAddTag: return confirmBulk(.addTag(text))
        case .bulkRemoveTag: return confirmBulk(.removeTag(text))
        case .bulkWorkshop: return confirmBulk(.logWorkshop(summary: text))
        }
    }

    mutating func confirmBulk(_ kind: BulkPlan.Kind) -> [Command] {
        let plan = BulkPlan(kind, creatorIDs: roster.selection.sorted())
        let count = "\(NumberFormat.grouped(plan.creatorIDs.count)) creator\(plan.creatorIDs.count == 1 ? "" : "s")"
        overlay = .confirm(ConfirmState(message: plan.describe(count: count) + "?", action: .bulk(plan)))
        return []
    }
}

extension Model {
    /// A roster message.
    mutating func updateRoster(_ msg: RosterMsg) -> [Command] {
        switch msg {
        case .loaded(let query, let total, let unfiltered, let offset, let rows):
            guard query == rosterQuery else { return [] } // a reply to a filter since changed
            roster.list.apply(total: total, offset: offset, rows: rows, height: rosterHeight)
            roster.unfilteredTotal = unfiltered
            return roster.list.neededLoad(height: rosterHeight) == nil ? [] : loadsNeeded()
        case .selectionLoaded(let ids):
            roster.selection = Set(ids)
            showToast("Selected \(NumberFormat.grouped(ids.count)) creator\(ids.count == 1 ? "" : "s") · B for bulk actions", kind: .info)
            return []
        case .picked(let item, let purpose):
            return rosterPicked(item, purpose: purpose)
        case .prompted(let text, let purpose):
            return rosterPrompted(text, purpose: purpose)
        }
    }
}
