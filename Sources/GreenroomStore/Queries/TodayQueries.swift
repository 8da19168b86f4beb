import Foundation
import GRDB
import Synchronization
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
    ///
    /// The sections are read in two lanes on two reader connections at once (follow-ups,
    /// tickets and rotting cards; idle creators, the costliest section, alone): on a laptop's
    /// two cores the screen opens in the time of the slower lane.
    public func today(me: String?, now: Millis, limit: Int = 50) throws -> TodayReport {
        let (settings, meID) = try read { db -> (TeamSettings, String?) in
            let settings = try Store.loadSettings(db)
            guard let me else { return (settings, nil) }
            return (settings, try String.fetchOne(db, sql: "SELECT id FROM member WHERE handle = ? AND deleted = 0", arguments: [me]) ?? TodaySQL.nobody)
        }
        let calendar = TeamCalendar(zone: settings.zone)
        let endOfToday = calendar.addDays(1, to: calendar.startOfDay(now))
        let rowLimit = max(0, limit)

        @Sendable func section<R>(_ db: Database, _ q: TodaySQL.Query, _ make: (Row) throws -> R) throws -> TodayReport.Section<R> {
            let count = try Int.fetchOne(db, sql: q.countSQL, arguments: q.arguments) ?? 0
            guard count > 0, rowLimit > 0 else { return .init(count: count, rows: []) }
            let rows = try Row.fetchAll(db, sql: q.rowsSQL, arguments: q.arguments + ["limit": rowLimit])
            return .init(count: count, rows: try rows.map(make))
        }
        struct Lanes {
            var followUps: TodayReport.Section<TodayReport.FollowUp>?
            var tickets: TodayReport.Section<TodayReport.BreachingTicket>?
            var idle: TodayReport.Section<TodayReport.IdleCreator>?
            var rotting: TodayReport.Section<TodayReport.RottingCard>?
            var coaching: TodayReport.Section<TodayReport.CoachingFollowUp>?
            var error: Error?
        }
        let lanes = Mutex(Lanes())
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            do {
                if lane == 0 {
                    let (followUps, coaching, tickets, rotting) = try read { db in
                        (try section(db, TodaySQL.followUps(meID: meID, endOfToday: endOfToday)) { r in
                            TodayReport.FollowUp(activityID: r["id"], creatorID: r["creator_id"], handle: r["handle"],
                                                 text: (r["next_step"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? r["summary"],
                                                 due: r["follow_up_due"], authorHandle: r["author_handle"], ownerHandle: r["owner_handle"], now: now)
                        },
                         try section(db, TodaySQL.coachingFollowUps(meID: meID, endOfToday: endOfToday)) { r in
                            TodayReport.CoachingFollowUp(itemID: r["id"], memberHandle: r["handle"], text: r["body"], due: r["due_at"], now: now)
                        },
                         try section(db, TodaySQL.breachingTickets(meID: meID, now: now)) { r in
                            TodayReport.BreachingTicket(ticketID: r["id"], key: try Store.shortKey(r["key"], db), subject: r["subject"],
                                                        priority: try decodeEnum(r, "priority"), status: try decodeEnum(r, "status"),
                                                        slaDueAt: r["sla_due_at"], assigneeHandle: r["assignee_handle"],
                                                        requesterHandle: (r["requester_handle"] as String?) ?? (r["network_name"] as String?), now: now)
                        },
                         try TodaySQL.rottingCards(meID: meID, now: now, settings: settings).map { q in
                            try section(db, q) { r in
                                let stage: String = r["stage"]
                                return TodayReport.RottingCard(creatorID: r["id"], handle: r["handle"], ownerHandle: r["owner_handle"], stage: stage,
                                                               enteredStageAt: r["stage_entered_at"], rotDays: settings.rotDays(for: stage) ?? 0, now: now)
                            }
                        } ?? TodayReport.Section<TodayReport.RottingCard>(count: 0, rows: []))
                    }
                    lanes.withLock { $0.followUps = followUps; $0.tickets = tickets; $0.coaching = coaching; $0.rotting = rotting }
                } else {
                    let idle = try read { db in try TodaySQL.idleCreators(db, meID: meID, now: now, limit: rowLimit) }
                    lanes.withLock { $0.idle = idle }
                }
            } catch {
                lanes.withLock { $0.error = error }
            }
        }
        let done = lanes.withLock { $0 }
        if let error = done.error { throw error }
        guard let followUps = done.followUps, let tickets = done.tickets, let idle = done.idle, let rotting = done.rotting else {
            throw GreenroomError.invalidInput("Today: a section was not read")
        }
        var report = TodayReport(now: now, me: me, followUps: followUps, breachingTickets: tickets, idleCreators: idle, rottingCards: rotting)
        if let coaching = done.coaching { report.coachingFollowUps = coaching }
        return report
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

        /// A cheaper statement giving the same count, when there is one.
        var count: String?

        var rowsSQL: String { "SELECT \(select) FROM \(from) WHERE \(clause) ORDER BY \(order) LIMIT :limit" }
        var countSQL: String { count ?? "SELECT COUNT(*) FROM \(from) WHERE \(clause)" }
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
            arguments: arguments,
            // The team's count from the partial index alone (it holds the creator id), less
            // follow-ups on deleted creators (`creator_tombstones`), instead of looking up
            // each follow-up's creator: 30 ms → 1 ms at 10,000 due. The same number, since a
            // creator row is never removed (deleting marks it) and sync holds an activity
            // until its creator has arrived.
            count: meID != nil ? nil : """
                SELECT COUNT(*) FROM activity a
                WHERE a.follow_up_due < :end AND a.follow_up_due IS NOT NULL AND a.done = 0 AND a.deleted = 0
                  AND a.creator_id NOT IN (SELECT id FROM creator WHERE deleted = 1)
                """)
    }

    /// Open coaching follow-ups on teammates (issue 25) due before the end of today, soonest
    /// first; for "me", the ones I wrote (a lead's own promises). Coaching items are a few
    /// hundred rows, read whole.
    static func coachingFollowUps(meID: String?, endOfToday: Millis) -> Query {
        var clause = """
            ci.kind = 'follow_up' AND ci.deleted = 0 AND ci.done_at IS NULL AND ci.due_at IS NOT NULL AND ci.due_at < :end AND m.deleted = 0
            """
        var arguments: StatementArguments = ["end": endOfToday]
        if let meID {
            clause += " AND ci.author_id = :me"
            arguments += ["me": meID]
        }
        return Query(select: "ci.id, ci.body, ci.due_at, m.handle", from: "coaching_item ci JOIN member m ON m.id = ci.member_id",
                     clause: clause, order: "ci.due_at, ci.id", arguments: arguments)
    }

    /// Unsolved tickets whose SLA is due within `TodayReport.breachWindow` (breached ones
    /// included), in queue order: snoozed and woken ones first (a snooze never hides a breach),
    /// then most overdue first. Paused clocks (no due time) never show.
    static func breachingTickets(meID: String?, now: Millis) -> Query {
        // The exact text of ticket_queue's WHERE and key, so SQLite walks that partial index;
        // the IN (true of every row) searches its two ranges by due time, in order.
        var clause = "t.deleted = 0 AND t.status IN \(Store.openStatuses) AND (t.wake_at IS NULL) IN (0, 1) AND ifnull(t.sla_due_at, \(Store.never)) < :soon"
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
            order: "(t.wake_at IS NULL), ifnull(t.sla_due_at, \(Store.never)), t.created_at",
            arguments: arguments)
    }

    /// Activated creators with no LIVE in [now − 7 d, now): the roster's `health:idle`
    /// (`Store.refreshCreatorStats`: last LIVE before now missing or older than 7 days), read
    /// like the roster's filter through the `creator_stats_health` index, then checked against
    /// the sessions themselves so a LIVE since the last refresh takes a creator off at once.
    /// (A creator who turned idle since the last refresh shows after the next one, as in the
    /// roster; checking every activated creator instead costs ~130 ms at 100k creators.)
    /// Never live first, then the longest idle.
    ///
    /// One pass gives the count and the rows: each candidate's last LIVE before now is one
    /// seek of `live_session_creator`, and "no LIVE in the last 7 days" is that time being
    /// older than 7 days, so the same seek decides both (a count and a separate rows query
    /// with a NOT EXISTS each were four seeks a candidate: 91 → 36 ms at 8,300 candidates).
    ///
    /// With `sessionMark` (the newest LIVE session the statistics saw, `creatorStatsSessionMark`)
    /// the last LIVE is the statistics' own, corrected by the sessions added since — a range of
    /// the session table's newest rows — instead of a seek per candidate: cold, that was ~8,000
    /// random reads of the 2M-session index at 100k creators (1.05 s in `sqlite3` after the page
    /// cache was dropped, against 0.23 s), the bulk of Today's cold open. The candidates are
    /// walked from the activated creators' board index, which holds the stage.
    static func idleCreators(meID: String?, now: Millis, sessionMark: Int64? = nil) -> (sql: String, arguments: StatementArguments) {
        var arguments: StatementArguments = ["activated": Stage.activated, "now": now, "d7": now - Millis(TodayReport.idleDays) * Time.day]
        let owner = meID.map { _ in " AND c.owner_id = :me" } ?? ""
        if let meID { arguments += ["me": meID] }
        if let mark = sessionMark {
            arguments += ["mark": mark]
            // The walk reads what the activated creators' board index holds (id, handle) and
            // each one's statistics; the owner is read for the page's rows only (reading it for
            // every activated creator was 6,700 page reads instead of 1,400 at 100k creators).
            // `INDEXED BY`: with the stage a bound value SQLite picks creator_stage_handle, which
            // lacks the id and reads every activated creator's row (112–217 ms warm against 20).
            // Each one's statistics are a probe of `creator_stats_health` (health, id, last LIVE),
            // which stays within the idle stretch of that small index (v28-idle-covering: cold,
            // 113–134 → 44–46 ms in `sqlite3` at 100k creators).
            return ("""
                WITH fresh AS MATERIALIZED (
                  SELECT creator_id, MAX(started_at) AS at FROM (SELECT creator_id, started_at FROM live_session NOT INDEXED WHERE rowid > :mark AND started_at < :now)
                  GROUP BY creator_id
                )
                SELECT id, handle, (SELECT owner_id FROM creator WHERE id = page.id) AS owner_id, last_live, total FROM (
                  SELECT id, handle, last_live, COUNT(*) OVER () AS total FROM (
                    SELECT c.id, c.handle,
                      CASE WHEN f.at IS NULL THEN st.last_live_at WHEN st.last_live_at IS NULL THEN f.at ELSE MAX(st.last_live_at, f.at) END AS last_live
                    FROM creator c INDEXED BY creator_board JOIN creator_stats st INDEXED BY creator_stats_health ON st.creator_id = c.id
                      LEFT JOIN fresh f ON f.creator_id = c.id
                    WHERE c.stage = :activated AND c.deleted = 0 AND st.health = 'idle'\(owner)
                  ) WHERE last_live IS NULL OR last_live < :d7
                  ORDER BY last_live IS NOT NULL, last_live, handle
                  LIMIT :limit
                ) AS page
                ORDER BY last_live IS NOT NULL, last_live, handle
                """, arguments)
        }
        let clause = "c.id IN (SELECT creator_id FROM creator_stats WHERE health = 'idle') AND c.deleted = 0 AND c.stage = :activated" + owner
        return ("""
            SELECT id, handle, owner_id, last_live, COUNT(*) OVER () AS total FROM (
              SELECT c.id, c.handle, c.owner_id,
                (SELECT MAX(s.started_at) FROM live_session s WHERE s.creator_id = c.id AND s.started_at < :now) AS last_live
              FROM creator c WHERE \(clause)
            ) WHERE last_live IS NULL OR last_live < :d7
            ORDER BY last_live IS NOT NULL, last_live, handle
            LIMIT :limit
            """, arguments)
    }

    /// The idle section: its count and its first `limit` rows, from one statement.
    static func idleCreators(_ db: Database, meID: String?, now: Millis, limit: Int) throws -> TodayReport.Section<TodayReport.IdleCreator> {
        let q = idleCreators(meID: meID, now: now, sessionMark: try Store.creatorStatsSessionMark(db))
        // (LIMIT 1 when no rows are wanted: the window count still covers every row.)
        let rows = try Row.fetchAll(db, sql: q.sql, arguments: q.arguments + ["limit": max(1, limit)])
        let owners = Dictionary(try Row.fetchAll(db, sql: "SELECT id, handle FROM member").map { ($0["id"] as String, $0["handle"] as String) },
                                uniquingKeysWith: { a, _ in a })
        return .init(count: rows.first?["total"] ?? 0, rows: rows.prefix(limit).map { r in
            TodayReport.IdleCreator(creatorID: r["id"], handle: r["handle"], ownerHandle: (r["owner_id"] as String?).flatMap { owners[$0] },
                                    lastLiveAt: r["last_live"], now: now)
        })
    }

    /// Cards in their stage longer than the stage's `rotDays` whole days (the board's rule:
    /// `Int((now − entered) / day) > rotDays`), longest past their threshold first. Nil when
    /// no stage rots.
    static func rottingCards(meID: String?, now: Millis, settings: TeamSettings) -> Query? {
        let rotting = Store.rottingStages(settings)
        guard !rotting.isEmpty else { return nil }
        var arguments = StatementArguments()
        var ranges: [String] = []
        var thresholds: [String] = []
        for (i, stage) in rotting.enumerated() {
            let days = Millis(stage.days)
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
