import CatalogCore

/// Writes value trees as the same text libyaml gives (`CanonicalWriter.libyaml`), much faster.
///
/// A published list holds tens of thousands of records; serialising each through Yams (libyaml's
/// emitter behind a Swift tree) costs ~250 µs a record, most of a publication's time budget. This
/// writer lays out block mappings and sequences itself, into a byte buffer, and writes directly the
/// scalars whose style is beyond doubt: plain text (ordinary words, ids, quarters, numbers, dates)
/// and literal blocks of ordinary multi-line text. Any other scalar (quoted, unusual characters)
/// is written by `CanonicalWriter` and spliced in, so those style decisions stay libyaml's. Tests
/// compare the two writers byte for byte, on the demo catalogue and on random hostile text.
public enum YAMLText {
    /// The whole document for a top-level mapping.
    public static func document(_ fields: [Field]) -> String {
        if fields.contains(where: { hasContextDependentText($0.value.value) }) { return CanonicalWriter.libyaml(fields) }
        var out: [UInt8] = []
        out.reserveCapacity(fields.count * 32)
        mapping(fields, column: 0, dash: false, into: &out)
        if endsWithKeptBlock(fields) { out += "...\n".utf8 }
        return String(decoding: out, as: UTF8.self)
    }

    /// One item of a top-level block sequence (`- key: value` then keys indented by two).
    public static func sequenceItem(_ fields: [Field]) -> String {
        if fields.contains(where: { hasContextDependentText($0.value.value) }) {
            // The record as the item of a top-level sequence, laid out by libyaml itself.
            let text = CanonicalWriter.libyaml([Field("k", Node(.list([Node(.map(fields))])))])
            return String(text.dropFirst(3)) // "k:\n"
        }
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        mapping(fields, column: 2, dash: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A mapping whose keys sit at `column`; with `dash`, the first key follows `- ` at column − 2
    /// instead of indentation.
    static func mapping(_ fields: [Field], column: Int, dash: Bool, into out: inout [UInt8]) {
        if fields.isEmpty {
            if dash { indent(column - 2, &out); out += "- ".utf8 }
            out += "{}\n".utf8
            return
        }
        for (i, f) in fields.enumerated() {
            if i == 0 && dash {
                indent(column - 2, &out)
                out.append(0x2D); out.append(0x20)
            } else {
                indent(column, &out)
            }
            out += f.key.utf8
            out.append(0x3A)
            value(f.value.value, column: column, into: &out)
        }
    }

    /// A mapping value: a scalar on the key's line, or a nested block on the following lines.
    static func value(_ v: Value, column: Int, into out: inout [UInt8]) {
        switch v {
        case .list(let items):
            if items.isEmpty { out += " []\n".utf8; return }
            out.append(0x0A)
            // libyaml writes a sequence inside a mapping without extra indentation.
            for item in items {
                if case .map(let fields) = item.value {
                    mapping(fields, column: column + 2, dash: true, into: &out)
                } else {
                    indent(column, &out)
                    out.append(0x2D)
                    scalar(item.value, column: column, into: &out)
                }
            }
        case .map(let fields):
            if fields.isEmpty { out += " {}\n".utf8; return }
            out.append(0x0A)
            mapping(fields, column: column + 2, dash: false, into: &out)
        default:
            scalar(v, column: column, into: &out)
        }
    }

    /// ` text\n` for a scalar after `key:` or `-`.
    static func scalar(_ v: Value, column: Int, into out: inout [UInt8]) {
        switch v {
        case .null: out += " null\n".utf8
        case .number(_, let raw), .bool(_, let raw): out.append(0x20); out += raw.utf8; out.append(0x0A)
        case .date(let s): out.append(0x20); out += s.utf8; out.append(0x0A)
        case .string(let s):
            switch classify(s) {
            case .plain: out.append(0x20); out += s.utf8; out.append(0x0A)
            case .literal: literal(s, column: column, into: &out)
            case .other: out += spliced(v, column: column).utf8
            }
        default:
            out += spliced(v, column: column).utf8
        }
    }

    /// `CanonicalWriter`'s text for `v` as the value of a one-key mapping `k: value`, without the
    /// `k:` (so it starts with the space or line break after the colon), continuation lines moved
    /// right by `column` (libyaml indents a block scalar two past its key).
    static func spliced(_ v: Value, column: Int) -> String {
        var text = Substring(CanonicalWriter.libyaml([Field("k", Node(v))]))
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
            // CR; NEL is C2 85; LS and PS are E2 80 A8 / A9.
            var previous: UInt8 = 0, beforePrevious: UInt8 = 0
            for b in s.utf8 {
                if b == 0x0D || (previous == 0xC2 && b == 0x85) || (beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9)) {
                    return true
                }
                beforePrevious = previous
                previous = b
            }
            return false
        case .list(let items): return items.contains { hasContextDependentText($0.value) }
        case .map(let fields): return fields.contains { hasContextDependentText($0.value.value) }
        default: return false
        }
    }

    @inline(__always)
    static func indent(_ n: Int, _ out: inout [UInt8]) {
        for _ in 0..<max(0, n) { out.append(0x20) }
    }

    enum Style { case plain, literal, other }

    /// How libyaml writes `s` (as `CanonicalWriter` asks it to), when that is beyond doubt:
    /// `.plain` — block-context plain text that YAML reads back as the same text;
    /// `.literal` — multi-line text as a literal block (LF breaks only, no tab, no line ending in a
    /// space, no leading space or break); `.other` for everything else (left to libyaml).
    static func classify(_ s: String) -> Style {
        let u = s.utf8
        guard let first = u.first else { return .other }
        if first >= 0x30 && first <= 0x39 { return isQuarter(u) ? .plain : .other }
        // Never a space, a break or punctuation first (indicators, quotes, signs, dots).
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        guard isLetter || (first >= 0x80 && first < 0xF0) else { return .other }
        var hasBreak = false
        var plainOK = true
        var previous: UInt8 = 0
        var count = 0
        // A multi-byte character being read: its lead byte, the continuation bytes still expected, the first two seen.
        var lead: UInt8 = 0, pending = 0, t0: UInt8 = 0, t1: UInt8 = 0
        for b in u {
            count += 1
            if pending > 0 {
                guard b & 0xC0 == 0x80 else { return .other }
                if lead >= 0xE0 && pending == 2 { t0 = b } else if lead >= 0xE0 { t1 = b } else { t0 = b }
                pending -= 1
                if pending == 0 {
                    // C1 controls (C2 80–9F), LS and PS (E2 80 A8/A9), the ideographic space (E3 80 80: text
                    // to YAML, left to libyaml), the byte order mark (EF BB BF), U+FFFE and U+FFFF (EF BF BE/BF).
                    switch lead {
                    case 0xC2: if t0 < 0xA0 { return .other }
                    case 0xE2: if t0 == 0x80 && (t1 == 0xA8 || t1 == 0xA9) { return .other }
                    case 0xE3: if t0 == 0x80 && t1 == 0x80 { return .other }
                    case 0xEF: if (t0 == 0xBB && t1 == 0xBF) || (t0 == 0xBF && (t1 == 0xBE || t1 == 0xBF)) { return .other }
                    default: break
                    }
                }
                previous = b
                continue
            }
            if b >= 0x80 {
                // Beyond the BMP (4-byte characters) libyaml escapes in double quotes.
                guard b >= 0xC2 && b < 0xF0 else { return .other }
                lead = b
                pending = b >= 0xE0 ? 2 : 1
                previous = b
                continue
            }
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x20:
                break
            case 0x0A:
                if previous == 0x20 { return .other } // a line ending in a space: quoted
                hasBreak = true
            case 0x23: // '#' after a space starts a comment
                if previous == 0x20 { plainOK = false }
            case 0x3A, 0x2D, 0x5F, 0x2E, 0x2F, 0x28, 0x29, 0x2B, 0x3D, 0x7E, 0x24, 0x5E, 0x3B, 0x2C, 0x3F, 0x26, 0x2A, 0x21, 0x25, 0x40:
                break // : - _ . / ( ) + = ~ $ ^ ; , ? & * ! % @ — fine inside text (': ' is checked below)
            default:
                // Control characters (tab, CR) go to libyaml; quotes, backslash, brackets, braces,
                // | > < ` are fine inside a literal block, left to libyaml on one line.
                if b < 0x20 || b == 0x7F { return .other }
                plainOK = false
            }
            // ':' before a space or a break is a mapping indicator.
            if previous == 0x3A && (b == 0x20 || b == 0x0A) { plainOK = false }
            previous = b
        }
        if pending > 0 || previous == 0x20 { return .other } // trailing space: quoted
        // Multi-line: a literal block (the first byte is a letter or a character, so no leading
        // space or break; no tab, CR or line ending in a space).
        if hasBreak { return .literal }
        if !plainOK || previous == 0x3A { return .other }
        // Starting with a letter, only YAML 1.1's words for booleans and null (5 letters at most) read otherwise.
        if count <= 5, case .string = PlainScalar.resolve(s) {
            return .plain
        } else if count <= 5 {
            return .other
        }
        return .plain
    }

    /// A literal block as libyaml writes it: `|` with `-` (no final line break), nothing (one) or
    /// `+` (more), then each line indented two past the key, empty lines left empty.
    static func literal(_ s: String, column: Int, into out: inout [UInt8]) {
        let u = s.utf8
        var trailing = 0
        var i = u.endIndex
        while i > u.startIndex {
            let j = u.index(before: i)
            guard u[j] == 0x0A else { break }
            trailing += 1
            i = j
        }
        out += (trailing == 0 ? " |-\n" : (trailing == 1 ? " |\n" : " |+\n")).utf8
        var atLineStart = true
        var k = u.startIndex
        // Lines up to the last text; each trailing break after it is written as it is.
        while k < i {
            let b = u[k]
            if b == 0x0A {
                out.append(0x0A)
                atLineStart = true
            } else {
                if atLineStart { indent(column + 2, &out); atLineStart = false }
                out.append(b)
            }
            k = u.index(after: k)
        }
        for _ in 0..<max(1, trailing) { out.append(0x0A) }
    }

    /// `YYYY-Qn`.
    static func isQuarter(_ u: String.UTF8View) -> Bool {
        guard u.count == 7 else { return false }
        var k = 0
        for b in u {
            switch k {
            case 0...3: if !(b >= 0x30 && b <= 0x39) { return false }
            case 4: if b != 0x2D { return false }
            case 5: if b != 0x51 { return false }
            default: if !(b >= 0x31 && b <= 0x34) { return false }
            }
            k += 1
        }
        return true
    }
}
