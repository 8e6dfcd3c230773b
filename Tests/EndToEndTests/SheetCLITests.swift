import Foundation
import Testing

/// `scencat export` and `scencat import` on the built binary, with the submission sheets made by
/// scripts/gen-sheet-fixtures. (openpyxl and LibreOffice read the exports in scripts/check-sheets.)
@Suite("Spreadsheet commands")
struct SheetCLITests {
    static func fixture(_ name: String) -> String {
        CLI.packageRoot.appendingPathComponent("Tests/Fixtures/sheets/\(name)").path
    }

    /// A copy of a fixture in a fresh folder, so that its reject sheet lands there.
    static func copy(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dest = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: fixture(name), toPath: dest)
        return dest
    }

    static func scenarioFiles(_ cat: String) throws -> [String] { try CLI.files(in: "\(cat)/scenarios") }

    @Test func exportTakesListFiltersAndWritesCSVWithBOMAndChineseHeaders() throws {
        let cat = try CLI.demoCopy()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-export-\(UUID().uuidString).csv").path
        let r = try CLI.run(["export", "scenarios", "--catalog", cat, "--sector", "healthcare", "--sort=-peak", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        let list = try CLI.run(["list", "scenarios", "--catalog", cat, "--sector", "healthcare", "--sort=-peak", "--format", "json"])
        let ids = try #require(try CLI.json(list.stdout) as? [[String: Any]]).map { $0["id"] as! String }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("序号,场景名称,所属行业,所属地市,阶段,状态,需求方,供给方,场景简介,关联模型（名称、备案号）,"))
        #expect(text.contains("\r\n1,"))
        #expect(r.stderr.contains("wrote \(ids.count) scenarios"))
        for id in ids { #expect(text.contains(",\(id)\r\n")) }
        #expect(!text.contains("联系人"))
        // Refuses to replace a file unless told to.
        let again = try CLI.run(["export", "scenarios", "--catalog", cat, "-o", out])
        #expect(again.code == 1 && again.stderr.contains("exists; use --force"))
        let withInternal = try CLI.run(["export", "scenarios", "--catalog", cat, "--include-internal", "--headers", "en", "--force", "-o", out])
        #expect(withInternal.code == 0)
        #expect(try CLI.read(out).contains("Contact (internal)"))
        #expect(try CLI.run(["export", "scenarios", "--catalog", cat, "-o", "-"]).code == 2)
    }

    @Test func listCSVHasABOM() throws {
        let cat = try CLI.demoCopy()
        let r = try CLI.run(["list", "models", "--catalog", cat, "--format", "csv"])
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("\u{FEFF}id,name,"))
    }

    @Test func dryRunShowsThePlanAndWritesNothing() throws {
        let cat = try CLI.demoCopy()
        let before = try Self.scenarioFiles(cat)
        let sheet = try Self.copy("submission-openpyxl.xlsx")
        let r = try CLI.run(["import", sheet, "--catalog", cat, "--dry-run"])
        #expect(r.code == 1)
        #expect(r.stdout.contains("header row 4"))
        #expect(r.stdout.contains("add  row 5: foshan-manufacturing  智能质检示范线"))
        #expect(r.stdout.contains("dup  row 9: 病理切片智能分析 — looks like shenzhen-pathology-slide-analysis"))
        #expect(r.stdout.contains("(nearly the same title)"))
        #expect(r.stderr.contains("\(sheet):11:5: error: unknown city '深训'"))
        #expect(r.stderr.contains("\(sheet):11:6: error: unknown sector '元宇宙'"))
        #expect(r.stderr.contains("plan: 4 to add, 2 duplicates, 1 rejected (dry run: nothing written)"))
        #expect(try Self.scenarioFiles(cat) == before)
        #expect(!FileManager.default.fileExists(atPath: sheet.replacingOccurrences(of: ".xlsx", with: "-问题行.xlsx")))
    }

    @Test func importWritesDraftsAsOneChangeAndARejectSheet() throws {
        let cat = try CLI.demoCopy()
        let before = try Self.scenarioFiles(cat)
        let sheet = try Self.copy("submission-openpyxl.xlsx")
        let r = try CLI.run(["import", sheet, "--catalog", cat])
        #expect(r.code == 1)   // a row was rejected
        #expect(r.stderr.contains("imported 4 scenarios as drafts"))
        let added = Set(try Self.scenarioFiles(cat)).subtracting(before)
        #expect(added == ["foshan-manufacturing.yaml", "shenzhen-logistics.yaml", "shenzhen-healthcare.yaml", "zhuhai-government.yaml"])
        let yaml = try CLI.read("\(cat)/scenarios/shenzhen-healthcare.yaml")
        #expect(yaml.contains("status: draft") && yaml.contains("stage: piloting") && yaml.contains("since: 2026-Q3"))
        let formula = try CLI.read("\(cat)/scenarios/zhuhai-government.yaml")
        #expect(formula.contains("title: =HYPERLINK(\"http://example.org\",\"click\")\n"))
        #expect(try CLI.run(["validate", "--catalog", cat]).code == 0)
        // The reject sheet: the row as it came, and why.
        let rejects = sheet.replacingOccurrences(of: ".xlsx", with: "-问题行.xlsx")
        #expect(FileManager.default.fileExists(atPath: rejects))
        #expect(r.stderr.contains("1 rejected row written to \(rejects)"))
        // One undo removes the whole import.
        let u = try CLI.run(["undo", "--catalog", cat])
        #expect(u.code == 0, "\(u.stderr)")
        #expect(try Self.scenarioFiles(cat) == before)
    }

    @Test func gbkCSVImportsAndItsRejectSheetIsCSV() throws {
        let cat = try CLI.demoCopy()
        let sheet = try Self.copy("submission-gbk.csv")
        let r = try CLI.run(["import", sheet, "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(GB18030), header row 3"))
        #expect(try CLI.read("\(cat)/scenarios/maoming-agriculture.yaml").contains("summary: 含,逗号与\"引号\""))
        #expect(!FileManager.default.fileExists(atPath: sheet.replacingOccurrences(of: ".csv", with: "-问题行.csv")))
    }

    @Test func importRefusalsWriteNothing() throws {
        let cat = try CLI.demoCopy()
        let before = try Self.scenarioFiles(cat)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-refuse-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // No header row: nothing to map.
        try CLI.write("甲,乙\r\n1,2\r\n", to: "\(dir)/noheader.csv")
        let a = try CLI.run(["import", "\(dir)/noheader.csv", "--catalog", cat])
        #expect(a.code == 1 && a.stderr.contains("no header row found"))
        // A header without a sector column.
        try CLI.write("场景名称,城市\r\n甲,深圳\r\n", to: "\(dir)/nosector.csv")
        let b = try CLI.run(["import", "\(dir)/nosector.csv", "--catalog", cat])
        #expect(b.code == 1 && b.stderr.contains("nosector.csv:1: error: the header row has no column for sector"))
        // An old binary .xls, and a sheet that does not exist.
        try CLI.write("\u{D0}\u{CF}", to: "\(dir)/old.xls")
        let c = try CLI.run(["import", "\(dir)/old.xls", "--catalog", cat])
        #expect(c.code == 1 && c.stderr.contains("save it as .xlsx"))
        let d = try CLI.run(["import", Self.fixture("submission-openpyxl.xlsx"), "--sheet", "第九批", "--catalog", cat])
        #expect(d.code == 1 && d.stderr.contains("no sheet '第九批'"))
        let e = try CLI.run(["import", "\(dir)/nosector.csv", "--map", "城市=citty", "--catalog", cat])
        #expect(e.code == 2)
        #expect(try Self.scenarioFiles(cat) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["noheader.csv", "nosector.csv", "old.xls"])
    }

    @Test func mapNamesAColumnTheTableDoesNotKnow() throws {
        let cat = try CLI.demoCopy()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-map-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try CLI.write("题目,城市,领域\r\n智能巡检,韶关,能源\r\n", to: "\(dir)/s.csv")
        let r = try CLI.run(["import", "\(dir)/s.csv", "--map", "题目=title", "--catalog", cat])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("题目 → title (--map)"))
        #expect(try CLI.read("\(cat)/scenarios/shaoguan-energy.yaml").contains("title: 智能巡检"))
    }
}
