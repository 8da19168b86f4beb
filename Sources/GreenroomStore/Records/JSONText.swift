import Foundation
import GRDB
import GreenroomCore

/// Compact, key-sorted JSON for values kept in TEXT columns and sync operations, written by
/// `JSONOutput` (every local write builds one or two of these for its outbox row;
/// `JSONSerialization` with sorted keys was 15% of a local write's time).
enum JSONText {
    static func encode(_ strings: [String]) -> String {
        (try? JSONOutput.string(strings, pretty: false)) ?? "[]"
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
