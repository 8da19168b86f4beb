import GreenroomCore

// Navigation: focus, back (Esc), the screens' way home, and what a screen reloads when shown again.

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
        if var component = screen.component {
            var env = screenEnv
            switch component.back(&env) {
            case .stay(let commands):
                screen = component.screen
                return commands
            case .leaveTo(let back, let commands):
                screen = back
                return commands ?? reloadCommands(for: back)
            case .leaveReloading(let pane):
                focus = component.returnFocus
                screen = .main
                clampScroll()
                return pane == .tickets ? reloadTickets() : loadsNeeded()
            case .leave:
                focus = component.returnFocus
                screen = component.returnTo ?? .main
                clampScroll()
                return component.returnTo == nil ? loadsNeeded() : reloadCommands(for: screen)
            }
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
        case .qaForm(var f)?: f.saving = false; overlay = .qaForm(f)
        case .coachingForm(var f)?: f.saving = false; overlay = .coachingForm(f)
        case .replyForm(var f)?: f.saving = false; overlay = .replyForm(f)
        case .ticketForm(var f)?: f.saving = false; overlay = .ticketForm(f)
        case .articleForm(var f, let back)?: f.saving = false; f.error = nil; overlay = .articleForm(f, back: back)
        default: break
        }
    }

    /// The pane the four-pane screen gets focus back on, from any screen.
    var returnFocusForScreens: Pane { screen.component?.returnFocus ?? focus }

    /// A creator's detail opened from a list screen (Today, a drill-down, the Review): `Esc`
    /// there comes back to this screen as it was.
    mutating func openCreatorReturningHere(_ id: String) -> [Command] {
        var c = CreatorScreen(id: id, returnFocus: returnFocusForScreens)
        c.returnTo = screen
        screen = .creator(c)
        return [.creator(.loadDetail(id: id))]
    }

    /// A ticket's detail opened from a list screen; `Esc` there comes back.
    mutating func openTicketReturningHere(_ id: String) -> [Command] {
        var t = TicketScreen(id: id, returnFocus: returnFocusForScreens)
        t.returnTo = screen
        screen = .ticket(t)
        return [.tickets(.loadDetail(id: id))]
    }

    /// What a screen needs loaded again when it is shown again or the data changed.
    func reloadCommands(for screen: Screen) -> [Command] {
        screen.component?.reload(screenEnv) ?? loadsNeeded()
    }
}
