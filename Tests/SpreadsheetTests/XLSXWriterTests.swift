import Foundation
import Spreadsheet
import Testing

@Suite("Writing xlsx")
struct XLSXWriterTests {
    static let table = SheetTable(name: "场景清单", columns: [
        .init("序号", .number), .init("场景名称"), .init("场景简介", .longText), .init("更新日期", .date),
    ], rows: [
        [.number(1), .text("=HYPERLINK(\"http://x\",\"click\")"), .text("第一行\n第二行 <b> & \r"), .date(SheetDate(year: 2026, month: 5, day: 1)!)],
        [.number(2.5), .text("+1"), .empty, .empty],
    ])

    @Test func readsBackEqualAndNothingIsAFormula() throws {
        let path = SheetFixtures.temporaryPath("out.xlsx")
        try XLSXWriter.write(Self.table, to: path, modified: Date(timeIntervalSince1970: 1_790_000_000))
        let sheet = try XLSXReader(path: path).sheet()
        #expect(sheet.name == "场景清单")
        #expect(sheet.rows[0].cells.map(\.text) == ["序号", "场景名称", "场景简介", "更新日期"])
        #expect(sheet.rows[1].cells == Self.table.rows[0])
        #expect(sheet.rows[2].cells == [.number(2.5), .text("+1")])
    }

    @Test func sameTableAndTimeGiveTheSameBytes() throws {
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        let a = try XLSXWriter.bytes(Self.table, modified: t)
        let b = try XLSXWriter.bytes(Self.table, modified: t)
        #expect(a == b)
        #expect(a != (try XLSXWriter.bytes(Self.table, modified: t.addingTimeInterval(3600))))
    }

    @Test func displayWidthsOfChineseText() {
        #expect(DisplayWidth.of("场景") == 4 && DisplayWidth.of("ab") == 2 && DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.widestLine("一二\n一二三") == 6)
        #expect(XLSXWriter.sheetName("a/b[c]") == "a_b_c_")
    }
}
