/// A one-line text editor: its state (text, cursor) and its rendering.
///
/// The cursor counts grapheme clusters, so it moves over a Chinese character or an
/// accented letter in one step. Keys follow readline: ←/→ (^B/^F), Home/End (^A/^E),
/// Backspace, Delete (^D), ^U (delete to start), ^K (delete to end), ^W (delete word).
/// Drawn, it scrolls horizontally by display width so the cursor cell is always visible.
public struct TextInput: Widget, Sendable, Equatable {
    public private(set) var text: String
    /// Grapheme index of the cursor, 0...text.count.
    public private(set) var cursor: Int
    /// First display column shown (kept by `keepCursorVisible(width:)`).
    public var scrollColumn: Int = 0
    /// Shown dimmed while the text is empty.
    public var placeholder: String
    /// Whether the cursor cell is drawn (and the terminal cursor placed there).
    public var focused: Bool
    public var style: Style
    public var cursorStyle: Style
    public var placeholderStyle: Style

    public init(_ text: String = "", placeholder: String = "", focused: Bool = true,
                style: Style = .plain, cursorStyle: Style = Style(reverse: true),
                placeholderStyle: Style = Style(dim: true)) {
        self.text = text
        self.cursor = text.count
        self.placeholder = placeholder
        self.focused = focused
        self.style = style
        self.cursorStyle = cursorStyle
        self.placeholderStyle = placeholderStyle
    }

    // MARK: Editing

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ newText: String) {
        text = newText
        cursor = newText.count
        scrollColumn = 0
    }

    /// Moves the cursor to grapheme index `index` (clamped).
    public mutating func moveCursor(to index: Int) {
        cursor = Swift.min(Swift.max(0, index), text.count)
    }

    /// Inserts text at the cursor and moves the cursor after it. Control characters are dropped
    /// and line breaks become spaces (the text is one line).
    public mutating func insert(_ string: String) {
        let clean = String(string.compactMap { character -> Character? in
            if character.isNewline || character == "\t" { return " " }
            let isControl = character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            return isControl ? nil : character
        })
        guard !clean.isEmpty else { return }
        let position = index(at: cursor)
        let before = String(text[..<position]) + clean
        text = before + text[position...]
        // Counting the joined prefix handles a combining mark that merges with the character before.
        cursor = before.count
    }

    public mutating func moveLeft() { moveCursor(to: cursor - 1) }
    public mutating func moveRight() { moveCursor(to: cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }

    /// Deletes the grapheme before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: index(at: cursor - 1))
        cursor -= 1
    }

    /// Deletes the grapheme under the cursor.
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: index(at: cursor))
    }

    /// Deletes everything before the cursor (^U).
    public mutating func deleteToStart() {
        text.removeSubrange(text.startIndex..<index(at: cursor))
        cursor = 0
    }

    /// Deletes everything from the cursor on (^K).
    public mutating func deleteToEnd() {
        text.removeSubrange(index(at: cursor)...)
    }

    /// Deletes the word before the cursor and the spaces after it (^W). A run of wide
    /// characters counts as one word, like a run of letters.
    public mutating func deleteWordBackward() {
        var start = cursor
        let characters = Array(text)
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " " { start -= 1 }
        text.removeSubrange(index(at: start)..<index(at: cursor))
        cursor = start
    }

    /// Applies an editing key; returns false when the key isn't one the input uses, so the
    /// caller can handle it (Enter, Esc, Tab, arrows up/down…).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let character): insert(String(character))
        case .left, .ctrl("b"): moveLeft()
        case .right, .ctrl("f"): moveRight()
        case .home, .ctrl("a"): moveHome()
        case .end, .ctrl("e"): moveEnd()
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .ctrl("u"): deleteToStart()
        case .ctrl("k"): deleteToEnd()
        case .ctrl("w"): deleteWordBackward()
        default: return false
        }
        return true
    }

    // MARK: Geometry

    /// Display column of the cursor from the start of the text.
    public var cursorColumn: Int { DisplayWidth.of(text[..<index(at: cursor)]) }

    /// Columns the cursor cell takes: the width of the character under it, or 1 at the end.
    private var cursorCellWidth: Int {
        cursor < text.count ? Swift.max(1, DisplayWidth.of(text[index(at: cursor)])) : 1
    }

    /// The first column shown in a field `width` columns wide: `scrollColumn`, moved the
    /// least needed to show the whole cursor cell.
    public func visibleScrollColumn(width: Int) -> Int {
        guard width > 0 else { return 0 }
        let column = cursorColumn
        var scroll = Swift.max(0, scrollColumn)
        if column < scroll { scroll = column }
        if column + cursorCellWidth > scroll + width { scroll = column + cursorCellWidth - width }
        // Don't leave empty space on the right when the text could fill it.
        let total = DisplayWidth.of(text) + (cursor == text.count ? 1 : 0)
        scroll = Swift.min(scroll, Swift.max(0, total - width))
        if column < scroll { scroll = column }
        return Swift.max(0, scroll)
    }

    /// Stores the scroll position for a field `width` columns wide, so the view doesn't jump
    /// while the cursor moves inside it. Call after editing when the width is known.
    public mutating func keepCursorVisible(width: Int) {
        scrollColumn = visibleScrollColumn(width: width)
    }

    // MARK: Rendering

    /// Draws the visible part of the text on the first row of `area`; when focused, the cursor
    /// cell is drawn in `cursorStyle` and `buffer.cursor` is set to it. A wide character cut
    /// by either edge shows as a space.
    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, style: style)
        if text.isEmpty, !placeholder.isEmpty {
            buffer.put(placeholder.truncated(toWidth: row.width), x: row.x, y: row.y,
                       style: style.patched(with: placeholderStyle), maxWidth: row.width)
        }
        let scroll = visibleScrollColumn(width: row.width)
        // Drawing from -scroll lets Buffer's clipping turn a half-visible wide character into a space.
        var column = -scroll
        for (position, character) in text.enumerated() {
            let columns = DisplayWidth.of(character)
            if column >= row.width { break }
            if column + columns > 0 {
                let cellStyle = focused && position == cursor ? style.patched(with: cursorStyle) : style
                let x = row.x + column
                if column < 0 {
                    buffer.put(" ", x: row.x, y: row.y, style: cellStyle, maxWidth: 1)
                } else {
                    buffer.put(String(character), x: x, y: row.y, style: cellStyle, maxWidth: row.maxX - x)
                }
            }
            column += columns
        }
        guard focused else { return }
        let cursorX = row.x + cursorColumn - scroll
        if text.isEmpty, !placeholder.isEmpty {
            // Highlight the placeholder's first character instead of covering it.
            let width = Swift.max(1, buffer[cursorX, row.y].width)
            buffer.patchStyle(cursorStyle, in: Rect(x: cursorX, y: row.y, width: width, height: 1))
        } else if cursor == text.count, cursorX < row.maxX {
            buffer.put(" ", x: cursorX, y: row.y, style: style.patched(with: cursorStyle))
        }
        if cursorX >= row.x, cursorX < row.maxX {
            buffer.cursor = Position(x: cursorX, y: row.y)
        }
    }

    /// String index of grapheme number `offset`.
    private func index(at offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: Swift.min(Swift.max(0, offset), text.count))
    }
}
