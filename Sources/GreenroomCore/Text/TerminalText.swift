import Foundation

/// Makes text from data safe to draw: no control or escape sequence can reach the terminal.
///
/// Names, ticket bodies and imported files are hostile until proven otherwise. `sanitize`:
/// - replaces C0 controls and DEL with their visible Control Pictures (`ESC` → `␛`), so a
///   name containing `ESC[2J` is drawn as `␛[2J` instead of clearing the screen;
/// - replaces C1 controls (U+0080–U+009F, which some terminals treat as CSI) and
///   noncharacters with `�`;
/// - removes format characters (bidirectional overrides, zero-width joiners, BOM, soft
///   hyphen) that would reorder or hide text, so every scalar on screen is visible;
/// - folds tabs, line and paragraph breaks to a space (single-line) or keeps `\n`
///   (multi-line);
/// - composes to NFC, so `e` + combining acute becomes one `é`.
public enum TerminalText {
    public static func sanitize(_ text: String, multiline: Bool = false) -> String {
        // Fast path: printable ASCII needs nothing.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        // Second fast path: text made only of scalars nothing below would touch — not a
        // control, format character or noncharacter, already composed, and never part of a
        // composition (pane frames, arrows, Latin-1 names, CJK, emoji). Foundation's NFC was
        // most of drawing a frame's borders and names (a tenth of a first start's CPU in `perf`).
        if text.unicodeScalars.allSatisfy(isInert) { return text }
        return sanitizeFully(text, multiline: multiline)
    }

    /// Whether `scalar` comes through `sanitizeFully` unchanged wherever it stands: printable
    /// ASCII and blocks whose characters are NFC-stable, have no canonical combining class,
    /// and never begin or end a canonical composition with a neighbour from these blocks or
    /// ASCII (checked scalar by scalar, against `sanitizeFully`, by a test).
    static func isInert(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E,           // printable ASCII
             0xA0...0xAC, 0xAE...0xFF, // Latin-1 letters and signs (not the soft hyphen, a format character)
             0x2010...0x2027,       // dashes, quotes, bullets, ellipsis (not the separators or format characters around them)
             0x2030...0x205E,       // per mille, primes, guillemets …
             0x2190...0x21FF,       // arrows
             0x2500...0x27BF,       // box drawing, blocks, shapes, symbols, dingbats
             0x3000...0x3029,       // CJK punctuation (not the combining tone marks 302A–302F)
             0x3030...0x3098,       // … and hiragana (not the combining sound marks 3099, 309A)
             0x309D...0x30FF,       // katakana
             0x4E00...0x9FFF,       // CJK ideographs
             0xAC00...0xD7A3,       // Hangul syllables
             0x1F300...0x1F64F,     // pictographs, emoticons
             0x1F680...0x1F6FF,     // transport and map
             0x1F900...0x1F9FF:     // supplemental pictographs
            return true
        default:
            return false
        }
    }

    /// The whole of `sanitize`, scalar by scalar after NFC.
    static func sanitizeFully(_ text: String, multiline: Bool) -> String {
        var out = String.UnicodeScalarView()
        for s in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let v = s.value
            switch v {
            case 0x0A where multiline:
                out.append(s)
            case 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
                out.append(" ")
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F:
                out.append("\u{2421}")
            case 0x80..<0xA0:
                out.append("\u{FFFD}")
            case 0x2028, 0x2029:
                out.append(multiline ? "\n" : " ")
            default:
                if s.properties.generalCategory == .format { continue }
                if s.properties.isNoncharacterCodePoint { out.append("\u{FFFD}"); continue }
                if s.properties.generalCategory == .surrogate { out.append("\u{FFFD}"); continue }
                out.append(s)
            }
        }
        return String(out)
    }

    /// Truncates to at most `width` columns, ending with `…` when something was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = String.UnicodeScalarView()
        var used = 0
        for s in text.unicodeScalars {
            let w = DisplayWidth.of(s)
            if used + w > width - 1 { break }
            out.append(s)
            used += w
        }
        out.append("…")
        return String(out)
    }

    /// Pads with spaces on the right (or left, when `alignRight`) to exactly `width` columns,
    /// truncating first when longer.
    public static func fit(_ text: String, width: Int, alignRight: Bool = false) -> String {
        let t = truncate(text, width: width)
        let pad = max(0, width - DisplayWidth.of(t))
        let spaces = String(repeating: " ", count: pad)
        return alignRight ? spaces + t : t + spaces
    }
}
