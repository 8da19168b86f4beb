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

    /// The visible lines for a box `height` rows tall, scrolled so the cursor shows.
    public func window(height: Int) -> (first: Int, lines: ArraySlice<[Character]>) {
        let h = max(1, height)
        let first = max(0, min(row - h + 1, lines.count - h))
        let start = max(0, min(first, row))
        return (start, lines[start..<min(lines.count, start + h)])
    }
}

