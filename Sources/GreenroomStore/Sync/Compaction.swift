import Foundation
import GRDB
import GreenroomCore

/// What a database knows for compaction (issue 27): the ordinals of the segments it read
/// and published. A *frontier* is the largest k such that segments 1…k of a device have all
/// been read (or published, for this device's own): one number that says "I have seen
/// everything you wrote up to your k-th segment", whatever order the carrier delivered in.
extension Store {
    /// The clock this store stamps with (a database started beside it uses the same).
    public var clock: WallClock { wallClock }

    /// The ordinal this database's next segment under its own id gets.
    public func nextSegmentOrdinal() throws -> Int {
        try read { db in
            let own = "ops/\(deviceID)/%"
            return (try Int.fetchOne(db, sql: "SELECT MAX(ordinal) FROM sync_exported WHERE path LIKE ?", arguments: [own]) ?? 0) + 1
        }
    }

    /// Device → frontier, for every device whose numbered segments this database has read
    /// completely (from the folder, or covered by the snapshot it started from), and for
    /// itself (the segments it published).
    public func segmentFrontiers() throws -> [String: Int] {
        try read { db in
            var ordinals: [String: Set<Int>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, ordinal FROM sync_ingested WHERE complete = 1 AND ordinal IS NOT NULL") {
                let path: String = row[0]
                guard let device = Store.segmentDevice(path) else { continue }
                ordinals[device, default: []].insert(row[1])
            }
            for row in try Row.fetchAll(db, sql: "SELECT path, ordinal FROM sync_exported WHERE ordinal IS NOT NULL") {
                let path: String = row[0]
                guard let device = Store.segmentDevice(path) else { continue }
                ordinals[device, default: []].insert(row[1])
            }
            var frontiers: [String: Int] = [:]
            for (device, set) in ordinals {
                var k = 0
                while set.contains(k + 1) { k += 1 }
                if k > 0 { frontiers[device] = k }
            }
            return frontiers
        }
    }

    /// `ops/<device>/…` → device.
    static func segmentDevice(_ path: String) -> String? {
        let parts = path.split(separator: "/", maxSplits: 2)
        guard parts.count == 3, parts[0] == "ops", DeviceID.isValid(String(parts[1])) else { return nil }
        return String(parts[1])
    }

    /// A segment this database published under its own id, numbered.
    public struct OwnSegment: Sendable, Hashable {
        public var path: String
        public var hash: String
        public var ordinal: Int
        public var prunedAt: Millis?
    }

    /// This database's numbered segments under its current id, in order.
    public func ownNumberedSegments() throws -> [OwnSegment] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT path, hash, ordinal, pruned_at FROM sync_exported WHERE path LIKE ? AND ordinal IS NOT NULL ORDER BY ordinal, path",
                             arguments: ["ops/\(deviceID)/%"]).map { OwnSegment(path: $0[0], hash: $0[1], ordinal: $0[2], prunedAt: $0[3]) }
        }
    }

    /// Records that `paths` were removed from the folder by compaction.
    public func markPruned(_ paths: [String]) throws {
        try write { db in
            let now = self.now
            for path in paths { try db.execute(sql: "UPDATE sync_exported SET pruned_at = ? WHERE path = ?", arguments: [now, path]) }
        }
    }

    /// The largest ordinal up to which every segment of this device has been pruned (0: none).
    public func prunedThrough() throws -> Int {
        var k = 0
        var pruned: [Int: Bool] = [:]
        for segment in try ownNumberedSegments() { pruned[segment.ordinal] = (pruned[segment.ordinal] ?? true) && segment.prunedAt != nil }
        while pruned[k + 1] == true { k += 1 }
        return k
    }
}
