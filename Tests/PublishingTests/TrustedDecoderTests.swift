import CatalogCore
import CatalogFiles
import CatalogTestSupport
import Foundation
import Testing
@testable import Publishing

@Suite("Decoding validated scenario files")
struct TrustedDecoderTests {
    static func check(_ text: String, file: String = "scenarios/x.yaml", sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let bytes = Array(text.utf8)
        guard let root = YAMLReader.read(bytes, file: file).root else { return false }
        let decoded = EntityDecoder.decode(root, file: file)
        guard let fast = TrustedDecoder.scenario(root) else { return false }
        // The trusted decoder is only given valid files; on those it must agree exactly.
        if case .scenario(let s)? = decoded.entity, !decoded.diagnostics.contains(where: { $0.severity == .error }) {
            #expect(fast == s, sourceLocation: sourceLocation)
            let viaFastReader = YAMLReader.read(bytes, file: file, positions: false).root.flatMap(TrustedDecoder.scenario)
            #expect(viaFastReader == nil || viaFastReader == s, sourceLocation: sourceLocation)
        }
        return true
    }

    @Test("hostile text written canonically: the trusted decoder agrees or declines")
    func fuzz() {
        var rng = SplitMix(seed: 424242)
        let alphabet = Array("ab01 :#-'\"\n,.?!&*|>%@`[]{}中文：（）　\\/=+~")
        func text() -> String {
            String((0..<Int.random(in: 1...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        for _ in 0..<500 {
            let s = Scenario(id: "x-1", title: text(), titleEn: text(), sector: "healthcare", city: "guangzhou", stage: .piloting,
                             status: .approved, demandOrg: text(), supplierOrgs: [text(), text()], summary: text(), tags: [text()],
                             models: [ModelLink(model: "m-1", role: .deployed)], since: Quarter("2026-Q1")!, links: [text()], contact: text(), updated: "2026-05-01")
            _ = Self.check(CanonicalWriter.yaml(.scenario(s)), file: "scenarios/x-1.yaml")
        }
    }

    @Test("every demo scenario decodes as EntityDecoder decodes it")
    func demo() throws {
        let dir = Fixture.packageRoot.appendingPathComponent("Catalog/scenarios").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(names.count > 100)
        for n in names {
            #expect(Self.check(try Fixture.text("\(dir)/\(n)"), file: "scenarios/\(n)"), "\(n) declined")
        }
    }

    @Test("unknown keys, nulls and other types are declined, not guessed")
    func declines() {
        let base = "kind: Scenario\nid: x\ntitle: t\nsector: s\ncity: c\nstage: piloting\nstatus: approved\n"
        #expect(Self.check(base))
        for extra in ["future_field: 1\n", "summary:\n", "tags: a\n", "since: 2026-Q5\n", "title_en: 12\n", "models:\n- model: m\n",
                      "compute:\n- workload: inference\n  amount: 0\n  unit: pflops\n  from: 2026-Q1\n", "updated: 2026-02-30\n"] {
            let root = YAMLReader.read(Array((base + extra).utf8), file: "scenarios/x.yaml").root!
            #expect(TrustedDecoder.scenario(root) == nil, "\(extra)")
        }
    }
}
