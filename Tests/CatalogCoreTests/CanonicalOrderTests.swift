import Testing
@testable import CatalogCore

/// The canonical key order is the schema's: an entity with every field set encodes its keys
/// exactly in the order `Schema` declares them, at the top level and inside compute rows and
/// model links — checked here on values, not only through files written end to end.
@Suite struct CanonicalOrderTests {
    static let q1 = Quarter("2026-Q1")!, q4 = Quarter("2026-Q4")!

    static let scenario = Scenario(
        id: "s-1", title: "标题", titleEn: "Title", sector: "healthcare", city: "guangzhou", stage: .piloting,
        status: .approved, demandOrg: "需求方", supplierOrgs: ["乙", "甲"], summary: "简介", dataClass: .important,
        tags: ["b", "a"], models: [ModelLink(model: "m-1", role: .deployed)],
        compute: [ComputeNeed(workload: .inference, amount: 2, unit: .cards, accelerator: "gpu-a", precision: .fp16,
                              center: "c-1", from: q1, until: q4)],
        since: q1, links: ["https://example.org"], contact: "联系人", updated: "2026-05-01", withdrawnReason: "示例")

    static let model = Model(
        id: "m-1", name: "模型", provider: "单位", filingKind: .filed, filingNo: "No-1", filedOn: "2025-01-02",
        jurisdiction: "guangzhou", functions: [.text, .chat], domain: ["healthcare"], paramsB: 7, openSource: true,
        license: "Apache-2.0", baseModel: "m-0", government: false, status: .active, withdrawnReason: "示例")

    static let center = Center(id: "c-1", name: "中心", city: "shenzhen", operator: "运营方", tier: .provincial,
                               status: .operating, capacityPflopsFP16: 100, accelerators: ["gpu-a"], since: q1)

    static func keys(_ fields: [Field]) -> [String] { fields.map(\.key) }

    static func keys(of field: String, in fields: [Field]) -> [String] {
        guard case .list(let items)? = fields.first(where: { $0.key == field })?.value.value,
              case .map(let inner)? = items.first?.value else { return [] }
        return inner.map(\.key)
    }

    @Test("every field set: the keys come out in the schema's order, for each kind")
    func topLevel() {
        #expect(Self.keys(EntityEncoder.fields(.scenario(Self.scenario))) == Schema.scenario.fieldNames)
        #expect(Self.keys(EntityEncoder.fields(.model(Self.model))) == Schema.model.fieldNames)
        #expect(Self.keys(EntityEncoder.fields(.center(Self.center))) == Schema.center.fieldNames)
        for kind in [EntityKind.scenario, .model, .center] {
            #expect(Schema.entitySpec(kind).fieldNames.first == "kind")
        }
    }

    @Test("compute rows and model links: their keys in the schema's order too")
    func nested() {
        let fields = EntityEncoder.fields(.scenario(Self.scenario))
        #expect(Self.keys(of: "compute", in: fields) == Schema.computeNeed.fieldNames)
        #expect(Self.keys(of: "models", in: fields) == Schema.modelLink.fieldNames)
    }

    @Test("internal fields left out for publishing, the others still in schema order")
    func withoutInternal() {
        let published = Self.keys(EntityEncoder.fields(.scenario(Self.scenario), includeInternal: false))
        #expect(published == Schema.scenario.fields.filter { !$0.isInternal }.map(\.name))
    }
}
