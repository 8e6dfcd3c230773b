import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CSV as spreadsheet programs on Chinese systems write and read it.
///
/// Reading: UTF-8 with or without a byte order mark, else GB18030 (a superset of GBK and GB2312,
/// which Excel and WPS write on Chinese Windows), decoded by iconv; RFC 4180 quoting; comma, or tab
/// when the first line has tabs and no comma. Writing: UTF-8 with a byte order mark, CRLF, RFC 4180,
/// and cells that a spreadsheet would take for a formula neutralised (see `neutralised`).
public enum CSV {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030" }

    /// The sheet in `bytes`, named `name`; which encoding it was in.
    public static func read(_ bytes: [UInt8], name: String = "CSV") throws -> (sheet: Sheet, encoding: Encoding) {
        let (text, encoding) = try decode(bytes)
        return (Sheet(name: name, rows: parse(text)), encoding)
    }

    /// Text of CSV bytes: UTF-8 (a BOM is dropped) when they are valid UTF-8, else GB18030.
    public static func decode(_ bytes: [UInt8]) throws -> (String, Encoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let s = String(validating: body, as: UTF8.self) { return (s, .utf8) }
        return (try gb18030(Array(body)), .gb18030)
    }

    /// GB18030 bytes to text with iconv (swift-corelibs Foundation on Linux has no GB18030 in
    /// `String.Encoding`); throws at the first byte sequence that is not GB18030 either.
    public static func gb18030(_ bytes: [UInt8]) throws -> String {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { throw SheetError("this system's iconv cannot decode GB18030") }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let consumed: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return -(inBuf.count - inLeft) - 1 }
                return outBuf.count - outLeft
            }
        }
        guard consumed >= 0 else {
            throw SheetError("the file is neither UTF-8 nor GB18030/GBK (byte \(-consumed - 1) does not decode)")
        }
        return String(decoding: output[0..<consumed], as: UTF8.self)
    }

    /// Rows of CSV text, numbered from 1 as records (a quoted line break stays inside its record).
    public static func parse(_ text: String) -> [Sheet.Row] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: UInt8 = firstLine.contains("\t") && !firstLine.contains(",") ? 0x09 : UInt8(ascii: ",")
        var rows: [Sheet.Row] = []
        var field: [UInt8] = []
        var record: [CellValue] = []
        var quoted = false
        var wasQuoted = false
        func endField() {
            let s = String(decoding: field, as: UTF8.self)
            record.append(s.isEmpty && !wasQuoted ? .empty : .text(s))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            while let last = record.last, case .empty = last { record.removeLast() }
            rows.append(Sheet.Row(number: rows.count + 1, cells: record))
            record = []
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
                } else {
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") && field.isEmpty {
                quoted = true
                wasQuoted = true
            } else if b == separator {
                endField()
            } else if b == 0x0D {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                endRecord()
            } else if b == 0x0A {
                endRecord()
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty || wasQuoted { endRecord() }
        return rows
    }

    // MARK: Writing

    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The whole file: BOM, header line, rows; CRLF after each line.
    public static func bytes(header: [String], rows: [[String]]) -> [UInt8] {
        var out = byteOrderMark
        appendLine(header, into: &out)
        for r in rows { appendLine(r, into: &out) }
        return out
    }

    public static func appendLine(_ fields: [String], into out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendField(f, into: &out)
        }
        out += [0x0D, 0x0A]
    }

    /// One field: neutralised, then quoted when it holds a comma, quote, CR or LF (quotes doubled).
    public static func appendField(_ field: String, into out: inout [UInt8]) {
        let f = neutralised(field)
        let u = f.utf8
        let needs = u.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needs else { out += u; return }
        out.append(UInt8(ascii: "\""))
        for b in u {
            out.append(b)
            if b == UInt8(ascii: "\"") { out.append(b) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// OWASP's advice against CSV injection: a cell beginning with `=`, `+`, `-`, `@`, tab or CR
    /// gets a leading `'`, which spreadsheet programs show as text rather than run as a formula.
    /// A cell that is a plain number (`-1.5`) is left as it is: no program runs it, and a `'` would
    /// turn the number into text.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first,
              first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                || first == 0x09 || first == 0x0D
        else { return field }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+"), isPlainNumber(field) { return field }
        return "'" + field
    }

    static func isPlainNumber(_ s: String) -> Bool {
        var digits = 0
        var dots = 0
        for (i, u) in s.utf8.enumerated() {
            switch u {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if i != 0 { return false }
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
