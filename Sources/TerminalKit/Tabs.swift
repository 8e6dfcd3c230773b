/// A row of numbered tabs with the active one highlighted:
///
///      1 场景 (108)  2 模型 (32)  3 算力
public struct Tabs: Widget, Sendable {
    public struct Item: Sendable, Equatable {
        public var title: String
        /// Shown after the title in parentheses, such as the number of entries.
        public var count: Int?

        public init(_ title: String, count: Int? = nil) {
            self.title = title
            self.count = count
        }
    }

    public var items: [Item]
    /// Index of the active tab.
    public var active: Int
    /// Whether each tab starts with its 1-based number (the key that selects it).
    public var numbered: Bool
    public var style: Style
    public var activeStyle: Style
    public var numberStyle: Style

    public init(items: [Item], active: Int = 0, numbered: Bool = true, style: Style = .plain,
                activeStyle: Style = Style(bold: true, reverse: true),
                numberStyle: Style = Style(foreground: .cyan)) {
        self.items = items
        self.active = active
        self.numbered = numbered
        self.style = style
        self.activeStyle = activeStyle
        self.numberStyle = numberStyle
    }

    /// The text of tab `index` between its padding spaces, e.g. `1 场景 (108)`.
    public func label(_ index: Int) -> String {
        let item = items[index]
        var text = numbered ? "\(index + 1) " + item.title : item.title
        if let count = item.count { text += " (\(count))" }
        return text
    }

    /// The columns each tab occupies when drawn from `x`, for mouse hit-testing.
    public func tabRanges(from x: Int = 0) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var column = x
        for index in items.indices {
            let width = label(index).displayWidth + 2
            ranges.append(column..<(column + width))
            column += width + 1
        }
        return ranges
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: style)
        var column = row.x
        for index in items.indices {
            let room = row.maxX - column
            guard room > 0 else { break }
            let tabStyle = index == active ? style.patched(with: activeStyle) : style
            let text = " " + label(index) + " "
            let start = column
            column += buffer.put(text.truncated(toWidth: room), x: column, y: row.y, style: tabStyle, maxWidth: room)
            // The number after the leading space is coloured on inactive tabs (the key to press).
            let numberWidth = "\(index + 1)".displayWidth
            if numbered, index != active, column - start > numberWidth + 1 {
                buffer.patchStyle(numberStyle, in: Rect(x: start + 1, y: row.y, width: numberWidth, height: 1))
            }
            column += 1
        }
    }
}
