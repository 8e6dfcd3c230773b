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
        let archive: Archive
        do { archive = try Archive(data: Data(), accessMode: .create) } catch { throw SheetError("cannot create a zip in memory: \(error)") }
        try fill(archive, table, modified: modified)
        guard let data = archive.data else { throw SheetError("the zip in memory has no data") }
        return [UInt8](data)
    }

    /// Writes the workbook to `path` through a temporary file renamed into place.
    public static func write(_ table: SheetTable, to path: String, modified: Date) throws {
        let tmp = path + ".tmp-\(getpid())"
        unlink(tmp)
        var done = false
        defer { if !done { unlink(tmp) } }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: tmp), accessMode: .create) } catch {
            throw SheetError("\(path): cannot create: \(error)")
        }
        try fill(archive, table, modified: modified)
        let fd = open(tmp, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(tmp, path) == 0 else { throw SheetError("\(path): cannot write: \(String(cString: strerror(errno)))") }
        done = true
    }

    static func fill(_ archive: Archive, _ table: SheetTable, modified: Date) throws {
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rootRels.utf8)),
            ("docProps/app.xml", Array(app.utf8)),
            ("xl/workbook.xml", Array(workbook(table).utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
        ]
        for (name, bytes) in parts {
            try add(archive, name, size: bytes.count, modified: modified) { position, size in
                bytes.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[position..<position + size])) }
            }
        }
        // The worksheet goes through a temporary file (unlinked at once), read back as it is deflated.
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("scencat-sheet-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SheetError("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { close(fd) }
        var size = 0
        try sheet(table) { buffer in
            var written = 0
            while written < buffer.count {
                let n = buffer.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
                guard n > 0 else { throw SheetError("cannot write the temporary sheet: \(String(cString: strerror(errno)))") }
                written += n
            }
            size += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        try add(archive, "xl/worksheets/sheet1.xml", size: size, modified: modified) { position, count in
            var data = Data(count: count)
            let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(position)) }
            if n < count { data.count = max(0, n) }
            return data
        }
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

    static func workbook(_ t: SheetTable) -> String {
        let name = escapedAttribute(sheetName(t.name))
        let last = ColumnName.letters(max(0, t.columns.count - 1))
        return header + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <bookViews><workbookView/></bookViews>\
            <sheets><sheet name="\(name)" sheetId="1" r:id="rId1"/></sheets>\
            <definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'\(name.replacingOccurrences(of: "'", with: "''"))'!$A$1:$\(last)$\(t.rows.count + 1)</definedName></definedNames>\
            </workbook>
            """
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
    public static func sheetName(_ s: String) -> String {
        let cleaned = String(s.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    /// The display width of each column's widest cell (header included).
    static func naturalWidths(_ t: SheetTable) -> [Int] {
        var widths = t.columns.map { DisplayWidth.of($0.header) }
        for row in t.rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                let w: Int
                switch cell {
                case .text(let s): w = DisplayWidth.widestLine(s)
                case .date: w = 10
                case .number(let d): w = NumberFormat.text(d).utf8.count
                case .bool: w = 5
                case .empty: w = 0
                }
                if w > widths[i] { widths[i] = w }
            }
        }
        return widths
    }

    /// Column widths in characters: the widest cell and a margin, capped (long text less).
    static func widths(natural: [Int], _ t: SheetTable) -> [Int] {
        zip(natural, t.columns).map { w, c in min(c.kind == .longText ? longTextWidth : maxColumnWidth, max(6, w + 2)) }
    }

    static let styleAttributes = (0..<5).map { Array(" s=\"\($0)\"".utf8) }

    /// The worksheet part, handed to `flush` a megabyte at a time (the buffer is emptied after
    /// each call), so that a sheet of 100,000 rows never sits in memory whole.
    static func sheet(_ t: SheetTable, flush: (inout [UInt8]) throws -> Void) rethrows {
        let natural = naturalWidths(t)
        let widths = widths(natural: natural, t)
        let letters = (0..<max(1, t.columns.count)).map { Array(ColumnName.letters($0).utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 21)
        out.append(contentsOf: header.utf8)
        out.append(contentsOf: """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheetPr filterMode="false"/>\
            <dimension ref="A1:\(ColumnName.letters(max(0, t.columns.count - 1)))\(t.rows.count + 1)"/>\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/><cols>
            """.utf8)
        for (i, w) in widths.enumerated() {
            out.append(contentsOf: "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>".utf8)
        }
        out.append(contentsOf: "</cols><sheetData>".utf8)
        // Text wraps where the column had to be narrower than its widest cell.
        let wraps = t.columns.indices.map { t.columns[$0].kind == .longText || natural[$0] + 2 > widths[$0] }
        func row(_ number: Int, _ cells: [CellValue], header: Bool) {
            let n = Array(String(number).utf8)
            out.append(contentsOf: "<row r=\"".utf8); out += n; out.append(contentsOf: "\">".utf8)
            for (i, cell) in cells.enumerated() where i < letters.count {
                let style: Style
                switch cell {
                case .empty: continue
                case .text: style = header ? .header : (wraps[i] ? .wrapped : .plain)
                case .number, .bool: style = header ? .header : .number
                case .date: style = header ? .header : .date
                }
                out.append(contentsOf: "<c r=\"".utf8); out += letters[i]; out += n; out.append(UInt8(ascii: "\""))
                if style != .plain { out.append(contentsOf: styleAttributes[style.rawValue]) }
                switch cell {
                case .empty: break
                case .text(let s):
                    out.append(contentsOf: " t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
                    appendEscaped(s, into: &out)
                    out.append(contentsOf: "</t></is></c>".utf8)
                case .number(let d):
                    out.append(contentsOf: "><v>".utf8); out.append(contentsOf: NumberFormat.text(d.isFinite ? d : 0).utf8); out.append(contentsOf: "</v></c>".utf8)
                case .date(let d):
                    out.append(contentsOf: "><v>\(d.serial)</v></c>".utf8)
                case .bool(let b):
                    out.append(contentsOf: " t=\"b\"><v>\(b ? 1 : 0)</v></c>".utf8)
                }
            }
            out.append(contentsOf: "</row>".utf8)
        }
        row(1, t.columns.map { .text($0.header) }, header: true)
        for (i, cells) in t.rows.enumerated() {
            row(i + 2, cells, header: false)
            if out.count >= 1 << 20 { try flush(&out) }
        }
        out.append(contentsOf: "</sheetData>".utf8)
        out.append(contentsOf: "<autoFilter ref=\"A1:\(ColumnName.letters(max(0, t.columns.count - 1)))\(t.rows.count + 1)\"/>".utf8)
        out.append(contentsOf: "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>".utf8)
        out.append(contentsOf: "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>".utf8)
        out.append(contentsOf: "</worksheet>".utf8)
        try flush(&out)
    }

    /// The worksheet part whole (small sheets, tests).
    static func sheet(_ t: SheetTable) -> [UInt8] {
        var all: [UInt8] = []
        sheet(t) { all += $0; $0.removeAll(keepingCapacity: true) }
        return all
    }

    /// XML text: `& < >` escaped, CR kept as a character reference (a parser would turn a raw one
    /// into LF), and the control characters XML 1.0 cannot carry dropped.
    static func appendEscaped(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
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

    /// The widest line of a cell that may hold line breaks.
    public static func widestLine(_ s: String) -> Int {
        guard s.contains("\n") else { return of(s) }
        return s.split(separator: "\n").map { of($0) }.max() ?? 0
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
