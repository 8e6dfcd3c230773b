import Foundation
import ZIPFoundation

/// One sheet to write: a bold, frozen header row with an autofilter over it, then the rows.
public struct SheetTable: Sendable {
    public enum Kind: Sendable {
        /// Short text; the column is as wide as its widest cell.
        case text
        /// Long text: the column is capped in width and its cells wrap.
        case longText
        case number
        case date
    }

    public struct Column: Sendable {
        public var header: String
        public var kind: Kind
        public init(_ header: String, _ kind: Kind = .text) {
            self.header = header
            self.kind = kind
        }
    }

    public var name: String
    public var columns: [Column]
    public var rows: [[CellValue]]

    public init(name: String, columns: [Column], rows: [[CellValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// Writes an .xlsx workbook of one sheet (SpreadsheetML by hand; the zip by ZIPFoundation).
///
/// Every text cell is an inline string (`t="inlineStr"`), so text that begins with `=` stays text:
/// the writer never writes a formula. Numbers are numeric cells, dates serial numbers with a date
/// format. The output depends only on the table and `modified` (every entry's zip time stamp),
/// with the entries in a fixed order, so the same table gives the same bytes.
public enum XLSXWriter {
    /// Widest a column gets, in characters (a Chinese character counts 2); longer text wraps.
    public static let maxColumnWidth = 60
    static let longTextWidth = 50

    /// The workbook's bytes.
    public static func bytes(_ table: SheetTable, modified: Date) throws -> [UInt8] {
        try stream(table).bytes(modified: modified)
    }

    /// Writes the workbook to `path` through a temporary file renamed into place.
    public static func write(_ table: SheetTable, to path: String, modified: Date) throws {
        try stream(table).write(to: path, modified: modified)
    }

    static func stream(_ table: SheetTable) throws -> XLSXStream {
        let s = try XLSXStream(name: table.name, columns: table.columns)
        for row in table.rows { try s.append(row) }
        return s
    }

    static func add(_ archive: Archive, _ name: String, size: Int, modified: Date, _ chunk: @escaping (Int, Int) throws -> Data) throws {
        do {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(size), modificationDate: modified,
                                 compressionMethod: .deflate, bufferSize: 1 << 16) { position, count in
                try chunk(Int(position), count)
            }
        } catch let e as SheetError {
            throw e
        } catch {
            throw SheetError("cannot add \(name) to the workbook: \(error)")
        }
    }

    // MARK: Parts

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let rootRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static let app = header + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>scencat</Application></Properties>
        """

    static let workbookRels = header + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Cell styles (`s=`): 0 default, 1 header (bold, wrapped), 2 wrapped text, 3 date, 4 number.
    enum Style: Int { case plain = 0, header, wrapped, date, number }

    static let styles = header + """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    static func workbook(name sheet: String, columns: Int, rows: Int) -> String {
        let name = escapedAttribute(sheetName(sheet))
        let last = ColumnName.letters(max(0, columns - 1))
        return header + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <bookViews><workbookView/></bookViews>\
            <sheets><sheet name="\(name)" sheetId="1" r:id="rId1"/></sheets>\
            <definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'\(name.replacingOccurrences(of: "'", with: "''"))'!$A$1:$\(last)$\(rows + 1)</definedName></definedNames>\
            </workbook>
            """
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
    public static func sheetName(_ s: String) -> String {
        let cleaned = String(s.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    static let styleAttributes = (0..<5).map { Array(" s=\"\($0)\"".utf8) }

    /// XML text: `& < >` escaped, CR kept as a character reference (a parser would turn a raw one
    /// into LF), and the control characters XML 1.0 cannot carry dropped.
    static func appendEscaped(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            // Most text needs no escape: copied whole.
            if !mayNeedEscape(bytes) {
                out.append(contentsOf: bytes)
                return
            }
            for b in bytes {
                switch b {
                case UInt8(ascii: "&"): out += [38, 97, 109, 112, 59]               // &amp;
                case UInt8(ascii: "<"): out += [38, 108, 116, 59]                   // &lt;
                case UInt8(ascii: ">"): out += [38, 103, 116, 59]                   // &gt;
                case 0x0D: out += [38, 35, 49, 51, 59]                              // &#13;
                case 0x09, 0x0A: out.append(b)
                case 0..<0x20: continue
                default: out.append(b)
                }
            }
        }
    }

    /// False when `bytes` certainly hold no byte below 0x20 and no `&`, `<` or `>`: eight bytes
    /// at a time (the word tests never miss such a byte; a rare false alarm only sends the text
    /// through the byte-by-byte escape, which copies what needs no escape).
    static func mayNeedEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (w &- ones &* 0x20) & ~w & highs != 0 || hasZeroByte(w ^ (ones &* 0x26))
                    || hasZeroByte(w ^ (ones &* 0x3C)) || hasZeroByte(w ^ (ones &* 0x3E)) { return true }
                i += 8
            }
        }
        while i < n {
            let b = bytes[i]
            if b < 0x20 || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") { return true }
            i += 1
        }
        return false
    }

    static func escapedAttribute(_ s: String) -> String {
        var out: [UInt8] = []
        appendEscaped(s, into: &out)
        return String(decoding: out, as: UTF8.self).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Display width of text in a sheet's column: East Asian wide and fullwidth characters count 2.
public enum DisplayWidth {
    public static func of(_ s: Substring) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += isWide(u.value) ? 2 : (u.value < 0x20 ? 0 : 1) }
        return w
    }

    public static func of(_ s: String) -> Int { of(s[...]) }

    /// The widest line of a cell that may hold line breaks (one pass over the scalars).
    public static func widestLine(_ s: String) -> Int {
        var widest = 0
        var w = 0
        for u in s.unicodeScalars {
            if u.value == 0x0A {
                widest = max(widest, w)
                w = 0
            } else {
                w += isWide(u.value) ? 2 : (u.value < 0x20 ? 0 : 1)
            }
        }
        return max(widest, w)
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
