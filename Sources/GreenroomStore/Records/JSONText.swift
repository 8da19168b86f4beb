import Foundation
import GRDB

/// Compact, key-sorted JSON for values kept in TEXT columns and sync operations.
enum JSONText {
    static func encode(_ strings: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeStrings(_ text: String) -> [String] {
        guard let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return value
    }

    /// A JSON object from column values; keys sorted, integers stay integers.
    static func object(_ fields: [String: DatabaseValue]) -> String {
        var dict: [String: Any] = [:]
        for (k, v) in fields { dict[k] = jsonValue(v) }
        let data = (try? JSONSerialization.data(withJSONObject: dict, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ strings: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
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
