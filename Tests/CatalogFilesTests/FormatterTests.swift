import CatalogCore
@testable import CatalogFiles
import Foundation
import Testing

/// `scencat fmt`: lists what is not canonical, rewrites it atomically, and never writes a file with errors.
/// And no failed read writes anything at all.
@Suite struct FormatterTests {
    let s = Fixture.scenarioPath
    let c = Fixture.centerPath

    /// The scenario as a person might write it: indented lists, quotes where none are needed, keys out of order.
    static let untidyScenario = """
    kind: Scenario
    id: gz-imaging
    title: "医学影像辅助诊断"
    sector: healthcare
    title_en: Medical imaging assistant
    city: guangzhou
    stage: piloting
    status: approved
    demand_org: 示例医院
    summary: "基于大模型的影像辅助诊断。\\n第二行说明。"
    data_class: important
    tags: [影像, 医疗]
    models:
      - model: demo-med
        role: deployed
    compute:
      - {workload: inference, amount: 16.0, unit: cards, accelerator: ascend-910b, precision: fp16, center: gz-center, from: 2026-Q1, until: 2026-Q4}
    since: 2026-Q1
    contact: 张三   # internal
    updated: 2026-05-01

    """

    func inode(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    @Test func checkListsANonCanonicalFileAndChangesNothing() throws {
        let f = Fixture()
        f.write(s, Self.untidyScenario)
        expectDiagnostics(f.check(), [])   // untidy but valid
        let before = f.snapshot()
        let report = try CatalogFormatter.run(root: f.root, check: true)
        #expect(report.changed == [s])
        #expect(report.diagnostics == [])
        #expect(f.snapshot() == before)
    }

    @Test func fmtRewritesToTheCanonicalBytesAtomically() throws {
        let f = Fixture()
        f.write(s, Self.untidyScenario)
        let before = f.snapshot()
        let oldInode = inode(f.path(s))
        let report = try CatalogFormatter.run(root: f.root, check: false)
        #expect(report.changed == [s])
        #expect(f.read(s) == Array(Fixture.text(of: s).utf8))
        // Written to a temporary file and renamed over the old one: a new inode, and no temporary left behind.
        #expect(inode(f.path(s)) != oldInode)
        let after = f.snapshot()
        #expect(Set(after.keys) == Set(before.keys))
        for (path, bytes) in after where path != s { #expect(bytes == before[path], "\(path) untouched") }
        let again = try CatalogFormatter.run(root: f.root, check: true)
        #expect(again.changed == [])
    }

    @Test func fmtNeverTouchesAFileWithErrors() throws {
        let f = Fixture()
        let broken = Self.untidyScenario.replacingOccurrences(of: "stage: piloting", with: "stage: pilotting")
        f.write(s, broken)
        f.write(c, Fixture.text(of: c).replacingOccurrences(of: "- ascend-910b", with: "  - ascend-910b"))
        let report = try CatalogFormatter.run(root: f.root, check: false)
        #expect(report.changed == [c], "the valid untidy file is formatted")
        #expect(f.read(s) == Array(broken.utf8), "the broken one is left exactly as it was")
        #expect(f.read(c) == Array(Fixture.text(of: c).utf8))
        #expect(report.diagnostics.map { $0.formatted() } == [
            "\(s):7:8: error: 'stage' must be one of proposed, piloting, demonstration, scaled, found 'pilotting'; did you mean 'piloting'?",
        ])
    }

    @Test func fmtNeverTouchesAFileThatDoesNotParse() throws {
        let f = Fixture()
        f.replace(s, "tags:\n- 医疗\n- 影像\n", with: "tags: [医疗, 影像\n")
        let before = f.snapshot()
        let report = try CatalogFormatter.run(root: f.root, check: false)
        #expect(report.changed == [])
        #expect(report.diagnostics.hasErrors)
        #expect(f.snapshot() == before)
    }

    @Test func fmtRemovesAByteOrderMarkAndCRLF() throws {
        let f = Fixture()
        let crlf = Fixture.text(of: c).replacingOccurrences(of: "\n", with: "\r\n")
        f.write(c, bytes: [0xEF, 0xBB, 0xBF] + Array(crlf.utf8))
        let check = try CatalogFormatter.run(root: f.root, check: true)
        #expect(check.changed == [c])
        _ = try CatalogFormatter.run(root: f.root, check: false)
        #expect(f.read(c) == Array(Fixture.text(of: c).utf8))
    }

    @Test func fmtFormatsTaxonomiesToo() throws {
        let f = Fixture()
        let path = "taxonomy/sectors.yaml"
        f.write(path, "kind: Sectors\nitems:\n  - {id: healthcare, zh: 医疗, en: Healthcare}\n  - {id: education, zh: 教育, en: Education}\n  - {id: manufacturing, zh: 制造, en: Manufacturing}\n")
        let report = try CatalogFormatter.run(root: f.root, check: false)
        #expect(report.changed == [path])
        #expect(f.read(path) == Array(Fixture.text(of: path).utf8))
    }

    @Test func validateOfABrokenCatalogueWritesNothing() {
        let f = Fixture()
        f.replace(s, "sector: healthcare", with: "sector: helthcare")
        f.write(c, bytes: [0xFF, 0xFE])
        f.write("models/bomb.yaml", SyntaxErrorTests.bomb(asKey: true))
        let before = f.snapshot()
        let report = f.check()
        #expect(report.diagnostics.hasErrors)
        #expect(f.snapshot() == before, "no file changed, none created (no .scencat either)")
    }

    @Test func fmtCheckOfABrokenCatalogueWritesNothing() throws {
        let f = Fixture()
        f.write(s, Self.untidyScenario.replacingOccurrences(of: "title: \"医学影像辅助诊断\"", with: "titel: x"))
        f.write(c, "kind: Center\n\tid: broken\n")
        let before = f.snapshot()
        let report = try CatalogFormatter.run(root: f.root, check: true)
        #expect(report.diagnostics.hasErrors)
        #expect(report.changed == [])
        #expect(f.snapshot() == before)
    }
}
