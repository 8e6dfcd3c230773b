/// A one-row status line: text on the left (truncated with `…` when needed) and text on the
/// right that always stays whole if it fits, on a filled background.
public struct StatusLine: Widget, Sendable {
    public var left: [Span]
    public var right: [Span]
    public var style: Style

    public init(left: [Span] = [], right: [Span] = [], style: Style = Style(reverse: true)) {
        self.left = left
        self.right = right
        self.style = style
    }

    /// A status line of plain texts.
    public init(left: String, right: String = "", style: Style = Style(reverse: true)) {
        self.init(left: [Span(left)], right: right.isEmpty ? [] : [Span(right)], style: style)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: style)
        let rightWidth = Swift.min(right.displayWidth, row.width)
        if rightWidth > 0 {
            buffer.put(styled(right), x: row.maxX - rightWidth, y: row.y, maxWidth: rightWidth)
        }
        let room = Swift.max(0, row.width - rightWidth - (rightWidth > 0 ? 1 : 0))
        var leftSpans = styled(left)
        if leftSpans.displayWidth > room {
            leftSpans = truncate(leftSpans, toWidth: room)
        }
        buffer.put(leftSpans, x: row.x, y: row.y, maxWidth: room)
    }

    /// Spans drawn over the line's background.
    private func styled(_ spans: [Span]) -> [Span] {
        spans.map { Span($0.text, style: style.patched(with: $0.style)) }
    }

    /// Cuts spans to `width` columns, ending with `…`.
    private func truncate(_ spans: [Span], toWidth width: Int) -> [Span] {
        guard width > 0 else { return [] }
        var result: [Span] = []
        var used = 0
        for span in spans {
            let spanWidth = span.text.displayWidth
            if used + spanWidth <= width - 1 {
                result.append(span)
                used += spanWidth
                continue
            }
            result.append(Span(span.text.clipped(toWidth: width - 1 - used) + "…", style: span.style))
            return result
        }
        return result
    }
}
