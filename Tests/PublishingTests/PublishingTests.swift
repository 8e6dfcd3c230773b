import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Testing
@testable import Publishing

/// Catalogues for the publishing tests: small ones built in memory, and copies of the demo catalogue.
enum Fixture {
    static let taxonomy = Taxonomy(
        sectors: [
            Sector(id: "healthcare", zh: "医疗", en: "Healthcare"),
            Sector(id: "manufacturing", zh: "制造", en: "Manufacturing"),
        ],
        cities: [
            City(id: "guangzhou", zh: "广州", en: "Guangzhou"),
            City(id: "shenzhen", zh: "深圳", en: "Shenzhen"),
        ],
        accelerators: [Accelerator(id: "gpu-a", name: "GPU A", vendor: "Sample", domestic: false, fp16Tflops: 312)])

    static func q(_ s: String) -> Quarter { Quarter(s)! }

    static let source = PublicationSource(commit: String(repeating: "ab", count: 20), commitDate: "2026-11-29T13:15:14+08:00")

    static func scenario(_ id: String, title: String = "智能场景", sector: String = "healthcare", stage: Stage = .piloting,
                         status: ScenarioStatus = .approved, since: String? = "2026-Q1", tags: [String] = [],
                         models: [ModelLink] = [], compute: [ComputeNeed] = [], summary: String? = nil,
                         contact: String? = nil, demandOrg: String? = nil) -> Scenario {
        Scenario(id: id, title: title, sector: sector, city: "guangzhou", stage: stage, status: status, demandOrg: demandOrg,
                 summary: summary, tags: tags, models: models, compute: compute, since: since.map(q), contact: contact)
    }

    static let models: [Entity] = [
        .model(Model(id: "m-one", name: "粤问一号", provider: "示例科技有限公司", filingKind: .filed, filingNo: "Guangdong-SAMPLE-0001", status: .active)),
        .model(Model(id: "m-two", name: "粤问二号", provider: "示例科技有限公司", filingKind: .registered, filingNo: "SAMPLE-0002", status: .active)),
        .center(Center(id: "c-sg", name: "韶关示例智算中心", city: "guangzhou", tier: .nationalHub, status: .operating, capacityPflopsFP16: 5000)),
    ]

    static func selection(_ quarter: String, _ scenarios: [Scenario]) -> Selection {
        Selection.make(quarter: q(quarter), catalogName: "示例清单", taxonomy: taxonomy, entities: models + scenarios.map { .scenario($0) })
    }

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// A copy of the demo catalogue in a fresh temporary folder, without its index.
    static func demoCopy() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-pub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dest = dir.appendingPathComponent("Catalog")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Catalog"), to: dest)
        try? FileManager.default.removeItem(at: dest.appendingPathComponent(".scencat"))
        try? FileManager.default.removeItem(at: dest.appendingPathComponent("publications"))
        return dest.path
    }

    static func read(_ path: String) throws -> [UInt8] { try AtomicFile.read(path) }
    static func text(_ path: String) throws -> String { String(decoding: try read(path), as: UTF8.self) }

    static func write(_ text: String, _ path: String) throws {
        try AtomicFile.makeDirectories(AtomicFile.directory(of: path))
        try AtomicFile.write(text, to: path)
    }
}
