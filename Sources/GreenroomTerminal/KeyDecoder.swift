import CNcursesw
import GreenroomTUI

/// Turns `wget_wch` results into keys.
enum KeyDecoder {
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
