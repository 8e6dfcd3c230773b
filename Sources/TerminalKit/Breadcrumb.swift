/// Where the user is, as a path: `场景 › 医疗 › 智能导诊`. When too long, the first parts are
/// dropped and replaced by `…`; the last part is never dropped (only truncated).
public struct Breadcrumb: Widget, Sendable {
    public var items: [String]
    public var separator: String
    public var style: Style
    public var currentStyle: Style

    public init(items: [String], separator: String = " › ", style: Style = Style(dim: true),
                currentStyle: Style = Style(bold: true)) {
        self.items = items
        self.separator = separator
        self.style = style
        self.currentStyle = currentStyle
    }

    /// The parts shown in `width` columns; a leading "…" stands for dropped parts.
    public func visibleItems(width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let gap = separator.displayWidth
        var shown = items
        var dropped = false
        func total(_ parts: [String]) -> Int {
            parts.reduce(0) { $0 + $1.displayWidth } + gap * Swift.max(0, parts.count - 1)
        }
        while shown.count > 1, total(dropped ? ["…"] + shown : shown) > width {
            shown.removeFirst()
            dropped = true
        }
        return dropped ? ["…"] + shown : shown
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        let parts = visibleItems(width: row.width)
        var column = row.x
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            let room = row.maxX - column
            guard room > 0 else { break }
            column += buffer.put(part.truncated(toWidth: room), x: column, y: row.y,
                                 style: isLast ? currentStyle : style, maxWidth: room)
            if !isLast {
                column += buffer.put(separator, x: column, y: row.y, style: style, maxWidth: row.maxX - column)
            }
        }
    }
}
