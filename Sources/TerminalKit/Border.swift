/// A box drawn around an area, with an optional title in the top edge:
///
///     ┌─ 场景详情 ──────┐
///     │               │
///     └───────────────┘
public struct Border: Widget, Sendable {
    /// Line drawing characters of a box.
    public struct Characters: Sendable, Equatable {
        public var horizontal: Character
        public var vertical: Character
        public var topLeft: Character
        public var topRight: Character
        public var bottomLeft: Character
        public var bottomRight: Character

        public init(horizontal: Character, vertical: Character, topLeft: Character,
                    topRight: Character, bottomLeft: Character, bottomRight: Character) {
            self.horizontal = horizontal
            self.vertical = vertical
            self.topLeft = topLeft
            self.topRight = topRight
            self.bottomLeft = bottomLeft
            self.bottomRight = bottomRight
        }

        public static let single = Characters(horizontal: "─", vertical: "│", topLeft: "┌",
                                              topRight: "┐", bottomLeft: "└", bottomRight: "┘")
        public static let rounded = Characters(horizontal: "─", vertical: "│", topLeft: "╭",
                                               topRight: "╮", bottomLeft: "╰", bottomRight: "╯")
        public static let double = Characters(horizontal: "═", vertical: "║", topLeft: "╔",
                                              topRight: "╗", bottomLeft: "╚", bottomRight: "╝")
        public static let heavy = Characters(horizontal: "━", vertical: "┃", topLeft: "┏",
                                             topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    }

    public var title: String?
    public var characters: Characters
    public var style: Style
    public var titleStyle: Style

    public init(title: String? = nil, characters: Characters = .single,
                style: Style = .plain, titleStyle: Style = Style(bold: true)) {
        self.title = title
        self.characters = characters
        self.style = style
        self.titleStyle = titleStyle
    }

    /// The area inside a border drawn around `area`.
    public static func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard area.width >= 2, area.height >= 2 else { return }
        let c = characters
        let right = area.maxX - 1, bottom = area.maxY - 1
        for x in (area.x + 1)..<right {
            buffer.set(c.horizontal, x: x, y: area.y, style: style)
            buffer.set(c.horizontal, x: x, y: bottom, style: style)
        }
        for y in (area.y + 1)..<bottom {
            buffer.set(c.vertical, x: area.x, y: y, style: style)
            buffer.set(c.vertical, x: right, y: y, style: style)
        }
        buffer.set(c.topLeft, x: area.x, y: area.y, style: style)
        buffer.set(c.topRight, x: right, y: area.y, style: style)
        buffer.set(c.bottomLeft, x: area.x, y: bottom, style: style)
        buffer.set(c.bottomRight, x: right, y: bottom, style: style)
        // The title sits after "┌─" with a space on each side, and never covers the corner.
        if let title, !title.isEmpty, area.width >= 6 {
            let room = area.width - 6
            let text = title.truncated(toWidth: room)
            guard !text.isEmpty else { return }
            let used = buffer.put(" ", x: area.x + 2, y: area.y, style: style)
            let written = buffer.put(text, x: area.x + 2 + used, y: area.y, style: titleStyle, maxWidth: room)
            buffer.put(" ", x: area.x + 2 + used + written, y: area.y, style: style)
        }
    }
}
