import GreenroomCore

/// The creator detail screen (`Enter` on a roster row or a board card).
public struct CreatorScreen: Hashable, Sendable {
    public var id: String
    public var detail: CreatorDetail?
    /// The selected item: activities first, then tickets.
    public var cursor = 0
    /// The first line shown of the scrolling lower half.
    public var scroll = 0
    /// Where `Esc` goes back to.
    public var returnFocus: Pane
    /// Opened from a ticket's requester: `Esc` goes back to that ticket.
    public var returnTicket: TicketScreen?
    /// Opened from Today, a drill-down or the Review: `Esc` goes back there.
    public var returnTo: Screen?

    public init(id: String, returnFocus: Pane, returnTicket: TicketScreen? = nil) {
        self.id = id
        self.returnFocus = returnFocus
        self.returnTicket = returnTicket
    }

    public var itemCount: Int { (detail?.activities.count ?? 0) + (detail?.tickets.count ?? 0) }

    public var selectedActivity: CreatorDetail.ActivityRow? {
        guard let d = detail, cursor < d.activities.count else { return nil }
        return d.activities[cursor]
    }
}

/// What happens to a creator's screen and forms.
public enum CreatorMsg: Sendable {
    case detailLoaded(id: String, detail: CreatorDetail?)
    /// Saving the creator form found problems.
    case formErrors([CreatorDraft.Field: String])
}

/// What a creator's screen and forms ask the runtime for.
public enum CreatorCommand: Hashable, Sendable {
    case loadDetail(id: String)
    case save(CreatorDraft, editingID: String?)
    case saveActivity(ActivityDraft)
}
