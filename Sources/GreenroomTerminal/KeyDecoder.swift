import CNcursesw
import GreenroomTUI

/// Turns `wget_wch` results into keys.
enum KeyDecoder {
    /// One thing `wget_wch` returned.
    enum Input: Equatable {
        case character(UInt32)
        case key(Key)
        case mouse(MouseEvent)
    }

    static let pasteStart: [UInt32] = Array("\u{1b}[200~".unicodeScalars.map(\.value))
    static let pasteEnd: [UInt32] = Array("\u{1b}[201~".unicodeScalars.map(\.value))

    static func characters(_ inputs: ArraySlice<Input>) -> [UInt32] {
        inputs.map { if case .character(let c) = $0 { return c } else { return 0 } }
    }

    /// Whether a bracketed paste has started in `inputs` without its end marker yet.
    static func hasUnterminatedPaste(_ inputs: [Input]) -> Bool {
        let chars = characters(inputs[...])
        guard let start = find(pasteStart, in: chars, from: 0) else { return false }
        return find(pasteEnd, in: chars, from: start + pasteStart.count) == nil
    }

    static func find(_ needle: [UInt32], in haystack: [UInt32], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        for i in from...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// Decodes a batch: ESC followed by a character is Alt+character, ESC alone is Escape,
    /// and text between the bracketed-paste markers is one paste (with newlines kept).
    static func events(from inputs: [Input]) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        let chars = characters(inputs[...])
        var i = 0
        while i < inputs.count {
            if chars[i] == 27, i + pasteStart.count <= chars.count, Array(chars[i..<(i + pasteStart.count)]) == pasteStart {
                let bodyStart = i + pasteStart.count
                let end = find(pasteEnd, in: chars, from: bodyStart) ?? chars.count
                let scalars = chars[bodyStart..<end].compactMap { Unicode.Scalar($0) }
                events.append(.paste(String(String.UnicodeScalarView(scalars))))
                i = min(chars.count, end + pasteEnd.count)
                continue
            }
            switch inputs[i] {
            case .mouse(let m):
                events.append(.mouse(m))
            case .key(let k):
                events.append(.key(k))
            case .character(let c):
                guard let key = decode(character: c) else { break }
                if key == .esc, i + 1 < inputs.count, case .character(let next) = inputs[i + 1], next != 27,
                   case .char(let ch)? = decode(character: next) {
                    events.append(.key(.alt(ch)))
                    i += 2
                    continue
                }
                events.append(.key(key))
            }
            i += 1
        }
        return events
    }

    /// A character read as text (`OK`).
    static func decode(character wch: UInt32) -> Key? {
        switch wch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .esc
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(wch + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(wch) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// A function key read as a key code (`KEY_CODE_YES`).
    static func decode(keyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            for n in 1...24 where code == gr_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    /// A mouse report: button 1 press or click, and the wheel (buttons 4 and 5).
    static func decode(mouse event: MEVENT) -> MouseEvent? {
        let state = event.bstate
        let x = Int(event.x), y = Int(event.y)
        if state & gr_button4_pressed() != 0 { return MouseEvent(.wheelUp, x: x, y: y) }
        if state & gr_button5_pressed() != 0 { return MouseEvent(.wheelDown, x: x, y: y) }
        if state & (gr_button1_pressed() | gr_button1_clicked()) != 0 { return MouseEvent(.click, x: x, y: y) }
        return nil
    }
}
