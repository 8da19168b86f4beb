import GreenroomCore

/// A multi-line text editor: notes, replies, summaries.
///
/// Arrows move (↑/↓ keep the column), Home/End and `Ctrl-a` go to the line's ends,
/// `Alt-b`/`Alt-f` jump words, `Ctrl-w` deletes the word before the cursor, `Ctrl-u` and
/// `Ctrl-k` delete to the line's start or end, Enter breaks the line, and pasted text keeps
/// its line breaks. (`Ctrl-e` is left to the caller: it opens `$EDITOR`.)
public struct TextArea: Hashable, Sendable {
    public private(set) var lines: [[Character]]
    public private(set) var row = 0
    public private(set) var column = 0
    /// The first screen row shown when soft-wrapped (`follow` keeps the cursor in view).
    public private(set) var top = 0

    public init(_ text: String = "") {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        row = lines.count - 1
        column = lines[row].count
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            lines[row].insert(c, at: column)
            column += 1
        case .enter:
            let rest = Array(lines[row][column...])
            lines[row].removeSubrange(column...)
            lines.insert(rest, at: row + 1)
            row += 1
            column = 0
        case .backspace, .ctrl("h"):
            if column > 0 {
                lines[row].remove(at: column - 1)
                column -= 1
            } else if row > 0 {
                column = lines[row - 1].count
                lines[row - 1].append(contentsOf: lines[row])
                lines.remove(at: row)
                row -= 1
            }
        case .delete, .ctrl("d"):
            if column < lines[row].count {
                lines[row].remove(at: column)
            } else if row + 1 < lines.count {
                lines[row].append(contentsOf: lines[row + 1])
                lines.remove(at: row + 1)
            }
        case .left, .ctrl("b"):
            if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
        case .right, .ctrl("f"):
            if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
        case .up, .ctrl("p"):
            guard row > 0 else { column = 0; return true }
            row -= 1
            column = min(column, lines[row].count)
        case .down, .ctrl("n"):
            guard row + 1 < lines.count else { column = lines[row].count; return true }
            row += 1
            column = min(column, lines[row].count)
        case .home, .ctrl("a"):
            column = 0
        case .end:
            column = lines[row].count
        case .ctrl("u"):
            lines[row].removeSubrange(0..<column)
            column = 0
        case .ctrl("k"):
            lines[row].removeSubrange(column...)
        case .ctrl("w"):
            let start = TextField.wordStart(lines[row], before: column)
            lines[row].removeSubrange(start..<column)
            column = start
        case .alt("b"):
            if column == 0 && row > 0 { row -= 1; column = lines[row].count }
            column = TextField.wordStart(lines[row], before: column)
        case .alt("f"):
            if column == lines[row].count && row + 1 < lines.count { row += 1; column = 0 }
            var i = column
            let line = lines[row]
            while i < line.count && line[i] == " " { i += 1 }
            while i < line.count && line[i] != " " { i += 1 }
            column = i
        default:
            return false
        }
        return true
    }

    /// Inserts pasted text at the cursor, keeping its line breaks (CR LF and CR become LF).
    public mutating func insert(_ pasted: String) {
        // "\r\n" is one Character in Swift, so each kind of line break is one step here.
        for ch in pasted {
            if ch == "\n" || ch == "\r" || ch == "\r\n" { handle(.enter) } else if ch == "\t" { handle(.char(" ")) } else { handle(.char(ch)) }
        }
    }

    /// Replaces the whole text (after `$EDITOR`), cursor at the end.
    public mutating func replace(with text: String) {
        self = TextArea(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    /// Puts the cursor at the very end (a restored draft continues where it stopped).
    public mutating func moveToEnd() {
        row = lines.count - 1
        column = lines[row].count
    }

    /// One screen row of soft-wrapped text: the line it belongs to, and where in it it starts.
    public struct WrappedRow: Hashable, Sendable {
        public var line: Int
        public var start: Int
        public var chars: ArraySlice<Character>
    }

    /// The text soft-wrapped to `width` columns: lines break after a space where they can,
    /// else mid-word; a row holds at most `width` columns, plus the one space it breaks at.
    public func wrapped(width: Int) -> [WrappedRow] {
        let w = max(2, width)
        var rows: [WrappedRow] = []
        for (index, line) in lines.enumerated() {
            var start = 0
            repeat {
                var used = 0
                var end = start
                var lastBreak: Int?
                while end < line.count {
                    let cw = DisplayWidth.of(String(line[end]))
                    if used + cw > w { break }
                    used += cw
                    end += 1
                    if line[end - 1] == " " { lastBreak = end }
                }
                if end < line.count && line[end] == " " {
                    end += 1  // the space at the break hangs in the column kept for the cursor
                } else if end < line.count, let lastBreak, lastBreak > start {
                    end = lastBreak
                }
                if end == start && start < line.count { end = start + 1 }  // a character wider than the box
                rows.append(WrappedRow(line: index, start: start, chars: line[start..<end]))
                start = end
            } while start < line.count
        }
        return rows
    }

    /// The cursor's screen row in `rows` (from `wrapped`) and its column in that row.
    public func cursorPlace(in rows: [WrappedRow]) -> (row: Int, x: Int) {
        var found = 0
        for (i, r) in rows.enumerated() where r.line == row && r.start <= column {
            found = i
        }
        let r = rows.isEmpty ? WrappedRow(line: 0, start: 0, chars: []) : rows[found]
        let before = String(lines[row][r.start..<max(r.start, min(column, lines[row].count))])
        return (found, DisplayWidth.of(before))
    }

    /// ↑/↓ over screen rows of the wrapped text, keeping the column where it can.
    public mutating func moveVisually(by delta: Int, width: Int) {
        let rows = wrapped(width: width)
        let place = cursorPlace(in: rows)
        let target = place.row + delta
        guard target >= 0 else { column = 0; row = 0; return }
        guard target < rows.count else { row = lines.count - 1; column = lines[row].count; return }
        let r = rows[target]
        var x = 0
        var c = r.start
        let last = target + 1 < rows.count && rows[target + 1].line == r.line ? r.start + r.chars.count - 1 : r.start + r.chars.count
        while c < last {
            let cw = DisplayWidth.of(String(lines[r.line][c]))
            if x + cw > place.x { break }
            x += cw
            c += 1
        }
        row = r.line
        column = max(r.start, c)
    }

    /// Scrolls the wrapped text so the cursor's row is within `height` rows from `top`.
    public mutating func follow(width: Int, height: Int) {
        let rows = wrapped(width: width)
        let place = cursorPlace(in: rows)
        let h = max(1, height)
        if place.row < top { top = place.row }
        if place.row >= top + h { top = place.row - h + 1 }
        top = max(0, min(top, max(0, rows.count - h)))
    }

    /// The visible lines for a box `height` rows tall, scrolled so the cursor shows.
    public func window(height: Int) -> (first: Int, lines: ArraySlice<[Character]>) {
        let h = max(1, height)
        let first = max(0, min(row - h + 1, lines.count - h))
        let start = max(0, min(first, row))
        return (start, lines[start..<min(lines.count, start + h)])
    }
}

