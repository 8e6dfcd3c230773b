/// A multi-line text editor: its state (text, cursor, scroll) and its rendering.
///
/// The text wraps by display width into visual lines (after a space, or next to a wide
/// character, which needs no space to break; a word longer than the width is cut), and `\n`
/// starts a new paragraph. The cursor counts grapheme clusters, like `TextInput`'s, so a
/// Chinese character is one step. Keys: characters insert, Enter breaks the line, ←/→ (^B/^F),
/// ↑/↓ move by visual line (keeping the column), Home/End (^A/^E) go to the visual line's ends,
/// Backspace, Delete (^D), ^U / ^K delete to the start / end of the line, ^W deletes a word.
public struct TextArea: Widget, Sendable, Equatable {
    public private(set) var text: String
    /// Grapheme index of the cursor, 0...count.
    public private(set) var cursor: Int
    /// First visual line shown (kept by `keepCursorVisible(width:height:)`).
    public var scrollLine: Int = 0
    public var placeholder: String
    /// Whether the cursor cell is drawn (and the terminal cursor placed there).
    public var focused: Bool
    public var style: Style
    public var cursorStyle: Style
    public var placeholderStyle: Style
    /// The display column ↑/↓ aim for, kept across a run of vertical moves.
    private var goalColumn: Int?
    /// The text as graphemes, for index arithmetic.
    private var characters: [Character]

    public init(_ text: String = "", placeholder: String = "", focused: Bool = true,
                style: Style = .plain, cursorStyle: Style = Style(reverse: true),
                placeholderStyle: Style = Style(dim: true)) {
        let clean = TextArea.clean(text)
        self.text = clean
        self.characters = Array(clean)
        self.cursor = characters.count
        self.placeholder = placeholder
        self.focused = focused
        self.style = style
        self.cursorStyle = cursorStyle
        self.placeholderStyle = placeholderStyle
    }

    public static func == (a: TextArea, b: TextArea) -> Bool {
        a.text == b.text && a.cursor == b.cursor && a.scrollLine == b.scrollLine && a.placeholder == b.placeholder
            && a.focused == b.focused && a.style == b.style && a.cursorStyle == b.cursorStyle
            && a.placeholderStyle == b.placeholderStyle && a.goalColumn == b.goalColumn
    }

    /// Line breaks as `\n` (CR LF and CR too), tabs as spaces, other control characters dropped.
    static func clean(_ string: String) -> String {
        let unified = string.replacingCRLF()
        return String(unified.compactMap { character -> Character? in
            if character == "\n" { return "\n" }
            if character == "\t" { return " " }
            let isControl = character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            return isControl ? nil : character
        })
    }

    // MARK: Editing

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        let clean = TextArea.clean(newText)
        text = clean
        characters = Array(clean)
        cursor = characters.count
        scrollLine = 0
        goalColumn = nil
    }

    /// Moves the cursor to grapheme index `index` (clamped).
    public mutating func moveCursor(to index: Int) {
        cursor = Swift.min(Swift.max(0, index), characters.count)
        goalColumn = nil
    }

    /// Inserts text at the cursor (line breaks kept) and moves the cursor after it.
    public mutating func insert(_ string: String) {
        let clean = TextArea.clean(string)
        guard !clean.isEmpty else { return }
        let before = String(characters[..<cursor]) + clean
        let after = String(characters[cursor...])
        // Counting the joined prefix handles a combining mark that merges with the character before.
        cursor = before.count
        replace(with: before + after)
        goalColumn = nil
    }

    public mutating func newline() { insert("\n") }

    public mutating func moveLeft() { moveCursor(to: cursor - 1) }
    public mutating func moveRight() { moveCursor(to: cursor + 1) }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
        text = String(characters)
        goalColumn = nil
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
        text = String(characters)
        goalColumn = nil
    }

    /// Deletes from the start of the paragraph to the cursor (^U).
    public mutating func deleteToLineStart() {
        let start = paragraphStart(of: cursor)
        guard start < cursor else { return }
        characters.removeSubrange(start..<cursor)
        cursor = start
        text = String(characters)
        goalColumn = nil
    }

    /// Deletes from the cursor to the end of the paragraph (^K); at its end, joins the next one.
    public mutating func deleteToLineEnd() {
        var end = cursor
        while end < characters.count, characters[end] != "\n" { end += 1 }
        if end == cursor, end < characters.count { end += 1 }
        characters.removeSubrange(cursor..<end)
        text = String(characters)
        goalColumn = nil
    }

    /// Deletes the word before the cursor (^W); a run of wide characters is one word.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " ", characters[start - 1] != "\n" { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
        text = String(characters)
        goalColumn = nil
    }

    /// Moves to the start of the cursor's visual line.
    public mutating func moveLineStart(width: Int) {
        let lines = visualLines(width: width)
        cursor = lines[lineIndex(of: cursor, in: lines)].lowerBound
        goalColumn = nil
    }

    /// Moves to the end of the cursor's visual line (before the break of a wrapped line).
    public mutating func moveLineEnd(width: Int) {
        let lines = visualLines(width: width)
        let i = lineIndex(of: cursor, in: lines)
        let line = lines[i]
        let wrapped = i + 1 < lines.count && lines[i + 1].lowerBound == line.upperBound
        cursor = wrapped ? Swift.max(line.lowerBound, line.upperBound - 1) : line.upperBound
        goalColumn = nil
    }

    /// Moves one visual line up, keeping the column; false on the first line (nothing moved).
    @discardableResult
    public mutating func moveUp(width: Int) -> Bool { moveVertically(-1, width: width) }

    /// Moves one visual line down, keeping the column; false on the last line (nothing moved).
    @discardableResult
    public mutating func moveDown(width: Int) -> Bool { moveVertically(1, width: width) }

    private mutating func moveVertically(_ delta: Int, width: Int) -> Bool {
        let lines = visualLines(width: width)
        let i = lineIndex(of: cursor, in: lines)
        let target = i + delta
        guard lines.indices.contains(target) else { return false }
        let column = goalColumn ?? DisplayWidth.of(String(characters[lines[i].lowerBound..<cursor]))
        let line = lines[target]
        var offset = line.lowerBound
        var used = 0
        // The last position of a wrapped line is the next line's first: stop before it.
        let wrapped = target + 1 < lines.count && lines[target + 1].lowerBound == line.upperBound
        let limit = wrapped ? Swift.max(line.lowerBound, line.upperBound - 1) : line.upperBound
        while offset < limit {
            let w = DisplayWidth.of(characters[offset])
            if used + w > column { break }
            used += w
            offset += 1
        }
        cursor = offset
        goalColumn = column
        return true
    }

    /// Applies an editing key for an area `width` columns wide. Returns false for keys it
    /// doesn't use (Esc, Tab…) and for ↑ on the first line and ↓ on the last, so the caller
    /// can move the focus on.
    @discardableResult
    public mutating func handle(_ key: Key, width: Int) -> Bool {
        switch key {
        case .char(let character): insert(String(character))
        case .enter, .ctrl("j"), .ctrl("m"): newline()
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .up, .ctrl("p"): return moveUp(width: width)
        case .down, .ctrl("n"): return moveDown(width: width)
        case .home, .ctrl("a"): moveLineStart(width: width)
        case .end, .ctrl("e"): moveLineEnd(width: width)
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .ctrl("u"): deleteToLineStart()
        case .ctrl("k"): deleteToLineEnd()
        case .ctrl("w"): deleteWordBackward()
        default: return false
        }
        return true
    }

    // MARK: Layout

    /// The visual lines for a width: ranges of grapheme indices (a paragraph's `\n` belongs to
    /// no line). An empty text is one empty line.
    public func visualLines(width: Int) -> [Range<Int>] {
        let width = Swift.max(1, width)
        var lines: [Range<Int>] = []
        var start = 0
        var index = 0
        while true {
            var end = index
            while end < characters.count, characters[end] != "\n" { end += 1 }
            wrap(start..<end, width: width, into: &lines)
            if end >= characters.count { break }
            start = end + 1
            index = start
        }
        return lines
    }

    private func wrap(_ paragraph: Range<Int>, width: Int, into lines: inout [Range<Int>]) {
        var lineStart = paragraph.lowerBound
        var column = 0
        var breakAt: Int?
        var i = paragraph.lowerBound
        while i < paragraph.upperBound {
            let w = DisplayWidth.of(characters[i])
            if w == 2, i > lineStart { breakAt = i }
            if column + w > width, i > lineStart {
                let b = (breakAt ?? i) > lineStart ? (breakAt ?? i) : i
                lines.append(lineStart..<b)
                lineStart = b
                column = DisplayWidth.of(String(characters[b..<i]))
                breakAt = nil
                continue  // place character i again on the new line
            }
            column += w
            if characters[i] == " " || w == 2 { breakAt = i + 1 }
            i += 1
        }
        lines.append(lineStart..<paragraph.upperBound)
        // A last line that fills the width leaves no column for the cursor after it: an empty
        // line follows, where that cursor shows.
        if column >= width, paragraph.upperBound > lineStart {
            lines.append(paragraph.upperBound..<paragraph.upperBound)
        }
    }

    /// The visual line holding grapheme index `offset` (at a wrap, the next line's start).
    private func lineIndex(of offset: Int, in lines: [Range<Int>]) -> Int {
        for (i, line) in lines.enumerated() {
            if offset < line.upperBound { return offset >= line.lowerBound ? i : Swift.max(0, i - 1) }
            if offset == line.upperBound {
                let next = i + 1 < lines.count ? lines[i + 1] : nil
                if let next, next.lowerBound == offset { continue }
                return i
            }
        }
        return Swift.max(0, lines.count - 1)
    }

    /// The cursor's visual line and display column for a width.
    public func cursorLocation(width: Int) -> (line: Int, column: Int) {
        let lines = visualLines(width: width)
        let i = lineIndex(of: cursor, in: lines)
        let start = Swift.min(lines[i].lowerBound, cursor)
        return (i, DisplayWidth.of(String(characters[start..<cursor])))
    }

    /// How many visual lines the text takes at a width.
    public func lineCount(width: Int) -> Int { visualLines(width: width).count }

    /// Keeps the cursor's line within `height` lines from `scrollLine`.
    public mutating func keepCursorVisible(width: Int, height: Int) {
        let line = cursorLocation(width: width).line
        let h = Swift.max(1, height)
        if line < scrollLine { scrollLine = line }
        if line >= scrollLine + h { scrollLine = line - h + 1 }
        scrollLine = Swift.max(0, Swift.min(scrollLine, Swift.max(0, lineCount(width: width) - h)))
        if line < scrollLine { scrollLine = line }
    }

    // MARK: Rendering

    /// Draws the visible lines from `scrollLine` (moved the least needed to show the cursor);
    /// when focused, the cursor cell is highlighted and `buffer.cursor` set to it.
    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, style: style)
        var view = self
        view.keepCursorVisible(width: area.width, height: area.height)
        if characters.isEmpty, !placeholder.isEmpty {
            for (row, line) in TextWrap.wrap(placeholder, width: area.width).prefix(area.height).enumerated() {
                buffer.put(line, x: area.x, y: area.y + row, style: style.patched(with: placeholderStyle), maxWidth: area.width)
            }
        }
        let lines = visualLines(width: area.width)
        let (cursorLine, cursorColumn) = cursorLocation(width: area.width)
        for row in 0..<area.height {
            let index = view.scrollLine + row
            guard index < lines.count else { break }
            var x = area.x
            for offset in lines[index] {
                let character = characters[offset]
                let cellStyle = focused && offset == cursor ? style.patched(with: cursorStyle) : style
                x += buffer.put(String(character), x: x, y: area.y + row, style: cellStyle, maxWidth: area.maxX - x)
            }
        }
        guard focused else { return }
        let y = area.y + cursorLine - view.scrollLine
        let x = area.x + cursorColumn
        guard y >= area.y, y < area.maxY, x < area.maxX else { return }
        if cursor == characters.count || characters[cursor] == "\n" || x >= area.maxX {
            if characters.isEmpty, !placeholder.isEmpty {
                buffer.patchStyle(cursorStyle, in: Rect(x: x, y: y, width: Swift.max(1, buffer[x, y].width), height: 1))
            } else {
                buffer.put(" ", x: x, y: y, style: style.patched(with: cursorStyle))
            }
        }
        buffer.cursor = Position(x: x, y: y)
    }

    // MARK: Private

    private mutating func replace(with newText: String) {
        text = newText
        characters = Array(newText)
        cursor = Swift.min(cursor, characters.count)
    }

    private func paragraphStart(of offset: Int) -> Int {
        var start = offset
        while start > 0, characters[start - 1] != "\n" { start -= 1 }
        return start
    }
}

extension String {
    /// CR LF and lone CR as LF.
    func replacingCRLF() -> String {
        guard contains("\r") || contains("\r\n") else { return self }
        var out = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" { out.append("\n"); previousCR = true; continue }
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
