import Foundation
import GRDB
import GreenroomCore

/// What one run of the teams' assignment rules did (or, in a dry run, would do).
public struct AutoAssignReport: Hashable, Sendable {
    public struct Assigned: Hashable, Sendable {
        public var ticketID: String
        public var key: String
        public var subject: String
        public var team: String
        public var handle: String
        public var explanation: String
    }
    public var assigned: [Assigned] = []
    /// Per team whose queue was left with tickets: how many and why.
    public var leftOver: [(team: String, count: Int, reason: String)] = []
    /// The undo of what was written (nil in a dry run or when nothing was).
    public var undo: ChangeSet?
    /// Unassigned tickets the rule already handed out once and someone took back (an undo):
    /// left for people to assign.
    public var takenBack = 0

    public static func == (a: AutoAssignReport, b: AutoAssignReport) -> Bool {
        a.assigned == b.assigned && a.leftOver.map { "\($0.team)|\($0.count)|\($0.reason)" } == b.leftOver.map { "\($0.team)|\($0.count)|\($0.reason)" }
    }
    public func hash(into h: inout Hasher) { h.combine(assigned) }
}

extension Store {
    /// Tickets one run hands out per team at most (the rest wait for the next run), so a sync
    /// that brings thousands of unassigned tickets stays quick.
    public static let autoAssignCap = 500

    static func memberStatuses(_ team: Team, now: Millis, _ db: Database) throws -> [TeamMemberStatus] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.id, m.handle, m.name, m.time_zone, m.schedule, tm.capacity,
                   (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = m.id AND t.deleted = 0 AND t.merged_into_id IS NULL
                        AND t.status IN ('new','open','on_hold')) AS open,
                   (SELECT MAX(e.at) FROM ticket_event e WHERE e.kind = 'assignment' AND e.deleted = 0 AND e.to_value = m.handle) AS last_assigned,
                   -- (Two probes of ticket_event_assigned, not a sort of a member's every hand-out.)
                   (SELECT MAX(e.rowid) FROM ticket_event e WHERE e.kind = 'assignment' AND e.deleted = 0 AND e.to_value = m.handle
                        AND e.at = (SELECT MAX(x.at) FROM ticket_event x WHERE x.kind = 'assignment' AND x.deleted = 0 AND x.to_value = m.handle)) AS last_order
            FROM team_member tm JOIN member m ON m.id = tm.member_id
            WHERE tm.team_id = ? AND tm.deleted = 0 AND m.deleted = 0
            ORDER BY m.handle
            """, arguments: [team.id])
        let timeOff = try Dictionary(grouping: ShiftException.fetchAll(db, sql: """
            SELECT \(ShiftException.selectColumns) FROM shift_exception x
            WHERE x.deleted = 0 AND x.starts_at <= ? AND x.ends_at > ? AND x.member_id IN (SELECT member_id FROM team_member WHERE team_id = ? AND deleted = 0)
            """, arguments: [now, now, team.id]), by: \.memberID)
        return rows.map { r in
            let zoneID: String = (r["time_zone"] as String?) ?? team.timeZone
            let scheduleText: String? = r["schedule"]
            let memberID: String = r["id"]
            let shift = MemberShift.status(schedule: scheduleText, zone: TimeZone(identifier: zoneID) ?? .gmt, timeOff: timeOff[memberID] ?? [], now: now)
            return TeamMemberStatus(memberID: memberID, handle: r["handle"], name: r["name"], onShift: shift.onShift, offReason: shift.reason,
                                    open: r["open"], capacity: (r["capacity"] as Int?) ?? team.capacity, schedule: scheduleText,
                                    zone: zoneID, lastAssignedAt: r["last_assigned"], lastAssignedOrder: (r["last_order"] as Int64?) ?? 0)
        }
    }

    /// Time off not over by `now` (the assignee picker's "on leave until …").
    public func currentTimeOff(now: Millis) throws -> [ShiftException] {
        try read { db in
            try ShiftException.fetchAll(db, sql: "SELECT \(ShiftException.selectColumns) FROM shift_exception WHERE deleted = 0 AND ends_at > ? ORDER BY starts_at",
                                        arguments: [now])
        }
    }

    /// Every team with its members now.
    public func teamOverviews(now: Millis) throws -> [TeamOverview] {
        try read { db in
            let teams = try Team.fetchAll(db, sql: "SELECT \(Team.selectColumns) FROM team WHERE deleted = 0 ORDER BY name COLLATE NOCASE")
            return try teams.map { team in
                let lead = try team.leadID.flatMap { try String.fetchOne(db, sql: "SELECT handle FROM member WHERE id = ?", arguments: [$0]) }
                let unassigned = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM ticket WHERE team_id = ? AND deleted = 0 AND assignee_id IS NULL AND merged_into_id IS NULL AND status IN ('new','open')
                    """, arguments: [team.id]) ?? 0
                let open = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM ticket WHERE team_id = ? AND deleted = 0 AND merged_into_id IS NULL AND status IN ('new','open','pending','on_hold')
                    """, arguments: [team.id]) ?? 0
                return TeamOverview(team: team, leadHandle: lead, members: try Store.memberStatuses(team, now: now, db), unassigned: unassigned, open: open)
            }
        }
    }

    /// Runs every team's assignment rule over its unassigned queue, oldest ticket first
    /// (`AssignmentRule`), and writes each pick as an assignment event by the system whose
    /// reason explains it ("assigned by rule Tier 1 BPO round-robin: @lucia had 3 of 8").
    ///
    /// Offline without doubling (DESIGN.md §9): the event's id is derived from the team, the
    /// ticket and the instant it became unassigned (its creation, or the latest event that
    /// took its assignee away), so laptops that run the rule on the same ticket offline write
    /// one event when they sync (the newer insert's values win everywhere), and the assignee
    /// field merges by its stamp as always. A firing already recorded — even one a user undid
    /// — is not made again for the same instant.
    /// `dryRun`: decides the same and writes nothing.
    public func autoAssign(now: Millis? = nil, dryRun: Bool = false, team only: String? = nil) throws -> AutoAssignReport {
        let now = now ?? self.now
        var report = AutoAssignReport()
        var changes: [Change] = []
        try read { db in
            var teams = try Team.fetchAll(db, sql: "SELECT \(Team.selectColumns) FROM team WHERE deleted = 0 AND assignment <> 'off' ORDER BY name COLLATE NOCASE")
            if let only { teams = [try Store.team(named: only, db)] }
            for team in teams where team.assignment != .off {
                let statuses = try Store.memberStatuses(team, now: now, db)
                var batch = AssignmentRule.Batch(mode: team.assignment, team: team.name, candidates: statuses.map(\.candidate))
                let waiting = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM ticket WHERE team_id = ? AND deleted = 0 AND assignee_id IS NULL AND merged_into_id IS NULL AND status IN ('new','open')
                    """, arguments: [team.id]) ?? 0
                guard waiting > 0 else { continue }
                // Nobody on shift with room: nothing to read ticket by ticket (an idle minute
                // at a million tickets stays a few index probes).
                guard statuses.contains(where: { $0.onShift && $0.open < $0.capacity }) else {
                    report.leftOver.append((team.name, waiting, AssignmentRule.whyNobody(mode: team.assignment, candidates: batch.candidatesNow)))
                    continue
                }
                let tickets = try Row.fetchCursor(db, sql: """
                    SELECT t.id, t.key, t.subject, t.created_at,
                           (SELECT MAX(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.kind = 'assignment' AND e.deleted = 0 AND e.to_value IS NULL) AS unassigned_at
                    FROM ticket t WHERE t.team_id = ? AND t.deleted = 0 AND t.assignee_id IS NULL AND t.merged_into_id IS NULL AND t.status IN ('new','open')
                    ORDER BY t.created_at, t.id
                    """, arguments: [team.id])
                var given = 0, takenBack = 0
                while let row = try tickets.next() {
                    let id: String = row["id"]
                    let trigger: Millis = max((row["created_at"] as Millis?) ?? 0, (row["unassigned_at"] as Millis?) ?? 0)
                    let eventID = UUIDv7.derived(from: "assign/\(team.id)/\(id)/\(trigger)", millis: trigger)
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket_event WHERE id = ?", arguments: [eventID]) == true {
                        report.takenBack += 1; takenBack += 1
                        continue
                    }
                    guard given < Store.autoAssignCap else {
                        report.leftOver.append((team.name, waiting - given - takenBack, "at most \(Store.autoAssignCap) a run; the rest on the next"))
                        break
                    }
                    guard let pick = batch.next() else {
                        report.leftOver.append((team.name, waiting - given - takenBack, AssignmentRule.whyNobody(mode: team.assignment, candidates: batch.candidatesNow)))
                        break
                    }
                    given += 1
                    let key: String = row["key"]
                    report.assigned.append(.init(ticketID: id, key: key, subject: row["subject"], team: team.name, handle: pick.handle, explanation: pick.explanation))
                    changes.append(.ticketAction(TicketEvent(id: eventID, ticketID: id, kind: .assignment, at: now, actor: .system, authorID: nil,
                                                             isPublic: false, toValue: pick.handle, reason: pick.explanation),
                                                 fields: [TicketField.assigneeID.rawValue: FieldValue(pick.memberID)]))
                }
            }
        }
        if !dryRun && !changes.isEmpty {
            report.undo = try apply(ChangeSet(report.assigned.count == 1 ? "Assigned 1 ticket by team rule" : "Assigned \(report.assigned.count) tickets by team rules", changes), by: nil)
        }
        return report
    }
}
