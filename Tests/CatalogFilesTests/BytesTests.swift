import CatalogCore
@testable import CatalogFiles
import Foundation
import Testing

/// What the bytes of a file may and may not hold: UTF-8 only, no control characters, spaces for indentation.
@Suite struct BytesTests {
    let s = Fixture.scenarioPath

    func withBytes(_ transform: ([UInt8]) -> [UInt8]) -> CheckReport {
        breaking(s) { f in f.write(s, bytes: transform(f.read(s))) }
    }

    /// Replaces the first occurrence of `old` by `new`, bytewise.
    func replacing(_ old: String, _ new: [UInt8]) -> ([UInt8]) -> [UInt8] {
        { bytes in
            let o = Array(old.utf8)
            let i = (0...(bytes.count - o.count)).first { Array(bytes[$0..<($0 + o.count)]) == o }!
            return Array(bytes[..<i]) + new + Array(bytes[(i + o.count)...])
        }
    }

    @Test func invalidUTF8ByteIsReportedWhereItIs() {
        // title: 医学影像辅助诊断 → the byte after 医学 is 0xFF: line 3, column 7 + 3 = 10.
        let report = withBytes(replacing("影像", [0xFF] + Array("像".utf8)))
        expectDiagnostics(report, [
            "\(s):3:10: error: invalid UTF-8 byte 0xFF; catalogue files are UTF-8 (save the file as UTF-8, not GBK or Latin-1)",
        ])
    }

    @Test func gbkEncodedTextIsInvalidUTF8() {
        // 医疗 in GBK is D2 BD C1 C6; D2 BD happens to be valid UTF-8 (U+04BD), so C1 is the first bad byte.
        let report = withBytes(replacing("医疗\n- 影像", [0xD2, 0xBD, 0xC1, 0xC6] + Array("\n- 影像".utf8)))
        expectDiagnostics(report, [
            "\(s):15:4: error: invalid UTF-8 byte 0xC1; catalogue files are UTF-8 (save the file as UTF-8, not GBK or Latin-1)",
        ])
    }

    @Test func truncatedUTF8SequenceIsReportedAtItsFirstByte() {
        let report = withBytes(replacing("张三", Array("张".utf8) + [0xE4, 0xB8]))
        expectDiagnostics(report, [
            "\(s):30:11: error: invalid UTF-8 byte 0xE4; catalogue files are UTF-8 (save the file as UTF-8, not GBK or Latin-1)",
        ])
    }

    @Test func overlongEncodingIsInvalid() {
        // 0xC0 0xAF is an overlong '/'.
        let report = withBytes(replacing("张三", [0xC0, 0xAF]))
        expectDiagnostics(report, [
            "\(s):30:10: error: invalid UTF-8 byte 0xC0; catalogue files are UTF-8 (save the file as UTF-8, not GBK or Latin-1)",
        ])
    }

    @Test func byteOrderMarkIsAWarningAndTheFileStaysValid() {
        let report = withBytes { [0xEF, 0xBB, 0xBF] + $0 }
        expectDiagnostics(report, [
            "\(s):1:1: warning: file starts with a UTF-8 byte order mark (scencat fmt removes it)",
        ])
        #expect(report.counts[.scenario] == 1)
    }

    @Test func byteOrderMarkInsideTheFileIsAnError() {
        let report = withBytes(replacing("张三", Array("张\u{FEFF}三".utf8)))
        expectDiagnostics(report, ["\(s):30:11: error: byte order mark U+FEFF inside the file is not allowed"])
    }

    @Test func belControlCharacter() {
        let report = withBytes(replacing("张三", Array("张".utf8) + [0x07] + Array("三".utf8)))
        expectDiagnostics(report, ["\(s):30:11: error: control character U+0007 is not allowed"])
    }

    @Test func nextLineControlCharacter() {
        let report = withBytes(replacing("张三", Array("张".utf8) + [0xC2, 0x85] + Array("三".utf8)))
        expectDiagnostics(report, ["\(s):30:11: error: control character U+0085 is not allowed"])
    }

    @Test func nulByte() {
        let report = withBytes(replacing("张三", [0x00]))
        expectDiagnostics(report, ["\(s):30:10: error: control character U+0000 is not allowed"])
    }

    @Test func lineSeparatorIsAControlCharacter() {
        let report = withBytes(replacing("张三", Array("张\u{2028}三".utf8)))
        expectDiagnostics(report, ["\(s):30:11: error: control character U+2028 is not allowed"])
    }

    @Test func nonCharacterIsRefusedWithAPosition() {
        let report = withBytes(replacing("张三", Array("张\u{FFFF}".utf8)))
        expectDiagnostics(report, ["\(s):30:11: error: non-character U+FFFF is not allowed"])
    }

    @Test func escapedControlCharacterInQuotedTextIsRefused() {
        expectBreaking(s, "contact: 张三", "contact: \"张\\a三\"", [
            "\(s):30:10: error: 'contact' contains control character U+0007",
        ])
        expectBreaking(s, "contact: 张三", "contact: \"张\\N三\"", [
            "\(s):30:10: error: 'contact' contains control character U+0085",
        ])
    }

    @Test func tabInIndentation() {
        expectBreaking(s, "  role: deployed", "\trole: deployed", [
            "\(s):19:1: error: tab character in indentation; YAML indents with spaces",
        ])
    }

    @Test func tabAfterSpacesInIndentation() {
        expectBreaking(s, "  role: deployed", "  \trole: deployed", [
            "\(s):19:3: error: tab character in indentation; YAML indents with spaces",
        ])
    }

    @Test func tabInsideAValueIsText() {
        let report = breaking(s) { $0.replace(s, "contact: 张三", with: "contact: 张\t三") }
        expectDiagnostics(report, [])
    }

    @Test func crlfLineEndingsReadFine() {
        let report = withBytes { bytes in bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] } }
        expectDiagnostics(report, [])
    }

    @Test func loneCarriageReturn() {
        let report = withBytes(replacing("张三\n", Array("张三\r".utf8)))
        expectDiagnostics(report, ["\(s):30:12: error: carriage return without line feed; use LF line endings"])
    }

    @Test func tenMegabyteFileIsRefused() throws {
        let f = Fixture()
        let big = f.path("scenarios/huge.yaml")
        // A sparse 10 MiB file: the check names its size.
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 10 << 20)
        try handle.close()
        expectDiagnostics(f.check(), ["scenarios/huge.yaml:1:1: error: file is 10.0 MiB; catalogue files are limited to 1 MiB"])
    }

    /// Without reading it: the size the directory scan found decides before the file is opened.
    /// The file on disk here is small and valid, so any read of it would be seen — as a file that
    /// reads fine, or (a read with a limit) as a different message.
    @Test func aFileTheScanFoundTooLargeIsRefusedWithoutOpeningIt() throws {
        let f = Fixture()
        let reader = CatalogReader(root: f.root)
        let size = Int64(10 << 20)
        let message = "\(s):1:1: error: file is 10.0 MiB; catalogue files are limited to 1 MiB"
        #expect(reader.parse(s, size: size).diagnostics.map { $0.formatted() } == [message])
        #expect(reader.readEntity(s, size: size).diagnostics.map { $0.formatted() } == [message])
        let (decoded, hash) = reader.readEntityAndHash(EntityFile(path: s, kind: .scenario, size: size, mtimeNs: 0))
        #expect(decoded.entity == nil && hash == nil)
        #expect(decoded.diagnostics.map { $0.formatted() } == [message])
        // The same file with its real size reads fine: the refusal above came from the size alone.
        #expect(reader.readEntity(s, size: Int64(f.read(s).count)).diagnostics.isEmpty)
    }

    @Test func readerRefusesOversizedBytesBeforeParsing() {
        let bytes = [UInt8](repeating: 0x61, count: YAMLReader.maxFileSize + 1)
        let result = YAMLReader.read(bytes, file: "scenarios/a.yaml")
        #expect(result.root == nil)
        #expect(result.diagnostics.map { $0.formatted() } == [
            "scenarios/a.yaml:1:1: error: file is 1.1 MiB; catalogue files are limited to 1 MiB",
        ])
    }

    @Test func sizeTextRoundsUpToATenth() {
        #expect(YAMLReader.sizeText(10 << 20) == "10.0 MiB")
        #expect(YAMLReader.sizeText((1 << 20) + (1 << 19)) == "1.5 MiB")
        #expect(YAMLReader.sizeText((1 << 20) + 1) == "1.1 MiB")
        #expect(YAMLReader.sizeText(999) == "999 bytes")
    }
}
