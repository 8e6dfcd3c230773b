import CatalogCore
import GRDB

extension IndexStore {
    /// The most quarters a demand series spans, whatever odd dates a catalogue holds.
    static let maxSeriesQuarters = 400

    /// Counts by facet and compute demand against capacity; breakdowns for `quarter`, or for the
    /// quarter of peak demand when nil (see `CatalogStats`). Two passes over the compute rows
    /// whatever the span of quarters (a few hundred ms at 100,000 scenarios).
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
                let active = "c.live = 1 AND c.from_q <= \(q.ordinal) AND (c.until_q IS NULL OR c.until_q >= \(q.ordinal))"
                // One pass for sector and city together; summed by each in Swift.
                var bySector: [String: Double] = [:], byCity: [String: Double] = [:]
                var demand = 0.0
                for row in try Row.fetchAll(db, sql: "SELECT c.sector, c.city, total(c.pflops) FROM compute_need c WHERE \(active) GROUP BY 1, 2") {
                    let p: Double = row[2]
                    bySector[row[0], default: 0] += p
                    byCity[row[1], default: 0] += p
                    demand += p
                }
                func shares(_ map: [String: Double]) -> [DemandShare] {
                    map.map { DemandShare(key: $0.key, pflops: $0.value) }
                        .sorted { $0.pflops != $1.pflops ? $0.pflops > $1.pflops : $0.key < $1.key }
                }
                sectors = shares(bySector)
                cities = shares(byCity)
                centers = try Row.fetchAll(db, sql: """
                    SELECT k.id, k.name, k.city, k.tier, k.status, k.capacity,
                           (SELECT total(c.pflops) FROM compute_need c WHERE c.center_id = k.id AND \(active)) AS d
                    FROM entity k WHERE k.kind = 'Center' ORDER BY d DESC, k.id
                    """).map {
                    CenterLoad(id: $0[0], name: $0[1], city: $0[2], tier: ($0[3] as String?).flatMap(CenterTier.init(rawValue:)),
                               status: $0[4], capacity: $0[5] ?? 0, demand: $0[6])
                }
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
    /// read in one pass grouped by (from, until).
    private func demandSeries(_ db: Database) throws -> [QuarterLoad] {
        let spans = try Row.fetchAll(db, sql: "SELECT from_q, until_q, total(pflops) FROM compute_need WHERE live = 1 GROUP BY 1, 2")
        guard let first = spans.map({ $0[0] as Int }).min() else { return [] }
        var last = spans.map { max($0[0] as Int, ($0[1] as Int?) ?? first) }.max() ?? first
        if let since = try String.fetchOne(db, sql: "SELECT max(since) FROM entity").flatMap(Quarter.init) {
            last = max(last, since.ordinal)
        }
        last = min(last, first + IndexStore.maxSeriesQuarters - 1)
        var delta = [Double](repeating: 0, count: last - first + 2)
        for row in spans {
            let from: Int = row[0], pflops: Double = row[2]
            guard from <= last else { continue }
            delta[from - first] += pflops
            if let until = row[1] as Int?, until < last { delta[until + 1 - first] -= pflops }
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
