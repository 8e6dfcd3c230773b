/// Key hints in k9s style, `<j> 下移  <enter> 打开  <?> 帮助`, keeping only the hints that
/// fit whole in the width.
public struct HintBar: Widget, Sendable {
    public struct Hint: Sendable, Equatable {
        /// The key as shown, e.g. `enter` or `ctrl-u` (see `Key.label`).
        public var key: String
        public var label: String

        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }

        /// A hint for a key, shown with `Key.label`.
        public init(_ key: Key, _ label: String) {
            self.init(key: key.label, label: label)
        }
    }

    public var hints: [Hint]
    public var style: Style
    public var keyStyle: Style
    /// Columns between two hints.
    public var spacing: Int

    public init(hints: [Hint], style: Style = .plain,
                keyStyle: Style = Style(foreground: .cyan, bold: true), spacing: Int = 2) {
        self.hints = hints
        self.style = style
        self.keyStyle = keyStyle
        self.spacing = spacing
    }

    /// The width of every hint in the full form, `<enter> open  <esc> close`.
    public var fullWidth: Int {
        hints.enumerated().reduce(0) { sum, h in
            sum + (h.offset == 0 ? 0 : spacing) + "<\(h.element.key)>".displayWidth + (h.element.label.isEmpty ? 0 : 1 + h.element.label.displayWidth)
        }
    }

    /// A key as the compact form shows it: `^S` for ctrl-s, `↵` for enter, `⇥` for tab.
    public static func compact(_ key: String) -> String {
        if key.hasPrefix("ctrl-") { return "^" + key.dropFirst(5).uppercased() }
        switch key {
        case "enter": return "↵"
        case "tab": return "⇥"
        case "shift-tab": return "⇤"
        case "backspace": return "⌫"
        case "space": return "␣"
        default: return key
        }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: style)
        var column = row.x
        // When the hints do not all fit, the compact form (`^S save ↵ choose`) keeps more of them.
        let compact = fullWidth > row.width
        for (index, hint) in hints.enumerated() {
            let keyText = compact ? Self.compact(hint.key) : "<\(hint.key)>"
            let labelText = hint.label.isEmpty ? "" : " " + hint.label
            let gap = index == 0 ? 0 : (compact ? 1 : spacing)
            let width = keyText.displayWidth + labelText.displayWidth
            guard column + gap + width <= row.maxX else { break }
            column += gap
            column += buffer.put(keyText, x: column, y: row.y, style: style.patched(with: keyStyle))
            column += buffer.put(labelText, x: column, y: row.y, style: style)
        }
    }
}
