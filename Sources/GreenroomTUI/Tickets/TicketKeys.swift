import GreenroomCore

extension Action.Context {
    public static let ticket = Action.Context("ticket", "Ticket queue and ticket detail")
}

extension Action {
    public static let reply = Action("ticket.reply", .ticket, "Reply (public)", keys: [.char("r")])
    public static let note = Action("ticket.note", .ticket, "Internal note", keys: [.char("i")])
    public static let setStatus = Action("ticket.status", .ticket, "Set status…", keys: [.char("s")])
    public static let setPriority = Action("ticket.priority", .ticket, "Set priority…", keys: [.char("p")])
    public static let assign = Action("ticket.assign", .ticket, "Assign to…", keys: [.char("a")])
    public static let assignToMe = Action("ticket.assign_me", .ticket, "Assign to me", keys: [.char("A")])
    public static let escalate = Action("ticket.escalate", .ticket, "Escalate to tier 2 (reason required)", keys: [.char("e")])
    public static let mergeTicket = Action("ticket.merge", .ticket, "Merge into another ticket…", keys: [.char("M")])
    public static let recordCSAT = Action("ticket.csat", .ticket, "Record the requester's CSAT rating", keys: [.char("c")])
    public static let tagTicket = Action("ticket.tag", .ticket, "Add or remove a tag (-tag removes)", keys: [.char("#")])
    public static let macro = Action("ticket.macro", .ticket, "Apply a macro (fills the reply, sets status, priority, tags)", keys: [.char("m")])
    public static let snoozeTicket = Action("ticket.snooze", .ticket, "Snooze until… (tomorrow 9:00, mon, +3d, +2h): out of the open views till then",
                                            keys: [.char("w")])
    /// `*` (rate), not `Q` as issue 25 suggested: `Q` is the README's example of rebinding quit
    /// in keys.toml, and a global key there would conflict with a ticket key here.
    public static let qaReview = Action("ticket.qa_review", .ticket, "QA review: score the replies against the team's rubric (0–4 per criterion)",
                                        keys: [.char("*")])
    public static let unsnoozeTicket = Action("ticket.unsnooze", .ticket, "Unsnooze: back in the open views now", keys: [.char("W")])
    /// Issue 24: the team that owns the ticket; its assignment rule runs right after.
    public static let moveToTeam = Action("ticket.team", .ticket, "Move to team… (its assignment rule runs)", keys: [.char("T")])
}

/// Triage, on the queue and on a ticket.
extension TicketScreen {
    static let contexts: [Action.Context] = [.ticket]
    static let actions: [Action] = [.reply, .note, .setStatus, .setPriority, .assign, .assignToMe, .escalate, .mergeTicket, .recordCSAT, .tagTicket, .macro,
                                    .snoozeTicket, .unsnoozeTicket, .moveToTeam, .qaReview]
}
