import Foundation
import GreenroomCore

/// The layout of a sync folder (DESIGN.md §6, docs/sync-format.md):
///
///     FORMAT.json                                   {"format":"greenroom-sync","version":1}
///     devices/<device-id>.json                      one per device, written only by it
///     ops/<device-id>/<yyyy-mm>/<first-hlc>-<hash8>.jsonl   immutable op segments
///
/// Every name Greenroom reads from the folder is checked before use: device ids are 16
/// lowercase hex digits, months are `yyyy-mm`, and only files directly inside a month
/// directory are read. Greenroom writes only `FORMAT.json`, its own `devices/<id>.json` and
/// files in its own `ops/<id>/` — never a path made from a name it read — and refuses to
/// write through a symbolic link, so nothing in the folder can make it write elsewhere.
public struct SyncFolder: Sendable {
    public static let formatName = "greenroom-sync"
    /// 2 (issue 19): conflict decisions travel as `conflict_decision` operations, tags have
    /// ids derived from what they tag, and every operation is checked against the field rules.
    /// A version-1 folder is upgraded by rewriting `FORMAT.json` (every laptop writes the same
    /// bytes); a version-1 Greenroom then refuses the folder instead of half-reading it.
    public static let formatVersion = 2
    /// 3 (issue 27): the folder is encrypted — `FORMAT.json` names the team key, and
    /// segments and device files are sealed (`SealedFile`, `.grs`).
    public static let encryptedFormatVersion = 3

    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    public var formatFile: String { path("FORMAT.json") }
    public var devicesDirectory: String { path("devices") }
    public var opsDirectory: String { path("ops") }

    public func deviceFile(_ device: String) -> String { path("devices/\(device).json") }

    /// `ops/<device>/<yyyy-mm>`, relative.
    public static func monthDirectory(device: String, physical: Int64) -> String {
        "ops/\(device)/\(month(physical))"
    }

    /// The UTC month of a stamp's physical time, `yyyy-mm`.
    public static func month(_ millis: Int64) -> String {
        let iso = Time.iso(millis - millis % 1000) // 2026-11-20T09:30:00Z
        return String(iso.prefix(7))
    }

    // MARK: Checking names

    public static func isMonth(_ name: String) -> Bool {
        let b = Array(name.utf8)
        return b.count == 7 && b[4] == 45 && b.enumerated().allSatisfy { $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }
    }

    /// What a file found in a month directory is.
    public enum FileKind: Sendable, Equatable {
        /// `<first-hlc>-<hash8>.jsonl`, as a device publishes it.
        case segment
        /// A copy made by a carrier when two versions met: Syncthing's
        /// `<name>.sync-conflict-<date>-<time>-<id>.jsonl`, Dropbox's
        /// `<name> (<who>'s conflicted copy <date>).jsonl`. Read as an extra source.
        case conflictCopy
        /// A name starting with a dot: a temporary file being written (ours or a carrier's).
        case temporary
        /// Anything else: reported and left alone.
        case unknown
    }

    public static func kind(ofFileNamed name: String) -> FileKind {
        if name.hasPrefix(".") || name.hasPrefix("~") { return .temporary }
        if name.hasSuffix(".grs") {
            if isSealedSegmentName(name) { return .segment }
            if name.contains(".sync-conflict-") || name.contains("conflicted copy") { return .conflictCopy }
            return .unknown
        }
        guard name.hasSuffix(".jsonl") else { return .unknown }
        if isSegmentName(name) { return .segment }
        if name.contains(".sync-conflict-") || name.contains("conflicted copy") { return .conflictCopy }
        return .unknown
    }

    /// `000001763717400000-000000-0123456789abcdef-1a2b3c4d.jsonl`
    public static func isSegmentName(_ name: String) -> Bool {
        guard name.hasSuffix(".jsonl") else { return false }
        let stem = String(name.dropLast(6))
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, HLC(encoded: parts[0...2].joined(separator: "-")) != nil else { return false }
        return parts[3].utf8.count == 8 && parts[3].utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// `<24 hex digits>.grs`: a sealed segment of an encrypted folder.
    public static func isSealedSegmentName(_ name: String) -> Bool {
        let stem = name.utf8.dropLast(4)
        return name.hasSuffix(".grs") && stem.count == 24 && stem.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public static func segmentName(firstHLC: HLC, hash: String) -> String {
        "\(firstHLC.encoded)-\(hash.prefix(8)).jsonl"
    }
}

/// Small POSIX helpers: metadata without following links, durable writes.
enum FileSystem {
    struct Info: Sendable {
        var isDirectory: Bool
        var isRegular: Bool
        var isSymlink: Bool
        var size: Int64
        var mtimeNanoseconds: Int64
    }

    /// `lstat`: nil when nothing is there.
    static func info(_ path: String) -> Info? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        let type = st.st_mode & S_IFMT
        #if os(Linux)
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #else
        let mtime = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #endif
        return Info(isDirectory: type == S_IFDIR, isRegular: type == S_IFREG, isSymlink: type == S_IFLNK,
                    size: Int64(st.st_size), mtimeNanoseconds: mtime)
    }

    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Makes `relative` (a path of checked components) under `root` a real directory,
    /// refusing any component that is a symbolic link or a file.
    static func ensureDirectory(root: String, relative: String) throws {
        var path = root
        for component in relative.split(separator: "/") {
            path = (path as NSString).appendingPathComponent(String(component))
            if let info = info(path) {
                guard !info.isSymlink else { throw GreenroomError.invalidInput("\(path) is a symbolic link; Greenroom does not write through links in the sync folder") }
                guard info.isDirectory else { throw GreenroomError.invalidInput("\(path) is not a directory") }
            } else {
                // Private, where the carrier keeps modes: the folder holds creators' contacts
                // and ticket text.
                guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                    throw GreenroomError.invalidInput("cannot create \(path): \(String(cString: strerror(errno)))")
                }
                try syncDirectory((path as NSString).deletingLastPathComponent)
            }
        }
    }

    /// Publishes `data` as `directory/name` atomically: written to a dot-prefixed temporary
    /// name (which readers ignore), fsynced, renamed over the final name, and the directory
    /// fsynced — so a reader, a carrier or a crash sees the whole file or none of it.
    static func publish(_ data: Data, directory: String, name: String) throws {
        let temp = (directory as NSString).appendingPathComponent(".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)")
        let final = (directory as NSString).appendingPathComponent(name)
        if let existing = info(final), existing.isSymlink || existing.isDirectory {
            throw GreenroomError.invalidInput("\(final) is not a regular file; refusing to replace it")
        }
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw GreenroomError.invalidInput("cannot write \(temp): \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { buffer in
            guard var p = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let n = write(fd, p, left)
                if n <= 0 { if errno == EINTR { continue }; ok = false; return }
                p += n
                left -= n
            }
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard ok, synced, rename(temp, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw GreenroomError.invalidInput("cannot write \(final): \(reason)")
        }
        try syncDirectory(directory)
    }

    /// fsyncs a file written some other way than `publish`.
    static func fsyncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GreenroomError.invalidInput("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw GreenroomError.invalidInput("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
    }
}
