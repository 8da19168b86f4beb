import GreenroomCore

/// A rectangle in cell coordinates.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// One terminal cell: the text drawn there (a spacing scalar plus any combining marks) and
/// its style. The cell after a two-column character is a continuation with empty text.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    /// Columns the text occupies (1 or 2); 0 for the continuation of a wide character.
    public var width: UInt8

    public init(text: String, style: Style, width: UInt8) {
        self.text = text; self.style = style; self.width = width
    }

    public static let blank = Cell(text: " ", style: .plain, width: 1)
    public var isContinuation: Bool { width == 0 }
}

/// A grid of styled cells that views draw into and backends copy to the screen.
///
/// Everything drawn goes through `TerminalText.sanitize` first, so no control character can
/// reach a backend, and through display-width layout, so two-column characters take two
/// cells and combining marks ride on the cell before them. A wide character that would
/// straddle the clip edge is replaced by a space: borders never move.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        // Overwriting half of a wide character blanks its other half.
        let old = cells[i]
        if old.isContinuation, x > 0, cells[i - 1].width == 2 {
            cells[i - 1] = Cell(text: " ", style: cells[i - 1].style, width: 1)
        }
        if old.width == 2, x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(text: " ", style: old.style, width: 1)
        }
        cells[i] = cell
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { set(x, y, Cell(text: " ", style: style, width: 1)) }
        }
    }

    /// Draws `text` on one line starting at (x, y), never past `x + maxWidth` or the canvas
    /// edge. Returns the number of columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        let safe = TerminalText.sanitize(text)
        for scalar in safe.unicodeScalars {
            let w = DisplayWidth.of(scalar)
            if w == 0 {
                // Combining mark: attach to the previous cell, if it is ours.
                if col > x, col - 1 < width, col - 1 >= 0 {
                    var prev = col - 1
                    if self[prev, y].isContinuation, prev > 0 { prev -= 1 }
                    var cell = self[prev, y]
                    if cell.text != " " {
                        cell.text.unicodeScalars.append(scalar)
                        cells[y * width + prev] = cell
                    }
                }
                continue
            }
            if col + w > limit {
                // A wide character that does not fit leaves a space, not half a glyph.
                if w == 2, col < limit, col >= 0 { set(col, y, Cell(text: " ", style: style, width: 1)); col += 1 }
                break
            }
            if col >= 0 {
                set(col, y, Cell(text: String(scalar), style: style, width: UInt8(w)))
                if w == 2 { set(col + 1, y, Cell(text: "", style: style, width: 0)) }
            }
            col += w
        }
        return col - x
    }

    /// Draws `text` fitted to exactly `width` columns (truncated with `…`, padded with spaces).
    public mutating func putFitted(_ text: String, x: Int, y: Int, width: Int, style: Style, alignRight: Bool = false) {
        guard width > 0 else { return }
        put(TerminalText.fit(TerminalText.sanitize(text), width: width, alignRight: alignRight), x: x, y: y, style: style, maxWidth: width)
    }

    /// Restyles the cells of a rectangle, keeping their text.
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX {
                cells[y * width + x].style = transform(cells[y * width + x].style)
            }
        }
    }

    /// Draws a box around `rect` with a title on its top edge.
    public mutating func box(_ rect: Rect, title: String = "", border: BorderSet, borderStyle: Style, titleStyle: Style) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let top = rect.y, bottom = rect.maxY - 1, left = rect.x, right = rect.maxX - 1
        for x in (left + 1)..<right {
            put(border.horizontal, x: x, y: top, style: borderStyle)
            put(border.horizontal, x: x, y: bottom, style: borderStyle)
        }
        for y in (top + 1)..<bottom {
            put(border.vertical, x: left, y: y, style: borderStyle)
            put(border.vertical, x: right, y: y, style: borderStyle)
        }
        put(border.topLeft, x: left, y: top, style: borderStyle)
        put(border.topRight, x: right, y: top, style: borderStyle)
        put(border.bottomLeft, x: left, y: bottom, style: borderStyle)
        put(border.bottomRight, x: right, y: bottom, style: borderStyle)
        if !title.isEmpty && rect.width > 4 {
            put(title, x: left + 1, y: top, style: titleStyle, maxWidth: rect.width - 3)
        }
    }

    public func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The screen as plain text, one line per row, trailing spaces kept: what `tmux
    /// capture-pane` would show. View tests compare against this.
    public func render() -> String {
        lines().joined(separator: "\n")
    }

    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let c = self[x, y]
                if !c.isContinuation { line += c.text }
            }
            return line
        }
    }

    /// Plain text with trailing spaces trimmed on every line.
    public func renderTrimmed() -> String {
        lines().map { line in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}

/// Characters for box borders.
public struct BorderSet: Hashable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String

    public static let light = BorderSet(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// The focused pane: heavy lines, so focus shows even without colour.
    public static let heavy = BorderSet(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    public static let ascii = BorderSet(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
    public static let asciiHeavy = BorderSet(horizontal: "=", vertical: "#", topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#")
}
