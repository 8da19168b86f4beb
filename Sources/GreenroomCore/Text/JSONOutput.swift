import Foundation

/// Key-sorted JSON for documents people read and diff: reports, CLI listings, snapshots.
///
/// Callers build plain `[String: Any]` / `[Any]` trees as they would for `JSONSerialization`;
/// this converts the tree to a typed value once and lets `JSONEncoder` write it, which is about
/// six times faster than `JSONSerialization` with `.sortedKeys` (that one bridges every
/// dictionary to `NSDictionary` and sorts keys with `NSString.compare`): a weekly report with
/// 40k breached tickets spent 2 s there.
///
/// Keys are ordered by Unicode code point (`JSONEncoder`'s `.sortedKeys`), a locale-free order
/// that only differs from `NSString.compare` for keys mixing `_`, digits, capitals or non-ASCII
/// letters — none of ours. Slashes are never escaped.
public enum JSONOutput {
    /// Pretty-printed (two-space indent) unless `pretty` is false.
    public static func data(_ object: Any, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(try Value(object))
    }

    /// `data` as text.
    public static func string(_ object: Any, pretty: Bool = true) throws -> String {
        String(decoding: try data(object, pretty: pretty), as: UTF8.self)
    }

    public struct UnsupportedValue: Error, CustomStringConvertible {
        public let type: String
        public var description: String { "cannot write a \(type) as JSON" }
    }

    enum Value: Encodable {
        case string(String), int(Int64), double(Double), bool(Bool), null
        case array([Value]), object([String: Value])

        init(_ any: Any) throws {
            // Numbers parsed by JSONSerialization arrive as NSNumber: keep integers integral.
            if type(of: any) is NSNumber.Type, let number = any as? NSNumber {
                let code = String(cString: number.objCType)
                if code == "c" || code == "B" { self = .bool(number.boolValue) }
                else if code == "f" || code == "d" { self = .double(number.doubleValue) }
                else { self = .int(number.int64Value) }
                return
            }
            // Containers first, and NSNull by type: a cast such as `as NSNull` tried on a Swift
            // dictionary bridges the whole dictionary to NSDictionary before failing.
            if type(of: any) is NSNull.Type { self = .null; return }
            switch any {
            case let v as [String: Any]: self = .object(try v.mapValues(Value.init))
            case let v as [Any]: self = .array(try v.map(Value.init))
            case let v as String: self = .string(v)
            case let v as Substring: self = .string(String(v))
            case let v as Bool: self = .bool(v)
            case let v as Int: self = .int(Int64(v))
            case let v as Int64: self = .int(v)
            case let v as Int32: self = .int(Int64(v))
            case let v as Double: self = .double(v)
            case let v as Float: self = .double(Double(v))
            default:
                // An optional inside `Any` (`[String: Any]` built from `String?` values).
                let mirror = Mirror(reflecting: any)
                guard mirror.displayStyle == .optional else { throw UnsupportedValue(type: String(describing: Swift.type(of: any))) }
                if let wrapped = mirror.children.first?.value { self = try Value(wrapped) } else { self = .null }
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let v): try container.encode(v)
            case .int(let v): try container.encode(v)
            case .double(let v): try container.encode(v)
            case .bool(let v): try container.encode(v)
            case .null: try container.encodeNil()
            case .array(let v): try container.encode(v)
            case .object(let v): try container.encode(v)
            }
        }
    }
}
