import CatalogCore
import GRDB

extension IndexStore {
    /// The most quarters a demand series spans, whatever odd dates a catalogue holds.
    static let maxSeriesQuarters = 400

    /// Counts by facet and compute demand against capacity; breakdowns for `quarter`, or for the
    /// quarter of peak demand when nil (see `CatalogStats`).
    public func stats(quarter: Quarter? = nil) throws -> CatalogStats {
        try pool.read { db in
            func facets(_ kind: EntityKind, _ field: FacetField) throws -> [FacetCount] {
                try IndexStore.facetCounts(db, field: field, within: ListQuery(kind: kind))
            }
            let counts = try Row.fetchOne(db, sql: """
                SELECT total(kind = 'Scenario'), total(kind = 'Model'), total(kind = 'Center') FROM entity
                """)!
            let series = try demandSeries(db)
            let q = quarter ?? series.max { $0.demand < $1.demand || ($0.demand == $1.demand && $0.quarter > $1.quarter) }?.quarter
            var total: QuarterLoad?
            var sectors: [DemandShare] = [], cities: [DemandShare] = [], centers: [CenterLoad] = []
            var unplaced = 0.0
            if let q {
                let active = "s.status <> 'withdrawn' AND c.from_q <= \(q.ordinal) AND (c.until_q IS NULL OR c.until_q >= \(q.ordinal))"
                func shares(_ column: String) throws -> [DemandShare] {
                    try Row.fetchAll(db, sql: """
                        SELECT s.\(column), total(c.pflops) AS p FROM compute_need c JOIN entity s ON s.pk = c.scenario
                        WHERE \(active) GROUP BY s.\(column) ORDER BY p DESC, s.\(column)
                        """).map { DemandShare(key: $0[0], pflops: $0[1]) }
                }
                sectors = try shares("sector")
                cities = try shares("city")
                centers = try Row.fetchAll(db, sql: """
                    SELECT k.id, k.name, k.city, k.tier, k.status, k.capacity,
                           (SELECT total(c.pflops) FROM compute_need c JOIN entity s ON s.pk = c.scenario
                            WHERE c.center_id = k.id AND \(active)) AS d
                    FROM entity k WHERE k.kind = 'Center' ORDER BY d DESC, k.id
                    """).map {
                    CenterLoad(id: $0[0], name: $0[1], city: $0[2], tier: ($0[3] as String?).flatMap(CenterTier.init(rawValue:)),
                               status: $0[4], capacity: $0[5] ?? 0, demand: $0[6])
                }
                let demand = try Double.fetchOne(db, sql: """
                    SELECT total(c.pflops) FROM compute_need c JOIN entity s ON s.pk = c.scenario WHERE \(active)
                    """) ?? 0
                total = QuarterLoad(quarter: q, demand: demand, capacity: try capacity(db, in: q))
                unplaced = max(0, demand - centers.reduce(0) { $0 + $1.demand })
            }
            return CatalogStats(
                scenarioCount: Int(counts[0] as Double), modelCount: Int(counts[1] as Double), centerCount: Int(counts[2] as Double),
                scenariosBySector: try facets(.scenario, .sector), scenariosByCity: try facets(.scenario, .city),
                scenariosByStage: try facets(.scenario, .stage), scenariosByStatus: try facets(.scenario, .status),
                modelsByStatus: try facets(.model, .status), modelsByFilingKind: try facets(.model, .filingKind),
                centersByTier: try facets(.center, .tier), centersByStatus: try facets(.center, .status),
                series: series, quarter: q, total: total, demandBySector: sectors, demandByCity: cities,
                centers: centers, unplacedDemand: unplaced)
        }
    }

    /// Demand and capacity for every quarter from the first compute `from` to the last quarter
    /// mentioned, from per-quarter deltas (a row starts adding at `from` and stops after `until`),
    /// so the cost is one pass over the compute rows whatever the span.
    private func demandSeries(_ db: Database) throws -> [QuarterLoad] {
        let live = "FROM compute_need c JOIN entity s ON s.pk = c.scenario WHERE s.status <> 'withdrawn'"
        guard let bounds = try Row.fetchOne(db, sql: "SELECT min(c.from_q), max(c.from_q), max(c.until_q) \(live)"),
              let first = bounds[0] as Int? else { return [] }
        var last = max(bounds[1] as Int, (bounds[2] as Int?) ?? first)
        if let since = try String.fetchOne(db, sql: "SELECT max(since) FROM entity").flatMap(Quarter.init) {
            last = max(last, since.ordinal)
        }
        last = min(last, first + IndexStore.maxSeriesQuarters - 1)
        var delta = [Double](repeating: 0, count: last - first + 2)
        for row in try Row.fetchAll(db, sql: "SELECT c.from_q, total(c.pflops) \(live) GROUP BY c.from_q") {
            let q: Int = row[0]
            if q <= last { delta[q - first] += row[1] }
        }
        for row in try Row.fetchAll(db, sql: "SELECT c.until_q, total(c.pflops) \(live) AND c.until_q IS NOT NULL GROUP BY c.until_q") {
            let q: Int = row[0]
            if q < last { delta[q + 1 - first] -= row[1] }
        }
        // Capacity steps in when a center's `since` comes; centers without `since` count from the start.
        var capacityDelta = [Double](repeating: 0, count: last - first + 1)
        for row in try Row.fetchAll(db, sql: """
            SELECT since, total(capacity) FROM entity WHERE kind = 'Center' AND status = 'operating' GROUP BY since
            """) {
            let start = (row[0] as String?).flatMap(Quarter.init)?.ordinal ?? first
            if start <= last { capacityDelta[max(0, start - first)] += row[1] }
        }
        var series: [QuarterLoad] = []
        var demand = 0.0, capacity = 0.0
        for i in 0...(last - first) {
            demand += delta[i]
            capacity += capacityDelta[i]
            // Adding then subtracting floats can leave dust like 1e-15 where demand ended.
            let clean = abs(demand) < 1e-9 ? 0 : demand
            series.append(QuarterLoad(quarter: Quarter(ordinal: first + i), demand: clean, capacity: capacity))
        }
        return series
    }

    /// Capacity of operating centers in `quarter`.
    private func capacity(_ db: Database, in quarter: Quarter) throws -> Double {
        try Double.fetchOne(db, sql: """
            SELECT total(capacity) FROM entity WHERE kind = 'Center' AND status = 'operating' AND (since IS NULL OR since <= ?)
            """, arguments: [quarter.description]) ?? 0
    }
}
