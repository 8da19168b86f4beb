import Foundation
import GreenroomCore
import GreenroomStore

/// Whether the folder is encrypted, and the keys this laptop opens and seals it with
/// (issue 27). An encrypted folder's `FORMAT.json` says so and names the team key new files
/// are sealed with: `{"encryption":"chacha20-poly1305","format":"greenroom-sync","key_id":"…","version":3}`.
/// A plain folder stays version 2, and everything in it works as before.
public struct FolderSeal: Sendable {
    /// Every key this laptop holds, by id.
    public var keys: [String: TeamKey]
    /// The key the folder says new files are sealed with (nil: a plain folder).
    public var folderKeyID: String?

    public static let plain = FolderSeal(keys: [:], folderKeyID: nil)

    public var encrypted: Bool { folderKeyID != nil }
    /// The key to seal new files with (present whenever an encrypted folder was accepted).
    public var sealingKey: TeamKey? { folderKeyID.flatMap { keys[$0] } }

    /// The bytes of a file as read from the folder: opened when sealed, as they are when
    /// not (a plain folder, or a segment a laptop published before the folder was encrypted).
    public func contents(_ data: Data, path: String) throws -> Data {
        SealedFile.isSealed(data) ? try SealedFile.open(data, keys: keys, path: path) : data
    }

    /// The file a segment of `plaintext` becomes under `directory`: its name and bytes.
    public func segment(_ plaintext: Data, directory: String, firstHLC: HLC, hash: String) throws -> (name: String, bytes: Data) {
        guard let key = sealingKey else {
            return (SyncFolder.segmentName(firstHLC: firstHLC, hash: hash), plaintext)
        }
        let name = SealedFile.name(for: plaintext, key: key)
        return (name, try SealedFile.seal(plaintext, key: key, path: "\(directory)/\(name)"))
    }

    /// The keys in the store's ring.
    static func keys(of store: Store) throws -> [String: TeamKey] {
        var keys: [String: TeamKey] = [:]
        for (id, bytes) in try store.teamKeyRing().keys {
            if let key = try? TeamKey(bytes: bytes), key.id == id { keys[id] = key }
        }
        return keys
    }
}

extension Syncer {
    /// The folder's encryption as `FORMAT.json` states it, checked against this laptop's keys.
    /// An encrypted folder this laptop cannot seal for is refused in one line before anything
    /// is read or written.
    public func folderSeal() throws -> FolderSeal {
        let keys = try FolderSeal.keys(of: store)
        guard let data = FileManager.default.contents(atPath: folder.formatFile),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let keyID = object["key_id"] as? String else {
            return FolderSeal(keys: keys, folderKeyID: nil)
        }
        guard keys[keyID] != nil else {
            if keys.isEmpty {
                throw GreenroomError.invalidInput("\(folder.root) is encrypted (team key \(TerminalText.sanitize(keyID))) and this laptop has no team key: ask a teammate for the key phrase and run `greenroom team join`; nothing was changed")
            }
            throw GreenroomError.invalidInput("\(folder.root) is now sealed with team key \(TerminalText.sanitize(keyID)), which this laptop does not have (the key was rotated): ask a teammate for the new phrase and run `greenroom team join`; nothing was changed")
        }
        return FolderSeal(keys: keys, folderKeyID: keyID)
    }

    /// Writes `FORMAT.json` for an encrypted folder sealed with `key` (a conversion with
    /// `sync --encrypt`, or a rotation).
    public func markEncrypted(with key: TeamKey) throws {
        if let version = folderVersion(), version > SyncFolder.encryptedFormatVersion {
            throw GreenroomError.invalidInput("\(folder.root) uses sync format version \(version), newer than this Greenroom writes; its FORMAT.json is left as it is — upgrade Greenroom")
        }
        let format = "{\"encryption\":\"chacha20-poly1305\",\"format\":\"\(SyncFolder.formatName)\",\"key_id\":\"\(key.id)\",\"version\":\(SyncFolder.encryptedFormatVersion)}\n"
        try FileSystem.publish(Data(format.utf8), directory: folder.root, name: "FORMAT.json")
    }

    /// In an encrypted folder, this device's own plaintext files — segments it published
    /// before the folder was encrypted, and its plaintext device file — are sealed again and
    /// the plaintext removed (only the device that made a file writes it; every other device
    /// does the same with its own at its next sync). Returns how many segments were sealed.
    func sealOwnPlaintext(_ seal: FolderSeal) throws -> Int {
        guard let key = seal.sealingKey else { return 0 }
        // The plaintext device file goes (its sealed one is written at the end of the sync).
        if FileSystem.info(folder.deviceFile(store.deviceID)) != nil { unlink(folder.deviceFile(store.deviceID)) }
        let own = "ops/\(store.deviceID)"
        guard let info = FileSystem.info(folder.path(own)), info.isDirectory, !info.isSymlink else { return 0 }
        var sealed = 0
        for month in FileSystem.list(folder.path(own)) where SyncFolder.isMonth(month) {
            let directory = "\(own)/\(month)"
            for name in FileSystem.list(folder.path(directory)) where SyncFolder.isSegmentName(name) {
                guard let plaintext = FileManager.default.contents(atPath: folder.path("\(directory)/\(name)")),
                      !SealedFile.isSealed(plaintext) else { continue }
                let sealedName = SealedFile.name(for: plaintext, key: key)
                let bytes = try SealedFile.seal(plaintext, key: key, path: "\(directory)/\(sealedName)")
                try FileSystem.publish(bytes, directory: folder.path(directory), name: sealedName)
                let ordinal = OpFile.parse(plaintext).header.flatMap { $0.device == store.deviceID ? $0.ordinal : nil }
                try store.recordExported([("\(directory)/\(sealedName)", FNV1a.hex(of: bytes))], ordinal: ordinal)
                unlink(folder.path("\(directory)/\(name)"))
                sealed += 1
            }
        }
        return sealed
    }
}
