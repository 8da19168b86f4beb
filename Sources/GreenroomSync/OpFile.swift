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
    }

    /// Splits `data` into lines and parses each. Blank lines are skipped.
    public static func parse(_ data: Data) -> Contents {
        var lines: [Line] = []
        var number = 0
        var truncated = false
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            let count = bytes.count
            while start < count {
                var end = start
                while end < count && bytes[end] != 0x0A { end += 1 }
                number += 1
                let hasNewline = end < count
                if end > start {
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
        return Contents(lines: lines, completeLines: number, truncatedTail: truncated)
    }

    /// The lines of outbox entries as one segment's bytes.
    public static func encode(_ entries: [OutboxEntry]) -> Data {
        var out = Data()
        out.reserveCapacity(entries.count * 256)
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
