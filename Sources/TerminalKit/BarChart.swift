/// Horizontal bars with labels aligned by display width and values on the right, drawn
/// with `█` and eighth blocks (`▏▎▍▌▋▊▉`) for the fraction:
///
///     韶关  ███████████▌░░░░░  46 / 60
///     广州  ██████░░░░░░░░░░░  24 / 60
///
/// A bar may carry a second value, such as capacity against demand: it is drawn as a shaded
/// track (`░`) behind the bar, and the part of the bar beyond it takes `overflowStyle`.
public struct BarChart: Widget, Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        /// A second value shown as the track behind the bar (for example capacity).
        public var secondary: Double?
        /// Overrides the value text on the right.
        public var valueText: String?
        /// Overrides the chart's bar style for this bar.
        public var style: Style?

        public init(_ label: String, value: Double, secondary: Double? = nil,
                    valueText: String? = nil, style: Style? = nil) {
            self.label = label
            self.value = value
            self.secondary = secondary
            self.valueText = valueText
            self.style = style
        }
    }

    public var bars: [Bar]
    /// The value of a full-width bar; defaults to the largest value or secondary value.
    public var maxValue: Double?
    /// Labels wider than this are truncated.
    public var maxLabelWidth: Int
    /// Digits after the decimal point in the default value texts.
    public var fractionDigits: Int
    public var labelStyle: Style
    public var barStyle: Style
    public var secondaryStyle: Style
    public var overflowStyle: Style
    public var valueStyle: Style

    public init(bars: [Bar], maxValue: Double? = nil, maxLabelWidth: Int = 20, fractionDigits: Int = 1,
                labelStyle: Style = .plain, barStyle: Style = Style(foreground: .cyan),
                secondaryStyle: Style = Style(dim: true), overflowStyle: Style = Style(foreground: .red, bold: true),
                valueStyle: Style = .plain) {
        self.bars = bars
        self.maxValue = maxValue
        self.maxLabelWidth = maxLabelWidth
        self.fractionDigits = fractionDigits
        self.labelStyle = labelStyle
        self.barStyle = barStyle
        self.secondaryStyle = secondaryStyle
        self.overflowStyle = overflowStyle
        self.valueStyle = valueStyle
    }

    /// Eighths of a cell, from none to seven.
    static let partialBlocks: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The text shown right of a bar: the value, and ` / secondary` when there is one.
    public func valueText(for bar: Bar) -> String {
        if let text = bar.valueText { return text }
        let value = BarChart.format(bar.value, fractionDigits: fractionDigits)
        guard let secondary = bar.secondary else { return value }
        return value + " / " + BarChart.format(secondary, fractionDigits: fractionDigits)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty, !bars.isEmpty else { return }
        let labelWidth = Swift.min(maxLabelWidth, bars.map(\.label.displayWidth).max() ?? 0)
        let texts = bars.map(valueText(for:))
        let valueWidth = texts.map(\.displayWidth).max() ?? 0
        let barWidth = Swift.max(0, area.width - labelWidth - valueWidth - 2)
        let scale = maxValue ?? bars.map { Swift.max($0.value, $0.secondary ?? 0) }.max() ?? 0
        for (row, bar) in bars.prefix(area.height).enumerated() {
            let y = area.y + row
            var x = area.x
            x += buffer.put(bar.label.fitted(toWidth: labelWidth), x: x, y: y, style: labelStyle, maxWidth: labelWidth)
            x += 1
            drawBar(bar, x: x, y: y, width: barWidth, scale: scale, into: &buffer)
            x += barWidth + 1
            buffer.put(texts[row].padded(toWidth: valueWidth, alignment: .right), x: x, y: y,
                       style: valueStyle, maxWidth: area.maxX - x)
        }
    }

    private func drawBar(_ bar: Bar, x: Int, y: Int, width: Int, scale: Double, into buffer: inout Buffer) {
        guard width > 0 else { return }
        let eighths = BarChart.cells(bar.value, scale: scale, width: width * 8)
        let full = eighths / 8, partial = eighths % 8
        let track = bar.secondary.map { BarChart.cells($0, scale: scale, width: width) }
        let style = bar.style ?? barStyle
        for column in 0..<width {
            let beyondTrack = track.map { column >= $0 } ?? false
            let filledStyle = beyondTrack ? overflowStyle : style
            if column < full {
                buffer.set("█", x: x + column, y: y, style: filledStyle)
            } else if column == full, partial > 0 {
                buffer.set(BarChart.partialBlocks[partial], x: x + column, y: y, style: filledStyle)
            } else if let track, column < track {
                buffer.set("░", x: x + column, y: y, style: secondaryStyle)
            }
        }
    }

    /// `value` as a count of units out of `width`, rounded, clamped to 0...width.
    static func cells(_ value: Double, scale: Double, width: Int) -> Int {
        guard scale > 0, value > 0, value.isFinite else { return 0 }
        return Swift.min(width, Swift.max(0, Int((value / scale * Double(width)).rounded())))
    }

    /// A number with at most `fractionDigits` decimals, trailing zeros dropped: 12, 12.5.
    public static func format(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return String(value) }
        var factor = 1.0
        for _ in 0..<Swift.max(0, fractionDigits) { factor *= 10 }
        let scaled = (abs(value) * factor).rounded()
        let whole = Int(scaled / factor)
        var fraction = Int(scaled - Double(whole) * factor)
        var digits = ""
        for _ in 0..<Swift.max(0, fractionDigits) {
            digits = String(fraction % 10) + digits
            fraction /= 10
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + String(whole) + (digits.isEmpty ? "" : "." + digits)
    }
}
