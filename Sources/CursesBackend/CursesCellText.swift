import CNCursesW
import TerminalKit

/// The exact text to hand curses for a cell, so that curses' own column count (glibc
/// `wcwidth` per scalar) equals the cell's width and nothing after it shifts.
enum CursesCellText {
    static func text(for cell: Cell) -> String {
        let scalars = cell.symbol.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.value >= 0x20, only.value < 0x7F {
            return String(only)
        }
        var text = String.UnicodeScalarView()
        var used = 0
        for scalar in scalars {
            // Joiners and the emoji variation selector make terminals draw sequences wider
            // than curses counts them: leave them out.
            if scalar.value == 0x200D || scalar.value == 0xFE0F { continue }
            let columns = Int(term_wcwidth(scalar.value))
            if columns < 0 {
                if used == 0 { text.append("?"); used = 1 }
                continue
            }
            if columns == 0 {
                if used > 0 { text.append(scalar) }  // combining mark on the base character
                continue
            }
            if used + columns > cell.width { break }
            text.append(scalar)
            used += columns
        }
        while used < cell.width {
            text.append(" ")
            used += 1
        }
        return String(text)
    }
}
