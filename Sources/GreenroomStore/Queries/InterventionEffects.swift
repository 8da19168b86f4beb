import Foundation
import GRDB
import GreenroomCore

/// The programs and workshops that ran in a period, each with its matched effect as of `now`
/// (`InterventionEffect` says what "ran" means). Programs first (by name), then workshops (by
/// start); at most `limit` of them, since each comparison scans every creator's LIVE around
/// its anchor (a quarter of a second at 25,000 creators). Creators who are deleted count in
/// nothing.
extension Store {
    public func interventionEffects(in period: KPIPeriod, now: Millis, days: Int = 28, limit: Int = 12) throws -> [InterventionEffect] {
        let (programs, workshops) = try read { db -> ([InterventionEffect], [InterventionEffect]) in
            let programs = try Row.fetchAll(db, sql: """
                SELECT p.id, p.name, p.status,
                  (SELECT COUNT(*) FROM program_enrolment e WHERE e.program_id = p.id AND e.deleted = 0
                     AND e.enrolled_at >= :start AND e.enrolled_at < :end AND \(Store.liveEnrolledCreator)),
                  (SELECT COUNT(*) FROM module_completion e WHERE e.program_id = p.id AND e.deleted = 0
                     AND e.completed_at >= :start AND e.completed_at < :end AND \(Store.liveEnrolledCreator))
                FROM program p WHERE p.deleted = 0 ORDER BY p.name COLLATE NOCASE, p.id
                """, arguments: ["start": period.start, "end": period.end]).compactMap { r -> InterventionEffect? in
                    let id: String = r[0], status: String = r[2], enrolled: Int = r[3], done: Int = r[4]
                    let runningThen = status == ProgramStatus.running.rawValue && (UUIDv7.millis(of: id) ?? 0) < period.end
                    guard runningThen || enrolled + done > 0 else { return nil }
                    return InterventionEffect(kind: .program, id: id, name: r[1], joined: enrolled, progressed: done, result: nil)
                }
            let workshops = try Row.fetchAll(db, sql: """
                SELECT w.id, w.title,
                  (SELECT COUNT(*) FROM workshop_invite e WHERE e.workshop_id = w.id AND e.deleted = 0 AND e.attended = 1 AND \(Store.liveEnrolledCreator)),
                  (SELECT COUNT(*) FROM workshop_invite e WHERE e.workshop_id = w.id AND e.deleted = 0 AND \(Store.liveEnrolledCreator))
                FROM workshop w INDEXED BY workshop_start WHERE w.deleted = 0 AND w.starts_at >= ? AND w.starts_at < ? ORDER BY w.starts_at, w.id
                """, arguments: [period.start, period.end]).map {
                    InterventionEffect(kind: .workshop, id: $0[0], name: $0[1], joined: $0[2], progressed: $0[3], result: nil)
                }
            return (programs, workshops)
        }
        let coaching = try coachingEffect(in: period, now: now, days: days)
        return try (coaching.map { [$0] } ?? []).prefix(limit) + (programs + workshops).prefix(limit - (coaching == nil ? 0 : 1)).map { item in
            var item = item
            item.result = item.kind == .program ? try programEffect(id: item.id, now: now, days: days) : try workshopEffect(id: item.id, now: now, days: days)
            return item
        }
    }

    /// The period's coaching as one intervention: the creators with a coaching activity logged
    /// in it (participants), anchored at the median of those sessions, against matched creators
    /// with no coaching at all in the comparison's windows (creators coached only before or
    /// after the period belong to neither group). Nil when nobody was coached.
    public func coachingEffect(in period: KPIPeriod, now: Millis, days: Int = 28) throws -> InterventionEffect? {
        func coached(_ from: Millis, _ to: Millis, _ db: Database) throws -> [(String, Millis)] {
            try Row.fetchAll(db, sql: """
                SELECT a.creator_id, a.at FROM activity a
                WHERE a.kind = 'coaching' AND a.deleted = 0 AND a.at >= ? AND a.at < ?
                  AND NOT EXISTS (SELECT 1 FROM creator t INDEXED BY creator_tombstones WHERE t.id = a.creator_id AND t.deleted = 1)
                """, arguments: [from, to]).map { ($0[0], $0[1]) }
        }
        let sessions = try read { db in try coached(period.start, period.end, db) }
        guard let anchor = MatchedEffect.anchor(sessions.map(\.1)) else { return nil }
        let participants = Set(sessions.map(\.0))
        var excluding: Set<String> = []
        if let w = MatchedEffect.windows(anchor: anchor, now: now, days: days) {
            excluding = Set(try read { db in try coached(w.before.lowerBound, w.after.upperBound, db) }.map(\.0)).subtracting(participants)
        }
        let result = try effect(participants: participants, anchor: anchor, now: now, days: days, excluding: excluding)
        return InterventionEffect(kind: .coaching, id: "coaching:\(period.start)", name: "Coaching", joined: participants.count,
                                  progressed: sessions.count, result: result)
    }
}
