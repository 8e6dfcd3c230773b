/// Word wrapping by display width for mixed Chinese and Latin text.
///
/// A line may break at a space (the space is dropped) or between two characters when either
/// is wide (CJK needs no spaces), except before closing punctuation such as `，。）` or after
/// opening punctuation such as `（《`. A word longer than the width is cut where it must be.
/// Leading spaces of a paragraph are kept; trailing spaces of a line are dropped.
public enum TextWrap {
    /// Wraps plain text to `width` columns; each `\n` starts a new paragraph.
    public static func wrap(_ text: String, width: Int) -> [String] {
        wrap([Span(text)], width: width).map { $0.plainText }
    }

    /// Wraps styled text to `width` columns, keeping the styles; each `\n` inside a span
    /// starts a new paragraph. An empty paragraph gives one empty line.
    public static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        var paragraphs: [[Glyph]] = [[]]
        for span in spans {
            for character in span.text {
                if character.isNewline {
                    paragraphs.append([])
                    continue
                }
                var symbol = character
                var columns = DisplayWidth.of(character)
                if character == "\t" { symbol = " "; columns = 1 }
                guard columns > 0 else { continue }
                paragraphs[paragraphs.count - 1].append(Glyph(symbol: symbol, width: columns, style: span.style))
            }
        }
        return paragraphs.flatMap { wrapParagraph($0, width: width) }.map(spans(of:))
    }

    /// Characters that may not start a line.
    static let noStart: Set<Character> = Set("，。、；：？！）》」』】〉〕…·,.;:!?)]}%")
    /// Characters that may not end a line.
    static let noEnd: Set<Character> = Set("（《「『【〈〔([{")

    struct Glyph {
        var symbol: Character
        var width: Int
        var style: Style
    }

    static func wrapParagraph(_ glyphs: [Glyph], width: Int) -> [[Glyph]] {
        guard width > 0 else { return [glyphs] }
        var lines: [[Glyph]] = []
        var line: [Glyph] = []
        var lineWidth = 0
        var breakAt: Int?  // index in `line` where the next line may start
        for glyph in glyphs {
            if glyph.symbol == " " {
                if lineWidth + 1 > width {
                    lines.append(trimmed(line))
                    line = []; lineWidth = 0; breakAt = nil
                    continue
                }
                line.append(glyph)
                lineWidth += 1
                breakAt = line.count
                continue
            }
            if let last = line.last, last.symbol != " ", canBreak(between: last, and: glyph) {
                breakAt = line.count
            }
            if lineWidth + glyph.width > width {
                if let split = breakAt, split > 0 {
                    lines.append(trimmed(Array(line[..<split])))
                    line = Array(line[split...].drop { $0.symbol == " " })
                    lineWidth = line.reduce(0) { $0 + $1.width }
                    breakAt = lastOpportunity(in: line)
                }
                if lineWidth + glyph.width > width, !line.isEmpty {
                    lines.append(trimmed(line))
                    line = []; lineWidth = 0; breakAt = nil
                }
            }
            line.append(glyph)
            lineWidth += glyph.width
        }
        lines.append(trimmed(line))
        return lines
    }

    static func canBreak(between left: Glyph, and right: Glyph) -> Bool {
        if noStart.contains(right.symbol) || noEnd.contains(left.symbol) { return false }
        return left.width == 2 || right.width == 2
    }

    /// The last place inside `line` where a break is allowed, if any.
    static func lastOpportunity(in line: [Glyph]) -> Int? {
        guard line.count > 1 else { return nil }
        for index in stride(from: line.count - 1, through: 1, by: -1) {
            if line[index - 1].symbol == " " || canBreak(between: line[index - 1], and: line[index]) {
                return index
            }
        }
        return nil
    }

    static func trimmed(_ line: [Glyph]) -> [Glyph] {
        var line = line
        while line.last?.symbol == " " { line.removeLast() }
        return line
    }

    /// Joins glyphs of the same style back into spans.
    static func spans(of glyphs: [Glyph]) -> [Span] {
        var result: [Span] = []
        for glyph in glyphs {
            if let last = result.last, last.style == glyph.style {
                result[result.count - 1].text.append(glyph.symbol)
            } else {
                result.append(Span(String(glyph.symbol), style: glyph.style))
            }
        }
        return result
    }
}
