import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import CatalogIndex

/// Small catalogues built in code, and a throwaway index for each test.
enum Fixtures {
    static let taxonomy = Taxonomy(
        sectors: [
            Sector(id: "healthcare", zh: "医疗", en: "Healthcare"),
            Sector(id: "manufacturing", zh: "制造", en: "Manufacturing"),
            Sector(id: "finance", zh: "金融", en: "Finance"),
        ],
        cities: [
            City(id: "guangzhou", zh: "广州", en: "Guangzhou"),
            City(id: "shenzhen", zh: "深圳", en: "Shenzhen"),
            City(id: "shaoguan", zh: "韶关", en: "Shaoguan"),
        ],
        accelerators: [
            Accelerator(id: "gpu-a", name: "GPU A", vendor: "Sample", domestic: false, fp16Tflops: 312),
            Accelerator(id: "npu-b", name: "NPU B", vendor: "Sample", domestic: true, fp16Tflops: 256),
        ])

    static func q(_ text: String) -> Quarter { Quarter(text)! }

    /// A fresh index in a temporary catalogue folder (`<dir>/.scencat/index.sqlite`; deleted when
    /// the process ends is not guaranteed, so each test uses a unique name under the system
    /// temporary directory). Entities stored with `put` have their files there.
    static func store() throws -> IndexStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-ix-\(UUID().uuidString)/.scencat")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try IndexStore(path: dir.appendingPathComponent("index.sqlite").path)
    }

    /// Writes `entity`'s file (canonical YAML) into the store's catalogue and returns its record
    /// with the real content hash: what the index reads entities back from.
    static func put(_ store: IndexStore, _ entity: Entity) throws -> FileRecord {
        let root = try #require(store.catalogRoot)
        let path = (root as NSString).appendingPathComponent(entity.relativePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let bytes = Array(CanonicalWriter.yaml(entity).utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return FileRecord(path: entity.relativePath, size: Int64(bytes.count), mtimeNs: 1, hash: ContentHash.of(bytes))
    }

    static func scenario(_ id: String, title: String = "场景", sector: String = "healthcare", city: String = "guangzhou",
                         stage: Stage = .piloting, status: ScenarioStatus = .approved, summary: String? = nil,
                         demandOrg: String? = nil, tags: [String] = [], models: [ModelLink] = [], compute: [ComputeNeed] = [],
                         since: Quarter? = nil, updated: String? = nil, titleEn: String? = nil, dataClass: DataClass? = nil) -> Entity {
        .scenario(Scenario(id: id, title: title, titleEn: titleEn, sector: sector, city: city, stage: stage, status: status,
                           demandOrg: demandOrg, summary: summary, dataClass: dataClass, tags: tags, models: models,
                           compute: compute, since: since, updated: updated))
    }

    static func model(_ id: String, name: String = "模型", provider: String = "示例科技有限公司", status: ModelStatus = .active,
                      functions: [ModelFunction] = [.chat], domain: [String]? = nil, paramsB: Double? = nil,
                      baseModel: String? = nil, filingKind: FilingKind = .filed, jurisdiction: String? = "guangzhou") -> Entity {
        .model(Model(id: id, name: name, provider: provider, filingKind: filingKind, filingNo: "SAMPLE-\(id)",
                     jurisdiction: jurisdiction, functions: functions, domain: domain, paramsB: paramsB,
                     baseModel: baseModel, status: status))
    }

    static func center(_ id: String, name: String = "算力中心", city: String = "shaoguan", tier: CenterTier = .provincial,
                       status: CenterStatus = .operating, capacity: Double = 1000, since: Quarter? = nil) -> Entity {
        .center(Center(id: id, name: name, city: city, operator: "示例运营公司", tier: tier, status: status,
                       capacityPflopsFP16: capacity, accelerators: ["gpu-a"], since: since))
    }

    /// The references a file with this entity would hold, at made-up but distinct positions,
    /// named the way `EntityDecoder` names them.
    static func references(of entity: Entity) -> [Reference] {
        var refs: [Reference] = []
        var line = 3
        func add(_ kind: ReferenceKind, _ target: String, _ field: String) {
            refs.append(Reference(kind, target, at: SourcePosition(line: line, column: 3 + field.count), field: field))
            line += 1
        }
        switch entity {
        case .scenario(let s):
            add(.sector, s.sector, "sector")
            add(.city, s.city, "city")
            for (i, m) in s.models.enumerated() { add(.model, m.model, "models[\(i)].model") }
            for (i, c) in s.compute.enumerated() {
                if let a = c.accelerator { add(.accelerator, a, "compute[\(i)].accelerator") }
                if let k = c.center { add(.center, k, "compute[\(i)].center") }
            }
        case .model(let m):
            if let j = m.jurisdiction, j != "province" { add(.city, j, "jurisdiction") }
            for (i, d) in (m.domain ?? []).enumerated() { add(.sector, d, "domain[\(i)]") }
            if let b = m.baseModel { add(.model, b, "base_model") }
        case .center(let c):
            add(.city, c.city, "city")
            for (i, a) in c.accelerators.enumerated() { add(.accelerator, a, "accelerators[\(i)]") }
        }
        return refs
    }

    static func record(_ entity: Entity, hash: String = "h") -> FileRecord {
        FileRecord(path: entity.relativePath, size: 100, mtimeNs: 1, hash: hash)
    }

    /// Stores the taxonomy and `entities` in one write.
    static func load(_ store: IndexStore, _ entities: [Entity]) throws {
        try store.write { w in
            try w.replaceTaxonomy(taxonomy)
            for e in entities { try w.upsert(e, file: put(store, e), references: references(of: e)) }
        }
    }
}
