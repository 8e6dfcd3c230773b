import CatalogCore
import CatalogIndex
import Foundation
import ScencatApp
import Spreadsheet
import Testing
import TerminalKit

/// `x` exports the list shown; `I` opens the import wizard. Through the app with an in-memory
/// terminal, in a start folder of the test's own.
@Suite struct SheetScreenTests {
    static let today = "2026-12-06"

    /// A new, empty folder to start scencat in.
    static func startFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-start-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The app on `app`'s catalogue, started in `folder` on a fixed day, after `script`.
    static func run(_ app: AppFixture, in folder: String, _ script: String, width: Int = 80, height: Int = 24) -> (TestBackend, Runtime) {
        let backend = TestBackend(width: width, height: height, keys: Key.script(script))
        let runtime = Runtime(backend: backend, store: app.store, layout: app.layout)
        runtime.today = { SheetScreenTests.today }
        runtime.startDirectory = folder
        runtime.run(refreshIndex: false, untilIdle: true)
        return (backend, runtime)
    }

    static func fixture(_ name: String) -> String {
        AppFixture.packageRoot.appendingPathComponent("Tests/Fixtures/sheets/\(name)").path
    }

    static func scenarioFiles(_ app: AppFixture) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: app.root + "/scenarios"))
    }

    // MARK: Export

    @Test func xExportsTheRowsTheFilteredSortedListShows() throws {
        let app = AppFixture.shared
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Sector 医疗 through the filter panel, sorted by title, then x.
        let (backend, runtime) = Self.run(app, in: folder, "f<Enter>医疗<Enter>sx")
        let dialog = backend.screenText()
        let name = "场景清单-医疗-\(Self.today).xlsx"
        let list = runtime.state.list
        #expect(list.filters.count == 1 && list.sortColumn.key == .name)
        #expect(dialog.contains("导出 Export") && dialog.contains(name), "\(dialog)")
        #expect(dialog.contains("列表所示的 \(list.total) 行"), "\(dialog)")
        #expect(dialog.contains(folder), "\(dialog)")
        #expect(runtime.state.keyContexts == [.exportName])
        #expect(dialog.rows[23].contains("export") && dialog.rows[23].contains("cancel"), "\(dialog.rows[23])")

        let done = backend.type("<Enter>", into: runtime)
        let path = folder + "/" + name
        #expect(runtime.state.top == nil)
        #expect(done.contains("已导出 \(list.total) 行 · exported \(list.total) rows → /tmp/"), "\(done)")
        #expect(runtime.state.message == "已导出 \(list.total) 行 · exported \(list.total) rows → \(path)")
        // The file holds the list's rows in the list's order (ids in the last column), and nothing else.
        let sheet = try XLSXReader(path: path).sheet()
        let ids = sheet.rows.dropFirst().map { $0.cells.last?.text ?? "" }
        let shown = try app.store.list(list.query(offset: 0, limit: nil)).map(\.id)
        #expect(ids == shown && ids.count == list.total && list.total > 1)
        #expect(sheet.rows.dropFirst().allSatisfy { $0[2].text == "医疗" })
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files == [name], "no temporary file is left: \(files)")
    }

    @Test func anExistingFileIsReplacedOnlyAfterASecondYes() throws {
        let app = AppFixture.shared
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/models.csv"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let (backend, runtime) = Self.run(app, in: folder, "2x<C-u>models.csv<Enter>")
        let asked = backend.screenText()
        #expect(asked.contains("文件已存在 File exists") && asked.contains("exists. Replace it?") && asked.contains("/models.csv"), "\(asked)")
        #expect(runtime.state.keyContexts == [.confirm])
        // Enter alone keeps the file (Keep is selected) and returns to the name.
        backend.type("<Enter>", into: runtime)
        #expect(runtime.state.keyContexts == [.exportName])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        // Esc in the question keeps it too; y replaces it. (Each key waits for the answer to the one
        // before: a key typed while the file is checked or written is not taken.)
        backend.type("<Enter>", into: runtime)
        #expect(runtime.state.keyContexts == [.confirm])
        backend.type("<Esc>", into: runtime)
        #expect(runtime.state.keyContexts == [.exportName])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        backend.type("<Enter>", into: runtime)
        let done = backend.type("y", into: runtime)
        #expect(done.contains("已导出 \(runtime.state.lists[1].total) 行"), "\(done)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.hasPrefix("序号,模型名称,") && csv.contains("\r\n"))
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == runtime.state.lists[1].total + 1)
    }

    @Test func escWritesNothingAndErrorsShowOnTheStatusLine() throws {
        let app = AppFixture.shared
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (backend, runtime) = Self.run(app, in: folder, "3x<Esc>")
        #expect(runtime.state.top == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // A folder that does not exist: the status line says why; the dialog stays for another name.
        var screen = backend.type("x<C-u>nowhere/centers.xlsx<Enter>", into: runtime)
        #expect(screen.contains("导出失败，未写入 · export failed"), "\(screen)")
        #expect(runtime.state.message?.contains("\(folder)/nowhere/centers.xlsx") == true, "\(runtime.state.message ?? "")")
        #expect(runtime.state.keyContexts == [.exportName])
        // A name the formats don't know is refused before anything is written.
        screen = backend.type("<C-u>centers.txt<Enter>", into: runtime)
        #expect(runtime.state.message?.contains("the name must end in .xlsx, .csv, .json or .yaml") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // A name with folders: relative to the start folder, `..` resolved; YAML by the extension.
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        screen = backend.type("<C-u>out/../out/centers.yaml<Enter>", into: runtime)
        #expect(runtime.state.message?.hasSuffix("→ \(folder)/out/centers.yaml") == true, "\(screen)")
        let yaml = try String(contentsOfFile: folder + "/out/centers.yaml", encoding: .utf8)
        #expect(yaml.hasPrefix("- seq: 1\n"), "\(yaml.prefix(200))")
    }

    // MARK: Import

    @Test func theWizardShowsFileSheetColumnsAndPlanAndWritesOnlyOnYes() throws {
        let app = try AppFixture.fresh()
        defer { app.remove() }
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["submission-openpyxl.xlsx", "submission-bom.csv"] {
            try FileManager.default.copyItem(atPath: Self.fixture(name), toPath: folder + "/" + name)
        }
        let before = try Self.scenarioFiles(app)
        // (a) the start folder's sheets, the first one's name in the path.
        let (backend, runtime) = Self.run(app, in: folder, "I")
        var screen = backend.screenText()
        #expect(screen.contains("1/4 选择文件 Choose a file") && screen.contains("路径 Path: submission-bom.csv"), "\(screen)")
        #expect(screen.contains("submission-openpyxl.xlsx"))
        // (b) ↓ picks the workbook; it has three sheets, the first visible one selected.
        screen = backend.type("<Down><Enter>", into: runtime)
        #expect(screen.contains("2/4 选择工作表") && screen.contains("填写说明（隐藏 hidden）") && screen.contains("第二批"), "\(screen)")
        guard case .importWizard(let atSheet) = runtime.state.top else { Issue.record("no wizard"); return }
        #expect(atSheet.sheets[atSheet.sheetCursor.selected].name == "申报表")
        // (c) the columns as the planner mapped them.
        screen = backend.type("<Enter>", into: runtime)
        #expect(screen.contains("3/4 表头对应 Columns") && screen.contains("表头在第 4 行 header row 4"), "\(screen)")
        let titleRow = try #require(screen.rows.first { $0.contains("场景名称 ") && $0.contains("→") }, "\(screen)")
        #expect(titleRow.contains("B ") && titleRow.contains("→ 场景名称 title"), "\(titleRow)")
        #expect(screen.rows.contains { $0.contains("A ") && $0.contains("序号") && $0.contains("→ 忽略 ignored") }, "\(screen)")
        // (d) the plan: counts, suggested ids, the duplicate's existing scenario, FILE:ROW:COL reasons.
        screen = backend.type("<Tab>", into: runtime)
        #expect(screen.contains("新增 add 4 · 疑似重复 duplicates 2 · 拒绝 rejected 1"), "\(screen)")
        #expect(screen.contains("foshan-manufacturing  智能质检示范线"), "\(screen)")
        // Taller and wider (planning runs in the background: each key waits for the step before it).
        let (wide, wideRuntime) = Self.run(app, in: folder, "I<Down><Enter><Enter>", width: 100, height: 40)
        let tall = wide.type("<Tab>", into: wideRuntime)
        #expect(tall.contains("≈ shenzhen-pathology-slide-analysis"), "\(tall)")
        #expect(tall.contains("submission-openpyxl.xlsx:11:5: error: unknown city '深训'"), "\(tall)")
        #expect(try Self.scenarioFiles(app) == before, "a plan writes nothing")
        // At 80×24 the plan scrolls: G shows its last line, g its first again.
        #expect(!screen.contains("sector '元宇宙' (1 row)") && screen.contains("↕"), "\(screen)")
        screen = backend.type("G", into: runtime)
        #expect(screen.contains("sector '元宇宙' (1 row)") && !screen.contains("新增 Rows to add"), "\(screen)")
        screen = backend.type("g", into: runtime)
        #expect(screen.contains("新增 Rows to add") && screen.contains("1–17/18 ↕"), "\(screen)")
        // (e) the question; Enter alone goes back (Back is selected); Esc too.
        screen = backend.type("y", into: runtime)
        #expect(screen.contains("Import 4 scenarios as drafts") && screen.contains("submission-openpyxl-问题行.xlsx beside the source"), "\(screen)")
        backend.type("<Enter>", into: runtime)
        #expect(runtime.state.keyContexts == [.importPlan])
        backend.type("y<Esc>", into: runtime)
        #expect(runtime.state.keyContexts == [.importPlan])
        #expect(try Self.scenarioFiles(app) == before)
        #expect(!FileManager.default.fileExists(atPath: folder + "/submission-openpyxl-问题行.xlsx"))
        // y, y: the drafts and the reject sheet are written; the list shows them.
        screen = backend.type("yy", into: runtime)
        #expect(runtime.state.top == nil)
        #expect(screen.contains("已导入 4 个草稿场景"), "\(screen)")
        #expect(runtime.state.message?.hasSuffix("1 行拒绝 rejected → \(folder)/submission-openpyxl-问题行.xlsx") == true, "\(runtime.state.message ?? "")")
        let added = try Self.scenarioFiles(app).subtracting(before)
        #expect(added == ["foshan-manufacturing.yaml", "shenzhen-logistics.yaml", "shenzhen-healthcare.yaml", "zhuhai-government.yaml"])
        #expect(runtime.state.lists[0].total == 112)
        #expect(FileManager.default.fileExists(atPath: folder + "/submission-openpyxl-问题行.xlsx"))
        // One u (asked, as undoing a creation is) removes them all.
        screen = backend.type("u", into: runtime)
        #expect(screen.contains("撤销创建将删除文件"), "\(screen)")
        backend.type("y", into: runtime)
        #expect(try Self.scenarioFiles(app) == before)
        #expect(runtime.state.lists[0].total == 108)
    }

    @Test func aColumnTheSynonymsLackIsMappedByHand() throws {
        let app = try AppFixture.fresh()
        defer { app.remove() }
        let folder = try Self.startFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("题目,城市,领域\n智慧灯杆巡检,佛山,制造业\n".utf8).write(to: URL(fileURLWithPath: folder + "/灯杆.csv"))
        // No header row names the title: the wizard says so and offers the first row's columns.
        let (backend, runtime) = Self.run(app, in: folder, "I<Enter>")
        var screen = backend.screenText()
        #expect(screen.contains("no header row found"), "\(screen)")
        #expect(screen.contains("题目") && screen.contains("→ 忽略 ignored"), "\(screen)")
        backend.type("<Tab>", into: runtime)
        #expect(runtime.state.message == "先修正表头对应 · map the columns first (enter on a column)")
        // Enter on 题目, pick title: planned again with 题目=title, as --map does.
        screen = backend.type("<Enter>", into: runtime)
        #expect(screen.contains("「题目」→") && runtime.state.keyContexts == [.importField], "\(screen)")
        screen = backend.type("<Down><Enter>", into: runtime)
        #expect(screen.contains("题目") && screen.contains("→ 场景名称 title（手动 by hand）"), "\(screen)")
        #expect(screen.contains("新增 add 1 · 疑似重复 duplicates 0 · 拒绝 rejected 0"), "\(screen)")
        // Esc backs out step by step and the wizard closes; nothing was written.
        backend.type("<Tab><Esc><Esc><Esc>", into: runtime)
        #expect(runtime.state.top == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["灯杆.csv"])
    }

    @Test func importIsOfferedOnTheScenariosTabOnly() {
        let app = AppFixture.shared
        let (_, runtime) = AppFixture.shared.run("2I")
        #expect(runtime.state.top == nil)
        #expect(runtime.state.message == "导入场景请在场景标签页按 I · import from the Scenarios tab (1, then I)")
        _ = app
    }
}
