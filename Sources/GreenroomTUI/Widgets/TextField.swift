/// A single-line text input with a cursor, as in a shell: arrows, Home/End, `Ctrl-a`/`Ctrl-e`,
/// `Ctrl-w` deletes a word, `Ctrl-u` the whole line, `Alt-b`/`Alt-f` jump words.
public struct TextField: Hashable, Sendable {
    public private(set) var text: String = ""
    /// Cursor position in characters.
    public private(set) var cursor: Int = 0

    public init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    /// Applies a key; returns false when the key is not an editing key.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        var chars = Array(text)
        switch key {
        case .char(let c):
            chars.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            chars.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return true }
            chars.remove(at: cursor)
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
        case .right, .ctrl("f"):
            cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = chars.count
        case .ctrl("u"):
            chars.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            chars.removeSubrange(cursor..<chars.count)
        case .ctrl("w"):
            let start = TextField.wordStart(chars, before: cursor)
            chars.removeSubrange(start..<cursor)
            cursor = start
        case .alt("b"):
            cursor = TextField.wordStart(chars, before: cursor)
        case .alt("f"):
            var i = cursor
            while i < chars.count && chars[i] == " " { i += 1 }
            while i < chars.count && chars[i] != " " { i += 1 }
            cursor = i
        default:
            return false
        }
        text = String(chars)
        return true
    }

    /// Inserts pasted text at the cursor (single line: newlines become spaces).
    public mutating func insert(_ pasted: String) {
        var chars = Array(text)
        let clean = pasted.map { $0.isNewline ? " " : $0 }
        chars.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
        text = String(chars)
    }

    static func wordStart(_ chars: [Character], before index: Int) -> Int {
        var i = index
        while i > 0 && chars[i - 1] == " " { i -= 1 }
        while i > 0 && chars[i - 1] != " " { i -= 1 }
        return i
    }
}
