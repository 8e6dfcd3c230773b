import CatalogCore
import Yams

/// Writes catalogue values in the one canonical form: keys in schema order (the caller's order),
/// two-space indentation, block style, Chinese as itself, strings that YAML would read as
/// something else quoted, multi-line text as literal blocks, exactly one trailing newline.
/// Writing what was read from a canonical file reproduces it byte for byte.
public enum CanonicalWriter {
    /// Canonical files are written by `YAMLText`, which lays out what is beyond doubt itself and
    /// leaves every other scalar's style to libyaml (`libyaml`).
    public static func yaml(_ fields: [Field]) -> String { YAMLText.document(fields) }

    /// The same text, laid out by libyaml alone: the reference `YAMLText` is tested against.
    public static func libyaml(_ fields: [Field]) -> String {
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

    /// Any value tree (a list of rows, say) in the same style, for `--format yaml` output.
    public static func yaml(node: CatalogCore.Node) -> String {
        let text = (try? Yams.serialize(node: yamsNode(node), indent: 2, width: -1, allowUnicode: true, lineBreak: .ln,
                                         sortKeys: false, sequenceStyle: .block, mappingStyle: .block)) ?? ""
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    static func yamsNode(_ node: CatalogCore.Node) -> Yams.Node {
        // Explicit tags (shown by libyaml only when a style needs them, which ours never do):
        // an `.implicit` tag makes Yams resolve every scalar with regular expressions, a third of
        // `fmt`'s time. The style alone decides how a value is written.
        switch node.value {
        case .null:
            return .scalar(.init("null", Tag(.null), .plain))
        case .string(let s):
            return .scalar(.init(s, Tag(.str), style(for: s)))
        case .number(_, let raw), .bool(_, let raw):
            return .scalar(.init(raw, Tag(.str), .plain))
        case .date(let s):
            return .scalar(.init(s, Tag(.str), .plain))
        case .list(let items):
            return .sequence(.init(items.map(yamsNode), Tag(.seq), .block))
        case .map(let fields):
            return .mapping(.init(fields.map { (.scalar(.init($0.key, Tag(.str), .plain)), yamsNode($0.value)) }, Tag(.map), .block))
        }
    }

    /// Plain when YAML reads the text back as the same text; quoted when it would read a number,
    /// boolean, null or date; literal block for multi-line text. libyaml itself quotes text that
    /// cannot be plain (leading indicators, `: `, ` #`, edge spaces).
    static func style(for s: String) -> Yams.Node.Scalar.Style {
        if s.contains("\n") {
            // Literal blocks cannot keep trailing spaces on a line or leading blank lines exactly: quote those.
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            // A line starting with a tab would read back as a tab in indentation, which the reader refuses.
            let literalSafe = !lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") || $0.hasPrefix("\t") }
                && !s.hasPrefix(" ") && !s.hasPrefix("\n")
            return literalSafe ? .literal : .doubleQuoted
        }
        if case .string = PlainScalar.resolve(s) {
            return s.hasPrefix("<<") || s == "=" || misreadElsewhere(s) ? .singleQuoted : .plain
        }
        return .singleQuoted
    }

    /// Text that scencat reads as text but another common reader would not, or that a person would take
    /// for something else: a year-month (`2026-01`) and a YAML 1.2 octal (`0o17`).
    static func misreadElsewhere(_ s: String) -> Bool {
        let u = Array(s.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { u[$0] >= 48 && u[$0] <= 57 } }
        // YYYY-M or YYYY-MM
        if (u.count == 6 || u.count == 7), digits(0..<4), u[4] == 45, digits(5..<u.count) { return true }
        var t = u[...]
        if t.first == 43 || t.first == 45 { t = t.dropFirst() }
        if t.count > 2, t.starts(with: [48, 111]), t.dropFirst(2).allSatisfy({ $0 >= 48 && $0 <= 55 }) { return true }
        return false
    }
}
