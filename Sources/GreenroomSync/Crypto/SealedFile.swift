import Crypto
import Foundation
import GreenroomCore

/// A sync-folder file sealed with the team key (issue 27): ChaCha20-Poly1305 from
/// swift-crypto, a key per file derived with HKDF-SHA256, a random nonce. Nothing is
/// hand-rolled but the framing:
///
///     "GRS1"                 4 bytes, the sealed-file format, version 1
///     key id                 8 bytes, which team key sealed it (`TeamKey.id`)
///     salt                  16 bytes, random; HKDF(team key, salt, "greenroom sealed file v1") is the file's key
///     nonce ‖ ciphertext ‖ tag   ChaChaPoly's combined box
///
/// The file's path in the folder (`ops/<device>/<month>/<name>`) is the authenticated data,
/// so a sealed file moved or renamed by a carrier or a peer does not open. A segment's name
/// is a keyed hash of its plaintext (`name(for:)`): the same operations always get the same
/// name (a segment exported again after a crash is the same file), and the name says nothing
/// about its content or time.
public enum SealedFile {
    static let magic = Data("GRS1".utf8)
    static let headerCount = 4 + 8 + 16

    public static func isSealed(_ data: Data) -> Bool { data.prefix(4) == magic }

    public static func seal(_ plaintext: Data, key: TeamKey, path: String) throws -> Data {
        var salt = Data(count: 16)
        salt.withUnsafeMutableBytes { buffer in
            var rng = SystemRandomNumberGenerator()
            for i in buffer.indices { buffer[i] = UInt8.random(in: 0...255, using: &rng) }
        }
        let fileKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.symmetric, salt: salt, info: Data("greenroom sealed file v1".utf8), outputByteCount: 32)
        let box = try ChaChaPoly.seal(plaintext, using: fileKey, authenticating: Data(path.utf8))
        var out = magic
        out.append(contentsOf: keyIDBytes(key))
        out.append(salt)
        out.append(box.combined)
        return out
    }

    /// Why a sealed file does not open.
    public enum OpenError: Error, Equatable, CustomStringConvertible {
        case unknownKey(String)
        case damaged
        public var description: String {
            switch self {
            case .unknownKey(let id):
                return "sealed with team key \(id), which this laptop does not have (greenroom team join with that key's phrase)"
            case .damaged:
                return "sealed but does not open (damaged, renamed or tampered with)"
            }
        }
    }

    /// The key id a sealed file names.
    public static func keyID(of data: Data) -> String? {
        guard isSealed(data), data.count >= headerCount else { return nil }
        return Data(data[data.startIndex + 4 ..< data.startIndex + 12]).hexString
    }

    public static func open(_ data: Data, keys: [String: TeamKey], path: String) throws -> Data {
        guard isSealed(data), data.count >= headerCount + 12 + 16, let id = keyID(of: data) else { throw OpenError.damaged }
        guard let key = keys[id] else { throw OpenError.unknownKey(id) }
        let salt = data[data.startIndex + 12 ..< data.startIndex + headerCount]
        let fileKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.symmetric, salt: salt, info: Data("greenroom sealed file v1".utf8), outputByteCount: 32)
        do {
            let box = try ChaChaPoly.SealedBox(combined: data[(data.startIndex + headerCount)...])
            return try ChaChaPoly.open(box, using: fileKey, authenticating: Data(path.utf8))
        } catch {
            throw OpenError.damaged
        }
    }

    /// A segment's name in an encrypted folder: 24 hex digits of an HMAC of its content
    /// under a key derived from the team key, then `.grs`.
    public static func name(for plaintext: Data, key: TeamKey) -> String {
        let nameKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.symmetric, info: Data("greenroom segment names v1".utf8), outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: plaintext, using: nameKey)
        return Data(mac).prefix(12).hexString + ".grs"
    }

    static func keyIDBytes(_ key: TeamKey) -> Data {
        let hex = Array(key.id.utf8)
        var out = Data()
        for i in stride(from: 0, to: hex.count, by: 2) {
            func v(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
            out.append(v(hex[i]) << 4 | v(hex[i + 1]))
        }
        return out
    }
}
