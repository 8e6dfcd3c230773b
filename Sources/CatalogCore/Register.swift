/// The official lists of filed (备案) and registered (登记) generative AI services, as the catalogue
/// keeps them: one snapshot per source and date (`registers/SOURCE/YYYY-MM-DD.yaml`), and the
/// check of every model's filing against the latest snapshot of each source (docs/0018).

/// One row of a register, as a snapshot keeps it.
public struct RegisterRow: Sendable, Hashable {
    /// The filing number (备案编号) or, for a registered app, its launch number (上线编号), as the list writes it.
    public var filingNo: String
    /// The model or service name (模型名称 / 服务名称).
    public var name: String
    /// The filing organisation (备案单位 / 企业名称).
    public var organisation: String
    /// The jurisdiction (属地), as the list writes it.
    public var place: String?
    /// YYYY-MM-DD when the list's date reads as one, else the text as written.
    public var date: String?
    public var kind: FilingKind?

    public init(filingNo: String, name: String, organisation: String, place: String? = nil, date: String? = nil, kind: FilingKind? = nil) {
        self.filingNo = filingNo
        self.name = name
        self.organisation = organisation
        self.place = place
        self.date = date
        self.kind = kind
    }
}

/// Which snapshot: a source and the date it was published as of.
public struct RegisterSnapshotRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var source: String
    public var asOf: String

    public init(source: String, asOf: String) {
        self.source = source
        self.asOf = asOf
    }

    /// `registers/guangdong/2026-02-28.yaml`.
    public var path: String { "\(RegisterSnapshot.directory)/\(source)/\(asOf).yaml" }
    /// `guangdong 2026-02-28`.
    public var description: String { "\(source) \(asOf)" }

    public static func < (a: Self, b: Self) -> Bool { (a.source, a.asOf) < (b.source, b.asOf) }
}

/// A register as published on one date.
public struct RegisterSnapshot: Sendable, Hashable {
    public static let directory = "registers"
    public static let kindName = "Register"

    public var ref: RegisterSnapshotRef
    /// The file it was imported from (its name only) and the fingerprint of its bytes (FNV-1a, as the index uses).
    public var importedFrom: String?
    public var fingerprint: String?
    /// Sorted by normalised filing number.
    public var rows: [RegisterRow]

    public init(ref: RegisterSnapshotRef, importedFrom: String? = nil, fingerprint: String? = nil, rows: [RegisterRow]) {
        self.ref = ref
        self.importedFrom = importedFrom
        self.fingerprint = fingerprint
        self.rows = Self.sortedByFilingNo(rows)
    }

    /// The rows in file order: by normalised filing number, each number normalised once (a snapshot
    /// read from its file is in this order already, and is only checked).
    static func sortedByFilingNo(_ rows: [RegisterRow]) -> [RegisterRow] {
        let keys = rows.map { RegisterText.filingNo($0.filingNo) }
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 <= $1 }) { return rows }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { rows[$0] }
    }

    /// A source name is an id (`guangdong`, `national`): it names a folder.
    public static func isValidSource(_ s: String) -> Bool { Identifier.isValid(s) }
}

/// A field that differs between a model and its register row.
public struct RegisterMismatch: Sendable, Hashable {
    /// `name`, `provider` or `filed_on`: the model's field.
    public var field: String
    public var ours: String
    public var theirs: String

    public init(field: String, ours: String, theirs: String) {
        self.field = field
        self.ours = ours
        self.theirs = theirs
    }

    /// 名称 name, 单位 organisation, 日期 date.
    public var label: String {
        switch field {
        case "name": return "名称 name"
        case "provider": return "单位 organisation"
        default: return "日期 date"
        }
    }
}

/// A model's standing in the registers.
public enum RegisterStatus: Sendable, Hashable {
    /// 在册: found in the latest snapshot of a source, consistent.
    case listed
    /// 信息不符: found, but name, organisation or date differ.
    case mismatch([RegisterMismatch])
    /// 未找到: in no snapshot of any source.
    case notFound
    /// 已移出: in an earlier snapshot, gone from the latest.
    case removed

    /// The four statuses as filters and counts name them: `listed`, `mismatch`, `not-found`, `removed`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case listed, mismatch, notFound = "not-found", removed

        public var zh: String {
            switch self {
            case .listed: return "在册"
            case .mismatch: return "信息不符"
            case .notFound: return "未找到"
            case .removed: return "已移出"
            }
        }

        public var en: String {
            switch self {
            case .listed: return "listed"
            case .mismatch: return "mismatch"
            case .notFound: return "not found"
            case .removed: return "removed"
            }
        }

        /// `在册 listed`.
        public var label: String { "\(zh) \(en)" }
    }

    public var kind: Kind {
        switch self {
        case .listed: return .listed
        case .mismatch: return .mismatch
        case .notFound: return .notFound
        case .removed: return .removed
        }
    }

    /// 未找到 and 已移出 block publishing a scenario that deploys the model.
    public var blocks: Bool { self == .notFound || self == .removed }
}

/// What the registers say of one model.
public struct RegisterFinding: Sendable, Hashable {
    public var status: RegisterStatus
    /// The snapshot the model was checked against: where it was found, or (removed) the latest
    /// snapshot of the source it was dropped from. nil for not found.
    public var snapshot: RegisterSnapshotRef?
    /// The row found (listed, mismatch) or the row of the last snapshot that had it (removed).
    public var row: RegisterRow?
    /// Removed: the newest snapshot that still listed it.
    public var lastSeen: RegisterSnapshotRef?
    /// A row whose name and organisation match the model's, for a model whose filing number is
    /// empty or found nowhere.
    public var suggestion: RegisterRow?

    public init(status: RegisterStatus, snapshot: RegisterSnapshotRef? = nil, row: RegisterRow? = nil,
                lastSeen: RegisterSnapshotRef? = nil, suggestion: RegisterRow? = nil) {
        self.status = status
        self.snapshot = snapshot
        self.row = row
        self.lastSeen = lastSeen
        self.suggestion = suggestion
    }

    /// The badge text: `在册 listed · guangdong 2026-02-28`.
    public var badge: String {
        status.kind.label + (snapshot.map { " · \($0)" } ?? "")
    }
}

/// Every snapshot of every source, ready to check models against.
public struct RegisterBook: Sendable {
    public let snapshots: [RegisterSnapshot]
    /// The newest snapshot of each source, by source.
    public let latest: [RegisterSnapshot]
    /// For each latest snapshot: normalised filing number → its row, with the row's name and
    /// organisation normalised once here rather than once per model that finds it.
    private let latestRows: [[String: NormalisedRow]]
    /// Normalised filing number → the newest earlier snapshot (not a latest one) that listed it, with its row.
    private let earlier: [String: (RegisterSnapshotRef, RegisterRow)]
    /// Normalised name + organisation → a row of a latest snapshot.
    private let byNameAndOrganisation: [String: RegisterRow]

    /// A row with its name and organisation as compared.
    struct NormalisedRow: Sendable {
        var row: RegisterRow
        var name: String
        var organisation: String
    }

    public init(_ snapshots: [RegisterSnapshot]) {
        self.snapshots = snapshots.sorted { $0.ref < $1.ref }
        var newest: [String: RegisterSnapshot] = [:]
        for s in self.snapshots { newest[s.ref.source] = s }   // sorted by date within a source
        latest = newest.values.sorted { $0.ref < $1.ref }
        // Lists repeat organisations (one company files several models): each is normalised once.
        var organisations = Memo(RegisterText.organisation)
        var byNameAndOrganisation: [String: RegisterRow] = [:]
        byNameAndOrganisation.reserveCapacity(latest.reduce(0) { $0 + $1.rows.count })
        latestRows = latest.map { s in
            var rows: [String: NormalisedRow] = [:]
            rows.reserveCapacity(s.rows.count)
            for r in s.rows {
                let entry = NormalisedRow(row: r, name: RegisterText.name(r.name), organisation: organisations[r.organisation])
                rows[RegisterText.filingNo(r.filingNo)] = entry
                let key = Self.nameKey(normalisedName: entry.name, organisation: entry.organisation)
                if byNameAndOrganisation[key] == nil { byNameAndOrganisation[key] = r }
            }
            return rows
        }
        self.byNameAndOrganisation = byNameAndOrganisation
        var earlier: [String: (RegisterSnapshotRef, RegisterRow)] = [:]
        for s in self.snapshots where newest[s.ref.source]?.ref != s.ref {
            for r in s.rows {
                let key = RegisterText.filingNo(r.filingNo)
                if let seen = earlier[key], seen.0.asOf > s.ref.asOf { continue }
                earlier[key] = (s.ref, r)
            }
        }
        self.earlier = earlier
    }

    public var isEmpty: Bool { snapshots.isEmpty }

    static func nameKey(_ name: String, _ organisation: String) -> String {
        nameKey(normalisedName: RegisterText.name(name), organisation: RegisterText.organisation(organisation))
    }

    static func nameKey(normalisedName: String, organisation: String) -> String {
        normalisedName + "\u{1F}" + organisation
    }

    /// The row of `filingNo` in the latest snapshot of each source that has it.
    public func rows(of filingNo: String) -> [(RegisterSnapshotRef, RegisterRow)] {
        entries(of: RegisterText.filingNo(filingNo)).map { ($0.0, $0.1.row) }
    }

    private func entries(of key: String) -> [(RegisterSnapshotRef, NormalisedRow)] {
        guard !key.isEmpty else { return [] }
        var out: [(RegisterSnapshotRef, NormalisedRow)] = []
        for (s, rows) in zip(latest, latestRows) {
            if let e = rows[key] { out.append((s.ref, e)) }
        }
        return out
    }

    /// The fields of `model` that differ from `row`, after normalisation.
    public static func mismatches(_ model: Model, _ row: RegisterRow) -> [RegisterMismatch] {
        mismatches(model, NormalisedModel(model), NormalisedRow(row: row, name: RegisterText.name(row.name),
                                                                 organisation: RegisterText.organisation(row.organisation)))
    }

    static func mismatches(_ model: Model, _ ours: NormalisedModel, _ theirs: NormalisedRow) -> [RegisterMismatch] {
        var out: [RegisterMismatch] = []
        let row = theirs.row
        if ours.name != theirs.name {
            out.append(RegisterMismatch(field: "name", ours: model.name, theirs: row.name))
        }
        if ours.organisation != theirs.organisation {
            out.append(RegisterMismatch(field: "provider", ours: model.provider, theirs: row.organisation))
        }
        if let ours = model.filedOn, let theirs = row.date, ours != theirs {
            out.append(RegisterMismatch(field: "filed_on", ours: ours, theirs: theirs))
        }
        return out
    }

    /// A model's name and provider as compared.
    struct NormalisedModel {
        var name: String
        var organisation: String

        init(_ model: Model, organisation: String? = nil) {
            name = RegisterText.name(model.name)
            self.organisation = organisation ?? RegisterText.organisation(model.provider)
        }
    }

    /// The model's status against the latest snapshot of each source: consistent anywhere is 在册;
    /// found only with differences is 信息不符 (the first source's, by name); otherwise 已移出 when an
    /// earlier snapshot had it, else 未找到.
    public func check(_ model: Model) -> RegisterFinding {
        check(model, NormalisedModel(model))
    }

    /// Every model checked, in order; each distinct provider is normalised once (a catalogue's
    /// providers serve many models each).
    public func check(_ models: [Model]) -> [RegisterFinding] {
        var organisations = Memo(RegisterText.organisation)
        return models.map { check($0, NormalisedModel($0, organisation: organisations[$0.provider])) }
    }

    private func check(_ model: Model, _ normalised: NormalisedModel) -> RegisterFinding {
        let key = RegisterText.filingNo(model.filingNo)
        let hits = entries(of: key)
        var firstMismatch: RegisterFinding?
        for (ref, entry) in hits {
            let differences = Self.mismatches(model, normalised, entry)
            if differences.isEmpty { return RegisterFinding(status: .listed, snapshot: ref, row: entry.row) }
            if firstMismatch == nil { firstMismatch = RegisterFinding(status: .mismatch(differences), snapshot: ref, row: entry.row) }
        }
        if let firstMismatch { return firstMismatch }
        let suggestion = byNameAndOrganisation[Self.nameKey(normalisedName: normalised.name, organisation: normalised.organisation)]
        if !key.isEmpty, let (seen, row) = earlier[key] {
            let latestOfSource = latest.first { $0.ref.source == seen.source }?.ref
            return RegisterFinding(status: .removed, snapshot: latestOfSource, row: row, lastSeen: seen, suggestion: suggestion)
        }
        return RegisterFinding(status: .notFound, suggestion: suggestion)
    }

    /// Rows of the latest snapshots no model carries, by filing number; `belongs` says which rows
    /// are of the catalogue's jurisdiction.
    public func unmatched(filingNos: some Sequence<String>, belongs: (RegisterRow) -> Bool) -> [(RegisterSnapshotRef, RegisterRow)] {
        let carried = Set(filingNos.map(RegisterText.filingNo))
        var seen = Set<String>()
        var out: [(RegisterSnapshotRef, RegisterRow)] = []
        for s in latest {
            for r in s.rows {
                let key = RegisterText.filingNo(r.filingNo)
                guard !carried.contains(key), belongs(r), seen.insert(key).inserted else { continue }
                out.append((s.ref, r))
            }
        }
        return out
    }

    /// The row of `filingNo` in any latest snapshot, then in any earlier one.
    public func row(_ filingNo: String) -> (RegisterSnapshotRef, RegisterRow)? {
        rows(of: filingNo).first ?? earlier[RegisterText.filingNo(filingNo)]
    }
}

/// What changed between two snapshots of a source.
public struct RegisterChange: Sendable {
    public var from: RegisterSnapshotRef
    public var to: RegisterSnapshotRef
    public var added: [RegisterRow]
    public var dropped: [RegisterRow]
    /// Rows of one filing number whose name, organisation or date changed: (before, after).
    public var changed: [(RegisterRow, RegisterRow)]

    public static func between(_ a: RegisterSnapshot, _ b: RegisterSnapshot) -> RegisterChange {
        var before: [String: RegisterRow] = [:]
        for r in a.rows { before[RegisterText.filingNo(r.filingNo)] = r }
        var after: [String: RegisterRow] = [:]
        for r in b.rows { after[RegisterText.filingNo(r.filingNo)] = r }
        let added = b.rows.filter { before[RegisterText.filingNo($0.filingNo)] == nil }
        let dropped = a.rows.filter { after[RegisterText.filingNo($0.filingNo)] == nil }
        var changed: [(RegisterRow, RegisterRow)] = []
        for r in b.rows {
            guard let old = before[RegisterText.filingNo(r.filingNo)] else { continue }
            if RegisterText.name(old.name) != RegisterText.name(r.name)
                || RegisterText.organisation(old.organisation) != RegisterText.organisation(r.organisation) || old.date != r.date {
                changed.append((old, r))
            }
        }
        return RegisterChange(from: a.ref, to: b.ref, added: added, dropped: dropped, changed: changed)
    }
}

/// Which register rows are of the catalogue's jurisdiction: a row naming the province or one of its
/// cities as its 属地 (`广东省`, `深圳市`, `广东`), a row without a 属地 (a provincial list), or a
/// filing number that starts with the province's name (`Guangdong-…`).
public struct RegisterJurisdiction: Sendable {
    let places: [String]
    let prefix: String?

    public init(_ taxonomy: Taxonomy) {
        places = taxonomy.cities.map { Self.placeName($0.zh) }.filter { !$0.isEmpty }
        let province = taxonomy.city("province")?.en.split(separator: " ").first.map(String.init)
        prefix = province.map { RegisterText.filingNo($0) + "-" }
    }

    /// A place as compared: folded, without a trailing 市 or 省 (江门市 is 江门, 广东省 is 广东).
    static func placeName(_ s: String) -> String {
        var name = RegisterText.fold(s)
        if name.count > 2, name.hasSuffix("市") || name.hasSuffix("省") { name.removeLast() }
        return name
    }

    /// The city of the taxonomy a 属地 names (`江门市` → jiangmen, `广东省` → province).
    public static func city(named place: String, in taxonomy: Taxonomy) -> City? {
        let p = placeName(place)
        return taxonomy.cities.first { placeName($0.zh) == p }
    }

    public func contains(_ row: RegisterRow) -> Bool {
        if let prefix, RegisterText.filingNo(row.filingNo).hasPrefix(prefix) { return true }
        guard let place = row.place.map(RegisterText.fold), !place.isEmpty else { return true }
        return places.contains { place.contains($0) }
    }
}

/// A function's results, each computed once per distinct argument.
struct Memo {
    private var results: [String: String] = [:]
    private let function: (String) -> String

    init(_ function: @escaping (String) -> String) { self.function = function }

    subscript(_ argument: String) -> String {
        mutating get {
            if let r = results[argument] { return r }
            let r = function(argument)
            results[argument] = r
            return r
        }
    }
}
