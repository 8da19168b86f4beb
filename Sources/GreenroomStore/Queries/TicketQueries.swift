import Foundation
import GRDB
import GreenroomCore

/// The ticket queue: views, the filter language, pages in SLA order, the detail screen.
///
/// Open views page along `ticket_queue` (time to next breach, then age), a partial index over
/// unsolved tickets only, so at 1M tickets a page costs what it costs at 1k. `sla_due_at` is
/// derived per ticket by the SLA engine whenever its timeline, status or priority changes
/// (see `Derived.refreshTicket`); a due time in the past is a breach, so "breached first,
/// most overdue on top" is plain ascending order.
extension Store {
    /// A view and filter as SQL over `ticket t`.
    struct TicketWhere {
        var clause: String
        var arguments: StatementArguments
        var key: String
        var openQueue: Bool
        /// The FTS5 query of the free text, if any.
        var match: String?
        /// Only free text on All open or All tickets: the view's own index alone counts it.
        var textOnly: Bool
        /// The search index of the view's free text.
        var textIndex: String { openQueue ? "ticket_open_fts" : "ticket_text_fts" }
        /// Every ticket (`TicketView.all`): newest first by default.
        var allTickets = false
        /// Woken tickets first (`TicketSnooze`): every open view but Snoozed, whose rows all
        /// have a wake time.
        var wokeFirst = false
        /// The view leaves out tickets snoozed past this instant (`TicketView.hidesSnoozed`).
        var snoozedAfter: Millis?
        /// All open with no filter: every open ticket on the narrow index, less the snoozed.
        var wholeAllOpen = false
    }

    static let never: Int64 = 9_223_372_036_854_775_807

    /// The requester, network and assignee beside a ticket row (`c`, `n`, `m`).
    static let ticketJoins = """
        LEFT JOIN creator c ON c.id = t.requester_creator_id
        LEFT JOIN network n ON n.id = t.requester_network_id
        LEFT JOIN member m ON m.id = t.assignee_id
        """

    static func ticketWhere(view: TicketView, filter: TicketFilter, me: String?, now: Millis, walk: Bool = false) -> TicketWhere {
        var parts = ["t.deleted = 0"]
        var params = SQLParameters(prefix: "q")
        func bind(_ value: DatabaseValueConvertible?) -> String { params.bind(value) }
        func list(_ values: [DatabaseValueConvertible]) -> String { params.list(values) }
        func add(_ predicate: String, negated: Bool) { parts.append(negated ? "NOT IFNULL(\(predicate), 0)" : "IFNULL(\(predicate), 0)") }
        func person(_ handle: String) -> String { "(SELECT id FROM member WHERE handle = \(bind(handle)) AND deleted = 0)" }
        let meHandle = me ?? "\u{0}no one"
        if view.isOpenQueue {
            // The exact text of ticket_queue's WHERE, so SQLite can use that partial index.
            parts.append("t.status IN \(openStatuses)")
        }
        switch view {
        case .myOpen: parts.append("t.assignee_id = \(person(meHandle))")
        case .unassigned: parts.append("t.assignee_id IS NULL")
        case .breachingSoon:
            // Snoozed tickets stay (a snooze never hides a breach). The IN holds for every row: it
            // lets SQLite search ticket_queue's two ranges by due time, in order.
            parts.append("(t.wake_at IS NULL) IN (0, 1)")
            parts.append("ifnull(t.sla_due_at, \(never)) < \(bind(now + Time.hour))")
        case .escalated: parts.append("t.tier = 2")
        case .pending: parts.append("t.status = 'pending'")
        case .snoozed: break
        case .allOpen, .all: break
        case .solvedRecently:
            parts.append("t.solved_at >= \(bind(now - 7 * Time.day))")
            parts.append("t.status IN ('solved','closed')")
        }
        // Snoozed tickets (issue 28): out of the active views, tested inside ticket_queue (which
        // holds wake_at); the Snoozed view searches their own range of it (both forms, one for
        // ticket_queue and ticket_queue_priority, one for ticket_queue_created).
        let bound = TicketSnooze.viewBound(now)
        if view.hidesSnoozed { parts.append("ifnull(t.wake_at, 0) <= \(bind(bound))") }
        if view == .snoozed { parts.append("(t.wake_at IS NULL) = 0 AND (t.wake_at IS NOT NULL) = 1 AND t.wake_at > \(bind(bound))") }
        for condition in filter.conditions {
            switch condition {
            case .status(let v, let neg): add("t.status IN \(list(v.map(\.rawValue)))", negated: neg)
            case .priority(let v, let neg): add("t.priority IN \(list(v.map(\.rawValue)))", negated: neg)
            case .category(let v, let neg): add("t.category IN \(list(v.map(\.rawValue)))", negated: neg)
            case .channel(let v, let neg): add("t.channel IN \(list(v.map(\.rawValue)))", negated: neg)
            case .csat(let v, let neg): add("t.csat IN \(list(v.map(\.rawValue)))", negated: neg)
            case .tier(let tier, let neg): add("t.tier = \(bind(tier))", negated: neg)
            case .assignee(let people, let neg):
                var alternatives: [String] = []
                var handles: [String] = []
                for p in people {
                    switch p {
                    case .me: handles.append(meHandle)
                    case .nobody: alternatives.append("t.assignee_id IS NULL")
                    case .handle(let h): handles.append(h)
                    }
                }
                if !handles.isEmpty { alternatives.append("t.assignee_id IN (SELECT id FROM member WHERE handle IN \(list(handles)) AND deleted = 0)") }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: neg)
            case .requester(let handles, let neg):
                let matches = handles.map { h in
                    "(handle >= \(bind(h)) AND handle < \(bind(h + "\u{10FFFF}")))"
                }.joined(separator: " OR ")
                add("t.requester_creator_id IN (SELECT id FROM creator WHERE deleted = 0 AND (\(matches)))", negated: neg)
            case .network(let networks, let neg):
                var alternatives: [String] = []
                let names = networks.compactMap { if case .named(let n) = $0 { return n.lowercased() } else { return nil } }
                if networks.contains(.nobody) { alternatives.append("t.requester_network_id IS NULL") }
                if !names.isEmpty {
                    alternatives.append("t.requester_network_id IN (SELECT id FROM network WHERE lower(name) IN \(list(names)) AND deleted = 0)")
                }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: neg)
            case .team(let teams, let neg):
                var alternatives: [String] = []
                let names = teams.compactMap { if case .named(let n) = $0 { return n.lowercased() } else { return nil } }
                if teams.contains(.nobody) { alternatives.append("t.team_id IS NULL") }
                if !names.isEmpty {
                    alternatives.append("t.team_id IN (SELECT id FROM team WHERE lower(name) IN \(list(names)) AND deleted = 0)")
                }
                add("(" + alternatives.joined(separator: " OR ") + ")", negated: neg)
            case .createdDays(let c):
                parts.append(Store.daysAgo("t.created_at", c, now: now, bind: bind))
            case .solvedDays(let c):
                parts.append("t.solved_at IS NOT NULL AND " + Store.daysAgo("t.solved_at", c, now: now, bind: bind))
            case .breachWithin(let minutes):
                parts.append("t.sla_due_at IS NOT NULL AND t.sla_due_at <= \(bind(now + Int64(minutes) * Time.minute))")
            case .pendingFor(let minutes):
                parts.append("t.status = 'pending' AND \(Store.pendingSinceSQL) <= \(bind(now - Int64(minutes) * Time.minute))")
            case .lastMessageBy(let actor):
                // The requester's message counts when it came after the latest solve (it is
                // waiting for us); an agent's whenever it is the latest.
                parts.append("\(Store.lastPublicActorSQL) = \(bind(actor.rawValue))")
                if actor == .requester { parts.append("(t.solved_at IS NULL OR \(Store.lastPublicAtSQL) > t.solved_at)") }
            case .thanksOnly:
                // Decided on the message text by the rule engine (`ThanksOnly`), not here.
                break
            case .tag(let tags, let neg):
                add("EXISTS (SELECT 1 FROM ticket_tag g WHERE g.ticket_id = t.id AND g.deleted = 0 AND g.tag IN \(list(tags)))", negated: neg)
            }
        }
        // Free text: every word somewhere in the ticket (subject or messages), from the open
        // tickets' own index on open views, else from every ticket's (`v20TicketText`).
        let words = filter.words.compactMap(RosterSQL.ftsQuery)
        var matchText: String?
        if !words.isEmpty {
            matchText = words.joined(separator: " ")
            let match = bind(matchText)
            let index = view.isOpenQueue ? "ticket_open_fts" : "ticket_text_fts"
            parts.append("\(walk ? "+" : "")t.rowid IN (SELECT rowid FROM \(index) WHERE \(index) MATCH \(match))")
        }
        let clause = parts.joined(separator: " AND ")
        return TicketWhere(clause: clause, arguments: params.arguments, key: params.key(clause), openQueue: view.isOpenQueue,
                           match: matchText, textOnly: matchText != nil && (view == .allOpen || view == .all) && filter.conditions.isEmpty,
                           allTickets: view == .all, wokeFirst: view.isOpenQueue && view != .snoozed,
                           snoozedAfter: view.hidesSnoozed ? bound : nil, wholeAllOpen: view == .allOpen && filter.isEmpty)
    }

    /// "`column` was `c` days ago" as a range on the instant itself (so an index on it serves):
    /// `<7` is after now − 7 days, `>30` before now − 30 days, `=2` within the third day back.
    static func daysAgo(_ column: String, _ c: CreatorFilter.Comparison, now: Millis, bind: (DatabaseValueConvertible?) -> String) -> String {
        let edge = now - Millis((c.value * Double(Time.day)).rounded())
        switch c.op {
        case .less: return "\(column) > \(bind(edge))"
        case .lessOrEqual: return "\(column) >= \(bind(edge))"
        case .greater: return "\(column) < \(bind(edge))"
        case .greaterOrEqual: return "\(column) <= \(bind(edge))"
        case .equal: return "(\(column) <= \(bind(edge)) AND \(column) > \(bind(edge - Time.day)))"
        }
    }

    /// Urgent first: the expression `ticket_queue_priority` indexes (the same text, so SQLite uses it).
    static let priorityRank = "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END"

    /// The ORDER BY of a view in `sort` (`reversed` reads it from the end). `requester` needs
    /// `ticketJoins`. Every order ends in a unique key, so pages never overlap.
    static func ticketOrder(_ w: TicketWhere, sort: TicketSort = .nextBreach, reversed: Bool) -> String {
        let breach = "ifnull(t.sla_due_at, \(never))"
        // Woken tickets first in the open views (the leading column of their indexes).
        let woke: [(String, ascending: Bool)] = w.wokeFirst ? [(wokeLast, true)] : []
        var terms: [(String, ascending: Bool)]
        switch sort {
        case .nextBreach:
            if w.openQueue {
                // As `ticket_queue` orders (no rowid tie-break: its columns come first).
                return (woke + [(breach, true), ("t.created_at", true)]).map { "\($0.0) \(reversed ? "DESC" : "ASC")" }.joined(separator: ", ")
            } else if w.allTickets {
                return reversed ? "t.created_at ASC, t.rowid ASC" : "t.created_at DESC, t.rowid DESC" // `ticket_created`, newest first
            } else {
                return reversed ? "t.solved_at ASC, t.rowid ASC" : "t.solved_at DESC, t.rowid DESC" // the index's own tie-break: no sort
            }
        case .priority: terms = woke + [(priorityRank, true), (breach, true), ("t.created_at", true)]
        case .lastUpdate:
            terms = woke + [("ifnull((SELECT max(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.deleted = 0), t.created_at)", false)]
        case .created: terms = (w.wokeFirst ? [(wokeFirstTerm, false)] : []) + [("t.created_at", false)] // `ticket_queue_created`, read backwards
        case .requester:
            terms = woke + [("ifnull(c.handle, n.name) IS NULL", true), ("ifnull(c.handle, n.name)", true), (breach, true), ("t.created_at", true)]
        }
        terms.append(("t.rowid", terms.last?.ascending ?? true))
        return terms.map { "\($0.0) \($0.ascending != reversed ? "ASC" : "DESC")" }.joined(separator: ", ")
    }

    /// The sort keys of `ticketOrder` as (SQL, value in `row`, ascending) — every term of an
    /// order runs one way, so the keyset is one row-value comparison — or nil for the orders
    /// read by position (last update and requester: their keys are not in the row).
    /// `ties`: the order has no unique last key (the open queue by next breach walks
    /// `ticket_queue`, whose ties fall in the order of its other columns), so a seek starts at
    /// the row's own key and steps over the tied rows up to it (`ticketPage`).
    static func seekTerms(_ w: TicketWhere, sort: TicketSort, after row: QueueRow)
        -> (terms: [String], values: [DatabaseValueConvertible?], ascending: Bool, ties: Bool)? {
        guard let position = row.position else { return nil }
        let breach = ("ifnull(t.sla_due_at, \(never))", row.slaDueAt ?? never)
        let woke: (terms: [String], values: [DatabaseValueConvertible?]) = w.wokeFirst ? ([wokeLast], [row.wakeAt == nil ? 1 : 0]) : ([], [])
        switch sort {
        case .nextBreach:
            if w.openQueue { return (woke.terms + [breach.0, "t.created_at"], woke.values + [breach.1, row.createdAt], true, true) }
            if w.allTickets { return (["t.created_at", "t.rowid"], [row.createdAt, position], false, false) }
            guard let solved = row.solvedAt else { return nil }
            return (["t.solved_at", "t.rowid"], [solved, position], false, false)
        case .priority:
            let rank: Int
            switch row.priority { case .urgent: rank = 0; case .high: rank = 1; case .normal: rank = 2; default: rank = 3 }
            return (woke.terms + [priorityRank, breach.0, "t.created_at", "t.rowid"], woke.values + [rank, breach.1, row.createdAt, position], true, false)
        case .created:
            if w.wokeFirst { return ([wokeFirstTerm, "t.created_at", "t.rowid"], [row.wakeAt == nil ? 0 : 1, row.createdAt, position], false, false) }
            return (["t.created_at", "t.rowid"], [row.createdAt, position], false, false)
        case .lastUpdate, .requester:
            return nil
        }
    }

    /// 0 for a ticket with a wake time (woken, in the active views), 1 otherwise: ascending, the
    /// leading column of `ticket_queue` and `ticket_queue_priority`.
    static let wokeLast = "(t.wake_at IS NULL)"
    /// The same, descending: the leading column of `ticket_queue_created` (read backwards).
    static let wokeFirstTerm = "(t.wake_at IS NOT NULL)"

    /// The columns of `ticket_queue`, in its order (`ticketSnooze`): how tied rows lie in it.
    static let ticketQueueColumns = """
        (t.wake_at IS NULL), ifnull(t.sla_due_at, 9223372036854775807), t.created_at, t.priority, t.status, t.tier, t.assignee_id, t.category,
        t.channel, t.requester_creator_id, t.requester_network_id, t.deleted, t.wake_at
        """

    /// How many tickets a view and filter hold (cached until the database changes).
    /// `cancellation` lets a newer search stop this one (`ReadCancellation`).
    public func ticketCount(view: TicketView, filter: TicketFilter = .all, me: String?, now: Millis,
                            cancellation: ReadCancellation? = nil) throws -> Int {
        try read(cancellation: cancellation) { db in try ticketCount(db, ticketPlan(db, view: view, filter: filter, me: me, now: now)) }
    }

    func ticketCount(_ db: Database, _ w: TicketWhere) throws -> Int {
        try counts.count("tickets|" + w.key) {
            if w.textOnly, let match = w.match {
                let matching = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(w.textIndex) WHERE \(w.textIndex) MATCH ?", arguments: [match]) ?? 0
                // All open leaves snoozed tickets out; All tickets holds them.
                return w.openQueue ? matching - (try snoozedMatching(db, match, after: w.snoozedAfter)) : matching
            }
            // All open, unfiltered: every open ticket on the narrowest index, less the snoozed.
            if w.wholeAllOpen, let after = w.snoozedAfter {
                // (`after` is already the minute `snoozedCount` rounds to; rounding it again keeps it.)
                return (try wholeOpenTicketCount(db)) - (try snoozedCount(db, now: after))
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket t WHERE \(w.clause)", arguments: w.arguments) ?? 0
        }
    }

    /// The plan for a view and filter. Free text on an open view walks the queue index (which
    /// covers every column a view or filter tests) and probes the match list: at most the
    /// open tickets' index entries, ~15 ms at 1M tickets however common the word; looking
    /// matches up by rowid instead costs a table read per match (50 ms for a one-letter prefix).
    ///
    /// Free text over the history walks the view's order and probes the match list when the
    /// words match many tickets (the first page of a word in 141k of 1M tickets: 43 ms, against
    /// 270 ms looking each match up and sorting them), and looks the matches up when they are
    /// few (a rare word would otherwise walk the whole million). The two plans give the same
    /// rows (`TicketTextSearchTests`); only their cost differs.
    func ticketPlan(_ db: Database, view: TicketView, filter: TicketFilter, me: String?, now: Millis) throws -> TicketWhere {
        let w = Store.ticketWhere(view: view, filter: filter, me: me, now: now)
        guard let match = w.match else { return w }
        if !view.isOpenQueue {
            let matches = try counts.count("ticket text|" + match) {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_text_fts WHERE ticket_text_fts MATCH ?", arguments: [match]) ?? 0
            }
            guard matches > Store.historyWalkAbove else { return w }
        }
        return Store.ticketWhere(view: view, filter: filter, me: me, now: now, walk: true)
    }

    /// How many matching tickets make a history search walk its view's order (`ticketPlan`).
    static let historyWalkAbove = 2_000

    /// One page of a view, in its order; pages past the middle are read from the end, and with
    /// `seek` a page is read after or before a row the caller holds (keyset paging, see
    /// `PageSeek`), so the middle of a million tickets costs what the top does.
    public func ticketPage(view: TicketView, filter: TicketFilter = .all, me: String?, offset: Int, limit: Int, now: Millis,
                           total knownTotal: Int? = nil, sort: TicketSort = .nextBreach, seek: PageSeek<QueueRow>? = nil,
                           cancellation: ReadCancellation? = nil) throws -> [QueueRow] {
        try read(cancellation: cancellation) { db in
            let w = try ticketPlan(db, view: view, filter: filter, me: me, now: now)
            let total = try knownTotal ?? ticketCount(db, w)
            let start = max(0, offset)
            let end = min(total, start + max(0, limit))
            guard end > start else { return [] }
            var fromEnd = start > total / 2
            var pageOffset = fromEnd ? total - end : start
            var clause = w.clause
            var arguments = w.arguments
            // A seek among ties must walk the ties in `ticket_queue`'s order, as the page by
            // position did (any other plan may order them otherwise).
            var index = ""
            switch seek {
            case .after(let row, let skip)?, .before(let row, let skip)?:
                guard let keys = Store.seekTerms(w, sort: sort, after: row) else { break }
                var isBefore = false
                if case .before? = seek { isBefore = true }
                let names = keys.values.indices.map { "seek\($0)" }
                let key = "(\(keys.terms.joined(separator: ", ")))", values = "(\(names.map { ":" + $0 }.joined(separator: ", ")))"
                var seekArguments = w.arguments
                for (name, value) in zip(names, keys.values) { seekArguments += [name: value] }
                var stepOver = 0
                if keys.ties {
                    // The rows sharing the held row's key, in `ticket_queue`'s own order (every
                    // column, then the row): start at the key and step over those up to and
                    // including the held row.
                    let tied = try Int64.fetchAll(db, sql: """
                        SELECT t.rowid FROM ticket t INDEXED BY ticket_queue WHERE \(w.clause) AND \(key) = \(values)
                        ORDER BY \(Store.ticketQueueColumns), t.rowid
                        """, arguments: seekArguments)
                    guard let at = tied.firstIndex(of: row.position ?? -1) else { break }
                    stepOver = isBefore ? tied.count - at : at + 1
                }
                if keys.ties { index = "INDEXED BY ticket_queue" }
                fromEnd = isBefore
                pageOffset = skip + stepOver
                clause += " AND \(key) \(keys.ascending != isBefore ? ">" : "<")\(keys.ties ? "=" : "") \(values)"
                arguments = seekArguments
            case nil:
                break
            }
            arguments += ["limit": end - start, "offset": pageOffset]
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id, t.key, t.subject, t.category, t.priority, t.status, t.tier, t.created_at, t.sla_due_at, t.solved_at, t.rowid AS position,
                       t.wake_at, c.handle AS requester_handle, n.name AS network_name, m.handle AS assignee_handle
                FROM ticket t \(index) \(Store.ticketJoins)
                WHERE \(clause)
                ORDER BY \(Store.ticketOrder(w, sort: sort, reversed: fromEnd))
                LIMIT :limit OFFSET :offset
                """, arguments: arguments)
            // The keys' shortest unique prefixes in one statement (a pair of probes per row
            // was 120 statements, ~5 ms, in the queue's first page).
            let short = try Store.shortKeys(rows.map { $0["key"] as String }, db)
            let page = try rows.map { r in
                QueueRow(id: r["id"], key: short[r["key"] as String] ?? r["key"], subject: r["subject"],
                         requesterHandle: (r["requester_handle"] as String?) ?? (r["network_name"] as String?),
                         category: try decodeEnum(r, "category"), priority: try decodeEnum(r, "priority"),
                         status: try decodeEnum(r, "status"), tier: r["tier"], assigneeHandle: r["assignee_handle"],
                         createdAt: r["created_at"], slaDueAt: r["sla_due_at"], solvedAt: r["solved_at"], position: r["position"],
                         wakeAt: r["wake_at"])
            }
            return fromEnd ? page.reversed() : page
        }
    }

    /// Every ticket id in a view and filter, in order (select all; capped).
    public func ticketIDs(view: TicketView, filter: TicketFilter = .all, me: String?, now: Millis, limit: Int = 10_000) throws -> [String] {
        try read { db in
            let w = Store.ticketWhere(view: view, filter: filter, me: me, now: now)
            var arguments = w.arguments
            arguments += ["limit": limit]
            return try String.fetchAll(db, sql: "SELECT t.id FROM ticket t WHERE \(w.clause) ORDER BY \(Store.ticketOrder(w, reversed: false)) LIMIT :limit",
                                       arguments: arguments)
        }
    }

    public func member(id: String) throws -> Member? {
        try read { db in try Member.fetchOne(db, sql: "SELECT \(Member.selectColumns) FROM member WHERE id = ?", arguments: [id]) }
    }

    /// A ticket by its key or a unique prefix of it (case-insensitive), or by id.
    public func ticket(reference: String) throws -> Ticket? {
        try read { db in
            let text = reference.trimmingCharacters(in: .whitespaces)
            if let t = try Ticket.fetchOne(db, sql: "SELECT \(Ticket.selectColumns) FROM ticket WHERE id = ?", arguments: [text]) { return t }
            let upper = text.uppercased()
            guard !upper.isEmpty else { return nil }
            let rows = try Ticket.fetchAll(db, sql: "SELECT \(Ticket.selectColumns) FROM ticket WHERE key >= ? AND key < ? LIMIT 2",
                                           arguments: [upper, upper + "\u{10FFFF}"])
            return rows.count == 1 ? rows[0] : nil
        }
    }

    /// The detail screen's ticket: header, SLA targets, timeline.
    public func ticketDetail(id: String, now: Millis) throws -> TicketDetail? {
        try read { db in
            guard let ticket = try Ticket.fetchOne(db, sql: "SELECT \(Ticket.selectColumns) FROM ticket WHERE id = ?", arguments: [id]),
                  !ticket.deleted else { return nil }
            let events = try Row.fetchAll(db, sql: """
                SELECT \(TicketEvent.columns.map { "e." + $0 }.joined(separator: ", ")), m.handle AS author_handle
                FROM ticket_event e LEFT JOIN member m ON m.id = e.author_id
                WHERE e.ticket_id = ? AND e.deleted = 0 ORDER BY e.at, e.rowid
                """, arguments: [id]).map { TicketDetail.EventRow(event: try TicketEvent(row: $0), authorHandle: $0["author_handle"]) }
            let (policy, clock) = try Store.slaEntry(db, team: ticket.teamID, priority: ticket.priority)
            let sla = SLAEngine.evaluate(Store.slaTicket(ticket, events.map(\.event)), policy: policy, clock: clock, now: now)
            func handle(_ sql: String, _ arg: String?) throws -> String? {
                guard let arg else { return nil }
                return try String.fetchOne(db, sql: sql, arguments: [arg])
            }
            let mergedInto = try ticket.mergedIntoID.flatMap { mid in
                try String.fetchOne(db, sql: "SELECT key FROM ticket WHERE id = ?", arguments: [mid]).map { try Store.shortKey($0, db) }
            }
            let mergedFrom = try String.fetchAll(db, sql: "SELECT key FROM ticket WHERE merged_into_id = ? ORDER BY created_at", arguments: [id])
                .map { try Store.shortKey($0, db) }
            let wakeAt = try Int64.fetchOne(db, sql: "SELECT wake_at FROM ticket WHERE id = ?", arguments: [id])
            return TicketDetail(
                ticket: ticket, key: try Store.shortKey(ticket.key, db),
                requesterHandle: try handle("SELECT handle FROM creator WHERE id = ?", ticket.requesterCreatorID),
                networkName: try handle("SELECT name FROM network WHERE id = ?", ticket.requesterNetworkID),
                assigneeHandle: try handle("SELECT handle FROM member WHERE id = ?", ticket.assigneeID),
                tags: try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM ticket_tag WHERE ticket_id = ? AND deleted = 0 ORDER BY tag", arguments: [id]),
                events: events, sla: sla, mergedIntoKey: mergedInto, mergedFromKeys: mergedFrom, wakeAt: wakeAt,
                teamName: try handle("SELECT name FROM team WHERE id = ? AND deleted = 0", ticket.teamID),
                firings: try Row.fetchAll(db, sql: """
                    SELECT f.fired_at, ifnull(r.name, 'a removed rule') AS rule, f.device, f.summary FROM rule_firing f
                    LEFT JOIN automation_rule r ON r.id = f.rule_id WHERE f.ticket_id = ? AND f.deleted = 0 ORDER BY f.fired_at, f.id
                    """, arguments: [id]).map { TicketDetail.FiringRow(at: $0["fired_at"], rule: $0["rule"], device: $0["device"], summary: $0["summary"]) })
        }
    }

    /// The team-wide policy for a priority (the built-in default when the team has none).
    /// (`SELECT *`: migrations before v24-team-sla read policies too.)
    static func slaPolicy(_ db: Database, _ priority: TicketPriority) throws -> SLAPolicy {
        let rows = try SLAPolicy.fetchAll(db.cachedStatement(sql: "SELECT * FROM sla_policy WHERE priority = ? AND deleted = 0"),
                                          arguments: [priority.rawValue])
        if let p = rows.first(where: { $0.teamID == nil }) { return p }
        return defaultPolicies.first { $0.priority == priority } ?? SLAPolicy.defaults { "" }.first { $0.priority == priority }!
    }

    /// `team`'s own policy for a priority, if it has one.
    static func teamSLAPolicy(_ db: Database, team: String, _ priority: TicketPriority) throws -> SLAPolicy? {
        guard try hasTeamSLA(db) else { return nil }
        return try SLAPolicy.fetchOne(db.cachedStatement(sql: "SELECT \(SLAPolicy.selectColumns) FROM sla_policy WHERE team_id = ? AND priority = ? AND deleted = 0"),
                                      arguments: [team, priority.rawValue])
    }

    /// Whether the schema has teams' own policies and calendars (v24-team-sla).
    static func hasTeamSLA(_ db: Database) throws -> Bool {
        try db.columns(in: "sla_policy").contains { $0.name == "team_id" }
    }

    /// Every policy and calendar tickets are timed by, for looking up many tickets'
    /// (`SLAPolicyBook`): a handful of queries, once per read or batch. A team's calendar
    /// that does not read as hours counts as none; a removed team's rules count as none.
    static func slaBook(_ db: Database, hours: BusinessHours? = nil) throws -> SLAPolicyBook {
        let hours = try hours ?? loadSettings(db).businessHours
        guard try hasTeamSLA(db) else {
            return SLAPolicyBook(policies: try TicketPriority.allCases.map { try slaPolicy(db, $0) }, fallback: defaultPolicies, hours: hours)
        }
        let policies = try SLAPolicy.fetchAll(db, sql: """
            SELECT \(SLAPolicy.selectColumns) FROM sla_policy p
            WHERE p.deleted = 0 AND (p.team_id IS NULL OR p.team_id IN (SELECT id FROM team WHERE deleted = 0))
            ORDER BY p.team_id IS NOT NULL, p.id
            """)
        var teamHours: [String: BusinessHours] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, calendar FROM team WHERE deleted = 0 AND calendar IS NOT NULL") {
            if let text = row["calendar"] as String?, let h = try? BusinessHours(json: text) { teamHours[row["id"]] = h }
        }
        return SLAPolicyBook(policies: policies, fallback: defaultPolicies, hours: hours, teamHours: teamHours)
    }

    /// One ticket's policy and clock, without building a whole book: its team's own policy
    /// and calendar where the team has them.
    static func slaEntry(_ db: Database, team: String?, priority: TicketPriority, hours: BusinessHours? = nil) throws -> SLAPolicyBook.Entry {
        var policy = try slaPolicy(db, priority)
        var calendar = try hours ?? loadSettings(db).businessHours
        if let team, try hasTeamSLA(db),
           let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT calendar FROM team WHERE id = ? AND deleted = 0"), arguments: [team]) {
            if let own = try teamSLAPolicy(db, team: team, priority) { policy = own }
            if let text = row["calendar"] as String?, let h = try? BusinessHours(json: text) { calendar = h }
        }
        return (policy, SLAClock(hours: policy.businessHours ? calendar : nil))
    }

    /// The SLA engine's view of a ticket's timeline.
    static func slaTicket(_ ticket: Ticket, _ events: [TicketEvent]) -> SLATicket {
        var sla: [SLAEvent] = []
        for e in events where !e.deleted {
            switch e.kind {
            case .status:
                if let raw = e.toValue, let status = TicketStatus(rawValue: raw) { sla.append(.status(at: e.at, to: status)) }
            case .reply:
                sla.append(e.actor == .requester ? .requesterMessage(at: e.at) : .agentReply(at: e.at, isPublic: e.isPublic))
            case .note:
                sla.append(.agentReply(at: e.at, isPublic: false))
            default:
                break
            }
        }
        return SLATicket(createdAt: ticket.createdAt, priority: ticket.priority, status: ticket.status, events: sla)
    }
}

extension Store {
    /// When a ticket (`t`) last moved into pending (its latest status event to pending).
    static let pendingSinceSQL = """
        (SELECT MAX(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'status' AND e.to_value = 'pending' AND e.deleted = 0)
        """
    /// Who wrote a ticket's (`t`) latest public message: 'requester' or 'agent'.
    static let lastPublicActorSQL = """
        (SELECT e.actor FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'reply' AND e.is_public = 1 AND e.deleted = 0 ORDER BY e.at DESC, e.rowid DESC LIMIT 1)
        """
    /// When a ticket's (`t`) latest public message was written.
    static let lastPublicAtSQL = """
        (SELECT MAX(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'reply' AND e.is_public = 1 AND e.deleted = 0)
        """
}
