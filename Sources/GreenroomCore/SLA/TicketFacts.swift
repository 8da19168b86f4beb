/// The dated facts the ticket KPIs count, derived from one ticket's history: each SLA target
/// with a due instant and its outcome, and each move between an open and a done status
/// (`TicketStatusHistory.doneMoves`).
///
/// They are stored per ticket (`ticket_fact`, derived in the same transaction as every ticket
/// write) so SLA attainment and reopen rate are indexed aggregates over a period instead of a
/// replay of every ticket's timeline.
///
/// **SLA outcomes are decided under the policy in force when they are decided.** A policy or
/// business-hours change re-times unsolved tickets only (as Zendesk does); a target already
/// achieved or breached keeps its outcome.
public struct TicketFact: Hashable, Sendable, Comparable {
    public enum Kind: String, Sendable, CaseIterable {
        case firstReply = "first_reply"
        case nextReply = "next_reply"
        case resolution
        /// A move from an open status (new, open, pending, on hold) into solved or closed
        /// (`at` = the move; a ticket done from its creation has one at its creation).
        case solve
        /// A move from solved or closed back to an open status.
        case reopen

        public var isSLATarget: Bool { self == .firstReply || self == .nextReply || self == .resolution }
    }

    public enum Outcome: String, Sendable {
        case achieved
        /// Satisfied late, or overdue when its clock stopped.
        case breached
        /// Unsatisfied with its clock running: breached once "now" is past `at` (its due).
        case running
    }

    public var kind: Kind
    /// SLA targets: the due instant. Status moves: when they happened.
    public var at: Millis
    /// SLA targets only.
    public var outcome: Outcome?

    public init(kind: Kind, at: Millis, outcome: Outcome?) {
        self.kind = kind; self.at = at; self.outcome = outcome
    }

    public static func < (a: TicketFact, b: TicketFact) -> Bool {
        (a.kind.rawValue, a.at, a.outcome?.rawValue ?? "") < (b.kind.rawValue, b.at, b.outcome?.rawValue ?? "")
    }

    /// Whether an SLA target counts as achieved, breached, or neither at `now`.
    public func slaState(now: Millis) -> SLAState? {
        switch outcome {
        case .achieved?: return .achieved
        case .breached?: return .breached
        case .running?: return now > at ? .breached : nil
        case nil: return nil
        }
    }

    /// Facts of a ticket from its SLA timeline. The SLA engine is evaluated "at the end of
    /// time": what it reports then is final for satisfied targets, and for unsatisfied ones
    /// with a running clock it is the instant they breach if nothing else happens
    /// (`running`). Paused targets have no due and no fact. The done moves follow
    /// `TicketStatusHistory`.
    public static func derive(_ ticket: SLATicket, policy: SLAPolicy, clock: SLAClock,
                              history: TicketStatusHistory? = nil) -> [TicketFact] {
        var facts: [TicketFact] = []
        let report = SLAEngine.evaluate(ticket, policy: policy, clock: clock, now: Millis.max / 4)
        let running = ticket.status == .new || ticket.status == .open
        for t in report.targets {
            guard let due = t.due else { continue }
            let kind: Kind = t.target == .firstReply ? .firstReply : t.target == .nextReply ? .nextReply : .resolution
            switch t.state {
            case .achieved: facts.append(TicketFact(kind: kind, at: due, outcome: .achieved))
            case .breached:
                facts.append(TicketFact(kind: kind, at: due, outcome: t.achievedAt == nil && running ? .running : .breached))
            case .active: facts.append(TicketFact(kind: kind, at: due, outcome: .running))
            case .paused: break
            }
        }
        facts += (history ?? TicketStatusHistory(ticket)).doneMoves
        return facts.sorted()
    }
}
