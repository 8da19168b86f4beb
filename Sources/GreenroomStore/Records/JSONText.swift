import Foundation
import GRDB
import GreenroomCore

/// Compact, key-sorted JSON for values kept in TEXT columns and sync operations, written by
/// `JSONOutput` (every local write builds one or two of these for its outbox row;
/// `JSONSerialization` with sorted keys was 15% of a local write's time).
enum JSONText {
    /// A list of strings, byte for byte what `JSONEncoder` writes (short escapes for `\b \t \n
    /// \f \r`, `\u00xx` for the other control characters, quote and backslash escaped, slashes
    /// and everything else as is), written directly: the encoder builds a value tree first,
    /// which was a tenth of opening a day's KPI drill-down (18,000 ids for `json_each`).
    static func encode(_ strings: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        out.append(UInt8(ascii: "["))
        let hex = Array("0123456789abcdef".utf8)
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for byte in s.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func decodeStrings(_ text: String) -> [String] {
        guard let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return value
    }

    /// Columns that hold a flag (0 or 1) in every table; sync operations carry them as JSON
    /// booleans, so a delete reads `"deleted":true` (DESIGN.md §6).
    static let booleanColumns: Set<String> = ["deleted", "done", "is_public", "is_macro", "business_hours", "attended"]

    /// A JSON object from column values; keys sorted, integers stay integers, and the
    /// columns named in `booleans` become `true`/`false`.
    static func object(_ fields: [String: DatabaseValue], booleans: Set<String> = []) -> String {
        var dict: [String: Any] = [:]
        for (k, v) in fields {
            if booleans.contains(k), case .int64(let i) = v.storage {
                dict[k] = NSNumber(value: i != 0)
            } else {
                dict[k] = jsonValue(v)
            }
        }
        return (try? JSONOutput.string(dict, pretty: false)) ?? "{}"
    }

    static func object(_ strings: [String: String]) -> String {
        (try? JSONOutput.string(strings, pretty: false)) ?? "{}"
    }

    static func jsonValue(_ value: DatabaseValue) -> Any {
        switch value.storage {
        case .null: return NSNull()
        case .int64(let i): return NSNumber(value: i)
        case .double(let d): return NSNumber(value: d)
        case .string(let s): return s
        case .blob(let b): return b.base64EncodedString()
        }
    }
}
