/// A colour as a theme names it. The backend maps it to what the terminal can show:
/// truecolor, the 256-colour cube, 16 or 8 ANSI colours, or nothing under `NO_COLOR`.
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 256 indexed colours (0–15 are the ANSI colours).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes. Under `NO_COLOR` these alone must carry meaning.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let italic = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let reverse = Attributes(rawValue: 1 << 4)
}

/// How one cell looks.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attributes: Attributes

    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }

    public static let plain = Style()

    public func adding(_ attrs: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(attrs)
        return s
    }

    /// This style with another's background when it has none of its own.
    public func over(_ base: Style) -> Style {
        var s = self
        if s.bg == .default { s.bg = base.bg }
        return s
    }
}
