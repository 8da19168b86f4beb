import Foundation
import GreenroomCore

/// Reads the common op line — a flat JSON object of the six wire keys, string and integer
/// values, `true`/`false`/`null` in `fields` — straight from its bytes, without building
/// Foundation objects. A first sync reads millions of lines, and JSONSerialization (objects,
/// then casts out of `Any`) took most of the reading thread's time.
///
/// It only ever answers for lines it understands completely, and answers exactly what the
/// JSONSerialization path would (tests compare the two on generated and damaged lines).
/// Anything else — a fraction, an exponent, a nested value, a duplicate or unknown key,
/// invalid UTF-8, a lone surrogate, a number too long to be sure of — returns nil, and the
/// caller parses the line with JSONSerialization, which gives the same result or the
/// reason a report shows.
struct OpLineScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    /// The wire parts of a line, or nil when the line is not one the scanner reads.
    static func scan(_ line: UnsafeRawBufferPointer) -> SyncOperation.Wire? {
        var scanner = OpLineScanner(bytes: line.bindMemory(to: UInt8.self))
        return scanner.line()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func line() -> SyncOperation.Wire? {
        var op: String?, entity: String?, id: String?, hlc: String?
        var fields: [String: FieldValue]?
        var prev: [String: String]??
        guard skip(0x7B) else { return nil } // {
        if peek() == 0x7D { return nil } // {} lacks every key: let the slow path say which
        repeat {
            guard let key = string(), skip(0x3A) else { return nil } // :
            switch key {
            case "op": guard op == nil, let v = string() else { return nil }; op = v
            case "entity": guard entity == nil, let v = string() else { return nil }; entity = v
            case "id": guard id == nil, let v = string() else { return nil }; id = v
            case "hlc": guard hlc == nil, let v = string() else { return nil }; hlc = v
            case "fields": guard fields == nil, let v = fieldObject() else { return nil }; fields = v
            case "prev": guard prev == nil, let v = stampObject() else { return nil }; prev = .some(v)
            default: return nil
            }
        } while skip(0x2C) // ,
        guard skip(0x7D) else { return nil } // }
        skipSpace()
        guard at == bytes.count, let op, let entity, let id, let hlc, let fields else { return nil }
        return SyncOperation.Wire(op: op, entity: entity, id: id, fields: fields, hlc: hlc, prev: prev ?? nil)
    }

    private mutating func fieldObject() -> [String: FieldValue]? { object { $0.fieldValue() } }

    private mutating func stampObject() -> [String: String]? { object { $0.string() } }

    /// A flat object whose values `value` reads; nil on a duplicate name.
    private mutating func object<Value>(_ value: (inout OpLineScanner) -> Value?) -> [String: Value]? {
        guard skip(0x7B) else { return nil }
        var members: [String: Value] = [:]
        if skip(0x7D) { return members }
        repeat {
            guard let name = string(), skip(0x3A), let v = value(&self), members.updateValue(v, forKey: name) == nil else { return nil }
        } while skip(0x2C)
        guard skip(0x7D) else { return nil }
        return members
    }

    private mutating func fieldValue() -> FieldValue? {
        skipSpace()
        guard at < bytes.count else { return nil }
        switch bytes[at] {
        case 0x22: return string().map { .text($0) }
        case 0x74: return word("true") ? .int(1) : nil
        case 0x66: return word("false") ? .int(0) : nil
        case 0x6E: return word("null") ? .null : nil
        default: return integer().map { .int($0) }
        }
    }

    /// `-?(0|[1-9][0-9]*)` of at most 18 digits, so it fits Int64 without a doubt.
    private mutating func integer() -> Int64? {
        var i = at
        let negative = i < bytes.count && bytes[i] == 0x2D
        if negative { i += 1 }
        let first = i
        var value: Int64 = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            if i - first == 18 { return nil }
            value = value * 10 + Int64(bytes[i] - 0x30)
            i += 1
        }
        let digits = i - first
        guard digits > 0, digits == 1 || bytes[first] != 0x30 else { return nil }
        if i < bytes.count, bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { return nil } // . e E
        if negative && value == 0 { return nil } // -0: leave to JSONSerialization
        at = i
        return negative ? -value : value
    }

    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - at >= count else { return false }
        let matches = text.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[at + $0] == expected[$0] }
        }
        if matches { at += count }
        return matches
    }

    /// A JSON string. Plain ASCII is copied as it is; other UTF-8 must be valid; escapes are
    /// decoded (`\u` pairs joined, a lone surrogate refused).
    private mutating func string() -> String? {
        skipSpace()
        guard at < bytes.count, bytes[at] == 0x22 else { return nil }
        let start = at + 1
        var i = start
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                at = i + 1
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                return ascii ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
            }
            if b == 0x5C { return escapedString(from: start) }
            if b < 0x20 { return nil }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22:
                at = i + 1
                return String(validating: out, as: UTF8.self)
            case 0x5C:
                guard i + 1 < bytes.count else { return nil }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var scalar = hex4(at: i) else { return nil }
                    i += 4
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75, let low = hex4(at: i + 2),
                              low >= 0xDC00 && low <= 0xDFFF else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    return nil
                }
            default:
                if b < 0x20 { return nil }
                out.append(b)
                i += 1
            }
        }
        return nil
    }

    private func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let b = bytes[k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    private func peek() -> UInt8? {
        var i = at
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D { at += 1 }
    }

    /// Skips whitespace and then `byte`; false (position unchanged past the whitespace) when
    /// the next byte is something else.
    private mutating func skip(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }
}
