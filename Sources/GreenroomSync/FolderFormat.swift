import Foundation
import GreenroomCore
import GreenroomStore

extension Syncer {
    // MARK: The folder

    /// Checks the folder before anything is read or written: it is a directory (created if
    /// missing), it does not hold the live database, and its `FORMAT.json` is one this build
    /// reads (written when missing).
    public func prepareFolder() throws {
        let root = folder.root
        if let info = FileSystem.info(root) {
            if info.isSymlink {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw GreenroomError.invalidInput("sync folder \(root) is not a directory")
                }
            } else if !info.isDirectory {
                throw GreenroomError.invalidInput("sync folder \(root) is not a directory")
            }
        } else {
            let parent = (root as NSString).deletingLastPathComponent
            guard parent.isEmpty || FileManager.default.fileExists(atPath: parent) else {
                throw GreenroomError.invalidInput("sync folder \(root) does not exist, nor does \(parent)")
            }
            guard mkdir(root, 0o700) == 0 || errno == EEXIST else {
                throw GreenroomError.invalidInput("cannot create sync folder \(root): \(String(cString: strerror(errno)))")
            }
        }
        let realRoot = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let realDB = URL(fileURLWithPath: store.path).standardizedFileURL.resolvingSymlinksInPath().path
        if realDB.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            throw GreenroomError.invalidInput("sync folder \(root) contains the live database \(store.path); keep the database outside the folder (DESIGN.md §6)")
        }
        // The directories this device writes into must be real directories (a link planted
        // there would make it write outside the folder): `blockedPaths` reports one and the
        // sync goes on without writing there.
        if let data = FileManager.default.contents(atPath: folder.formatFile) {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let name = object["format"] as? String, let version = object["version"] as? Int else {
                throw GreenroomError.invalidInput("\(folder.formatFile) is not a greenroom-sync FORMAT.json; nothing was changed")
            }
            guard name == SyncFolder.formatName else {
                throw GreenroomError.invalidInput("\(root) holds format \"\(TerminalText.sanitize(name))\", not \(SyncFolder.formatName); nothing was changed")
            }
            // A newer folder says, in `min_reader`, the oldest format a laptop must read to take
            // part safely (absent: its own version). Up to that, this laptop reads what it
            // understands and never rewrites FORMAT.json; beyond it, it refuses.
            let minReader = object["min_reader"] as? Int ?? version
            guard minReader <= SyncFolder.encryptedFormatVersion else {
                throw GreenroomError.invalidInput("\(root) uses sync format version \(version); this Greenroom reads up to version \(SyncFolder.encryptedFormatVersion) — upgrade Greenroom; nothing was changed")
            }
            if version < SyncFolder.formatVersion {
                let format = "{\"format\":\"\(SyncFolder.formatName)\",\"version\":\(SyncFolder.formatVersion)}\n"
                try FileSystem.publish(Data(format.utf8), directory: root, name: "FORMAT.json")
            }
        } else {
            let format = "{\"format\":\"\(SyncFolder.formatName)\",\"version\":\(SyncFolder.formatVersion)}\n"
            try FileSystem.publish(Data(format.utf8), directory: root, name: "FORMAT.json")
        }
    }

    /// `FORMAT.json`'s version, when it has one.
    func folderVersion() -> Int? {
        guard let data = FileManager.default.contents(atPath: folder.formatFile),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return object["version"] as? Int
    }
}
