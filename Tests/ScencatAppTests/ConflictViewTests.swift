import CatalogCore
import CatalogSync
import Testing
import TerminalKit
@testable import ScencatApp

/// The Sync screen's conflict view shows each field's three values in full, with what ours and
/// theirs changed against base marked: long Chinese text, and lists row by row (models; tags and
/// compute rows merge as sets, so both sides changing them conflicts only in rare cases).
@Suite struct ConflictViewTests {
    static let path = "scenarios/sz-pathology-ai.yaml"

    static func yaml(demand: String, summary: String, role: String, compute: [(Int, String)]) -> String {
        var text = """
            kind: Scenario
            id: sz-pathology-ai
            title: 病理切片智能辅助诊断
            sector: healthcare
            city: shenzhen
            stage: piloting
            status: approved
            demand_org: \(demand)
            summary: \(summary)
            models:
            - model: lingnan-pathology
              role: \(role)
            - model: yuexin-vision
              role: deployed

            """
        text += "compute:\n"
        for (amount, from) in compute {
            text += "- workload: inference\n  amount: \(amount)\n  unit: pflops\n  from: \(from)\n"
        }
        text += "since: 2026-Q1\n"
        return text
    }

    static var conflict: MergeConflict {
        let base = yaml(demand: "深圳湾区示范医院病理科与数字医学中心联合项目组（第一期）",
                        summary: "对数字病理切片进行智能分析，辅助病理医生筛查宫颈癌、乳腺癌和结直肠癌，缩短出具报告的时间并减少漏诊。",
                        role: "candidate", compute: [(8, "2026-Q1"), (4, "2026-Q3")])
        let ours = yaml(demand: "深圳湾区示范医院病理科与数字医学中心联合项目组（第二期扩容）",
                        summary: "对数字病理切片进行智能分析，辅助病理医生筛查宫颈癌、乳腺癌、胃癌和结直肠癌，缩短出具报告的时间并减少漏诊。",
                        role: "deployed", compute: [(12, "2026-Q1"), (4, "2026-Q3")])
        let theirs = yaml(demand: "深圳湾区示范医院病理科与南山数字医学中心联合项目组（第一期）",
                          summary: "对数字病理切片进行智能分析，辅助病理医生筛查宫颈癌、乳腺癌和结直肠癌，出具报告的时间缩短一半并减少漏诊。",
                          role: "evaluated", compute: [(16, "2026-Q1"), (4, "2026-Q3")])
        return MergeConflict(path: path, base: EntityVersion.read(Array(base.utf8), path: path),
                             ours: EntityVersion.read(Array(ours.utf8), path: path), theirs: EntityVersion.read(Array(theirs.utf8), path: path))
    }

    static func state(width: Int, height: Int, row: Int) -> AppState {
        var screen = SyncScreen()
        screen.stage = .conflicts
        screen.conflicts = [conflict]
        screen.row = row
        var state = AppState(size: Size(width: width, height: height))
        state.layers = [.sync(screen)]
        return state
    }

    /// The row of the conflict view holding `key`.
    static func row(_ key: String) -> Int { conflict.fieldConflicts.firstIndex { $0.key == key } ?? -1 }

    @Test func theFieldsInConflict() {
        #expect(Self.conflict.fieldConflicts.map(\.key) == ["demand_org", "summary", "models"])
    }

    /// The text of the detail pane: stacked, its lines joined; side by side, each column's lines joined.
    static func detailTexts(_ frame: Buffer) -> [String] {
        let lines = frame.lines()
        guard let top = lines.firstIndex(where: { $0.contains("完整的值 full values") }) else { return [] }
        let rows = (top + 1)..<(frame.height - 2)
        guard frame.width >= ConflictDetail.sideBySideFrom else {
            return [rows.map { lines[$0] }.joined().replacingOccurrences(of: " ", with: "")]
        }
        return ConflictDetail.columns(Rect(x: 0, y: 0, width: frame.width, height: 1)).map { c in
            rows.map { frame.text(x: c.x, y: $0, width: c.width) }.joined().replacingOccurrences(of: " ", with: "")
        }
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func longChineseValuesShowInFull(_ size: (Int, Int)) {
        let (width, height) = size
        for key in ["demand_org", "summary"] {
            let frame = Render.frame(Self.state(width: width, height: height, row: Self.row(key)))
            expectSnapshot(frame.plainText(), "conflict-\(key)-\(width)x\(height)")
            // Every character of the three values is on screen, in order (wrapped lines joined).
            let texts = Self.detailTexts(frame)
            let f = Self.conflict.fieldConflicts[Self.row(key)]
            for (k, node) in [f.base, f.ours, f.theirs].enumerated() {
                let value = ConflictDetail.lines(node).joined().replacingOccurrences(of: " ", with: "")
                #expect(texts.count == 1 ? texts[0].contains(value) : texts[k].contains(value), "\(key) \(k) at \(width)×\(height): \(texts)")
            }
        }
    }

    @Test func listsCompareRowByRow() {
        let wide = Render.frame(Self.state(width: 120, height: 40, row: Self.row("models")))
        expectSnapshot(wide.plainText(), "conflict-models-120x40")
        let models = Render.frame(Self.state(width: 80, height: 24, row: Self.row("models")))
        expectSnapshot(models.plainText(), "conflict-models-80x24")
        // Ours changed the role of lingnan-pathology: that row is marked; yuexin-vision's, the same in base, is not.
        let lines = models.lines()
        func style(of needle: String, after: String) -> [Style] {
            lines.indices.filter { lines[$0].contains(after) && lines[$0].contains(needle) }.map { y in
                let x = lines[y].range(of: needle).map { lines[y][..<$0.lowerBound].displayWidth } ?? 0
                return models.cells[y * models.width + x].style
            }
        }
        #expect(style(of: "deployed", after: "lingnan-pathology").contains(Theme.changed))
        #expect(!style(of: "yuexin-vision", after: "yuexin-vision").isEmpty)
        #expect(!style(of: "yuexin-vision", after: "yuexin-vision").contains(Theme.changed))
    }

    @Test func differingCharactersAreMarked() {
        let marks = ConflictDetail.marked("辅助筛查宫颈癌、胃癌和结直肠癌", against: "辅助筛查宫颈癌和结直肠癌")
        #expect(String(marks.filter(\.changed).map(\.character)) == "、胃癌")
        #expect(ConflictDetail.marked("同样", against: "同样").allSatisfy { !$0.changed })
        #expect(ConflictDetail.marked("新行", against: nil).allSatisfy { $0.changed })
    }
}
