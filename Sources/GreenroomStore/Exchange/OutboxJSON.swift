import Foundation
import GreenroomCore

/// The outbox's `fields` JSON for rows a bulk import inserts, written byte by byte into a
/// reused buffer: the same text `JSONText.object(_:booleans:)` makes (compact, keys in code
/// point order, `deleted`-style flags as booleans, strings escaped as `JSONEncoder` escapes
/// them, slashes not escaped) — a test compares the two on every ASCII character and on
/// generated rows — at a tenth of the cost. `JSONEncoder` built each object as a tree first
/// (about 8 µs a row), which at 100,000 creators and their stage events and tags was a
/// second and a half of an import's two.
struct OutboxJSON {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init() { bytes.reserveCapacity(1024) }

    /// Starts a new object (the previous one's bytes are dropped).
    mutating func begin() {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Ends the object.
    mutating func end() { bytes.append(UInt8(ascii: "}")) }

    /// Keys must come in code point order: the caller lists its columns that way.
    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func text(_ name: StaticString, _ value: String?) {
        key(name)
        guard var value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0x0F)])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ name: StaticString, _ value: Int64?) {
        key(name)
        guard let value else { return null() }
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        var digits: [UInt8] = []
        var v = value.magnitude
        while v > 0 { digits.append(UInt8(48 + v % 10)); v /= 10 }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.append(contentsOf: digits.reversed())
    }

    mutating func int(_ name: StaticString, _ value: Int?) { int(name, value.map(Int64.init)) }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    private mutating func null() { bytes.append(contentsOf: Array("null".utf8)) }
}
