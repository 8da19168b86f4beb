import Foundation
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
final class CountCache: Sendable {
    struct Token: Hashable {
        var generation: Int
        var main: [Int]
        var wal: [Int]
    }

    private let path: String
    private let generation = Atomic<Int>(0)
    private let entries = Mutex<[String: (Token, any Sendable)]>([:])

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
    func value<T: Sendable>(_ key: String, _ compute: () throws -> T) rethrows -> T {
        let now = token()
        if let (token, value) = entries.withLock({ $0[key] }), token == now, let typed = value as? T { return typed }
        let value = try compute()
        entries.withLock { entries in
            if entries.count > 256 { entries.removeAll() }
            entries[key] = (now, value)
        }
        return value
    }

    func count(_ key: String, _ compute: () throws -> Int) rethrows -> Int {
        try value(key, compute)
    }
}
