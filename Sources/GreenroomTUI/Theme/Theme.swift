import Foundation
import GreenroomCore
import TOMLKit

/// A named set of semantic styles.
///
/// Theme files (`Themes/*.toml`, and the user's `$XDG_CONFIG_HOME/greenroom/themes/`) name
/// palette colours and give each style role a foreground, a background and attributes:
///
///     name = "Default dark"
///     [palette]
///     accent = "#5fafff"
///     [styles]
///     "pane.border.focused" = { fg = "accent", bold = true }
///
/// A colour is a palette name, `#rrggbb`, an index 0–255, an ANSI name (`red`,
/// `bright-blue`, …) or `default`. Roles a theme leaves out fall back to the built-in
/// default theme, so a user theme can change just what it cares about.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    public subscript(role: StyleRole) -> Style {
        styles[role] ?? Theme.builtinDefault.styles[role] ?? .plain
    }

    static let ansiNames: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses a colour literal (not a palette name).
    static func parseColorLiteral(_ text: String) -> Color? {
        let t = text.lowercased()
        if t == "default" || t == "none" { return .default }
        if let n = ansiNames[t] { return .indexed(n) }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    /// Parses a theme file. Errors name the file and line.
    public static func parse(_ text: String, file: String) throws -> Theme {
        let (table, lines) = try TOMLLines.parse(text, file: file)
        func fail(_ key: String, _ message: String) -> GreenroomError {
            .config("\(file):\(lines.line(ofKey: key)): \(message)")
        }
        for key in table.keys where !["name", "palette", "styles"].contains(key) {
            throw fail(key, "unknown key \"\(key)\" (expected name, [palette], [styles])")
        }
        let name = table["name"]?.string ?? (file as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        var palette: [String: Color] = [:]
        if let p = table["palette"] {
            guard let pt = p.table else { throw fail("palette", "[palette] must be a table") }
            for key in pt.keys {
                guard let value = pt[key] else { continue }
                if let s = value.string, let c = parseColorLiteral(s) {
                    palette[key] = c
                } else if let i = value.int, (0...255).contains(i) {
                    palette[key] = .indexed(UInt8(i))
                } else {
                    throw fail(key, "palette colour \"\(key)\" must be #rrggbb, 0–255 or a colour name")
                }
            }
        }
        func color(_ value: TOMLValueConvertible, key: String) throws -> Color {
            if let s = value.string {
                if let c = palette[s] { return c }
                if let c = parseColorLiteral(s) { return c }
                throw fail(key, "unknown colour \"\(s)\" in \"\(key)\" (not in [palette], not #rrggbb or a colour name)")
            }
            if let i = value.int, (0...255).contains(i) { return .indexed(UInt8(i)) }
            throw fail(key, "colour in \"\(key)\" must be a string or 0–255")
        }
        var styles: [StyleRole: Style] = [:]
        if let s = table["styles"] {
            guard let st = s.table else { throw fail("styles", "[styles] must be a table") }
            for key in st.keys {
                guard let role = StyleRole(rawValue: key) else {
                    throw fail(key, "unknown style \"\(key)\"")
                }
                guard let spec = st[key]?.table else {
                    throw fail(key, "style \"\(key)\" must be an inline table such as { fg = \"accent\", bold = true }")
                }
                var style = Style()
                for field in spec.keys {
                    guard let v = spec[field] else { continue }
                    switch field {
                    case "fg": style.fg = try color(v, key: key)
                    case "bg": style.bg = try color(v, key: key)
                    case "bold", "dim", "italic", "underline", "reverse":
                        guard let on = v.bool else { throw fail(key, "\"\(field)\" in \"\(key)\" must be true or false") }
                        let attr: Attributes = ["bold": .bold, "dim": .dim, "italic": .italic, "underline": .underline, "reverse": .reverse][field]!
                        if on { style.attributes.insert(attr) }
                    default:
                        throw fail(key, "unknown property \"\(field)\" in \"\(key)\" (fg, bg, bold, dim, italic, underline, reverse)")
                    }
                }
                styles[role] = style
            }
        }
        return Theme(name: name, styles: styles)
    }
}
