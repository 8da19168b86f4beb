import Foundation
import GreenroomCore
import GreenroomStore

/// What a device says of itself in `devices/<id>.json` (`.grs` when sealed), written only by
/// that device:
///
///     {"device", "name", "format": 2, "last_export", "seen": {peer: newest stamp read},
///      "read": {device: frontier}, "pruned": k, "snapshot": {"path", "made_at", "covers", "read"},
///      "previous_devices": [...]}
///
/// - `read` (format 2, issue 27): for each device, the largest k such that this device has
///   read (or published, for itself) that device's segments 1…k — what compaction waits for.
/// - `pruned`: this device has removed its own segments 1…k from the folder (`sync compact`).
/// - `snapshot.read`: the frontiers the snapshot's data covers.
/// - `format`: the device file's own format. A reader takes the fields it knows from a newer
///   one; a laptop never rewrites its own device file when a newer Greenroom wrote it (the
///   same database opened by an older build after an upgrade and a downgrade).
public struct DeviceFile: Sendable, Hashable {
    public static let currentFormat = 2
    public var device: String
    public var name: String
    public var lastExport: Millis?
    public var read: [String: Int]
    public var pruned: Int
    public var snapshotRead: [String: Int]?
    /// Whether the file says what it has read (format 2 and later); an older Greenroom's does not.
    public var reportsReads: Bool
}

extension Syncer {
    /// Peers' device files (`devices/<id>.json`, `devices/<id>.grs` sealed in an encrypted
    /// folder), by device; this device's own is not included.
    func readDeviceFiles(_ problems: inout [SyncProblem]) -> [String: DeviceFile] {
        var peers: [String: DeviceFile] = [:]
        for name in FileSystem.list(folder.devicesDirectory).sorted() where !name.hasPrefix(".") {
            let relative = "devices/\(name)"
            guard name.hasSuffix(".json") || name.hasSuffix(".grs"), DeviceID.isValid(String(name.prefix(while: { $0 != "." }))),
                  name.count == 21 || name.count == 20 else {
                problems.append(SyncProblem(path: relative, line: nil, reason: "not a device file name (<device-id>.json); ignored"))
                continue
            }
            let device = String(name.prefix(16))
            guard device != store.deviceID else { continue }
            guard let object = deviceObject(relative) else {
                problems.append(SyncProblem(path: relative, line: nil, reason: "not a device file (JSON object); ignored"))
                continue
            }
            guard (object["device"] as? String) == device else {
                problems.append(SyncProblem(path: relative, line: nil, reason: "names another device inside; ignored"))
                continue
            }
            // A sealed file wins over a plaintext one left from before the folder was encrypted.
            if peers[device] != nil && name.hasSuffix(".json") { continue }
            peers[device] = Syncer.deviceFile(device: device, object)
        }
        return peers
    }

    /// The JSON object of a device file, opened with this folder's keys.
    func deviceObject(_ relative: String) -> [String: Any]? {
        guard let info = FileSystem.info(folder.path(relative)), info.isRegular, info.size < 1_000_000,
              let raw = FileManager.default.contents(atPath: folder.path(relative)),
              let data = try? seal.contents(raw, path: relative) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func deviceFile(device: String, _ object: [String: Any]) -> DeviceFile {
        func frontiers(_ value: Any?) -> [String: Int] {
            var out: [String: Int] = [:]
            for (peer, k) in (value as? [String: Any]) ?? [:] where DeviceID.isValid(peer) {
                if let k = k as? Int, k > 0 { out[peer] = k }
            }
            return out
        }
        let snapshot = object["snapshot"] as? [String: Any]
        return DeviceFile(device: device, name: TerminalText.sanitize(String(((object["name"] as? String) ?? "").prefix(80))),
                          lastExport: (object["last_export"] as? String).flatMap(Time.parseISO),
                          read: frontiers(object["read"]), pruned: max(0, object["pruned"] as? Int ?? 0),
                          snapshotRead: snapshot.flatMap { $0["read"] != nil ? frontiers($0["read"]) : nil },
                          reportsReads: object["read"] is [String: Any])
    }

    /// `devices/<id>.json`: this device's name, when it last exported, the newest stamp it
    /// has read from each peer, and its segment frontiers (see `DeviceFile`). Rewritten only
    /// when its content changes, so a sync with nothing new leaves the folder untouched.
    /// Fields this build does not know are kept; a file a newer Greenroom wrote is left alone
    /// (returns a notice). The `read` frontiers are computed again only when `readsChanged`
    /// (something was read or published) or the file has none: a sync with nothing new does
    /// not scan every file it ever read.
    @discardableResult
    func writeDeviceFile(exported: Bool, snapshot: [String: Any]? = nil, pruned: Int? = nil, readsChanged: Bool = true) throws -> String? {
        let device = store.deviceID
        let name = seal.encrypted ? "\(device).grs" : "\(device).json"
        let path = folder.path("devices/\(name)")
        var object: [String: Any] = [:]
        let existing = FileManager.default.contents(atPath: path).flatMap { try? seal.contents($0, path: "devices/\(name)") }
        if let existing, let old = (try? JSONSerialization.jsonObject(with: existing)) as? [String: Any] {
            object = old
        }
        if let format = object["format"] as? Int, format > DeviceFile.currentFormat {
            return "devices/\(name) was written by a newer Greenroom (device file format \(format)); left as it is — upgrade Greenroom on this laptop"
        }
        var seen: [String: String] = [:]
        for peer in try store.syncPeers() { if let h = peer.lastHLC { seen[peer.device] = h.encoded } }
        object["device"] = device
        object["name"] = deviceName
        object["format"] = DeviceFile.currentFormat
        let previous = try store.previousDeviceIDs()
        if !previous.isEmpty { object["previous_devices"] = previous }
        object["seen"] = seen
        if readsChanged || !(object["read"] is [String: Any]) { object["read"] = try store.segmentFrontiers() }
        if let pruned, pruned > 0 { object["pruned"] = pruned }
        if let snapshot { object["snapshot"] = snapshot }
        if exported { object["last_export"] = Time.iso(store.now) }
        if object["last_export"] == nil { object["last_export"] = NSNull() }
        let data = try JSONOutput.data(object) + Data("\n".utf8)
        if existing == data { return nil }
        try FileSystem.ensureDirectory(root: folder.root, relative: "devices")
        let bytes = try seal.sealingKey.map { try SealedFile.seal(data, key: $0, path: "devices/\(name)") } ?? data
        try FileSystem.publish(bytes, directory: folder.devicesDirectory, name: name)
        return nil
    }
}
