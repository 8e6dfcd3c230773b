import CNCursesW
import TerminalKit

/// Maps `Style`s to curses attributes and colour pairs, defining pairs as styles first use them.
struct CursesPalette {
    /// How colour is shown.
    enum Mode {
        /// No colour (terminal without colour, or NO_COLOR): colours become attributes.
        case monochrome
        /// Colour with fixed white-on-black defaults.
        case fixedDefaults
        /// Colour with the terminal's own default foreground and background.
        case terminalDefaults
    }

    let mode: Mode
    private let maxPairs: Int32
    private var pairs: [Int: Int32] = [:]
    private var nextPair: Int32 = 1
    private let bold = term_a_bold(), dim = term_a_dim()
    private let reverse = term_a_reverse(), underline = term_a_underline()

    init(mode: Mode) {
        self.mode = mode
        self.maxPairs = mode == .monochrome ? 0 : term_color_pairs()
    }

    /// Curses attributes and pair number for a style.
    mutating func attributes(for style: Style) -> (attributes: UInt32, pair: Int32) {
        var attributes = term_a_normal()
        var style = style
        if mode == .monochrome {
            // Without colour, a coloured background reads as reverse video and a coloured
            // foreground as bold, so highlights and warnings stay visible.
            if style.background != .default { style.reverse = true }
            if style.foreground != .default { style.bold = true }
        }
        if style.bold { attributes |= bold }
        if style.dim { attributes |= dim }
        if style.reverse { attributes |= reverse }
        if style.underline { attributes |= underline }
        return (attributes, pair(foreground: style.foreground, background: style.background))
    }

    /// The pair for two colours, defined on first use; 0 (default colours) when colour is off
    /// or the terminal ran out of pairs.
    private mutating func pair(foreground: Color, background: Color) -> Int32 {
        guard mode != .monochrome, foreground != .default || background != .default else { return 0 }
        let key = Int(foreground.rawValue) << 8 | Int(background.rawValue)
        if let known = pairs[key] { return known }
        guard nextPair < maxPairs,
              term_init_pair(nextPair, number(foreground, isForeground: true),
                             number(background, isForeground: false)) == 1 else { return 0 }
        pairs[key] = nextPair
        nextPair += 1
        return pairs[key]!
    }

    /// The curses colour number: COLOR_BLACK … COLOR_WHITE, or -1 for the terminal default.
    private func number(_ color: Color, isForeground: Bool) -> Int32 {
        switch color {
        case .default:
            if mode == .terminalDefaults { return -1 }
            return isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK)
        case .black: return Int32(COLOR_BLACK)
        case .red: return Int32(COLOR_RED)
        case .green: return Int32(COLOR_GREEN)
        case .yellow: return Int32(COLOR_YELLOW)
        case .blue: return Int32(COLOR_BLUE)
        case .magenta: return Int32(COLOR_MAGENTA)
        case .cyan: return Int32(COLOR_CYAN)
        case .white: return Int32(COLOR_WHITE)
        }
    }
}
