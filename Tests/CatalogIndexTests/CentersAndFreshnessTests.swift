import CatalogCore
import Testing
@testable import CatalogIndex

/// Center loads and stale entries as the index answers them.
@Suite struct CentersAndFreshnessTests {
    typealias F = Fixtures

    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        try F.load(store, [
            F.center("hub", capacity: 100, since: F.q("2026-Q1")),
            F.center("later", status: .planned, capacity: 500),
            F.scenario("cards", compute: [
                // 300 × 312 TFLOPS = 93.6 PFLOPS in 2026-Q3 only.
                ComputeNeed(workload: .training, amount: 300, unit: .cards, accelerator: "gpu-a", center: "hub", from: F.q("2026-Q3"), until: F.q("2026-Q3")),
            ], updated: "2025-11-30"),
            F.scenario("steady", compute: [
                ComputeNeed(workload: .inference, amount: 10, unit: .pflops, center: "hub", from: F.q("2026-Q2")),
            ], updated: "2026-06-01"),
            F.scenario("gone", status: .withdrawn, compute: [
                ComputeNeed(workload: .inference, amount: 500, unit: .pflops, center: "hub", from: F.q("2026-Q1")),
            ]),
        ])
        return store
    }

    @Test func loadsPerCenterAndQuarterFromTheIndex() throws {
        let loads = try Self.catalogue().centerLoads().filter { $0.center == "hub" }
        // From the first booked quarter to the last one any row names, or to this quarter when later.
        #expect(loads.first?.quarter == F.q("2026-Q2") && loads.last?.quarter == max(F.q("2026-Q3"), IndexStore.currentQuarter()))
        #expect(zip(loads, loads.dropFirst()).allSatisfy { $0.quarter.adding(1) == $1.quarter })
        let q3 = try #require(loads.first { $0.quarter.description == "2026-Q3" })
        #expect(abs(q3.demand - 103.6) < 1e-9 && q3.isOver && q3.percent == 104)
        #expect(Set(q3.bookings.map(\.scenario)) == ["cards", "steady"])
        // The withdrawn scenario's 500 PFLOPS count nowhere.
        #expect(loads.allSatisfy { $0.demand < 200 })
        let q2 = try #require(loads.first { $0.quarter.description == "2026-Q2" })
        #expect(q2.demand == 10 && q2.capacity == 100 && !q2.isOver)
        // Asked for a later quarter, the open-ended row is still there.
        let q4 = try Self.catalogue().centerLoads(quarters: F.q("2026-Q4")...F.q("2026-Q4")).filter { $0.center == "hub" }
        #expect(q4.map(\.demand) == [10])
        let flagged = try Self.catalogue().oversubscribed()
        #expect(flagged.map { "\($0.center) \($0.quarter)" } == ["hub 2026-Q3"])
    }

    @Test func staleEntriesByDate() throws {
        let store = try Self.catalogue()
        var q = ListQuery(kind: .scenario)
        q.updatedBefore = "2026-01-01"
        // Updated before the date, or never (the withdrawn one has no date).
        #expect(try store.list(q).map(\.id) == ["cards", "gone"])
        #expect(try store.count(q) == 2)
        #expect(try store.staleCount(before: "2026-01-01") == 2)
        #expect(try store.staleCount(before: "2025-01-01") == 1)
        var models = ListQuery(kind: .model)
        models.updatedBefore = "2026-01-01"
        #expect(try store.list(models).isEmpty)
        var sorted = ListQuery(kind: .scenario, sort: .updated, descending: true)
        sorted.limit = 1
        #expect(try store.list(sorted).first?.updated == "2026-06-01")
    }
}
