/// A pane of wrapped, styled text scrolled by whole lines, with a scrollbar in the last
/// column when the text is taller than the pane. Used for detail views and help.
public struct ScrollView: Widget, Sendable {
    /// Paragraphs of styled text (each wrapped to the pane's width).
    public var paragraphs: [[Span]]
    /// First wrapped line shown (clamped when drawing).
    public var offset: Int
    public var showsScrollbar: Bool
    public var style: Style
    public var scrollbarStyle: Style

    public init(paragraphs: [[Span]], offset: Int = 0, showsScrollbar: Bool = true,
                style: Style = .plain, scrollbarStyle: Style = Style(dim: true)) {
        self.paragraphs = paragraphs
        self.offset = offset
        self.showsScrollbar = showsScrollbar
        self.style = style
        self.scrollbarStyle = scrollbarStyle
    }

    /// A pane of plain text; each line of `text` is a paragraph.
    public init(text: String, offset: Int = 0, showsScrollbar: Bool = true, style: Style = .plain) {
        self.init(paragraphs: [[Span(text)]], offset: offset, showsScrollbar: showsScrollbar, style: style)
    }

    /// The wrapped lines for `area` and the width they were wrapped to (one column less
    /// when a scrollbar is needed).
    public func layout(for area: Rect) -> (lines: [[Span]], width: Int) {
        let full = wrap(width: area.width)
        guard showsScrollbar, full.count > area.height, area.width > 1 else { return (full, area.width) }
        return (wrap(width: area.width - 1), area.width - 1)
    }

    /// The largest useful `offset` for `area`: the last line at the bottom of the pane.
    public func maxOffset(for area: Rect) -> Int {
        Swift.max(0, layout(for: area).lines.count - area.height)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, style: style)
        let (lines, width) = layout(for: area)
        let top = Swift.min(Swift.max(0, offset), Swift.max(0, lines.count - area.height))
        for row in 0..<area.height {
            let index = top + row
            guard index < lines.count else { break }
            let spans = lines[index].map { Span($0.text, style: style.patched(with: $0.style)) }
            buffer.put(spans, x: area.x, y: area.y + row, maxWidth: width)
        }
        if width < area.width {
            drawScrollbar(into: &buffer, x: area.maxX - 1, y: area.y, height: area.height,
                          top: top, total: lines.count)
        }
    }

    private func wrap(width: Int) -> [[Span]] {
        paragraphs.flatMap { TextWrap.wrap($0, width: width) }
    }

    /// A track of `│` with a `┃` thumb sized and placed by the visible share of the text.
    private func drawScrollbar(into buffer: inout Buffer, x: Int, y: Int, height: Int, top: Int, total: Int) {
        let thumb = Swift.max(1, height * height / Swift.max(1, total))
        let maxTop = Swift.max(1, total - height)
        let thumbStart = (height - thumb) * Swift.min(top, maxTop) / maxTop
        for row in 0..<height {
            let inThumb = row >= thumbStart && row < thumbStart + thumb
            buffer.set(inThumb ? "┃" : "│", x: x, y: y + row,
                       style: inThumb ? style : style.patched(with: scrollbarStyle))
        }
    }
}
