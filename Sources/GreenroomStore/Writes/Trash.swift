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

/// The trash (issue 19): deletes are tombstones, so a deleted creator, ticket or activity
/// can be listed and restored. A restore is an ordinary synced write (`deleted` set back to
/// false, with its own stamp), so it reaches every laptop and wins over the delete it
/// follows; it can be undone like any change.
extension Store {
    /// The kinds of record the trash lists.
    public static let trashEntities: [Entity] = [.creator, .ticket, .activity]

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
    /// or its shown prefix, or a record id.
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
            guard key.count >= TicketKey.minimumLength else { return nil }
            let ids = try String.fetchAll(db, sql: "SELECT id FROM ticket WHERE key >= ? AND key < ? AND deleted = 1 LIMIT 2",
                                          arguments: [key, key + "\u{7F}"])
            return ids.count == 1 ? (.ticket, ids[0]) : nil
        }
    }

    /// Whether the record is a tombstone (false when it is live or unknown).
    public func isDeleted(_ entity: Entity, id: String) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT deleted FROM \(entity.rawValue) WHERE id = ?", arguments: [id]) ?? false }
    }

    /// Brings a deleted record back; returns the change that deletes it again (for undo).
    /// A creator whose handle was taken meanwhile, or an activity whose creator is deleted,
    /// is refused with the reason.
    @discardableResult
    public func restoreFromTrash(_ entity: Entity, id: String, by memberID: String?) throws -> ChangeSet {
        guard Store.trashEntities.contains(entity) else { throw GreenroomError.invalidInput("\(entity.rawValue) records have no trash") }
        let state = try read { db -> (deleted: Bool?, parentLive: Bool) in
            let deleted = try Bool.fetchOne(db, sql: "SELECT deleted FROM \(entity.rawValue) WHERE id = ?", arguments: [id])
            var parentLive = true
            if entity == .activity {
                parentLive = try Bool.fetchOne(db, sql: "SELECT c.deleted = 0 FROM activity a JOIN creator c ON c.id = a.creator_id WHERE a.id = ?",
                                               arguments: [id]) ?? false
            }
            return (deleted, parentLive)
        }
        guard let deleted = state.deleted else { throw GreenroomError.invalidInput("no \(entity.rawValue) with id \(id)") }
        guard deleted else { throw GreenroomError.invalidInput("that \(entity.rawValue) is not in the trash") }
        guard state.parentLive else { throw GreenroomError.invalidInput("its creator is deleted; restore the creator first") }
        return try apply(ChangeSet("Restore \(entity.rawValue)", [.update(entity, id: id, fields: ["deleted": FieldValue(false)])]), by: memberID)
    }
}
