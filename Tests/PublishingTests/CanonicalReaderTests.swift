import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import Publishing

@Suite("Fast reading of canonical entity files")
struct CanonicalReaderTests {
    /// Same value tree, exactly (raw spellings of numbers, booleans and dates included), positions aside.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)), (.date(let x), .date(let y)): return x == y
        case (.number(let x, let rx), .number(let y, let ry)): return (x == y || (x.isNaN && y.isNaN)) && rx == ry
        case (.bool(let x, let rx), .bool(let y, let ry)): return x == y && rx == ry
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0.value, $1.value) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value.value, $1.value.value) }
        default: return false
        }
    }

    /// The fast reader either declines or agrees with YAMLReader; returns whether it answered.
    @discardableResult
    static func agrees(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let bytes = Array(text.utf8)
        guard let fast = CanonicalReader.parse(bytes) else { return false }
        let slow = YAMLReader.read(bytes, file: "x.yaml")
        guard let root = slow.root, !slow.diagnostics.contains(where: { $0.severity == .error }) else {
            Issue.record("the fast reader read what YAMLReader refuses: \(text.debugDescription)", sourceLocation: sourceLocation)
            return true
        }
        #expect(same(fast.value, root.value), "\(text.debugDescription)", sourceLocation: sourceLocation)
        return true
    }

    @Test("every file of the demo catalogue is read, and read as YAMLReader reads it")
    func demoCatalogue() throws {
        let root = Fixture.packageRoot.appendingPathComponent("Catalog").path
        var files = ["catalog.yaml", "taxonomy/sectors.yaml", "taxonomy/cities.yaml", "taxonomy/accelerators.yaml"]
        for dir in ["scenarios", "models", "centers"] {
            files += try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)").filter { $0.hasSuffix(".yaml") }.map { "\(dir)/\($0)" }
        }
        #expect(files.count > 150)
        for f in files {
            let text = try Fixture.text("\(root)/\(f)")
            #expect(Self.agrees(text), "\(f) was not read by the fast reader")
        }
    }

    @Test("scenarios with hostile text, written canonically, read back the same")
    func fuzzCanonical() {
        var rng = SplitMix(seed: 424242)
        let alphabet = Array("ab01 :#-'\"\n,.?!&*|>%@`[]{}中文：（）　\\/=+~")
        func text() -> String {
            String((0..<Int.random(in: 1...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        // Valid scenarios: fields of one line (the format's rule) get no line break, the summary may
        // hold any; none is blank.
        func line() -> String { "x" + text().replacingOccurrences(of: "\n", with: " ") }
        var answered = 0
        for _ in 0..<1500 {
            let s = Scenario(id: "x-1", title: line(), titleEn: line(), sector: "healthcare", city: "guangzhou", stage: .piloting,
                             status: .approved, demandOrg: line(), supplierOrgs: [line(), line()], summary: "x" + text(), tags: [line()],
                             models: [ModelLink(model: "m-1", role: .deployed)],
                             compute: [ComputeNeed(workload: .inference, amount: 1.5, unit: .cards, accelerator: "gpu-a",
                                                   from: Quarter("2026-Q1")!, until: Quarter("2026-Q4")!)],
                             since: Quarter("2026-Q1")!, links: [line()], contact: line(), updated: "2026-05-01")
            let yaml = CanonicalWriter.yaml(.scenario(s))
            if Self.agrees(yaml) { answered += 1 }
            // A valid scenario, written canonically: the trusted decoder must answer, and agree.
            let decoded = YAMLReader.read(Array(yaml.utf8), file: "scenarios/x-1.yaml").root.map { EntityDecoder.decode($0, file: "scenarios/x-1.yaml") }
            let errors = decoded?.diagnostics.filter { $0.severity == .error }.map { $0.formatted() }
            #expect(errors == [], "\(yaml.debugDescription)")
            #expect(TrustedDecoderTests.check(yaml, file: "scenarios/x-1.yaml"), "declined: \(yaml.debugDescription)")
        }
        // With this seed the fast reader answers 1491 of the 1500 canonical files (it declines a few
        // rare spellings, and the slow reader then reads them); far fewer means it stopped doing its job.
        #expect(answered >= 1450, "the fast reader declined too often: \(answered) of 1500")
    }

    @Test("hand-written YAML outside the canonical subset is declined or read the same")
    func nonCanonical() {
        let samples = [
            "kind: Scenario\nid: a # comment\n", "# comment\nkind: x\n", "tags: [a, b]\n", "m: {a: 1}\n", "s: >\n  folded\n  text\n",
            "s: plain\n  continued\n", "s: 'single\n  continued'\n", "s: \"esc\\n\"\n", "a: 1\na: 2\n", "tags:\n  - a\n  - b\nx: 1\n",
            "tags:\n- a\n\n- b\n", "s: |2\n   x\n", "s: |\n\n  x\n", "s: |\n  x\n   y\n  z\n", "s: |+\n  x\n\n\nk: v\n", "---\na: 1\n",
            "a: &x 1\nb: *x\n", "a: !!str 1\n", "a:\n  b: 1\n  c:\n  - 2\n", "a: -1\nb: -x\n", "a: 0012\nb: 1:30\nc: yes\nd: ~\ne:\n",
            "a: 2026-01-02\nb: '2026-01-02'\n", "a:  two spaces\n", "a: trailing \n", "- a\n", "a: b: c\n", "a: x:y\n", "a: 'it''s'\n",
            "models:\n- model: a\n  role: b\n- model: c\n  role: d\nsince: 2026-Q1\n", "a:\n- - x\n", "a:\n-\n  b: 1\n", "A: 1\n",
            "a: 1\n  b: 2\n", "a:\n  - x\n  y: 1\n", "a: x\n\n\nb: y\n", "a: \"q\" tail\n", "a: 'q' tail\n", "a: x #y\n", "a: x#y\n",
        ]
        var declined = 0
        for s in samples where !Self.agrees(s) { declined += 1 }
        #expect(declined >= 15)
    }
}

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
            let viaFastReader = CanonicalReader.parse(bytes, positions: false).flatMap(TrustedDecoder.scenario)
            #expect(viaFastReader == nil || viaFastReader == s, sourceLocation: sourceLocation)
        }
        return true
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
