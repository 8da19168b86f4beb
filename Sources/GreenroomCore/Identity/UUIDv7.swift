/// Record identifiers: lowercase UUIDv7 strings (RFC 9562).
///
/// The first 48 bits are the Unix time in milliseconds, so ids created later sort later,
/// and SQLite's b-tree appends instead of splitting pages. The remaining 74 bits are random,
/// which makes ids created offline on different laptops collide with negligible probability.
public enum UUIDv7 {
    /// A new id for the given time, drawing randomness from `generator`.
    public static func make<G: RandomNumberGenerator>(millis: Int64, using generator: inout G) -> String {
        let (high, low) = bits(millis: millis, using: &generator)
        return format(high: high, low: low)
    }

    /// The id's 128 bits, before formatting: its lowercase hex (`format`) sorts as the pair
    /// does, so many ids can be sorted as numbers and formatted afterwards.
    public static func bits<G: RandomNumberGenerator>(millis: Int64, using generator: inout G) -> (high: UInt64, low: UInt64) {
        let randA = generator.next() & 0x0FFF
        let randB = generator.next() & 0x3FFF_FFFF_FFFF_FFFF
        let ms = UInt64(max(0, millis)) & 0xFFFF_FFFF_FFFF
        return ((ms << 16) | (0x7 << 12) | randA, (0b10 << 62) | randB)
    }

    /// A new id for the given time from the system's random source.
    public static func make(millis: Int64) -> String {
        var rng = SystemRandomNumberGenerator()
        return make(millis: millis, using: &rng)
    }

    /// An id derived from `key`: every laptop derives the same one, so rows that stand for
    /// the same thing (a creator's tag, an enrolment) made on two laptops at once are one row
    /// when they sync. The random part comes from the key's FNV-1a hash; `millis` is the
    /// time part (the parent row's, so ids sort near it).
    public static func derived(from key: String, millis: Int64) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        var rng = SeededGenerator(seed: hash)
        return make(millis: millis, using: &rng)
    }

    /// Whether `text` is a lowercase, hyphenated UUID of any version (`8-4-4-4-12` hex):
    /// what a synced row id or a reference to one must look like.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !((b >= 48 && b <= 57) || (b >= 97 && b <= 102)) {
                return false
            }
        }
        return true
    }

    /// An id's 128 bits, ordered as the id's text is (`orderKey`); a dictionary key too.
    public struct Bits: Hashable, Comparable, Sendable {
        public let high: UInt64
        public let low: UInt64

        public static func < (a: Bits, b: Bits) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }
    }

    /// The 128 bits of a well-formed id (`isWellFormed`, any version), which order exactly as
    /// the text does — lowercase hex digits sort as their values and the hyphens stand in the
    /// same places — so many ids can be sorted as integers. Nil for any other text, which must
    /// then be compared as text.
    public static func orderKey(_ text: String) -> Bits? {
        var text = text
        return text.withUTF8 { orderKey(utf8: $0) }
    }

    /// The same, for the UTF-8 bytes of the text (a column as SQLite hands it over).
    public static func orderKey(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bits? {
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        for i in 0..<36 {
            let b = bytes[i]
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            let v: UInt64
            switch b {
            case 48...57: v = UInt64(b - 48)
            case 97...102: v = UInt64(b - 87)
            default: return nil
            }
            if digits < 16 { high = high << 4 | v } else { low = low << 4 | v }
            digits += 1
        }
        return Bits(high: high, low: low)
    }

    /// Whether `text` is a lowercase, hyphenated version-7 UUID.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            switch i {
            case 8, 13, 18, 23:
                if b != UInt8(ascii: "-") { return false }
            default:
                let isHex = (b >= 48 && b <= 57) || (b >= 97 && b <= 102)
                if !isHex { return false }
            }
        }
        guard bytes[14] == UInt8(ascii: "7") else { return false }
        return [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19])
    }

    /// The millisecond timestamp embedded in a valid id.
    public static func millis(of id: String) -> Int64? {
        guard isValid(id) else { return nil }
        return Int64(hexValue(Array(id.utf8), [0..<8, 9..<13]))
    }

    /// The 62 random bits at the end of the id (`rand_b`), used for ticket keys.
    public static func randomTail(of id: String) -> UInt64? {
        guard isValid(id) else { return nil }
        return hexValue(Array(id.utf8), [19..<23, 24..<36]) & 0x3FFF_FFFF_FFFF_FFFF
    }

    /// The value of the hex digits in the given byte ranges, read in order.
    private static func hexValue(_ bytes: [UInt8], _ ranges: [Range<Int>]) -> UInt64 {
        var v: UInt64 = 0
        for r in ranges {
            for b in bytes[r] {
                v = v << 4 | UInt64(b <= 57 ? b - 48 : b - 87)
            }
        }
        return v
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func format(high: UInt64, low: UInt64) -> String {
        var out = [UInt8]()
        out.reserveCapacity(36)
        func append(_ value: UInt64, nibbles: Int) {
            for i in stride(from: nibbles - 1, through: 0, by: -1) {
                out.append(hexDigits[Int((value >> (UInt64(i) * 4)) & 0xF)])
            }
        }
        append(high >> 32, nibbles: 8)
        out.append(UInt8(ascii: "-"))
        append((high >> 16) & 0xFFFF, nibbles: 4)
        out.append(UInt8(ascii: "-"))
        append(high & 0xFFFF, nibbles: 4)
        out.append(UInt8(ascii: "-"))
        append(low >> 48, nibbles: 4)
        out.append(UInt8(ascii: "-"))
        append(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
        return String(decoding: out, as: UTF8.self)
    }
}
