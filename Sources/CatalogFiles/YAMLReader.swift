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
    public static func read(_ bytes: [UInt8], file: String) -> Result {
        var diags: [Diagnostic] = []
        func fail(_ pos: SourcePosition, _ message: String) -> Result {
            diags.append(.error(file, pos, message))
            return Result(root: nil, diagnostics: diags)
        }
        if bytes.count > maxFileSize {
            return fail(.start, "file is \(sizeText(bytes.count)); catalogue files are limited to 1 MiB")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            diags.append(.warning(file, .start, "file starts with a UTF-8 byte order mark (scencat fmt removes it)"))
            body = body.dropFirst(3)
        }
        if let problem = TextCheck.firstProblem(in: body) {
            return fail(problem.position, problem.message)
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return fail(.start, "empty file: an entity file starts with 'kind:' and 'id:'")
        }
        let text = String(decoding: body, as: UTF8.self)
        do {
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            // The parser must stay alive while walking: anchors are weak references it owns.
            return try withExtendedLifetime(parser) {
                guard let yamlRoot = try parser.nextRoot() else {
                    return fail(.start, "empty file: an entity file starts with 'kind:' and 'id:'")
                }
                var walker = Walker(file: file)
                let root = try walker.convert(yamlRoot, depth: 0)
                if let second = try? parser.nextRoot() {
                    return fail(position(second.mark), "a catalogue file holds one YAML document; found another here")
                }
                return Result(root: root, diagnostics: diags)
            }
        } catch let e as WalkError {
            return fail(e.position, e.message)
        } catch let e as YamlError {
            let (pos, message) = describe(e, text: text)
            return fail(pos, message)
        } catch {
            return fail(.start, "could not read YAML: \(error)")
        }
    }

    static func sizeText(_ n: Int) -> String {
        n >= 1 << 20 ? "\((n * 10 >> 20) / 10).\((n * 10 >> 20) % 10) MiB" : "\(n) bytes"
    }

    static func position(_ mark: Mark?) -> SourcePosition {
        guard let m = mark, m.line > 0 else { return .start }
        return SourcePosition(line: m.line, column: max(1, m.column))
    }

    static func describe(_ error: YamlError, text: String) -> (SourcePosition, String) {
        func phrase(_ context: YamlError.Context?, _ problem: String) -> String {
            if let c = context, !c.text.isEmpty { return "YAML syntax error: \(problem) (\(c.text))" }
            return "YAML syntax error: \(problem)"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return (position(mark), phrase(context, problem))
        case let .composer(context, problem, mark, _):
            return (position(mark), phrase(context, problem))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let first = position(context.mark)
            let pos = DuplicateKeyFinder.secondOccurrence(of: key, after: first, in: text) ?? first
            return (pos, "duplicate key '\(key)' (first at line \(first.line))")
        case let .reader(problem, offset, _, _):
            return (.start, "could not read the file: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return (.start, "could not read YAML: \(error)")
        }
    }
}

struct WalkError: Error {
    var position: SourcePosition
    var message: String
}

/// Converts Yams nodes into catalogue nodes, stopping at the first anchor or alias so that
/// an alias bomb is refused before anything expands it.
struct Walker {
    let file: String
    var count = 0

    mutating func convert(_ node: Yams.Node, depth: Int) throws -> CatalogCore.Node {
        count += 1
        let pos = YAMLReader.position(node.mark)
        if count > YAMLReader.nodeBudget { throw WalkError(position: pos, message: "file has too many YAML nodes (more than \(YAMLReader.nodeBudget))") }
        if depth > YAMLReader.maxDepth { throw WalkError(position: pos, message: "nesting is deeper than \(YAMLReader.maxDepth) levels") }
        if case .alias = node {
            throw WalkError(position: pos, message: "YAML aliases (*name) are not allowed in catalogue files; write the value out")
        }
        if node.anchor != nil {
            throw WalkError(position: pos, message: "YAML anchors (&name) are not allowed in catalogue files")
        }
        switch node {
        case .scalar(let s):
            try checkTag(s.tag, pos)
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
                    if case .alias = k { throw WalkError(position: keyPos, message: "YAML aliases (*name) are not allowed in catalogue files; write the value out") }
                    throw WalkError(position: keyPos, message: "mapping keys must be plain text")
                }
                count += 1
                fields.append(Field(ks.string, try convert(v, depth: depth + 1), keyPosition: keyPos))
            }
            return CatalogCore.Node(.map(fields), at: pos)
        case .alias:
            throw WalkError(position: pos, message: "YAML aliases (*name) are not allowed in catalogue files; write the value out")
        }
    }

    private func checkTag(_ tag: Tag, _ pos: SourcePosition) throws {
        let raw = tag.rawValue
        if raw.isEmpty || raw == "!" || raw == "?" { return }
        if raw == "tag:yaml.org,2002:str" || raw == "tag:yaml.org,2002:map" || raw == "tag:yaml.org,2002:seq" { return }
        throw WalkError(position: pos, message: "explicit YAML tags (\(raw)) are not allowed in catalogue files")
    }
}

/// Finds where a duplicated key appears the second time: Yams only reports the first.
enum DuplicateKeyFinder {
    static func secondOccurrence(of key: String, after first: SourcePosition, in text: String) -> SourcePosition? {
        var line = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            guard line > first.line else { continue }
            var col = 1
            var rest = Substring(raw)
            while rest.first == " " { rest.removeFirst(); col += 1 }
            if rest.hasPrefix("- ") { rest.removeFirst(2); col += 2 }
            guard col == first.column else { continue }
            for candidate in [key + ":", "\"\(key)\":", "'\(key)':"] where rest.hasPrefix(candidate) {
                return SourcePosition(line: line, column: col)
            }
        }
        return nil
    }
}
