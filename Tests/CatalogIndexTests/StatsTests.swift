import CatalogCore
import Testing
@testable import CatalogIndex

/// Demand figures checked against sums done by hand (cards × TFLOPS / 1000; open-ended `until`).
@Suite struct StatsTests {
    typealias F = Fixtures

    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        try F.load(store, [
            F.center("c-one", name: "一号中心", city: "shaoguan", tier: .nationalHub, capacity: 1000, since: F.q("2025-Q1")),
            F.center("c-two", name: "二号中心", city: "guangzhou", tier: .city, capacity: 500, since: F.q("2025-Q3")),
            F.center("c-three", name: "三号中心", city: "shenzhen", tier: .provincial, status: .planned, capacity: 2000, since: F.q("2025-Q2")),
            F.scenario("a", sector: "healthcare", city: "guangzhou", status: .approved, compute: [
                ComputeNeed(workload: .inference, amount: 10, unit: .pflops, center: "c-one", from: F.q("2025-Q1"), until: F.q("2025-Q2")),
                ComputeNeed(workload: .training, amount: 100, unit: .cards, accelerator: "gpu-a", center: "c-two", from: F.q("2025-Q2")),
            ]),
            F.scenario("b", sector: "manufacturing", city: "shenzhen", status: .draft, compute: [
                ComputeNeed(workload: .fineTuning, amount: 50, unit: .cards, accelerator: "npu-b", center: "c-one", from: F.q("2025-Q3"), until: F.q("2025-Q3")),
                ComputeNeed(workload: .inference, amount: 4, unit: .pflops, from: F.q("2025-Q2"), until: F.q("2025-Q4")),
            ]),
            // Withdrawn: counted as a scenario, never as demand.
            F.scenario("c", sector: "healthcare", city: "shenzhen", status: .withdrawn, compute: [
                ComputeNeed(workload: .inference, amount: 1000, unit: .pflops, center: "c-one", from: F.q("2025-Q1")),
            ]),
            // No compute, but its `since` is the last quarter mentioned: open-ended rows run to it.
            F.scenario("d", sector: "finance", city: "guangzhou", status: .approved, since: F.q("2026-Q2")),
        ])
        return store
    }

    func close(_ a: Double?, _ b: Double) -> Bool { abs((a ?? .nan) - b) < 1e-9 }

    @Test func seriesSpansEveryQuarterWithOpenEndedRowsToTheLastQuarterMentioned() throws {
        let stats = try Self.catalogue().stats()
        #expect(stats.series.map(\.quarter.description) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"])
        // a: 10 (Q1–Q2) and 100 × 312 / 1000 = 31.2 (Q2 on); b: 50 × 256 / 1000 = 12.8 (Q3) and 4 (Q2–Q4).
        let expected = [10, 10 + 31.2 + 4, 31.2 + 12.8 + 4, 31.2 + 4, 31.2, 31.2]
        for (load, demand) in zip(stats.series, expected) { #expect(close(load.demand, demand)) }
        // Operating centers from their `since`: c-one from 2025-Q1, c-two from 2025-Q3; c-three is only planned.
        #expect(stats.series.map(\.capacity) == [1000, 1000, 1500, 1500, 1500, 1500])
        #expect(close(stats.series[2].utilisation, 48.0 / 1500))
    }

    @Test func breakdownsDefaultToThePeakQuarter() throws {
        let stats = try Self.catalogue().stats()
        #expect(stats.quarter == F.q("2025-Q3"))
        #expect(close(stats.total?.demand, 48) && stats.total?.capacity == 1500)
        #expect(stats.demandBySector.map(\.key) == ["healthcare", "manufacturing"])
        #expect(close(stats.demandBySector[0].pflops, 31.2) && close(stats.demandBySector[1].pflops, 16.8))
        #expect(stats.demandByCity.map(\.key) == ["guangzhou", "shenzhen"])
        #expect(close(stats.demandByCity[0].pflops, 31.2) && close(stats.demandByCity[1].pflops, 16.8))
        #expect(stats.centers.map(\.id) == ["c-two", "c-one", "c-three"])
        #expect(close(stats.centers[0].demand, 31.2) && close(stats.centers[0].utilisation, 31.2 / 500))
        #expect(close(stats.centers[1].demand, 12.8) && close(stats.centers[1].utilisation, 12.8 / 1000))
        #expect(stats.centers[2].demand == 0 && stats.centers[2].status == "planned")
        #expect(close(stats.unplacedDemand, 4))
    }

    @Test func breakdownsForAGivenQuarter() throws {
        let stats = try Self.catalogue().stats(quarter: F.q("2025-Q1"))
        #expect(stats.quarter == F.q("2025-Q1"))
        #expect(stats.demandBySector == [DemandShare(key: "healthcare", pflops: 10)])
        #expect(stats.centers.first?.id == "c-one" && stats.centers.first?.demand == 10)
        #expect(stats.total == QuarterLoad(quarter: F.q("2025-Q1"), demand: 10, capacity: 1000))
        #expect(stats.unplacedDemand == 0)
        // A quarter outside the series still gets its figures.
        let later = try Self.catalogue().stats(quarter: F.q("2030-Q1"))
        #expect(close(later.total?.demand, 31.2) && later.total?.capacity == 1500)
    }

    @Test func counts() throws {
        let stats = try Self.catalogue().stats()
        #expect(stats.scenarioCount == 4 && stats.modelCount == 0 && stats.centerCount == 3)
        #expect(stats.scenariosByStatus == [FacetCount(value: "approved", count: 2), FacetCount(value: "draft", count: 1),
                                            FacetCount(value: "withdrawn", count: 1)])
        #expect(stats.scenariosBySector.first == FacetCount(value: "healthcare", count: 2))
        #expect(stats.scenariosByCity == [FacetCount(value: "guangzhou", count: 2), FacetCount(value: "shenzhen", count: 2)])
        #expect(stats.centersByStatus == [FacetCount(value: "operating", count: 2), FacetCount(value: "planned", count: 1)])
        #expect(stats.centersByTier.count == 3)
    }

    @Test func anEmptyCatalogueHasNoSeries() throws {
        let stats = try F.store().stats()
        #expect(stats.series.isEmpty && stats.quarter == nil && stats.total == nil && stats.centers.isEmpty)
        #expect(stats.scenarioCount == 0)
    }
}
