import Foundation

/// FNV-1a, 64-bit (Fowler–Noll–Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3):
/// the content hash of op files. Foundation has no SHA-256 on Linux and swift-crypto is not
/// a dependency; the hash only needs to tell one file's content from another's (file
/// names and idempotent import), not to resist an attacker — a forged file gains nothing,
/// since every line is validated and merged by its stamps anyway. docs/sync-format.md.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        value = h
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// 16 lowercase hex digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public static func hex(of data: Data) -> String {
        var h = FNV1a()
        h.update(data)
        return h.hex
    }
}
