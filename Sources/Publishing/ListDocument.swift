import CatalogCore
import CatalogFiles

/// Facts about a publication that come from outside the catalogue's files: the git commit it was
/// made from and that commit's date. Never the clock, so the same commit gives the same bytes.
public struct PublicationSource: Sendable, Hashable {
    /// Full hash of the commit the catalogue was published from.
    public var commit: String
    /// The commit's committer date, ISO 8601 (`2026-11-29T13:15:14+08:00`).
    public var commitDate: String

    public init(commit: String, commitDate: String) {
        self.commit = commit
        self.commitDate = commitDate
    }

    /// The publication date: the commit's calendar date as the committer wrote it.
    public var date: String { String(commitDate.prefix(10)) }
}

/// `list.yaml`: the frozen list, canonical YAML, one record per scenario.
///
/// ```
/// kind: ScenarioList
/// format: 1
/// catalog: …
/// quarter: 2026-Q4
/// published: '2026-11-29'
/// commit: 0123abcd…
/// scenario_count: 108
/// pflops: 1234.5
/// scenarios:
/// - id: …          one record per scenario, by id
/// withdrawn:
/// - …              withdrawn scenarios that would otherwise be listed, by id
/// ```
public enum ListDocument {
    public static let kind = "ScenarioList"
    public static let format = 1
    /// Record keys computed for the list rather than written by an editor: left out of change reports.
    public static let derivedKeys: Set<String> = ["quarter_pflops"]

    public static func header(_ selection: Selection, source: PublicationSource) -> [Field] {
        [
            Field("kind", Node(.string(kind))),
            Field("format", Node(.number(Double(format), raw: String(format)))),
            Field("catalog", Node(.string(selection.catalogName))),
            Field("quarter", Node(.string(selection.quarter.description))),
            Field("published", Node(.string(source.date))),
            Field("commit", Node(.string(source.commit))),
            Field("scenario_count", Node(.number(Double(selection.scenarios.count), raw: String(selection.scenarios.count)))),
            Field("pflops", number(selection.totalPflops)),
        ]
    }

    /// The whole file, and each record's text (what diffs compare), keyed by scenario id.
    public static func render(_ selection: Selection, source: PublicationSource) -> (text: String, records: [String: String]) {
        let records = ParallelMap.map(selection.scenarios) { YAMLText.sequenceItem(recordFields($0)) }
        var text = YAMLText.document(header(selection, source: source))
        text.reserveCapacity(records.reduce(text.utf8.count) { $0 + $1.utf8.count } + selection.withdrawn.count * 40 + 64)
        if records.isEmpty {
            text += "scenarios: []\n"
        } else {
            text += "scenarios:\n"
            for r in records { text += r }
        }
        text += YAMLText.document([Field("withdrawn", Node(.list(selection.withdrawn.map { Node(.string($0)) })))])
        var byId: [String: String] = [:]
        byId.reserveCapacity(records.count)
        for (s, r) in zip(selection.scenarios, records) { byId[s.id] = r }
        return (text, byId)
    }

    /// The same document as one value tree, for `CanonicalWriter` (tests compare the two writers).
    public static func fields(_ selection: Selection, source: PublicationSource) -> [Field] {
        header(selection, source: source) + [
            Field("scenarios", Node(.list(selection.scenarios.map { Node(.map(recordFields($0))) }))),
            Field("withdrawn", Node(.list(selection.withdrawn.map { Node(.string($0)) }))),
        ]
    }

    /// One scenario's record: its fields in canonical order without internal ones, with names
    /// resolved next to the ids they name, each compute row's PFLOPS, and the quarter's total.
    public static func recordFields(_ listed: ListedScenario) -> [Field] {
        let spec = Schema.scenario
        var out: [Field] = []
        for f in EntityEncoder.fields(.scenario(listed.scenario), includeInternal: false) {
            if f.key == "kind" || spec.field(f.key)?.isInternal == true { continue }
            switch f.key {
            case "sector":
                out.append(f)
                out.append(Field("sector_name", Node(.string(listed.sectorName))))
            case "city":
                out.append(f)
                out.append(Field("city_name", Node(.string(listed.cityName))))
            case "models":
                out.append(Field("models", Node(.list(listed.models.map { Node(.map(modelFields($0))) }))))
            case "compute":
                out.append(Field("compute", Node(.list(listed.compute.map { Node(.map(computeFields($0))) }))))
            default:
                out.append(f)
            }
        }
        out.append(Field("quarter_pflops", number(listed.quarterPflops)))
        return out
    }

    static func modelFields(_ m: ResolvedModel) -> [Field] {
        var f = [Field("model", Node(.string(m.link.model)))]
        if let name = m.name { f.append(Field("name", Node(.string(name)))) }
        if let p = m.provider { f.append(Field("provider", Node(.string(p)))) }
        if let k = m.filingKind { f.append(Field("filing_kind", Node(.string(k.rawValue)))) }
        if let n = m.filingNo { f.append(Field("filing_no", Node(.string(n)))) }
        f.append(Field("role", Node(.string(m.link.role.rawValue))))
        if let r = m.register {
            f.append(Field("register_status", Node(.string(r.status.kind.rawValue))))
            if let s = r.snapshot { f.append(Field("register_snapshot", Node(.string(s.description)))) }
        }
        return publicOnly(f, in: Schema.modelLink, extra: registerKeys.union(["name", "provider", "filing_kind", "filing_no"]))
    }

    /// What a model of a list checked against the filing registers adds: its status and the snapshot
    /// (`guangdong 2026-02-28`). Not a change of the scenario when only these differ.
    static let registerKeys: Set<String> = ["register_status", "register_snapshot"]

    /// A `models` value without the register keys, for comparing lists.
    static func withoutRegister(_ v: Value) -> Value {
        guard case .list(let items) = v else { return v }
        return .list(items.map { item in
            guard case .map(let fields) = item.value else { return item }
            return Node(.map(fields.filter { !registerKeys.contains($0.key) }), at: item.position)
        })
    }

    static func computeFields(_ c: ResolvedCompute) -> [Field] {
        let n = c.need
        var f: [Field] = [
            Field("workload", Node(.string(n.workload.rawValue))),
            Field("amount", number(n.amount, rounded: false)),
            Field("unit", Node(.string(n.unit.rawValue))),
        ]
        if let a = n.accelerator { f.append(Field("accelerator", Node(.string(a)))) }
        if let p = n.precision { f.append(Field("precision", Node(.string(p.rawValue)))) }
        if let ce = n.center {
            f.append(Field("center", Node(.string(ce))))
            if let name = c.centerName { f.append(Field("center_name", Node(.string(name)))) }
        }
        f.append(Field("from", Node(.string(n.from.description))))
        if let u = n.until { f.append(Field("until", Node(.string(u.description)))) }
        if let p = c.pflops { f.append(Field("pflops", number(p))) }
        return publicOnly(f, in: Schema.computeNeed, extra: ["center_name", "pflops"])
    }

    /// `fields` without any the schema marks internal (keys the list adds itself are kept).
    static func publicOnly(_ fields: [Field], in spec: ObjectSpec, extra: Set<String>) -> [Field] {
        fields.filter { extra.contains($0.key) || spec.field($0.key)?.isInternal != true }
    }

    static func number(_ d: Double, rounded: Bool = true) -> Node {
        let v = rounded ? Figures.round3(d) : d
        return Node(.number(v, raw: NumberText.format(v)))
    }
}
