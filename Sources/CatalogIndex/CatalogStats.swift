import CatalogCore

/// Compute demand of one group (a sector or city id), in FP16 PFLOPS.
public struct DemandShare: Sendable, Hashable {
    public var key: String
    public var pflops: Double
    public init(key: String, pflops: Double) { self.key = key; self.pflops = pflops }
}

/// Demand against capacity in one quarter, province-wide.
public struct QuarterLoad: Sendable, Hashable {
    public var quarter: Quarter
    /// PFLOPS of every active compute row of scenarios that are not withdrawn.
    public var demand: Double
    /// Capacity of operating centers whose `since` is at or before the quarter (or absent).
    public var capacity: Double
    /// demand / capacity; nil without capacity.
    public var utilisation: Double? { capacity > 0 ? demand / capacity : nil }
}

/// One center's load in the stats quarter.
public struct CenterLoad: Sendable, Hashable {
    public var id: String
    public var name: String
    public var city: String?
    public var tier: CenterTier?
    public var status: String
    public var capacity: Double
    /// PFLOPS asked of this center in the quarter by scenarios that are not withdrawn.
    public var demand: Double
    /// demand / capacity; nil without capacity.
    public var utilisation: Double? { capacity > 0 ? demand / capacity : nil }
}

/// The catalogue in numbers: counts, and compute demand against center capacity.
///
/// Demand counts compute rows of scenarios that are not withdrawn (drafts are planned demand);
/// a row contributes to every quarter from `from` to `until`, and an open-ended row to every
/// quarter up to the last one the catalogue mentions (any `from`, `until` or `since`).
public struct CatalogStats: Sendable, Hashable {
    public var scenarioCount: Int
    public var modelCount: Int
    public var centerCount: Int
    public var scenariosBySector: [FacetCount]
    public var scenariosByCity: [FacetCount]
    public var scenariosByStage: [FacetCount]
    public var scenariosByStatus: [FacetCount]
    public var modelsByStatus: [FacetCount]
    public var modelsByFilingKind: [FacetCount]
    public var centersByTier: [FacetCount]
    public var centersByStatus: [FacetCount]

    /// Demand per quarter from the first `from` to the last quarter mentioned (at most 400 quarters).
    public var series: [QuarterLoad]
    /// The quarter of the breakdowns below: the one asked for, else the quarter of peak demand
    /// (nil when there is no compute at all).
    public var quarter: Quarter?
    /// Province-wide demand and capacity in `quarter`.
    public var total: QuarterLoad?
    /// Largest first.
    public var demandBySector: [DemandShare]
    public var demandByCity: [DemandShare]
    /// Every center, most demanded first.
    public var centers: [CenterLoad]
    /// Demand in `quarter` not placed at a known center.
    public var unplacedDemand: Double
    /// Over-subscription and freshness, when asked for (`IndexStore.dailyFacts`; the dashboard).
    public var daily: DailyFacts? = nil
}
