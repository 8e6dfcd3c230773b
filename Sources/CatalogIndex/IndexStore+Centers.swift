import CatalogCore
import GRDB

extension IndexStore {
    /// The compute rows that book a center (of scenarios that are not withdrawn) and what each
    /// center supplies, as last indexed, for `Oversubscription`.
    /// With `center`, that center's alone.
    func centerBookings(center: String? = nil) throws -> (bookings: [Oversubscription.Booking], supplies: [Oversubscription.Supply]) {
        try pool.read { db in
            let bookings = try Row.fetchAll(db, sql: """
                SELECT e.id, c.row, c.center_id, c.pflops, c.from_q, c.until_q
                FROM compute_need c JOIN entity e ON e.pk = c.scenario
                WHERE c.live = 1 AND c.center_id IS NOT NULL AND c.pflops IS NOT NULL AND (?1 IS NULL OR c.center_id = ?1)
                """, arguments: [center]).map {
                Oversubscription.Booking(scenario: $0[0], row: $0[1], center: $0[2], pflops: $0[3],
                                         from: Quarter(ordinal: $0[4]), until: ($0[5] as Int?).map(Quarter.init(ordinal:)))
            }
            let supplies = try Row.fetchAll(db, sql: """
                SELECT id, capacity, status, since FROM entity WHERE kind = 'Center' AND (?1 IS NULL OR id = ?1) ORDER BY id
                """, arguments: [center]).map {
                Oversubscription.Supply(center: $0[0], capacity: $0[1] ?? 0, operating: ($0[2] as String) == CenterStatus.operating.rawValue,
                                        since: ($0[3] as String?).flatMap(Quarter.init))
            }
            return (bookings, supplies)
        }
    }

    /// Every center's load per quarter (see `Oversubscription.loads`), over `quarters` or else from
    /// the first booked quarter to the last one the catalogue's bookings and centers mention, and
    /// at least to this quarter. With `center`, that center's alone (over the same quarters).
    public func centerLoads(quarters: ClosedRange<Quarter>? = nil, center: String? = nil) throws -> [Oversubscription.Load] {
        let (bookings, supplies) = try centerBookings()
        var range = quarters ?? Oversubscription.span(bookings, supplies)
        if quarters == nil, let r = range, r.upperBound < IndexStore.currentQuarter() {
            range = r.lowerBound...min(IndexStore.currentQuarter(), r.lowerBound.adding(399))
        }
        guard let center else { return Oversubscription.loads(bookings, supplies, quarters: range) }
        return Oversubscription.loads(bookings.filter { $0.center == center }, supplies.filter { $0.center == center }, quarters: range)
    }

    /// The centers and quarters booked at or above the catalogue's warning threshold, from `from` on
    /// (every quarter when nil): what the dashboard, `publish` and the manifest name.
    public func oversubscribed(from: Quarter? = nil) throws -> [Oversubscription.Load] {
        let percent = try catalogInfo()?.warningPercent ?? Oversubscription.defaultWarningPercent
        let flagged = Oversubscription.flagged(try centerLoads(), warningPercent: percent)
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
