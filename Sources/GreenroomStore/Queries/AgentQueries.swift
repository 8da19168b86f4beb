import Foundation
import GRDB
import Synchronization
import GreenroomCore

/// An agent's page (issue 25): the KPI engine's ticket KPIs scoped to the agent over the
/// last twelve weeks (`computeKPI` with `.agent(handle)` — the same code the Review's and
/// `greenroom kpi`'s numbers come from, so a drill-down lists exactly the tickets counted),
/// their QA scores, open load, this week's breaches and recent CSAT comments.
///
/// Every read is a range of an index by assignee (`ticket_agent_created`,
/// `ticket_agent_solved`, `ticket_fact_agent`, `ticket_assignee`, v23-agent-page), so the
/// page costs the agent's tickets, not the team's; complete weeks are kept (`agentSeries`,
/// v25-agent-weeks), so an open computes the current week and reads the rest.
extension Store {
    /// The page of the teammate `handle` (`@` optional), or a one-line reason.
    public func agentPage(handle: String, now: Millis, weeks: Int = AgentPage.weekCount, comments: Int = 8) throws -> AgentPage {
        let h = handle.hasPrefix("@") ? handle : "@" + handle
        guard let member = try read({ db in
            try Member.fetchOne(db, sql: "SELECT \(Member.selectColumns) FROM member WHERE handle = ? AND deleted = 0", arguments: [h])
        }) else {
            throw GreenroomError.invalidInput("no teammate \(TerminalText.sanitize(h))")
        }
        let settings = try teamSettings()
        let calendar = TeamCalendar(zone: settings.zone)
        let periods = calendar.lastN(max(1, min(52, weeks)), .week, endingAt: now)
        let scope = KPIScope.agent(member.handle)
        let thisWeek = periods[periods.count - 1]
        // The twelve weeks' KPIs (two reader lanes of their own) and everything else on the
        // page (open load, this week's breaches, QA, comments, schedule: one more reader) are
        // read at once; the page waits for both.
        let found = Mutex((series: Result<[KPIID: [KPIValue]], Error>?.none, rest: Result<AgentPage, Error>?.none))
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 {
                let series = Result { try agentSeries(memberID: member.id, handle: member.handle, periods: periods, now: now) }
                found.withLock { $0.series = series }
            } else {
                let rest = Result { try agentPageRest(member, periods: periods, thisWeek: thisWeek, scope: scope, settings: settings,
                                                      calendar: calendar, comments: comments, now: now) }
                found.withLock { $0.rest = rest }
            }
        }
        let (series, rest) = found.withLock { ($0.series, $0.rest) }
        guard var page = try rest?.get(), let kpis = try series?.get() else { throw GreenroomError.database("the agent page was not read") }
        page.series = kpis
        return page
    }

    /// The agent page but its KPI series (left empty): open load, this week's breaches, QA
    /// scores, CSAT comments and schedule.
    private func agentPageRest(_ member: Member, periods: [KPIPeriod], thisWeek: KPIPeriod, scope: KPIScope, settings: TeamSettings,
                               calendar: TeamCalendar, comments: Int, now: Millis) throws -> AgentPage {
        let open = try kpi(.backlog, period: thisWeek, scope: scope, now: now).numerator ?? 0
        return try read { db in
            let qa = try Store.qaSeries(agent: member.id, periods, rubric: settings.qaRubric, db)
            let breached = try Store.breachedTicketCount(thisWeek, scope, now: now, db)
            // CSAT comments given in the weeks shown on the agent's tickets, latest first: the rated
            // events with a comment newest first (a small partial index), the agent's kept.
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id, t.key, e.to_value, e.body, e.at FROM ticket_event e INDEXED BY ticket_event_csat_comment
                JOIN ticket t ON t.id = e.ticket_id
                WHERE e.kind = 'csat' AND e.deleted = 0 AND e.body IS NOT NULL AND e.body <> '' AND e.at >= ?
                  AND t.assignee_id = ? AND t.deleted = 0
                ORDER BY e.at DESC, e.id LIMIT ?
                """, arguments: [periods[0].start, member.id, comments])
            let short = try Store.shortKeys(rows.map { $0[1] as String }, db)
            let notes = rows.map { r -> AgentPage.CSATComment in
                let key: String = r[1]
                return AgentPage.CSATComment(ticketID: r[0], key: short[key] ?? key, rating: CSAT(rawValue: r[2] as String? ?? "") ?? .bad,
                                             comment: r[3], at: r[4])
            }
            return AgentPage(handle: member.handle, name: member.name, role: member.role, tier: member.tier, zone: settings.team.timeZone,
                             weeks: periods, weekLabels: periods.map { calendar.isoWeekString($0.start) }, series: [:], qa: qa,
                             openLoad: open, breachedThisWeek: breached, comments: notes, generatedAt: now,
                             schedule: try Store.agentSchedule(member, fallbackZone: settings.team.timeZone, now: now, db))
        }
    }
}

extension Store {
    /// A teammate's shifts, teams and time off to come (issue 24's tables, read only), with
    /// whether they are on shift now as `MemberShift` decides it everywhere else.
    static func agentSchedule(_ member: Member, fallbackZone: String, now: Millis, _ db: Database) throws -> AgentSchedule {
        let teams = try String.fetchAll(db, sql: """
            SELECT t.name FROM team_member tm JOIN team t ON t.id = tm.team_id
            WHERE tm.member_id = ? AND tm.deleted = 0 AND t.deleted = 0 ORDER BY t.name COLLATE NOCASE
            """, arguments: [member.id])
        let timeOff = try ShiftException.fetchAll(db, sql: """
            SELECT \(ShiftException.selectColumns) FROM shift_exception INDEXED BY shift_exception_member
            WHERE member_id = ? AND deleted = 0 AND ends_at > ? ORDER BY starts_at, id LIMIT 5
            """, arguments: [member.id, now])
        let zoneID = member.timeZone.flatMap { TimeZone(identifier: $0) == nil ? nil : $0 } ?? fallbackZone
        let status = MemberShift.status(schedule: member.schedule, zone: TimeZone(identifier: zoneID) ?? .gmt, timeOff: timeOff, now: now)
        return AgentSchedule(teams: teams, zone: zoneID, shifts: member.schedule, onShift: status.onShift, offReason: status.reason, timeOff: timeOff)
    }
}
