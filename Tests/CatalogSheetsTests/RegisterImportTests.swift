import CatalogCore
import CatalogSheets
import Foundation
import Spreadsheet
import Testing

/// Reading official filing lists: the header below title rows and merged cells, the synonyms of
/// the national and provincial wordings, registered apps, dates, problems at their cells (docs/0018).
@Suite("Register import")
struct RegisterImportTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/registers/\(name)").path
    }

    static func sheet(_ rows: [[CellValue]], name: String = "已备案") -> Sheet {
        Sheet(name: name, rows: rows.enumerated().map { Sheet.Row(number: $0.offset + 1, cells: $0.element) })
    }

    @Test func theProvincialListsMergedHeaderIsFoundBelowItsTitleRows() throws {
        let read = try RegisterImport.read(Self.fixture("guangdong-2026-02-28.xlsx"))
        #expect(read.sheets.map(\.header) == [4] && read.problems.isEmpty)
        #expect(read.rows.count == 23)
        let row = try #require(read.rows.first { $0.filingNo == "Guangdong-SAMPLE-2024-0080" })
        #expect(row == RegisterRow(filingNo: "Guangdong-SAMPLE-2024-0080", name: "南海金融大模型", organisation: "南海数智金融服务有限公司",
                                   place: "深圳市", date: "2024-12-16", kind: .filed))
    }

    @Test func theNationalListsTwoSheetsGiveFiledAndRegisteredRows() throws {
        let read = try RegisterImport.read(Self.fixture("national-2026-01-31.xlsx"))
        #expect(read.sheets.map(\.name) == ["已备案", "已登记"])
        #expect(read.rows.filter { $0.kind == .registered }.count == 10 && read.rows.filter { $0.kind == .filed }.count == 4)
        #expect(read.rows.first { $0.filingNo == "Guangdong-SAMPLE-REG-2025-0003" }?.date == "2025-01-23")
        // One sheet by name.
        #expect(try RegisterImport.read(Self.fixture("national-2026-01-31.xlsx"), sheet: "已备案").rows.count == 4)
    }

    @Test func rowsMissingAFieldAreProblemsAtTheirCellAndNotesAreSkipped() {
        let s = Self.sheet([
            [.text("生成式人工智能服务已备案信息")],
            [.text("序号"), .text("属地"), .text("模型名称"), .text("备案单位"), .text("备案编号"), .text("备案时间")],
            [.number(1), .text("广东省"), .text("甲"), .text("甲公司"), .text("GD-1"), .date(SheetDate(year: 2024, month: 4, day: 16)!)],
            [.number(2), .text("广东省"), .text("乙"), .empty, .text("GD-2"), .text("2024年4月16日")],
            [.text("注：以上信息截至2026年1月")],
            [.number(3), .text("广东省"), .text("丙"), .text("丙公司"), .text("GD-3"), .number(45398)],
        ])
        let header = try! #require(RegisterImport.header(s))
        #expect(header.row == 2 && !header.registered)
        let (rows, problems) = RegisterImport.rows(s, header: header, file: "list.xlsx")
        #expect(rows.map(\.filingNo) == ["GD-1", "GD-3"])
        #expect(rows.map(\.date) == ["2024-04-16", "2024-04-16"])
        #expect(problems.map { $0.formatted() } == ["list.xlsx:4:4: error: D (备案单位): empty; a register row needs the filing number, the name and the organisation"])
    }

    @Test func aLaunchNumberColumnMarksRegisteredAppsAndASheetWithoutTheColumnsHasNoHeader() {
        let registered = Self.sheet([[.text("序号"), .text("应用名称"), .text("企业名称"), .text("上线编号")]], name: "清单")
        #expect(RegisterImport.header(registered)?.registered == true)
        let scenarios = Self.sheet([[.text("序号"), .text("场景名称"), .text("需求单位"), .text("所属地市")]], name: "申报表")
        #expect(RegisterImport.header(scenarios) == nil)
    }
}
