import Foundation
import GRDB
import GreenroomCore

/// What a creator merge moved of issue 26's rows (programs, workshops, communities, tasks,
/// resource sends).
public struct ProgramRowsMerged: Sendable, Hashable {
    public var enrolments = 0
    public var completions = 0
    public var invitations = 0
    public var memberships = 0
    public var tasks = 0
    public var resourceSends = 0
    /// Rows the kept creator already had (enrolled in the same program, invited to the same
    /// workshop, member of the same community, the same task): one row stays, with the
    /// further progress of the two.
    public var combined = 0

    /// "2 program enrolments, 1 module completion" (what moved, for the merge's summary).
    var phrases: [String] {
        var out: [String] = []
        func count(_ n: Int, _ word: String) { if n > 0 { out.append("\(n) \(word)\(n == 1 ? "" : "s")") } }
        count(enrolments, "program enrolment"); count(completions, "module completion"); count(invitations, "workshop invitation")
        count(memberships, "community membership"); count(tasks, "incentive task"); count(resourceSends, "resource send")
        return out
    }
}

/// The merge's part for issue 26's rows (`mergeCreators` calls it in its transaction).
///
/// Rows whose id is derived from what they join (a program enrolment, a module completion, a
/// workshop invitation, a community membership) cannot simply change creator: the kept
/// creator's row must have the id derived from *their* id, or a later enrolment or completion
/// on any laptop would make a second row. So the merged creator's row is tombstoned and the
/// kept creator's row is written (inserted, revived, or — when the kept creator already had
/// one — combined, keeping the further progress):
///
/// - **enrolment**: the earlier enrolment date;
/// - **module completion**: completions are unioned per module (the same person finished
///   them all); where both finished a module, the earlier completion stays;
/// - **invitation**: attended if either attended, the earlier invitation date (the
///   workshop's capacity is not exceeded: one person holds one seat);
/// - **membership**: a current membership wins over one that ended, moderator wins over
///   member, the earlier join date, and the later leave date when both had left.
///
/// Incentive tasks and resource sends have ids of their own and change creator like
/// activities do. A task the kept creator already has (same title, metric, goal, days and
/// campaign — a task given to both duplicates) is not doubled: the merged creator's copy is
/// tombstoned, and if only that copy's reward was paid, the kept one records the payment, so
/// no reward is due twice.
///
/// A workshop attendance activity's id is derived from the invitation
/// (`WorkshopInvite.attendanceActivityID`), so like the invitation it is re-derived: the
/// merged creator's one (already moved to the kept creator with the other activities) is
/// tombstoned and the kept creator's is written in its place — inserted, revived, or left as
/// it is when the kept creator attended too. Marking the kept creator absent later then
/// withdraws it, and the same attendance marked on another laptop before the merge arrived
/// is the same row: one attendance, one activity, everywhere.
///
/// Every write is stamped (it syncs), and each one's inverse joins the merge's undo record,
/// so `unmergeCreator` takes it all back: kept rows the merge inserted are tombstoned, rows
/// it combined get their fields back, and the merged creator's rows are revived.
extension Store {
    func mergeProgramRows(keep: String, other: String, by memberID: String?, in db: Database, inverse: inout [Change]) throws -> ProgramRowsMerged {
        var merged = ProgramRowsMerged()
        func earlier(_ a: Millis, _ b: Millis) -> Millis { min(a, b) }

        (merged.enrolments, merged.combined) = try moveDerived(ProgramEnrolment.self, keep: keep, other: other, by: memberID, db, &inverse,
            derive: { ProgramEnrolment.id(program: $0.programID, creator: keep) },
            retarget: { $0.id = $1; $0.creatorID = keep },
            carry: { ["enrolled_at": .int($0.enrolledAt)] },
            combine: { mine, theirs in ["enrolled_at": .int(earlier(mine.enrolledAt, theirs.enrolledAt))] })

        var combined = 0
        (merged.completions, combined) = try moveDerived(ModuleCompletion.self, keep: keep, other: other, by: memberID, db, &inverse,
            derive: { ModuleCompletion.id(module: $0.moduleID, creator: keep) },
            retarget: { $0.id = $1; $0.creatorID = keep },
            carry: { ["completed_at": .int($0.completedAt), "program_id": .text($0.programID)] },
            combine: { mine, theirs in ["completed_at": .int(earlier(mine.completedAt, theirs.completedAt))] })
        merged.combined += combined

        (merged.invitations, combined) = try moveDerived(WorkshopInvite.self, keep: keep, other: other, by: memberID, db, &inverse,
            derive: { WorkshopInvite.id(workshop: $0.workshopID, creator: keep) },
            retarget: { $0.id = $1; $0.creatorID = keep },
            carry: { ["invited_at": .int($0.invitedAt), "attended": FieldValue($0.attended)] },
            combine: { mine, theirs in
                ["invited_at": .int(earlier(mine.invitedAt, theirs.invitedAt)), "attended": FieldValue(mine.attended || theirs.attended)]
            })
        merged.combined += combined
        try rederiveAttendance(keep: keep, other: other, by: memberID, db, &inverse)

        (merged.memberships, combined) = try moveDerived(CommunityMember.self, keep: keep, other: other, by: memberID, db, &inverse,
            derive: { CommunityMember.id(community: $0.communityID, creator: keep) },
            retarget: { $0.id = $1; $0.creatorID = keep },
            carry: { ["role": .text($0.role.rawValue), "joined_at": .int($0.joinedAt), "left_at": $0.leftAt.map { .int($0) } ?? .null] },
            combine: { mine, theirs in
                let left: Millis? = mine.leftAt == nil || theirs.leftAt == nil ? nil : max(mine.leftAt!, theirs.leftAt!)
                let role: CommunityMember.Role = mine.role == .moderator || theirs.role == .moderator ? .moderator : .member
                return ["role": .text(role.rawValue), "joined_at": .int(earlier(mine.joinedAt, theirs.joinedAt)), "left_at": left.map { .int($0) } ?? .null]
            })
        merged.combined += combined

        // Tasks: moved, unless the kept creator has the same task.
        let tasks = try IncentiveTask.fetchAll(db, sql: "SELECT \(IncentiveTask.selectColumns) FROM incentive_task WHERE creator_id = ? AND deleted = 0 ORDER BY id",
                                               arguments: [other])
        let mine = try IncentiveTask.fetchAll(db, sql: "SELECT \(IncentiveTask.selectColumns) FROM incentive_task WHERE creator_id = ? AND deleted = 0 ORDER BY id",
                                              arguments: [keep])
        for t in tasks {
            merged.tasks += 1
            if let same = mine.first(where: { Store.sameTask($0, t) }) {
                merged.combined += 1
                if same.paidAt == nil, let paid = t.paidAt {
                    inverse.append(try applyInTransaction(.update(.incentiveTask, id: same.id, fields: ["paid_at": .int(paid)]), by: memberID, in: db))
                }
                inverse.append(try applyInTransaction(.update(.incentiveTask, id: t.id, fields: ["deleted": FieldValue(true)]), by: memberID, in: db))
            } else {
                inverse.append(try applyInTransaction(.update(.incentiveTask, id: t.id, fields: ["creator_id": .text(keep)]), by: memberID, in: db))
            }
        }

        for id in try String.fetchAll(db, sql: "SELECT id FROM resource_send WHERE creator_id = ? AND deleted = 0 ORDER BY id", arguments: [other]) {
            inverse.append(try applyInTransaction(.update(.resourceSend, id: id, fields: ["creator_id": .text(keep)]), by: memberID, in: db))
            merged.resourceSends += 1
        }
        return merged
    }

    /// The merged creator's live attendance activities, re-derived for the kept creator (see
    /// the type's comment); their undo joins `inverse`.
    private func rederiveAttendance(keep: String, other: String, by memberID: String?, _ db: Database, _ inverse: inout [Change]) throws {
        let invitations = try Row.fetchAll(db, sql: """
            SELECT i.id, i.workshop_id, w.starts_at FROM workshop_invite i JOIN workshop w ON w.id = i.workshop_id
            WHERE i.creator_id = ? ORDER BY i.id
            """, arguments: [other])
        for invitation in invitations {
            let startsAt: Millis = invitation[2]
            let theirs = WorkshopInvite.attendanceActivityID(invite: invitation[0], startsAt: startsAt)
            guard let activity = try Activity.fetchOne(db, sql: "SELECT \(Activity.selectColumns) FROM activity WHERE id = ? AND deleted = 0",
                                                       arguments: [theirs]) else { continue }
            let mine = WorkshopInvite.attendanceActivityID(invite: WorkshopInvite.id(workshop: invitation[1], creator: keep), startsAt: startsAt)
            switch try Bool.fetchOne(db, sql: "SELECT deleted FROM activity WHERE id = ?", arguments: [mine]) {
            case nil:
                var copy = activity
                copy.id = mine
                copy.creatorID = keep
                try insertStamped(copy, in: db)
                inverse.append(.update(.activity, id: mine, fields: ["deleted": FieldValue(true)]))
            case true?:
                inverse.append(try applyInTransaction(.update(.activity, id: mine, fields: ["deleted": FieldValue(false)]), by: memberID, in: db))
            case false?:
                break // the kept creator attended too: their activity stands for both
            }
            inverse.append(try applyInTransaction(.update(.activity, id: theirs, fields: ["deleted": FieldValue(true)]), by: memberID, in: db))
        }
    }

    /// The same task given twice: title, metric, goal, days and campaign agree.
    static func sameTask(_ a: IncentiveTask, _ b: IncentiveTask) -> Bool {
        a.title == b.title && a.metric == b.metric && a.goal == b.goal && a.startDate == b.startDate && a.endDate == b.endDate && a.campaignID == b.campaignID
    }

    /// Moves the merged creator's live rows of a table whose ids are derived from (thing,
    /// creator) to the kept creator's derived row; returns the rows moved and how many of
    /// them were combined with a row the kept creator already had.
    private func moveDerived<R: StoredRecord>(_ type: R.Type, keep: String, other: String, by memberID: String?, _ db: Database, _ inverse: inout [Change],
                                              derive: (R) -> String, retarget: (inout R, String) -> Void,
                                              carry: (R) -> [String: FieldValue], combine: (R, R) -> [String: FieldValue]) throws -> (Int, Int) {
        let table = R.entity.rawValue
        let theirs = try R.fetchAll(db, sql: "SELECT \(R.selectColumns) FROM \(table) WHERE creator_id = ? AND deleted = 0 ORDER BY id", arguments: [other])
        var combined = 0
        for row in theirs {
            let keptID = derive(row)
            if let deleted = try Bool.fetchOne(db, sql: "SELECT deleted FROM \(table) WHERE id = ?", arguments: [keptID]) {
                var fields: [String: FieldValue]
                if deleted {
                    fields = carry(row)
                    fields["deleted"] = FieldValue(false)
                } else {
                    guard let mine = try R.fetchOne(db, sql: "SELECT \(R.selectColumns) FROM \(table) WHERE id = ?", arguments: [keptID]) else { continue }
                    fields = combine(mine, row)
                    combined += 1
                }
                inverse.append(try applyInTransaction(.update(R.entity, id: keptID, fields: fields), by: memberID, in: db))
            } else {
                var copy = row
                retarget(&copy, keptID)
                try insertStamped(copy, in: db)
                inverse.append(.update(R.entity, id: keptID, fields: ["deleted": FieldValue(true)]))
            }
            inverse.append(try applyInTransaction(.update(R.entity, id: row.id, fields: ["deleted": FieldValue(true)]), by: memberID, in: db))
        }
        return (theirs.count, combined)
    }
}
