import GreenroomCore

// The visible windows: cursor moves, scroll, and the loads and reloads they need.

extension Model {
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
            commands.append(.roster(.load(rosterQuery, offset: load.offset, limit: load.limit,
                                           seek: roster.list.seek(forLoadAt: load.offset, limit: load.limit))))
        }
        if let load = tickets.list.neededLoad(height: ticketsHeight) {
            commands.append(.tickets(.load(ticketQuery, offset: load.offset, limit: load.limit,
                                            seek: tickets.list.seek(forLoadAt: load.offset, limit: load.limit))))
        }
        let h = layout.boardHeight
        if pipeline.columns.isEmpty || pipeline.columns.contains(where: { !$0.cards.loaded }) || pipeline.columns.map(\.stage) != boardStages {
            commands.append(loadBoard())
        } else {
            for column in pipeline.columns {
                if let load = column.cards.neededLoad(height: h) {
                    commands.append(.pipeline(.loadColumn(boardQuery, stage: column.stage, offset: load.offset, limit: load.limit,
                                                          seek: column.cards.seek(forLoadAt: load.offset, limit: load.limit))))
                }
            }
        }
        return commands
    }

    /// The roster's visible window again (after a change or new statistics).
    func reloadRoster() -> [Command] {
        let h = rosterHeight
        return [.roster(.load(rosterQuery, offset: max(0, roster.list.top - h), limit: h * 3))]
    }

    /// Reloads what changes with time: the visible windows, queue counts, KPIs and header.
    func refreshCommands() -> [Command] {
        return [.loadHeader] + reloadRoster() + reloadTickets() + [
            loadBoard(),
            .kpis(.load(unit: kpis.unit, toDate: kpis.toDate)),
        ] + (pipeline.showFunnel ? [.pipeline(.loadFunnel(boardQuery, days: pipeline.funnelDays))] : [])
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
            case .insertCoachingItem, .holdOneOnOne, .coachingDone, .update(.coachingItem, _, _):
                continue // coaching on teammates shows on its own screen only
            default:
                creators = true
            }
        }
        var commands = (creators ? reloadRoster() + reloadBoard() : []) + (tickets ? reloadTickets() : [])
        if screen.component != nil { commands += reloadCommands(for: screen) }
        return commands
    }
}
