/// A vertical list of items with an optional right-aligned detail (such as a count) and a
/// highlighted selection; scrolls so the selection stays visible.
///
///     制造        42
///     医疗        17
public struct ListView: Widget, Sendable {
    public struct Item: Sendable, Equatable {
        public var title: String
        /// Right-aligned text after the title, such as a count.
        public var detail: String?
        /// Overrides the list's style for this item.
        public var style: Style?

        public init(_ title: String, detail: String? = nil, style: Style? = nil) {
            self.title = title
            self.detail = detail
            self.style = style
        }

        /// An item showing `count` on the right.
        public init(_ title: String, count: Int?, style: Style? = nil) {
            self.init(title, detail: count.map { String($0) }, style: style)
        }
    }

    public var items: [Item]
    /// Index of the highlighted item, or nil.
    public var selected: Int?
    /// First item shown (adjusted when drawing so the selection is visible).
    public var offset: Int
    public var style: Style
    public var detailStyle: Style
    public var selectedStyle: Style

    public init(items: [Item], selected: Int? = nil, offset: Int = 0, style: Style = .plain,
                detailStyle: Style = Style(dim: true), selectedStyle: Style = Style(reverse: true)) {
        self.items = items
        self.selected = selected
        self.offset = offset
        self.style = style
        self.detailStyle = detailStyle
        self.selectedStyle = selectedStyle
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let first = ListState.offset(keeping: selected ?? offset, visible: area.height,
                                     current: offset, count: items.count)
        for line in 0..<area.height {
            let index = first + line
            guard index < items.count else { break }
            let item = items[index]
            var itemStyle = item.style ?? style
            var itemDetailStyle = itemStyle.patched(with: detailStyle)
            if index == selected {
                itemStyle = itemStyle.patched(with: selectedStyle)
                itemDetailStyle = itemDetailStyle.patched(with: selectedStyle)
            }
            let row = area.row(line)
            buffer.fill(row, style: itemStyle)
            var titleWidth = row.width
            if let detail = item.detail, !detail.isEmpty {
                let detailWidth = Swift.min(detail.displayWidth, row.width)
                buffer.put(detail.truncated(toWidth: detailWidth), x: row.maxX - detailWidth, y: row.y,
                           style: itemDetailStyle, maxWidth: detailWidth)
                titleWidth = Swift.max(0, row.width - detailWidth - 1)
            }
            buffer.put(item.title.truncated(toWidth: titleWidth), x: row.x, y: row.y,
                       style: itemStyle, maxWidth: titleWidth)
        }
    }
}
