/// Short human keys for tickets, in the manner of a short git hash.
///
/// A ticket's full key is the 60 random low bits of its UUIDv7 id written in Crockford
/// base32 (12 characters, no I, L, O or U). Because it is derived from the id, two
/// laptops creating tickets offline can never mint the same full key for different
/// tickets without also minting the same id. The screen shows the shortest prefix, at
/// least four characters, that is unique among all tickets — exactly how `git log
/// --oneline` abbreviates hashes — so a key gets longer only when it has to.
public enum TicketKey {
    public static let fullLength = 12
    public static let minimumLength = 4
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The full 12-character key for a ticket id, or nil when the id is not a UUIDv7.
    public static func full(forID id: String) -> String? {
        guard let tail = UUIDv7.randomTail(of: id) else { return nil }
        return encode(tail)
    }

    static func encode(_ value: UInt64) -> String {
        var chars = [UInt8](repeating: 0, count: fullLength)
        var v = value & ((1 << 60) - 1)
        for i in stride(from: fullLength - 1, through: 0, by: -1) {
            chars[i] = alphabet[Int(v & 31)]
            v >>= 5
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// The display length for `key` given its neighbours in sorted key order: one more than
    /// the longest prefix shared with either neighbour, never less than `minimumLength`.
    public static func displayLength(of key: String, previous: String?, next: String?) -> Int {
        func shared(_ a: String, _ b: String?) -> Int {
            guard let b else { return 0 }
            var n = 0
            for (x, y) in zip(a.utf8, b.utf8) {
                if x != y { break }
                n += 1
            }
            return n
        }
        let needed = max(shared(key, previous), shared(key, next)) + 1
        return min(fullLength, max(minimumLength, needed))
    }

    /// Normalises user input for lookup: upper case, Crockford's aliases (O→0, I/L→1).
    public static func normalize(_ input: String) -> String {
        var out = ""
        for ch in input.uppercased() {
            switch ch {
            case "O": out.append("0")
            case "I", "L": out.append("1")
            case "-", " ": continue
            default: out.append(ch)
            }
        }
        return out
    }
}
