@testable import CatalogCore
import Testing

/// Cross-file rules on summaries alone, without files: lineage cycles, duplicate ids, references.
@Suite struct CrossCheckTests {
    static let taxonomy = Taxonomy(sectors: [Sector(id: "healthcare", zh: "医疗", en: "Healthcare")],
                                   cities: [City(id: "guangzhou", zh: "广州", en: "Guangzhou")],
                                   accelerators: [Accelerator(id: "ascend-910b", name: "910B", vendor: "Huawei", domestic: true, fp16Tflops: 320)])

    static func model(_ id: String, base: String? = nil, line: Int = 9, status: String = "active") -> EntitySummary {
        EntitySummary(file: "models/\(id).yaml", kind: .model, id: id, idPosition: SourcePosition(line: 2, column: 5),
                      references: base.map { [Reference(.model, $0, at: SourcePosition(line: line, column: 13), field: "base_model")] } ?? [],
                      status: status)
    }

    @Test func cycleOfThreeIsReportedOnceAtEachMember() {
        let diags = CrossCheck.check([Self.model("a", base: "b"), Self.model("b", base: "c"), Self.model("c", base: "a")],
                                     taxonomy: Self.taxonomy)
        let cycle = "base_model lineage forms a cycle: a → b → c → a"
        #expect(diags.sortedForDisplay().map { $0.formatted() } == [
            "models/a.yaml:9:13: error: \(cycle)",
            "models/b.yaml:9:13: error: \(cycle)",
            "models/c.yaml:9:13: error: \(cycle)",
        ])
    }

    @Test func chainLeadingIntoACycleBlamesOnlyTheCycle() {
        let diags = CrossCheck.lineageCycles([Self.model("root", base: "x"), Self.model("x", base: "y"), Self.model("y", base: "x")])
        #expect(Set(diags.map(\.file)) == ["models/x.yaml", "models/y.yaml"])
        #expect(diags.allSatisfy { $0.message == "base_model lineage forms a cycle: x → y → x" })
    }

    @Test func selfReferenceIsLeftToThePerFileCheck() {
        #expect(CrossCheck.lineageCycles([Self.model("a", base: "a")]) == [])
    }

    @Test func longChainWithoutCycleIsFine() {
        let models = (0..<200).map { Self.model("m\($0)", base: $0 == 0 ? nil : "m\($0 - 1)") }
        #expect(CrossCheck.check(models, taxonomy: Self.taxonomy) == [])
    }

    @Test func twoSeparateCycles() {
        let diags = CrossCheck.lineageCycles([Self.model("a", base: "b"), Self.model("b", base: "a"),
                                              Self.model("c", base: "d"), Self.model("d", base: "c")])
        #expect(diags.count == 4)
        #expect(Set(diags.map(\.message)) == ["base_model lineage forms a cycle: a → b → a",
                                              "base_model lineage forms a cycle: c → d → c"])
    }

    @Test func duplicateIdAcrossKinds() {
        let scenario = EntitySummary(file: "scenarios/a.yaml", kind: .scenario, id: "a", idPosition: SourcePosition(line: 2, column: 5), references: [])
        let diags = CrossCheck.check([Self.model("a"), scenario], taxonomy: Self.taxonomy)
        #expect(diags.map { $0.formatted() } == ["scenarios/a.yaml:2:5: error: duplicate id 'a': also used by models/a.yaml"])
    }

    @Test func referenceIntoAnEmptyTaxonomySaysTheTaxonomyIsEmpty() {
        let scenario = EntitySummary(file: "scenarios/s.yaml", kind: .scenario, id: "s", idPosition: .start,
                                     references: [Reference(.city, "guangzhou", at: SourcePosition(line: 6, column: 7), field: "city"),
                                                  Reference(.center, "gz", at: SourcePosition(line: 20, column: 11), field: "compute[0].center")])
        let diags = CrossCheck.check([scenario], taxonomy: Taxonomy())
        #expect(diags.map { $0.formatted() } == [
            "scenarios/s.yaml:6:7: error: unknown city 'guangzhou' in 'city' (taxonomy/cities.yaml lists none)",
            "scenarios/s.yaml:20:11: error: unknown center 'gz' in 'compute[0].center' (see centers/)",
        ])
    }

    @Test func withdrawnScenarioMayKeepAWithdrawnModel() {
        let link = [Reference(.model, "old", at: SourcePosition(line: 18, column: 10), field: "models[0].model")]
        let live = EntitySummary(file: "scenarios/live.yaml", kind: .scenario, id: "live", idPosition: .start, references: link, status: "approved")
        let gone = EntitySummary(file: "scenarios/gone.yaml", kind: .scenario, id: "gone", idPosition: .start, references: link, status: "withdrawn")
        let diags = CrossCheck.check([Self.model("old", status: "withdrawn"), live, gone], taxonomy: Self.taxonomy)
        #expect(diags.map { $0.formatted() } == ["scenarios/live.yaml:18:10: warning: model 'old' is withdrawn"])
    }
}
