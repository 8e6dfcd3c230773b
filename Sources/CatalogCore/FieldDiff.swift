/// Field-level comparison and three-way merge of entity field trees (`[Field]`, as `EntityEncoder`
/// writes them or the YAML reader gives them). Positions are ignored throughout: two values are the
/// same when they hold the same data, wherever they were written.
///
/// Merge rules, per top-level field:
/// - a field changed on one side only takes that side's value (a removal is a change);
/// - changed on both sides to the same value: that value; to different values: a conflict;
/// - lists whose order carries no meaning merge as sets (an item added on either side is kept, an
///   item removed on either side is removed): `tags`, `supplier_orgs`, `links`, `functions`,
///   `accelerators`, `domain` lists and `compute` rows (as whole values); `models` merges keyed by
///   model id, so two sides that change the role of the same model differently conflict;
/// - `updated` (the date scencat keeps) never conflicts: the later date wins;
/// - an entity deleted on one side and edited on the other is a conflict of the whole entity.
public enum FieldDiff {
    // MARK: Comparing

    /// Whether two values hold the same data (positions ignored; numbers compared by value).
    public static func same(_ a: Node?, _ b: Node?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return same(a.value, b.value)
        default: return false
        }
    }

    public static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x, let rx), .number(let y, let ry)): return x == y || (x.isNaN && y.isNaN) || rx == ry
        case (.bool(let x, _), .bool(let y, _)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0.0.value, $0.1.value) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0.key == $0.1.key && same($0.0.value.value, $0.1.value.value) }
        default: return false
        }
    }

    /// The fields that differ between `old` and `new`, in `new`'s order (removed fields where they stood in `old`).
    public static func diff(_ old: [Field], _ new: [Field]) -> [FieldChange] {
        var changes: [FieldChange] = []
        let oldByKey = index(old)
        let newByKey = index(new)
        for key in orderedKeys(new, old) {
            let o = oldByKey[key], n = newByKey[key]
            if !same(o, n) { changes.append(FieldChange(key: key, old: o, new: n)) }
        }
        return changes
    }

    // MARK: Merging

    /// Three-way merge of one entity. A nil side means the entity does not exist there (never
    /// created, or deleted). `resolutions` decide conflicted fields; `prefer` decides every
    /// conflict no resolution names (and a delete-versus-edit conflict). Nothing else is affected:
    /// fields that merge cleanly merge the same way whatever is chosen.
    public static func merge(base: [Field]?, ours: [Field]?, theirs: [Field]?,
                             resolutions: [String: FieldResolution] = [:], prefer: MergeSide? = nil) -> FieldMerge {
        switch (ours, theirs) {
        case (nil, nil):
            return FieldMerge(fields: nil, conflicts: [], entityConflict: nil)
        case (nil, let t?):
            return oneSideDeleted(base: base, kept: t, deletedBy: .ours, prefer: prefer)
        case (let o?, nil):
            return oneSideDeleted(base: base, kept: o, deletedBy: .theirs, prefer: prefer)
        case (let o?, let t?):
            return mergeFields(base: base ?? [], ours: o, theirs: t, resolutions: resolutions, prefer: prefer)
        }
    }

    private static func oneSideDeleted(base: [Field]?, kept: [Field], deletedBy: MergeSide, prefer: MergeSide?) -> FieldMerge {
        guard let base else {
            // Added on one side only.
            return FieldMerge(fields: kept, conflicts: [], entityConflict: nil)
        }
        if same(Node(.map(base)), Node(.map(kept))) {
            // Deleted on one side, untouched on the other.
            return FieldMerge(fields: nil, conflicts: [], entityConflict: nil)
        }
        let conflict: EntityConflict = deletedBy == .ours ? .deletedByOurs : .deletedByTheirs
        switch prefer {
        case nil:
            // Unresolved: the edited side stands in the result, flagged.
            return FieldMerge(fields: kept, conflicts: [], entityConflict: conflict)
        case .base?:
            return FieldMerge(fields: base, conflicts: [], entityConflict: nil)
        case let side?:
            return FieldMerge(fields: side == deletedBy ? nil : kept, conflicts: [], entityConflict: nil)
        }
    }

    private static func mergeFields(base: [Field], ours: [Field], theirs: [Field],
                                    resolutions: [String: FieldResolution], prefer: MergeSide?) -> FieldMerge {
        let b = index(base), o = index(ours), t = index(theirs)
        let kind = (o["kind"] ?? t["kind"] ?? b["kind"])?.value.scalarText.flatMap(EntityKind.init(rawValue:))
        var result: [Field] = []
        var conflicts: [FieldConflict] = []
        for key in orderedKeys(ours, theirs, base) {
            let bv = b[key], ov = o[key], tv = t[key]
            let outcome = mergeValue(key: key, kind: kind, base: bv, ours: ov, theirs: tv,
                                     resolution: resolutions[key] ?? prefer.map { .side($0) })
            switch outcome {
            case .value(let v):
                if let v { result.append(Field(key, v)) }
            case .conflict(let detail, let partial):
                conflicts.append(FieldConflict(key: key, base: bv, ours: ov, theirs: tv, detail: detail))
                // The file needs something in the field's place; the conflict markers show all three.
                if let v = partial ?? ov ?? tv { result.append(Field(key, v)) }
            }
        }
        return FieldMerge(fields: ordered(result, kind: kind), conflicts: conflicts, entityConflict: nil)
    }

    private enum Outcome {
        case value(Node?)
        /// `partial`: the field as merged so far (set items not in conflict), for showing.
        case conflict(detail: String?, partial: Node?)
    }

    private static func mergeValue(key: String, kind: EntityKind?, base: Node?, ours: Node?, theirs: Node?,
                                   resolution: FieldResolution?) -> Outcome {
        if case .value(let v)? = resolution { return .value(v) }
        if same(ours, theirs) { return .value(ours) }
        if same(base, ours) { return .value(theirs) }
        if same(base, theirs) { return .value(ours) }
        if key == "updated" {
            // The date of the last change: both sides changed the entity, so the later date is right.
            let dates = [ours, theirs].compactMap { $0 }.sorted { ($0.value.scalarText ?? "") < ($1.value.scalarText ?? "") }
            return .value(dates.last)
        }
        let side: MergeSide? = { if case .side(let s)? = resolution { return s }; return nil }()
        if let rule = setRule(key: key, kind: kind), let merged = mergeSet(rule, base: base, ours: ours, theirs: theirs, prefer: side) {
            switch merged {
            case .merged(let node): return .value(node)
            case .conflicts(let items, let partial): return .conflict(detail: items.joined(separator: ", "), partial: partial)
            }
        }
        switch side {
        case .ours?: return .value(ours)
        case .theirs?: return .value(theirs)
        case .base?: return .value(base)
        case nil: return .conflict(detail: nil, partial: nil)
        }
    }

    // MARK: Sets

    enum SetRule {
        /// Items are whole values.
        case values
        /// Items are mappings identified by the value of `key`.
        case keyed(String)
        /// `domain`: a set only when it is a list (not the word `general`).
        case valuesWhenLists
    }

    /// How a list field merges, from the format's schema: every list of an entity is a set.
    static func setRule(key: String, kind: EntityKind?) -> SetRule? {
        if key == "models" { return .keyed("model") }
        if key == "domain" { return .valuesWhenLists }
        guard let kind, let spec = Schema.entitySpec(kind).field(key) else {
            return ["tags", "supplier_orgs", "links", "functions", "accelerators", "compute"].contains(key) ? .values : nil
        }
        if case .list = spec.type { return .values }
        return nil
    }

    private enum SetOutcome {
        case merged(Node?)
        case conflicts([String], partial: Node?)
    }

    /// Items of a list field; an absent field is an empty set (the canonical form leaves empty lists out).
    private static func items(_ node: Node?, allowAbsent: Bool) -> [Node]? {
        guard let node else { return allowAbsent ? [] : nil }
        if case .list(let items) = node.value { return items }
        return nil
    }

    private static func mergeSet(_ rule: SetRule, base: Node?, ours: Node?, theirs: Node?, prefer: MergeSide?) -> SetOutcome? {
        let absentIsEmpty: Bool
        if case .valuesWhenLists = rule { absentIsEmpty = false } else { absentIsEmpty = true }
        guard let o = items(ours, allowAbsent: absentIsEmpty), let t = items(theirs, allowAbsent: absentIsEmpty) else { return nil }
        let bItems: [Node]
        if let bl = items(base, allowAbsent: true) { bItems = bl } else { return nil }
        let position = ours?.position ?? theirs?.position ?? .start
        func wrap(_ list: [Node]) -> Node? { list.isEmpty && absentIsEmpty ? nil : Node(.list(list), at: position) }

        func identity(_ n: Node) -> String {
            if case .keyed(let k) = rule, case .map(let fs) = n.value, let id = fs.first(where: { $0.key == k })?.value.value.scalarText {
                return "\(k)=\(id)"
            }
            return canonicalKey(n)
        }
        let bMap = Dictionary(bItems.map { (identity($0), $0) }, uniquingKeysWith: { a, _ in a })
        let oMap = Dictionary(o.map { (identity($0), $0) }, uniquingKeysWith: { a, _ in a })
        let tMap = Dictionary(t.map { (identity($0), $0) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var seen = Set<String>()
        for n in o + t + bItems { let id = identity(n); if seen.insert(id).inserted { order.append(id) } }

        var result: [Node] = []
        var conflicted: [String] = []
        for id in order {
            let bi = bMap[id], oi = oMap[id], ti = tMap[id]
            if same(oi, ti) { if let oi { result.append(oi) }; continue }
            if same(bi, oi) { if let ti { result.append(ti) }; continue }
            if same(bi, ti) { if let oi { result.append(oi) }; continue }
            // Only keyed items can differ on both sides (whole values are equal or absent).
            switch prefer {
            case .ours?: if let oi { result.append(oi) }
            case .theirs?: if let ti { result.append(ti) }
            case .base?: if let bi { result.append(bi) }
            case nil:
                conflicted.append(id.split(separator: "=", maxSplits: 1).last.map(String.init) ?? id)
                if let v = oi ?? ti { result.append(v) }
            }
        }
        if !conflicted.isEmpty { return .conflicts(conflicted, partial: wrap(result)) }
        return .merged(wrap(result))
    }

    /// A text that identifies a value (positions ignored), for set membership.
    public static func canonicalKey(_ n: Node) -> String {
        switch n.value {
        case .null: return "~"
        case .string(let s): return "s:" + s
        case .number(let d, let raw): return d.isNaN ? "n:" + raw : "n:\(d)"
        case .bool(let b, _): return b ? "b:1" : "b:0"
        case .date(let s): return "d:" + s
        case .list(let items): return "[" + items.map(canonicalKey).joined(separator: ",") + "]"
        case .map(let fields): return "{" + fields.map { "\($0.key):" + canonicalKey($0.value) }.joined(separator: ",") + "}"
        }
    }

    // MARK: Helpers

    static func index(_ fields: [Field]) -> [String: Node] {
        var out: [String: Node] = [:]
        for f in fields where out[f.key] == nil { out[f.key] = f.value }
        return out
    }

    /// Every key of the lists, each once, in order of first appearance.
    static func orderedKeys(_ lists: [Field]...) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for list in lists { for f in list where seen.insert(f.key).inserted { out.append(f.key) } }
        return out
    }

    /// Fields in the schema's order for `kind`; keys the schema does not know keep their order, after.
    static func ordered(_ fields: [Field], kind: EntityKind?) -> [Field] {
        guard let kind else { return fields }
        let names = Schema.entitySpec(kind).fieldNames
        let rank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        return fields.enumerated().sorted { a, b in
            let ra = rank[a.element.key] ?? names.count + a.offset, rb = rank[b.element.key] ?? names.count + b.offset
            return ra < rb
        }.map(\.element)
    }

    /// A one-line rendering of a value for plans and conflict lists: `"深圳港"`, `3.5`, `[a, b]`,
    /// `(none)`. Text longer than `limit` characters is cut with `…`.
    public static func text(_ node: Node?, limit: Int = 60) -> String {
        guard let node else { return "(none)" }
        func cut(_ s: String) -> String {
            let oneLine = s.replacingNewlines()
            return oneLine.count > limit ? String(oneLine.prefix(max(1, limit - 1))) + "…" : oneLine
        }
        switch node.value {
        case .null: return "null"
        case .string(let s): return "\"" + cut(s) + "\""
        case .number(_, let raw), .bool(_, let raw): return raw
        case .date(let s): return s
        case .list(let items): return cut("[" + items.map { inner($0) }.joined(separator: ", ") + "]")
        case .map(let fields): return cut("{" + fields.map { "\($0.key): " + inner($0.value) }.joined(separator: ", ") + "}")
        }
    }

    private static func inner(_ node: Node) -> String {
        switch node.value {
        case .string(let s): return s.replacingNewlines()
        default: return text(node, limit: Int.max)
        }
    }
}

/// One top-level field that differs between two versions of an entity.
public struct FieldChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, removed, changed }
    public var key: String
    public var old: Node?
    public var new: Node?
    public var kind: Kind { old == nil ? .added : (new == nil ? .removed : .changed) }

    public init(key: String, old: Node?, new: Node?) {
        self.key = key
        self.old = old
        self.new = new
    }
}

/// The three versions a merge compares.
public enum MergeSide: String, Sendable, Hashable, CaseIterable {
    case base, ours, theirs
}

/// How one conflicted field is decided.
public enum FieldResolution: Sendable, Equatable {
    /// Take that side (for a set, the items in conflict from that side; everything else still merges).
    case side(MergeSide)
    /// A value written by hand; nil removes the field.
    case value(Node?)
}

/// A field changed on both sides in different ways.
public struct FieldConflict: Sendable, Equatable {
    public var key: String
    public var base: Node?
    public var ours: Node?
    public var theirs: Node?
    /// For sets merged by key: the items in conflict (model ids).
    public var detail: String?

    public init(key: String, base: Node?, ours: Node?, theirs: Node?, detail: String? = nil) {
        self.key = key
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.detail = detail
    }
}

/// A conflict about the whole entity.
public enum EntityConflict: String, Sendable, Equatable {
    /// Ours deleted the entity; theirs edited it.
    case deletedByOurs
    /// Theirs deleted the entity; ours edited it.
    case deletedByTheirs

    public var description: String {
        switch self {
        case .deletedByOurs: return "deleted here, edited on the remote"
        case .deletedByTheirs: return "edited here, deleted on the remote"
        }
    }
}

/// The result of a three-way merge of one entity.
public struct FieldMerge: Sendable, Equatable {
    /// The merged fields; nil when the entity is deleted. With conflicts, each conflicted field holds
    /// ours (or what merged of it), for display only.
    public var fields: [Field]?
    public var conflicts: [FieldConflict]
    public var entityConflict: EntityConflict?

    public var isClean: Bool { conflicts.isEmpty && entityConflict == nil }

    public init(fields: [Field]?, conflicts: [FieldConflict], entityConflict: EntityConflict?) {
        self.fields = fields
        self.conflicts = conflicts
        self.entityConflict = entityConflict
    }
}

extension String {
    func replacingNewlines() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r\n" }) else { return self }
        return split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).joined(separator: "⏎")
    }
}
