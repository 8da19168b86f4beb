import Foundation
import GreenroomCore

/// A JSON document as read for import. Numbers keep whether they were integers, so Zendesk's
/// 64-bit ids come back as the digits they were written with.
indirect enum ImportJSON: Sendable, Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ImportJSON])
    case object([String: ImportJSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([ImportJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: ImportJSON].self))
        }
    }

    subscript(key: String) -> ImportJSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var array: [ImportJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    var isNull: Bool { self == .null }

    /// A scalar as trimmed text (numbers in decimal); nil for null, empty text and containers.
    var text: String? {
        switch self {
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e18 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A string as written (not trimmed), for message bodies.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
