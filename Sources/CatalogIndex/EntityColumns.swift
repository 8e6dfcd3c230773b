import CatalogCore
import ChineseText
import Dispatch

/// The `entity` row and `search` document of one entity: the flattening from typed values
/// to columns lives here and nowhere else. Computing it touches no database, so a batch of these
/// is prepared on all cores before the writer inserts them.
struct EntityColumns: @unchecked Sendable {
    /// Column names in the order of `values` (after `pk`).
    static let names = [
        "id", "kind", "file", "name", "name_en", "sector", "city", "stage", "stage_ord", "status", "since",
        "data_class", "demand_org", "provider", "filing_kind", "filing_no", "filed_on", "functions", "domain",
        "params_b", "base_model", "government", "open_source", "operator", "tier", "tier_ord", "capacity",
        "peak_pflops", "model_count", "updated",
    ]

    /// In `names` order.
    var values: [SQLValue]
    /// Search columns in `IndexSchema.searchColumns` order, already tokenized by `SearchText`.
    var search: [String]
    /// The name's pinyin sort key and index words (`PinyinIndex`), computed here so that a
    /// bulk load's writer thread only writes them.
    var pinyinSortKey: String
    var pinyinWords: String

    init(_ entity: Entity, file: String, accelerators: [String: Double]) {
        var v = [SQLValue](repeating: .null, count: Self.names.count)
        func set(_ name: String, _ value: String?) { v[Self.index[name]!] = SQLValue(value) }
        func set(_ name: String, _ value: Double?) { v[Self.index[name]!] = SQLValue(value) }
        func set(_ name: String, _ value: Int?) { v[Self.index[name]!] = SQLValue(value) }
        func set(_ name: String, _ value: Bool?) { v[Self.index[name]!] = SQLValue(value) }
        set("id", entity.id)
        set("kind", entity.kind.rawValue)
        set("file", file)
        set("name", entity.displayName)
        switch entity {
        case .scenario(let s):
            set("name_en", s.titleEn)
            set("sector", s.sector)
            set("city", s.city)
            set("stage", s.stage.rawValue)
            set("stage_ord", Stage.allCases.firstIndex(of: s.stage)!)
            set("status", s.status.rawValue)
            set("since", s.since?.description)
            set("data_class", s.dataClass?.rawValue)
            set("demand_org", s.demandOrg)
            set("peak_pflops", ComputeMath.peakDemand(of: s, accelerators: accelerators))
            set("model_count", s.models.count)
            set("updated", s.updated)
        case .model(let m):
            set("status", m.status.rawValue)
            set("city", m.jurisdiction)
            set("provider", m.provider)
            set("filing_kind", m.filingKind.rawValue)
            set("filing_no", m.filingNo)
            set("filed_on", m.filedOn)
            set("functions", Self.list(m.functions.map(\.rawValue)))
            set("domain", m.isGeneral ? nil : Self.list(m.domain ?? []))
            set("params_b", m.paramsB)
            set("base_model", m.baseModel)
            set("government", m.government)
            set("open_source", m.openSource)
        case .center(let c):
            set("status", c.status.rawValue)
            set("city", c.city)
            set("operator", c.operator)
            set("tier", c.tier.rawValue)
            set("tier_ord", CenterTier.allCases.firstIndex(of: c.tier)!)
            set("capacity", c.capacityPflopsFP16)
            set("since", c.since?.description)
        }
        values = v
        search = Self.searchDocument(entity)
        let name = entity.displayName
        pinyinSortKey = Pinyin.sortKey(name)
        pinyinWords = PinyinText.indexWords(of: name)
    }

    /// The `search` row of `entity`, in `IndexSchema.searchColumns` order. The text index keeps
    /// no copy of it (contentless); a changed entity's row is left dead (docs/0029).
    static func searchDocument(_ entity: Entity) -> [String] {
        switch entity {
        case .scenario(let s):
            return [
                SearchText.indexText([s.title, s.titleEn]),
                SearchText.indexText([s.demandOrg] + s.supplierOrgs),
                SearchText.indexText(s.tags),
                SearchText.indexText([s.summary]),
                SearchText.indexText([s.id]),
                "scenario",
            ]
        case .model(let m):
            return [
                SearchText.indexText([m.name]),
                SearchText.indexText([m.provider]),
                "",
                SearchText.indexText([m.license]),
                SearchText.indexText([m.id, m.filingNo, m.baseModel]),
                "model",
            ]
        case .center(let c):
            return [
                SearchText.indexText([c.name]),
                SearchText.indexText([c.operator]),
                "",
                "",
                SearchText.indexText([c.id]),
                "center",
            ]
        }
    }

    /// The columns of each item, computed in parallel chunks (search text and pinyin are most of
    /// the CPU time of a bulk load, and they need no database).
    static func prepare(_ items: [IndexItem], accelerators: [String: Double]) -> [EntityColumns] {
        let chunk = 64
        let chunks = (items.count + chunk - 1) / chunk
        var result = [EntityColumns?](repeating: nil, count: items.count)
        result.withUnsafeMutableBufferPointer { out in
            let slots = Slots(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(items.count, (c + 1) * chunk) {
                    let item = items[i]
                    (slots.base + i).pointee = EntityColumns(item.entity, file: item.file.path, accelerators: accelerators)
                }
            }
        }
        return result.map { $0! }
    }

    /// The output array, written by several threads at disjoint indexes only.
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<EntityColumns?>
    }

    /// `,a,b,`: a list one item of which `instr(col, ',a,')` finds without a join.
    static func list(_ items: [String]) -> String? {
        items.isEmpty ? nil : "," + items.joined(separator: ",") + ","
    }

    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
}
