/// A ticket's status over time, as every ticket KPI reads it (DESIGN.md §3, issue 20).
///
/// **One rule, used everywhere.** The ticket starts `new` at its creation. Each live status
/// event moves it to the event's status (a repeated status is no move; an event dated before
/// the creation counts at the creation; an unknown status is ignored). When the ticket's
/// current status differs from the one its events lead to — a status written without an
/// event, by an import or a concurrent sync — the current status is taken to have begun at
/// the ticket's last event the SLA clocks read (a status change, reply or note), or at its
/// creation when it has none: the same rule as `SLAEngine`, so an SLA resolution target and
/// the resolution KPI never disagree about when a ticket was solved.
///
/// From that history:
/// - a ticket is **done** while its status is `solved` or `closed`, **open** otherwise;
/// - its **first solve** is the first move into a done status (a ticket closed without being
///   solved is solved then too) — tickets solved, resolution time, CSAT and reopen rate count
///   a ticket in the period holding it, once, whatever happens later;
/// - it is **reopened** when, after its first solve, it moves back to an open status at least
///   once (`reopenedAt`: the first such move);
/// - its **done moves** (`TicketFact.solve`: open → done; `TicketFact.reopen`: done → open)
///   alternate, so at any instant the ticket is done exactly when more of them before that
///   instant are solves than reopens — the backlog counts the others.
public struct TicketStatusHistory: Hashable, Sendable {
    public struct Move: Hashable, Sendable {
        public var at: Millis
        public var to: TicketStatus

        public init(at: Millis, to: TicketStatus) { self.at = at; self.to = to }
    }

    public let createdAt: Millis
    /// Every real change of status, in time order.
    public let moves: [Move]

    /// The history of the ticket the SLA clocks read (its live status, reply and note events).
    public init(_ ticket: SLATicket) {
        createdAt = ticket.createdAt
        // In time order, stably (as the SLA engine reads them).
        let inOrder = zip(ticket.events, ticket.events.dropFirst()).allSatisfy { $0.at <= $1.at }
        let events = inOrder ? ticket.events : zip(ticket.events.indices, ticket.events).sorted { a, b in
            a.1.at != b.1.at ? a.1.at < b.1.at : a.0 < b.0
        }.map(\.1)
        var moves: [Move] = []
        var status = TicketStatus.new
        var lastEventAt = ticket.createdAt
        for e in events {
            let at = max(e.at, ticket.createdAt)
            lastEventAt = max(lastEventAt, at)
            guard case .status(_, let to) = e, to != status else { continue }
            moves.append(Move(at: at, to: to))
            status = to
        }
        if ticket.status != status { moves.append(Move(at: lastEventAt, to: ticket.status)) }
        self.moves = moves
    }

    static func isDone(_ s: TicketStatus) -> Bool { s == .solved || s == .closed }

    /// The first move into solved or closed.
    public var firstSolve: Millis? { moves.first { Self.isDone($0.to) }?.at }

    /// The first move back to an open status after the first solve.
    public var reopenedAt: Millis? { doneMoves.first { $0.kind == .reopen }?.at }

    /// Moves between open and done statuses (solved → closed is neither), in time order.
    public var doneMoves: [TicketFact] {
        var facts: [TicketFact] = []
        var done = false
        for m in moves where Self.isDone(m.to) != done {
            done.toggle()
            facts.append(TicketFact(kind: done ? .solve : .reopen, at: m.at, outcome: nil))
        }
        return facts
    }

    /// The status in force at `instant` (moves strictly before it count): what a period
    /// ending at `instant` ends with.
    public func status(at instant: Millis) -> TicketStatus {
        moves.last { $0.at < instant }?.to ?? .new
    }
}
