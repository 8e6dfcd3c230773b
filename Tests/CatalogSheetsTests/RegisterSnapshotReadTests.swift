import CatalogCore
@testable import CatalogFiles
import CatalogSheets
import Foundation
import Testing

/// Snapshots are read by the canonical fast path (scencat writes them canonically), with the Yams
/// path as the fallback and the reference (docs/0018): both must give the same snapshot.
@Suite("Register snapshot reading")
struct RegisterSnapshotReadTests {
    static let limit = RegisterFiles.maxFileSize

    /// Reads `text` by the canonical reader alone and by Yams alone; both must give the same
    /// snapshot and the same diagnostics. Returns the snapshot.
    @discardableResult
    static func agree(_ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RegisterSnapshot {
        let bytes = Array(text.utf8)
        let fastRoot = try #require(CanonicalReader.parse(bytes, nodeLimit: YAMLReader.nodeBudget(limit: limit) / 2),
                                    "the canonical reader declined a snapshot scencat wrote", sourceLocation: sourceLocation)
        let slowRoot = try #require(YAMLReader.read(bytes, file: file, positions: true, canonicalPath: false, limit: limit).root,
                                    sourceLocation: sourceLocation)
        let fast = RegisterCodec.decode(fastRoot, file: file)
        let slow = RegisterCodec.decode(slowRoot, file: file)
        #expect(fast.0 == slow.0, sourceLocation: sourceLocation)
        #expect(fast.1.map(\.description) == slow.1.map(\.description), sourceLocation: sourceLocation)
        return try #require(fast.0, sourceLocation: sourceLocation)
    }

    static func fixture(_ name: String) -> String { RegisterImportTests.fixture(name) }

    @Test func theFixtureRegistersReadTheSameByBothPaths() throws {
        for (name, source, asOf) in [("guangdong-2025-12-31.xlsx", "guangdong", "2025-12-31"), ("guangdong-2026-02-28.xlsx", "guangdong", "2026-02-28"),
                                     ("guangdong-2026-02-28.csv", "guangdong", "2026-02-28"), ("national-2026-01-31.xlsx", "national", "2026-01-31")] {
            let snapshot = try RegisterImport.snapshot(try RegisterImport.read(Self.fixture(name)), path: Self.fixture(name), source: source, asOf: asOf)
            let back = try Self.agree(RegisterFiles.text(snapshot), file: snapshot.ref.path)
            #expect(back == snapshot, "\(name)")
        }
    }

    /// Texts a list may hold that YAML must quote or read with care. (A text starting with `-` and
    /// a letter is written plain and left to the Yams path: see the test after next.)
    static let awkward = ["12345", "0012", "true", "null", "~", "2024-02-30", "1e3", "- 开头", "a: b", "a #b", "'引号'", "\"双引号\"",
                          "尾空格 ", " 首空格", "全角　空格", "Ｇｕａｎｇｄｏｎｇ", "[方括号]", "{花括号}", "&锚", "*别名", "!标签", "%百分",
                          "@at", "`反引号`", "? 问号", "：全角冒号", "yes", "off", ".inf", "0x1F", "+1", "-1", "#", "南越语音大模型"]

    @Test func aGeneratedRegisterOfNineThousandRowsReadsTheSameByBothPaths() throws {
        var rows: [RegisterRow] = []
        for i in 0..<9000 {
            let odd = Self.awkward[i % Self.awkward.count]
            rows.append(RegisterRow(filingNo: i % 7 == 0 ? "Ｇｕａｎｇｄｏｎｇ－Ｇ－\(i)" : "Guangdong-GEN-2025-\(i)",
                                    name: i % 3 == 0 ? "\(odd)" : "生成模型\(i)大模型",
                                    organisation: i % 5 == 0 ? "岭南\(i % 97)科技（深圳）有限责任公司" : "\(odd)科技有限公司",
                                    place: i % 4 == 0 ? nil : (i % 4 == 1 ? "广州市" : odd),
                                    date: i % 6 == 0 ? nil : (i % 6 == 1 ? "2024年" : "2025-\(1 + i % 12 < 10 ? "0" : "")\(1 + i % 12)-1\(i % 9)"),
                                    kind: i % 2 == 0 ? .filed : (i % 4 == 1 ? .registered : nil)))
        }
        let snapshot = RegisterSnapshot(ref: RegisterSnapshotRef(source: "generated", asOf: "2026-03-31"), importedFrom: "generated.xlsx",
                                        fingerprint: "0123456789abcdef", rows: rows)
        let text = RegisterFiles.text(snapshot)
        let back = try Self.agree(text, file: snapshot.ref.path)
        #expect(back == snapshot && back.rows.count == 9000)
        // More nodes than an entity file may hold: the snapshot's own budget lets the fast path take it.
        #expect(CanonicalReader.parse(Array(text.utf8)) == nil)
    }

    @Test func aSnapshotTheFastPathDoubtsIsReadByYams() throws {
        let snapshot = RegisterSnapshot(ref: RegisterSnapshotRef(source: "guangdong", asOf: "2026-02-28"),
                                        rows: [RegisterRow(filingNo: "G-1", name: "南海金融大模型", organisation: "南海数智有限公司", date: "2024-12-16")])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-register-read-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/registers/guangdong", withIntermediateDirectories: true)
        // An organisation starting with '-': written plain, and read plain by the fast path too.
        let dashed = RegisterSnapshot(ref: snapshot.ref, rows: [RegisterRow(filingNo: "G-1", name: "x", organisation: "-科技有限公司")])
        #expect(CanonicalReader.parse(Array(RegisterFiles.text(dashed).utf8), nodeLimit: YAMLReader.nodeBudget(limit: Self.limit) / 2) != nil)
        #expect(try Self.agree(RegisterFiles.text(dashed), file: snapshot.ref.path) == dashed)
        try RegisterFiles.text(dashed).write(toFile: root + "/" + snapshot.ref.path, atomically: true, encoding: .utf8)
        #expect(RegisterFiles.read(snapshot.ref.path, root: root).0 == dashed)
        // A comment and a flow mapping, as a hand edit might leave them: the canonical reader declines both.
        let edited = RegisterFiles.text(snapshot).replacingOccurrences(of: "rows:\n", with: "# checked by hand\nrows:\n")
            + "- {filing_no: G-2, name: 快答客服, organisation: 速应智能科技有限公司}\n"
        #expect(CanonicalReader.parse(Array(edited.utf8), nodeLimit: YAMLReader.nodeBudget(limit: Self.limit) / 2) == nil)
        try edited.write(toFile: root + "/" + snapshot.ref.path, atomically: true, encoding: .utf8)
        let (read, diags) = RegisterFiles.read(snapshot.ref.path, root: root)
        #expect(diags.isEmpty)
        #expect(read?.rows.map(\.filingNo) == ["G-1", "G-2"])
        // A bad row still gets its line from the Yams path.
        try (RegisterFiles.text(snapshot) + "- filing_no: [G-3]\n  name: x\n  organisation: y\n").write(toFile: root + "/" + snapshot.ref.path, atomically: true, encoding: .utf8)
        let (bad, problems) = RegisterFiles.read(snapshot.ref.path, root: root)
        #expect(bad == nil && problems.map(\.description).contains { $0.contains(":9:") && $0.contains("'filing_no' must be text") })
    }
}
