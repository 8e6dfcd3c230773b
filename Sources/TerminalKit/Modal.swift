/// A dialog box centred over the screen: a bordered box with a title, wrapped body text and
/// a row of buttons, the selected one highlighted:
///
///     ┌─ 撤回场景 ────────────┐
///     │ 确定撤回该场景吗？      │
///     │                      │
///     │   [ 撤回 ]  [ 取消 ]   │
///     └──────────────────────┘
public struct Modal: Widget, Sendable {
    public var title: String
    /// Body paragraphs, wrapped to the box.
    public var body: [String]
    public var buttons: [String]
    public var selectedButton: Int
    /// The box is at most this wide (and never wider than the screen).
    public var maxWidth: Int
    /// The box is at least this wide when the screen allows.
    public var minWidth: Int
    public var style: Style
    public var borderStyle: Style
    public var buttonStyle: Style
    public var selectedButtonStyle: Style

    public init(title: String, body: [String], buttons: [String] = [], selectedButton: Int = 0,
                maxWidth: Int = 60, minWidth: Int = 24, style: Style = .plain,
                borderStyle: Style = Style(bold: true), buttonStyle: Style = .plain,
                selectedButtonStyle: Style = Style(bold: true, reverse: true)) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.selectedButton = selectedButton
        self.maxWidth = maxWidth
        self.minWidth = minWidth
        self.style = style
        self.borderStyle = borderStyle
        self.buttonStyle = buttonStyle
        self.selectedButtonStyle = selectedButtonStyle
    }

    /// Each button as drawn, e.g. `[ 确定 ]`.
    private var buttonLabels: [String] { buttons.map { "[ \($0) ]" } }

    private var buttonsWidth: Int {
        buttonLabels.reduce(0) { $0 + $1.displayWidth } + 2 * Swift.max(0, buttons.count - 1)
    }

    /// The box's rectangle when shown over `area`: as wide as its content needs (between
    /// `minWidth` and `maxWidth`), as tall as the wrapped body, centred, clipped to `area`.
    public func frame(in area: Rect) -> Rect {
        let natural = Swift.max(body.map(\.displayWidth).max() ?? 0, title.displayWidth + 4, buttonsWidth) + 4
        let width = Swift.min(Swift.max(natural, minWidth), Swift.min(maxWidth, area.width))
        let lines = bodyLines(width: width - 4).count
        let height = 2 + lines + (buttons.isEmpty ? 0 : 2)
        return area.centered(width: width, height: height)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let box = frame(in: area).intersection(buffer.area)
        guard box.width >= 4, box.height >= 2 else { return }
        buffer.fill(box, style: style)
        Border(title: title, style: style.patched(with: borderStyle),
               titleStyle: style.patched(with: borderStyle)).render(into: &buffer, area: box)
        let inner = box.inset(horizontal: 2, vertical: 1)
        let lines = bodyLines(width: inner.width)
        let bodyRows = buttons.isEmpty ? inner.height : Swift.max(0, inner.height - 2)
        for (row, line) in lines.prefix(bodyRows).enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + row, style: style, maxWidth: inner.width)
        }
        guard !buttons.isEmpty, inner.height >= 1 else { return }
        let y = inner.maxY - 1
        var x = inner.x + Swift.max(0, (inner.width - buttonsWidth) / 2)
        for (index, label) in buttonLabels.enumerated() {
            let buttonStyle = style.patched(with: index == selectedButton ? selectedButtonStyle : self.buttonStyle)
            x += buffer.put(label, x: x, y: y, style: buttonStyle, maxWidth: inner.maxX - x)
            x += 2
            if x >= inner.maxX { break }
        }
    }

    private func bodyLines(width: Int) -> [String] {
        body.flatMap { TextWrap.wrap($0, width: Swift.max(1, width)) }
    }
}
