import CatalogCore
import Foundation
import Testing
@testable import CatalogIndex

/// The hand-written JSON must carry every stored property and read back equal with JSONDecoder.
@Suite struct EntityJSONTests {
    static let odd = "引号\"反斜杠\\换行\n制表\t控制\u{1}😀 end"

    static let full: [Entity] = [
        .scenario(Scenario(id: "s-full", title: odd, titleEn: "Title", sector: "healthcare", city: "guangzhou", stage: .scaled,
                           status: .approved, demandOrg: "需求方", supplierOrgs: ["甲", "乙"], summary: "多行\n摘要", dataClass: .core,
                           tags: ["t1", "t2"], models: [ModelLink(model: "m-a", role: .deployed), ModelLink(model: "m-b", role: .evaluated)],
                           compute: [ComputeNeed(workload: .fineTuning, amount: 0.1, unit: .cards, accelerator: "gpu-a", precision: .int8,
                                                 center: "c-a", from: Quarter("2026-Q1")!, until: Quarter("2027-Q4")!),
                                     ComputeNeed(workload: .inference, amount: 1e-7, unit: .pflops, from: Quarter("2026-Q2")!)],
                           since: Quarter("2026-Q1")!, links: ["https://example.org/a?b=c"], contact: "内部联系人", updated: "2026-01-02",
                           withdrawnReason: "撤回原因")),
        .model(Model(id: "m-full", name: odd, provider: "提供方", filingKind: .registered, filingNo: "SAMPLE-1", filedOn: "2025-05-06",
                     jurisdiction: "province", functions: [.chat, .code], domain: ["healthcare"], paramsB: 671.5, openSource: true,
                     license: "Apache-2.0", baseModel: "m-base", government: false, status: .suspended,
                     withdrawnReason: "暂停原因")),
        .model(Model(id: "m-general", name: "通用", provider: "p", filingKind: .filed, filingNo: "S-2", domain: [], status: .active)),
        .model(Model(id: "m-bare", name: "最少", provider: "p", filingKind: .filed, filingNo: "S-3", status: .withdrawn)),
        .center(Center(id: "c-full", name: odd, city: "shaoguan", operator: "运营方", tier: .nationalHub, status: .building,
                       capacityPflopsFP16: 12345.678, accelerators: ["gpu-a", "npu-b"], since: Quarter("2024-Q3")!)),
    ]

    @Test func roundTripsThroughJSONDecoder() throws {
        for entity in Self.full {
            let json = EntityJSON.encode(entity)
            #expect(try EntityJSON.decode(kind: entity.kind, json: json) == entity)
        }
    }

    @Test func writesEveryStoredPropertyAsJSONEncoderWould() throws {
        for entity in Self.full.prefix(2) + Self.full.suffix(1) {
            let value: Any
            switch entity {
            case .scenario(let s): value = s
            case .model(let m): value = m
            case .center(let c): value = c
            }
            let labels = Set(Mirror(reflecting: value).children.compactMap(\.label))
            let json = EntityJSON.encode(entity)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(Set(object.keys) == labels, "\(entity.kind): a property is missing from EntityJSON")
            // The same document JSONEncoder writes (compared as values, not bytes).
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let reference: Data
            switch entity {
            case .scenario(let s): reference = try encoder.encode(s)
            case .model(let m): reference = try encoder.encode(m)
            case .center(let c): reference = try encoder.encode(c)
            }
            let referenceObject = try #require(try JSONSerialization.jsonObject(with: reference) as? NSDictionary)
            let ours = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
            #expect(referenceObject.isEqual(ours))
        }
    }
}
