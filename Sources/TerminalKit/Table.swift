/// Rows and columns of text with a header, a selected row and windowed data.
///
/// The caller fetches only the rows on screen: `rows` holds the rows from absolute index
/// `firstRow` on, `totalRows` is the size of the whole result, and `selected` / `offset` are
/// absolute indices (keep them in a `ListState`). Rows outside the supplied window draw empty.
///
///     名称          城市    算力
///     智能制造质检    广州    12.5
public struct Table: Widget, Sendable {
    /// How wide a column is.
    public enum Width: Sendable, Equatable {
        /// Exactly this many columns (fewer only when the table is too narrow).
        case fixed(Int)
        /// At least `min` columns, then a share of the space left by `weight`.
        case flex(min: Int, weight: Int)
    }

    /// One column: header title, width and alignment (numbers read best right-aligned).
    public struct Column: Sendable, Equatable {
        public var title: String
        public var width: Width
        public var alignment: Alignment

        public init(_ title: String, width: Width = .flex(min: 4, weight: 1), alignment: Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// The supplied rows, starting at absolute row `firstRow`; one string per column.
    public var rows: [[String]]
    /// Absolute index of `rows[0]`.
    public var firstRow: Int
    /// Number of rows in the whole data set.
    public var totalRows: Int
    /// Absolute index of the highlighted row, or nil for none.
    public var selected: Int?
    /// Absolute index of the first row shown (adjusted when drawing so `selected` is visible).
    public var offset: Int
    /// Drawn between columns.
    public var separator: String
    public var showsHeader: Bool
    public var style: Style
    public var headerStyle: Style
    public var selectedStyle: Style
    /// Optional per-row styles, parallel to `rows` (for example dim for withdrawn entries).
    public var rowStyles: [Style?]
    /// Shown in the first row when there are no rows at all.
    public var emptyText: String

    public init(
        columns: [Column],
        rows: [[String]],
        totalRows: Int? = nil,
        firstRow: Int = 0,
        selected: Int? = nil,
        offset: Int = 0,
        separator: String = " ",
        showsHeader: Bool = true,
        style: Style = .plain,
        headerStyle: Style = Style(bold: true, underline: true),
        selectedStyle: Style = Style(reverse: true),
        rowStyles: [Style?] = [],
        emptyText: String = ""
    ) {
        self.columns = columns
        self.rows = rows
        self.totalRows = totalRows ?? (firstRow + rows.count)
        self.firstRow = firstRow
        self.selected = selected
        self.offset = offset
        self.separator = separator
        self.showsHeader = showsHeader
        self.style = style
        self.headerStyle = headerStyle
        self.selectedStyle = selectedStyle
        self.rowStyles = rowStyles
        self.emptyText = emptyText
    }

    /// How many data rows fit in an area of `height` rows.
    public static func bodyHeight(forHeight height: Int, showsHeader: Bool = true) -> Int {
        Swift.max(0, height - (showsHeader ? 1 : 0))
    }

    /// The first row that will be shown in an area of `height` rows.
    public func effectiveOffset(forHeight height: Int) -> Int {
        let visible = Table.bodyHeight(forHeight: height, showsHeader: showsHeader)
        return ListState.offset(keeping: selected ?? offset, visible: visible, current: offset, count: totalRows)
    }

    /// Column widths for a table `width` columns wide: fixed widths and flexible minimums
    /// first, left to right (a column that doesn't fit shrinks and the ones after it get 0),
    /// then the space left shared among flexible columns by weight.
    public func columnWidths(forWidth width: Int) -> [Int] {
        let gap = separator.displayWidth
        var widths = [Int](repeating: 0, count: columns.count)
        var used = 0
        for (index, column) in columns.enumerated() {
            let base: Int
            switch column.width {
            case .fixed(let n): base = Swift.max(0, n)
            case .flex(let minimum, _): base = Swift.max(1, minimum)
            }
            let separatorWidth = index == 0 ? 0 : gap
            let room = width - used - separatorWidth
            guard room > 0 else { break }
            widths[index] = Swift.min(base, room)
            used += separatorWidth + widths[index]
            if base > room { break }
        }
        let weights = columns.indices.map { index -> Int in
            guard widths[index] > 0, case .flex(_, let weight) = columns[index].width else { return 0 }
            return Swift.max(0, weight)
        }
        let shown = widths.filter { $0 > 0 }.count
        let total = width - gap * Swift.max(0, shown - 1)
        return Layout.distribute(total: total, base: widths, weights: weights,
                                 caps: [Int?](repeating: nil, count: widths.count))
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let widths = columnWidths(forWidth: area.width)
        var y = area.y
        if showsHeader {
            buffer.fill(area.row(0), style: headerStyle)
            drawRow(columns.map(\.title), widths: widths, y: y, x: area.x, style: headerStyle, into: &buffer)
            y += 1
        }
        let visible = area.maxY - y
        guard visible > 0 else { return }
        if totalRows == 0 {
            buffer.put(emptyText, x: area.x, y: y, style: style.patched(with: Style(dim: true)), maxWidth: area.width)
            return
        }
        let first = effectiveOffset(forHeight: area.height)
        for line in 0..<visible {
            let absolute = first + line
            guard absolute < totalRows else { break }
            let local = absolute - firstRow
            var rowStyle = style
            if local >= 0, local < rowStyles.count, let custom = rowStyles[local] { rowStyle = custom }
            if absolute == selected { rowStyle = rowStyle.patched(with: selectedStyle) }
            buffer.fill(Rect(x: area.x, y: y + line, width: area.width, height: 1), style: rowStyle)
            guard local >= 0, local < rows.count else { continue }
            drawRow(rows[local], widths: widths, y: y + line, x: area.x, style: rowStyle, into: &buffer)
        }
    }

    /// One row of cells with separators; missing cells draw empty.
    private func drawRow(_ cells: [String], widths: [Int], y: Int, x: Int, style: Style, into buffer: inout Buffer) {
        var column = x
        var first = true
        for (index, width) in widths.enumerated() where width > 0 {
            if !first { column += buffer.put(separator, x: column, y: y, style: style) }
            first = false
            let text = index < cells.count ? cells[index] : ""
            buffer.put(text.fitted(toWidth: width, alignment: columns[index].alignment),
                       x: column, y: y, style: style, maxWidth: width)
            column += width
        }
    }
}
