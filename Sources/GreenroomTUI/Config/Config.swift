import Foundation
import GreenroomCore
import TOMLKit

/// Where Greenroom keeps its files (XDG Base Directory specification).
public struct ConfigPaths: Sendable, Equatable {
    public var configDirectory: String
    public var dataDirectory: String

    public init(configDirectory: String, dataDirectory: String) {
        self.configDirectory = configDirectory
        self.dataDirectory = dataDirectory
    }

    /// `$XDG_CONFIG_HOME/greenroom` (default `~/.config/greenroom`) and
    /// `$XDG_DATA_HOME/greenroom` (default `~/.local/share/greenroom`).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ConfigPaths {
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func xdg(_ key: String, _ fallback: String) -> String {
            if let v = env[key], v.hasPrefix("/") { return v } // relative values are ignored, per the spec
            return (home as NSString).appendingPathComponent(fallback)
        }
        return ConfigPaths(configDirectory: (xdg("XDG_CONFIG_HOME", ".config") as NSString).appendingPathComponent("greenroom"),
                           dataDirectory: (xdg("XDG_DATA_HOME", ".local/share") as NSString).appendingPathComponent("greenroom"))
    }

    public var configFile: String { (configDirectory as NSString).appendingPathComponent("config.toml") }
    public var keysFile: String { (configDirectory as NSString).appendingPathComponent("keys.toml") }
    public var themesDirectory: String { (configDirectory as NSString).appendingPathComponent("themes") }
    public var defaultDatabase: String { (dataDirectory as NSString).appendingPathComponent("greenroom.sqlite") }
    public var demoDatabase: String { (dataDirectory as NSString).appendingPathComponent("demo.sqlite") }

    /// Creates the data directory (mode 0700) if it does not exist.
    public func ensureDataDirectory() throws {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw GreenroomError.config("cannot create \(dataDirectory): \(error.localizedDescription)")
        }
    }
}

/// Personal preferences from `config.toml`. Team-wide values live in the database instead.
///
///     theme = "gruvbox"
///     me = "@ana"
///     mouse = false
///     sync_folder = "~/Greenroom Sync"
///     sync_carrier = "git"    # the folder is a git clone: sync pulls, commits and pushes
public struct Config: Sendable, Equatable {
    public var theme: String
    public var me: String?
    public var mouse: Bool
    public var syncFolder: String?
    /// `"git"`: every sync (the CLI's and the app's `S`) carries the folder through git.
    public var syncCarrier: String?

    public init(theme: String = "default", me: String? = nil, mouse: Bool = false, syncFolder: String? = nil) {
        self.theme = theme; self.me = me; self.mouse = mouse; self.syncFolder = syncFolder
    }

    /// Reads `path`; a missing file is the default configuration. Errors name the file and line.
    public static func load(path: String) throws -> Config {
        guard FileManager.default.fileExists(atPath: path) else { return Config() }
        return try parse(try TOMLLines.read(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Config {
        let (table, lines) = try TOMLLines.parse(text, file: file)
        var config = Config()
        for key in table.keys {
            let value = table[key]!
            let at = "\(file):\(lines.line(ofKey: key))"
            switch key {
            case "theme":
                guard let s = value.string, !s.isEmpty else { throw GreenroomError.config("\(at): theme must be a non-empty string") }
                config.theme = s
            case "me":
                guard let s = value.string else { throw GreenroomError.config("\(at): me must be a handle such as \"@ana\"") }
                config.me = s.hasPrefix("@") ? s : "@" + s
            case "mouse":
                guard let b = value.bool else { throw GreenroomError.config("\(at): mouse must be true or false") }
                config.mouse = b
            case "sync_folder":
                guard let s = value.string else { throw GreenroomError.config("\(at): sync_folder must be a path") }
                config.syncFolder = (s as NSString).expandingTildeInPath
            case "sync_carrier":
                guard let s = value.string, ["git", "folder"].contains(s) else {
                    throw GreenroomError.config("\(at): sync_carrier must be \"git\" (sync through the folder's git repository) or \"folder\"")
                }
                config.syncCarrier = s == "git" ? "git" : nil
            default:
                throw GreenroomError.config("\(at): unknown setting \"\(key)\" (theme, me, mouse, sync_folder, sync_carrier)")
            }
        }
        return config
    }
}
