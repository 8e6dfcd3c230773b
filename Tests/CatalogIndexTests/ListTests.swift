import CatalogCore
import Testing
@testable import CatalogIndex

/// Lists, counts, facets and links over a small catalogue whose answers are known by hand.
@Suite struct ListTests {
    typealias F = Fixtures

    static func catalogue() throws -> IndexStore {
        let store = try F.store()
        try F.load(store, [
            F.model("m-one", name: "灵犀医疗大模型", provider: "示例甲公司", functions: [.chat, .text], paramsB: 7),
            F.model("m-two", name: "岭南视觉模型", provider: "示例乙公司", status: .suspended, functions: [.image],
                    domain: ["manufacturing"], paramsB: 70, baseModel: "m-one", filingKind: .registered),
            F.center("c-one", name: "韶关算力枢纽", city: "shaoguan", tier: .nationalHub, capacity: 1000, since: F.q("2024-Q1")),
            F.center("c-two", name: "广州公共算力平台", city: "guangzhou", tier: .city, status: .building, capacity: 500, since: F.q("2026-Q2")),
            F.scenario("s-a", title: "广州医疗影像", sector: "healthcare", city: "guangzhou", stage: .piloting, status: .approved,
                       models: [ModelLink(model: "m-one", role: .deployed)],
                       compute: [ComputeNeed(workload: .inference, amount: 5, unit: .pflops, center: "c-one", from: F.q("2025-Q1"), until: F.q("2025-Q4"))],
                       since: F.q("2025-Q1"), updated: "2025-03-01", dataClass: .important),
            F.scenario("s-b", title: "深圳智能质检", sector: "manufacturing", city: "shenzhen", stage: .scaled, status: .approved,
                       models: [ModelLink(model: "m-one", role: .candidate), ModelLink(model: "m-two", role: .deployed)],
                       compute: [ComputeNeed(workload: .training, amount: 100, unit: .cards, accelerator: "gpu-a", precision: .bf16,
                                             center: "c-two", from: F.q("2026-Q1"))],
                       since: F.q("2025-Q3"), updated: "2025-06-01"),
            F.scenario("s-c", title: "广州信贷风控", sector: "finance", city: "guangzhou", stage: .proposed, status: .draft,
                       updated: "2024-12-01"),
            F.scenario("s-d", title: "韶关医疗随访", sector: "healthcare", city: "shaoguan", stage: .demonstration, status: .withdrawn,
                       models: [ModelLink(model: "m-two", role: .evaluated)],
                       compute: [ComputeNeed(workload: .inference, amount: 2, unit: .pflops, center: "c-one", from: F.q("2024-Q1"), until: F.q("2024-Q4"))],
                       since: F.q("2026-Q1"), updated: "2025-09-01"),
        ])
        return store
    }

    func ids(_ store: IndexStore, _ q: ListQuery) throws -> [String] {
        let rows = try store.list(q)
        if q.offset == 0, rows.count < (q.limit ?? Int.max) { #expect(try store.count(q) == rows.count) }
        return rows.map(\.id)
    }

    @Test func scenarioFilters() throws {
        let s = try Self.catalogue()
        #expect(try ids(s, ListQuery(kind: .scenario)) == ["s-a", "s-b", "s-c", "s-d"])
        #expect(try ids(s, ListQuery(kind: .scenario, sector: "healthcare")) == ["s-a", "s-d"])
        #expect(try ids(s, ListQuery(kind: .scenario, city: "guangzhou")) == ["s-a", "s-c"])
        #expect(try ids(s, ListQuery(kind: .scenario, stage: .scaled)) == ["s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, status: "approved")) == ["s-a", "s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, dataClass: .important)) == ["s-a"])
        #expect(try ids(s, ListQuery(kind: .scenario, model: "m-one")) == ["s-a", "s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, model: "m-one", role: .deployed)) == ["s-a"])
        #expect(try ids(s, ListQuery(kind: .scenario, center: "c-one")) == ["s-a", "s-d"])
        #expect(try ids(s, ListQuery(kind: .scenario, since: .upTo(F.q("2025-Q2")))) == ["s-a", "s-c"])
        #expect(try ids(s, ListQuery(kind: .scenario, since: .exactly(F.q("2025-Q3")))) == ["s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, quarter: F.q("2025-Q2"))) == ["s-a"])
        #expect(try ids(s, ListQuery(kind: .scenario, quarter: F.q("2030-Q1"))) == ["s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, text: "医疗")) == ["s-a", "s-d"])
        #expect(try ids(s, ListQuery(kind: .scenario, sector: "healthcare", status: "approved")) == ["s-a"])
        #expect(try s.count(ListQuery(kind: .scenario, quarter: F.q("2025-Q2"))) == 1)
        #expect(try s.count(ListQuery(kind: .scenario, text: "医疗")) == 2)
        #expect(try s.count(ListQuery(kind: .scenario, city: "guangzhou", text: "广州")) == 2)
    }

    @Test func modelAndCenterFilters() throws {
        let s = try Self.catalogue()
        #expect(try ids(s, ListQuery(kind: .model, sector: "manufacturing")) == ["m-one", "m-two"])
        #expect(try ids(s, ListQuery(kind: .model, sector: "finance")) == ["m-one"])
        #expect(try ids(s, ListQuery(kind: .model, function: .image)) == ["m-two"])
        #expect(try ids(s, ListQuery(kind: .model, filingKind: .registered)) == ["m-two"])
        #expect(try ids(s, ListQuery(kind: .model, provider: "示例甲公司")) == ["m-one"])
        #expect(try ids(s, ListQuery(kind: .model, baseModel: "m-one")) == ["m-two"])
        #expect(try ids(s, ListQuery(kind: .model, status: "suspended")) == ["m-two"])
        #expect(try ids(s, ListQuery(kind: .model, text: "视觉")) == ["m-two"])
        #expect(try ids(s, ListQuery(kind: .center, tier: .nationalHub)) == ["c-one"])
        #expect(try ids(s, ListQuery(kind: .center, city: "guangzhou")) == ["c-two"])
        #expect(try ids(s, ListQuery(kind: .center, status: "operating")) == ["c-one"])
        // A filter that does not apply to the kind matches nothing rather than being ignored.
        #expect(try ids(s, ListQuery(kind: .center, sector: "healthcare")) == [])
        #expect(try ids(s, ListQuery(kind: .scenario, tier: .city)) == [])
    }

    @Test func scenarioSorts() throws {
        let s = try Self.catalogue()
        func sorted(_ key: ListQuery.SortKey, desc: Bool = false) throws -> [String] {
            try ids(s, ListQuery(kind: .scenario, sort: key, descending: desc))
        }
        // Names in pinyin order: 广州信贷 guang zhou xin < 广州医疗 guang zhou yi < 韶关 shao < 深圳 shen.
        #expect(try sorted(.name) == ["s-c", "s-a", "s-d", "s-b"])
        #expect(try sorted(.id, desc: true) == ["s-d", "s-c", "s-b", "s-a"])
        #expect(try sorted(.stage) == ["s-c", "s-a", "s-d", "s-b"])
        #expect(try sorted(.since) == ["s-c", "s-a", "s-b", "s-d"])
        #expect(try sorted(.since, desc: true) == ["s-d", "s-b", "s-a", "s-c"])
        #expect(try sorted(.updated, desc: true) == ["s-d", "s-b", "s-a", "s-c"])
        #expect(try sorted(.peakPflops, desc: true) == ["s-b", "s-a", "s-d", "s-c"])
        #expect(try sorted(.modelCount, desc: true) == ["s-b", "s-d", "s-a", "s-c"])
        #expect(try sorted(.status) == ["s-a", "s-b", "s-c", "s-d"])
        #expect(try sorted(.sector) == ["s-c", "s-a", "s-d", "s-b"])
        #expect(try sorted(.city) == ["s-a", "s-c", "s-d", "s-b"])
        #expect(try ids(s, ListQuery(kind: .scenario, limit: 2, offset: 1)) == ["s-b", "s-c"])
        #expect(try Set(ids(s, ListQuery(kind: .scenario, text: "医疗", sort: .relevance))) == ["s-a", "s-d"])
    }

    @Test func rowsCarryTheColumnsOfTheirKind() throws {
        let s = try Self.catalogue()
        let b = try #require(try s.list(ListQuery(kind: .scenario, stage: .scaled)).first)
        #expect(b.name == "深圳智能质检" && b.sector == "manufacturing" && b.city == "shenzhen")
        #expect(b.stage == .scaled && b.status == "approved" && b.since == F.q("2025-Q3") && b.modelCount == 2)
        #expect(abs((b.peakPflops ?? 0) - 31.2) < 1e-9)   // 100 cards × 312 TFLOPS / 1000
        #expect(b.file == "scenarios/s-b.yaml")

        let models = try s.list(ListQuery(kind: .model, sort: .paramsB, descending: true))
        #expect(models.map(\.id) == ["m-two", "m-one"])
        #expect(models[0].functions == [.image] && models[0].domain == ["manufacturing"] && models[0].baseModel == "m-one")
        #expect(models[0].filingKind == .registered && models[0].filingNo == "SAMPLE-m-two" && models[0].provider == "示例乙公司")
        #expect(models.map(\.usedBy) == [2, 2])
        #expect(models[1].domain == nil)

        let centers = try s.list(ListQuery(kind: .center, quarter: F.q("2025-Q2"), sort: .capacity))
        #expect(centers.map(\.id) == ["c-two", "c-one"])
        // In 2025-Q2 only s-a (5 PFLOPS) runs at c-one; s-d is withdrawn and over by then anyway.
        #expect(centers[1].demand == 5 && centers[1].utilisation == 0.005 && centers[1].tier == .nationalHub)
        #expect(centers[0].demand == 0)
        let later = try s.list(ListQuery(kind: .center, quarter: F.q("2026-Q2"), sort: .utilisation, descending: true))
        #expect(later.map(\.id) == ["c-two", "c-one"])
        #expect(abs((later[0].utilisation ?? 0) - 31.2 / 500) < 1e-9)
        #expect(try ids(s, ListQuery(kind: .center, sort: .tier)) == ["c-one", "c-two"])
    }

    @Test func facets() throws {
        let s = try Self.catalogue()
        #expect(try s.facetCounts(kind: .scenario, field: .sector) == [
            FacetCount(value: "healthcare", count: 2), FacetCount(value: "finance", count: 1), FacetCount(value: "manufacturing", count: 1),
        ])
        #expect(try s.facetCounts(kind: .scenario, field: .stage).map(\.count).reduce(0, +) == 4)
        // Within other filters, ignoring the facet's own filter.
        let healthcareInShaoguan = ListQuery(kind: .scenario, sector: "healthcare", city: "shaoguan")
        #expect(try s.facetCounts(field: .city, within: healthcareInShaoguan) == [
            FacetCount(value: "guangzhou", count: 1), FacetCount(value: "shaoguan", count: 1),
        ])
        #expect(try s.facetCounts(field: .status, within: ListQuery(kind: .scenario, text: "广州")) == [
            FacetCount(value: "approved", count: 1), FacetCount(value: "draft", count: 1),
        ])
        #expect(try s.facetCounts(kind: .model, field: .function) == [
            FacetCount(value: "chat", count: 1), FacetCount(value: "image", count: 1), FacetCount(value: "text", count: 1),
        ])
        #expect(try s.facetCounts(kind: .center, field: .tier) == [
            FacetCount(value: "city", count: 1), FacetCount(value: "national-hub", count: 1),
        ])
        #expect(try s.facetCounts(kind: .scenario, field: .tier) == [])
    }

    @Test func links() throws {
        let s = try Self.catalogue()
        #expect(try s.scenariosUsing(model: "m-one").map { "\($0.scenarioId):\($0.role.rawValue)" } == ["s-a:deployed", "s-b:candidate"])
        #expect(try s.scenariosUsing(model: "m-one", limit: 1).count == 1)
        let uses = try s.scenarios(needingCenter: "c-one")
        #expect(uses.map(\.scenarioId) == ["s-a", "s-d"])
        #expect(uses[0].pflops == 5 && uses[0].from == F.q("2025-Q1") && uses[0].until == F.q("2025-Q4") && uses[0].workload == .inference)
        #expect(try s.models(derivedFrom: "m-one").map(\.id) == ["m-two"])

        let b = try #require(try s.links(ofScenario: "s-b"))
        #expect(b.models.map(\.id) == ["m-one", "m-two"])
        #expect(b.models[0].name == "灵犀医疗大模型" && b.models[0].role == .candidate && b.models[1].status == "suspended")
        #expect(b.compute.count == 1)
        #expect(b.compute[0].centerName == "广州公共算力平台" && b.compute[0].need.accelerator == "gpu-a")
        #expect(b.compute[0].need.precision == .bf16 && b.compute[0].need.until == nil)
        #expect(abs((b.compute[0].pflops ?? 0) - 31.2) < 1e-9)
        #expect(try s.links(ofScenario: "m-one") == nil)
    }

    @Test func linksToMissingEntitiesResolveToNil() throws {
        let store = try F.store()
        try F.load(store, [F.scenario("lonely", models: [ModelLink(model: "ghost", role: .candidate)],
                                      compute: [ComputeNeed(workload: .inference, amount: 1, unit: .cards, accelerator: "tpu-x",
                                                            center: "nowhere", from: F.q("2026-Q1"))])])
        let links = try #require(try store.links(ofScenario: "lonely"))
        #expect(links.models.first?.name == nil)
        #expect(links.compute.first?.centerName == nil)
        #expect(links.compute.first?.pflops == nil)
    }
}
