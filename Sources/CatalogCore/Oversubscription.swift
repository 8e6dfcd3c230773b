/// Compute booked at a center against what the center can give, quarter by quarter.
///
/// Demand at a center in a quarter is the FP16 PFLOPS of every compute row that names the center
/// and is active in the quarter, over scenarios that are not withdrawn (drafts are planned demand).
/// Capacity is the center's `capacity_pflops_fp16` while it is operating and from its `since` on
/// (or always, without `since`) — the same rule as the province-wide series of `stats`.
public enum Oversubscription {
    /// The share of capacity at which a center is reported when catalog.yaml sets none.
    public static let defaultWarningPercent = 90.0

    /// One compute row that books a center.
    public struct Booking: Sendable, Hashable {
        public var scenario: String
        /// The row's index in the scenario's `compute` list.
        public var row: Int
        public var center: String
        public var pflops: Double
        public var from: Quarter
        public var until: Quarter?
        /// Where the row names the center, for diagnostics (nil when read from the index).
        public var file: String?
        public var position: SourcePosition?

        public init(scenario: String, row: Int, center: String, pflops: Double, from: Quarter, until: Quarter? = nil,
                    file: String? = nil, position: SourcePosition? = nil) {
            self.scenario = scenario; self.row = row; self.center = center; self.pflops = pflops
            self.from = from; self.until = until; self.file = file; self.position = position
        }

        public func isActive(in q: Quarter) -> Bool { from <= q && (until.map { q <= $0 } ?? true) }
    }

    /// What a center can give.
    public struct Supply: Sendable, Hashable {
        public var center: String
        public var capacity: Double
        public var operating: Bool
        public var since: Quarter?

        public init(center: String, capacity: Double, operating: Bool, since: Quarter? = nil) {
            self.center = center; self.capacity = capacity; self.operating = operating; self.since = since
        }

        public init(_ c: Center) {
            self.init(center: c.id, capacity: c.capacityPflopsFP16, operating: c.status == .operating, since: c.since)
        }

        public func capacity(in q: Quarter) -> Double {
            operating && (since.map { $0 <= q } ?? true) ? capacity : 0
        }
    }

    /// One center in one quarter.
    public struct Load: Sendable, Hashable {
        public var center: String
        public var quarter: Quarter
        public var demand: Double
        public var capacity: Double
        /// The rows active at the center in the quarter, largest first.
        public var bookings: [Booking]

        /// demand / capacity; nil without capacity.
        public var utilisation: Double? { capacity > 0 ? demand / capacity : nil }
        /// Percent of capacity, rounded to a whole number for messages.
        public var percent: Int? { utilisation.map { Int(($0 * 100).rounded()) } }
        /// Booked past capacity.
        public var isOver: Bool { (utilisation ?? 0) > 1 + 1e-9 }
        /// At or above `warningPercent` of capacity.
        public func reaches(_ warningPercent: Double) -> Bool { (utilisation ?? 0) * 100 >= warningPercent - 1e-9 }
    }

    /// The rows of a scenario that book a center; none for a withdrawn scenario. Cards are
    /// converted with the accelerator's FP16 TFLOPS; a row whose accelerator is unknown books nothing.
    public static func bookings(of s: Scenario, file: String? = nil, references: [Reference] = [],
                                accelerators: [String: Double]) -> [Booking] {
        guard s.status != .withdrawn else { return [] }
        return s.compute.enumerated().compactMap { i, need in
            guard let center = need.center, let p = ComputeMath.pflops(need, accelerators: accelerators) else { return nil }
            let at = references.first { $0.field == "compute[\(i)].center" }?.position
            return Booking(scenario: s.id, row: i, center: center, pflops: p, from: need.from, until: need.until,
                           file: file, position: at)
        }
    }

    /// The quarters worth showing: from the first booked `from` to the last quarter any booking or
    /// center mentions (an open-ended row counts up to there), at most `maxQuarters` long.
    public static func span(_ bookings: [Booking], _ supplies: [Supply], maxQuarters: Int = 400) -> ClosedRange<Quarter>? {
        guard let first = bookings.map(\.from).min() else { return nil }
        var last = first
        for b in bookings { last = max(last, b.until ?? b.from) }
        for s in supplies { if let since = s.since { last = max(last, since) } }
        return first...min(last, first.adding(maxQuarters - 1))
    }

    /// Every center's load in every quarter of `quarters` (every booked quarter when nil), centers
    /// in the order of `supplies` and then any booked center that has no supply. Quarters where a
    /// center has neither demand nor capacity are left out.
    public static func loads(_ bookings: [Booking], _ supplies: [Supply], quarters: ClosedRange<Quarter>? = nil) -> [Load] {
        guard let range = quarters ?? span(bookings, supplies) else { return [] }
        var byCenter: [String: [Booking]] = [:]
        for b in bookings where b.from <= range.upperBound && (b.until.map { $0 >= range.lowerBound } ?? true) {
            byCenter[b.center, default: []].append(b)
        }
        var order = supplies.map(\.center)
        let known = Set(order)
        order += byCenter.keys.filter { !known.contains($0) }.sorted()
        let supplyOf = Dictionary(supplies.map { ($0.center, $0) }, uniquingKeysWith: { a, _ in a })
        var loads: [Load] = []
        for center in order {
            let rows = (byCenter[center] ?? []).sorted { $0.pflops != $1.pflops ? $0.pflops > $1.pflops : ($0.scenario, $0.row) < ($1.scenario, $1.row) }
            for ordinal in range.lowerBound.ordinal...range.upperBound.ordinal {
                let q = Quarter(ordinal: ordinal)
                let active = rows.filter { $0.isActive(in: q) }
                let capacity = supplyOf[center]?.capacity(in: q) ?? 0
                let demand = active.reduce(0) { $0 + $1.pflops }
                guard demand > 0 || capacity > 0 else { continue }
                loads.append(Load(center: center, quarter: q, demand: demand, capacity: capacity, bookings: active))
            }
        }
        return loads
    }

    /// The loads at or above `warningPercent` of capacity.
    public static func flagged(_ loads: [Load], warningPercent: Double) -> [Load] {
        loads.filter { $0.reaches(min(warningPercent, 100)) || $0.isOver }
    }

    /// A warning at each compute row that books a flagged center, naming every flagged quarter the
    /// row is active in with its figures (one line per row, not per row and quarter: a row open
    /// for years would otherwise repeat itself for each quarter).
    public static func diagnostics(_ loads: [Load], warningPercent: Double) -> [Diagnostic] {
        struct RowKey: Hashable { var center: String; var scenario: String; var row: Int }
        var order: [RowKey] = []
        var quarters: [RowKey: (booking: Booking, loads: [Load])] = [:]
        for load in flagged(loads, warningPercent: warningPercent) {
            for b in load.bookings where b.file != nil {
                let key = RowKey(center: load.center, scenario: b.scenario, row: b.row)
                if quarters[key] == nil { order.append(key); quarters[key] = (b, []) }
                quarters[key]!.loads.append(load)
            }
        }
        return order.map { key in
            let (b, loads) = quarters[key]!
            let what = loads.contains(where: \.isOver) ? "over capacity" : "near capacity (warning at \(Show.number(warningPercent)) %)"
            let figures = loads.map { "\($0.quarter) (\($0.percent ?? 0) %, \(Show.number($0.demand)) of \(Show.number($0.capacity)) PFLOPS FP16)" }
            let over = loads.contains(where: \.isOver)
            let quarters = loads.map { "\($0.quarter) (\($0.percent ?? 0) %, \(Show.number($0.demand))/\(Show.number($0.capacity)))" }
            return .warning(b.file!, b.position ?? .start, """
                center '\(key.center)' is \(what) in \(figures.joined(separator: ", ")); compute[\(b.row)] books \(Show.number(b.pflops))
                """, code: over ? "CenterOver" : "CenterNear",
                   arguments: [key.center, quarters.joined(separator: ", "), String(b.row), Show.number(b.pflops), Show.number(warningPercent)])
        }
    }

    /// Plain numbers for messages: at most one decimal, none when whole.
    enum Show {
        static func number(_ v: Double) -> String { NumberText.format((v * 10).rounded() / 10) }
    }
}
