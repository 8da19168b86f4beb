import Foundation
import GRDB
import GreenroomCore

/// The team keys this laptop holds for an encrypted sync folder (issue 27), kept in `meta`
/// (local, never synced, in a file only its owner reads): every key it has been given, by
/// public id, and which one it seals new files with. Old keys stay, to open files sealed
/// before a rotation. The store only keeps the bytes; sealing is `GreenroomSync`'s.
extension Store {
    public struct TeamKeyRing: Sendable, Hashable {
        /// Key id → 32 key bytes.
        public var keys: [String: Data]
        /// The id new files are sealed with.
        public var current: String?
    }

    public func teamKeyRing() throws -> TeamKeyRing {
        try read { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sync_team_keys'") ?? "{}"
            let object = (try? JSONSerialization.jsonObject(with: Data(stored.utf8))) as? [String: String] ?? [:]
            var keys: [String: Data] = [:]
            for (id, base64) in object { if let data = Data(base64Encoded: base64), data.count == 32 { keys[id] = data } }
            let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sync_team_key_current'")
            return TeamKeyRing(keys: keys, current: current.flatMap { keys[$0] == nil ? nil : $0 })
        }
    }

    /// Adds a key to the ring (a no-op for one already there); `current` makes it the key new
    /// files are sealed with.
    public func addTeamKey(id: String, bytes: Data, current: Bool) throws {
        guard bytes.count == 32, id.count == 16 else { throw GreenroomError.invalidInput("not a team key") }
        var ring = try teamKeyRing()
        ring.keys[id] = bytes
        let json = try JSONOutput.string(ring.keys.mapValues { $0.base64EncodedString() }, pretty: false)
        try write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('sync_team_keys', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [json])
            if current {
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('sync_team_key_current', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [id])
            }
        }
    }
}
