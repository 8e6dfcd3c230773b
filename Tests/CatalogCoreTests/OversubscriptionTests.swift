import Testing
@testable import CatalogCore

/// Bookings against capacity, summed by hand: cards × TFLOPS / 1000, `from`/`until` inclusive.
@Suite struct OversubscriptionTests {
    static func q(_ s: String) -> Quarter { Quarter(s)! }
    static let accelerators = ["npu": 256.0]

    static func scenario(_ id: String, status: ScenarioStatus = .approved, _ compute: [ComputeNeed]) -> Scenario {
        Scenario(id: id, title: id, sector: "s", city: "c", stage: .piloting, status: status, compute: compute)
    }

    static let supplies = [Oversubscription.Supply(center: "hub", capacity: 100, operating: true, since: q("2026-Q2"))]

    static func loads(_ scenarios: [Scenario]) -> [Oversubscription.Load] {
        let bookings = scenarios.flatMap { Oversubscription.bookings(of: $0, file: "scenarios/\($0.id).yaml", accelerators: accelerators) }
        return Oversubscription.loads(bookings, supplies)
    }

    @Test func aRowCountsFromItsFromToItsUntilInclusive() {
        let loads = Self.loads([
            Self.scenario("a", [ComputeNeed(workload: .inference, amount: 60, unit: .pflops, center: "hub", from: Self.q("2026-Q2"), until: Self.q("2026-Q3"))]),
            Self.scenario("b", [ComputeNeed(workload: .training, amount: 50, unit: .pflops, center: "hub", from: Self.q("2026-Q3"), until: Self.q("2026-Q4"))]),
        ])
        let byQuarter = Dictionary(uniqueKeysWithValues: loads.map { ($0.quarter.description, $0) })
        #expect(loads.map(\.quarter.description) == ["2026-Q2", "2026-Q3", "2026-Q4"])
        #expect(byQuarter["2026-Q2"]?.demand == 60 && byQuarter["2026-Q2"]?.isOver == false)
        // Only the quarter both rows share is over: 110 of 100.
        #expect(byQuarter["2026-Q3"]?.demand == 110 && byQuarter["2026-Q3"]?.isOver == true && byQuarter["2026-Q3"]?.percent == 110)
        #expect(byQuarter["2026-Q4"]?.demand == 50 && byQuarter["2026-Q4"]?.isOver == false)
        #expect(byQuarter["2026-Q3"]?.bookings.map(\.scenario) == ["a", "b"])
    }

    @Test func capacityStartsAtTheCentersSince() {
        let loads = Self.loads([
            Self.scenario("early", [ComputeNeed(workload: .inference, amount: 10, unit: .pflops, center: "hub", from: Self.q("2026-Q1"), until: Self.q("2026-Q2"))]),
        ])
        #expect(loads.map { "\($0.quarter) \($0.capacity)" } == ["2026-Q1 0.0", "2026-Q2 100.0"])
        // Booked before the center opens: no capacity, so no percentage to report.
        #expect(loads[0].utilisation == nil && !loads[0].isOver)
    }

    @Test func cardsAreConvertedWithTheAcceleratorsFP16Figure() {
        // 400 cards × 256 TFLOPS = 102.4 PFLOPS: over 100.
        let loads = Self.loads([
            Self.scenario("cards", [ComputeNeed(workload: .training, amount: 400, unit: .cards, accelerator: "npu", center: "hub", from: Self.q("2026-Q2"), until: Self.q("2026-Q2"))]),
        ])
        #expect(loads.count == 1 && abs(loads[0].demand - 102.4) < 1e-9 && loads[0].isOver)
        // An unknown accelerator books nothing (the catalogue would not validate).
        let unknown = Oversubscription.bookings(of: Self.scenario("x", [ComputeNeed(workload: .training, amount: 1, unit: .cards, accelerator: "nope", center: "hub", from: Self.q("2026-Q2"))]), accelerators: Self.accelerators)
        #expect(unknown.isEmpty)
    }

    @Test func withdrawnScenariosBookNothingButDraftsDo() {
        let need = ComputeNeed(workload: .inference, amount: 95, unit: .pflops, center: "hub", from: Self.q("2026-Q2"), until: Self.q("2026-Q2"))
        let withdrawn = Self.loads([Self.scenario("gone", status: .withdrawn, [need])])
        #expect(withdrawn.allSatisfy { $0.demand == 0 })
        let draft = Self.loads([Self.scenario("plan", status: .draft, [need])])
        #expect(draft.first?.demand == 95)
    }

    @Test func warningsSitAtEachBookingRowAndFollowTheThreshold() {
        let a = Self.scenario("a", [
            ComputeNeed(workload: .inference, amount: 50, unit: .pflops, from: Self.q("2026-Q2")),  // no center: not a booking
            ComputeNeed(workload: .inference, amount: 45, unit: .pflops, center: "hub", from: Self.q("2026-Q2"), until: Self.q("2026-Q2")),
        ])
        let b = Self.scenario("b", [ComputeNeed(workload: .training, amount: 50, unit: .pflops, center: "hub", from: Self.q("2026-Q2"), until: Self.q("2026-Q2"))])
        let refs = [Reference(.center, "hub", at: SourcePosition(line: 20, column: 11), field: "compute[1].center")]
        let bookings = Oversubscription.bookings(of: a, file: "scenarios/a.yaml", references: refs, accelerators: [:])
            + Oversubscription.bookings(of: b, file: "scenarios/b.yaml", accelerators: [:])
        let loads = Oversubscription.loads(bookings, Self.supplies)
        // 95 of 100: near at the default 90 %, quiet at 96 %.
        let near = Oversubscription.diagnostics(loads, warningPercent: 90).sorted { $0.file < $1.file }
        #expect(near.map { "\($0.file):\($0.position)" } == ["scenarios/a.yaml:20:11", "scenarios/b.yaml:1:1"])
        #expect(near.allSatisfy { $0.severity == .warning && $0.message.contains("near capacity") && $0.message.contains("95 %") && $0.message.contains("2026-Q2") })
        #expect(near[0].message.contains("compute[1] books 45"))
        #expect(Oversubscription.diagnostics(loads, warningPercent: 96).isEmpty)
        // A threshold above 100 still reports what is over capacity.
        let over = Oversubscription.loads(bookings + [Oversubscription.Booking(scenario: "c", row: 0, center: "hub", pflops: 10, from: Self.q("2026-Q2"), until: Self.q("2026-Q2"), file: "scenarios/c.yaml")], Self.supplies)
        #expect(Oversubscription.diagnostics(over, warningPercent: 150).count == 3)
    }

    @Test func freshnessPeriodsAndCutoffs() {
        #expect(Freshness.months("12m") == 12 && Freshness.months("1y") == 12 && Freshness.months("18") == 18)
        #expect(Freshness.months("0m") == nil && Freshness.months("twelve") == nil && Freshness.months("-3m") == nil)
        #expect(Freshness.cutoff(today: "2026-12-06", months: 12) == "2025-12-06")
        #expect(Freshness.cutoff(today: "2026-03-31", months: 1) == "2026-02-28")
        #expect(Freshness.cutoff(today: "2024-05-31", months: 3) == "2024-02-29")
        #expect(Freshness.cutoff(today: "2026-01-15", months: 1) == "2025-12-15")
        #expect(Freshness.isDate("2026-01-01") && !Freshness.isDate("2026-02-30") && !Freshness.isDate("2026-1-1"))
    }
}
