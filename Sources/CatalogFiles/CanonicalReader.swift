import CatalogCore

/// Reads files written in canonical form (what `scencat fmt` writes) several times faster than
/// libyaml through Yams: `YAMLReader.read` tries it first and takes the Yams path on any nil.
///
/// It understands only the block layout the canonical writer produces — `key: value` mappings,
/// block sequences (indentless or indented), plain, single- and double-quoted (without escapes)
/// scalars and `|`, `|-`, `|+` literal blocks — and answers nil for anything else (comments, flow
/// collections, folded or escaped text, anchors, tags, tabs, CR, several documents, duplicate
/// keys, unusual indentation, nesting or node counts near `YAMLReader`'s limits), so the caller
/// takes the Yams path, which gives every diagnostic. Plain scalars resolve as the Yams path
/// resolves them (`PlainScalar.resolve`) and positions are libyaml's marks (a mapping at its first
/// key, a sequence at its first dash, an empty value just after its colon). Tests compare the two.
enum CanonicalReader {
    /// `positions: false` leaves every position at 1:1 (faster, for callers that report nothing).
    /// `nodeLimit`: more nodes than this and the file is left to the Yams path.
    /// `controlsChecked`: the caller found no byte below 0x20 but LF, no C1 control and no line or
    /// paragraph separator in `bytes` (`TextCheck.isPlainlyClean`), so they are not looked for again.
    static func parse(_ bytes: [UInt8], positions: Bool = true, nodeLimit: Int = CanonicalReader.nodeLimit,
                      controlsChecked: Bool = false) -> CatalogCore.Node? {
        // Bytes the subset never holds: control characters but LF (tabs, CR), a byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
        if !controlsChecked {
            for b in bytes where b < 0x20 && b != 0x0A { return nil }
            // C1 controls and the Unicode line and paragraph separators (YAML 1.1 line breaks).
            for k in bytes.indices.dropLast() where (bytes[k] == 0xC2 && bytes[k + 1] < 0xA0) || (bytes[k] == 0xE2 && bytes[k + 1] == 0x80
                                                        && k + 2 < bytes.count && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9)) {
                return nil
            }
        }
        var p = Parser(bytes)
        p.positions = positions
        p.nodeLimit = nodeLimit
        guard let root = p.mapping(indent: 0), p.atEnd, p.nodes <= nodeLimit else { return nil }
        return root
    }

    /// Well inside `YAMLReader`'s limits, so that a file near them is judged by the Yams path.
    static let nodeLimit = YAMLReader.nodeBudget / 2
    static let depthLimit = YAMLReader.maxDepth / 2

    struct Parser {
        let b: [UInt8]
        /// Nodes and keys read so far; collections open around the current line.
        var nodes = 0
        var depth = 0
        /// [start, end) of each line, without its LF.
        var lines: [(start: Int, end: Int)] = []
        var i = 0
        /// When set, the current line's first `n` bytes count as spaces (the `- ` of a sequence item
        /// whose mapping starts on the same line).
        var maskedPrefix = 0
        var positions = true
        var nodeLimit = CanonicalReader.nodeLimit

        init(_ bytes: [UInt8]) {
            b = bytes
            var start = 0
            lines.reserveCapacity(64)
            for (k, c) in bytes.enumerated() where c == 0x0A {
                lines.append((start, k))
                start = k + 1
            }
            if start < bytes.count { lines.append((start, bytes.count)) }
        }

        var atEnd: Bool {
            var k = i
            while k < lines.count {
                if !isBlank(k) { return false }
                k += 1
            }
            return true
        }

        func isBlank(_ k: Int) -> Bool {
            var j = lines[k].start
            while j < lines[k].end { if b[j] != 0x20 { return false }; j += 1 }
            return true
        }

        func indent(_ k: Int) -> Int {
            var j = lines[k].start
            while j < lines[k].end && b[j] == 0x20 { j += 1 }
            return j - lines[k].start
        }

        /// The indentation of line `k` as the parser sees it (a masked `- ` counts as spaces).
        func effectiveIndent(_ k: Int) -> Int {
            if k == i && maskedPrefix > 0 {
                var j = lines[k].start + maskedPrefix
                while j < lines[k].end && b[j] == 0x20 { j += 1 }
                return j - lines[k].start
            }
            return indent(k)
        }

        mutating func skipBlank() { while i < lines.count && isBlank(i) && maskedPrefix == 0 { i += 1 } }

        /// Whether bytes [a, aEnd) equal bytes [c, cEnd) (keys are ASCII: equal text is equal bytes).
        func sameBytes(_ a: Int, _ aEnd: Int, _ c: Int, _ cEnd: Int) -> Bool {
            guard aEnd - a == cEnd - c else { return false }
            var x = a, y = c
            while x < aEnd { if b[x] != b[y] { return false }; x += 1; y += 1 }
            return true
        }

        func text(_ from: Int, _ to: Int) -> String { String(decoding: b[from..<to], as: UTF8.self) }

        func position(_ k: Int, _ offset: Int) -> SourcePosition {
            guard positions else { return .start }
            // Columns count Unicode scalars: count the lead bytes before `offset`.
            var col = 1
            var j = lines[k].start
            while j < offset { if b[j] & 0xC0 != 0x80 { col += 1 }; j += 1 }
            return SourcePosition(line: k + 1, column: col)
        }

        /// A block mapping whose keys sit at column `indent`.
        mutating func mapping(indent: Int) -> CatalogCore.Node? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CanonicalReader.depthLimit, nodes <= nodeLimit else { return nil }
            var fields: [Field] = []
            // Each key's bytes [start, end): a key given twice is left to the Yams path.
            var keys: [(start: Int, end: Int)] = []
            let startLine = i
            while true {
                skipBlank()
                guard i < lines.count else { break }
                let ind = effectiveIndent(i)
                if ind < indent { break }
                if ind > indent { return nil }
                let line = lines[i]
                var j = line.start + ind
                // A key: [a-z0-9_], then ':'.
                let keyStart = j
                while j < line.end, b[j] != 0x3A {
                    let c = b[j]
                    guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F else { return nil }
                    j += 1
                }
                guard j < line.end, j > keyStart else { return nil }
                guard !keys.contains(where: { sameBytes($0.start, $0.end, keyStart, j) }) else { return nil }
                keys.append((keyStart, j))
                let key = text(keyStart, j)
                let keyPos = position(i, keyStart)
                j += 1 // ':'
                let lineIndex = i
                maskedPrefix = 0
                let value: CatalogCore.Node?
                if j == line.end {
                    i += 1
                    value = nested(parentIndent: indent, at: position(lineIndex, j))
                } else {
                    guard b[j] == 0x20, j + 1 < line.end, b[j + 1] != 0x20 else { return nil }
                    value = scalar(line: lineIndex, from: j + 1, parentIndent: indent)
                }
                guard let value else { return nil }
                nodes += 2
                fields.append(Field(key, value, keyPosition: keyPos))
            }
            if fields.isEmpty && i == startLine { return nil }
            return CatalogCore.Node(.map(fields), at: fields.first?.keyPosition ?? .start)
        }

        /// What follows `key:` at the end of its line: a sequence, a nested mapping, or nothing (null).
        mutating func nested(parentIndent: Int, at pos: SourcePosition) -> CatalogCore.Node? {
            var k = i
            while k < lines.count && isBlank(k) { k += 1 }
            guard k < lines.count else { return CatalogCore.Node(.null, at: pos) }
            let ind = indent(k)
            let line = lines[k]
            let isItem = b[line.start + ind] == 0x2D && (line.start + ind + 1 == line.end || b[line.start + ind + 1] == 0x20)
            if isItem && ind >= parentIndent {
                i = k
                return sequence(indent: ind)
            }
            if ind > parentIndent {
                i = k
                return mapping(indent: ind)
            }
            return CatalogCore.Node(.null, at: pos)
        }

        /// A block sequence whose dashes sit at column `indent`.
        mutating func sequence(indent: Int) -> CatalogCore.Node? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= CanonicalReader.depthLimit, nodes <= nodeLimit else { return nil }
            var items: [CatalogCore.Node] = []
            let first = i
            while true {
                skipBlank()
                guard i < lines.count else { break }
                let ind = self.indent(i)
                guard ind == indent else {
                    if ind > indent { return nil }
                    break
                }
                let line = lines[i]
                let dash = line.start + ind
                guard b[dash] == 0x2D else { break }
                guard dash + 1 < line.end, b[dash + 1] == 0x20, dash + 2 < line.end, b[dash + 2] != 0x20 else { return nil }
                let content = dash + 2
                if looksLikeKey(content, line.end) {
                    // A mapping starting on the dash's line: its keys sit two columns right of the dash.
                    maskedPrefix = content - line.start
                    guard let m = mapping(indent: ind + 2) else { return nil }
                    items.append(m)
                } else {
                    guard let v = scalar(line: i, from: content, parentIndent: ind) else { return nil }
                    items.append(v)
                }
                nodes += 1
            }
            guard i > first else { return nil }
            return CatalogCore.Node(.list(items), at: position(first, lines[first].start + indent))
        }

        /// `key:` or `key: ` at `from`, with a plain lower-case key.
        func looksLikeKey(_ from: Int, _ end: Int) -> Bool {
            var j = from
            while j < end {
                let c = b[j]
                if c == 0x3A { return j > from && (j + 1 == end || b[j + 1] == 0x20) }
                guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F else { return false }
                j += 1
            }
            return false
        }

        /// A scalar starting at byte `from` of line `line`; a literal block also takes the lines after.
        /// Leaves `i` on the line after the scalar.
        mutating func scalar(line: Int, from: Int, parentIndent: Int) -> CatalogCore.Node? {
            maskedPrefix = 0
            let end = lines[line].end
            let pos = position(line, from)
            let c = b[from]
            switch c {
            case 0x27: // 'single quoted', '' for a quote
                var out: [UInt8] = []
                var j = from + 1
                while j < end {
                    if b[j] == 0x27 {
                        if j + 1 < end && b[j + 1] == 0x27 { out.append(0x27); j += 2; continue }
                        break
                    }
                    out.append(b[j])
                    j += 1
                }
                guard j == end - 1 else { return nil } // closed, and nothing after the quote
                i = line + 1
                guard !continues(parentIndent) else { return nil }
                return CatalogCore.Node(.string(String(decoding: out, as: UTF8.self)), at: pos)
            case 0x22: // "double quoted", without escapes
                var j = from + 1
                while j < end && b[j] != 0x22 { if b[j] == 0x5C { return nil }; j += 1 }
                guard j == end - 1 else { return nil }
                i = line + 1
                guard !continues(parentIndent) else { return nil }
                return CatalogCore.Node(.string(text(from + 1, j)), at: pos)
            case 0x7C: // | literal block
                return literal(line: line, from: from, parentIndent: parentIndent, pos: pos)
            case 0x3E, 0x5B, 0x7B, 0x26, 0x2A, 0x21, 0x25, 0x40, 0x60, 0x23, 0x2C, 0x3F, 0x3A, 0x2D:
                // > [ { & * ! % @ ` # , ? : - : folded, flow, anchor, alias, tag, directive,
                // comment or indicator. A '-' followed by a non-space is plain text or a number
                // (YAML 1.2's plain-safe rule), e.g. a negative amount or a title like "-x".
                if c == 0x2D, from + 1 < end, b[from + 1] != 0x20, b[from + 1] != 0x09 { break }
                return nil
            default:
                break
            }
            // Plain: one line, no comment, no mapping inside, no trailing space.
            var j = from
            while j < end {
                if b[j] == 0x23 && b[j - 1] == 0x20 { return nil }
                if b[j] == 0x3A && (j + 1 == end || b[j + 1] == 0x20) { return nil }
                j += 1
            }
            if b[end - 1] == 0x20 { return nil }
            if end - from == 3 && ((b[from] == 0x2D && b[from + 1] == 0x2D && b[from + 2] == 0x2D)
                                   || (b[from] == 0x2E && b[from + 1] == 0x2E && b[from + 2] == 0x2E)) { return nil } // --- and ...
            let s = text(from, end)
            i = line + 1
            guard !continues(parentIndent) else { return nil }
            return CatalogCore.Node(PlainScalar.resolve(s), at: pos)
        }

        /// True when the next non-blank line is indented past `parentIndent` without starting a
        /// sequence item at the parent's level: it would continue a multi-line flow scalar.
        func continues(_ parentIndent: Int) -> Bool {
            var k = i
            while k < lines.count && isBlank(k) { k += 1 }
            return k < lines.count && indent(k) > parentIndent
        }

        mutating func literal(line: Int, from: Int, parentIndent: Int, pos: SourcePosition) -> CatalogCore.Node? {
            let header = text(from, lines[line].end)
            enum Chomp { case strip, clip, keep }
            let chomp: Chomp
            switch header {
            case "|": chomp = .clip
            case "|-": chomp = .strip
            case "|+": chomp = .keep
            default: return nil // indentation indicators, comments
            }
            var k = line + 1
            // The first content line sets the indentation; a leading empty line is left to libyaml.
            guard k < lines.count, !isBlank(k) else { return nil }
            let contentIndent = indent(k)
            guard contentIndent > parentIndent else { return nil }
            // The content lines' bytes joined by line feeds, made text once (a line feed ends any
            // UTF-8 sequence, so this is the text of each line joined).
            var content: [UInt8] = []
            var lineCount = 0
            var blankRun = 0
            while k < lines.count {
                let l = lines[k]
                if isBlank(k) {
                    if l.end - l.start > contentIndent { return nil } // spaces that would be content
                    blankRun += 1
                    k += 1
                    continue
                }
                if indent(k) < contentIndent { break }
                for _ in 0..<blankRun { if lineCount > 0 { content.append(0x0A) }; lineCount += 1 }
                blankRun = 0
                if lineCount > 0 { content.append(0x0A) }
                content.append(contentsOf: b[(l.start + contentIndent)..<l.end])
                lineCount += 1
                k += 1
            }
            i = k
            switch chomp {
            case .strip: break
            case .clip: content.append(0x0A)
            case .keep: content.append(contentsOf: repeatElement(0x0A, count: 1 + blankRun))
            }
            return CatalogCore.Node(.string(String(decoding: content, as: UTF8.self)), at: pos)
        }
    }
}
