import CatalogCore
@testable import CatalogFiles
import Foundation
import Testing

/// A small valid catalogue in a temporary folder: catalog.yaml, three taxonomies, two models (one derived
/// from the other), a center and a scenario that uses them all. Every file is in canonical form, so a test
/// can break exactly one thing and expect exactly the diagnostics that one thing causes.
final class Fixture {
    let root: String

    static let scenarioPath = "scenarios/gz-imaging.yaml"
    static let modelPath = "models/demo-med.yaml"
    static let baseModelPath = "models/demo-base.yaml"
    static let centerPath = "centers/gz-center.yaml"

    static let files: [(String, String)] = [
        ("catalog.yaml", """
        kind: Catalog
        name: 测试清单
        owner: 测试办公室
        format: 1

        """),
        ("taxonomy/sectors.yaml", """
        kind: Sectors
        items:
        - id: healthcare
          zh: 医疗
          en: Healthcare
        - id: education
          zh: 教育
          en: Education
        - id: manufacturing
          zh: 制造
          en: Manufacturing

        """),
        ("taxonomy/cities.yaml", """
        kind: Cities
        items:
        - id: guangzhou
          zh: 广州
          en: Guangzhou
        - id: shenzhen
          zh: 深圳
          en: Shenzhen
        - id: province
          zh: 广东省
          en: Guangdong Province

        """),
        ("taxonomy/accelerators.yaml", """
        kind: Accelerators
        items:
        - id: ascend-910b
          name: Ascend 910B
          vendor: Huawei
          domestic: true
          fp16_tflops: 320
        - id: a800
          name: A800
          vendor: NVIDIA
          domestic: false
          fp16_tflops: 312

        """),
        (scenarioPath, """
        kind: Scenario
        id: gz-imaging
        title: 医学影像辅助诊断
        title_en: Medical imaging assistant
        sector: healthcare
        city: guangzhou
        stage: piloting
        status: approved
        demand_org: 示例医院
        summary: |-
          基于大模型的影像辅助诊断。
          第二行说明。
        data_class: important
        tags:
        - 医疗
        - 影像
        models:
        - model: demo-med
          role: deployed
        compute:
        - workload: inference
          amount: 16
          unit: cards
          accelerator: ascend-910b
          precision: fp16
          center: gz-center
          from: 2026-Q1
          until: 2026-Q4
        since: 2026-Q1
        contact: 张三
        updated: 2026-05-01

        """),
        (modelPath, """
        kind: Model
        id: demo-med
        name: 示例医疗大模型
        provider: 示例科技有限公司
        filing_kind: filed
        filing_no: Sample-0001
        filed_on: 2025-06-30
        jurisdiction: guangzhou
        functions:
        - chat
        - text
        domain:
        - healthcare
        params_b: 7
        open_source: false
        base_model: demo-base
        status: active

        """),
        (baseModelPath, """
        kind: Model
        id: demo-base
        name: 示例基础大模型
        provider: 示例科技有限公司
        filing_kind: filed
        filing_no: Sample-0000
        domain: general
        status: active

        """),
        (centerPath, """
        kind: Center
        id: gz-center
        name: 示例算力中心
        city: guangzhou
        operator: 示例运营公司
        tier: city
        status: operating
        capacity_pflops_fp16: 100
        accelerators:
        - ascend-910b
        since: 2025-Q1

        """),
    ]

    static func text(of relative: String) -> String { files.first { $0.0 == relative }!.1 }

    init() {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-test-XXXXXX").path
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        // Resolve /tmp symlinks so that realpath-based checks and expected paths agree.
        root = URL(fileURLWithPath: String(cString: made!)).resolvingSymlinksInPath().path
        for dir in ["taxonomy", "scenarios", "models", "centers"] { mkdir(dir) }
        for (path, text) in Self.files { write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { "\(root)/\(relative)" }

    func mkdir(_ relative: String) {
        try! FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) { write(relative, bytes: Array(text.utf8)) }

    func write(_ relative: String, bytes: [UInt8]) {
        FileManager.default.createFile(atPath: path(relative), contents: Data(bytes))
    }

    func read(_ relative: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path(relative)) ?? Data()) }

    func remove(_ relative: String) { try! FileManager.default.removeItem(atPath: path(relative)) }

    func symlink(_ relative: String, to target: String) {
        try! FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
    }

    /// Replaces exactly one occurrence of `old` in a fixture file.
    func replace(_ relative: String, _ old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: read(relative), as: UTF8.self)
        let parts = text.components(separatedBy: old)
        #expect(parts.count == 2, "'\(old)' must occur once in \(relative)", sourceLocation: sourceLocation)
        write(relative, parts.joined(separator: new))
    }

    func check() -> CheckReport { CatalogCheck.run(root: root) }

    /// Every diagnostic of `scencat validate`, one line each, paths relative to the catalogue.
    func lines() -> [String] { check().diagnostics.map { $0.formatted() } }

    /// Every file under the catalogue with its bytes, to prove a command changed nothing.
    func snapshot() -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let e = FileManager.default.enumerator(atPath: root)!
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: path(rel), isDirectory: &isDir)
            out[rel] = isDir.boolValue ? [] : read(rel)
        }
        return out
    }
}

/// Breaks one file of a fresh fixture and returns the validate report.
func breaking(_ relative: String, _ change: (Fixture) -> Void) -> CheckReport {
    let f = Fixture()
    change(f)
    return f.check()
}

/// Asserts the report holds exactly `expected` (formatted lines, in display order), and that it fails
/// validation (exit 1) exactly when one of them is an error.
func expectDiagnostics(_ report: CheckReport, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = report.diagnostics.map { $0.formatted() }
    #expect(lines == expected, sourceLocation: sourceLocation)
    let expectsError = expected.contains { $0.contains(": error: ") }
    #expect(report.diagnostics.hasErrors == expectsError, sourceLocation: sourceLocation)
    for d in report.diagnostics {
        #expect(d.position.line >= 1 && d.position.column >= 1, sourceLocation: sourceLocation)
    }
}

/// The one-file shortcut: replace `old` by `new` in `file` and expect `expected`.
func expectBreaking(_ file: String, _ old: String, _ new: String, _ expected: [String],
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let report = breaking(file) { $0.replace(file, old, with: new, sourceLocation: sourceLocation) }
    expectDiagnostics(report, expected, sourceLocation: sourceLocation)
}

/// Writes `text` as `file` and expects `expected`.
func expectFile(_ file: String, _ text: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let report = breaking(file) { $0.write(file, text) }
    expectDiagnostics(report, expected, sourceLocation: sourceLocation)
}

/// Reads bytes the way the catalogue does, for tests of one file without a folder.
func readEntity(_ bytes: [UInt8], file: String = Fixture.scenarioPath) -> (DecodedEntity?, [Diagnostic]) {
    let parsed = YAMLReader.read(bytes, file: file)
    guard let root = parsed.root else { return (nil, parsed.diagnostics) }
    let decoded = EntityDecoder.decode(root, file: file)
    return (decoded, parsed.diagnostics + decoded.diagnostics)
}
