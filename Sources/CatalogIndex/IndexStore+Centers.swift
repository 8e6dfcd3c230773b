import CatalogCore
import GRDB

extension IndexStore {
    /// The compute rows that book a center (of scenarios that are not withdrawn), as last indexed,
    /// for `Oversubscription`. With `center`, that center's rows alone, read through `compute_need_center`.
    func centerBookings(center: String? = nil) throws -> [Oversubscription.Booking] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.id, c.row, c.center_id, c.pflops, c.from_q, c.until_q
                FROM compute_need c JOIN entity e ON e.pk = c.scenario
                WHERE \(center == nil ? "c.center_id IS NOT NULL" : "c.center_id = ?") AND c.live = 1 AND c.pflops IS NOT NULL
                """, arguments: StatementArguments(center.map { [$0] } ?? [])).map {
                Oversubscription.Booking(scenario: $0[0], row: $0[1], center: $0[2], pflops: $0[3],
                                         from: Quarter(ordinal: $0[4]), until: ($0[5] as Int?).map(Quarter.init(ordinal:)))
            }
        }
    }

    /// What each center supplies, in id order.
    func centerSupplies() throws -> [Oversubscription.Supply] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, capacity, status, since FROM entity WHERE kind = 'Center' ORDER BY id").map {
                Oversubscription.Supply(center: $0[0], capacity: $0[1] ?? 0, operating: ($0[2] as String) == CenterStatus.operating.rawValue,
                                        since: ($0[3] as String?).flatMap(Quarter.init))
            }
        }
    }

    /// PFLOPS booked at centers, summed by SQL per (center, from, until): a few thousand rows
    /// for a 100,000-scenario catalogue, however many compute rows book centers.
    func centerDemandGroups() throws -> [(center: String, from: Int, until: Int?, pflops: Double)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT center_id, from_q, until_q, total(pflops) FROM compute_need
                WHERE center_id IS NOT NULL AND live = 1 AND pflops IS NOT NULL GROUP BY 1, 2, 3
                """).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// `Oversubscription.span` of every booking and center, from aggregates rather than the rows:
    /// the first booked quarter to the last one any booking or center mentions, at most 400.
    func centerSpan(supplies: [Oversubscription.Supply]) throws -> ClosedRange<Quarter>? {
        let bounds = try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT min(from_q), max(coalesce(until_q, from_q)) FROM compute_need
                WHERE center_id IS NOT NULL AND live = 1 AND pflops IS NOT NULL
                """)
        }
        guard let bounds, let firstOrdinal = bounds[0] as Int?, let lastOrdinal = bounds[1] as Int? else { return nil }
        let first = Quarter(ordinal: firstOrdinal)
        var last = max(first, Quarter(ordinal: lastOrdinal))
        for s in supplies { if let since = s.since { last = max(last, since) } }
        return first...min(last, first.adding(IndexStore.maxSeriesQuarters - 1))
    }

    /// The quarters `centerLoads` and `centerTotals` cover: `quarters`, or else `centerSpan`
    /// reaching at least to this quarter.
    private func loadQuarters(_ quarters: ClosedRange<Quarter>?, supplies: [Oversubscription.Supply]) throws -> ClosedRange<Quarter>? {
        if let quarters { return quarters }
        guard let r = try centerSpan(supplies: supplies) else { return nil }
        if r.upperBound < IndexStore.currentQuarter() {
            return r.lowerBound...min(IndexStore.currentQuarter(), r.lowerBound.adding(399))
        }
        return r
    }

    /// Every center's load per quarter (see `Oversubscription.loads`), over `quarters` or else from
    /// the first booked quarter to the last one the catalogue's bookings and centers mention, and
    /// at least to this quarter. With `center`, that center's alone (over the same quarters), and
    /// only its rows are read.
    public func centerLoads(quarters: ClosedRange<Quarter>? = nil, center: String? = nil) throws -> [Oversubscription.Load] {
        let supplies = try centerSupplies()
        guard let range = try loadQuarters(quarters, supplies: supplies) else { return [] }
        guard let center else { return Oversubscription.loads(try centerBookings(), supplies, quarters: range) }
        return Oversubscription.loads(try centerBookings(center: center), supplies.filter { $0.center == center }, quarters: range)
    }

    /// Every center's demand and capacity per quarter, as `centerLoads` gives them but without the
    /// rows behind each figure (`bookings` is empty): summed in SQL, so its memory does not grow
    /// with the catalogue. What the dashboard, `publish` and the manifest need.
    public func centerTotals(quarters: ClosedRange<Quarter>? = nil) throws -> [Oversubscription.Load] {
        let supplies = try centerSupplies()
        guard let range = try loadQuarters(quarters, supplies: supplies) else { return [] }
        // Each group stands for its rows: one booking of their summed PFLOPS.
        let groups = try centerDemandGroups().map {
            Oversubscription.Booking(scenario: "", row: 0, center: $0.center, pflops: $0.pflops,
                                     from: Quarter(ordinal: $0.from), until: $0.until.map(Quarter.init(ordinal:)))
        }
        return Oversubscription.loads(groups, supplies, quarters: range).map { load in
            var total = load
            total.bookings = []
            return total
        }
    }

    /// The centers and quarters booked at or above the catalogue's warning threshold, from `from` on
    /// (every quarter when nil): what the dashboard, `publish` and the manifest name. Totals only
    /// (`centerTotals`): no load carries its rows.
    public func oversubscribed(from: Quarter? = nil) throws -> [Oversubscription.Load] {
        let percent = try catalogInfo()?.warningPercent ?? Oversubscription.defaultWarningPercent
        let flagged = Oversubscription.flagged(try centerTotals(), warningPercent: percent)
        guard let from else { return flagged }
        return flagged.filter { $0.quarter >= from }
    }

    /// Scenarios not `updated` since `date` (`YYYY-MM-DD`), or never.
    public func staleCount(before date: String) throws -> Int {
        try pool.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM entity WHERE kind = 'Scenario' AND (updated IS NULL OR updated < ?)",
                             arguments: [date]) ?? 0
        }
    }
}

/// What the dashboard tells beyond counts: centers booked at or above the warning threshold,
/// and scenarios due for review.
public struct DailyFacts: Sendable, Hashable {
    /// Flagged centers and quarters, every quarter booked (a past quarter stays on record).
    public var oversubscribed: [Oversubscription.Load]
    public var warningPercent: Double
    public var reviewMonths: Int
    /// Scenarios not updated since `staleBefore` (or never).
    public var staleScenarios: Int
    public var staleBefore: String

    public init(oversubscribed: [Oversubscription.Load], warningPercent: Double, reviewMonths: Int, staleScenarios: Int, staleBefore: String) {
        self.oversubscribed = oversubscribed; self.warningPercent = warningPercent; self.reviewMonths = reviewMonths
        self.staleScenarios = staleScenarios; self.staleBefore = staleBefore
    }
}

extension IndexStore {
    /// The dashboard's facts on `today` (`YYYY-MM-DD`), with the catalogue's threshold and review period.
    public func dailyFacts(today: String) throws -> DailyFacts {
        let info = try catalogInfo()
        let months = info?.reviewPeriodMonths ?? 12
        let before = Freshness.cutoff(today: today, months: months) ?? today
        return DailyFacts(oversubscribed: try oversubscribed(), warningPercent: info?.warningPercent ?? Oversubscription.defaultWarningPercent,
                          reviewMonths: months, staleScenarios: try staleCount(before: before), staleBefore: before)
    }
}
