import Foundation
import GreenroomCore
import GreenroomStore

/// Reading and writing op files: one compact, key-sorted JSON operation per line, every
/// line ending in a newline.
public enum OpFile {
    /// One line of a file as read.
    public struct Line: Sendable {
        /// 1-based.
        public var number: Int
        public var operation: Result<SyncOperation, SyncLineError>
    }

    /// What a file holds.
    public struct Contents: Sendable {
        public var lines: [Line]
        /// Complete lines (each ended by a newline, or a final line that parses).
        public var completeLines: Int
        /// The file ends in a line cut short: no newline, and not a whole operation. It is
        /// left for the next sync, when the carrier will have brought the rest.
        public var truncatedTail: Bool
        /// The segment's header line, when it has one (segments published since v16 do).
        public var header: SegmentHeader? = nil
    }

    /// The first line of a segment (since schema v16, issue 27):
    /// `{"device":"<id>","format":"greenroom-ops","segment":<ordinal>,"version":1}`.
    /// `segment` is the segment's place in its device's sequence (1, 2, 3, …), so a reader can
    /// acknowledge "your segments 1 to k" in one number whatever order they arrived in, and
    /// the writer can prune what everyone has read. A segment republished under an earlier
    /// device id (a copied database) has no ordinal. `version` is the segment format: a reader
    /// meeting a newer one leaves the file unread (and says which device wrote it) until it
    /// is upgraded. Older readers report the header as one bad line and read the rest.
    public struct SegmentHeader: Sendable, Hashable {
        public static let format = "greenroom-ops"
        /// The segment format this build writes and reads.
        public static let currentVersion = 1
        public var device: String
        public var ordinal: Int?
        public var version: Int

        public init(device: String, ordinal: Int?, version: Int = SegmentHeader.currentVersion) {
            self.device = device; self.ordinal = ordinal; self.version = version
        }

        public var line: String {
            "{\"device\":\"\(device)\",\"format\":\"\(SegmentHeader.format)\"" + (ordinal.map { ",\"segment\":\($0)" } ?? "") + ",\"version\":\(version)}\n"
        }

        /// A header line, or nil when `bytes` is not one (an operation, or a bad line).
        static func parse(_ bytes: UnsafeRawBufferPointer) -> SegmentHeader? {
            let prefix = Array(#"{"device":"#.utf8)
            guard bytes.count > prefix.count, bytes.count < 512, zip(bytes, prefix).allSatisfy({ $0 == $1 }),
                  let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
                  object["format"] as? String == format, let device = object["device"] as? String, DeviceID.isValid(device),
                  let version = object["version"] as? Int, version >= 1 else { return nil }
            let ordinal = object["segment"] as? Int
            if let ordinal, ordinal < 1 { return nil }
            return SegmentHeader(device: device, ordinal: ordinal, version: version)
        }
    }

    /// Splits `data` into lines and parses each. Blank lines are skipped.
    public static func parse(_ data: Data) -> Contents {
        var lines: [Line] = []
        var number = 0
        var truncated = false
        var header: SegmentHeader?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            let count = bytes.count
            while start < count {
                var end = start
                while end < count && bytes[end] != 0x0A { end += 1 }
                number += 1
                let hasNewline = end < count
                if end > start, number == 1,
                   let h = SegmentHeader.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<end])) {
                    header = h
                } else if end > start {
                    let op = SyncOperation.parse(bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                    if !hasNewline, case .failure = op {
                        truncated = true
                        number -= 1
                    } else {
                        lines.append(Line(number: number, operation: op))
                    }
                }
                start = end + 1
            }
        }
        return Contents(lines: lines, completeLines: number, truncatedTail: truncated, header: header)
    }

    /// The lines of outbox entries as one segment's bytes, after `header` when given.
    public static func encode(_ entries: [OutboxEntry], header: SegmentHeader? = nil) -> Data {
        var out = Data()
        out.reserveCapacity(entries.count * 256 + 100)
        if let header { out.append(contentsOf: header.line.utf8) }
        for e in entries {
            out.append(contentsOf: #"{"entity":"#.utf8)
            out.append(contentsOf: jsonString(e.entity).utf8)
            out.append(contentsOf: #","fields":"#.utf8)
            out.append(contentsOf: e.fields.utf8)
            out.append(contentsOf: #","hlc":"#.utf8)
            out.append(contentsOf: jsonString(e.hlc).utf8)
            out.append(contentsOf: #","id":"#.utf8)
            out.append(contentsOf: jsonString(e.rowID).utf8)
            out.append(contentsOf: #","op":"#.utf8)
            out.append(contentsOf: jsonString(e.op).utf8)
            out.append(contentsOf: #","prev":"#.utf8)
            out.append(contentsOf: e.prev.utf8)
            out.append(contentsOf: "}\n".utf8)
        }
        return out
    }

    /// A JSON string literal. Ids, stamps and entity names are plain ASCII and are quoted as
    /// they are; anything else goes through JSONSerialization.
    static func jsonString(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 46 || $0 == 95 }
        if plain { return "\"" + text + "\"" }
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
