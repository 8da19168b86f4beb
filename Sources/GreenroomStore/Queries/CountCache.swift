import Foundation
import GRDB
import Synchronization

/// Remembers counts (`COUNT(*)`, per-stage counts) until the database changes.
///
/// Scrolling a 100k roster asks for the same counts on every page; counting again each time
/// cost up to 100 ms. A count stays valid while the database is unchanged, which is told by
/// a token: this store's own write generation plus the size and modification time (ns) of
/// the database file and its `-wal` file. Every commit, from this process or another one
/// (a CLI import, a second window), appends to the WAL or, after a checkpoint, rewrites
/// the main file, so the token moves and the count is taken again. Two `stat` calls cost
/// microseconds.
///
/// Counts of creators (the roster's total, the board's per-stage counts) are also kept in
/// step with this store's own writes instead of being thrown away: a write that names the
/// creators it touches (a card move, an edit, a tag) looks up, inside its transaction,
/// which of those creators each valid count includes before and after its changes, adjusts
/// the count, and re-stamps it with the token taken right after the commit. Moving a card
/// at 100k creators then costs two point lookups per cached count instead of a recount of
/// the table. Writes that cannot name the creators they touch (settings, members,
/// networks, statistics) still invalidate everything.
///
/// The token before is read inside the write transaction, whose lock keeps other writers
/// out. A commit by another process in the microseconds between our commit and the `stat`
/// after it would go unnoticed until the files change again; these are display counts, and
/// any later change re-validates them.
final class CountCache: Sendable {
    struct Token: Hashable {
        var generation: Int
        var main: [Int]
        var wal: [Int]
    }

    struct Entry: @unchecked Sendable {
        var token: Token
        var value: any Sendable
        /// How to keep the value in step with our own writes (nil: recount after any write).
        var tracked: TrackedCount?
        /// When it was last read (a counter), so a write adjusts only the counts in use.
        var used: Int = 0
    }

    /// A write adjusts at most this many counts, the most recently read; the rest (the
    /// prefixes of a filter typed a while ago) are dropped and counted again if asked for.
    static let adjustedAtMost = 24

    /// A count of creators matching `clause` (over `creator c`, joined with statistics when
    /// `needsStats`): one total (`Int`) or per stage (`[String: Int]`).
    struct TrackedCount: @unchecked Sendable {
        var clause: String
        var arguments: StatementArguments
        var needsStats: Bool
        var perStage: Bool
    }

    /// The counts valid when a write began, with which of the touched creators each included.
    struct Adjustment {
        fileprivate var ids: [String]
        fileprivate var entries: [(key: String, entry: Entry, before: [String: String])]
    }

    private let path: String
    private let generation = Atomic<Int>(0)
    private let entries = Mutex<[String: Entry]>([:])
    private let uses = Atomic<Int>(0)
    /// How many counts were taken (not served from the cache), for tests.
    let computed = Atomic<Int>(0)

    init(path: String) {
        self.path = path
    }

    /// Called after every write through the store.
    func invalidate() {
        generation.add(1, ordering: .sequentiallyConsistent)
    }

    func token() -> Token {
        Token(generation: generation.load(ordering: .sequentiallyConsistent), main: CountCache.stamp(path), wal: CountCache.stamp(path + "-wal"))
    }

    static func stamp(_ path: String) -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }

    /// The cached value for `key`, or `compute()`'s result (then cached).
    func value<T: Sendable>(_ key: String, tracked: TrackedCount? = nil, _ compute: () throws -> T) rethrows -> T {
        let now = token()
        let use = uses.add(1, ordering: .relaxed).newValue
        let cached: T? = entries.withLock { entries in
            guard let entry = entries[key], entry.token == now, let typed = entry.value as? T else { return nil }
            entries[key]?.used = use
            return typed
        }
        if let cached { return cached }
        computed.add(1, ordering: .relaxed)
        let value = try compute()
        entries.withLock { entries in
            if entries.count > 256 { entries.removeAll() }
            entries[key] = Entry(token: now, value: value, tracked: tracked, used: use)
        }
        return value
    }

    func count(_ key: String, tracked: TrackedCount? = nil, _ compute: () throws -> Int) rethrows -> Int {
        try value(key, tracked: tracked, compute)
    }

    /// Inside a write transaction, before its changes: which of `ids` each valid tracked
    /// count includes (and in which stage). Nil when there is nothing to keep.
    func beginAdjustment(ids: Set<String>, _ db: Database) throws -> Adjustment? {
        guard !ids.isEmpty else { return nil }
        let before = token()
        let valid = entries.withLock { $0.filter { $0.value.token == before && $0.value.tracked != nil } }
            .sorted { $0.value.used > $1.value.used }.prefix(CountCache.adjustedAtMost)
        guard !valid.isEmpty else { return nil }
        let sortedIDs = ids.sorted()
        var adjustment = Adjustment(ids: sortedIDs, entries: [])
        for (key, entry) in valid {
            adjustment.entries.append((key, entry, try CountCache.members(entry.tracked!, sortedIDs, db)))
        }
        return adjustment
    }

    /// Inside the same transaction, after its changes: the adjusted entries.
    func measure(_ adjustment: Adjustment, _ db: Database) throws -> [(String, Entry)] {
        var result: [(String, Entry)] = []
        for (key, entry, before) in adjustment.entries {
            guard let tracked = entry.tracked else { continue }
            let after = try CountCache.members(tracked, adjustment.ids, db)
            var entry = entry
            if tracked.perStage, var counts = entry.value as? [String: Int] {
                for stage in before.values { counts[stage, default: 0] -= 1 }
                for stage in after.values { counts[stage, default: 0] += 1 }
                entry.value = counts.filter { $0.value != 0 }
            } else if let count = entry.value as? Int {
                entry.value = count - before.count + after.count
            } else {
                continue
            }
            result.append((key, entry))
        }
        return result
    }

    /// After the commit and `invalidate()`: stores the adjusted entries as valid now.
    func finish(_ adjusted: [(String, Entry)]) {
        guard !adjusted.isEmpty else { return }
        let now = token()
        entries.withLock { entries in
            for (key, entry) in adjusted {
                var entry = entry
                entry.token = now
                entries[key] = entry
            }
        }
    }

    /// The creators among `ids` that `tracked` counts, with their stage.
    private static func members(_ tracked: TrackedCount, _ ids: [String], _ db: Database) throws -> [String: String] {
        var arguments = tracked.arguments
        var names: [String] = []
        for (i, id) in ids.enumerated() {
            names.append(":gr_id\(i)")
            arguments += ["gr_id\(i)": id]
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.id, c.stage FROM creator c \(tracked.needsStats ? RosterSQL.statsJoin : "")
            WHERE c.id IN (\(names.joined(separator: ", "))) AND \(tracked.clause)
            """, arguments: arguments)
        return Dictionary(rows.map { ($0["id"] as String, $0["stage"] as String) }, uniquingKeysWith: { a, _ in a })
    }
}
