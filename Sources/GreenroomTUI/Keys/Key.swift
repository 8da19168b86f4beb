/// A key press, decoded by the backend.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case alt(Character)
    case enter, esc, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// Parses a key name as written in `keys.toml` and shown in help: `j`, `G`, `?`, `tab`,
    /// `shift-tab`, `enter`, `esc`, `space`, `up`, `pgdn`, `ctrl-d`, `alt-x`, `f1`.
    public init?(spec: String) {
        let s = spec.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if s.count == 1 { self = .char(s.first!); return }
        let lower = s.lowercased()
        for prefix in ["ctrl-", "c-", "^"] where lower.hasPrefix(prefix) && s.count == prefix.count + 1 {
            self = .ctrl(Character(String(s.last!).lowercased()))
            return
        }
        for prefix in ["alt-", "m-", "meta-"] where lower.hasPrefix(prefix) && s.count == prefix.count + 1 {
            self = .alt(s.last!)
            return
        }
        switch lower {
        case "enter", "return", "ret": self = .enter
        case "esc", "escape": self = .esc
        case "tab": self = .tab
        case "shift-tab", "s-tab", "backtab": self = .backTab
        case "backspace", "bs": self = .backspace
        case "delete", "del": self = .delete
        case "space": self = .char(" ")
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "lt", "less": self = .char("<")
        case "gt", "greater": self = .char(">")
        default:
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) {
                self = .function(n)
            } else {
                return nil
            }
        }
    }

    /// The spec form (round-trips through `init(spec:)`).
    public var spec: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .alt(let c): return "alt-\(c)"
        case .enter: return "enter"
        case .esc: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .function(let n): return "f\(n)"
        }
    }

    /// How help screens show the key.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c)"
        case .alt(let c): return "Alt-\(c)"
        case .enter: return "Enter"
        case .esc: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        }
    }
}

import Foundation
