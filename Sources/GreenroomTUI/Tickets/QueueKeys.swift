import GreenroomCore

extension Action.Context {
    public static let tickets = Action.Context("tickets", "Ticket queue")
}

extension Action {
    public static let ticketFilter = Action("tickets.filter", .tickets, "Filter tickets", keys: [.char("/")])
    public static let ticketViews = Action("tickets.views", .tickets, "Pick a queue view", keys: [.char("v")])
    public static let ticketSelect = Action("tickets.select", .tickets, "Select or unselect the ticket", keys: [.char("x")])
    public static let ticketSelectAll = Action("tickets.select_all", .tickets, "Select every ticket in the view", keys: [.char("X")])
    public static let newTicket = Action("tickets.new", .tickets, "New ticket", keys: [.char("n")])
    public static let ticketSortNext = Action("tickets.sort_next", .tickets,
                                              "Next order: next breach, priority, last update, created, requester (kept per view)", keys: [.char("o")])
    public static let ticketSortPrevious = Action("tickets.sort_previous", .tickets, "Previous order", keys: [.char("O")])
}

/// The ticket queue pane.
enum QueueKeys: FeatureKeys {
    static let contexts: [Action.Context] = [.tickets]
    static let actions: [Action] = [.ticketFilter, .ticketViews, .ticketSelect, .ticketSelectAll, .newTicket, .ticketSortNext, .ticketSortPrevious]
}
