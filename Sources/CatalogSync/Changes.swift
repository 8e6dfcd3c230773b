import CatalogCore
import CatalogFiles
import Wording

/// What happened to one file of the catalogue between two versions.
public struct EntityChange: Sendable, Equatable {
    public enum Action: String, Sendable { case added, changed, removed }

    /// Catalogue-relative path.
    public var path: String
    /// The entity kind and id, for entity files; nil for other files (taxonomy, catalog.yaml…).
    public var kind: EntityKind?
    public var id: String?
    public var name: String?
    public var action: Action
    /// The fields that changed (empty for additions, removals, unreadable versions and other files).
    public var fields: [FieldChange]
    /// Set when a version could not be read as an entity (the reason).
    public var unreadable: String?
    /// The errors of the new version read on its own (YAML, schema), for a plan to show.
    public var errors: [Diagnostic] = []

    public static func == (a: EntityChange, b: EntityChange) -> Bool {
        a.path == b.path && a.action == b.action && a.fields == b.fields && a.name == b.name
    }

    /// `scenario sz-port (深圳港…)` or the path for other files.
    public var label: String {
        guard let kind, let id else { return Changes.visible(path) }
        return "\(Wording.language == .zh ? Names.kind(kind) : kind.rawValue.lowercased()) \(Changes.visible(id))"
    }
}

public enum Changes {
    /// A file name as one line of text: line breaks, tabs and other control characters as escapes
    /// (a hostile name must not break a plan or a screen into lines of its own).
    public static func visible(_ name: String) -> String {
        var out = ""
        for u in name.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u{\(String(u.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Compares two versions of a catalogue file.
    public static func change(path: String, old: [UInt8]?, new: [UInt8]?) -> EntityChange? {
        if old == new { return nil }
        let action: EntityChange.Action = old == nil ? .added : (new == nil ? .removed : .changed)
        guard let (kind, id) = CatalogRepository.entityKind(of: path) else {
            return EntityChange(path: path, kind: nil, id: nil, name: nil, action: action, fields: [], unreadable: nil)
        }
        let o = EntityVersion.read(old, path: path), n = EntityVersion.read(new, path: path)
        var change = EntityChange(path: path, kind: kind, id: id, name: n.displayName ?? o.displayName, action: action, fields: [], unreadable: nil,
                                  errors: n.diagnostics.filter { $0.severity == .error })
        if o.isUnreadable || n.isUnreadable {
            let bad = n.isUnreadable ? n : o
            change.unreadable = bad.diagnostics.first { $0.severity == .error }?.message ?? "not readable"
        } else if action == .changed, let of = o.fields, let nf = n.fields {
            change.fields = FieldDiff.diff(of, nf)
            // Only formatting changed: nothing to tell, but the file still differs.
        }
        return change
    }

    /// The commit message for a set of changes: a subject like `Update 3 scenarios (深圳港…, 广州…), add 1 model`
    /// and a body with one line per entity and the fields it changes.
    public static func commitMessage(_ changes: [EntityChange], verbPrefix: String? = nil) -> String {
        let subject = summary(changes, verbPrefix: verbPrefix)
        var body: [String] = []
        for c in changes.sorted(by: { ($0.path) < ($1.path) }) {
            let mark = c.action == .added ? "+" : (c.action == .removed ? "-" : "~")
            var line = "\(mark) \(c.label)"
            if let name = c.name, c.kind != nil { line += " (\(name))" }
            if !c.fields.isEmpty { line += ": " + c.fields.map(\.key).joined(separator: ", ") }
            body.append(line)
        }
        if body.count > 200 { body = Array(body.prefix(200)) + ["… and \(changes.count - 200) more"] }
        return body.isEmpty ? subject : subject + "\n\n" + body.joined(separator: "\n") + "\n"
    }

    /// One line: `Update 3 scenarios (深圳港…, 广州…), add 1 model`.
    public static func summary(_ changes: [EntityChange], verbPrefix: String? = nil) -> String {
        var groups: [String] = []
        let verbs: [(EntityChange.Action, String)] = [(.changed, "update"), (.added, "add"), (.removed, "remove")]
        var first = true
        for (action, verb) in verbs {
            for kind in EntityKind.allCases {
                let items = changes.filter { $0.action == action && $0.kind == kind }
                guard !items.isEmpty else { continue }
                let noun = items.count == 1 ? kind.rawValue.lowercased() : kind.plural
                var part = "\(verb) \(items.count) \(noun)"
                if first {
                    // The first group names its entities (short names, at most two).
                    let names = items.prefix(2).map { short($0.name ?? $0.id ?? "") }
                    part += " (" + names.joined(separator: ", ") + (items.count > 2 ? ", …" : "") + ")"
                    first = false
                }
                groups.append(part)
            }
            let others = changes.filter { $0.action == action && $0.kind == nil }
            if !others.isEmpty {
                groups += otherFiles(others.map(\.path), verb: verb)
                first = false
            }
        }
        var text = groups.joined(separator: ", ")
        if let verbPrefix { text = verbPrefix + text } else if let c = text.first { text = c.uppercased() + text.dropFirst() }
        return text.isEmpty ? "Update catalogue" : text
    }

    /// Files that are not entities, named by what they are: a publication by its quarter
    /// (`add publication 2026-Q4`), a public key by its name (`add key office-2026`), one other
    /// file by its name, several by their count.
    static func otherFiles(_ paths: [String], verb: String) -> [String] {
        var quarters: [String] = [], keys: [String] = [], rest: [String] = []
        for path in paths {
            let parts = path.split(separator: "/").map(String.init)
            if let i = parts.firstIndex(of: "publications"), i + 1 < parts.count, Quarter(parts[i + 1]) != nil {
                if !quarters.contains(parts[i + 1]) { quarters.append(parts[i + 1]) }
            } else if parts.count >= 2, parts[parts.count - 2] == "keys", parts[parts.count - 1].hasSuffix(".pub") {
                keys.append(String(parts[parts.count - 1].dropLast(4)))
            } else {
                rest.append(path)
            }
        }
        var groups: [String] = []
        if !quarters.isEmpty { groups.append("\(verb) publication\(quarters.count == 1 ? "" : "s") " + quarters.sorted().joined(separator: ", ")) }
        if !keys.isEmpty { groups.append("\(verb) key\(keys.count == 1 ? "" : "s") " + keys.sorted().joined(separator: ", ")) }
        if !rest.isEmpty { groups.append("\(verb) " + (rest.count == 1 ? AtomicFile.basename(of: rest[0]) : "\(rest.count) files")) }
        return groups
    }

    /// A name cut to eight characters with `…`.
    static func short(_ name: String) -> String {
        name.count > 8 ? String(name.prefix(8)) + "…" : name
    }
}
