@testable import CatalogCore
import Testing

@Suite struct ComputeMathTests {
    static let accelerators = ["ascend-910b": 320.0, "a800": 312.0]

    static func need(_ amount: Double, _ unit: ComputeUnit, _ acc: String? = nil, from: String, until: String? = nil) -> ComputeNeed {
        ComputeNeed(workload: .inference, amount: amount, unit: unit, accelerator: acc,
                    from: Quarter(from)!, until: until.map { Quarter($0)! })
    }

    @Test func pflopsAreTakenAsThey() {
        #expect(ComputeMath.pflops(Self.need(2.5, .pflops, from: "2026-Q1"), accelerators: Self.accelerators) == 2.5)
    }

    @Test func cardsTimesTflopsOverAThousand() {
        #expect(ComputeMath.pflops(Self.need(16, .cards, "ascend-910b", from: "2026-Q1"), accelerators: Self.accelerators) == 5.12)
        #expect(ComputeMath.pflops(Self.need(1000, .cards, "a800", from: "2026-Q1"), accelerators: Self.accelerators) == 312)
    }

    @Test func unknownAcceleratorGivesNoNumber() {
        #expect(ComputeMath.pflops(Self.need(16, .cards, "h100", from: "2026-Q1"), accelerators: Self.accelerators) == nil)
        #expect(ComputeMath.pflops(Self.need(16, .cards, nil, from: "2026-Q1"), accelerators: Self.accelerators) == nil)
    }

    @Test func demandPerQuarterSumsTheActiveRows() {
        let s = Scenario(id: "s1", title: "场景", sector: "healthcare", city: "guangzhou", stage: .piloting, status: .approved, compute: [
            Self.need(10, .pflops, from: "2026-Q1", until: "2026-Q2"),
            Self.need(100, .cards, "ascend-910b", from: "2026-Q2"),   // 32 PFLOPS, open-ended
            Self.need(1, .pflops, from: "2027-Q1", until: "2027-Q1"),
        ])
        #expect(ComputeMath.demand(of: s, in: Quarter("2025-Q4")!, accelerators: Self.accelerators) == 0)
        #expect(ComputeMath.demand(of: s, in: Quarter("2026-Q1")!, accelerators: Self.accelerators) == 10)
        #expect(ComputeMath.demand(of: s, in: Quarter("2026-Q2")!, accelerators: Self.accelerators) == 42)
        #expect(ComputeMath.demand(of: s, in: Quarter("2026-Q3")!, accelerators: Self.accelerators) == 32)
        #expect(ComputeMath.demand(of: s, in: Quarter("2027-Q1")!, accelerators: Self.accelerators) == 33)
        #expect(ComputeMath.demand(of: s, accelerators: Self.accelerators) == 43)
        #expect(ComputeMath.peakDemand(of: s, accelerators: Self.accelerators) == 42)
    }

    @Test func noComputeMeansNoDemand() {
        let s = Scenario(id: "s2", title: "场景", sector: "healthcare", city: "guangzhou", stage: .proposed, status: .draft)
        #expect(ComputeMath.demand(of: s, accelerators: Self.accelerators) == 0)
        #expect(ComputeMath.peakDemand(of: s, accelerators: Self.accelerators) == 0)
    }
}
