import CatalogCore
import Yams

/// Reads the bytes of one catalogue file into a positioned `CatalogCore.Node` tree, refusing
/// anything the catalogue format forbids before or while parsing: non-UTF-8, control characters,
/// tabs in indentation, merge-conflict markers, anchors and aliases (alias bombs included),
/// several documents, explicit tags, absurd nesting.
public enum YAMLReader {
    /// Largest file the catalogue accepts; bigger ones are refused unread.
    public static let maxFileSize = 1 << 20
    /// Nodes one file may hold; a 1 MiB file of real data stays far below this.
    static let nodeBudget = 200_000
    static let maxDepth = 64

    public struct Result: Sendable {
        public var root: CatalogCore.Node?
        public var diagnostics: [Diagnostic]
    }

    /// Parses `bytes` of the file named `file` (relative to the catalogue, used in diagnostics).
    ///
    /// One reader, two speeds: after the byte-level checks, a file in canonical form is read by
    /// `CanonicalReader`; anything else, or anything it doubts, by libyaml through Yams, which
    /// gives every diagnostic. Both give the same tree and positions (tests compare them).
    /// `positions: false` lets the canonical path leave positions at 1:1, for callers that
    /// report nothing (publishing a validated catalogue).
    /// `limit`: register snapshots (docs/0018) may be larger than entity files.
    public static func read(_ bytes: [UInt8], file: String, positions: Bool = true, limit: Int = maxFileSize) -> Result {
        read(bytes, file: file, positions: positions, canonicalPath: true, limit: limit)
    }

    /// `canonicalPath: false` reads by the Yams path alone: the reference the tests hold the fast path to.
    static func read(_ bytes: [UInt8], file: String, positions: Bool, canonicalPath: Bool, limit: Int = maxFileSize) -> Result {
        var diags: [Diagnostic] = []
        func fail(_ pos: SourcePosition, _ message: CodedMessage) -> Result {
            diags.append(.error(file, pos, message))
            return Result(root: nil, diagnostics: diags)
        }
        if bytes.count > limit {
            let size = sizeText(bytes.count), most = limit == maxFileSize ? "1 MiB" : sizeText(limit)
            return fail(.start, CodedMessage("file is \(size); catalogue files are limited to \(most)", "FileSize", [size, most]))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            diags.append(.warning(file, .start, "file starts with a UTF-8 byte order mark (scencat fmt removes it)", code: "BOM"))
            body = body.dropFirst(3)
        }
        // A plainly clean body holds no byte below 0x20 but line feeds (nor C1 controls, line
        // or paragraph separators): the canonical reader need not look for them again.
        let plain = TextCheck.isPlainlyClean(body)
        if !plain, let problem = TextCheck.exactFirstProblem(in: body) {
            return fail(problem.position, problem.coded)
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return fail(.start, CodedMessage("empty file: an entity file starts with 'kind:' and 'id:'", "EmptyFile", []))
        }
        if let alias = AliasScan.firstAliasedAnchor(in: body) {
            // Refused before composing: Yams hashes every mapping key while composing, and a key that is an
            // alias of an alias bomb would take minutes to hash.
            return fail(alias, Walker.anchor)
        }
        let budget = nodeBudget(limit: limit)
        if canonicalPath, diags.isEmpty,
           let root = CanonicalReader.parse(bytes, positions: positions, nodeLimit: budget / 2, controlsChecked: plain) {
            return Result(root: root, diagnostics: [])
        }
        return readWithYams(body, file: file, diagnostics: diags, nodeBudget: budget)
    }

    /// Nodes a file under `limit` may hold: `nodeBudget` per MiB allowed, so that a register snapshot
    /// (up to 64 MiB, 13 nodes a row) is not refused at 15,000 rows.
    static func nodeBudget(limit: Int) -> Int { nodeBudget * max(1, limit / maxFileSize) }

    /// The general path: libyaml through Yams, with a precise diagnostic for whatever stops it.
    static func readWithYams(_ body: ArraySlice<UInt8>, file: String, diagnostics: [Diagnostic] = [],
                             nodeBudget: Int = YAMLReader.nodeBudget) -> Result {
        var diags = diagnostics
        func fail(_ pos: SourcePosition, _ message: CodedMessage) -> Result {
            diags.append(.error(file, pos, message))
            return Result(root: nil, diagnostics: diags)
        }
        let text = String(decoding: body, as: UTF8.self)
        do {
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            // The parser must stay alive while walking: anchors are weak references it owns.
            return try withExtendedLifetime(parser) {
                guard let yamlRoot = try parser.nextRoot() else {
                    return fail(.start, CodedMessage("empty file: an entity file starts with 'kind:' and 'id:'", "EmptyFile", []))
                }
                var walker = Walker(file: file, budget: nodeBudget)
                let root = try walker.convert(yamlRoot, depth: 0)
                // A syntax error after the first document is still an error: never ignore the rest of the file.
                if let second = try parser.nextRoot() {
                    return fail(position(second.mark), CodedMessage("a catalogue file holds one YAML document; found another here", "SecondDocument", []))
                }
                return Result(root: root, diagnostics: diags)
            }
        } catch let e as WalkError {
            return fail(e.position, e.message)
        } catch let e as YamlError {
            let (pos, message) = describe(e, text: text)
            return fail(pos, message)
        } catch {
            return fail(.start, CodedMessage("could not read YAML: \(error)", "YAMLOther", ["\(error)"]))
        }
    }

    static func sizeText(_ n: Int) -> String {
        // Rounded up, so a file just over the limit never reads "1.0 MiB". (`>>` binds tighter than `*` in Swift.)
        let tenths = (n * 10 + (1 << 20) - 1) >> 20
        return n >= 1 << 20 ? "\(tenths / 10).\(tenths % 10) MiB" : "\(n) bytes"
    }

    static func position(_ mark: Mark?) -> SourcePosition {
        guard let m = mark, m.line > 0 else { return .start }
        return SourcePosition(line: m.line, column: max(1, m.column))
    }

    static func describe(_ error: YamlError, text: String) -> (SourcePosition, CodedMessage) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return SyntaxMessage.explain(problem: problem, context: context.map { ($0.text, position($0.mark)) },
                                         at: position(mark), text: text)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let first = position(context.mark)
            let pos = DuplicateKeyFinder.secondOccurrence(of: key, after: first, in: text) ?? first
            return (pos, CodedMessage("duplicate key '\(key)' (first at line \(first.line))", "DuplicateKey", [key, String(first.line)]))
        case let .reader(problem, offset, _, _):
            let text = "\(problem)\(offset.map { " at character \($0 + 1)" } ?? "")"
            return (.start, CodedMessage("could not read the file: \(text)", "YAMLReader", [text]))
        default:
            return (.start, CodedMessage("could not read YAML: \(error)", "YAMLOther", ["\(error)"]))
        }
    }
}

/// Turns libyaml's problem descriptions into messages that say what to change, at the place to change it.
enum SyntaxMessage {
    static func explain(problem: String, context: (text: String, position: SourcePosition)?, at pos: SourcePosition,
                        text: String) -> (SourcePosition, CodedMessage) {
        let ctx = context?.text ?? ""
        /// `YAML syntax error: …`, coded `Syntax` + `code`.
        func syntax(_ message: String, _ code: String, _ arguments: [String] = []) -> CodedMessage {
            CodedMessage("YAML syntax error: \(message)", "Syntax" + code, arguments)
        }
        switch problem {
        case "found unexpected end of stream" where ctx.contains("quoted scalar"):
            // Point at the opening quote, not at the end of the file.
            let open = context?.position ?? pos
            let quote = character(at: open, in: text).map { String($0) } ?? "quote"
            return (open, syntax("unclosed quote: the text opened with \(quote) here has no closing \(quote)", "Quote", [quote]))
        case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            let isList = problem.hasSuffix("']'")
            let (openChar, closeChar, what) = isList ? ("[", "]", "list") : ("{", "}", "mapping")
            if let c = context, c.position.line < pos.line || character(at: pos, in: text) == nil {
                return (c.position, syntax("unclosed '\(openChar)': the flow \(what) opened here has no matching '\(closeChar)'", isList ? "UnclosedList" : "UnclosedMapping"))
            }
            return (pos, syntax("expected ',' or '\(closeChar)' here, inside the flow \(what) opened with '\(openChar)'", isList ? "CommaList" : "CommaMapping"))
        case "mapping values are not allowed in this context":
            return (pos, syntax("unexpected ':' here; check the indentation of this line, or quote text that contains ': '", "Colon"))
        case "did not find expected key":
            return (pos, syntax("expected a 'key: value' line here; check the indentation, or quote a value that goes on after a closing quote", "Key"))
        case "did not find expected '-' indicator":
            return (pos, syntax("expected a list item ('- ') at this indentation; check the indentation of this line", "Item"))
        case "block sequence entries are not allowed in this context":
            return (pos, syntax("a list item ('- ') is not allowed here; put the list on the lines below its key", "ItemHere"))
        case "found character that cannot start any token":
            guard let c = character(at: pos, in: text) else { return (pos, syntax("this character cannot start a value; put the text in quotes", "StartThis")) }
            return (pos, syntax("'\(c)' cannot start a value; put the text in quotes", "Start", [String(c)]))
        case "found undefined alias":
            return (pos, Walker.alias)
        case "found unknown escape character":
            return (pos, syntax("unknown escape in double-quoted text; write \\\\ for a backslash, or use single quotes", "Escape"))
        case "did not find expected node content":
            return (pos, syntax("expected a value here", "Value"))
        case "did not find expected comment or line break" where ctx.contains("block scalar"):
            return (pos, syntax("only a comment may follow '|' or '>' on its line; start the text on the next line", "BlockScalar"))
        case "did not find expected <document start>":
            return (pos, syntax("unexpected content after the end of the document", "AfterEnd"))
        case "found unexpected document indicator":
            return (pos, syntax("a line starting with '---' or '...' ends the document, even inside quotes; indent it", "DocumentMarker"))
        case "mapping keys are not allowed in this context":
            return (pos, syntax("an explicit key ('? ') is not allowed here; check the indentation", "ExplicitKey"))
        case "did not find expected alphabetic or numeric character" where ctx.contains("anchor") || ctx.contains("alias"):
            let c = ctx.contains("anchor") ? "&" : "*"
            return (context?.position ?? pos, syntax("'\(c)' starts a YAML \(c == "&" ? "anchor" : "alias") here; put the text in quotes", c == "&" ? "Anchor" : "Alias"))
        case "did not find expected whitespace or line break" where ctx.contains("tag"):
            return (context?.position ?? pos, syntax("'!' starts a YAML tag here; put the text in quotes", "Tag"))
        case "could not find expected ':'":
            return (context?.position ?? pos, syntax("expected ':' after this key", "ColonAfterKey"))
        default:
            if problem.hasPrefix("Maximum nesting level reached") {
                return (pos, Walker.nesting)
            }
            // A problem not worded above keeps libyaml's text, as an argument.
            return (pos, syntax(ctx.isEmpty ? problem : "\(problem) (\(ctx))", "Other", [ctx.isEmpty ? problem : "\(problem) (\(ctx))"]))
        }
    }

    /// The character at a 1-based line and column (columns in Unicode scalars), or nil past the end of a line.
    static func character(at pos: SourcePosition, in text: String) -> Unicode.Scalar? {
        var line = 1
        var column = 1
        for u in text.unicodeScalars {
            if line == pos.line {
                if u == "\n" { return nil }
                if column == pos.column { return u }
                column += 1
            } else if u == "\n" {
                line += 1
                if line > pos.line { return nil }
            }
        }
        return nil
    }
}

struct WalkError: Error {
    var position: SourcePosition
    var message: CodedMessage
}

/// Converts Yams nodes into catalogue nodes, stopping at the first anchor or alias so that
/// an alias bomb is refused before anything expands it.
struct Walker {
    let file: String
    var budget = YAMLReader.nodeBudget
    var count = 0

    static let alias = CodedMessage("YAML aliases (*name) are not allowed in catalogue files; write the value out", "Alias", [])
    static let anchor = CodedMessage("YAML anchors (&name) are not allowed in catalogue files", "Anchor", [])
    static let nesting = CodedMessage("nesting is deeper than \(YAMLReader.maxDepth) levels", "Nesting", [String(YAMLReader.maxDepth)])

    mutating func convert(_ node: Yams.Node, depth: Int) throws -> CatalogCore.Node {
        count += 1
        let pos = YAMLReader.position(node.mark)
        if count > budget { throw WalkError(position: pos, message: CodedMessage("file has too many YAML nodes (more than \(budget))", "Nodes", [String(budget)])) }
        if depth > YAMLReader.maxDepth { throw WalkError(position: pos, message: Self.nesting) }
        if case .alias = node {
            throw WalkError(position: pos, message: Self.alias)
        }
        if node.anchor != nil {
            throw WalkError(position: pos, message: Self.anchor)
        }
        switch node {
        case .scalar(let s):
            try checkTag(s.tag, pos, quotedScalar: s.style != .plain)
            let value: Value = s.style == .plain ? PlainScalar.resolve(s.string) : .string(s.string)
            return CatalogCore.Node(value, at: pos)
        case .sequence(let seq):
            try checkTag(seq.tag, pos)
            var items: [CatalogCore.Node] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, depth: depth + 1)) }
            return CatalogCore.Node(.list(items), at: pos)
        case .mapping(let map):
            try checkTag(map.tag, pos)
            var fields: [Field] = []
            fields.reserveCapacity(map.count)
            for (k, v) in map {
                let keyPos = YAMLReader.position(k.mark)
                guard case .scalar(let ks) = k, k.anchor == nil else {
                    if case .alias = k { throw WalkError(position: keyPos, message: Self.alias) }
                    throw WalkError(position: keyPos, message: CodedMessage("mapping keys must be plain text", "PlainKey", []))
                }
                count += 1
                fields.append(Field(ks.string, try convert(v, depth: depth + 1), keyPosition: keyPos))
            }
            return CatalogCore.Node(.map(fields), at: pos)
        case .alias:
            throw WalkError(position: pos, message: Self.alias)
        }
    }

    /// Any tag written in the file is refused (`!!str 0012` too: quoting says the same without a tag).
    /// Yams gives an implicit tag an empty name, except that a quoted scalar arrives tagged `!!str`.
    private func checkTag(_ tag: Tag, _ pos: SourcePosition, quotedScalar: Bool = false) throws {
        let raw = tag.rawValue
        if raw.isEmpty || (quotedScalar && raw == "tag:yaml.org,2002:str") { return }
        let shown = raw.hasPrefix("tag:yaml.org,2002:") ? "!!" + raw.dropFirst("tag:yaml.org,2002:".count) : raw
        throw WalkError(position: pos, message: CodedMessage("explicit YAML tags (\(shown)) are not allowed in catalogue files; remove the tag", "ExplicitTag", [shown]))
    }
}

/// Finds where a duplicated key appears the second time: Yams only reports the first.
enum DuplicateKeyFinder {
    static func secondOccurrence(of key: String, after first: SourcePosition, in text: String) -> SourcePosition? {
        let lines = lines(of: text)
        let spellings = [Array(key.unicodeScalars), Array("\"\(key)\"".unicodeScalars), Array("'\(key)'".unicodeScalars)]
        /// The length of the key spelling at `i` when a ':' follows it (after optional spaces), else nil.
        func keyLength(_ line: [Unicode.Scalar], at i: Int) -> Int? {
            for spelling in spellings where line.count >= i + spelling.count && Array(line[i..<(i + spelling.count)]) == spelling {
                var j = i + spelling.count
                while j < line.count && line[j] == " " { j += 1 }
                if j < line.count && line[j] == ":" && (j + 1 == line.count || line[j + 1] == " ") { return spelling.count }
            }
            return nil
        }
        // Block style: the same key at the same column, on a later line.
        for (index, line) in lines.enumerated() where index + 1 > first.line {
            var i = 0
            while i < line.count && line[i] == " " { i += 1 }
            while i + 1 < line.count && line[i] == "-" && line[i + 1] == " " {
                i += 2
                while i < line.count && line[i] == " " { i += 1 }
            }
            if i + 1 == first.column, keyLength(line, at: i) != nil { return SourcePosition(line: index + 1, column: i + 1) }
        }
        // Flow style (`{a: 1, a: 2}`): the next spelling of the key after the first, where a key can start.
        for (index, line) in lines.enumerated() where index + 1 >= first.line {
            for i in line.indices where index + 1 > first.line || i + 1 > first.column {
                let before: Unicode.Scalar = i == 0 ? " " : line[i - 1]
                guard before == " " || before == "{" || before == "," else { continue }
                if keyLength(line, at: i) != nil { return SourcePosition(line: index + 1, column: i + 1) }
            }
        }
        return nil
    }

    /// Lines as Unicode scalars (columns count scalars, as libyaml does), without their CR or LF.
    static func lines(of text: String) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = [[]]
        for u in text.unicodeScalars {
            if u == "\n" {
                if out[out.count - 1].last == "\r" { out[out.count - 1].removeLast() }
                out.append([])
            } else {
                out[out.count - 1].append(u)
            }
        }
        return out
    }
}

/// Finds an anchor (`&name`) that an alias (`*name`) later uses, by bytes, before Yams composes anything.
/// Yams compares mapping keys by hashing whole subtrees while composing, so an alias bomb used as a key
/// would take minutes before the `Walker` ever saw an anchor. Names and their ends follow libyaml's scanner
/// (`[0-9A-Za-z_-]+`, then a blank or one of `?:,]}%@` and backquote); text that merely contains `&x … *x`
/// in those exact shapes is the price of never hanging.
enum AliasScan {
    static func firstAliasedAnchor(in bytes: ArraySlice<UInt8>) -> SourcePosition? {
        guard bytes.contains(UInt8(ascii: "&")), bytes.contains(UInt8(ascii: "*")) else { return nil }
        var anchors: [[UInt8]: SourcePosition] = [:]
        var line = 1
        var column = 1
        var previous: UInt8 = 0x0A
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if (b == 0x26 || b == 0x2A) && isTokenStart(previous) {
                var j = i + 1
                while j < end && isNameByte(bytes[j]) { j += 1 }
                if j > i + 1 && (j == end || isNameEnd(bytes[j])) {
                    let name = Array(bytes[(i + 1)..<j])
                    if b == 0x26 {
                        if anchors[name] == nil { anchors[name] = SourcePosition(line: line, column: column) }
                    } else if let anchor = anchors[name] {
                        return anchor
                    }
                }
            }
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            previous = b
            i += 1
        }
        return nil
    }

    static func isTokenStart(_ b: UInt8) -> Bool {
        b == 0x0A || b == 0x0D || b == 0x20 || b == 0x09 || b == 0x5B || b == 0x7B || b == 0x2C // \n \r space tab [ { ,
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    static func isNameEnd(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x00, 0x3F, 0x3A, 0x2C, 0x5D, 0x7D, 0x25, 0x40, 0x60: return true
        default: return false
        }
    }
}
