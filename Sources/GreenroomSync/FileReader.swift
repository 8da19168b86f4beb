import Foundation
import GreenroomCore
import GreenroomStore

/// Reads, hashes and parses op files on a background thread, at most a few files ahead of
/// the consumer, handing them over in order.
final class FileReader: @unchecked Sendable {
    enum Result: Sendable {
        case unreadable
        /// Sealed with a key this laptop lacks, or damaged: the reason.
        case sealed(String)
        /// A segment format newer than this build reads: left unread.
        case newer(Int)
        /// Same bytes as when last read; only its mtime moved.
        case unchanged(IngestedFile)
        case parsed(OpFile.Contents, IngestedFile)
    }

    private let condition = NSCondition()
    private var results: [Int: Result] = [:]
    private var cancelled = false
    /// One file read ahead: parsing overlaps with applying, and only two files' operations
    /// (~2 KB each parsed) are in memory at once (three ahead cost ~40 MB more at peak).
    private let window = DispatchSemaphore(value: 1)

    init(folder: SyncFolder, files: [Syncer.Candidate], ingested: [String: IngestedFile], seal: FolderSeal = .plain) {
        guard !files.isEmpty else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            for (index, c) in files.enumerated() {
                window.wait()
                condition.lock()
                let stop = cancelled
                condition.unlock()
                if stop { return }
                put(index, FileReader.read(c, folder: folder, seen: ingested[c.relative], seal: seal))
            }
        }
    }

    static func read(_ c: Syncer.Candidate, folder: SyncFolder, seen: IngestedFile?, seal: FolderSeal = .plain) -> Result {
        guard let data = FileManager.default.contents(atPath: folder.path(c.relative)) else { return .unreadable }
        let hash = FNV1a.hex(of: data)
        if let seen, seen.hash == hash, seen.size == Int64(data.count) {
            var touched = seen
            touched.mtimeNanoseconds = c.info.mtimeNanoseconds
            return .unchanged(touched)
        }
        let plaintext: Data
        do { plaintext = try seal.contents(data, path: c.relative) } catch { return .sealed("\(error)") }
        var contents = OpFile.parse(plaintext)
        if let header = contents.header, header.version > OpFile.SegmentHeader.currentVersion {
            return .newer(header.version)
        }
        // Only a segment under its own device's directory, named as one, counts in that
        // device's sequence (a conflict copy is read, not counted).
        var ordinal: Int?
        if let header = contents.header, header.device == c.device, SyncFolder.kind(ofFileNamed: (c.relative as NSString).lastPathComponent) == .segment {
            ordinal = header.ordinal
        }
        if contents.header != nil, contents.header?.device != c.device {
            contents.lines.insert(OpFile.Line(number: 1, operation: .failure(SyncLineError("the header names device \(contents.header?.device ?? "?"), but only \(c.device) writes here"))), at: 0)
        }
        return .parsed(contents, IngestedFile(path: c.relative, size: Int64(data.count), mtimeNanoseconds: c.info.mtimeNanoseconds, hash: hash,
                                              lines: contents.completeLines, complete: !contents.truncatedTail, ordinal: ordinal))
    }

    private func put(_ index: Int, _ result: Result) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> Result {
        condition.lock()
        while results[index] == nil { condition.wait() }
        let result = results.removeValue(forKey: index)!
        condition.unlock()
        window.signal()
        return result
    }

    /// Stops the reader (the consumer finished or failed).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
        for _ in 0..<4 { window.signal() }
    }
}
