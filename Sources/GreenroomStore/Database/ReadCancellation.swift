import Foundation
import GRDBSQLite

/// A read a newer one may cancel (a search superseded by the next key). `cancel()` may come
/// from any thread: it interrupts the statement running on the read's connection, if the
/// read has started, and a read that has not started yet does not start.
///
/// The connection is held only between `attach` and `detach`, under the lock, so an
/// interrupt never reaches a connection the pool has since handed to another read.
public final class ReadCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var connection: OpaquePointer?
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.withLock {
            cancelled = true
            if let connection { sqlite3_interrupt(connection) }
        }
    }

    public var isCancelled: Bool { lock.withLock { cancelled } }

    /// False if the read was cancelled before it began.
    func attach(_ connection: OpaquePointer?) -> Bool {
        lock.withLock {
            guard !cancelled else { return false }
            self.connection = connection
            return true
        }
    }

    func detach() { lock.withLock { connection = nil } }
}
