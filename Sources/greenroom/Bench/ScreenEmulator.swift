import Foundation

/// A small VT100/xterm screen: enough of the control sequences ncurses sends for
/// `xterm-256color` (cursor addressing and motion, erasing, insert/delete of characters and
/// lines, repeat, scroll regions, index) to know which text is on which cell. Colours and
/// modes are read and ignored. The terminal bench uses it to tell when a screen is complete
/// (its markers are on it and "Loading…" is not), instead of guessing from the bytes.
///
/// Chosen over polling `tmux capture-pane` (a process per poll, ~3 ms each, on the same
/// cores as the program measured) so the bench can time to the byte.
struct ScreenEmulator {
    let width: Int
    let height: Int
    private(set) var cells: [[Character]]
    private var row = 0, col = 0
    private var top = 0, bottom: Int
    private var lastPrinted: Character = " "
    /// Bytes of an unfinished escape sequence or UTF-8 character, kept for the next chunk.
    private var pending: [UInt8] = []
    /// DEC special graphics selected into G0 (`ESC ( 0`): line drawing letters.
    private var lineDrawing = false

    init(width: Int, height: Int) {
        self.width = width; self.height = height
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
        bottom = height - 1
    }

    /// The second cell of a wide character: not part of the row's text.
    private static let continuation: Character = "\u{0}"

    /// The screen's rows as text (trailing blanks kept), as a terminal shows them.
    var lines: [String] { cells.map { String($0.filter { $0 != ScreenEmulator.continuation }) } }

    /// Whether `text` appears on one row.
    func shows(_ text: String) -> Bool { lines.contains { $0.contains(text) } }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        var i = 0
        let b = pending
        while i < b.count {
            let c = b[i]
            if c == 0x1B {
                guard let used = escape(b, at: i) else { break }   // incomplete: wait for more
                i += used
                continue
            }
            if c < 0x20 || c == 0x7F {
                control(c)
                i += 1
                continue
            }
            // UTF-8: the sequence's length from its first byte.
            let length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
            guard i + length <= b.count else { break }
            let scalar = String(decoding: b[i..<(i + length)], as: UTF8.self)
            put(lineDrawing && length == 1 ? ScreenEmulator.graphics[Character(scalar)] ?? Character(scalar) : Character(scalar))
            i += length
        }
        pending = Array(b[i...])
    }

    private static let graphics: [Character: Character] = [
        "q": "─", "x": "│", "l": "┌", "k": "┐", "m": "└", "j": "┘", "t": "├", "u": "┤", "w": "┬", "v": "┴", "n": "┼", "a": "▒", "~": "·",
    ]

    private mutating func put(_ ch: Character) {
        if col >= width { col = 0; lineFeed() }
        cells[row][col] = ch
        lastPrinted = ch
        // A wide character takes two cells (CJK, most emoji).
        if let v = ch.unicodeScalars.first?.value, ScreenEmulator.isWide(v) {
            if col + 1 < width { cells[row][col + 1] = ScreenEmulator.continuation }
            col += 2
        } else {
            col += 1
        }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    private mutating func control(_ c: UInt8) {
        switch c {
        case 0x0D: col = 0
        case 0x0A, 0x0B, 0x0C: lineFeed()
        case 0x08: col = max(0, min(col, width - 1) - 1)
        case 0x09: col = min(width - 1, (col / 8 + 1) * 8)
        case 0x0E: lineDrawing = true    // SO: G1, which ncurses sets to line drawing
        case 0x0F: lineDrawing = false   // SI
        default: break
        }
    }

    private mutating func lineFeed() {
        if row == bottom { scrollUp(1) } else { row = min(height - 1, row + 1) }
    }

    private mutating func scrollUp(_ n: Int) {
        for _ in 0..<n {
            cells.remove(at: top)
            cells.insert(Array(repeating: " ", count: width), at: bottom)
        }
    }

    private mutating func scrollDown(_ n: Int) {
        for _ in 0..<n {
            cells.remove(at: bottom)
            cells.insert(Array(repeating: " ", count: width), at: top)
        }
    }

    /// Handles the escape sequence at `i`; the bytes it used, or nil when it is not complete.
    private mutating func escape(_ b: [UInt8], at i: Int) -> Int? {
        guard i + 1 < b.count else { return nil }
        let kind = b[i + 1]
        switch kind {
        case UInt8(ascii: "["):
            var j = i + 2
            var params: [Int] = []
            var current: Int?
            var privateMarker = false
            while j < b.count {
                let c = b[j]
                if c >= 0x30 && c <= 0x39 { current = (current ?? 0) * 10 + Int(c - 0x30) }
                else if c == UInt8(ascii: ";") || c == UInt8(ascii: ":") { params.append(current ?? 0); current = nil }
                else if c == UInt8(ascii: "?") || c == UInt8(ascii: ">") || c == UInt8(ascii: "=") || c == UInt8(ascii: "!") { privateMarker = true }
                else if c >= 0x40 && c <= 0x7E {
                    if let current { params.append(current) }
                    if !privateMarker { csi(c, params) }
                    return j - i + 1
                }
                j += 1
            }
            return nil
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"):
            // OSC/DCS/APC/PM: up to BEL or ST.
            var j = i + 2
            while j < b.count {
                if b[j] == 0x07 { return j - i + 1 }
                if b[j] == 0x1B, j + 1 < b.count, b[j + 1] == UInt8(ascii: "\\") { return j - i + 2 }
                j += 1
            }
            return nil
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"):
            guard i + 2 < b.count else { return nil }
            if kind == UInt8(ascii: "(") { lineDrawing = b[i + 2] == UInt8(ascii: "0") }
            return 3
        case UInt8(ascii: "D"): lineFeed(); return 2
        case UInt8(ascii: "E"): col = 0; lineFeed(); return 2
        case UInt8(ascii: "M"):
            if row == top { scrollDown(1) } else { row = max(0, row - 1) }
            return 2
        case UInt8(ascii: "7"), UInt8(ascii: "8"), UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "c"): return 2
        default: return 2
        }
    }

    private mutating func csi(_ final: UInt8, _ p: [Int]) {
        func arg(_ k: Int, _ fallback: Int) -> Int { k < p.count && p[k] != 0 ? p[k] : fallback }
        let blankRow = Array(repeating: Character(" "), count: width)
        switch final {
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            row = min(height - 1, arg(0, 1) - 1); col = min(width - 1, arg(1, 1) - 1)
        case UInt8(ascii: "A"): row = max(0, row - arg(0, 1))
        case UInt8(ascii: "B"), UInt8(ascii: "e"): row = min(height - 1, row + arg(0, 1))
        case UInt8(ascii: "C"), UInt8(ascii: "a"): col = min(width - 1, col + arg(0, 1))
        case UInt8(ascii: "D"): col = max(0, min(col, width - 1) - arg(0, 1))
        case UInt8(ascii: "G"), UInt8(ascii: "`"): col = min(width - 1, arg(0, 1) - 1)
        case UInt8(ascii: "d"): row = min(height - 1, arg(0, 1) - 1)
        case UInt8(ascii: "K"):
            let c = min(col, width)
            switch p.first ?? 0 {
            case 1: for x in 0..<min(c + 1, width) { cells[row][x] = " " }
            case 2: cells[row] = blankRow
            default: for x in c..<width { cells[row][x] = " " }
            }
        case UInt8(ascii: "J"):
            switch p.first ?? 0 {
            case 1:
                for y in 0..<row { cells[y] = blankRow }
                for x in 0..<min(col + 1, width) { cells[row][x] = " " }
            case 2, 3: cells = Array(repeating: blankRow, count: height)
            default:
                for x in min(col, width)..<width { cells[row][x] = " " }
                for y in (row + 1)..<height { cells[y] = blankRow }
            }
        case UInt8(ascii: "X"):
            for x in min(col, width)..<min(width, col + arg(0, 1)) { cells[row][x] = " " }
        case UInt8(ascii: "b"):
            for _ in 0..<arg(0, 1) { put(lastPrinted) }
        case UInt8(ascii: "@"):
            let n = min(arg(0, 1), width - col)
            guard n > 0 else { break }
            cells[row].insert(contentsOf: Array(repeating: " ", count: n), at: col)
            cells[row].removeLast(n)
        case UInt8(ascii: "P"):
            let n = min(arg(0, 1), width - col)
            guard n > 0 else { break }
            cells[row].removeSubrange(col..<(col + n))
            cells[row].append(contentsOf: Array(repeating: " ", count: n))
        case UInt8(ascii: "L"):
            guard row >= top && row <= bottom else { break }
            for _ in 0..<min(arg(0, 1), bottom - row + 1) { cells.remove(at: bottom); cells.insert(blankRow, at: row) }
        case UInt8(ascii: "M"):
            guard row >= top && row <= bottom else { break }
            for _ in 0..<min(arg(0, 1), bottom - row + 1) { cells.remove(at: row); cells.insert(blankRow, at: bottom) }
        case UInt8(ascii: "S"): scrollUp(arg(0, 1))
        case UInt8(ascii: "T"): scrollDown(arg(0, 1))
        case UInt8(ascii: "r"):
            top = max(0, arg(0, 1) - 1); bottom = min(height - 1, arg(1, height) - 1)
            if top >= bottom { top = 0; bottom = height - 1 }
            row = 0; col = 0
        default: break   // SGR (m), modes (h/l), reports: nothing on the screen changes
        }
    }
}
