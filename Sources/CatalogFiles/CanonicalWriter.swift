import CatalogCore
import Yams

/// Writes catalogue values in the one canonical form: keys in schema order (the caller's order),
/// two-space indentation, block style, Chinese as itself, strings that YAML would read as
/// something else quoted, multi-line text as literal blocks, exactly one trailing newline.
/// Writing what was read from a canonical file reproduces it byte for byte.
public enum CanonicalWriter {
    public static func yaml(_ fields: [Field]) -> String {
        let node = yamsNode(CatalogCore.Node(.map(fields)))
        // Serialising a tree of plain strings cannot fail; a failure would be a bug in the tree builder.
        let text = (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, lineBreak: .ln,
                                         sortKeys: false, sequenceStyle: .block, mappingStyle: .block)) ?? ""
        var out = text
        while out.hasSuffix("\n\n") { out.removeLast() }
        if !out.hasSuffix("\n") { out.append("\n") }
        return out
    }

    public static func yaml(_ entity: Entity) -> String { yaml(EntityEncoder.fields(entity)) }

    static func yamsNode(_ node: CatalogCore.Node) -> Yams.Node {
        switch node.value {
        case .null:
            return Yams.Node("null", .implicit, .plain)
        case .string(let s):
            return .scalar(.init(s, .implicit, style(for: s)))
        case .number(_, let raw), .bool(_, let raw):
            return .scalar(.init(raw, .implicit, .plain))
        case .date(let s):
            return .scalar(.init(s, .implicit, .plain))
        case .list(let items):
            return .sequence(.init(items.map(yamsNode), .implicit, .block))
        case .map(let fields):
            return .mapping(.init(fields.map { (Yams.Node($0.key, .implicit, .plain), yamsNode($0.value)) }, .implicit, .block))
        }
    }

    /// Plain when YAML reads the text back as the same text; quoted when it would read a number,
    /// boolean, null or date; literal block for multi-line text. libyaml itself quotes text that
    /// cannot be plain (leading indicators, `: `, ` #`, edge spaces).
    static func style(for s: String) -> Yams.Node.Scalar.Style {
        if s.contains("\n") {
            // Literal blocks cannot keep trailing spaces on a line or leading blank lines exactly: quote those.
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            let literalSafe = !lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") } && !s.hasPrefix(" ") && !s.hasPrefix("\n")
            return literalSafe ? .literal : .doubleQuoted
        }
        if case .string = PlainScalar.resolve(s) {
            return s.hasPrefix("<<") || s == "=" ? .singleQuoted : .plain
        }
        return .singleQuoted
    }
}
