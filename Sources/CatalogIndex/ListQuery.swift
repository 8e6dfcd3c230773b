import CatalogCore

/// One screen of a list: which entities, in what order, which slice.
/// Filters that do not apply to `kind` (a tier on scenarios) match nothing, so mistakes show.
public struct ListQuery: Sendable, Hashable {
    /// How `since` filters scenarios (and centers).
    public enum SinceFilter: Sendable, Hashable {
        /// Listable by this quarter: `since` ≤ the quarter, or no `since` at all.
        case upTo(Quarter)
        /// `since` is exactly this quarter (new in that quarter).
        case exactly(Quarter)
    }

    public enum SortKey: String, Sendable, Hashable, CaseIterable {
        case id, name, sector, city, stage, status, since, updated, dataClass
        case peakPflops, modelCount
        case provider, filingNo, filedOn, paramsB, usedBy
        case tier, capacity, demand, utilisation
        /// Search rank (best first, bm25 as in `IndexStore.search`) while `text` matches fewer than
        /// 3,000 entities of the kind; `id` order beyond that, and without `text`.
        case relevance
    }

    public var kind: EntityKind
    /// Scenario sector; for models, those usable in the sector (general or limited to it).
    public var sector: String?
    /// Scenario and center city; model jurisdiction.
    public var city: String?
    public var stage: Stage?
    /// The raw status of the kind (`approved`, `active`, `operating`…).
    public var status: String?
    public var dataClass: DataClass?
    /// Scenarios linking this model (with `role`, only in that role).
    public var model: String?
    public var role: ModelRole?
    /// Scenarios with a compute row at this center.
    public var center: String?
    public var since: SinceFilter?
    /// Scenarios with compute active in this quarter; also the quarter of centers' `demand`
    /// (the current calendar quarter when nil).
    public var quarter: Quarter?
    /// Full-text search within the list (same syntax as `IndexStore.search`).
    public var text: String?
    public var filingKind: FilingKind?
    public var function: ModelFunction?
    public var provider: String?
    /// Models whose `base_model` is this id.
    public var baseModel: String?
    public var tier: CenterTier?
    /// Scenarios whose `updated` is before this `YYYY-MM-DD` date, or missing (stale entries).
    public var updatedBefore: String? = nil
    /// Only these ids (a set decided outside the index, such as the models of one filing-register status).
    public var ids: [String]? = nil

    public var sort: SortKey
    public var descending: Bool
    /// Rows per page; nil for all (only for exports).
    public var limit: Int?
    public var offset: Int

    public init(kind: EntityKind, sector: String? = nil, city: String? = nil, stage: Stage? = nil, status: String? = nil,
                dataClass: DataClass? = nil, model: String? = nil, role: ModelRole? = nil, center: String? = nil,
                since: SinceFilter? = nil, quarter: Quarter? = nil, text: String? = nil, filingKind: FilingKind? = nil,
                function: ModelFunction? = nil, provider: String? = nil, baseModel: String? = nil, tier: CenterTier? = nil,
                sort: SortKey = .id, descending: Bool = false, limit: Int? = 100, offset: Int = 0) {
        self.kind = kind
        self.sector = sector
        self.city = city
        self.stage = stage
        self.status = status
        self.dataClass = dataClass
        self.model = model
        self.role = role
        self.center = center
        self.since = since
        self.quarter = quarter
        self.text = text
        self.filingKind = filingKind
        self.function = function
        self.provider = provider
        self.baseModel = baseModel
        self.tier = tier
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}

/// A field whose values can be counted for a sidebar (`facetCounts`).
public enum FacetField: String, Sendable, Hashable, CaseIterable {
    case sector, city, stage, status, dataClass, filingKind, function, provider, tier
}

/// One value of a facet and how many entities have it.
public struct FacetCount: Sendable, Hashable {
    public var value: String
    public var count: Int
    public init(value: String, count: Int) { self.value = value; self.count = count }
}
