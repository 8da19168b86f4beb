import Foundation
import GreenroomCore

extension Theme {
    /// Attributes only, for every role: what Greenroom falls back to when no theme files can
    /// be found at all (a binary copied away from its `Themes/`). Also shows that every role
    /// still carries meaning without colour.
    public static let builtinDefault: Theme = {
        var s: [StyleRole: Style] = [:]
        for role in StyleRole.allCases { s[role] = .plain }
        let bold: [StyleRole] = [.headerTitle, .paneBorderFocused, .paneTitleFocused, .columnHeader, .columnHeaderFocused,
                                 .priorityUrgent, .priorityHigh, .slaBreached, .slaWarning, .statusError, .statusToast,
                                 .cardRotting, .kpiBad, .overlayTitle, .overlayKey, .healthIdle, .inputError, .overlayMatch]
        for role in bold { s[role] = Style(attributes: .bold) }
        for role: StyleRole in [.listSelected, .overlaySelected, .statusMode] { s[role] = Style(attributes: [.reverse, .bold]) }
        s[.listSelectedUnfocused] = Style(attributes: .reverse)
        s[.listHeader] = Style(attributes: .underline)
        s[.columnHeaderFocused] = Style(attributes: [.bold, .underline])
        s[.inputError] = Style(attributes: [.bold, .underline])
        s[.ticketInternal] = Style(attributes: .italic)
        for role: StyleRole in [.textMuted, .priorityLow, .slaPaused] { s[role] = Style(attributes: .dim) }
        return Theme(name: "builtin", styles: s)
    }()

    /// This theme with `base` filling in the roles it leaves out.
    public func merged(over base: Theme) -> Theme {
        Theme(name: name, styles: base.styles.merging(styles) { _, mine in mine })
    }
}

/// Where theme files live, and loading them by name.
public struct ThemeCatalog: Sendable {
    /// Directories searched in order: the user's first, then those shipped with Greenroom.
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The standard search path for this process.
    public static func standard(paths: ConfigPaths) -> ThemeCatalog {
        var dirs = [paths.themesDirectory]
        if let env = ProcessInfo.processInfo.environment["GREENROOM_THEMES_DIR"], !env.isEmpty { dirs.append(env) }
        dirs.append(contentsOf: shippedThemeDirectories())
        return ThemeCatalog(directories: dirs)
    }

    /// `Themes/` next to the executable or in an ancestor directory (a build tree), then the
    /// usual install prefixes.
    static func shippedThemeDirectories() -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<8 {
            let candidate = (dir as NSString).appendingPathComponent("Themes")
            if fm.fileExists(atPath: (candidate as NSString).appendingPathComponent("default.toml")) { found.append(candidate); break }
            let share = (dir as NSString).appendingPathComponent("share/greenroom/Themes")
            if fm.fileExists(atPath: (share as NSString).appendingPathComponent("default.toml")) { found.append(share); break }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        found.append(contentsOf: ["/usr/local/share/greenroom/Themes", "/usr/share/greenroom/Themes"])
        return found
    }

    /// Names of every theme found, sorted.
    public func available() -> [String] {
        var names = Set<String>()
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    func file(named name: String) -> String? {
        for dir in directories {
            let path = (dir as NSString).appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Loads a theme by name, or from a path when `name` contains a `/` or ends in `.toml`.
    /// Missing roles come from the `default` theme, then from the built-in attributes.
    public func load(_ name: String) throws -> Theme {
        let base: Theme
        if let defaultPath = file(named: "default") {
            base = try Theme.parse(try read(defaultPath), file: defaultPath).merged(over: .builtinDefault)
        } else {
            base = .builtinDefault
        }
        if name == "default" { return base }
        let path: String
        if name.contains("/") || name.hasSuffix(".toml") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw GreenroomError.config("theme file \(name) does not exist")
            }
            path = name
        } else {
            guard let p = file(named: name) else {
                let list = available()
                throw GreenroomError.config("unknown theme \"\(name)\"" + (list.isEmpty ? "" : " (available: \(list.joined(separator: ", ")))"))
            }
            path = p
        }
        return try Theme.parse(try read(path), file: path).merged(over: base)
    }

    private func read(_ path: String) throws -> String {
        try TOMLLines.read(path)
    }
}
