import Foundation
import Spreadsheet
import Testing

@Suite("Reading xlsx made by openpyxl and LibreOffice")
struct XLSXReaderTests {
    @Test func sheetsByNameNumberAndTheFirstVisible() throws {
        let reader = try XLSXReader(path: SheetFixtures.path("submission-openpyxl.xlsx"))
        #expect(reader.sheets.map(\.name) == ["填写说明", "申报表", "第二批"])
        #expect(reader.sheets.map(\.hidden) == [true, false, false])
        #expect(try reader.sheet().name == "申报表")
        #expect(try reader.sheet("第二批").rows[1].cells == [.text("智慧农业病虫害识别"), .text("湛江"), .text("农业")])
        let hidden = try reader.sheet("1")
        #expect(hidden.hidden && hidden.rows[0][0].text.hasPrefix("请在"))
        #expect(throws: SheetError.self) { try reader.sheet("第三批") }
    }

    @Test func titleRowMergedHeaderRichTextNumbersAsTextAndDates() throws {
        let sheet = try XLSXReader(path: SheetFixtures.path("submission-openpyxl.xlsx")).sheet("申报表")
        func row(_ n: Int) -> Sheet.Row { sheet.rows.first { $0.number == n } ?? Sheet.Row(number: n, cells: []) }
        // The merged title fills its whole range; the two-row header's merged cells fill down and across.
        #expect(row(1)[0] == .text("2026年第一批人工智能应用场景申报表") && row(1)[8] == row(1)[0])
        #expect(row(4).cells.prefix(4) == [.text("序号"), .text("场景名称"), .text("单位名称"), .text("联系人")])
        #expect(row(3)[3] == .text("需求方"))
        #expect(row(5)[0] == .number(1))
        #expect(row(6)[0] == .text("2"))                      // a number stored as text stays text
        #expect(row(6)[1] == .text("智慧港口调度"))            // rich-text runs joined
        #expect(row(8)[7] == .date(SheetDate(year: 2026, month: 8, day: 15)!))
        #expect(row(12)[1] == .text("=HYPERLINK(\"http://example.org\",\"click\")"))
        #expect(row(7).isEmpty)
    }

    @Test func libreOfficeSharedStringsAndRecognisedDates() throws {
        let sheet = try XLSXReader(path: SheetFixtures.path("submission-libreoffice.xlsx")).sheet()
        #expect(sheet.rows[0].cells.map(\.text) == ["场景名称", "城市", "领域", "需求单位", "填报日期"])
        #expect(sheet.rows[1][0] == .text("智慧电网巡检"))
        #expect(sheet.rows[1][4] == .date(SheetDate(year: 2026, month: 3, day: 15)!))
    }

    @Test func notAWorkbook() throws {
        let path = SheetFixtures.temporaryPath("fake.xlsx")
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SheetError.self) { try XLSXReader(path: path) }
    }

    @Test func serialNumbersAndDates() {
        let d = SheetDate(year: 2026, month: 8, day: 15)!
        #expect(d.serial == 46249)
        #expect(SheetDate(serial: 46249) == d)
        #expect(SheetDate(serial: 46249.75) == d)
        #expect(SheetDate(serial: 46249 - 1462, date1904: true) == d)
        #expect(SheetDate(serial: 61)?.description == "1900-03-01")
        #expect(SheetDate(text: "2026年8月15日") == d && SheetDate(text: "2026/08/15") == d)
        #expect(SheetDate(text: "2026-02-30") == nil)
        // Ten-character `YYYY-MM-DD` is read by byte (docs/0031); the same answers as the general path.
        #expect(SheetDate(text: "2026-08-15") == d)
        #expect(SheetDate(text: "2024-02-29") == SheetDate(year: 2024, month: 2, day: 29))
        #expect(SheetDate(text: "2026-13-01") == nil && SheetDate(text: "1899-12-31") == nil && SheetDate(text: "2026-00-10") == nil)
        #expect(SheetDate(text: "2026.08.15") == d && SheetDate(text: " 2026-8-15") == d && SheetDate(text: "2026-8-15 ") == d)
        #expect(SheetDate(text: "2026-08-1x") == nil && SheetDate(text: "20260815xx") == nil && SheetDate(text: "2026-0815-") == nil)
    }

    @Test func columnNames() {
        #expect(ColumnName.letters(0) == "A" && ColumnName.letters(25) == "Z" && ColumnName.letters(26) == "AA" && ColumnName.letters(701) == "ZZ")
        #expect(ColumnName.parse("AB12")! == (27, 12))
        #expect(ColumnName.parse("1A") == nil)
    }
}
