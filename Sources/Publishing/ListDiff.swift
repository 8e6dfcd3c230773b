import CatalogCore
import CatalogFiles

/// The records of one list, by id, as text: a published list.yaml or a freshly rendered selection.
public struct ListRecords: Sendable {
    /// What the list is, for reports: `2026-Q3`, or `working` for the live catalogue.
    public var label: String
    public var records: [String: Substring]
    /// Ids in list order.
    public var order: [String]
    public var withdrawn: Set<String>
    /// Why scenarios were withdrawn, by id (known for the live selection, not for a published list).
    public var withdrawnReasons: [String: String] = [:]

    public init(label: String, text: ListText) {
        self.label = label
        var map: [String: Substring] = [:]
        map.reserveCapacity(text.records.count)
        for r in text.records { map[r.id] = r.text }
        records = map
        order = text.records.map(\.id)
        withdrawn = Set(text.withdrawn)
    }

    public init(label: String, selection: Selection, rendered: [String: String]) {
        self.label = label
        var map: [String: Substring] = [:]
        map.reserveCapacity(rendered.count)
        for (k, v) in rendered { map[k] = Substring(v) }
        records = map
        order = selection.scenarios.map(\.id)
        withdrawn = Set(selection.withdrawn)
        withdrawnReasons = selection.withdrawnReasons
    }
}

/// How one list differs from an earlier one.
public struct ListDiff: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var title: String
        /// For a withdrawn scenario, why (when known).
        public var reason: String?
    }

    /// One field of a record that differs (`old`/`new` nil when the field was absent).
    public typealias FieldChange = CatalogCore.FieldChange

    public struct Change: Sendable {
        public var id: String
        public var title: String
        public var fields: [FieldChange]
    }

    public var from: String
    public var to: String
    /// Listed now, not before.
    public var added: [Entry] = []
    /// Listed in both, with different fields (quarter figures left out).
    public var changed: [Change] = []
    /// Listed before, now withdrawn.
    public var withdrawn: [Entry] = []
    /// Listed before, now not listed for another reason: deleted, back to draft, or `since` moved later.
    public var removed: [Entry] = []

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && withdrawn.isEmpty && removed.isEmpty }

    /// Compares `new` with `old`, record by record: equal texts are equal records; for the others,
    /// only the fields whose text differs are parsed.
    public static func compare(_ old: ListRecords, _ new: ListRecords) -> ListDiff {
        var diff = ListDiff(from: old.label, to: new.label)
        var both: [(String, Substring, Substring)] = []
        for id in new.order {
            guard let n = new.records[id] else { continue }
            if let o = old.records[id] {
                if o != n { both.append((id, o, n)) }
            } else {
                diff.added.append(Entry(id: id, title: ListText.title(of: n)))
            }
        }
        for id in old.order where new.records[id] == nil {
            var e = Entry(id: id, title: ListText.title(of: old.records[id]!))
            if new.withdrawn.contains(id) {
                e.reason = new.withdrawnReasons[id]
                diff.withdrawn.append(e)
            } else {
                diff.removed.append(e)
            }
        }
        let changes = ParallelMap.map(both) { (id, o, n) -> Change? in
            let fields = fieldChanges(o, n)
            return fields.isEmpty ? nil : Change(id: id, title: ListText.title(of: n), fields: fields)
        }
        diff.changed = changes.compactMap { $0 }
        diff.added.sort { $0.id < $1.id }
        diff.changed.sort { $0.id < $1.id }
        diff.withdrawn.sort { $0.id < $1.id }
        diff.removed.sort { $0.id < $1.id }
        return diff
    }

    /// Fields that differ between two records of the same scenario, in the new record's order
    /// (fields only the old one had last), derived figures left out.
    static func fieldChanges(_ old: Substring, _ new: Substring) -> [FieldChange] {
        let o = ListText.segments(of: old), n = ListText.segments(of: new)
        var oldByKey: [Substring: Substring] = [:]
        for s in o { oldByKey[s.key] = s.text }
        var out: [FieldChange] = []
        var seen = Set<Substring>()
        for s in n {
            seen.insert(s.key)
            if ListDocument.derivedKeys.contains(String(s.key)) { continue }
            let ot = oldByKey[s.key]
            if ot == s.text { continue }
            let ov = ot.flatMap(ListText.value(ofSegment:)), nv = ListText.value(ofSegment: s.text)
            if let ov, let nv, FieldDiff.same(ov.value, nv.value) { continue }
            if s.key == "models", let ov, let nv, FieldDiff.same(ListDocument.withoutRegister(ov.value), ListDocument.withoutRegister(nv.value)) { continue }
            out.append(FieldChange(key: String(s.key), old: ov, new: nv))
        }
        for s in o where !seen.contains(s.key) && !ListDocument.derivedKeys.contains(String(s.key)) {
            out.append(FieldChange(key: String(s.key), old: ListText.value(ofSegment: s.text), new: nil))
        }
        return out
    }
}

/// Values of list fields as one line of text (reports) or JSON (programs).
public enum FieldText {
    public static func display(_ node: Node?, key: String) -> String {
        guard let node else { return "—" }
        switch node.value {
        case .list(let items):
            if items.isEmpty { return "" }
            return items.map { item -> String in
                if case .map(let fields) = item.value { return mapItem(fields, key: key) }
                return display(item, key: key)
            }.joined(separator: key == "compute" || key == "models" ? "; " : ", ")
        case .map(let fields):
            return fields.map { "\($0.key)=\(display($0.value, key: $0.key))" }.joined(separator: ", ")
        case .null: return "null"
        default: return node.value.scalarText ?? ""
        }
    }

    static func mapItem(_ fields: [Field], key: String) -> String {
        func v(_ k: String) -> String? { fields.first { $0.key == k }?.value.value.scalarText }
        switch key {
        case "models":
            let name = v("name") ?? v("model") ?? "?"
            var s = name
            if let m = v("model"), m != name { s += " [\(m)]" }
            return s + " (\(v("role") ?? "?"))"
        case "compute":
            var s = "\(v("workload") ?? "?") \(v("amount") ?? "?") \(v("unit") ?? "?")"
            for k in ["accelerator", "precision"] { if let x = v(k) { s += " \(x)" } }
            if let c = v("center") { s += " @\(c)" + (v("center_name").map { " (\($0))" } ?? "") }
            s += " \(v("from") ?? "")–\(v("until") ?? "")"
            if let p = v("pflops") { s += " = \(p) PFLOPS" }
            return s
        default:
            return fields.map { "\($0.key)=\(display($0.value, key: $0.key))" }.joined(separator: ", ")
        }
    }

    public static func json(_ node: Node?) -> JSONValue {
        guard let node else { return .null }
        switch node.value {
        case .null: return .null
        case .string(let s), .date(let s): return .string(s)
        case .number(let d, _): return .number(d)
        case .bool(let b, _): return .bool(b)
        case .list(let items): return .array(items.map { json($0) })
        case .map(let fields): return .object(fields.map { ($0.key, json($0.value)) })
        }
    }
}

extension ListDiff {
    /// The diff as JSON: `{from, to, counts, added, changed, withdrawn, removed}`.
    public var json: JSONValue {
        func entries(_ es: [Entry]) -> JSONValue { .array(es.map { .object([("id", .string($0.id)), ("title", .string($0.title))]) }) }
        return .object([
            ("from", .string(from)), ("to", .string(to)),
            ("counts", .object([("added", .int(added.count)), ("changed", .int(changed.count)),
                                ("withdrawn", .int(withdrawn.count)), ("removed", .int(removed.count))])),
            ("added", entries(added)),
            ("changed", .array(changed.map { c in
                .object([("id", .string(c.id)), ("title", .string(c.title)),
                         ("fields", .array(c.fields.map { f in
                             .object([("field", .string(f.key)), ("old", FieldText.json(f.old)), ("new", FieldText.json(f.new))])
                         }))])
            })),
            ("withdrawn", entries(withdrawn)),
            ("removed", entries(removed)),
        ])
    }
}

/// `changes.md`: what changed against the previous published quarter.
public enum ChangesRenderer {
    public static func render(_ diff: ListDiff?, selection: Selection) -> String {
        let q = selection.quarter.description
        var out = "# \(MarkdownRenderer.escape(selection.catalogName)) · \(q) 变化 Changes\n\n"
        guard let diff else {
            out += "首次发布：此前没有已发布的季度清单；本期列出的 \(selection.scenarios.count) 个场景均为新增。\n\n"
            out += "First publication: there is no earlier published list; all \(selection.scenarios.count) scenarios listed are new.\n"
            return out
        }
        out += "相对 \(diff.from)：新增 \(diff.added.count)，变更 \(diff.changed.count)，撤回 \(diff.withdrawn.count)，移除 \(diff.removed.count)。\n\n"
        out += "Against \(diff.from): \(diff.added.count) added, \(diff.changed.count) changed, \(diff.withdrawn.count) withdrawn, \(diff.removed.count) removed.\n"
        func section(_ title: String, _ entries: [ListDiff.Entry]) {
            out += "\n## \(title) (\(entries.count))\n\n"
            if entries.isEmpty { out += "无 None.\n"; return }
            for e in entries {
                out += "- `\(e.id)` \(MarkdownRenderer.escape(e.title))" + (e.reason.map { " — 原因 reason: " + MarkdownRenderer.escape($0) } ?? "") + "\n"
            }
        }
        section("新增 Added", diff.added)
        out += "\n## 变更 Changed (\(diff.changed.count))\n\n"
        if diff.changed.isEmpty { out += "无 None.\n" }
        for c in diff.changed {
            out += "- `\(c.id)` \(MarkdownRenderer.escape(c.title))\n"
            for f in c.fields {
                out += "  - `\(f.key)`: \(MarkdownRenderer.escape(FieldText.display(f.old, key: f.key))) → \(MarkdownRenderer.escape(FieldText.display(f.new, key: f.key)))\n"
            }
        }
        section("撤回 Withdrawn", diff.withdrawn)
        section("移除 Removed (deleted, no longer approved, or listed from a later quarter)", diff.removed)
        return out
    }
}
