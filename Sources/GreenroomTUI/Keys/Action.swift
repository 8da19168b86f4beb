/// Everything a key can do. Key bindings, the help overlay, the command palette and the
/// README's key table are all generated from this list and `KeyMap`.
public enum Action: String, CaseIterable, Sendable {
    case quit = "app.quit"
    case help = "app.help"
    case palette = "app.palette"
    case back = "app.back"
    case redraw = "app.redraw"
    case undo = "app.undo"
    case redo = "app.redo"
    case focusNext = "focus.next"
    case focusPrevious = "focus.previous"
    case focusRoster = "focus.roster"
    case focusPipeline = "focus.pipeline"
    case focusTickets = "focus.tickets"
    case focusKPIs = "focus.kpis"
    case zoom = "pane.zoom"
    case open = "item.open"
    case down = "cursor.down"
    case up = "cursor.up"
    case top = "cursor.top"
    case bottom = "cursor.bottom"
    case halfPageDown = "cursor.half_page_down"
    case halfPageUp = "cursor.half_page_up"
    case pageDown = "cursor.page_down"
    case pageUp = "cursor.page_up"
    case filter = "roster.filter"
    case sortNext = "roster.sort_next"
    case sortReverse = "roster.sort_reverse"
    case views = "roster.views"
    case toggleSelect = "roster.select"
    case selectAll = "roster.select_all"
    case bulk = "roster.bulk"
    case newCreator = "creator.new"
    case editCreator = "creator.edit"
    case deleteCreator = "creator.delete"
    case addActivity = "creator.activity"
    case toggleDone = "detail.toggle_done"
    case columnLeft = "board.column_left"
    case columnRight = "board.column_right"
    case moveCardLeft = "board.move_left"
    case moveCardRight = "board.move_right"
    case moveCardTo = "board.move_to"
    case boardSelect = "board.select"
    case boardFilter = "board.filter"
    case toggleSide = "board.toggle_side"
    case funnel = "board.funnel"
    case funnelWindow = "board.funnel_window"
    case ticketFilter = "tickets.filter"
    case ticketViews = "tickets.views"
    case ticketSelect = "tickets.select"
    case ticketSelectAll = "tickets.select_all"
    case reply = "ticket.reply"
    case note = "ticket.note"
    case setStatus = "ticket.status"
    case setPriority = "ticket.priority"
    case assign = "ticket.assign"
    case assignToMe = "ticket.assign_me"
    case escalate = "ticket.escalate"
    case newTicket = "tickets.new"
    case mergeTicket = "ticket.merge"
    case recordCSAT = "ticket.csat"
    case tagTicket = "ticket.tag"
    case macro = "ticket.macro"
    case knowledgeBase = "app.kb"
    case today = "app.today"
    case todayScope = "today.scope"
    case kpiUnitPrevious = "kpis.previous_unit"
    case kpiUnitNext = "kpis.next_unit"
    case kpiToDate = "kpis.to_date"
    case review = "app.review"
    case reviewPreviousWeek = "review.previous_week"
    case reviewNextWeek = "review.next_week"
    case cohorts = "app.cohorts"
    case cohortLeft = "cohorts.left"
    case cohortRight = "cohorts.right"
    case sync = "app.sync"
    case conflicts = "app.conflicts"
    case keepCurrent = "conflicts.keep_current"
    case restoreLost = "conflicts.restore_lost"
    case trash = "app.trash"
    case restoreFromTrash = "trash.restore"
    case campaigns = "app.campaigns"
    case campaignAtRisk = "campaigns.at_risk"
    case campaignPlan = "campaigns.plan"
    case campaignTarget = "campaigns.target"
    case campaignUnenrol = "campaigns.unenrol"
    case formSave = "form.save"
    case formCancel = "form.cancel"
    case formNext = "form.next"
    case formPrevious = "form.previous"
    case formEditor = "form.editor"
    case formNew = "form.new"
    case pickerChoose = "picker.choose"
    case pickerCancel = "picker.cancel"
    case pickerNext = "picker.next"
    case pickerPrevious = "picker.previous"
    case promptSubmit = "prompt.submit"
    case promptCancel = "prompt.cancel"
    case confirmYes = "confirm.yes"
    case confirmNo = "confirm.no"
    case confirmKeep = "confirm.keep"
    case kbEdit = "kb.edit"
    case kbNext = "kb.next"
    case kbPrevious = "kb.previous"

    /// Where a binding applies. A screen or pane turns on a list of contexts (see
    /// `Model.keyContexts`); the first context binding a key wins, global last.
    public enum Context: String, CaseIterable, Sendable {
        // In the order help and the key table list them: everywhere, the dialogs, the screens, the forms.
        case global, picker, prompt, confirm, kb
        case creator, roster, pipeline, detail, tickets, ticket, today, kpis, review, cohorts, conflicts, trash, campaigns, form

        /// A context that has the keys alone while it is on (a form, a dialog): global bindings
        /// do not apply there, so its keys may be the global ones (`esc`, `tab`).
        public var isModal: Bool { [.form, .picker, .prompt, .confirm, .kb].contains(self) }

        public var title: String {
            switch self {
            case .global: return "Everywhere"
            case .creator: return "Roster, board and creator detail"
            case .roster: return "Roster"
            case .pipeline: return "Pipeline"
            case .detail: return "Creator detail"
            case .tickets: return "Ticket queue"
            case .ticket: return "Ticket queue and ticket detail"
            case .today: return "Today"
            case .kpis: return "KPIs"
            case .review: return "Review"
            case .cohorts: return "Cohort retention"
            case .conflicts: return "Sync conflicts"
            case .trash: return "Trash"
            case .campaigns: return "Campaigns"
            case .form: return "Forms, the reply editor and the knowledge base"
            case .picker: return "Pickers and the command palette"
            case .prompt: return "Prompts (one line of text)"
            case .confirm: return "Confirmations"
            case .kb: return "Knowledge base list"
            }
        }
    }

    public var context: Context {
        switch self {
        case .columnLeft, .columnRight, .moveCardLeft, .moveCardRight, .moveCardTo, .boardSelect, .boardFilter, .toggleSide,
             .funnel, .funnelWindow: return .pipeline
        case .filter, .sortNext, .sortReverse, .views, .toggleSelect, .selectAll, .bulk: return .roster
        case .newCreator, .editCreator, .deleteCreator, .addActivity: return .creator
        case .toggleDone: return .detail
        case .todayScope: return .today
        case .kpiUnitPrevious, .kpiUnitNext, .kpiToDate: return .kpis
        case .reviewPreviousWeek, .reviewNextWeek: return .review
        case .cohortLeft, .cohortRight: return .cohorts
        case .keepCurrent, .restoreLost: return .conflicts
        case .restoreFromTrash: return .trash
        case .campaignAtRisk, .campaignPlan, .campaignTarget, .campaignUnenrol: return .campaigns
        case .formSave, .formCancel, .formNext, .formPrevious, .formEditor, .formNew: return .form
        case .pickerChoose, .pickerCancel, .pickerNext, .pickerPrevious: return .picker
        case .promptSubmit, .promptCancel: return .prompt
        case .confirmYes, .confirmNo, .confirmKeep: return .confirm
        case .kbEdit, .kbNext, .kbPrevious: return .kb
        case .ticketFilter, .ticketViews, .ticketSelect, .ticketSelectAll, .newTicket: return .tickets
        case .reply, .note, .setStatus, .setPriority, .assign, .assignToMe, .escalate, .mergeTicket, .recordCSAT, .tagTicket, .macro: return .ticket
        default: return .global
        }
    }

    /// A short imperative title, as shown in help and the palette.
    public var title: String {
        switch self {
        case .quit: return "Quit"
        case .help: return "Show or hide help (on a KPI row: what the number counts)"
        case .palette: return "Command palette"
        case .back: return "Back / unzoom / clear"
        case .redraw: return "Redraw the screen"
        case .undo: return "Undo the last change"
        case .redo: return "Redo what was undone"
        case .focusNext: return "Next pane"
        case .focusPrevious: return "Previous pane"
        case .focusRoster: return "Focus Roster"
        case .focusPipeline: return "Focus Pipeline"
        case .focusTickets: return "Focus Tickets"
        case .focusKPIs: return "Focus KPIs"
        case .zoom: return "Zoom the focused pane"
        case .open: return "Open the selected item"
        case .down: return "Move down"
        case .up: return "Move up"
        case .top: return "Go to the top"
        case .bottom: return "Go to the bottom"
        case .halfPageDown: return "Half a page down"
        case .halfPageUp: return "Half a page up"
        case .pageDown: return "Page down"
        case .pageUp: return "Page up"
        case .filter: return "Filter creators"
        case .sortNext: return "Sort by the next column"
        case .sortReverse: return "Reverse the sort"
        case .views: return "Pick a saved view"
        case .toggleSelect: return "Select or unselect"
        case .selectAll: return "Select all matches"
        case .bulk: return "Bulk action on the selection"
        case .newCreator: return "New creator"
        case .editCreator: return "Edit creator"
        case .deleteCreator: return "Delete creator"
        case .addActivity: return "Log a note, call, coaching or workshop"
        case .toggleDone: return "Mark the follow-up done or not"
        case .columnLeft: return "Column to the left"
        case .columnRight: return "Column to the right"
        case .moveCardLeft: return "Move the card back one stage"
        case .moveCardRight: return "Move the card on one stage"
        case .moveCardTo: return "Move the card to a stage…"
        case .boardSelect: return "Select or unselect the card"
        case .boardFilter: return "Filter the board"
        case .toggleSide: return "Show or fold paused and lost"
        case .funnel: return "Show the funnel or the board"
        case .funnelWindow: return "Funnel window 30 or 90 days"
        case .ticketFilter: return "Filter tickets"
        case .ticketViews: return "Pick a queue view"
        case .ticketSelect: return "Select or unselect the ticket"
        case .ticketSelectAll: return "Select every ticket in the view"
        case .reply: return "Reply (public)"
        case .note: return "Internal note"
        case .setStatus: return "Set status…"
        case .setPriority: return "Set priority…"
        case .assign: return "Assign to…"
        case .assignToMe: return "Assign to me"
        case .escalate: return "Escalate to tier 2 (reason required)"
        case .newTicket: return "New ticket"
        case .mergeTicket: return "Merge into another ticket…"
        case .recordCSAT: return "Record the requester's CSAT rating"
        case .tagTicket: return "Add or remove a tag (-tag removes)"
        case .macro: return "Apply a macro (fills the reply, sets status, priority, tags)"
        case .knowledgeBase: return "Knowledge base (:kb)"
        case .today: return "Today: follow-ups, breaching tickets, idle creators, rotting cards"
        case .todayScope: return "Today for me or the whole team"
        case .kpiUnitPrevious: return "KPIs by the previous period length (months, days, weeks)"
        case .kpiUnitNext: return "KPIs by the next period length (days, weeks, months)"
        case .kpiToDate: return "KPIs: the current week or month so far (partial), or the last complete one"
        case .review: return "Review: the week's KPIs, agents, managers, breaches, categories"
        case .reviewPreviousWeek: return "Review the week before"
        case .reviewNextWeek: return "Review the week after"
        case .cohorts: return "Cohort retention by activation week (:cohorts)"
        case .cohortLeft: return "Cohort week to the left"
        case .cohortRight: return "Cohort week to the right"
        case .sync: return "Sync with the team folder now (in the background)"
        case .conflicts: return "Sync conflicts: both values side by side (:conflicts)"
        case .keepCurrent: return "Keep the conflict's current value"
        case .restoreLost: return "Bring back the conflict's value that lost"
        case .trash: return "Trash: deleted creators, tickets and activities, to restore (:trash)"
        case .restoreFromTrash: return "Restore the deleted record"
        case .campaigns: return "Campaigns: goals, progress against pace, tiers, who is at risk (:campaigns)"
        case .campaignAtRisk: return "Only creators at risk, or everyone"
        case .campaignPlan: return "Split the goal over the creators (even or by baseline)"
        case .campaignTarget: return "Edit the creator's target"
        case .campaignUnenrol: return "Unenrol the creator"
        case .formSave: return "Save the form (send the reply, create the ticket)"
        case .formCancel: return "Close the form (asks first when something was typed)"
        case .formNext: return "Next field (the reply's status)"
        case .formPrevious: return "Previous field"
        case .formEditor: return "Edit the long text in $EDITOR"
        case .formNew: return "New article (knowledge base)"
        case .pickerChoose: return "Choose the selected item"
        case .pickerCancel: return "Close without choosing"
        case .pickerNext: return "Next item"
        case .pickerPrevious: return "Previous item"
        case .promptSubmit: return "Continue with the text"
        case .promptCancel: return "Close without answering"
        case .confirmYes: return "Yes (held deletes: apply them)"
        case .confirmNo: return "No (held deletes: decide later)"
        case .confirmKeep: return "Held deletes: keep the records"
        case .kbEdit: return "Edit the selected article"
        case .kbNext: return "Next article"
        case .kbPrevious: return "Previous article"
        }
    }

    public var defaultKeys: [Key] {
        switch self {
        case .quit: return [.char("q")]
        case .help: return [.char("?")]
        case .palette: return [.char(":")]
        case .back: return [.esc]
        case .redraw: return [.ctrl("l")]
        case .undo: return [.char("u")]
        case .redo: return [.ctrl("r")]
        case .focusNext: return [.tab]
        case .focusPrevious: return [.backTab]
        case .focusRoster: return [.char("1")]
        case .focusPipeline: return [.char("2")]
        case .focusTickets: return [.char("3")]
        case .focusKPIs: return [.char("4")]
        case .zoom: return [.char("z")]
        case .open: return [.enter]
        case .down: return [.char("j"), .down]
        case .up: return [.char("k"), .up]
        case .top: return [.char("g"), .home]
        case .bottom: return [.char("G"), .end]
        case .halfPageDown: return [.ctrl("d")]
        case .halfPageUp: return [.ctrl("u")]
        case .pageDown: return [.pageDown, .ctrl("f")]
        case .pageUp: return [.pageUp, .ctrl("b")]
        case .filter: return [.char("/")]
        case .sortNext: return [.char("o")]
        case .sortReverse: return [.char("O")]
        case .views: return [.char("v")]
        case .toggleSelect: return [.char("x")]
        case .selectAll: return [.char("X")]
        case .bulk: return [.char("B")]
        case .newCreator: return [.char("n")]
        case .editCreator: return [.char("e")]
        case .deleteCreator: return [.char("d")]
        case .addActivity: return [.char("c")]
        case .toggleDone: return [.char(" ")]
        case .columnLeft: return [.char("h"), .left]
        case .columnRight: return [.char("l"), .right]
        case .moveCardLeft: return [.char("H"), .char("<")]
        case .moveCardRight: return [.char("L"), .char(">")]
        case .moveCardTo: return [.char("M")]
        case .boardSelect: return [.char("x")]
        case .boardFilter: return [.char("/")]
        case .toggleSide: return [.char("Z")]
        case .funnel: return [.char("f")]
        case .funnelWindow: return [.char("w")]
        case .ticketFilter: return [.char("/")]
        case .ticketViews: return [.char("v")]
        case .ticketSelect: return [.char("x")]
        case .ticketSelectAll: return [.char("X")]
        case .reply: return [.char("r")]
        case .note: return [.char("i")]
        case .setStatus: return [.char("s")]
        case .setPriority: return [.char("p")]
        case .assign: return [.char("a")]
        case .assignToMe: return [.char("A")]
        case .escalate: return [.char("e")]
        case .newTicket: return [.char("n")]
        case .mergeTicket: return [.char("M")]
        case .recordCSAT: return [.char("c")]
        case .tagTicket: return [.char("#")]
        case .macro: return [.char("m")]
        case .knowledgeBase: return [.char("K")]
        case .today: return [.char("t")]
        case .todayScope: return [.char("a")]
        case .kpiUnitPrevious: return [.char("[")]
        case .kpiUnitNext: return [.char("]")]
        case .kpiToDate: return [.char("p")]
        case .review: return [.char("R")]
        case .reviewPreviousWeek: return [.char("["), .char("h"), .left]
        case .reviewNextWeek: return [.char("]"), .char("l"), .right]
        case .cohorts: return []
        case .cohortLeft: return [.char("h"), .left]
        case .cohortRight: return [.char("l"), .right]
        case .sync: return [.char("S")]
        case .conflicts: return []
        case .keepCurrent: return [.char("<"), .char("c")]
        case .restoreLost: return [.char(">"), .char("b")]
        case .trash: return []
        case .restoreFromTrash: return [.char("r")]
        case .campaigns: return [.char("C")]
        case .campaignAtRisk: return [.char("a")]
        case .campaignPlan: return [.char("p")]
        case .campaignTarget: return [.char("e")]
        case .campaignUnenrol: return [.char("d")]
        case .formSave: return [.ctrl("s")]
        case .formCancel: return [.esc]
        case .formNext: return [.tab]
        case .formPrevious: return [.backTab]
        case .formEditor: return [.ctrl("e")]
        case .formNew: return [.ctrl("n")]
        case .pickerChoose: return [.enter]
        case .pickerCancel: return [.esc]
        case .pickerNext: return [.down, .ctrl("n"), .tab]
        case .pickerPrevious: return [.up, .ctrl("p"), .backTab]
        case .promptSubmit: return [.enter]
        case .promptCancel: return [.esc]
        case .confirmYes: return [.char("y"), .char("Y"), .enter]
        case .confirmNo: return [.char("n"), .char("N"), .esc]
        case .confirmKeep: return [.char("k"), .char("K")]
        case .kbEdit: return [.enter]
        case .kbNext: return [.down, .ctrl("j")]
        case .kbPrevious: return [.up, .ctrl("k")]
        }
    }
}
