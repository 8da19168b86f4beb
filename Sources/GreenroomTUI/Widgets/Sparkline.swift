/// Sparklines from the eight block characters, with an ASCII fallback for terminals that
/// cannot draw them.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let ascii: [Character] = ["_", ".", ",", "-", "=", "+", "*", "#"]

    /// One character per value, scaled from the smallest to the largest value of the series,
    /// so the shape shows change (a flat series is drawn at the lowest level). Missing values
    /// (NaN) are spaces.
    public static func render(_ values: [Double], unicode: Bool = true) -> String {
        let glyphs = unicode ? blocks : ascii
        let finite = values.filter { $0.isFinite }
        guard let lo = finite.min(), let hi = finite.max() else { return String(repeating: " ", count: values.count) }
        let span = hi - lo
        return String(values.map { v -> Character in
            guard v.isFinite else { return " " }
            if span <= 0 { return glyphs[0] }
            let level = Int(((v - lo) / span * Double(glyphs.count - 1)).rounded())
            return glyphs[max(0, min(glyphs.count - 1, level))]
        })
    }
}
