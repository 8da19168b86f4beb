import GRDB
import GreenroomCore

/// The Today screen: follow-ups due, tickets breaching soon, idle activated creators and
/// rotting pipeline cards, for one member or the whole team (see `TodayReport`).
///
/// Each section is two statements, its first rows and its count, and each walks an index:
/// follow-ups `activity_follow_up` (due time order, so overdue first), tickets `ticket_queue`
/// (breach order, so the most overdue first), idle creators the activated stage of
/// `creator_stage_handle` (or the owner's `creator_owner`) probing `live_session_creator`, and
/// rotting cards one range of `creator_board` per stage that rots.
extension Store {
    /// The Today report as of `now`. `me` is a member handle: follow-ups they wrote or on
    /// creators they own, tickets assigned to them, idle creators and rotting cards they own;
    /// nil is the whole team. An unknown handle has nothing to do. Each section holds its
    /// full count and at most `limit` rows.
    public func today(me: String?, now: Millis, limit: Int = 50) throws -> TodayReport {
        try read { db in
            let settings = try Store.loadSettings(db)
            let meID: String?
            if let me {
                meID = try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [me]) ?? TodaySQL.nobody
            } else {
                meID = nil
            }
            let calendar = TeamCalendar(zone: settings.zone)
            let endOfToday = calendar.addDays(1, to: calendar.startOfDay(now))
            let rowLimit = max(0, limit)

            func section<R>(_ q: TodaySQL.Query, _ make: (Row) throws -> R) throws -> TodayReport.Section<R> {
                let count = try Int.fetchOne(db, sql: q.countSQL, arguments: q.arguments) ?? 0
                guard count > 0, rowLimit > 0 else { return .init(count: count, rows: []) }
                let rows = try Row.fetchAll(db, sql: q.rowsSQL, arguments: q.arguments + ["limit": rowLimit])
                return .init(count: count, rows: try rows.map(make))
            }

            let followUps = try section(TodaySQL.followUps(meID: meID, endOfToday: endOfToday)) { r in
                TodayReport.FollowUp(activityID: r["id"], creatorID: r["creator_id"], handle: r["handle"],
                                     text: (r["next_step"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? r["summary"],
                                     due: r["follow_up_due"], authorHandle: r["author_handle"], ownerHandle: r["owner_handle"], now: now)
            }
            let tickets = try section(TodaySQL.breachingTickets(meID: meID, now: now)) { r in
                TodayReport.BreachingTicket(ticketID: r["id"], key: try Store.shortKey(r["key"], db), subject: r["subject"],
                                            priority: try decodeEnum(r, "priority"), status: try decodeEnum(r, "status"),
                                            slaDueAt: r["sla_due_at"], assigneeHandle: r["assignee_handle"],
                                            requesterHandle: (r["requester_handle"] as String?) ?? (r["network_name"] as String?), now: now)
            }
            let idle = try section(TodaySQL.idleCreators(meID: meID, now: now)) { r in
                TodayReport.IdleCreator(creatorID: r["id"], handle: r["handle"], ownerHandle: r["owner_handle"], lastLiveAt: r["last_live"], now: now)
            }
            let rotting: TodayReport.Section<TodayReport.RottingCard>
            if let q = TodaySQL.rottingCards(meID: meID, now: now, settings: settings) {
                rotting = try section(q) { r in
                    let stage: String = r["stage"]
                    return TodayReport.RottingCard(creatorID: r["id"], handle: r["handle"], ownerHandle: r["owner_handle"], stage: stage,
                                                   enteredStageAt: r["stage_entered_at"], rotDays: settings.rotDays(for: stage) ?? 0, now: now)
                }
            } else {
                rotting = .init(count: 0, rows: [])
            }
            return TodayReport(now: now, me: me, followUps: followUps, breachingTickets: tickets, idleCreators: idle, rottingCards: rotting)
        }
    }
}

/// The SQL of the Today sections (tests read their query plans).
enum TodaySQL {
    /// A member id no member has: "me" names nobody.
    static let nobody = "\u{0}no one"

    /// One section: its rows (`LIMIT :limit`) and its count, over the same FROM and WHERE.
    struct Query {
        var select: String
        var from: String
        var clause: String
        var order: String
        var arguments: StatementArguments

        var rowsSQL: String { "SELECT \(select) FROM \(from) WHERE \(clause) ORDER BY \(order) LIMIT :limit" }
        var countSQL: String { "SELECT COUNT(*) FROM \(from) WHERE \(clause)" }
    }

    /// Open follow-ups due before the end of today (team zone), on live creators; oldest due first.
    /// The WHERE implies `activity_follow_up`'s own, so the partial index is walked in due order.
    static func followUps(meID: String?, endOfToday: Millis) -> Query {
        var clause = """
            a.follow_up_due < :end AND a.follow_up_due IS NOT NULL AND a.done = 0 AND a.deleted = 0 AND c.deleted = 0
            """
        var arguments: StatementArguments = ["end": endOfToday]
        if let meID {
            clause += " AND (a.author_id = :me OR c.owner_id = :me)"
            arguments += ["me": meID]
        }
        return Query(
            select: """
                a.id, a.creator_id, a.summary, a.next_step, a.follow_up_due, c.handle,
                (SELECT handle FROM member WHERE id = a.author_id) AS author_handle,
                (SELECT handle FROM member WHERE id = c.owner_id) AS owner_handle
                """,
            from: "activity a JOIN creator c ON c.id = a.creator_id",
            clause: clause,
            order: "a.follow_up_due, a.creator_id, a.rowid",
            arguments: arguments)
    }

    /// Unsolved tickets whose SLA is due within `TodayReport.breachWindow` (breached ones
    /// included), in queue order: most overdue first. Paused clocks (no due time) never show.
    static func breachingTickets(meID: String?, now: Millis) -> Query {
        // The exact text of ticket_queue's WHERE and key, so SQLite walks that partial index.
        var clause = "t.deleted = 0 AND t.status IN \(Store.openStatuses) AND ifnull(t.sla_due_at, \(Store.never)) < :soon"
        var arguments: StatementArguments = ["soon": now + TodayReport.breachWindow]
        if let meID {
            // Tested inside ticket_queue (it holds assignee_id), which stays bounded by the
            // window and in breach order; `+` keeps SQLite off ticket_assignee, whose rows
            // would need reading and sorting.
            clause += " AND +t.assignee_id = :me"
            arguments += ["me": meID]
        }
        return Query(
            select: """
                t.id, t.key, t.subject, t.priority, t.status, t.sla_due_at,
                (SELECT handle FROM creator WHERE id = t.requester_creator_id) AS requester_handle,
                (SELECT name FROM network WHERE id = t.requester_network_id) AS network_name,
                (SELECT handle FROM member WHERE id = t.assignee_id) AS assignee_handle
                """,
            from: "ticket t",
            clause: clause,
            order: "ifnull(t.sla_due_at, \(Store.never)), t.created_at",
            arguments: arguments)
    }

    /// Activated creators with no LIVE in [now − 7 d, now): the roster's `health:idle`
    /// (`Store.refreshCreatorStats`: last LIVE before now missing or older than 7 days), read
    /// like the roster's filter through the `creator_stats_health` index, then checked against
    /// the sessions themselves so a LIVE since the last refresh takes a creator off at once.
    /// (A creator who turned idle since the last refresh shows after the next one, as in the
    /// roster; checking every activated creator instead costs ~130 ms at 100k creators.)
    /// Never live first, then the longest idle.
    static func idleCreators(meID: String?, now: Millis) -> Query {
        var clause = """
            c.id IN (SELECT creator_id FROM creator_stats WHERE health = 'idle') AND c.deleted = 0 AND c.stage = :activated
            AND NOT EXISTS (SELECT 1 FROM live_session s WHERE s.creator_id = c.id AND s.started_at >= :d7 AND s.started_at < :now)
            """
        var arguments: StatementArguments = ["activated": Stage.activated, "now": now, "d7": now - Millis(TodayReport.idleDays) * Time.day]
        if let meID {
            clause += " AND c.owner_id = :me"
            arguments += ["me": meID]
        }
        return Query(
            select: """
                c.id, c.handle, (SELECT handle FROM member WHERE id = c.owner_id) AS owner_handle,
                (SELECT MAX(s.started_at) FROM live_session s WHERE s.creator_id = c.id AND s.started_at < :now) AS last_live
                """,
            from: "creator c",
            clause: clause,
            order: "last_live IS NOT NULL, last_live, c.handle",
            arguments: arguments)
    }

    /// Cards in their stage longer than the stage's `rotDays` whole days (the board's rule:
    /// `Int((now − entered) / day) > rotDays`), longest past their threshold first. Nil when
    /// no stage rots.
    static func rottingCards(meID: String?, now: Millis, settings: TeamSettings) -> Query? {
        var seen = Set<String>()
        let rotting = (settings.stages + settings.sideStages).filter { $0.rotDays != nil && seen.insert($0.name).inserted }
        guard !rotting.isEmpty else { return nil }
        var arguments = StatementArguments()
        var ranges: [String] = []
        var thresholds: [String] = []
        for (i, stage) in rotting.enumerated() {
            let days = Millis(stage.rotDays ?? 0)
            arguments += ["s\(i)": stage.name, "t\(i)": now - (days + 1) * Time.day, "r\(i)": days * Time.day]
            // `deleted = 0` in every branch, so each is one range of the partial index creator_board.
            ranges.append("(c.stage = :s\(i) AND c.stage_entered_at <= :t\(i) AND c.deleted = 0)")
            thresholds.append("WHEN :s\(i) THEN :r\(i)")
        }
        var clause = "(\(ranges.joined(separator: " OR ")))"
        if let meID {
            clause += " AND c.owner_id = :me"
            arguments += ["me": meID]
        }
        return Query(
            select: "c.id, c.handle, c.stage, c.stage_entered_at, (SELECT handle FROM member WHERE id = c.owner_id) AS owner_handle",
            from: "creator c",
            clause: clause,
            order: "c.stage_entered_at + CASE c.stage \(thresholds.joined(separator: " ")) END, c.handle",
            arguments: arguments)
    }
}
