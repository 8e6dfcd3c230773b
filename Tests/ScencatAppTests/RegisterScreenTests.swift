import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
@testable import ScencatApp
import Testing
import TerminalKit

/// The filing register on the screens: the model page's badge and the two values of a mismatch,
/// each linked model's 备案号 and badge on a scenario page, the Models list's filter, the
/// dashboard's counts and the publish wizard's blockers (docs/0018).
@Suite struct RegisterScreenTests {
    static func row(_ no: String, _ name: String, _ org: String, _ date: String) -> RegisterRow {
        RegisterRow(filingNo: no, name: name, organisation: org, place: "广东省", date: date, kind: .filed)
    }

    /// Two snapshots of `guangdong` in `root`: kuaida-service dropped from the later one, chengmou-city
    /// under another name, pearl-vision and zhihe-inspect consistent; every other model is not found.
    static func writeSnapshots(_ root: String) throws {
        let kept = [
            row("Guangdong-SAMPLE-2025-0025", "城眸城市治理大模型", "粤城智治科技有限公司", "2025-06-20"),
            row("Guangdong-SAMPLE-2024-0035", "珠江视觉大模型", "珠江视觉智能有限公司", "2024-07-22"),
            row("Guangdong-SAMPLE-2025-0021", "智合视觉质检模型", "广东智合工业互联网有限责任公司", "2025-05-08"),
        ]
        let dropped = row("Guangdong-SAMPLE-2024-0047", "快答客服大模型", "速应智能科技有限公司", "2024-09-26")
        _ = try RegisterFiles.write(RegisterSnapshot(ref: RegisterSnapshotRef(source: "guangdong", asOf: "2025-12-31"), rows: kept + [dropped]), root: root)
        _ = try RegisterFiles.write(RegisterSnapshot(ref: RegisterSnapshotRef(source: "guangdong", asOf: "2026-02-28"), rows: kept), root: root)
    }

    static func fixture() throws -> AppFixture {
        let app = try AppFixture.fresh()
        try writeSnapshots(app.root)
        return app
    }

    @Test func theModelPageShowsTheBadgeAndAMismatchSideBySide() throws {
        let app = try Self.fixture()
        defer { app.remove() }
        let screen = app.screen(":chengmou-city<Enter>", width: 120, height: 40)
        #expect(screen.contains("备案核对 register [信息不符 mismatch · guangdong 2026-02-28]"), "\(screen)")
        let rows = screen.rows
        let header = try #require(rows.firstIndex { $0.contains("本库 catalogue") && $0.contains("│ 登记表 register") }, "\(screen)")
        #expect(rows[header + 1].contains("名称 name") && rows[header + 1].contains("城眸城市治理视觉模型") && rows[header + 1].contains("│ 城眸城市治理大模型"),
                "\(rows[header + 1])")
        // The two values start in the same columns on both lines.
        #expect(rows[header].displayWidth(upTo: "│") == rows[header + 1].displayWidth(upTo: "│"))

        let removed = app.screen(":kuaida-service<Enter>", width: 120, height: 40)
        #expect(removed.contains("[已移出 removed · guangdong 2026-02-28]") && removed.contains("最后见于 last in guangdong 2025-12-31"), "\(removed)")
        let listed = app.screen(":pearl-vision<Enter>", width: 120, height: 40)
        #expect(listed.contains("[在册 listed · guangdong 2026-02-28]"), "\(listed)")
        let missing = app.screen(":lingnan-open-lite<Enter>", width: 120, height: 40)
        #expect(missing.contains("备案核对 register [未找到 not found]"), "\(missing)")
    }

    @Test func aScenarioPageShowsEachLinkedModelsFilingNumberAndBadge() throws {
        let app = try Self.fixture()
        defer { app.remove() }
        let screen = app.screen(":dongguan-pcb-visual-inspection<Enter>", width: 160, height: 50)
        #expect(screen.contains("珠江视觉大模型 · 珠江视觉智能有限公司 · 备案号 Guangdong-SAMPLE-2024-0035 [在册 listed · guangdong 2026-02-28]"), "\(screen)")
        #expect(screen.contains("备案号 Guangdong-SAMPLE-2025-0021 [在册 listed · guangdong 2026-02-28]"), "\(screen)")
    }

    @Test func theModelsListFiltersByRegisterStatusAndTheDashboardCountsThem() throws {
        let app = try Self.fixture()
        defer { app.remove() }
        let (backend, runtime) = app.run("2f<Down><Down><Down><Enter>removed<Enter>", width: 120, height: 40)
        let screen = backend.screenText()
        #expect(runtime.state.lists[Tab.models.rawValue].total == 1, "\(screen)")
        #expect(screen.contains("kuaida-service") && !screen.contains("pearl-vision"), "\(screen)")
        #expect(screen.contains("备案核对 register"), "\(screen)")

        let dashboard = app.screen("4", width: 140, height: 40)
        #expect(dashboard.contains("备案核对 filings: 在册 listed 2 · 信息不符 mismatch 1 · 未找到 not found 28 · 已移出 removed 1 (guangdong 2026-02-28)"), "\(dashboard)")
    }

    @Test func withoutASnapshotThePagesAreAsBefore() throws {
        let app = AppFixture.shared
        let screen = app.screen(":dongguan-pcb-visual-inspection<Enter>", width: 160, height: 50)
        #expect(screen.contains("evaluated · 珠江视觉大模型 · 珠江视觉智能有限公司 "), "\(screen)")
        #expect(!screen.contains("备案号 Guangdong"), "\(screen)")
        #expect(!app.screen(":pearl-vision<Enter>", width: 120, height: 40).contains("备案核对"))
        #expect(!app.screen("4", width: 140, height: 40).contains("备案核对 filings"))
    }

    @Test func thePublishWizardListsWhatTheRegisterBlocks() throws {
        let repo = try PublicationRepo()
        defer { repo.remove() }
        try Self.writeSnapshots(repo.root)
        try repo.commit("Registers")
        let quarter = try #require(repo.run("5p").1.state.publicationsScreen?.wizard?.quarter)
        let steps = Quarter("2026-Q3")!.ordinal - quarter.ordinal
        let preview = repo.screen("5p" + String(repeating: steps > 0 ? "l" : "h", count: abs(steps)), width: 140, height: 60)
        #expect(preview.contains("备案核对阻止发布 · the filing register blocks 70 deployed links to 25 models"), "\(preview)")
        #expect(preview.contains("chaozhou-ancient-city-guide → chaoyun-culture: 未找到 not found"), "\(preview)")
        #expect(!preview.contains("→ zhihe-inspect"), "\(preview)")
        #expect(!preview.contains("可以发布 · ready"), "\(preview)")
    }
}

extension String {
    /// The display width of the text before the first `mark`.
    func displayWidth(upTo mark: Character) -> Int? {
        guard let i = firstIndex(of: mark) else { return nil }
        return String(self[..<i]).displayWidth
    }
}
