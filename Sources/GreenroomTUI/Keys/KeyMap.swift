import Foundation
import GreenroomCore
import TOMLKit

/// Key bindings as data: one table drives dispatch, the `?` help overlay, the command
/// palette's key hints and the README's key table.
///
/// `keys.toml` in the config directory replaces the keys of any action it names:
///
///     "cursor.down" = ["j", "down", "ctrl-n"]
///     "app.quit" = "Q"
///
/// A key may be bound once among global actions, and a pane's actions may not reuse a
/// global key (that would silently shadow it). Violations, unknown actions and unknown key
/// names are reported with the file and line.
public struct KeyMap: Sendable, Equatable {
    public private(set) var bindings: [Action: [Key]]
    private var lookup: [Action.Context: [Key: Action]]

    /// `Ctrl-c` quits and `Ctrl-z` suspends whatever the bindings say (the terminal runs in
    /// raw mode, so the program handles them itself).
    public static let fixedKeys: [(Key, String)] = [(.ctrl("c"), "Quit at once (in a form: close it, asking first like Esc)"), (.ctrl("z"), "Suspend (fg to resume)")]

    public static let defaults: KeyMap = {
        var b: [Action: [Key]] = [:]
        for a in Action.allCases { b[a] = a.defaultKeys }
        return try! KeyMap(bindings: b, source: nil)
    }()

    init(bindings: [Action: [Key]], source: (file: String, lines: TOMLLines)?) throws {
        self.bindings = bindings
        self.lookup = [:]
        /// Where an action's keys were set: its line in keys.toml, if the file set them.
        func line(_ action: Action) -> Int? { source?.lines.definedLine(ofKey: action.rawValue) }
        func at(_ action: Action) -> String {
            guard let source else { return "built-in key map" }
            return "\(source.file):\(line(action) ?? 1)"
        }
        /// A conflict is reported at the binding the user wrote (the later one if both).
        func conflict(_ key: Key, _ a: Action, _ b: Action, suffix: String = "") -> GreenroomError {
            let (first, second) = (line(a) ?? 0) <= (line(b) ?? 0) ? (a, b) : (b, a)
            return .config("\(at(second)): key \"\(key.spec)\" is bound to both \(first.rawValue) and \(second.rawValue)\(suffix)")
        }
        var global: [Key: Action] = [:]
        for action in Action.allCases where action.context == .global {
            for key in bindings[action] ?? [] {
                if KeyMap.fixedKeys.contains(where: { $0.0 == key }) {
                    throw GreenroomError.config("\(at(action)): \(key.spec) is reserved (\(key.spec == "ctrl-c" ? "quit" : "suspend")) and cannot be bound to \(action.rawValue)")
                }
                if let other = global[key], other != action {
                    throw conflict(key, other, action)
                }
                global[key] = action
            }
        }
        lookup[.global] = global
        for context in Action.Context.allCases where context != .global {
            var map: [Key: Action] = [:]
            for action in Action.allCases where action.context == context {
                for key in bindings[action] ?? [] {
                    if context.isModal, KeyMap.fixedKeys.contains(where: { $0.0 == key }) {
                        throw GreenroomError.config("\(at(action)): \(key.spec) is reserved (\(key.spec == "ctrl-c" ? "quit" : "suspend")) and cannot be bound to \(action.rawValue)")
                    }
                    if !context.isModal, let other = global[key] {
                        let blamed = (line(other) ?? 0) > (line(action) ?? 0) ? other : action
                        throw GreenroomError.config("\(at(blamed)): key \"\(key.spec)\" of \(action.rawValue) is already bound to \(other.rawValue) everywhere")
                    }
                    if let other = map[key], other != action {
                        throw conflict(key, other, action)
                    }
                    map[key] = action
                }
            }
            lookup[context] = map
        }
        // Contexts that are on at the same time must not share a key either.
        for group in KeyMap.simultaneous {
            var seen: [Key: Action] = [:]
            for context in group {
                for (key, action) in lookup[context] ?? [:] {
                    if let other = seen[key], other != action { throw conflict(key, other, action) }
                    seen[key] = action
                }
            }
        }
    }

    /// Contexts that are active together (see `Model.keyContexts`).
    static let simultaneous: [[Action.Context]] = [[.creator, .roster], [.creator, .pipeline], [.creator, .detail],
                                                   [.programs, .records], [.attendance, .records], [.tasks, .records]]

    /// The action for a key in the first of `contexts` that binds it, else a global one.
    public func action(for key: Key, in contexts: [Action.Context]) -> Action? {
        if contexts.first?.isModal == true { return lookup[contexts[0]]?[key] }
        for context in contexts where context != .global {
            if let a = lookup[context]?[key] { return a }
        }
        return lookup[.global]?[key]
    }

    public func action(for key: Key, in context: Action.Context) -> Action? {
        action(for: key, in: [context])
    }

    public func keys(for action: Action) -> [Key] { bindings[action] ?? [] }

    /// Loads `keys.toml` over the defaults; a missing file means the defaults.
    public static func load(path: String) throws -> KeyMap {
        guard FileManager.default.fileExists(atPath: path) else { return .defaults }
        return try parse(try TOMLLines.read(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> KeyMap {
        let (table, lines) = try TOMLLines.parse(text, file: file)
        var bindings = KeyMap.defaults.bindings
        for name in table.keys {
            let at = "\(file):\(lines.line(ofKey: name))"
            guard let action = Action(rawValue: name) else {
                let suggestion = Action.allCases.map(\.rawValue).min { FuzzyMatch.editDistance($0, name) < FuzzyMatch.editDistance($1, name) }
                throw GreenroomError.config("\(at): unknown action \"\(name)\"" + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
            }
            let value = table[name]!
            var specs: [String] = []
            if let s = value.string {
                specs = [s]
            } else if let array = value.array {
                for item in array {
                    guard let s = item.string else { throw GreenroomError.config("\(at): keys for \(name) must be strings") }
                    specs.append(s)
                }
            } else {
                throw GreenroomError.config("\(at): \(name) must be a key or a list of keys, e.g. [\"j\", \"down\"]")
            }
            var keys: [Key] = []
            for spec in specs {
                guard let key = Key(spec: spec) else {
                    throw GreenroomError.config("\(at): unknown key \"\(spec)\" for \(name) (examples: j, G, tab, shift-tab, enter, esc, ctrl-d, pgdn, f1)")
                }
                keys.append(key)
            }
            bindings[action] = keys
        }
        return try KeyMap(bindings: bindings, source: (file, lines))
    }

    /// Help sections: one per context, each a list of (keys, what they do).
    public func helpSections() -> [(title: String, rows: [(keys: String, title: String)])] {
        var sections: [(String, [(String, String)])] = []
        for context in Action.Context.allCases {
            var rows: [(String, String)] = []
            for action in Action.allCases where action.context == context {
                let keys = keys(for: action)
                guard !keys.isEmpty else { continue }
                rows.append((keys.map(\.label).joined(separator: " "), action.title))
            }
            if context == .global {
                for (key, title) in KeyMap.fixedKeys { rows.append((key.label, title)) }
            }
            sections.append((context.title, rows))
        }
        return sections
    }

    /// The README's key table, in Markdown.
    public func markdownTable() -> String {
        var out = "| keys | action | where |\n|---|---|---|\n"
        for context in Action.Context.allCases {
            for action in Action.allCases where action.context == context {
                let keys = keys(for: action).map { "`\($0.label)`" }.joined(separator: " ")
                out += "| \(keys) | \(action.title) | \(context.title.lowercased()) |\n"
            }
            if context == .global {
                for (key, title) in KeyMap.fixedKeys { out += "| `\(key.label)` | \(title) | everywhere |\n" }
            }
        }
        return out
    }
}
