import Foundation
import GreenroomCore
import GreenroomStore

/// Deciding about deletes the fail-safe holds (`SyncSession.applyDeletes`).
extension Syncer {
    /// Applies every delete held from `device`; returns how many records they deleted.
    @discardableResult
    public func acceptDeletes(device: String) throws -> Int {
        let ids = try store.withSyncSession { session in try session.acceptHeldDeletes(device: device) }
        return ids.values.reduce(0) { $0 + $1.count }
    }

    /// Keeps the records `device` deleted: its held deletes are applied (so every laptop's
    /// history is the same) and each record deleted by them is restored with an ordinary
    /// synced write, which wins over the delete on every laptop. Returns how many were
    /// restored, and why the others were not (a creator whose handle is taken by a new one).
    public func keepDeleted(device: String, by memberID: String?) throws -> (restored: Int, refused: [String]) {
        let ids = try store.withSyncSession { session in try session.acceptHeldDeletes(device: device) }
        var restored = 0
        var refused: [String] = []
        for entity in ids.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            for id in ids[entity]! {
                do {
                    guard try store.isDeleted(entity, id: id) else { continue }
                    try store.restoreFromTrash(entity, id: id, by: memberID)
                    restored += 1
                } catch let error as GreenroomError {
                    refused.append("\(entity.rawValue) \(id): \(error.description)")
                }
            }
        }
        return (restored, refused)
    }
}
