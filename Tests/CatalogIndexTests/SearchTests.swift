import CatalogCore
import Testing
@testable import CatalogIndex

@Suite struct SearchTests {
    typealias F = Fixtures

    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        try F.load(store, [
            F.scenario("t-imaging", title: "医疗影像辅助诊断", summary: "为基层医院提供影像分析。", demandOrg: "示例市人民医院"),
            F.scenario("t-service", title: "智能客服", summary: "面向医疗机构的智能客服，回答预约问题。"),
            F.scenario("t-inspect", title: "质检机器人", summary: "产线缺陷检测。", tags: ["计算机视觉"]),
            F.scenario("t-grid", title: "电网负荷预测", summary: "Load forecasting for the provincial grid.",
                       titleEn: "Smart Grid Forecast"),
            F.model("m-med", name: "医疗大模型", provider: "示例健康科技有限公司"),
            F.center("c-hub", name: "韶关数据中心集群"),
        ])
        return store
    }

    func ids(_ hits: [SearchHit]) -> [String] { hits.map(\.id) }

    @Test func findsChineseWordsOfAnyLength() throws {
        let s = try Self.catalogue()
        #expect(Set(ids(try s.search("医"))) == ["t-imaging", "t-service", "m-med"])
        #expect(ids(try s.search("质检")) == ["t-inspect"])
        #expect(ids(try s.search("影像辅助")) == ["t-imaging"])
        #expect(ids(try s.search("辅助诊断")) == ["t-imaging"])
        #expect(ids(try s.search("韶关数据中心")) == ["c-hub"])
        // The last character of a run, and a word across a punctuation mark, which is not one word.
        #expect(ids(try s.search("断")) == ["t-imaging"])
        #expect(try s.search("客服回答").isEmpty)
    }

    @Test func findsEnglishWordsCaseInsensitivelyAndByPrefix() throws {
        let s = try Self.catalogue()
        #expect(ids(try s.search("grid")) == ["t-grid"])
        #expect(ids(try s.search("GRID")) == ["t-grid"])
        #expect(ids(try s.search("fore")) == ["t-grid"])
        #expect(ids(try s.search("provincial grid")) == ["t-grid"])
        #expect(ids(try s.search("t-insp")) == ["t-inspect"])
        #expect(ids(try s.search("SAMPLE-m-med")) == ["m-med"])
        #expect(try s.search("gridlock").isEmpty)
    }

    @Test func titleHitsRankAboveSummaryHits() throws {
        let s = try Self.catalogue()
        let hits = ids(try s.search("医疗"))
        #expect(Set(hits) == ["t-imaging", "t-service", "m-med"])
        #expect(hits.last == "t-service")
        #expect(try s.search("医疗", limit: 2).count == 2)
    }

    @Test func kindsFilter() throws {
        let s = try Self.catalogue()
        #expect(ids(try s.search("医疗", kinds: [.model])) == ["m-med"])
        #expect(Set(ids(try s.search("医疗", kinds: [.scenario, .center]))) == ["t-imaging", "t-service"])
        #expect(try s.search("医疗", kinds: []).isEmpty)
    }

    @Test func hitsSayWhereTheyMatched() throws {
        let s = try Self.catalogue()
        let service = try #require(try s.search("机构").first)
        #expect(service.field == .summary)
        #expect(service.snippet.contains("机构"))
        #expect(service.name == "智能客服" && service.kind == .scenario)
        #expect(try s.search("人民医院").first?.field == .organisation)
        #expect(try s.search("视觉").first?.field == .tag)
        #expect(try s.search("smart").first?.field == .nameEn)
        #expect(try s.search("医疗影像").first?.snippet == "医疗影像辅助诊断")
    }

    @Test func anyInputIsSafe() throws {
        let s = try Self.catalogue()
        let hostile = ["", " ", "\"", "\"\"", "*", "AND", "OR", "NOT", "(", ")", "NEAR", "NEAR(医疗 影像, 2)", "医疗\" OR \"x",
                       "{name}: 医", "name:医", "^医", "-医", "+", "'; DROP TABLE entity; --", "\u{0}", "😀", "医*", "\\",
                       String(repeating: "医", count: 500), String(repeating: "a ", count: 500)]
        for text in hostile {
            _ = try s.search(text)
            _ = try s.list(ListQuery(kind: .scenario, text: text))
            _ = try s.count(ListQuery(kind: .scenario, text: text, sort: .relevance))
        }
        #expect(try s.search("AND").isEmpty)
        #expect(ids(try s.search("医疗\" OR \"x")).isEmpty)
        #expect(Set(ids(try s.search("{name}: 医"))).isEmpty)
        #expect(Set(ids(try s.search("医*"))) == ["t-imaging", "t-service", "m-med"])
    }

    /// Past `rankedSearchCap` matches, names come first and lists probe row by row.
    @Test func veryCommonWordsComeInTiers() throws {
        let store = try F.store()
        let common = (0..<(IndexStore.rankedSearchCap + 50)).map { i in
            F.scenario(String(format: "bulk-%05d", i), title: "项目\(i)", summary: "平台建设常见问题")
        }
        let titled = [F.scenario("named-long", title: "常见问题解答平台建设"), F.scenario("named", title: "常见问题")]
        try store.write { w in
            try w.replaceTaxonomy(F.taxonomy)
            let items = (common + titled).map { IndexItem(entity: $0, file: F.record($0), references: F.references(of: $0)) }
            #expect(try w.upsert(contentsOf: items).isEmpty)
        }
        let hits = try store.search("常见", limit: 10)
        #expect(hits.count == 10)
        #expect(ids(Array(hits.prefix(2))) == ["named", "named-long"])
        #expect(try store.search("常见", kinds: [.model]).isEmpty)
        let q = ListQuery(kind: .scenario, text: "常见", sort: .name, limit: 3)
        #expect(try store.list(q).map(\.name) == ["常见问题", "常见问题解答平台建设", "项目0"])
        #expect(try store.count(q) == common.count + 2)
        #expect(try store.count(ListQuery(kind: .scenario, sector: "healthcare", text: "常见")) == common.count + 2)
    }
}
