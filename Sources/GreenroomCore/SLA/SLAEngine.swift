/// What the engine needs to know about a ticket (the store builds it from rows).
public struct SLATicket: Sendable {
    public var createdAt: Millis
    /// Current priority: it selects the policy (the caller passes the matching policy).
    public var priority: TicketPriority
    /// Current status. When it differs from the status the events lead to, the engine takes it
    /// to have changed at the last event (or at creation when there are none).
    public var status: TicketStatus
    /// In time order (events out of order are sorted, stably; events before `createdAt` count
    /// as at `createdAt`; events after `now` are ignored).
    public var events: [SLAEvent]

    public init(createdAt: Millis, priority: TicketPriority, status: TicketStatus, events: [SLAEvent]) {
        self.createdAt = createdAt; self.priority = priority; self.status = status; self.events = events
    }
}

public enum SLAEvent: Sendable, Hashable {
    /// A status change (the initial status at createdAt is `new` unless an event at createdAt
    /// says otherwise).
    case status(at: Millis, to: TicketStatus)
    /// Only public agent replies satisfy reply targets; internal notes are
    /// `agentReply(isPublic: false)` and never satisfy anything.
    case agentReply(at: Millis, isPublic: Bool)
    /// A message from the requester.
    case requesterMessage(at: Millis)

    public var at: Millis {
        switch self {
        case .status(let at, _), .agentReply(let at, _), .requesterMessage(let at): return at
        }
    }
}

public enum SLAState: String, Sendable, Codable, CaseIterable {
    /// The clock runs and the due instant has not passed (at the due instant itself: still active).
    case active
    /// The clock does not run (pending / on hold) and the target was not overdue when it stopped.
    case paused
    /// Satisfied at or before its due instant (or fulfilled by solving the ticket in time).
    case achieved
    /// Satisfied after its due instant, or unsatisfied and past it.
    case breached
}

public struct SLATargetStatus: Sendable, Hashable {
    public var target: SLATarget
    public var state: SLAState
    /// Absolute due instant while the clock runs (active, or breached and still unsatisfied with
    /// the clock running); for achieved: the due it had (for a target satisfied while its clock
    /// was stopped, the instant it would have been due had the clock run on); for breached: the
    /// instant it became overdue; nil when paused.
    public var due: Millis?
    /// Counted ms left (negative when overdue). For paused targets: the frozen remainder. For
    /// achieved: remaining at achievement. Counted means business time under business hours, so
    /// a target that breached at Friday's close stays at 0 over the weekend.
    public var remaining: Millis
    /// When the target was satisfied: the satisfying reply, the solve, or — for reply targets on
    /// a solved or closed ticket — the solve that fulfilled them. Also set for targets satisfied
    /// late (`breached`); nil while unsatisfied.
    public var achievedAt: Millis?

    public init(target: SLATarget, state: SLAState, due: Millis?, remaining: Millis, achievedAt: Millis?) {
        self.target = target; self.state = state; self.due = due; self.remaining = remaining; self.achievedAt = achievedAt
    }
}

public struct SLAReport: Sendable, Hashable {
    /// firstReply, nextReply (only when one is open or has been measured), resolution — in that order.
    public var targets: [SLATargetStatus]
    /// Target of `nextBreach` (stored separately so the report is Hashable).
    public var nextBreachTarget: SLATarget?
    /// Due of `nextBreach`.
    public var nextBreachDue: Millis?

    public init(targets: [SLATargetStatus], nextBreach: (target: SLATarget, due: Millis)?) {
        self.targets = targets
        nextBreachTarget = nextBreach?.target
        nextBreachDue = nextBreach?.due
    }

    /// The soonest `due` among targets whose clock is running and that are not satisfied (active
    /// or breached-unsatisfied): the queue sorts by it ascending, so breached come first, most
    /// overdue on top. nil when no clock runs (paused, solved, closed). Ties go to the earlier
    /// target in report order.
    public var nextBreach: (target: SLATarget, due: Millis)? {
        guard let target = nextBreachTarget, let due = nextBreachDue else { return nil }
        return (target, due)
    }

    /// The status of one target, if reported.
    public subscript(_ target: SLATarget) -> SLATargetStatus? {
        targets.first { $0.target == target }
    }
}

/// The SLA engine: a pure function from a ticket's history, its policy and "now" to the state of
/// each SLA target.
///
/// **Clock.** The clock runs only while the status is `new` or `open`; it pauses while `pending`
/// or `on_hold` (the Zendesk model) and stops on `solved`/`closed`; reopening resumes with the
/// elapsed time kept. Time is counted on calendar time, or on business time when
/// `policy.businessHours` is true and `hours` is given (see `SLAClock`; invalid hours count as
/// calendar time, and so does a business-hours policy without hours).
///
/// **Targets** (each an amount of counted time from a start instant; minutes from the policy):
/// - *First reply*: from `createdAt` to the first public agent reply (`firstReplyMinutes`).
/// - *Next reply*: after the first public agent reply, the oldest requester message that arrived
///   after the latest public agent reply starts a cycle, which the next public agent reply
///   satisfies (`nextReplyMinutes`). Requester messages before the first public reply, and further
///   messages while a cycle is open, start nothing. The report shows the open cycle if any, else
///   the most recent completed one, else no next-reply target.
/// - *Resolution*: from `createdAt` to solved/closed (`resolutionMinutes`). Satisfied while the
///   ticket is solved or closed, at the instant it entered solved/closed; reopening
///   re-activates it with the elapsed time kept.
///
/// **Due and state.** A target's due is the instant its counted time reaches the target amount
/// (the clock assumed to keep running from now). It is achieved when satisfied at or before its
/// due, breached when satisfied after it or when unsatisfied and `now > due` — exactly at the
/// due instant it is still active with 0 remaining; one ms later, breached. An unsatisfied target
/// whose clock is not running is `paused` (no due, frozen remainder) unless it was already
/// overdue when the clock stopped, in which case it is `breached` with its due kept. Reply
/// targets still open when the ticket is solved or closed are fulfilled by the solve (achieved
/// if it came at or before their due, breached otherwise); reopening resumes them.
public enum SLAEngine {
    public static func evaluate(_ ticket: SLATicket, policy: SLAPolicy, hours: BusinessHours?, now: Millis) -> SLAReport {
        evaluate(ticket, policy: policy, clock: SLAClock(hours: policy.businessHours ? hours : nil), now: now)
    }

    /// The same evaluation on a prepared clock: for batches, build the clock once per policy.
    /// The clock is used as given (`policy.businessHours` is not consulted).
    public static func evaluate(_ ticket: SLATicket, policy: SLAPolicy, clock: SLAClock, now rawNow: Millis) -> SLAReport {
        let now = max(rawNow, ticket.createdAt)
        var history = History(ticket: ticket, now: now)
        history.replay(ticket.events, status: ticket.status)

        let measurer = Measurer(clock: clock, runs: history.runs, now: now, running: history.runningNow,
                                stoppedSince: history.stoppedSince, solvedSince: history.solvedSince)
        var targets: [SLATargetStatus] = []
        targets.reserveCapacity(3)
        targets.append(measurer.status(.firstReply, start: ticket.createdAt, minutes: policy.firstReplyMinutes,
                                       satisfiedAt: history.firstReplyAt))
        if let cycle = history.openCycle ?? history.lastCycle {
            targets.append(measurer.status(.nextReply, start: cycle.start, minutes: policy.nextReplyMinutes,
                                           satisfiedAt: cycle.reply))
        }
        targets.append(measurer.status(.resolution, start: ticket.createdAt, minutes: policy.resolutionMinutes,
                                       satisfiedAt: nil))

        var next: (target: SLATarget, due: Millis)?
        if history.runningNow {
            for t in targets where t.achievedAt == nil && t.state != .paused {
                if let due = t.due, next == nil || due < next!.due { next = (t.target, due) }
            }
        }
        return SLAReport(targets: targets, nextBreach: next)
    }
}

// MARK: - History

/// The ticket's timeline reduced to what the targets need: running intervals, reply cycles.
private struct History {
    struct Cycle { var start: Millis; var reply: Millis? }

    let createdAt: Millis
    let now: Millis
    var status: TicketStatus = .new
    /// Closed running intervals [start, end), in order; the current one is closed at `now`.
    var runs: [(start: Millis, end: Millis)] = []
    var runStart: Millis?
    var stoppedSince: Millis
    var solvedSince: Millis?
    var firstReplyAt: Millis?
    var openCycle: Cycle?
    var lastCycle: Cycle?
    var lastEventAt: Millis

    init(ticket: SLATicket, now: Millis) {
        createdAt = ticket.createdAt
        self.now = now
        runStart = ticket.createdAt
        stoppedSince = ticket.createdAt
        lastEventAt = ticket.createdAt
    }

    var runningNow: Bool { runStart != nil }

    static func clockRuns(_ s: TicketStatus) -> Bool { s.isOpen && !s.pausesSLA }

    mutating func replay(_ events: [SLAEvent], status current: TicketStatus) {
        if isSorted(events) {
            for e in events { apply(e) }
        } else {
            // Stable sort by instant.
            let ordered = events.enumerated().sorted { a, b in
                a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
            }
            for e in ordered { apply(e.element) }
        }
        if current != status { setStatus(current, at: lastEventAt) }
        if let start = runStart, now > start { runs.append((start, now)) }
    }

    private func isSorted(_ events: [SLAEvent]) -> Bool {
        var previous = Millis.min
        for e in events {
            let at = e.at
            if at < previous { return false }
            previous = at
        }
        return true
    }

    private mutating func apply(_ event: SLAEvent) {
        let at = max(event.at, createdAt)
        guard at <= now else { return }
        lastEventAt = max(lastEventAt, at)
        switch event {
        case .status(_, let to):
            setStatus(to, at: at)
        case .agentReply(_, let isPublic):
            guard isPublic else { return }
            if firstReplyAt == nil {
                firstReplyAt = at
            } else if var cycle = openCycle {
                cycle.reply = at
                lastCycle = cycle
                openCycle = nil
            }
        case .requesterMessage:
            if firstReplyAt != nil, openCycle == nil { openCycle = Cycle(start: at, reply: nil) }
        }
    }

    private mutating func setStatus(_ to: TicketStatus, at: Millis) {
        guard to != status else { return }
        let wasRunning = Self.clockRuns(status), willRun = Self.clockRuns(to)
        if wasRunning, !willRun {
            if let start = runStart, at > start { runs.append((start, at)) }
            runStart = nil
            stoppedSince = at
        } else if !wasRunning, willRun {
            runStart = at
        }
        if to.isOpen {
            solvedSince = nil
        } else if status.isOpen {
            solvedSince = at
        }
        status = to
    }
}

// MARK: - Measuring

private struct Measurer {
    let clock: SLAClock
    let runs: [(start: Millis, end: Millis)]
    let now: Millis
    let running: Bool
    let stoppedSince: Millis
    let solvedSince: Millis?

    /// Counted running time in [start, upTo) and the earliest instant at which it reached
    /// `amount` (nil if it had not by `upTo`).
    func measure(from start: Millis, upTo end: Millis, amount: Millis) -> (counted: Millis, crossing: Millis?) {
        var counted: Millis = 0
        var crossing: Millis? = amount <= 0 ? start : nil
        for run in runs {
            if run.start >= end { break }
            let lo = max(run.start, start), hi = min(run.end, end)
            guard hi > lo else { continue }
            let e = clock.elapsed(from: lo, to: hi)
            if crossing == nil, counted + e >= amount {
                crossing = clock.advance(lo, by: amount - counted)
            }
            counted += e
        }
        return (counted, crossing)
    }

    func status(_ target: SLATarget, start: Millis, minutes: Int, satisfiedAt: Millis?) -> SLATargetStatus {
        let amount = Millis(max(0, minutes)) * Time.minute
        var satisfied = satisfiedAt
        if satisfied == nil, let solved = solvedSince { satisfied = max(solved, start) }

        if let at = satisfied {
            let (counted, crossing) = measure(from: start, upTo: at, amount: amount)
            let remaining = amount - counted
            let due = crossing ?? clock.advance(at, by: remaining)
            let state: SLAState = at <= due ? .achieved : .breached
            return SLATargetStatus(target: target, state: state, due: due, remaining: remaining, achievedAt: at)
        }

        let (counted, crossing) = measure(from: start, upTo: now, amount: amount)
        let remaining = amount - counted
        if running {
            let due = crossing ?? clock.advance(now, by: remaining)
            return SLATargetStatus(target: target, state: now > due ? .breached : .active, due: due,
                                   remaining: remaining, achievedAt: nil)
        }
        let stoppedAt = max(stoppedSince, start)
        if let crossing, crossing < stoppedAt {
            return SLATargetStatus(target: target, state: .breached, due: crossing, remaining: remaining, achievedAt: nil)
        }
        return SLATargetStatus(target: target, state: .paused, due: nil, remaining: remaining, achievedAt: nil)
    }
}
