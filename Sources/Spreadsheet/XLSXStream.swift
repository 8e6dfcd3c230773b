import Foundation
import ZIPFoundation

/// Turns rows into SpreadsheetML apart from the stream, on any thread: what lets an export make
/// its rows' XML on every core and append them in order.
public struct SheetRowEncoder: Sendable {
    let columns: [SheetTable.Column]
    let letters: [[UInt8]]

    init(columns: [SheetTable.Column]) {
        self.columns = columns
        letters = (0..<max(1, columns.count)).map { Array(ColumnName.letters($0).utf8) }
    }

    /// The XML of data row `index` (0-based; the sheet's row `index + 2`).
    public func encode(_ cells: [CellValue], index: Int) -> SheetRowXML {
        XLSXStream.encode(cells, row: index + 2, columns: columns, letters: letters, header: false)
    }
}

/// One row of a sheet as SpreadsheetML.
public struct SheetRowXML: Sendable {
    /// 1-based, as the sheet numbers it (the header is row 1).
    public let number: Int
    let xml: [UInt8]
    /// The display width of each cell (0 for an empty one).
    let widths: [Int]
}

/// A workbook of one sheet written as its rows arrive. Each row's XML goes at once to an unlinked
/// temporary file, a megabyte at a time, and the column widths grow with it; at the end the parts
/// are zipped, the worksheet read back from that file as it is deflated. So a sheet of 100,000
/// rows never sits in memory, and its rows are read once.
///
/// Wrapping is decided per cell, since the rows are gone when the widths are known: a long-text
/// column always wraps, and a text cell wraps when it is wider than the widest column
/// (`XLSXWriter.maxColumnWidth`) — the cells a column narrower than its text cuts.
public final class XLSXStream {
    public let name: String
    public let columns: [SheetTable.Column]
    /// Data rows appended so far (the header not counted).
    public private(set) var rowCount = 0
    public let encoder: SheetRowEncoder
    private var natural: [Int]
    private let fd: Int32
    private var written = 0
    private var buffer: [UInt8] = []

    public init(name: String, columns: [SheetTable.Column]) throws {
        self.name = name
        self.columns = columns
        natural = columns.map { DisplayWidth.of($0.header) }
        encoder = SheetRowEncoder(columns: columns)
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("scencat-sheet-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SheetError("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        buffer.reserveCapacity(1 << 21)
        let header = XLSXStream.encode(columns.map { .text($0.header) }, row: 1, columns: columns, letters: encoder.letters, header: true)
        buffer += header.xml
    }

    deinit { close(fd) }

    public func append(_ cells: [CellValue]) throws {
        try append(encoder.encode(cells, index: rowCount))
    }

    /// Appends a row made by `encoder`; rows must come in order.
    public func append(_ row: SheetRowXML) throws {
        guard row.number == rowCount + 2 else { throw SheetError("row \(row.number) appended where row \(rowCount + 2) belongs") }
        buffer += row.xml
        for (i, w) in row.widths.enumerated() where i < natural.count && w > natural[i] { natural[i] = w }
        rowCount += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw SheetError("cannot write the temporary sheet: \(String(cString: strerror(errno)))") }
            done += n
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// The workbook's bytes.
    public func bytes(modified: Date) throws -> [UInt8] {
        let archive: Archive
        do { archive = try Archive(data: Data(), accessMode: .create) } catch { throw SheetError("cannot create a zip in memory: \(error)") }
        try fill(archive, modified: modified)
        guard let data = archive.data else { throw SheetError("the zip in memory has no data") }
        return [UInt8](data)
    }

    /// Writes the workbook to `path` through a temporary file renamed into place.
    public func write(to path: String, modified: Date) throws {
        let tmp = path + ".tmp-\(getpid())"
        unlink(tmp)
        var done = false
        defer { if !done { unlink(tmp) } }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: tmp), accessMode: .create) } catch {
            throw SheetError("\(path): cannot create: \(error)")
        }
        try fill(archive, modified: modified)
        let out = open(tmp, O_RDONLY)
        if out >= 0 { fsync(out); close(out) }
        guard rename(tmp, path) == 0 else { throw SheetError("\(path): cannot write: \(String(cString: strerror(errno)))") }
        done = true
    }

    private func fill(_ archive: Archive, modified: Date) throws {
        try flush()
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(XLSXWriter.contentTypes.utf8)),
            ("_rels/.rels", Array(XLSXWriter.rootRels.utf8)),
            ("docProps/app.xml", Array(XLSXWriter.app.utf8)),
            ("xl/workbook.xml", Array(XLSXWriter.workbook(name: name, columns: columns.count, rows: rowCount).utf8)),
            ("xl/_rels/workbook.xml.rels", Array(XLSXWriter.workbookRels.utf8)),
            ("xl/styles.xml", Array(XLSXWriter.styles.utf8)),
        ]
        for (name, bytes) in parts {
            try XLSXWriter.add(archive, name, size: bytes.count, modified: modified) { position, size in
                bytes.withUnsafeBufferPointer { Data(buffer: UnsafeBufferPointer(rebasing: $0[position..<position + size])) }
            }
        }
        // The worksheet: its head (which needs the widths and the row count), the rows from the
        // temporary file, its tail.
        let head = Array(sheetHead().utf8)
        let tail = Array(sheetTail().utf8)
        let fd = self.fd
        let rowsEnd = head.count + written
        try XLSXWriter.add(archive, "xl/worksheets/sheet1.xml", size: rowsEnd + tail.count, modified: modified) { position, count in
            var data = Data(count: count)
            try data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in
                var at = position
                var filled = 0
                while filled < count {
                    let want = count - filled
                    if at < head.count {
                        let n = min(want, head.count - at)
                        head.withUnsafeBytes { out.baseAddress!.advanced(by: filled).copyMemory(from: $0.baseAddress!.advanced(by: at), byteCount: n) }
                        at += n; filled += n
                    } else if at < rowsEnd {
                        let n = pread(fd, out.baseAddress!.advanced(by: filled), min(want, rowsEnd - at), off_t(at - head.count))
                        if n < 0 && errno == EINTR { continue }
                        guard n > 0 else { throw SheetError("cannot read the temporary sheet back: \(String(cString: strerror(errno)))") }
                        at += n; filled += n
                    } else {
                        let n = min(want, tail.count - (at - rowsEnd))
                        guard n > 0 else { break }
                        tail.withUnsafeBytes { out.baseAddress!.advanced(by: filled).copyMemory(from: $0.baseAddress!.advanced(by: at - rowsEnd), byteCount: n) }
                        at += n; filled += n
                    }
                }
            }
            return data
        }
    }

    /// Column widths in characters: the widest cell and a margin, capped (long text less).
    var widths: [Int] {
        zip(natural, columns).map { w, c in min(XLSXStream.cap(c.kind), max(6, w + 2)) }
    }

    static func cap(_ kind: SheetTable.Kind) -> Int { kind == .longText ? XLSXWriter.longTextWidth : XLSXWriter.maxColumnWidth }

    private func sheetHead() -> String {
        let last = ColumnName.letters(max(0, columns.count - 1))
        var out = XLSXWriter.header + """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheetPr filterMode="false"/>\
            <dimension ref="A1:\(last)\(rowCount + 1)"/>\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/><cols>
            """
        for (i, w) in widths.enumerated() {
            out += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
        }
        return out + "</cols><sheetData>"
    }

    private func sheetTail() -> String {
        "</sheetData><autoFilter ref=\"A1:\(ColumnName.letters(max(0, columns.count - 1)))\(rowCount + 1)\"/>"
            + "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"
    }

    static func encode(_ cells: [CellValue], row number: Int, columns: [SheetTable.Column], letters: [[UInt8]], header: Bool) -> SheetRowXML {
        var out: [UInt8] = []
        out.reserveCapacity(256 + cells.count * 48)
        var widths = [Int](repeating: 0, count: cells.count)
        let n = Array(String(number).utf8)
        out.append(contentsOf: "<row r=\"".utf8); out += n; out.append(contentsOf: "\">".utf8)
        for (i, cell) in cells.enumerated() where i < letters.count && i < columns.count {
            let style: XLSXWriter.Style
            switch cell {
            case .empty: continue
            case .text(let s):
                let w = DisplayWidth.widestLine(s)
                widths[i] = w
                style = header ? .header : (columns[i].kind == .longText || w + 2 > cap(columns[i].kind) ? .wrapped : .plain)
            case .number(let d):
                widths[i] = NumberFormat.text(d).utf8.count
                style = header ? .header : .number
            case .bool:
                widths[i] = 5
                style = header ? .header : .number
            case .date:
                widths[i] = 10
                style = header ? .header : .date
            }
            out.append(contentsOf: "<c r=\"".utf8); out += letters[i]; out += n; out.append(UInt8(ascii: "\""))
            if style != .plain { out.append(contentsOf: XLSXWriter.styleAttributes[style.rawValue]) }
            switch cell {
            case .empty: break
            case .text(let s):
                out.append(contentsOf: " t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
                XLSXWriter.appendEscaped(s, into: &out)
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
        return SheetRowXML(number: number, xml: out, widths: widths)
    }
}
