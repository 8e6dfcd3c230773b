/// A grid of cells that widgets draw into and backends show on screen.
///
/// Invariants: a wide character is always a leading cell (width 2) followed by its
/// continuation cell (width 0) on the same row; writing over either half blanks the other;
/// nothing is ever written outside the grid.
public struct Buffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells: the cell at (x, y) is `cells[y * width + x]`.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown after drawing (for example inside a text
    /// input, so an input method's candidate window follows it); `nil` hides it.
    public var cursor: Position?

    /// A blank buffer of the given size, filled with spaces in `style`.
    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell.blank(style), count: self.width * self.height)
        self.cursor = nil
    }

    /// A blank buffer of the given size.
    public init(size: Size) {
        self.init(width: size.width, height: size.height)
    }

    public var size: Size { Size(width: width, height: height) }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank cell when outside the grid.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    // MARK: Writing

    /// Writes one grapheme at (x, y) and returns the columns it took (0 when it has no width
    /// or doesn't fit; a wide character that would cross the right edge becomes a space).
    @discardableResult
    public mutating func set(_ symbol: Character, x: Int, y: Int, style: Style = .plain) -> Int {
        put(String(symbol), x: x, y: y, style: style, maxWidth: nil)
    }

    /// Writes `text` on row `y` starting at column `x`, clipped to `maxWidth` columns (and to
    /// the buffer). Zero-width graphemes (controls, newlines) are skipped and a tab becomes one
    /// space. A wide character that would straddle the right end of the clip is replaced by a
    /// space. Returns the columns advanced from `x`.
    @discardableResult
    public mutating func put<S: StringProtocol>(
        _ text: S, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil
    ) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            var symbol = character
            var columns = DisplayWidth.of(character)
            if columns == 0 {
                guard character == "\t" else { continue }
                symbol = " "
                columns = 1
            }
            if column >= limit { break }
            if column + columns > limit {
                if column >= 0 { writeGlyph(" ", columns: 1, x: column, y: y, style: style) }
                column += 1
                break
            }
            if column < 0 {
                // Part of a wide character left of the grid: show the visible half as a space.
                if column + columns > 0 { writeGlyph(" ", columns: 1, x: 0, y: y, style: style) }
                column += columns
                continue
            }
            writeGlyph(symbol, columns: columns, x: column, y: y, style: style)
            column += columns
        }
        return column - x
    }

    /// Writes styled spans one after another on row `y`, clipped like `put(_:x:y:style:maxWidth:)`.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int? = nil) -> Int {
        var used = 0
        for span in spans {
            let remaining = maxWidth.map { $0 - used }
            if let remaining, remaining <= 0 { break }
            used += put(span.text, x: x + used, y: y, style: span.style, maxWidth: remaining)
        }
        return used
    }

    /// Fills `rect` (clipped to the buffer) with `symbol` in `style`. A wide symbol is laid
    /// every two columns, with a space in a last odd column.
    public mutating func fill(_ rect: Rect, with symbol: Character = " ", style: Style = .plain) {
        let area = rect.intersection(self.area)
        guard !area.isEmpty else { return }
        let columns = max(1, DisplayWidth.of(symbol))
        for y in area.y..<area.maxY {
            var x = area.x
            while x < area.maxX {
                if x + columns > area.maxX {
                    writeGlyph(" ", columns: 1, x: x, y: y, style: style)
                } else {
                    writeGlyph(symbol, columns: columns, x: x, y: y, style: style)
                }
                x += columns
            }
        }
    }

    /// Replaces the style of every cell in `rect`, keeping the characters.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        restyle(rect) { _ in style }
    }

    /// Lays `style` over the style of every cell in `rect` (see `Style.patched(with:)`).
    public mutating func patchStyle(_ style: Style, in rect: Rect) {
        restyle(rect) { $0.patched(with: style) }
    }

    /// Applies `transform` to the style of every cell in `rect`.
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let area = rect.intersection(self.area)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                cells[y * width + x].style = transform(cells[y * width + x].style)
            }
        }
    }

    /// Draws a widget into `area`.
    public mutating func render<W: Widget>(_ widget: W, in area: Rect) {
        widget.render(into: &self, area: area)
    }

    /// Writes a glyph that is known to fit, keeping the wide-character invariant.
    private mutating func writeGlyph(_ symbol: Character, columns: Int, x: Int, y: Int, style: Style) {
        breakWideCharacter(at: x, y: y)
        if columns == 2 { breakWideCharacter(at: x + 1, y: y) }
        let index = y * width + x
        cells[index] = Cell(symbol, width: columns, style: style)
        if columns == 2 { cells[index + 1] = Cell(" ", width: 0, style: style) }
    }

    /// Before (x, y) is overwritten: blank the other half of a wide character that covers it.
    private mutating func breakWideCharacter(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let index = y * width + x
        let cell = cells[index]
        if cell.width == 0, x > 0 {
            cells[index - 1] = Cell.blank(cells[index - 1].style)
        } else if cell.width == 2, x + 1 < width {
            cells[index + 1] = Cell.blank(cells[index + 1].style)
        }
        cells[index] = Cell.blank(cell.style)
    }

    // MARK: Reading

    /// Row `y` as plain text: continuation cells add nothing, trailing spaces are trimmed.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for cell in cells[(y * width)..<(y * width + width)] where !cell.isContinuation {
            text.append(cell.symbol)
        }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Every row as plain text (see `line(_:)`).
    public func lines() -> [String] {
        (0..<height).map(line)
    }

    /// The whole buffer as text, one line per row with trailing spaces trimmed: the form
    /// screen snapshot tests compare.
    public func plainText() -> String {
        lines().joined(separator: "\n")
    }

    // MARK: Diffing

    /// A horizontal run of cells that a backend writes in one go.
    public struct Run: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]

        public init(x: Int, y: Int, cells: [Cell]) {
            self.x = x
            self.y = y
            self.cells = cells
        }
    }

    /// Every row as one run: what a full redraw writes.
    public func runs() -> [Run] {
        (0..<height).map { y in Run(x: 0, y: y, cells: Array(cells[(y * width)..<(y * width + width)])) }
    }

    /// The runs of cells that differ from `previous`, left to right and top to bottom.
    /// A run never starts on a continuation cell or ends after a leading cell: a changed half
    /// of a wide character brings the whole character. When the sizes differ, every row.
    public func diff(from previous: Buffer) -> [Run] {
        guard previous.width == width, previous.height == height else { return runs() }
        var result: [Run] = []
        var changed = [Bool](repeating: false, count: width)
        for y in 0..<height {
            let base = y * width
            var any = false
            for x in 0..<width where cells[base + x] != previous.cells[base + x] {
                changed[x] = true
                any = true
            }
            guard any else { continue }
            for x in 0..<width where changed[x] {
                if cells[base + x].isContinuation, x > 0 { changed[x - 1] = true }
                if cells[base + x].width == 2, x + 1 < width { changed[x + 1] = true }
            }
            var x = 0
            while x < width {
                guard changed[x] else { x += 1; continue }
                let start = x
                while x < width, changed[x] { changed[x] = false; x += 1 }
                result.append(Run(x: start, y: y, cells: Array(cells[(base + start)..<(base + x)])))
            }
        }
        return result
    }
}
