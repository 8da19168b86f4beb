import Foundation
import GRDB
import GreenroomCore

/// A deleted record that can be brought back.
public struct TrashItem: Sendable, Hashable {
    public var entity: Entity
    public var id: String
    /// What a person knows it by: `@handle · Name`, `K7Q2 · subject`, `@handle: summary`.
    public var label: String
    /// When it was deleted (the stamp of its tombstone), and by which device.
    public var deletedAt: Millis?
    public var deletedBy: String?
}

/// The trash (issue 19): deletes are tombstones, so a deleted creator, ticket or activity —
/// and a removed program, workshop, community or incentive task (issue 26) — can be listed
/// and restored. A restore is an ordinary synced write (`deleted` set back to false, with its
/// own stamp), so it reaches every laptop and wins over the delete it follows; it can be
/// undone like any change.
///
/// Deleting a record tombstones that record only: what hangs off it (a creator's tickets,
/// activities, enrolments, memberships, invitations, tasks; a program's modules and
/// enrolments) is left as it was and is hidden from lists and counts while its owner is
/// deleted, so a restore brings everything back at once.
extension Store {
    /// The kinds of record the trash lists.
    public static let trashEntities: [Entity] = [.creator, .ticket, .activity, .program, .workshop, .community, .incentiveTask, .coachingItem]

    /// The kinds a restore accepts: what the trash lists, and whatever the sync's delete
    /// fail-safe guards (keeping a peer's held deletes restores those records).
    public static let restorableEntities: Set<Entity> = Set(trashEntities).union(SyncSession.guardedEntities)

    /// Kinds whose rows belong to a creator: restoring one waits for its creator's restore.
    static let creatorOwned: Set<Entity> = [.activity, .incentiveTask, .programEnrolment, .moduleCompletion, .workshopInvite,
                                            .communityMember, .resourceSend]

    /// Deleted records, most recently deleted first.
    public func trash(entities: [Entity] = Store.trashEntities, limit: Int = 500) throws -> [TrashItem] {
        try read { db in
            var items: [TrashItem] = []
            for entity in entities {
                let label: String
                switch entity {
                case .creator: label = "x.handle || ' · ' || x.display_name"
                case .ticket: label = "x.key || ' · ' || x.subject"
                case .activity: label = "IFNULL((SELECT handle FROM creator WHERE id = x.creator_id), '?') || ': ' || x.summary"
                case .program: label = "x.name"
                case .workshop: label = "x.title"
                case .community: label = "x.name || ' · ' || x.channel || ' · ' || x.market"
                case .incentiveTask: label = "IFNULL((SELECT handle FROM creator WHERE id = x.creator_id), '?') || ': ' || x.title"
                case .coachingItem:
                    label = "IFNULL((SELECT handle FROM member WHERE id = x.member_id), '?') || ' ' || replace(x.kind, '_', '-') || ': ' || x.body"
                default: continue
                }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT x.id, \(label) AS label, IFNULL(s.hlc, x.hlc) AS stamp FROM \(entity.rawValue) x
                    LEFT JOIN field_stamp s ON s.entity = '\(entity.rawValue)' AND s.row_id = x.id AND s.field = 'deleted'
                    WHERE x.deleted = 1 ORDER BY stamp DESC LIMIT ?
                    """, arguments: [limit])
                for row in rows {
                    let stamp = HLC(encoded: row["stamp"] as String)
                    var text = TerminalText.sanitize(row["label"] as String)
                    if entity == .ticket, let key = text.split(separator: " ").first {
                        text = (try Store.shortKey(String(key), db)) + text.dropFirst(key.count)
                    }
                    items.append(TrashItem(entity: entity, id: row["id"], label: text, deletedAt: stamp?.physical, deletedBy: stamp?.device))
                }
            }
            return Array(items.sorted { ($0.deletedAt ?? 0, $0.id) > ($1.deletedAt ?? 0, $1.id) }.prefix(limit))
        }
    }

    /// Finds a deleted record from what a person types: `@handle` (a creator), a ticket key
    /// or its shown prefix, a record id, or the name of a removed program, workshop or
    /// community (the whole name, any case, when only one deleted record has it).
    public func trashReference(_ text: String) throws -> (Entity, String)? {
        try read { db in
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("@") {
                let ids = try String.fetchAll(db, sql: "SELECT id FROM creator WHERE handle = ? AND deleted = 1", arguments: [t.lowercased()])
                return ids.count == 1 ? (.creator, ids[0]) : nil
            }
            if UUIDv7.isWellFormed(t) {
                for entity in Store.trashEntities where try Bool.fetchOne(db, sql: "SELECT 1 FROM \(entity.rawValue) WHERE id = ? AND deleted = 1", arguments: [t]) == true {
                    return (entity, t)
                }
                return nil
            }
            let key = TicketKey.normalize(t)
            if key.count >= TicketKey.minimumLength {
                let ids = try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE key >= ? AND key < ? AND deleted = 1 LIMIT 2",
                                              arguments: [key, key + "\u{7F}"])
                if ids.count == 1 { return (.ticket, ids[0]) }
            }
            var named: [(Entity, String)] = []
            for (entity, column) in [(Entity.program, "name"), (.workshop, "title"), (.community, "name")] {
                named += try String.fetchAll(db, sql: "SELECT id FROM \(entity.rawValue) WHERE deleted = 1 AND \(column) = ? COLLATE NOCASE LIMIT 2",
                                             arguments: [t]).map { (entity, $0) }
            }
            return named.count == 1 ? named[0] : nil
        }
    }

    /// Whether the record is a tombstone (false when it is live or unknown).
    public func isDeleted(_ entity: Entity, id: String) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT deleted FROM \(entity.rawValue) WHERE id = ?", arguments: [id]) ?? false }
    }

    /// Brings a deleted record back; returns the change that deletes it again (for undo).
    /// A creator whose handle was taken meanwhile, a program or community whose name a live
    /// one has taken meanwhile, or a creator's row (an activity, a task, an enrolment…) whose
    /// creator is deleted, is refused with the reason.
    @discardableResult
    public func restoreFromTrash(_ entity: Entity, id: String, by memberID: String?) throws -> ChangeSet {
        guard Store.restorableEntities.contains(entity) else { throw GreenroomError.invalidInput("\(entity.rawValue) records have no trash") }
        let state = try read { db -> (deleted: Bool?, parentLive: Bool) in
            let deleted = try Bool.fetchOne(db, sql: "SELECT deleted FROM \(entity.rawValue) WHERE id = ?", arguments: [id])
            var parentLive = true
            if Store.creatorOwned.contains(entity) {
                parentLive = try Bool.fetchOne(db, sql: """
                    SELECT CASE WHEN x.creator_id IS NULL THEN 1 ELSE IFNULL((SELECT c.deleted = 0 FROM creator c WHERE c.id = x.creator_id), 0) END
                    FROM \(entity.rawValue) x WHERE x.id = ?
                    """, arguments: [id]) ?? false
            }
            if deleted == true, entity == .program || entity == .community,
               let name = try String.fetchOne(db, sql: "SELECT name FROM \(entity.rawValue) WHERE id = ?", arguments: [id]),
               try Bool.fetchOne(db, sql: "SELECT 1 FROM \(entity.rawValue) WHERE deleted = 0 AND name = ? COLLATE NOCASE", arguments: [name]) == true {
                throw GreenroomError.invalidInput("a live \(entity.rawValue) is called \"\(TerminalText.sanitize(name))\" now: two cannot share a name")
            }
            return (deleted, parentLive)
        }
        guard let deleted = state.deleted else { throw GreenroomError.invalidInput("no \(entity.rawValue) with id \(id)") }
        guard deleted else { throw GreenroomError.invalidInput("that \(entity.rawValue) is not in the trash") }
        guard state.parentLive else { throw GreenroomError.invalidInput("its creator is deleted; restore the creator first") }
        return try apply(ChangeSet("Restore \(entity.rawValue)", [.update(entity, id: id, fields: ["deleted": FieldValue(false)])]), by: memberID)
    }
}
