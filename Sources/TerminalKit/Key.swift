/// A mouse event, in screen cells (zero-based).
public struct MouseEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case wheelUp
        case wheelDown
        case click
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int = 0, y: Int = 0) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// One input event from the terminal.
///
/// Control characters arrive as their own cases: Enter (^M, ^J), Tab (^I) and Backspace
/// (^H, DEL) are never `ctrl`. `ctrl` holds a lowercase letter (or one of `@ [ \ ] ^ _`).
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown
    case home, end
    case enter, escape, tab, backTab
    case backspace, delete
    case function(Int)
    case ctrl(Character)
    case mouse(MouseEvent)
    /// The terminal now has this many columns and rows.
    case resize(Int, Int)
}

extension Key: CustomStringConvertible {
    /// The key in `Key.script` notation: `j`, `<Enter>`, `<C-u>`, `<F5>`, `<lt>` for `<`.
    public var description: String {
        switch self {
        case .char("<"): return "<lt>"
        case .char(" "): return "<Space>"
        case .char(let c): return String(c)
        case .up: return "<Up>"
        case .down: return "<Down>"
        case .left: return "<Left>"
        case .right: return "<Right>"
        case .pageUp: return "<PgUp>"
        case .pageDown: return "<PgDn>"
        case .home: return "<Home>"
        case .end: return "<End>"
        case .enter: return "<Enter>"
        case .escape: return "<Esc>"
        case .tab: return "<Tab>"
        case .backTab: return "<BackTab>"
        case .backspace: return "<BS>"
        case .delete: return "<Del>"
        case .function(let n): return "<F\(n)>"
        case .ctrl(let c): return "<C-\(c)>"
        case .mouse(let event):
            switch event.kind {
            case .wheelUp: return "<WheelUp>"
            case .wheelDown: return "<WheelDown>"
            case .click: return "<Click:\(event.x),\(event.y)>"
            }
        case .resize(let w, let h): return "<Resize:\(w)x\(h)>"
        }
    }

    /// A short human label for hint bars and help screens, k9s style:
    /// `j`, `enter`, `esc`, `ctrl-u`, `↑`, `pgdn`, `f5`, `space`.
    public var label: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "del"
        case .function(let n): return "f\(n)"
        case .ctrl(let c): return "ctrl-\(c)"
        case .mouse: return "mouse"
        case .resize: return "resize"
        }
    }
}
