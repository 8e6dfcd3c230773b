import CatalogCore
import Testing
@testable import CatalogIndex

/// The center loads summed in SQL (`centerTotals`, the dashboard and `publish`) and one center's
/// loads read alone (a center's page) give what the loads built from every row give.
@Suite struct CenterTotalsTests {
    typealias F = Fixtures

    /// Several centers, rows that start, stop and overlap, a withdrawn scenario, a row booking a
    /// center the catalogue does not have, and a center that opens late.
    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        func need(_ amount: Double, _ center: String, _ from: String, _ until: String? = nil) -> ComputeNeed {
            ComputeNeed(workload: .inference, amount: amount, unit: .pflops, center: center, from: F.q(from), until: until.map(F.q))
        }
        try F.load(store, [
            F.center("hub", capacity: 100, since: F.q("2026-Q1")),
            F.center("edge", capacity: 30),
            F.center("later", status: .planned, capacity: 500, since: F.q("2027-Q4")),
            F.scenario("a", compute: [need(40.1, "hub", "2026-Q2", "2026-Q4"), need(7.3, "edge", "2026-Q1")]),
            F.scenario("b", compute: [need(62.2, "hub", "2026-Q3"), need(22, "edge", "2026-Q3", "2026-Q3")]),
            F.scenario("c", compute: [need(0.7, "hub", "2026-Q2", "2026-Q2"), need(25, "nowhere", "2026-Q4", "2027-Q1")]),
            F.scenario("d", compute: [ComputeNeed(workload: .training, amount: 20, unit: .cards, accelerator: "gpu-a", center: "edge", from: F.q("2026-Q4"))]),
            F.scenario("gone", status: .withdrawn, compute: [need(900, "hub", "2026-Q1")]),
        ])
        return store
    }

    static func figures(_ loads: [Oversubscription.Load]) -> [String] {
        loads.map { "\($0.center) \($0.quarter) \(($0.demand * 1e6).rounded() / 1e6) \($0.capacity)" }
    }

    @Test func totalsSummedInSQLAreTheLoadsWithoutTheirRows() throws {
        let store = try Self.catalogue()
        let loads = try store.centerLoads()
        let totals = try store.centerTotals()
        #expect(!loads.isEmpty && loads.contains { !$0.bookings.isEmpty })
        #expect(Self.figures(totals) == Self.figures(loads))
        #expect(totals.allSatisfy { $0.bookings.isEmpty })
        // A booked id no center has is listed (no capacity); a planned center with no demand is not.
        #expect(totals.contains { $0.center == "nowhere" } && !totals.contains { $0.center == "later" })
        // One quarter asked for: the same figures as the full range has for it.
        let q = F.q("2026-Q4")
        #expect(Self.figures(try store.centerTotals(quarters: q...q)) == Self.figures(loads.filter { $0.quarter == q }))
        // The threshold (90 %) picks edge in 2026-Q3 (29.3 of 30) and hub in 2026-Q3 and Q4 (102.3 of 100).
        #expect(try store.oversubscribed().map { "\($0.center) \($0.quarter)" } == ["edge 2026-Q3", "hub 2026-Q3", "hub 2026-Q4"])
    }

    @Test func oneCentersLoadsReadAloneAreItsShareOfAll() throws {
        let store = try Self.catalogue()
        let all = try store.centerLoads()
        for center in ["hub", "edge", "later", "nowhere"] {
            let alone = try store.centerLoads(center: center)
            let share = all.filter { $0.center == center }
            #expect(alone == share, "\(center)")
        }
        // The rows behind a figure come with it, largest first.
        let hub = try #require(all.first { $0.center == "hub" && $0.quarter.description == "2026-Q3" })
        #expect(hub.bookings.map(\.scenario) == ["b", "a"])
    }
}
