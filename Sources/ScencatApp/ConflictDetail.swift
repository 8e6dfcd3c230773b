import CatalogCore
import TerminalKit
import Wording

/// The selected conflicted field of the Sync screen in full: base, ours and theirs side by side
/// when the columns allow, else one above the other; text wrapped, lists one item a line
/// (compute rows row by row), and what ours and theirs changed against base marked.
enum ConflictDetail {
    /// Below this width the three values are stacked rather than side by side.
    static let sideBySideFrom = 120

    /// A value as lines: text split at its line breaks, a list one item a line.
    static func lines(_ node: Node?) -> [String] {
        guard let node else { return [Text.conflictNone.text] }
        switch node.value {
        case .string(let s): return s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .list(let items): return items.isEmpty ? ["[]"] : items.map { "· " + item($0) }
        default: return [FieldDiff.text(node, limit: Int.max)]
        }
    }

    /// A list item on one line: a row's fields as `key: value` (a model link, a compute row).
    static func item(_ node: Node) -> String {
        if case .map(let fields) = node.value {
            return fields.map { "\($0.key): " + FieldDiff.text($0.value, limit: Int.max).trimmingQuotes }.joined(separator: " · ")
        }
        return FieldDiff.text(node, limit: Int.max).trimmingQuotes
    }

    /// One character of a value and whether it differs from base.
    typealias Mark = (character: Character, changed: Bool)

    /// `line` with the characters that differ from `base` marked: what lies between the prefix and
    /// the suffix both share (a line base lacks is marked whole).
    static func marked(_ line: String, against base: String?) -> [Mark] {
        let chars = Array(line)
        guard let base else { return chars.map { ($0, true) } }
        let b = Array(base)
        var prefix = 0
        while prefix < chars.count, prefix < b.count, chars[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < chars.count - prefix, suffix < b.count - prefix, chars[chars.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return chars.enumerated().map { i, c in (c, i >= prefix && i < chars.count - suffix) }
    }

    /// Marked lines wrapped to `width` columns (TerminalKit's wrapping: Latin words whole, CJK
    /// anywhere but before closing punctuation), the marked characters in `Theme.changed`.
    static func wrapped(_ lines: [[Mark]], width: Int) -> [[Span]] {
        lines.flatMap { line -> [[Span]] in
            var spans: [Span] = []
            for m in line {
                let style = m.changed ? Theme.changed : Style.plain
                if let last = spans.last, last.style == style {
                    spans[spans.count - 1].text.append(m.character)
                } else {
                    spans.append(Span(String(m.character), style: style))
                }
            }
            return spans.isEmpty ? [[]] : TextWrap.wrap(spans, width: max(1, width))
        }
    }

    /// The three sides of a field, each as marked lines (ours and theirs against base, line by line).
    static func sides(_ f: FieldConflict) -> [(title: String, lines: [[Mark]])] {
        let base = lines(f.base)
        func side(_ node: Node?) -> [[Mark]] {
            lines(node).enumerated().map { i, line in
                // A list item base also has, anywhere, is no change: lists are compared row by row.
                if case .list? = node?.value, base.contains(line) { return marked(line, against: line) }
                return marked(line, against: i < base.count ? base[i] : nil)
            }
        }
        return [(Text.sideBase.text, base.map { marked($0, against: $0) }), (Text.sideOurs.text, side(f.ours)), (Text.sideTheirs.text, side(f.theirs))]
    }

    /// The three columns of the side-by-side form in `area`.
    static func columns(_ area: Rect) -> [(x: Int, width: Int)] {
        let width = (area.width - 2 - 2 * 3) / 3
        return (0..<3).map { (area.x + 2 + $0 * (width + 3), width) }
    }

    /// Draws the field in `area`; returns nothing when the area is too small to say anything.
    static func render(_ f: FieldConflict, in area: Rect, _ buffer: inout Buffer) {
        guard area.height > 1, area.width > 10 else { return }
        let sides = sides(f)
        buffer.put(Text.conflictFullValues(Names.fieldOrPath(f.key)), x: area.x, y: area.y, style: Theme.title, maxWidth: area.width)
        let body = Rect(x: area.x + 2, y: area.y + 1, width: area.width - 2, height: area.height - 1)
        if area.width >= sideBySideFrom {
            for (side, column) in zip(sides, columns(area)) {
                buffer.put(side.title, x: column.x, y: body.y, style: Style(bold: true, underline: true), maxWidth: column.width)
                draw(wrapped(side.lines, width: column.width), x: column.x, y: body.y + 1, height: body.height - 1, &buffer)
            }
            return
        }
        // Stacked: each side as many lines as it needs, shared fairly when they do not all fit.
        let all = sides.map { wrapped($0.lines, width: body.width - 2) }
        var heights = all.map { $0.count + 1 }
        while heights.reduce(0, +) > body.height, let i = heights.indices.max(by: { heights[$0] < heights[$1] }), heights[i] > 2 { heights[i] -= 1 }
        var y = body.y
        for (k, side) in sides.enumerated() where y < body.maxY {
            buffer.put(side.title, x: body.x, y: y, style: Style(bold: true, underline: true), maxWidth: body.width)
            let shown = heights[k] - 1
            let lines = all[k]
            draw(Array(lines.prefix(shown)), x: body.x + 2, y: y + 1, height: min(shown, body.maxY - y - 1), &buffer)
            if lines.count > shown, shown > 0, y + shown < body.maxY {
                buffer.put("…", x: body.maxX - 1, y: y + shown, style: Theme.dim)
            }
            y += heights[k]
        }
    }

    static func draw(_ lines: [[Span]], x: Int, y: Int, height: Int, _ buffer: inout Buffer) {
        for (i, line) in lines.prefix(max(0, height)).enumerated() {
            var column = x
            for span in line { column += buffer.put(span.text, x: column, y: y + i, style: span.style) }
        }
    }
}

extension String {
    /// The text without the quotes `FieldDiff.text` puts around a string.
    var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
