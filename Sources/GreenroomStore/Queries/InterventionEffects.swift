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
        return try (programs + workshops).prefix(limit).map { item in
            var item = item
            item.result = item.kind == .program ? try programEffect(id: item.id, now: now, days: days) : try workshopEffect(id: item.id, now: now, days: days)
            return item
        }
    }
}
