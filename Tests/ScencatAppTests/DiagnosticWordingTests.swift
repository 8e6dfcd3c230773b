import CatalogCore
import CatalogFiles
import ChineseText
import Foundation
import Testing
@testable import Publishing
@testable import Wording

/// Hostile files, each broken in one way, for reading the catalogue's diagnostics in every language.
enum HostileFiles {
    static let base = try! String(contentsOf: AppFixture.packageRoot.appendingPathComponent("Catalog/scenarios/chaozhou-ancient-city-guide.yaml"), encoding: .utf8)
    static let model = try! String(contentsOf: AppFixture.packageRoot.appendingPathComponent("Catalog/models/chaoyun-culture.yaml"), encoding: .utf8)

    /// The scenario, renamed to `id`, with `from` replaced by `to`.
    static func scenario(_ id: String, _ from: String, _ to: String) -> String {
        let text = base.replacingOccurrences(of: "id: chaozhou-ancient-city-guide", with: "id: \(id)")
        if from.isEmpty { return text }
        precondition(text.contains(from), from)
        return text.replacingOccurrences(of: from, with: to)
    }

    /// File (relative) → bytes: syntax errors, bytes the format forbids, wrong types, missing keys,
    /// duplicates, a lineage cycle.
    static var files: [String: [UInt8]] {
        var out: [String: String] = [
            "zz-indent": scenario("zz-indent", "city: chaozhou", " city: chaozhou"),
            "zz-quote": scenario("zz-quote", "title: 潮州古城多语种智能导览", "title: \"潮州古城多语种智能导览"),
            "zz-flow": scenario("zz-flow", "tags:\n- 古城\n- 多语种\n- 文旅\n- 潮汕文化\n", "tags: [古城, 多语种\n"),
            "zz-tab": scenario("zz-tab", "  role: deployed", "\trole: deployed"),
            "zz-after-quote": scenario("zz-after-quote", "demand_org: 潮州示范古城文旅公司", "demand_org: \"潮州\" 示范"),
            "zz-bell": scenario("zz-bell", "title: 潮州古城多语种智能导览", "title: 潮州\u{7}古城"),
            "zz-escape": scenario("zz-escape", "title: 潮州古城多语种智能导览", "title: \"潮州\\a古城\""),
            "zz-invisible": scenario("zz-invisible", "title: 潮州古城多语种智能导览", "title: 潮州\u{202E}古城"),
            "zz-number": scenario("zz-number", "demand_org: 潮州示范古城文旅公司", "demand_org: 0012"),
            "zz-missing": scenario("zz-missing", "title: 潮州古城多语种智能导览\n", ""),
            "zz-no-model": scenario("zz-no-model", "- model: chaoyun-culture\n  role: deployed", "- role: deployed"),
            "zz-dup-key": scenario("zz-dup-key", "city: chaozhou\n", "city: chaozhou\ncity: chaozhou\n"),
            "zz-tag": scenario("zz-tag", "title_en: Multilingual", "title_en: !!str Multilingual"),
            "zz-quarter": scenario("zz-quarter", "since: 2025-Q4", "since: 2025-Q5"),
            "zz-date": scenario("zz-date", "updated: 2025-11-15", "updated: 2025-02-30"),
            "zz-list": scenario("zz-list", "supplier_orgs:\n- 潮汕文脉数字科技有限公司", "supplier_orgs: 潮汕文脉数字科技有限公司"),
            "zz-stage": scenario("zz-stage", "stage: demonstration", "stage: [a, b]"),
            "zz-sector": scenario("zz-sector", "sector: culture-tourism", "sector: culture-tourisn"),
            "zz-kind": scenario("zz-kind", "kind: Scenario", "kind: Scenery"),
            "zz-anchor": scenario("zz-anchor", "title_en: Multilingual guide for Chaozhou ancient city", "title_en: &t x\ncontact: *t"),
            "zz-wrong-id": scenario("zz-other", "", ""),
        ]
        // A duplicated id: a model file named as a scenario's id.
        out["zz-same"] = scenario("zz-same", "", "")
        var files = out.reduce(into: [String: [UInt8]]()) { $0["scenarios/\($1.key).yaml"] = Array($1.value.utf8) }
        files["models/zz-same.yaml"] = Array(model.replacingOccurrences(of: "id: chaoyun-culture", with: "id: zz-same").utf8)
        // A lineage cycle of two models.
        for (id, other) in [("zz-m1", "zz-m2"), ("zz-m2", "zz-m1")] {
            files["models/\(id).yaml"] = Array(model.replacingOccurrences(of: "id: chaoyun-culture", with: "id: \(id)")
                .replacingOccurrences(of: "base_model: lingnan-open-lite", with: "base_model: \(other)").replacingOccurrences(of: "filing_no: Guangdong-SAMPLE-2025-0031\n", with: "").replacingOccurrences(of: "filing_kind: filed", with: "filing_kind: none").replacingOccurrences(of: "filed_on: 2025-08-14\n", with: "").utf8)
        }
        // GBK bytes where UTF-8 belongs.
        files["scenarios/zz-gbk.yaml"] = Array(scenario("zz-gbk", "title: 潮州古城多语种智能导览", "title: X").utf8).flatMap { $0 == UInt8(ascii: "X") ? [0xB3, 0xB1] : [$0] }
        return files
    }

    /// A copy of Catalog/ holding the hostile files.
    static func catalogue() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("scencat-hostile-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = AppFixture.packageRoot.appendingPathComponent("Catalog").path
        for entry in try fm.contentsOfDirectory(atPath: source) where entry != ".scencat" {
            try fm.copyItem(atPath: source + "/" + entry, toPath: root + "/" + entry)
        }
        for (path, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + path)) }
        return root
    }
}

@Suite struct DiagnosticWordingTests {
    /// Every diagnostic code, worded in Chinese with ids for its arguments (and a value's kind or
    /// a reference's kind where the code has one), holds no English word.
    @Test func everyDiagnosticCodeReadsInChinese() {
        let texts = Text.allCases.filter { $0.rawValue.hasPrefix("diag") }
        #expect(texts.count > 120)
        Wording.$taskLanguage.withValue(.zh) {
            for t in texts {
                let code = String(t.rawValue.dropFirst(4))
                let count = InterfaceLanguage.allCases.map { Text.placeholders(t.template(in: $0)).count }.max() ?? 0
                let arguments = (0..<count).map { i -> String in
                    if Diagnostic.valueKindArgument[code] == i + 1 { return "a number" }
                    if i == 0 && code.hasPrefix("UnknownReference") { return "sector" }
                    return "zz-\(i + 1)"
                }
                let d = Diagnostic.error("scenarios/zz.yaml", SourcePosition(line: 3, column: 8), "in English", code: code, arguments: arguments)
                #expect(ChineseText.englishWords(in: d.shownMessage).isEmpty, "\(code): \(d.shownMessage)")
                #expect(d.shown(prefix: "cat").hasPrefix("cat/scenarios/zz.yaml:3:8: error: "), "\(d.shown(prefix: "cat"))")
            }
        }
    }

    /// Each kind of YAML value has a Chinese name.
    @Test func everyKindOfValueHasAChineseName() {
        let values: [Value] = [.null, .string("x"), .number(1, raw: "1"), .bool(true, raw: "true"), .date("2026-01-01"), .list([]), .map([])]
        for v in values { #expect(Diagnostic.valueKindChinese[v.kindName] != nil, "\(v.kindName)") }
    }

    /// The hostile files through the catalogue check, as `validate` prints them: in zh the same
    /// `PATH:LINE:COL: error:` prefix as in both, then a Chinese message with no English word
    /// (ids, keys and values as written aside); in both and en the English message, unchanged.
    @Test func hostileFilesReadInChineseAfterTheSamePrefix() throws {
        let root = try HostileFiles.catalogue()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = CatalogCheck.run(root: root)
        let diags = report.diagnostics.sortedForDisplay().filter { $0.file.contains("zz-") }
        // Every hostile file gives at least one diagnostic.
        for path in HostileFiles.files.keys where path != "models/zz-same.yaml" { #expect(diags.contains { $0.file == path }, "\(path): nothing reported") }
        // Where a message lists the values a key takes, they are as written in the file.
        let optionsAt = ["OneOf": 2, "OneOfHint": 2, "OneOfKind": 2, "KindOneOf": 1, "KindOneOfHint": 1]
        var uncoded: [String] = []
        for d in diags {
            let english = Wording.$taskLanguage.withValue(.both) { d.shown(prefix: root) }
            #expect(english == d.formatted(prefix: root))
            #expect(Wording.$taskLanguage.withValue(.en) { d.shown(prefix: root) } == english)
            let chinese = Wording.$taskLanguage.withValue(.zh) { d.shown(prefix: root) }
            let prefix = "\(root)/\(d.file):\(d.position.line):\(d.position.column): \(d.severity.rawValue): "
            #expect(english.hasPrefix(prefix) && chinese.hasPrefix(prefix), "\(chinese)")
            let message = String(chinese.dropFirst(prefix.count))
            if d.code == nil { uncoded.append(english) }
            #expect(message != d.message, "still English: \(chinese)")
            #expect(message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
            // What the file holds (the Latin title_en, Yams' own words) is the user's data.
            var shown = message.replacingOccurrences(of: "Multilingual", with: "")
            if let code = d.code, let i = optionsAt[code] { shown = shown.replacingOccurrences(of: d.arguments[i - 1], with: "") }
            let words = ChineseText.englishWords(in: shown)
            #expect(words.isEmpty, "\(words): \(chinese)")
        }
        #expect(uncoded.isEmpty, "\(uncoded)")
    }
}

/// Why publishing refuses, as the publish wizard and `scencat publish` show it.
@Suite struct PublishingRefusalWordingTests {
    static let quarter = Quarter("2026-Q1")!
    static let refusals: [PublishingError] = [
        .invalidCatalogue([.error("scenarios/zz.yaml", .start, "x")]),
        .uncommittedChanges((1...12).map { "scenarios/zz-\($0).yaml" }),
        .alreadyPublished(quarter),
        .keyNotInCatalogue(name: "office", keyId: "01234567"),
        .indexChanged("zz-1"),
        .unfiledModels([RegisterUse.Unfiled(scenario: "zz-1", model: "zz-m", status: .notFound)]),
    ]

    @Test func inChineseWithNoEnglishWord() {
        for e in Self.refusals {
            let zh = Wording.$taskLanguage.withValue(.zh) { e.description }
            let both = Wording.$taskLanguage.withValue(.both) { e.description }
            #expect(ChineseText.englishWords(in: zh).isEmpty, "\(ChineseText.englishWords(in: zh)): \(zh)")
            #expect(zh != both && zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(zh)")
        }
    }

    @Test func bothAndEnglishReadAsAlways() {
        for language in [InterfaceLanguage.both, .en] {
            Wording.$taskLanguage.withValue(language) {
                #expect(PublishingError.alreadyPublished(Self.quarter).description
                        == "2026-Q1 is already published (publications/2026-Q1); use --supersede --reason TEXT to replace it, keeping the old list")
                let more = PublishingError.uncommittedChanges((1...12).map { "f\($0)" }).description
                #expect(more.hasPrefix("the catalogue has uncommitted changes; commit or discard them first, so the list can be reproduced from a commit:\n  f1\n"))
                #expect(more.hasSuffix("\n  f10\n  … and 2 more"), "\(more)")
                #expect(PublishingError.unfiledModels([RegisterUse.Unfiled(scenario: "a", model: "m", status: .notFound)]).description
                        .contains("\n  scenario a deploys model m: \(RegisterStatus.Kind.notFound.label) in the filing register\n"))
            }
        }
        Wording.$taskLanguage.withValue(.zh) {
            #expect(PublishingError.alreadyPublished(Self.quarter).description == "2026-Q1 已经发布（publications/2026-Q1）；要替换并保留旧名单，请用 --supersede --reason TEXT")
        }
    }
}
