import Crypto
import Foundation
import GreenroomCore

/// A large file sealed in chunks (issue 27: snapshots of a database run to gigabytes and are
/// never held in memory whole). The STREAM construction over ChaCha20-Poly1305: a key per
/// file from HKDF(team key, random salt), then 1 MiB chunks each sealed with a nonce made of
/// a random prefix and the chunk's number, the last chunk flagged in its authenticated data —
/// so chunks cannot be reordered, dropped or cut off without the file failing to open.
///
///     "GRS2" ‖ key id (8) ‖ salt (16) ‖ nonce prefix (4)
///     then per chunk: length (4, big-endian) ‖ ciphertext ‖ tag (16)
public enum SealedStream {
    static let magic = Data("GRS2".utf8)
    static let chunk = 1 << 20

    public static func seal(file input: String, to output: String, key: TeamKey, path: String) throws {
        guard let reader = FileHandle(forReadingAtPath: input) else { throw GreenroomError.invalidInput("cannot read \(input)") }
        defer { try? reader.close() }
        guard FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600]),
              let writer = FileHandle(forWritingAtPath: output) else { throw GreenroomError.invalidInput("cannot write \(output)") }
        defer { try? writer.close() }
        let salt = random(16), prefix = random(4)
        let fileKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.symmetric, salt: salt, info: Data("greenroom sealed stream v1".utf8), outputByteCount: 32)
        try writer.write(contentsOf: magic + SealedFile.keyIDBytes(key) + salt + prefix)
        var index: UInt64 = 0
        var next = try reader.read(upToCount: chunk) ?? Data()
        repeat {
            let current = next
            next = try reader.read(upToCount: chunk) ?? Data()
            let last = next.isEmpty
            let box = try ChaChaPoly.seal(current, using: fileKey, nonce: nonce(prefix, index), authenticating: aad(path, index, last))
            var length = UInt32(box.ciphertext.count).bigEndian
            try writer.write(contentsOf: Data(bytes: &length, count: 4) + box.ciphertext + box.tag)
            index += 1
        } while !next.isEmpty
    }

    public static func open(file input: String, to output: String, keys: [String: TeamKey], path: String) throws {
        guard let reader = FileHandle(forReadingAtPath: input) else { throw GreenroomError.invalidInput("cannot read \(input)") }
        defer { try? reader.close() }
        let header = try reader.read(upToCount: 32) ?? Data()
        guard header.count == 32, header.prefix(4) == magic else { throw SealedFile.OpenError.damaged }
        let id = Data(header[4..<12]).hexString
        guard let key = keys[id] else { throw SealedFile.OpenError.unknownKey(id) }
        let salt = header[12..<28], prefix = Data(header[28..<32])
        let fileKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.symmetric, salt: salt, info: Data("greenroom sealed stream v1".utf8), outputByteCount: 32)
        guard FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600]),
              let writer = FileHandle(forWritingAtPath: output) else { throw GreenroomError.invalidInput("cannot write \(output)") }
        defer { try? writer.close() }
        var index: UInt64 = 0
        while true {
            guard let lengthBytes = try reader.read(upToCount: 4), lengthBytes.count == 4 else { throw SealedFile.OpenError.damaged }
            let length = Int(lengthBytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self).bigEndian })
            guard length <= chunk, let body = try reader.read(upToCount: length + 16), body.count == length + 16 else { throw SealedFile.OpenError.damaged }
            let atEnd = (try reader.read(upToCount: 1) ?? Data()).isEmpty
            if !atEnd { try reader.seek(toOffset: try reader.offset() - 1) }
            do {
                let box = try ChaChaPoly.SealedBox(nonce: nonce(prefix, index), ciphertext: body.prefix(length), tag: body.suffix(16))
                try writer.write(contentsOf: try ChaChaPoly.open(box, using: fileKey, authenticating: aad(path, index, atEnd)))
            } catch {
                throw SealedFile.OpenError.damaged
            }
            if atEnd { return }
            index += 1
        }
    }

    public static func isSealed(file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == magic
    }

    static func nonce(_ prefix: Data, _ index: UInt64) throws -> ChaChaPoly.Nonce {
        var big = index.bigEndian
        return try ChaChaPoly.Nonce(data: prefix + Data(bytes: &big, count: 8))
    }

    static func aad(_ path: String, _ index: UInt64, _ last: Bool) -> Data {
        Data("\(path)#\(index)\(last ? "#last" : "")".utf8)
    }

    static func random(_ count: Int) -> Data {
        var rng = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}
