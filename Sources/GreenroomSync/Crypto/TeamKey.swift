import Crypto
import Foundation
import GreenroomCore

/// A team's sync key (issue 27): 32 random bytes that seal the sync folder's files so the
/// carrier — a git host, Dropbox, Syncthing's untrusted devices — reads nothing but device
/// ids and months.
///
/// It travels between people, never through the folder: as a phrase to read out or paste
/// (`greenroom team init-key` prints it, `greenroom team join` takes it), or as a file.
/// The phrase is the key and a 2-byte checksum in Crockford base32, in groups of five after
/// a `grk1-` prefix — 56 characters a typo in which is caught, not silently a wrong key.
/// Each key has a public id (the first 8 bytes of an HKDF of it, in hex) that sealed files
/// name, so a laptop knows which key a file needs without the file revealing the key.
public struct TeamKey: Sendable, Hashable {
    public let bytes: Data

    public init(bytes: Data) throws {
        guard bytes.count == 32 else { throw GreenroomError.invalidInput("a team key is 32 bytes (got \(bytes.count))") }
        self.bytes = bytes
    }

    /// A new random key.
    public static func generate() -> TeamKey {
        // Exactly 32 bytes: the initializer cannot fail.
        (try? TeamKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))!
    }

    var symmetric: SymmetricKey { SymmetricKey(data: bytes) }

    /// The key's public id: 16 hex digits derived from it (HKDF-SHA256, its own label).
    public var id: String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: symmetric, info: Data("greenroom team key id".utf8), outputByteCount: 8)
        return derived.withUnsafeBytes { Data($0) }.hexString
    }

    static let prefix = "grk1-"
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// `grk1-XXXXX-XXXXX-…`: the key and a checksum, in Crockford base32.
    public var phrase: String {
        var data = bytes
        data.append(contentsOf: SHA256.hash(data: bytes).prefix(2))
        var bits = 0, value = 0
        var chars: [Character] = []
        for byte in data {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                chars.append(TeamKey.alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
            value &= (1 << bits) - 1
        }
        if bits > 0 { chars.append(TeamKey.alphabet[(value << (5 - bits)) & 31]) }
        let groups = stride(from: 0, to: chars.count, by: 5).map { String(chars[$0..<min($0 + 5, chars.count)]) }
        return TeamKey.prefix + groups.joined(separator: "-")
    }

    /// Reads a phrase (case, spaces and dashes do not matter; O reads as 0, I and L as 1).
    public init(phrase text: String) throws {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard body.hasPrefix(TeamKey.prefix) else {
            throw GreenroomError.invalidInput("not a team key phrase (it starts with \(TeamKey.prefix))")
        }
        body.removeFirst(TeamKey.prefix.count)
        var bits = 0, value = 0
        var data = Data()
        for ch in TicketKey.normalize(body) where ch != "-" && ch != " " {
            guard let digit = TeamKey.alphabet.firstIndex(of: ch) else {
                throw GreenroomError.invalidInput("the team key phrase has \"\(TerminalText.sanitize(String(ch)))\", which is not one of its letters")
            }
            value = (value << 5) | digit
            bits += 5
            if bits >= 8 {
                data.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
                value &= (1 << bits) - 1
            }
        }
        guard data.count == 34 else { throw GreenroomError.invalidInput("the team key phrase is \(data.count < 34 ? "too short" : "too long"); copy it whole") }
        let key = data.prefix(32)
        guard Data(SHA256.hash(data: key).prefix(2)) == data.suffix(2) else {
            throw GreenroomError.invalidInput("the team key phrase does not check out (a typo?); copy it again")
        }
        try self.init(bytes: Data(key))
    }
}

extension Data {
    /// Lowercase hex, two digits a byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
