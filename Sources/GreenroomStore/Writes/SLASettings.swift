import Foundation
import GRDB
import GreenroomCore

// MARK: - SLA settings

/// The team's SLA configuration as `greenroom settings sla` shows it: one policy per priority
/// (most urgent first), the business hours business-time policies count in, and the warning
/// threshold of the queue's countdowns.
public struct SLASettings: Hashable, Sendable {
    public var policies: [SLAPolicy]
    public var businessHours: BusinessHours
    public var warningMinutes: Int
    /// For one team's view (issue 24): its name; the priorities it has a policy of its own
    /// for (the others follow the team-wide policy), and whether the hours are its own.
    public var team: String?
    public var ownPriorities: Set<TicketPriority>
    public var ownHours: Bool

    public init(policies: [SLAPolicy], businessHours: BusinessHours, warningMinutes: Int,
                team: String? = nil, ownPriorities: Set<TicketPriority> = [], ownHours: Bool = false) {
        self.policies = policies; self.businessHours = businessHours; self.warningMinutes = warningMinutes
        self.team = team; self.ownPriorities = ownPriorities; self.ownHours = ownHours
    }

    public func policy(_ priority: TicketPriority) -> SLAPolicy? { policies.first { $0.priority == priority } }
}

/// A change to one priority's SLA policy: the fields that are set change, the others stay.
public struct SLAPolicyEdit: Hashable, Sendable {
    public var firstReplyMinutes: Int?
    public var nextReplyMinutes: Int?
    public var resolutionMinutes: Int?
    /// true: count business hours; false: calendar time.
    public var businessHours: Bool?

    public init(firstReplyMinutes: Int? = nil, nextReplyMinutes: Int? = nil, resolutionMinutes: Int? = nil, businessHours: Bool? = nil) {
        self.firstReplyMinutes = firstReplyMinutes; self.nextReplyMinutes = nextReplyMinutes
        self.resolutionMinutes = resolutionMinutes; self.businessHours = businessHours
    }

    public var isEmpty: Bool {
        firstReplyMinutes == nil && nextReplyMinutes == nil && resolutionMinutes == nil && businessHours == nil
    }
}

/// A change to the business hours: the fields that are set change; holidays are added and
/// removed by date ("YYYY-MM-DD").
public struct BusinessHoursEdit: Hashable, Sendable {
    public var timeZone: String?
    public var weekdays: [Int]?
    public var startMinute: Int?
    public var endMinute: Int?
    public var addHolidays: [String]
    public var removeHolidays: [String]

    public init(timeZone: String? = nil, weekdays: [Int]? = nil, startMinute: Int? = nil, endMinute: Int? = nil,
                addHolidays: [String] = [], removeHolidays: [String] = []) {
        self.timeZone = timeZone; self.weekdays = weekdays; self.startMinute = startMinute; self.endMinute = endMinute
        self.addHolidays = addHolidays; self.removeHolidays = removeHolidays
    }

    public var isEmpty: Bool {
        timeZone == nil && weekdays == nil && startMinute == nil && endMinute == nil && addHolidays.isEmpty && removeHolidays.isEmpty
    }

    /// `hours` with this edit applied (weekdays and holidays sorted, without duplicates), or a
    /// one-line reason why not. The result is checked with `BusinessHours.validationError()`.
    public func applied(to hours: BusinessHours) throws -> BusinessHours {
        var h = hours
        if let timeZone { h.timeZone = timeZone.trimmingCharacters(in: .whitespaces) }
        if let weekdays { h.weekdays = Array(Set(weekdays)).sorted() }
        if let startMinute { h.startMinute = startMinute }
        if let endMinute { h.endMinute = endMinute }
        let adding = addHolidays.map { $0.trimmingCharacters(in: .whitespaces) }
        let removing = removeHolidays.map { $0.trimmingCharacters(in: .whitespaces) }
        if let both = adding.first(where: removing.contains) {
            throw GreenroomError.invalidInput("\(both) is both added and removed as a holiday")
        }
        var holidays = Set(h.holidays)
        for day in removing {
            guard holidays.remove(day) != nil else { throw GreenroomError.invalidInput("\(day) is not a holiday") }
        }
        holidays.formUnion(adding)
        h.holidays = holidays.sorted()
        if let reason = h.validationError() { throw GreenroomError.invalidInput("business hours: \(reason)") }
        return h
    }
}

/// SLA durations as people type and read them: `30m`, `4h`, `2d`, `1w`, `1h30m`, or a bare
/// number of minutes (`90`); shown back as `30m`, `4h`, `3d`, `1h 30m`.
public enum SLADuration {
    /// The longest target a policy may have: 365 days.
    public static let maxMinutes = 365 * 24 * 60

    /// Minutes, or nil when `text` is not a duration. (Zero parses; the range is checked apart.)
    public static func parse(_ text: String) -> Int? {
        let clean = text.lowercased().filter { !$0.isWhitespace }
        guard !clean.isEmpty else { return nil }
        if clean.allSatisfy(\.isASCIIDigit) { return clean.count <= 9 ? Int(clean) : nil }
        var total = 0
        var digits = ""
        var lastUnit = Int.max
        for ch in clean {
            if ch.isASCIIDigit {
                digits.append(ch)
                guard digits.count <= 9 else { return nil }
                continue
            }
            let unit: Int
            switch ch {
            case "w": unit = 7 * 24 * 60
            case "d": unit = 24 * 60
            case "h": unit = 60
            case "m": unit = 1
            default: return nil
            }
            // Each unit once, largest first: "1h30m", not "30m1h" or "1h1h".
            guard let n = Int(digits), unit < lastUnit else { return nil }
            lastUnit = unit
            total += n * unit
            digits = ""
        }
        return digits.isEmpty ? total : nil
    }

    /// `30m`, `8h`, `3d`, `1h 30m`, `1d 4h` (whole days or hours when they divide evenly).
    public static func format(_ minutes: Int) -> String {
        if minutes <= 0 { return "\(minutes)m" }
        if minutes % (24 * 60) == 0 { return "\(minutes / (24 * 60))d" }
        if minutes % 60 == 0 { return "\(minutes / 60)h" }
        if minutes < 60 { return "\(minutes)m" }
        return "\(minutes / 60)h \(minutes % 60)m"
    }

    /// nil when `minutes` can be a policy target, else a one-line reason naming `what`.
    public static func validationError(_ minutes: Int, what: String) -> String? {
        if minutes <= 0 { return "\(what) must be more than 0 minutes" }
        if minutes > maxMinutes { return "\(what) must be at most 365 days (got \(format(minutes)))" }
        return nil
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Store {
    /// The warning threshold may be 1 minute to 7 days.
    public static let slaWarningRange = 1...(7 * 24 * 60)

    /// The four policies (urgent first; built-in defaults for any the team lacks), the business
    /// hours and the warning threshold.
    /// `team`: what that team's tickets are timed by (its own policies and hours where it has
    /// them, else the team-wide ones).
    public func slaSettings(team: String? = nil) throws -> SLASettings {
        try read { db in
            guard let team else { return try Store.slaSettings(db) }
            return try Store.slaSettings(db, team: try Store.team(named: team, db))
        }
    }

    static func slaSettings(_ db: Database) throws -> SLASettings {
        let settings = try loadSettings(db)
        let policies = try TicketPriority.allCases.sorted().map { try slaPolicy(db, $0) }
        return SLASettings(policies: policies, businessHours: settings.businessHours, warningMinutes: settings.slaWarningMinutes)
    }

    static func slaSettings(_ db: Database, team: Team) throws -> SLASettings {
        var sla = try slaSettings(db)
        sla.team = team.name
        for (i, p) in sla.policies.enumerated() {
            if let own = try teamSLAPolicy(db, team: team.id, p.priority) { sla.policies[i] = own; sla.ownPriorities.insert(p.priority) }
        }
        if let own = team.businessHours { sla.businessHours = own; sla.ownHours = true }
        return sla
    }

    /// Changes one priority's policy in one transaction, re-timing every open ticket. Each
    /// target must be 1 minute to 365 days; an empty edit is refused. Returns the policy as
    /// saved and how many open tickets' due time moved.
    ///
    /// `team` (a team name): that team's own policy for the priority, made from the team-wide
    /// one on its first edit; only that team's open tickets are re-timed.
    @discardableResult
    public func editSLAPolicy(_ priority: TicketPriority, _ edit: SLAPolicyEdit, team: String? = nil) throws -> (policy: SLAPolicy, retimed: Int) {
        guard !edit.isEmpty else {
            throw GreenroomError.invalidInput("nothing to change: give --first-reply, --next-reply, --resolution, --business-hours or --calendar")
        }
        for (value, what) in [(edit.firstReplyMinutes, "first reply"), (edit.nextReplyMinutes, "next reply"), (edit.resolutionMinutes, "resolution")] {
            if let value, let reason = SLADuration.validationError(value, what: what) { throw GreenroomError.invalidInput(reason) }
        }
        if let team { return try editTeamSLAPolicy(priority, edit, team: team) }
        return try write { db in
            let current = try Store.slaPolicy(db, priority)
            var updated = current
            if let v = edit.firstReplyMinutes { updated.firstReplyMinutes = v }
            if let v = edit.nextReplyMinutes { updated.nextReplyMinutes = v }
            if let v = edit.resolutionMinutes { updated.resolutionMinutes = v }
            if let v = edit.businessHours { updated.businessHours = v }
            let stored = try String.fetchOne(db, sql: "SELECT id FROM sla_policy WHERE priority = ? AND team_id IS NULL AND deleted = 0", arguments: [priority.rawValue])
            guard updated != current || stored == nil else { return (updated, 0) }
            let before = try Store.openDueTimes(db)
            if let id = stored {
                var fields: [String: DatabaseValue] = [:]
                if updated.firstReplyMinutes != current.firstReplyMinutes { fields["first_reply_minutes"] = updated.firstReplyMinutes.databaseValue }
                if updated.nextReplyMinutes != current.nextReplyMinutes { fields["next_reply_minutes"] = updated.nextReplyMinutes.databaseValue }
                if updated.resolutionMinutes != current.resolutionMinutes { fields["resolution_minutes"] = updated.resolutionMinutes.databaseValue }
                if updated.businessHours != current.businessHours { fields["business_hours"] = updated.businessHours.databaseValue }
                try updateStamped(.slaPolicy, id: id, fields: fields, in: db) // re-times every open ticket
            } else {
                // No row for this priority (a team that deleted it): save the edited defaults as a new one.
                updated.id = UUIDv7.make(millis: wallClock.now())
                try insertStamped(updated, in: db) // re-times every open ticket
            }
            return (updated, try Store.retimedCount(db, before: before))
        }
    }

    private func editTeamSLAPolicy(_ priority: TicketPriority, _ edit: SLAPolicyEdit, team name: String) throws -> (policy: SLAPolicy, retimed: Int) {
        try write { db in
            let team = try Store.team(named: name, db)
            let own = try Store.teamSLAPolicy(db, team: team.id, priority)
            let current = try own ?? Store.slaPolicy(db, priority)
            var updated = current
            updated.teamID = team.id
            updated.id = own?.id ?? SLAPolicy.id(team: team.id, priority: priority)
            if let v = edit.firstReplyMinutes { updated.firstReplyMinutes = v }
            if let v = edit.nextReplyMinutes { updated.nextReplyMinutes = v }
            if let v = edit.resolutionMinutes { updated.resolutionMinutes = v }
            if let v = edit.businessHours { updated.businessHours = v }
            if own != nil, updated == current { return (updated, 0) }
            let before = try Store.openDueTimes(db)
            if let old = try SLAPolicy.fetchOne(db, sql: "SELECT \(SLAPolicy.selectColumns) FROM sla_policy WHERE id = ?", arguments: [updated.id]) {
                // Its own policy, or one reset earlier (a tombstone with the derived id) coming back.
                var fields: [String: DatabaseValue] = [:]
                if updated.firstReplyMinutes != old.firstReplyMinutes { fields["first_reply_minutes"] = updated.firstReplyMinutes.databaseValue }
                if updated.nextReplyMinutes != old.nextReplyMinutes { fields["next_reply_minutes"] = updated.nextReplyMinutes.databaseValue }
                if updated.resolutionMinutes != old.resolutionMinutes { fields["resolution_minutes"] = updated.resolutionMinutes.databaseValue }
                if updated.businessHours != old.businessHours { fields["business_hours"] = updated.businessHours.databaseValue }
                if own == nil { fields["deleted"] = false.databaseValue }
                if !fields.isEmpty { try updateStamped(.slaPolicy, id: updated.id, fields: fields, in: db) } // re-times the team's tickets
            } else {
                try insertStamped(updated, in: db) // re-times the team's tickets
            }
            return (updated, try Store.retimedCount(db, before: before))
        }
    }

    /// Drops a team's own policy for a priority: its tickets follow the team-wide one again.
    @discardableResult
    public func resetTeamSLAPolicy(_ priority: TicketPriority, team name: String) throws -> (policy: SLAPolicy, retimed: Int) {
        try write { db in
            let team = try Store.team(named: name, db)
            guard let own = try Store.teamSLAPolicy(db, team: team.id, priority) else {
                throw GreenroomError.invalidInput("team \"\(TerminalText.sanitize(team.name))\" has no \(priority.rawValue) policy of its own (it follows the team-wide one)")
            }
            let before = try Store.openDueTimes(db)
            try updateStamped(.slaPolicy, id: own.id, fields: ["deleted": true.databaseValue], in: db)
            try Derived.refreshOpenTickets(db, teams: [team.id])
            return (try Store.slaPolicy(db, priority), try Store.retimedCount(db, before: before))
        }
    }

    /// Changes the business hours in one transaction (validated as a whole), re-timing every
    /// open ticket. Returns the hours as saved and how many open tickets' due time moved.
    /// `team` (a team name): that team's own calendar, made from the team-wide hours on its
    /// first edit; only its open tickets are re-timed.
    @discardableResult
    public func editBusinessHours(_ edit: BusinessHoursEdit, team: String? = nil) throws -> (hours: BusinessHours, retimed: Int) {
        guard !edit.isEmpty else {
            throw GreenroomError.invalidInput("nothing to change: give --zone, --days, --from, --to, --holiday-add or --holiday-remove")
        }
        if let name = team {
            return try write { db in
                let team = try Store.team(named: name, db)
                let current = try team.businessHours ?? Store.loadSettings(db).businessHours
                let updated = try edit.applied(to: current)
                guard updated != team.businessHours else { return (updated, 0) }
                let before = try Store.openDueTimes(db)
                try updateStamped(.team, id: team.id, fields: ["calendar": updated.json.databaseValue], in: db) // re-times its tickets
                return (updated, try Store.retimedCount(db, before: before))
            }
        }
        return try write { db in
            let current = try Store.loadSettings(db).businessHours
            let updated = try edit.applied(to: current)
            guard updated != current else { return (updated, 0) }
            let before = try Store.openDueTimes(db)
            try writeSetting(.businessHours, updated, in: db) // re-times every open ticket
            return (updated, try Store.retimedCount(db, before: before))
        }
    }

    /// Drops a team's own business hours: its tickets count the team-wide hours again.
    @discardableResult
    public func clearTeamBusinessHours(team name: String) throws -> (hours: BusinessHours, retimed: Int) {
        try write { db in
            let team = try Store.team(named: name, db)
            let hours = try Store.loadSettings(db).businessHours
            guard team.calendar != nil else { return (hours, 0) }
            let before = try Store.openDueTimes(db)
            try updateStamped(.team, id: team.id, fields: ["calendar": DatabaseValue.null], in: db)
            try Derived.refreshOpenTickets(db, teams: [team.id])
            return (hours, try Store.retimedCount(db, before: before))
        }
    }

    /// Sets the warning threshold (minutes before a due time at which countdowns turn to
    /// their warning colour), 1 minute to 7 days.
    @discardableResult
    public func setSLAWarningMinutes(_ minutes: Int) throws -> Int {
        guard Store.slaWarningRange.contains(minutes) else {
            throw GreenroomError.invalidInput("the warning threshold must be 1 minute to 7 days (got \(SLADuration.format(minutes)))")
        }
        return try write { db in
            if try Store.loadSettings(db).slaWarningMinutes != minutes { try writeSetting(.slaWarningMinutes, minutes, in: db) }
            return minutes
        }
    }

    /// Every open ticket's stored due time, to count what an edit moved.
    private static func openDueTimes(_ db: Database) throws -> [String: Int64?] {
        var due: [String: Int64?] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, sla_due_at FROM ticket WHERE deleted = 0 AND status IN \(openStatuses)")
        while let row = try rows.next() { due[row["id"] as String] = row["sla_due_at"] as Int64? }
        return due
    }

    private static func retimedCount(_ db: Database, before: [String: Int64?]) throws -> Int {
        var moved = 0
        for (id, due) in try openDueTimes(db) where before[id].map({ $0 != due }) ?? true { moved += 1 }
        return moved
    }
}

// MARK: - Ticket listings

/// One ticket as `greenroom tickets list` prints it: the queue's columns plus channel, tags and
/// the SLA engine's report for "now".
public struct TicketListing: Hashable, Sendable {
    public var id: String
    /// The full 12-character key.
    public var key: String
    /// The shortest unique prefix of the key (as the queue shows it).
    public var shortKey: String
    public var subject: String
    public var status: TicketStatus
    public var priority: TicketPriority
    public var category: TicketCategory
    public var channel: TicketChannel
    public var tier: Int
    public var assigneeHandle: String?
    public var requesterHandle: String?
    public var networkName: String?
    public var createdAt: Millis
    public var solvedAt: Millis?
    public var tags: [String]
    public var sla: SLAReport
    /// When its snooze ends or ended (`TicketSnooze`); nil when not snoozed.
    public var wakeAt: Millis?

    public init(id: String, key: String, shortKey: String, subject: String, status: TicketStatus, priority: TicketPriority,
                category: TicketCategory, channel: TicketChannel, tier: Int, assigneeHandle: String?, requesterHandle: String?,
                networkName: String?, createdAt: Millis, solvedAt: Millis?, tags: [String], sla: SLAReport, wakeAt: Millis? = nil) {
        self.id = id; self.key = key; self.shortKey = shortKey; self.subject = subject; self.status = status
        self.priority = priority; self.category = category; self.channel = channel; self.tier = tier
        self.assigneeHandle = assigneeHandle; self.requesterHandle = requesterHandle; self.networkName = networkName
        self.createdAt = createdAt; self.solvedAt = solvedAt; self.tags = tags; self.sla = sla; self.wakeAt = wakeAt
    }

    /// The target a one-column SLA summary shows: the next breach while a clock runs; else
    /// the first unsatisfied target (paused, or overdue when its clock stopped); on a solved
    /// ticket, resolution.
    public var headlineTarget: SLATargetStatus? {
        if let next = sla.nextBreachTarget, let status = sla[next] { return status }
        if let waiting = sla.targets.first(where: { $0.achievedAt == nil }) { return waiting }
        return status.isOpen ? nil : sla[.resolution]
    }
}

extension Store {
    /// A view and filter as listed by `greenroom tickets list`, in the queue's order: open views
    /// by time to next breach (as the SLA engine computes it for `now`; no running clock last,
    /// then oldest first), the solved view by most recently solved. `limit` nil: all of them.
    ///
    /// One snapshot; a handful of queries per 500 tickets plus two index lookups per ticket
    /// for its short key.
    public func ticketListing(view: TicketView, filter: TicketFilter = .all, me: String?, limit: Int? = nil, now: Millis,
                              sort: TicketSort = .nextBreach) throws -> [TicketListing] {
        try read { db in
            let w = Store.ticketWhere(view: view, filter: filter, me: me, now: now)
            var arguments = w.arguments
            arguments += ["limit": limit.map { max(0, $0) } ?? -1]
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Ticket.columns.map { "t." + $0 }.joined(separator: ", ")), t.solved_at AS solved_at_derived, t.wake_at,
                       c.handle AS requester_handle, n.name AS network_name, m.handle AS assignee_handle
                FROM ticket t \(Store.ticketJoins)
                WHERE \(w.clause)
                ORDER BY \(Store.ticketOrder(w, sort: sort, reversed: false))
                LIMIT :limit
                """, arguments: arguments)
            guard !rows.isEmpty else { return [] }

            let book = try Store.slaBook(db) // each ticket on its team's policy and clock

            let tickets = try rows.map { try Ticket(row: $0) }
            var events: [String: [TicketEvent]] = [:]
            var tags: [String: [String]] = [:]
            let chunkSize = 500
            for start in stride(from: 0, to: tickets.count, by: chunkSize) {
                let ids = tickets[start..<min(start + chunkSize, tickets.count)].map(\.id)
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                let eventRows = try TicketEvent.fetchCursor(db, sql: """
                    SELECT \(TicketEvent.selectColumns) FROM ticket_event
                    WHERE ticket_id IN (\(marks)) AND deleted = 0 ORDER BY ticket_id, at, rowid
                    """, arguments: StatementArguments(ids))
                while let e = try eventRows.next() { events[e.ticketID, default: []].append(e) }
                let tagRows = try Row.fetchCursor(db, sql: """
                    SELECT DISTINCT ticket_id, tag FROM ticket_tag WHERE ticket_id IN (\(marks)) AND deleted = 0 ORDER BY ticket_id, tag
                    """, arguments: StatementArguments(ids))
                while let r = try tagRows.next() { tags[r["ticket_id"] as String, default: []].append(r["tag"]) }
            }

            var listings: [TicketListing] = []
            listings.reserveCapacity(tickets.count)
            for (row, ticket) in zip(rows, tickets) {
                guard case let (policy, clock)? = book.entry(team: ticket.teamID, priority: ticket.priority) else { continue }
                let report = SLAEngine.evaluate(Store.slaTicket(ticket, events[ticket.id] ?? []), policy: policy, clock: clock, now: now)
                listings.append(TicketListing(
                    id: ticket.id, key: ticket.key, shortKey: try Store.shortKey(ticket.key, db), subject: ticket.subject,
                    status: ticket.status, priority: ticket.priority, category: ticket.category, channel: ticket.channel,
                    tier: ticket.tier, assigneeHandle: row["assignee_handle"], requesterHandle: row["requester_handle"],
                    networkName: row["network_name"], createdAt: ticket.createdAt, solvedAt: row["solved_at_derived"],
                    tags: tags[ticket.id] ?? [], sla: report, wakeAt: row["wake_at"]))
            }
            guard w.openQueue, sort == .nextBreach else { return listings }
            // The stored due time orders the query; the engine's, evaluated now, orders what is shown.
            // Woken tickets first, as the queue shows them.
            return listings.enumerated().sorted { a, b in
                if w.wokeFirst && (a.element.wakeAt == nil) != (b.element.wakeAt == nil) { return a.element.wakeAt != nil }
                let x = a.element.sla.nextBreachDue ?? .max, y = b.element.sla.nextBreachDue ?? .max
                if x != y { return x < y }
                if a.element.createdAt != b.element.createdAt { return a.element.createdAt < b.element.createdAt }
                return a.offset < b.offset
            }.map(\.element)
        }
    }
}
