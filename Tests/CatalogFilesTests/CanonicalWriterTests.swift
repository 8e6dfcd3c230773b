import CatalogCore
@testable import CatalogFiles
import Testing

/// The canonical writer: what it writes reads back as the same entity, and writing that again changes no byte.
@Suite struct CanonicalWriterTests {
    /// Decodes canonical text back into an entity, failing the test on any diagnostic.
    func decode(_ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) -> Entity? {
        let (decoded, diags) = readEntity(Array(text.utf8), file: file)
        #expect(diags.map { $0.formatted() } == [], "\(text)", sourceLocation: sourceLocation)
        return decoded?.entity
    }

    /// Write → read → write: equal entities, identical bytes.
    func expectRoundTrip(_ entity: Entity, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = CanonicalWriter.yaml(entity)
        let back = decode(text, file: entity.relativePath, sourceLocation: sourceLocation)
        #expect(back == entity, sourceLocation: sourceLocation)
        if let back { #expect(CanonicalWriter.yaml(back) == text, sourceLocation: sourceLocation) }
    }

    static let base = Scenario(id: "sz-text", title: "文本", sector: "healthcare", city: "shenzhen",
                               stage: .proposed, status: .draft)

    @Test(arguments: Fixture.files.map(\.0).filter { !$0.hasPrefix("taxonomy/") && $0 != "catalog.yaml" })
    func fixtureFilesReadWriteReadUnchanged(path: String) throws {
        let text = Fixture.text(of: path)
        let entity = try #require(decode(text, file: path))
        #expect(CanonicalWriter.yaml(entity) == text, "writing canonical text again changes no byte")
        expectRoundTrip(entity)
    }

    @Test func chineseIsWrittenAsItself() {
        let text = CanonicalWriter.yaml(.scenario(Self.base))
        #expect(text.contains("title: 文本\n"))
        #expect(!text.contains("\\u"))
        #expect(!text.contains("\\x"))
    }

    @Test(arguments: [
        "no", "on", "off", "yes", "y", "N", "true", "False", "null", "~", "2026-01", "2026-1", "0012", "1e3", "0o17", "0x1F",
        "1:30", ".inf", "-.5", "1_000", "+1", "2026-05-01", "2026-05-01 10:00:00",
        "- x", "a: b", " lead", "trail ", "#x", "x #y", "@x", "`x", "%x", "!x", "&x", "*x", "|x", ">x", "[x", "{x", "]x",
        "? x", "?x", ":x", "x:", "'q'", "\"dq\"", "<<", "=", "---", "...", "中文: 冒号", "a\tb", "\\n", "2026-Q1",
    ])
    func trickyTextSurvivesAsText(_ s: String) {
        var scenario = Self.base
        scenario.titleEn = s
        scenario.contact = s
        scenario.tags = [s, "普通"]
        expectRoundTrip(.scenario(scenario))
    }

    @Test func textThatYAMLWouldMisreadIsQuoted() {
        var scenario = Self.base
        scenario.titleEn = "2026-01"
        scenario.demandOrg = "0012"
        scenario.contact = "no"
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("title_en: '2026-01'\n"))
        #expect(text.contains("demand_org: '0012'\n"))
        #expect(text.contains("contact: 'no'\n"))
    }

    @Test func quartersDatesAndNumbersStayPlain() {
        var scenario = Self.base
        scenario.since = Quarter("2026-Q3")
        scenario.updated = "2026-05-01"
        scenario.compute = [ComputeNeed(workload: .training, amount: 0.5, unit: .pflops, from: Quarter("2026-Q1")!)]
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("since: 2026-Q3\n"))
        #expect(text.contains("updated: 2026-05-01\n"))
        #expect(text.contains("  amount: 0.5\n"))
        expectRoundTrip(.scenario(scenario))
    }

    @Test func idThatLooksLikeANumberIsQuoted() {
        let model = Model(id: "0012", name: "模型", provider: "单位", filingKind: .filed, filingNo: "1e3", status: .active)
        let text = CanonicalWriter.yaml(.model(model))
        #expect(text.contains("id: '0012'\n"))
        #expect(text.contains("filing_no: '1e3'\n"))
        expectRoundTrip(.model(model))
    }

    @Test func multiLineSummaryIsALiteralBlock() {
        var scenario = Self.base
        scenario.summary = "第一行\n第二行"
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("summary: |-\n  第一行\n  第二行\n"))
        expectRoundTrip(.scenario(scenario))
    }

    @Test(arguments: ["a\nb\n", "a\nb\n\n", "a\n\nb", "a\n  indented\nb", "- item\n- item", "a: b\n#c"])
    func multiLineShapesRoundTrip(_ summary: String) {
        var scenario = Self.base
        scenario.summary = summary
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("summary: |"))
        expectRoundTrip(.scenario(scenario))
    }

    @Test(arguments: ["trailing space \nx", "\tindented by tab\nx", "x\n\ttab-led line", " leading space\nx", "\nleading newline"])
    func multiLineTextALiteralBlockCannotHoldIsDoubleQuoted(_ summary: String) {
        var scenario = Self.base
        scenario.summary = summary
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("summary: \""))
        expectRoundTrip(.scenario(scenario))
    }

    @Test func longTextIsNotFolded() {
        var scenario = Self.base
        scenario.titleEn = String(repeating: "word ", count: 60) + "end"
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("title_en: " + scenario.titleEn! + "\n"))
        expectRoundTrip(.scenario(scenario))
    }

    @Test func unorderedListsAreSortedAndOrderedOnesKept() {
        var scenario = Self.base
        scenario.tags = ["b", "a"]
        scenario.links = ["https://z.example", "https://a.example"]
        scenario.models = [ModelLink(model: "m-b", role: .candidate), ModelLink(model: "m-a", role: .deployed)]
        let text = CanonicalWriter.yaml(.scenario(scenario))
        #expect(text.contains("tags:\n- a\n- b\n"))
        #expect(text.contains("links:\n- https://z.example\n- https://a.example\n"))
        #expect(text.contains("models:\n- model: m-a\n  role: deployed\n- model: m-b\n"))
    }

    @Test func exactlyOneTrailingNewline() {
        let text = CanonicalWriter.yaml(.scenario(Self.base))
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
    }

    @Test func everyFieldOfEveryKindRoundTrips() {
        let scenario = Scenario(
            id: "gz-all", title: "全部字段", titleEn: "All fields", sector: "healthcare", city: "province",
            stage: .scaled, status: .withdrawn, demandOrg: "需求方", supplierOrgs: ["乙公司", "甲公司"],
            summary: "多行\n说明\n", dataClass: .core, tags: ["x", "y"],
            models: [ModelLink(model: "demo-med", role: .evaluated)],
            compute: [
                ComputeNeed(workload: .fineTuning, amount: 12.5, unit: .cards, accelerator: "a800", precision: .bf16,
                            center: "gz-center", from: Quarter("2026-Q2")!, until: Quarter("2027-Q1")!),
                ComputeNeed(workload: .training, amount: 3, unit: .pflops, from: Quarter("2026-Q1")!),
            ],
            since: Quarter("2026-Q2"), links: ["https://example.invalid/a"], contact: "内部联系人", updated: "2026-06-30")
        let model = Model(id: "m-all", name: "名", provider: "单位", filingKind: .registered, filingNo: "Sample-9",
                          filedOn: "2024-02-29", jurisdiction: "shenzhen", functions: [.video, .chat], domain: ["education", "healthcare"],
                          paramsB: 0.5, openSource: true, license: "Apache-2.0", baseModel: "demo-base", government: false, status: .withdrawn)
        let center = Center(id: "c-all", name: "中心", city: "guangzhou", operator: "运营方", tier: .nationalHub, status: .planned,
                            capacityPflopsFP16: 0, accelerators: ["b", "a"], since: Quarter("2030-Q4"))
        var sortedModel = model
        sortedModel.functions = [.chat, .video]
        var sortedScenario = scenario
        sortedScenario.supplierOrgs = scenario.supplierOrgs.sorted()
        var sortedCenter = center
        sortedCenter.accelerators = ["a", "b"]
        for (written, expected) in [(Entity.scenario(scenario), Entity.scenario(sortedScenario)),
                                    (.model(model), .model(sortedModel)), (.center(center), .center(sortedCenter))] {
            let text = CanonicalWriter.yaml(written)
            let back = decode(text, file: written.relativePath)
            #expect(back == expected)
            if let back { #expect(CanonicalWriter.yaml(back) == text) }
        }
    }
}
