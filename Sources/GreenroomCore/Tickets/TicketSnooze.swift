import Foundation

/// Ticket snooze (issue 28): an agent puts a ticket out of the active queue views until a
/// time (`w`), and it comes back on top when that time passes or when the requester writes.
///
/// Two columns hold it. `snoozed_until` is the agent's decision, a ticket field like any other:
/// stamped, synced (last writer wins), undone by the change set's inverse, and written beside a
/// `snooze` ticket event (to_value the wake time, or null for an unsnooze). `wake_at` is
/// derived on every laptop from that field and the timeline (`wakeAt`): the snooze's end, which
/// is `snoozed_until` or, sooner, the first requester message after the snooze was set. A
/// requester's reply therefore wakes the ticket wherever the reply comes from (a local write,
/// an import or a sync) with nothing written for it, so two laptops never race to write the
/// same wake-up.
///
/// - **Snoozed**: `wake_at` after now. Out of every open view but Snoozed and Breaching soon.
/// - **Woke**: `wake_at` at or before now while `snoozed_until` is still set — the marker that
///   sorts it first in every open view. The store clears it (`snoozed_until` null) with the
///   next action an agent takes on the ticket (a reply, a note, a status, …), in the same change
///   set, so an undo brings the marker back. Opening the ticket does not clear it: reading
///   never writes.
/// - Solving or closing a ticket ends its snooze.
///
/// The SLA clock keeps running while a ticket is snoozed (DESIGN.md pauses clocks only for
/// `pending` and `on_hold`): snoozing says when a ticket will breach before it wakes, Breaching
/// soon and Today keep listing it, and the header's breaching count includes it.
///
/// Times are whole minutes: a snooze's end is rounded up to the minute and a requester's
/// message wakes the ticket at its minute, so the views compare with now to the minute
/// (`viewBound`) and keep their counts cached for that minute.
public enum TicketSnooze {
    /// A ticket's snooze as seen at a moment.
    public enum State: Hashable, Sendable {
        case none
        case snoozed(until: Millis)
        case woke(at: Millis)
    }

    public static func state(wakeAt: Millis?, now: Millis) -> State {
        guard let wakeAt else { return .none }
        return wakeAt > viewBound(now) ? .snoozed(until: wakeAt) : .woke(at: wakeAt)
    }

    /// The instant the views compare wake times with: now, to the minute.
    public static func viewBound(_ now: Millis) -> Millis { minute(now) }

    static func minute(_ t: Millis) -> Millis { t - ((t % Time.minute) + Time.minute) % Time.minute }

    /// A chosen wake time, up to the next whole minute.
    public static func roundedUp(_ t: Millis) -> Millis {
        let down = minute(t)
        return down == t ? t : down + Time.minute
    }

    /// A `snooze` event's `to_value` / `from_value`: the wake time in ISO 8601 UTC.
    public static func encode(_ at: Millis) -> String { Time.iso(at) }
    public static func decode(_ text: String?) -> Millis? { text.flatMap(Time.parseISO) }

    /// When the snooze ends: `snoozedUntil`, or the minute of the first requester message after
    /// the latest snooze event, whichever comes first. Nil when the ticket is not snoozed or is
    /// no longer open. `events`: the ticket's timeline, oldest first; withdrawn events are
    /// ignored. A snooze with no event of its own (not here yet) is woken by its time only.
    public static func wakeAt(snoozedUntil: Millis?, status: TicketStatus, events: [TicketEvent]) -> Millis? {
        guard let until = snoozedUntil, status.isOpen else { return nil }
        let live = events.filter { !$0.deleted }
        guard let start = live.last(where: { $0.kind == .snooze && $0.toValue != nil })?.at else { return until }
        guard let reply = live.first(where: { $0.kind == .reply && $0.actor == .requester && $0.at > start }) else { return until }
        return min(until, minute(reply.at))
    }

    /// How a snooze ended by itself, for the timeline (derived from the events, never stored):
    /// at its time, or at the requester's message that woke it.
    public struct Ending: Hashable, Sendable {
        public enum Reason: Hashable, Sendable { case timeUp, requesterReplied }
        public var at: Millis
        public var reason: Reason

        public init(at: Millis, reason: Reason) { self.at = at; self.reason = reason }

        public var text: String { reason == .timeUp ? "woke: snooze ended" : "woke: requester replied" }
    }

    /// Every snooze in `events` that ended by itself by `now`: its time came, or the requester
    /// wrote first. One that another snooze, an unsnooze, a solve, a close or a merge ended first
    /// has no ending here (the timeline shows that event).
    public static func endings(events: [TicketEvent], now: Millis) -> [Ending] {
        let live = events.filter { !$0.deleted }.sorted { $0.at < $1.at }
        var out: [Ending] = []
        for (i, e) in live.enumerated() where e.kind == .snooze {
            guard let until = decode(e.toValue) else { continue }
            var end = Ending(at: until, reason: .timeUp)
            var cut: Millis?
            for later in live[(i + 1)...] {
                if later.at >= end.at { break }
                if later.kind == .reply && later.actor == .requester && later.at > e.at {
                    end = Ending(at: later.at, reason: .requesterReplied)
                    break
                }
                let closes = later.kind == .status && (later.toValue == TicketStatus.solved.rawValue || later.toValue == TicketStatus.closed.rawValue)
                if later.kind == .snooze || later.kind == .merge || closes {
                    cut = later.at
                    break
                }
            }
            if cut == nil && end.at <= viewBound(now) { out.append(end) }
        }
        return out
    }

    // MARK: Words

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parts(_ at: Millis, zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: Time.date(at))
    }

    static func clock(_ c: DateComponents) -> String { String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0) }

    /// "Tue 8 Dec 09:00" in the zone; the year too when it is not now's.
    public static func describe(_ at: Millis, now: Millis, zone: TimeZone) -> String {
        let c = parts(at, zone: zone)
        let year = c.year == parts(now, zone: zone).year ? "" : " \(c.year ?? 0)"
        return "\(weekdays[((c.weekday ?? 1) - 1) % 7]) \(c.day ?? 0) \(months[((c.month ?? 1) - 1) % 12])\(year) \(clock(c))"
    }

    /// For a queue row: "09:00" later today, "Tue 09:00" within the week, else "8 Dec".
    public static func short(_ at: Millis, now: Millis, zone: TimeZone) -> String {
        let calendar = TeamCalendar(zone: zone)
        let today = calendar.startOfDay(now)
        let c = parts(at, zone: zone)
        if at >= today && at < calendar.addDays(1, to: today) { return clock(c) }
        if at >= today && at < calendar.addDays(7, to: today) { return "\(weekdays[((c.weekday ?? 1) - 1) % 7]) \(clock(c))" }
        return "\(c.day ?? 0) \(months[((c.month ?? 1) - 1) % 12])"
    }

    /// What a queue row puts before its subject: "until Tue 09:00 · " while snoozed, "woke · "
    /// once woken; nothing otherwise.
    public static func rowMark(wakeAt: Millis?, now: Millis, zone: TimeZone, dot: String) -> String {
        switch state(wakeAt: wakeAt, now: now) {
        case .none: return ""
        case .snoozed(let until): return "until \(short(until, now: now, zone: zone))\(dot)"
        case .woke: return "woke\(dot)"
        }
    }

    // MARK: Change sets

    /// One open ticket to snooze or unsnooze, with what the store knows of it.
    public struct Target: Hashable, Sendable {
        public var ticket: Ticket
        /// The key as shown (the shortest unique prefix).
        public var key: String
        /// The next SLA breach (`sla_due_at`), when a clock runs.
        public var dueAt: Millis?
        /// `wake_at` now.
        public var wakeAt: Millis?
        /// Merged into another ticket (read-only).
        public var mergedIntoKey: String?

        public init(ticket: Ticket, key: String, dueAt: Millis?, wakeAt: Millis?, mergedIntoKey: String? = nil) {
            self.ticket = ticket; self.key = key; self.dueAt = dueAt; self.wakeAt = wakeAt; self.mergedIntoKey = mergedIntoKey
        }
    }

    /// Snoozes `targets` until `until` (rounded up to the minute), or unsnoozes them (nil): one
    /// `snooze` event and the `snoozed_until` field per ticket, as one change set (one undo).
    /// The label says when a ticket breaches before it wakes: the clock keeps running.
    /// Refused, with one line, for a solved, closed or merged ticket, a time not ahead, or an
    /// unsnooze where nothing is snoozed.
    public static func changes(until: Millis?, targets: [Target], author: String?, now: Millis, zone: TimeZone) -> Result<ChangeSet, SnoozeError> {
        guard !targets.isEmpty else { return .failure(SnoozeError("no ticket to snooze")) }
        let one = targets.count == 1
        func event(_ t: Target, to: Millis?) -> TicketEvent {
            TicketEvent(id: UUIDv7.make(millis: now), ticketID: t.ticket.id, kind: .snooze, at: now, actor: .agent, authorID: author,
                        isPublic: false, fromValue: t.ticket.snoozedUntil.map(encode), toValue: to.map(encode))
        }
        let field = TicketField.snoozedUntil.rawValue
        guard let chosen = until else {
            let snoozed = targets.filter { $0.ticket.snoozedUntil != nil && $0.mergedIntoKey == nil }
            guard !snoozed.isEmpty else {
                return .failure(SnoozeError(one ? "\(targets[0].key) is not snoozed" : "none of the \(targets.count) tickets is snoozed"))
            }
            let label = snoozed.count == 1 ? "Unsnoozed \(snoozed[0].key)" : "Unsnoozed \(snoozed.count) tickets"
            return .success(ChangeSet(label, snoozed.map { .ticketAction(event($0, to: nil), fields: [field: .null]) }))
        }
        if let merged = targets.first(where: { $0.mergedIntoKey != nil }) {
            return .failure(SnoozeError("\(merged.key) was merged into \(merged.mergedIntoKey!) and is read-only"))
        }
        if let closed = targets.first(where: { !$0.ticket.status.isOpen }) {
            return .failure(SnoozeError("\(closed.key) is \(closed.ticket.status.rawValue): only open tickets can be snoozed"))
        }
        let at = roundedUp(chosen)
        guard at > now else { return .failure(SnoozeError("\(encode(chosen)) has already passed: pick a time after now")) }
        let when = describe(at, now: now, zone: zone)
        var label = one ? "Snoozed \(targets[0].key) until \(when)" : "Snoozed \(targets.count) tickets until \(when)"
        let breaching = targets.filter { ($0.dueAt ?? .max) < at }
        if one, let due = breaching.first?.dueAt {
            label += due <= now ? " · already breached" : " · breaches before then (due \(describe(due, now: now, zone: zone)))"
        } else if !breaching.isEmpty {
            label += " · \(breaching.count) breach\(breaching.count == 1 ? "es" : "") before \(breaching.count == 1 ? "it wakes" : "they wake")"
        }
        return .success(ChangeSet(label, targets.map { .ticketAction(event($0, to: at), fields: [field: .int(Int64(at))]) }))
    }
}
