import CNCursesW
import TerminalKit

/// Turns what `get_wch` returns into `Key`s.
enum CursesKeys {
    /// A character code (get_wch returned OK). Control codes become their named keys or
    /// `.ctrl`; C1 controls and invalid code points give nil.
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 13, 10: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .ctrl("@")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// A KEY_* code (get_wch returned KEY_CODE_YES), except KEY_MOUSE and KEY_RESIZE, which
    /// need the terminal and are handled by the backend. Unused keys give nil.
    static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_FIND: return .home
        case KEY_END, KEY_SELECT: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        default:
            let f0 = term_key_f0()
            if code > f0, code <= f0 + 63 { return .function(Int(code - f0)) }
            return nil
        }
    }
}
