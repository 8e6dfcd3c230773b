import CatalogCore
import GRDB

extension IndexStore {
    /// The compute rows that book a center (of scenarios that are not withdrawn) and what each
    /// center supplies, as last indexed, for `Oversubscription`.
    public func centerBookings() throws -> (bookings: [Oversubscription.Booking], supplies: [Oversubscription.Supply]) {
        try pool.read { db in
            let bookings = try Row.fetchAll(db, sql: """
                SELECT e.id, c.row, c.center_id, c.pflops, c.from_q, c.until_q
                FROM compute_need c JOIN entity e ON e.pk = c.scenario
                WHERE c.live = 1 AND c.center_id IS NOT NULL AND c.pflops IS NOT NULL
                """).map {
                Oversubscription.Booking(scenario: $0[0], row: $0[1], center: $0[2], pflops: $0[3],
                                         from: Quarter(ordinal: $0[4]), until: ($0[5] as Int?).map(Quarter.init(ordinal:)))
            }
            let supplies = try Row.fetchAll(db, sql: """
                SELECT id, capacity, status, since FROM entity WHERE kind = 'Center' ORDER BY id
                """).map {
                Oversubscription.Supply(center: $0[0], capacity: $0[1] ?? 0, operating: ($0[2] as String) == CenterStatus.operating.rawValue,
                                        since: ($0[3] as String?).flatMap(Quarter.init))
            }
            return (bookings, supplies)
        }
    }

    /// Every center's load per quarter (see `Oversubscription.loads`), over `quarters` or every booked quarter.
    public func centerLoads(quarters: ClosedRange<Quarter>? = nil) throws -> [Oversubscription.Load] {
        let (bookings, supplies) = try centerBookings()
        return Oversubscription.loads(bookings, supplies, quarters: quarters)
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
