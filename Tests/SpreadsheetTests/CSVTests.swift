import Foundation
import Spreadsheet
import Testing

@Suite("CSV in and out")
struct CSVTests {
    @Test func gbkAndUTF8WithBOMReadTheSame() throws {
        let gbk = try CSV.read(SheetFixtures.bytes("submission-gbk.csv"))
        let bom = try CSV.read(SheetFixtures.bytes("submission-bom.csv"))
        #expect(gbk.encoding == .gb18030 && bom.encoding == .utf8)
        #expect(gbk.sheet.rows == bom.sheet.rows)
        #expect(gbk.sheet.rows[0][0] == .text("2026年第一批人工智能应用场景申报表"))
        #expect(gbk.sheet.rows[4][5] == .text("含,逗号与\"引号\""))
        #expect(gbk.sheet.rows[5].isEmpty)
    }

    @Test func utf8WithoutBOMAndQuotedLineBreaks() throws {
        let (sheet, enc) = try CSV.read(Array("a,\"b\r\nc\",d\ne,,\n".utf8))
        #expect(enc == .utf8)
        #expect(sheet.rows.map(\.cells) == [[.text("a"), .text("b\r\nc"), .text("d")], [.text("e")]])
        #expect(sheet.rows.map(\.number) == [1, 2])
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030() {
        #expect(throws: SheetError.self) { try CSV.read([0x61, 0x81, 0x20, 0x0A]) }
    }

    @Test func writesBOMCRLFAndNeutralisesFormulas() {
        let bytes = CSV.bytes(header: ["t"], rows: [["=1+1"], ["+SUM(A1)"], ["-2+3"], ["@cmd"], ["\tx"], ["-1.5"], ["a,\"b\""], ["普通"]])
        #expect(Array(bytes.prefix(3)) == CSV.byteOrderMark)
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "t\r\n'=1+1\r\n'+SUM(A1)\r\n'-2+3\r\n'@cmd\r\n'\tx\r\n-1.5\r\n\"a,\"\"b\"\"\"\r\n普通\r\n")
        #expect(CSV.neutralised("\rx") == "'\rx")
    }
}
