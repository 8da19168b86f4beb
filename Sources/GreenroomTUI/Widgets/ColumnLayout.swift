import GreenroomCore

/// A table column that shrinks and hides by priority as its pane narrows.
public struct ColumnSpec: Sendable {
    public var title: String
    public var minWidth: Int
    public var preferredWidth: Int
    /// Lower numbers are kept longer; the highest are hidden first.
    public var priority: Int
    public var alignRight: Bool

    public init(_ title: String, min: Int, preferred: Int, priority: Int, alignRight: Bool = false) {
        self.title = title; self.minWidth = min; self.preferredWidth = max(min, preferred)
        self.priority = priority; self.alignRight = alignRight
    }
}

public enum ColumnLayout {
    /// Widths for `specs` in `available` columns with one space between columns; nil for a
    /// hidden column. Columns are admitted in priority order at their minimum width until one
    /// does not fit (it and every lower priority are hidden), then grown toward their
    /// preferred width in priority order; leftover space goes to the first column.
    public static func widths(_ specs: [ColumnSpec], available: Int) -> [Int?] {
        var shown = Set<Int>()
        var used = 0
        for i in specs.indices.sorted(by: { specs[$0].priority < specs[$1].priority }) {
            let cost = specs[i].minWidth + (shown.isEmpty ? 0 : 1)
            guard used + cost <= available else { break }
            shown.insert(i)
            used += cost
        }
        var widths = specs.indices.map { shown.contains($0) ? specs[$0].minWidth : 0 }
        var spare = available - used
        for i in specs.indices.sorted(by: { specs[$0].priority < specs[$1].priority }) where shown.contains(i) && spare > 0 {
            let grow = min(spare, specs[i].preferredWidth - widths[i])
            widths[i] += grow
            spare -= grow
        }
        if spare > 0, let first = specs.indices.first(where: { shown.contains($0) }) { widths[first] += spare }
        return specs.indices.map { shown.contains($0) ? widths[$0] : nil }
    }

    /// Draws one row of cells with the computed widths.
    public static func drawRow(_ canvas: inout Canvas, x: Int, y: Int, widths: [Int?], specs: [ColumnSpec],
                               values: [String], styles: [Style]) {
        var col = x
        for (i, w) in widths.enumerated() {
            guard let w else { continue }
            canvas.putFitted(values[i], x: col, y: y, width: w, style: styles[i], alignRight: specs[i].alignRight)
            col += w + 1
        }
    }
}
