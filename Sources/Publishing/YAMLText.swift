import CatalogCore
import CatalogFiles

/// Writes value trees as the same text `CanonicalWriter.yaml` gives, much faster.
///
/// A published list holds tens of thousands of records; serialising each through Yams (libyaml's
/// emitter behind a Swift tree) costs ~250 µs a record, most of a publication's time budget. This
/// writer lays out block mappings and sequences itself and writes the scalars that are plain
/// beyond doubt (ordinary text, ids, quarters, numbers, dates) directly; any other scalar (quoted,
/// literal block, unusual characters) is written by `CanonicalWriter` and spliced in, so the style
/// decisions stay libyaml's. Tests compare the two writers byte for byte.
enum YAMLText {
    /// The whole document for a top-level mapping.
    static func document(_ fields: [Field]) -> String {
        if fields.contains(where: { hasContextDependentText($0.value.value) }) { return CanonicalWriter.yaml(fields) }
        var out = ""
        out.reserveCapacity(fields.count * 32)
        mapping(fields, column: 0, firstPrefix: "", into: &out)
        if endsWithKeptBlock(fields) { out += "...\n" }
        return out
    }

    /// One item of a top-level block sequence (`- key: value` then keys indented by two).
    static func sequenceItem(_ fields: [Field]) -> String {
        if fields.contains(where: { hasContextDependentText($0.value.value) }) {
            // The record as the item of a top-level sequence, laid out by libyaml itself.
            let text = CanonicalWriter.yaml([Field("k", Node(.list([Node(.map(fields))])))])
            return String(text.dropFirst(3)) // "k:\n"
        }
        var out = ""
        out.reserveCapacity(1024)
        mapping(fields, column: 2, firstPrefix: "- ", into: &out)
        return out
    }

    /// A mapping whose keys sit at `column`; the first key is preceded by `firstPrefix` (a
    /// sequence dash) instead of indentation.
    static func mapping(_ fields: [Field], column: Int, firstPrefix: String, into out: inout String) {
        if fields.isEmpty {
            out += firstPrefix + "{}\n"
            return
        }
        for (i, f) in fields.enumerated() {
            if i == 0 && !firstPrefix.isEmpty { out += firstPrefix } else { indent(column, &out) }
            out += f.key
            out += ":"
            value(f.value.value, key: f.key, column: column, into: &out)
        }
    }

    /// A mapping value: a scalar on the key's line, or a nested block on the following lines.
    static func value(_ v: Value, key: String, column: Int, into out: inout String) {
        switch v {
        case .list(let items):
            if items.isEmpty { out += " []\n"; return }
            out += "\n"
            // libyaml writes a sequence inside a mapping without extra indentation.
            for item in items {
                switch item.value {
                case .map(let fields):
                    mapping(fields, column: column + 2, firstPrefix: String(repeating: " ", count: column) + "- ", into: &out)
                default:
                    indent(column, &out)
                    out += "-"
                    scalar(item.value, column: column, into: &out)
                }
            }
        case .map(let fields):
            if fields.isEmpty { out += " {}\n"; return }
            out += "\n"
            mapping(fields, column: column + 2, firstPrefix: "", into: &out)
        default:
            scalar(v, column: column, into: &out)
        }
    }

    /// ` text\n` for a scalar after `key:` or `-`.
    static func scalar(_ v: Value, column: Int, into out: inout String) {
        switch v {
        case .null: out += " null\n"
        case .number(_, let raw), .bool(_, let raw): out += " " + raw + "\n"
        case .date(let s): out += " " + s + "\n"
        case .string(let s):
            if isPlainBeyondDoubt(s) {
                out += " " + s + "\n"
            } else {
                out += spliced(v, column: column)
            }
        default:
            out += spliced(v, column: column)
        }
    }

    /// `CanonicalWriter`'s text for `v` as the value of a one-key mapping `k: value`, without the
    /// `k:` (so it starts with the space or line break after the colon), continuation lines moved
    /// right by `column` (libyaml indents a block scalar two past its key).
    static func spliced(_ v: Value, column: Int) -> String {
        var text = Substring(CanonicalWriter.yaml([Field("k", Node(v))]))
        // After a `|+` block at the end of a document libyaml marks the end (`...`); inside a
        // document it does not (`document` adds the marker back when the block ends the document).
        if text.hasSuffix("\n...\n") { text = text.dropLast(4) }
        let body = text.dropFirst(2) // "k:"
        guard column > 0, let firstBreak = body.firstIndex(of: "\n"), body.index(after: firstBreak) < body.endIndex else {
            return String(body)
        }
        let pad = String(repeating: " ", count: column)
        var out = String(body[...firstBreak])
        for line in body[body.index(after: firstBreak)...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if !line.isEmpty { out += pad }
            out += line
            out += "\n"
        }
        return out
    }

    /// Whether the last scalar of the tree is text that libyaml writes as a `|+` block (multi-line
    /// text ending in more than one line break), after which it ends the document with `...`.
    static func endsWithKeptBlock(_ fields: [Field]) -> Bool {
        var v = fields.last?.value.value
        while let current = v {
            switch current {
            case .map(let f): v = f.last?.value.value
            case .list(let items): v = items.last?.value
            case .string(let s):
                return s.hasSuffix("\n\n") && spliced(current, column: 0).hasPrefix(" |")
            default: return false
            }
        }
        return false
    }

    /// Text holding a line break other than LF (CR, NEL, LS, PS): libyaml breaks quoted text there
    /// and indents the next line by the depth it writes at, which splicing cannot reproduce.
    static func hasContextDependentText(_ v: Value) -> Bool {
        switch v {
        case .string(let s):
            return s.unicodeScalars.contains { $0 == "\r" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
        case .list(let items): return items.contains { hasContextDependentText($0.value) }
        case .map(let fields): return fields.contains { hasContextDependentText($0.value.value) }
        default: return false
        }
    }

    @inline(__always)
    static func indent(_ n: Int, _ out: inout String) {
        for _ in 0..<n { out += " " }
    }

    /// True when libyaml writes `s` as a plain scalar in block context and YAML reads it back as
    /// the same text. Conservative: anything unusual answers false and goes through libyaml.
    static func isPlainBeyondDoubt(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return false }
        // Starts with a letter, a digit or a non-ASCII character; never a space or punctuation
        // (indicators, quotes, signs, dots).
        let firstOK = (first >= 0x30 && first <= 0x39) || (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first >= 0x80
        guard firstOK, last != 0x20 else { return false }
        if first >= 0x30 && first <= 0x39 {
            // Digits first: a quarter is plain; anything else that starts with a digit might read
            // as a number or a date, or look like one to a person (CanonicalWriter quotes those).
            return isQuarter(u)
        }
        var previous: UInt8 = 0
        var scalars = s.unicodeScalars.makeIterator()
        var i = 0
        let bytes = Array(u)
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                switch b {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: break
                case 0x20: // a space, but never two kinds of trouble: " #" is a comment
                    if i + 1 < bytes.count && bytes[i + 1] == 0x23 { return false }
                case 0x2D, 0x5F, 0x2E, 0x2F, 0x28, 0x29, 0x2B, 0x3D, 0x7E, 0x24, 0x5E, 0x3B: // - _ . / ( ) + = ~ $ ^ ;
                    break
                case 0x3A: // ':' only when followed by something other than a space (as in a URL)
                    guard i + 1 < bytes.count, bytes[i + 1] != 0x20 else { return false }
                case 0x23: // '#' only when not after a space
                    if previous == 0x20 { return false }
                case 0x2C, 0x3F, 0x26, 0x2A, 0x21, 0x25, 0x40: // , ? & * ! % @ inside text are fine in block context
                    break
                default:
                    return false // control characters, quotes, backslash, brackets, braces, | > ` < ...
                }
                previous = b
                i += 1
                continue
            }
            previous = b
            i += 1
        }
        // Non-ASCII: only characters libyaml prints as they are (no line or paragraph separators,
        // no byte order mark, no private-use or unassigned oddities beyond the BMP's printable range).
        while let c = scalars.next() {
            let v = c.value
            if v < 0x80 { continue }
            if v < 0xA0 || v >= 0x10000 || v == 0x2028 || v == 0x2029 || v == 0xFEFF || (v >= 0xD800 && v < 0xE000) || v == 0xFFFE || v == 0xFFFF { return false }
            // Ideographic space at an edge counts as text to YAML but confuses people; let libyaml decide.
            if v == 0x3000 { return false }
        }
        guard case .string = PlainScalar.resolve(s) else { return false }
        if s.hasPrefix("<<") { return false }
        return true
    }

    /// `YYYY-Qn`.
    static func isQuarter<C: Collection>(_ u: C) -> Bool where C.Element == UInt8 {
        let b = Array(u)
        guard b.count == 7 else { return false }
        for i in 0..<4 where !(b[i] >= 0x30 && b[i] <= 0x39) { return false }
        return b[4] == 0x2D && b[5] == 0x51 && b[6] >= 0x31 && b[6] <= 0x34
    }
}
