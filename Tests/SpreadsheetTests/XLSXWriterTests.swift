import Foundation
@testable import Spreadsheet
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

    @Test("a streamed sheet of many rows (past every buffer and chunk boundary) reads back equal, row by row")
    func streamedRowsReadBackEqual() throws {
        let columns: [SheetTable.Column] = [.init("序号", .number), .init("场景名称"), .init("场景简介", .longText), .init("更新日期", .date)]
        let stream = try XLSXStream(name: "场景清单", columns: columns)
        var rows: [[CellValue]] = []
        for i in 0..<20_000 {
            let title = i % 7 == 0 ? "=SUM(A\(i))" : "场景\(i) <&> " + String(repeating: "长", count: i % 40)
            rows.append([.number(Double(i) + 0.5), .text(title), i % 3 == 0 ? .empty : .text("简介\n第二行 \(i)"),
                         .date(SheetDate(year: 2026, month: 1 + i % 12, day: 1 + i % 28)!)])
        }
        // Half made apart (as an export makes them on every core), half appended as cells.
        let encoder = stream.encoder
        for (i, row) in rows.prefix(10_000).enumerated() { try stream.append(encoder.encode(row, index: i)) }
        for row in rows.dropFirst(10_000) { try stream.append(row) }
        #expect(throws: SheetError.self) { try stream.append(encoder.encode(rows[0], index: 0)) }
        let path = SheetFixtures.temporaryPath("stream.xlsx")
        try stream.write(to: path, modified: Date(timeIntervalSince1970: 1_790_000_000))
        let sheet = try XLSXReader(path: path).sheet()
        #expect(sheet.rows.count == 20_001)
        #expect(sheet.rows[0].cells.map(\.text) == ["序号", "场景名称", "场景简介", "更新日期"])
        for (i, row) in rows.enumerated() where sheet.rows[i + 1].cells != Array(row.reversed().drop(while: \.isEmpty).reversed()) {
            Issue.record("row \(i + 2) differs: \(sheet.rows[i + 1].cells)")
            break
        }
        #expect(try XLSXWriter.bytes(SheetTable(name: "场景清单", columns: columns, rows: rows), modified: Date(timeIntervalSince1970: 1_790_000_000))
                == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("wrapping is decided per cell: long text always, other text only when wider than a column can be")
    func wrapPerCell() throws {
        let wide = String(repeating: "宽", count: 40)
        let table = SheetTable(name: "s", columns: [.init("a"), .init("b", .longText)], rows: [[.text("短"), .text("短")], [.text(wide), .empty]])
        let path = SheetFixtures.temporaryPath("wrap.xlsx")
        try XLSXWriter.write(table, to: path, modified: Date(timeIntervalSince1970: 1_790_000_000))
        let reader = try XLSXReader(path: path)
        let xml = String(decoding: try XLSXReader.part(reader.archive, "xl/worksheets/sheet1.xml", file: path), as: UTF8.self)
        #expect(xml.contains("<c r=\"A2\" t=\"inlineStr\">"))
        #expect(xml.contains("<c r=\"B2\" s=\"2\" t=\"inlineStr\">"))
        #expect(xml.contains("<c r=\"A3\" s=\"2\" t=\"inlineStr\">"))
        #expect(xml.contains("<col min=\"1\" max=\"1\" width=\"60\" customWidth=\"1\"/>"))
    }
}

/// The word-at-a-time test of text that needs no XML escape (docs/0031) never misses a byte that does.
@Suite struct EscapeShortcutTests {
    @Test func everyByteThatNeedsAnEscapeIsSeenAtEveryPlace() {
        for b in UInt8(0)...255 {
            let needs = b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E
            for place in 0..<19 {
                var bytes = Array("智能质检abcdefg".utf8)
                bytes.insert(b, at: place % (bytes.count + 1))
                let flagged = bytes.withUnsafeBufferPointer { XLSXWriter.mayNeedEscape($0) }
                if needs { #expect(flagged, "byte \(b) at \(place)") }
            }
        }
        let clean = Array("场景名称：港口“集装箱”调度——试点 (2026)".utf8)
        #expect(!clean.withUnsafeBufferPointer { XLSXWriter.mayNeedEscape($0) })
        var out: [UInt8] = []
        XLSXWriter.appendEscaped("a<b&c>\u{1}d\re\tf\n", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a&lt;b&amp;c&gt;d&#13;e\tf\n")
    }
}
