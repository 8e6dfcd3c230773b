import CatalogCore

/// A problem attributed to one field of an entity, so a form can show it next to that field.
public struct FieldIssue: Sendable, Equatable {
    /// `title`, `compute[1].amount`, `models[0].model`; empty for the entity as a whole.
    public var path: String
    public var diagnostic: Diagnostic

    public init(path: String, diagnostic: Diagnostic) {
        self.path = path
        self.diagnostic = diagnostic
    }

    public var message: String { diagnostic.message }
    public var isError: Bool { diagnostic.severity == .error }
}

/// An entity as it would be written: its canonical text, what reading that text gives, and every
/// problem (errors and warnings), each also attributed to a field.
public struct CheckedEntity: Sendable {
    public var text: String
    public var entity: Entity?
    public var diagnostics: [Diagnostic]
    public var issues: [FieldIssue]
    /// The references read from `text`, with their positions in it; nil when the text written is
    /// not the text that was read (canonicalising changed it), so positions would not hold.
    public var references: [Reference]? = nil

    public var isValid: Bool { entity != nil && !diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Checks an edited entity exactly as a file on disk is checked: the field tree is written as
/// canonical YAML and read back with the strict reader, so a form, `scencat set` and a text
/// editor all meet the same rules and the same messages.
public enum EntityCheck {
    /// - Parameters:
    ///   - file: the path the entity would have (`scenarios/<id>.yaml`); the id must match it.
    ///   - known: the ids of the rest of the catalogue, for references; nil skips reference checks.
    public static func check(_ fields: [Field], file: String, known: CrossCheck.Known?) -> CheckedEntity {
        let draft = CanonicalWriter.yaml(fields)
        return check(text: draft, file: file, known: known)
    }

    /// Checks YAML text (from an editor, say) the same way.
    public static func check(text draft: String, file: String, known: CrossCheck.Known?) -> CheckedEntity {
        let read = YAMLReader.read(Array(draft.utf8), file: file)
        var diags = read.diagnostics
        guard let root = read.root else {
            return CheckedEntity(text: draft, entity: nil, diagnostics: diags, issues: attribute(diags, root: nil))
        }
        let decoded = EntityDecoder.decode(root, file: file)
        diags += decoded.diagnostics
        if let known, let summary = EntitySummary(decoded) {
            diags += CrossCheck.checkReferences(of: summary, known: known)
        }
        // Canonical text of what was read (sorted sets, dropped empties), so a saved file is
        // always canonical and an unchanged entity writes no byte.
        let text = decoded.entity.map { CanonicalWriter.yaml($0) } ?? draft
        diags = diags.sortedForDisplay()
        return CheckedEntity(text: text, entity: decoded.entity, diagnostics: diags, issues: attribute(diags, root: root),
                             references: text == draft ? decoded.references : nil)
    }

    /// The field each diagnostic points into: the deepest key or value that starts on its line.
    static func attribute(_ diags: [Diagnostic], root: Node?) -> [FieldIssue] {
        var lines: [Int: String] = [:]
        func walk(_ node: Node, _ path: String) {
            switch node.value {
            case .map(let fields):
                for f in fields {
                    let p = path.isEmpty ? f.key : "\(path).\(f.key)"
                    if lines[f.keyPosition.line] == nil || lines[f.keyPosition.line]!.count < p.count { lines[f.keyPosition.line] = p }
                    walk(f.value, p)
                }
            case .list(let items):
                for (i, item) in items.enumerated() {
                    let p = "\(path)[\(i)]"
                    if lines[item.position.line] == nil { lines[item.position.line] = p }
                    walk(item, p)
                }
            default:
                if lines[node.position.line] == nil { lines[node.position.line] = path }
            }
        }
        if let root { walk(root, "") }
        return diags.map { d in
            // Missing keys are reported at their mapping; the message names the key.
            if d.message.hasPrefix("missing required key '"), let key = d.message.dropFirst(22).split(separator: "'").first {
                let owner = lines[d.position.line] ?? ""
                let row = owner.lastIndex(of: "]").map { String(owner[...$0]) }
                return FieldIssue(path: d.position.line == 1 && row == nil ? String(key) : "\(row ?? owner).\(key)", diagnostic: d)
            }
            return FieldIssue(path: lines[d.position.line] ?? "", diagnostic: d)
        }
    }
}
