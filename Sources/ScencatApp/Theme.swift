import TerminalKit

/// The few styles the screens use, so colour choices live in one place. Without colour
/// (NO_COLOR, monochrome terminals) the backend maps them to bold and reverse.
enum Theme {
    static let header = Style(foreground: .white, background: .blue, bold: true)
    static let headerWarn = Style(foreground: .black, background: .yellow, bold: true)
    static let title = Style(bold: true)
    static let dim = Style(dim: true)
    static let chip = Style(foreground: .black, background: .cyan)
    static let focus = Style(reverse: true)
    static let unfocusedSelection = Style(bold: true, underline: true)
    static let key = Style(foreground: .cyan, bold: true)
    static let error = Style(foreground: .red, bold: true)
    static let warning = Style(foreground: .yellow, bold: true)
    static let link = Style(foreground: .cyan)
    static let withdrawn = Style(dim: true)
    static let status = Style(reverse: true)
    /// Characters of a conflicted value that differ from base.
    static let changed = Style(foreground: .magenta, bold: true, underline: true)
}
