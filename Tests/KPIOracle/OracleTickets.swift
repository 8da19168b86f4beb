import Foundation

/// One ticket read for the KPIs: its statuses over time and its SLA targets.
///
/// Statuses: `new` at creation; each status event moves it (the same status again is no
/// move; an event before the creation counts at it); when the current status differs from
/// where the events lead, it began at the last status, reply or note event (or the creation).
/// Done = solved or closed.
///
/// SLA targets (the clock runs while new or open, pauses while pending or on hold, stops
/// while solved or closed): first reply from creation to the first public agent reply; next
/// reply from a requester message after a public agent reply to the next public agent reply
/// (the open cycle, else the last one); resolution from creation to solved or closed. A reply
/// target still open when the ticket is done is met by the solve; reopening resumes it. A
/// target's due is where its counted time reaches the policy's minutes; met at or before it:
/// achieved; after it: breached; unmet with the clock running: breached once now passes the
/// due; unmet with the clock stopped: breached only if overdue when it stopped, else paused
/// (no due, not counted).
struct OracleTicket {
    enum Outcome { case achieved, breached, running }
    struct Target { var name: String; var due: Int64; var outcome: Outcome }

    let ticket: OracleData.Ticket
    /// (at, status) moves in time order.
    var moves: [(at: Int64, status: String)] = []
    var firstSolve: Int64?
    var reopened = false
    var firstReply: Int64?
    var targets: [Target] = []

    static func isDone(_ s: String) -> Bool { s == "solved" || s == "closed" }
    static let known: Set<String> = ["new", "open", "pending", "on_hold", "solved", "closed"]

    init(_ t: OracleData.Ticket, events raw: [OracleData.Event], policy: OracleData.Policy, clock: OracleClock) {
        ticket = t
        let events = raw.enumerated().filter { ["status", "reply", "note"].contains($0.element.kind) }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var status = "new"
        var lastEvent = t.created
        for e in events {
            if e.kind == "status", let to = e.to, !Self.known.contains(to) { continue }
            let at = max(e.at, t.created)
            lastEvent = max(lastEvent, at)
            if e.kind == "status", let to = e.to, to != status {
                moves.append((at, to))
                status = to
            }
        }
        if t.status != status { moves.append((lastEvent, t.status)) }
        var done = false
        for m in moves where Self.isDone(m.status) != done {
            done.toggle()
            if done, firstSolve == nil { firstSolve = m.at }
            if !done { reopened = true }
        }
        firstReply = events.first { $0.kind == "reply" && $0.actor == "agent" && $0.isPublic }?.at
        targets = Self.slaTargets(t, events, moves, policy, clock)
    }

    /// The status in force at `instant` (moves strictly before it).
    func status(at instant: Int64) -> String { moves.last { $0.at < instant }?.status ?? "new" }

    static func slaTargets(_ t: OracleData.Ticket, _ events: [OracleData.Event], _ moves: [(at: Int64, status: String)],
                           _ policy: OracleData.Policy, _ clock: OracleClock) -> [Target] {
        let forever = Int64.max / 4
        // Running intervals.
        var runs: [(Int64, Int64)] = []
        var runStart: Int64? = t.created
        var stoppedSince = t.created
        var doneSince: Int64?
        var current = "new"
        for m in moves {
            let runs0 = current == "new" || current == "open", runs1 = m.status == "new" || m.status == "open"
            if runs0 && !runs1 { if let s = runStart, m.at > s { runs.append((s, m.at)) }; runStart = nil; stoppedSince = m.at }
            if !runs0 && runs1 { runStart = m.at }
            if !isDone(m.status) { doneSince = nil } else if !isDone(current) { doneSince = m.at }
            current = m.status
        }
        if let s = runStart { runs.append((s, forever)) }
        let running = runStart != nil
        // Replies and cycles.
        var first: Int64?
        var open: (start: Int64, reply: Int64?)?
        var last: (start: Int64, reply: Int64?)?
        for e in events where e.kind != "status" {
            let at = max(e.at, t.created)
            if e.kind == "reply" && e.actor == "requester" {
                if first != nil, open == nil { open = (at, nil) }
            } else if e.kind == "reply" && e.isPublic {
                if first == nil { first = at } else if var c = open { c.reply = at; last = c; open = nil }
            }
        }
        func target(_ name: String, start: Int64, minutes: Int, met: Int64?) -> Target? {
            let amount = Int64(max(0, minutes)) * 60_000
            let satisfied = met ?? doneSince.map { max($0, start) }
            // Counted time from start up to `upTo`, and where it reached the amount.
            func measure(_ upTo: Int64) -> (Int64, Int64?) {
                var counted: Int64 = 0
                var crossing: Int64? = amount <= 0 ? start : nil
                for (a, b) in runs where a < upTo {
                    let lo = max(a, start), hi = min(b, upTo)
                    guard hi > lo else { continue }
                    if hi == forever { // the clock runs on: only where it reaches the amount matters
                        if crossing == nil { crossing = clock.advance(lo, amount - counted) }
                        break
                    }
                    let e = clock.elapsed(lo, hi)
                    if crossing == nil, counted + e >= amount { crossing = clock.advance(lo, amount - counted) }
                    counted += e
                }
                return (counted, crossing)
            }
            if let at = satisfied {
                let (counted, crossing) = measure(at)
                let due = crossing ?? clock.advance(at, amount - counted)
                return Target(name: name, due: due, outcome: at <= due ? .achieved : .breached)
            }
            let (_, crossing) = measure(forever)
            if running {
                guard let due = crossing else { return nil }
                return Target(name: name, due: due, outcome: t.status == "new" || t.status == "open" ? .running : .breached)
            }
            if let crossing, crossing < max(stoppedSince, start) { return Target(name: name, due: crossing, outcome: .breached) }
            return nil
        }
        var out: [Target] = []
        if let x = target("first_reply", start: t.created, minutes: policy.firstReply, met: first) { out.append(x) }
        if let cycle = open ?? last, let x = target("next_reply", start: cycle.start, minutes: policy.nextReply, met: cycle.reply) { out.append(x) }
        if let x = target("resolution", start: t.created, minutes: policy.resolution, met: nil) { out.append(x) }
        return out
    }
}
