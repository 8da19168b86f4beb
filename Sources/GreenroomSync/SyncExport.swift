import Foundation
import GreenroomCore
import GreenroomStore

extension Syncer {
    // MARK: Export

    /// Publishes the outbox as new segments under `ops/<this device>/`, one segment at a
    /// time; each segment's operations leave the outbox only once the segment is durable.
    /// A crash in between exports them again next time in a segment of the same content,
    /// hence the same name; importing a duplicate changes nothing.
    ///
    /// Operations stamped with a device id this database wrote as before it was copied
    /// (`Store.previousDeviceIDs`) go to that id's folder, where the stamp says they belong;
    /// a segment never mixes devices. Every published segment is recorded as this
    /// database's own (`checkOwnSegments`).
    public func exportPending(into summary: inout SyncSummary, progress: (@Sendable (SyncProgress) -> Void)? = nil) throws {
        removeOwnTemporaryFiles()
        let total = Int64(try store.syncStatus().pendingOperations)
        var done: Int64 = 0
        var after: Int64 = 0
        while true {
            var entries = try store.outboxEntries(after: after, limit: segmentLimit)
            guard let first = entries.first else { break }
            guard let firstHLC = HLC(encoded: first.hlc) else {
                throw GreenroomError.database("outbox entry \(first.seq) has an invalid stamp \(first.hlc)")
            }
            let device = firstHLC.device
            if let other = entries.firstIndex(where: { !$0.hlc.hasSuffix(device) }) { entries.removeSubrange(other...) }
            guard let last = entries.last else { break }
            // Numbered in this device's sequence; operations of an earlier id of this database
            // (a copy's) are published unnumbered: that id's sequence is not this database's.
            let ordinal = device == store.deviceID ? try store.nextSegmentOrdinal() : nil
            let plaintext = OpFile.encode(entries, header: OpFile.SegmentHeader(device: device, ordinal: ordinal))
            let relative = SyncFolder.monthDirectory(device: device, physical: firstHLC.physical)
            try FileSystem.ensureDirectory(root: folder.root, relative: relative)
            // Sealed with the team key in an encrypted folder (`FolderSeal`).
            let (name, data) = try seal.segment(plaintext, directory: relative, firstHLC: firstHLC, hash: FNV1a.hex(of: plaintext))
            try FileSystem.publish(data, directory: folder.path(relative), name: name)
            try store.recordExported([("\(relative)/\(name)", FNV1a.hex(of: data))], ordinal: ordinal)
            try store.removeExported(through: last.seq)
            after = last.seq
            summary.exported += entries.count
            summary.segmentsWritten += 1
            done += Int64(entries.count)
            progress?(SyncProgress(phase: .writing, done: done, total: max(total, done)))
        }
    }

    /// Temporary files this device left behind when it was killed mid-write.
    func removeOwnTemporaryFiles() {
        let own = "ops/\(store.deviceID)"
        guard let info = FileSystem.info(folder.path(own)), info.isDirectory, !info.isSymlink else { return }
        for month in FileSystem.list(folder.path(own)) where SyncFolder.isMonth(month) {
            for name in FileSystem.list(folder.path("\(own)/\(month)")) where name.hasPrefix(".tmp-") {
                unlink(folder.path("\(own)/\(month)/\(name)"))
            }
        }
        for name in FileSystem.list(folder.devicesDirectory) where name.hasPrefix(".tmp-")
            && (name.hasSuffix("-\(store.deviceID).json") || name.hasSuffix("-\(store.deviceID).grs")) {
            unlink(folder.path("devices/\(name)"))
        }
    }
}
