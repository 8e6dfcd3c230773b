import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Testing
@testable import Publishing

@Suite("Which scenarios a quarter lists")
struct SelectionTests {
    @Test("since at the quarter is listed, the next quarter is not; without since, never (as the format warns)")
    func sinceEdges() {
        let s = Fixture.selection("2026-Q2", [
            Fixture.scenario("at-edge", since: "2026-Q2"),
            Fixture.scenario("one-after", since: "2026-Q3"),
            Fixture.scenario("year-before", since: "2025-Q2"),
            Fixture.scenario("no-since", since: nil),
        ])
        #expect(s.scenarios.map(\.id) == ["at-edge", "year-before"])
        #expect(Fixture.selection("2026-Q1", [Fixture.scenario("at-edge", since: "2026-Q2")]).scenarios.isEmpty)
    }

    @Test("drafts and withdrawn scenarios are never listed; withdrawn ones listable by then are named for diffs")
    func statuses() {
        let s = Fixture.selection("2026-Q2", [
            Fixture.scenario("ok"),
            Fixture.scenario("draft", status: .draft),
            Fixture.scenario("gone", status: .withdrawn, since: "2026-Q2"),
            Fixture.scenario("gone-later", status: .withdrawn, since: "2026-Q3"),
        ])
        #expect(s.scenarios.map(\.id) == ["ok"])
        #expect(s.withdrawn == ["gone"])
    }

    @Test("the quarter's compute counts rows active in it, from and until included; cards become PFLOPS")
    func computeEdges() {
        let rows = [
            ComputeNeed(workload: .inference, amount: 2, unit: .pflops, from: Fixture.q("2026-Q2")),                        // starts here
            ComputeNeed(workload: .training, amount: 10, unit: .cards, accelerator: "gpu-a", from: Fixture.q("2025-Q1"),
                        until: Fixture.q("2026-Q2")),                                                                      // ends here: 3.12
            ComputeNeed(workload: .training, amount: 100, unit: .pflops, from: Fixture.q("2025-Q1"), until: Fixture.q("2026-Q1")), // ended
            ComputeNeed(workload: .fineTuning, amount: 50, unit: .pflops, from: Fixture.q("2026-Q3")),                     // not yet
        ]
        let s = Fixture.selection("2026-Q2", [Fixture.scenario("a", compute: rows)])
        let l = s.scenarios[0]
        #expect(l.quarterPflops == 5.12)
        #expect(l.compute.map(\.active) == [true, true, false, false])
        #expect(l.compute[1].pflops == 3.12)
        #expect(s.totalPflops == 5.12)
    }

    @Test("models resolve to their names and filing numbers, sorted by id; unknown ones keep their id")
    func modelsResolved() {
        let s = Fixture.selection("2026-Q2", [Fixture.scenario("a", models: [ModelLink(model: "m-two", role: .candidate),
                                                                           ModelLink(model: "m-one", role: .deployed)])])
        let m = s.scenarios[0].models
        #expect(m.map(\.name) == ["粤问一号", "粤问二号"])
        #expect(m[0].filingNo == "Guangdong-SAMPLE-0001")
        #expect(Summaries.model(m[0]) == "粤问一号 (Guangdong-SAMPLE-0001, deployed)")
    }

    @Test("sectors group in the taxonomy's order")
    func grouping() {
        let s = Fixture.selection("2026-Q2", [Fixture.scenario("b", sector: "manufacturing"), Fixture.scenario("a", sector: "healthcare"),
                                             Fixture.scenario("c", sector: "manufacturing")])
        #expect(s.bySector.map(\.sector.id) == ["healthcare", "manufacturing"])
        #expect(s.bySector[1].scenarios.map(\.id) == ["b", "c"])
    }

    @Test("the index gives the same selection as the files read in memory (demo catalogue)")
    func indexAgreesWithFiles() throws {
        let root = try Fixture.demoCopy()
        // An approved scenario without since (the format warns it is never listed).
        let path = "\(root)/scenarios/chaozhou-ancient-city-guide.yaml"
        try Fixture.write(try Fixture.text(path).replacingOccurrences(of: "since: 2025-Q4\n", with: ""), path)
        let store = try IndexStore(catalogRoot: root)
        let report = try Indexer(root: root, store: store).run()
        #expect(report.committed)
        let reader = CatalogReader(root: root)
        let (info, taxonomy, _) = reader.readTaxonomy()
        let (files, _) = reader.layout.scanEntityFiles()
        let entities = files.compactMap { reader.readEntity($0).entity }
        for q in ["2024-Q1", "2025-Q3", "2026-Q4"] {
            let fromIndex = try Selection.load(store: store, quarter: Fixture.q(q), catalogRoot: root)
            let inMemory = Selection.make(quarter: Fixture.q(q), catalogName: info!.name, taxonomy: taxonomy, entities: entities)
            #expect(fromIndex.scenarios == inMemory.scenarios, "quarter \(q)")
            #expect(fromIndex.withdrawn == inMemory.withdrawn)
            #expect(!fromIndex.scenarios.isEmpty)
            #expect(!fromIndex.scenarios.contains { $0.id == "chaozhou-ancient-city-guide" })
        }
    }
}
