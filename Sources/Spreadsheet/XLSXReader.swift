import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the sheets of an .xlsx workbook as Excel, WPS, LibreOffice and openpyxl write them:
/// shared strings (rich-text runs joined, phonetic runs left out), inline strings, numbers, booleans,
/// formulas' cached values, dates (cells whose number format is a date, in the 1900 or 1904 system),
/// merged cells (the top-left value fills the whole range), hidden sheets (read, and marked hidden).
public struct XLSXReader {
    public struct SheetInfo: Sendable, Hashable {
        public var name: String
        public var hidden: Bool
        /// The part inside the zip: `xl/worksheets/sheet1.xml`.
        var part: String
    }

    /// The workbook's sheets, in the order its tabs show.
    public let sheets: [SheetInfo]
    let archive: Archive
    let sharedStrings: [String]
    /// Per cell style (`s=`): whether its number format shows a date.
    let dateStyles: [Bool]
    let date1904: Bool
    let file: String

    /// Largest part read (uncompressed): a defence against zip bombs.
    public static let maxPartSize = 512 << 20

    public init(path: String) throws {
        file = path
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SheetError("\(path): not an xlsx workbook (it does not open as a zip): \(error)")
        }
        let wb = try XLSXReader.part(archive, "xl/workbook.xml", file: path)
        let book = WorkbookParser.parse(wb)
        let rels = try XLSXReader.part(archive, "xl/_rels/workbook.xml.rels", file: path)
        let targets = RelationshipParser.parse(rels)
        sheets = book.sheets.compactMap { s in
            guard let target = targets[s.rid] else { return nil }
            let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            return SheetInfo(name: s.name, hidden: s.hidden, part: XLSXReader.normalise(part))
        }
        date1904 = book.date1904
        sharedStrings = (try? XLSXReader.part(archive, "xl/sharedStrings.xml", file: path)).map(SharedStringsParser.parse) ?? []
        dateStyles = (try? XLSXReader.part(archive, "xl/styles.xml", file: path)).map(StylesParser.parse) ?? []
        if sheets.isEmpty { throw SheetError("\(path): the workbook has no sheets") }
    }

    /// The sheet named `name`, or the `n`th (1-based) when `name` is a number no sheet is called;
    /// nil: the first visible sheet.
    public func sheet(_ selector: String? = nil) throws -> Sheet {
        let info: SheetInfo
        if let selector {
            if let s = sheets.first(where: { $0.name == selector }) {
                info = s
            } else if let n = Int(selector), n >= 1, n <= sheets.count {
                info = sheets[n - 1]
            } else {
                throw SheetError("\(file): no sheet '\(selector)'; the workbook has \(sheets.map { "'\($0.name)'" }.joined(separator: ", "))")
            }
        } else {
            info = sheets.first { !$0.hidden } ?? sheets[0]
        }
        let bytes = try XLSXReader.part(archive, info.part, file: file)
        let parsed = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        parsed.run(bytes)
        if let error = parsed.error { throw SheetError("\(file): sheet '\(info.name)': \(error)") }
        return Sheet(name: info.name, hidden: info.hidden, rows: parsed.finishedRows())
    }

    static func part(_ archive: Archive, _ name: String, file: String) throws -> Data {
        guard let entry = archive[name] else { throw SheetError("\(file): not an xlsx workbook (no \(name))") }
        guard entry.uncompressedSize <= UInt64(maxPartSize) else { throw SheetError("\(file): \(name) is too large to read") }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data.append($0) }
        } catch {
            throw SheetError("\(file): \(name) cannot be read: \(error)")
        }
        return data
    }

    /// `xl/worksheets/../x.xml` → `xl/x.xml`.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for p in path.split(separator: "/") {
            if p == ".." { if !parts.isEmpty { parts.removeLast() } } else if p != "." { parts.append(p) }
        }
        return parts.joined(separator: "/")
    }
}

// MARK: Parsers of the parts

/// Runs an XMLParser over bytes, handing elements to overridable methods (local names, no namespaces).
class PartParser: NSObject, XMLParserDelegate {
    var error: String?

    func run(_ data: Data) {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        if !parser.parse(), error == nil {
            error = "malformed XML at line \(parser.lineNumber): \(parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error")"
        }
    }

    static func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    func start(_ name: Substring, _ attributes: [String: String]) {}
    func end(_ name: Substring) {}
    func text(_ s: String) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        start(PartParser.local(elementName), attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(PartParser.local(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
}

final class WorkbookParser: PartParser {
    var sheets: [(name: String, rid: String, hidden: Bool)] = []
    var date1904 = false

    static func parse(_ data: Data) -> WorkbookParser {
        let p = WorkbookParser()
        p.run(data)
        return p
    }

    override func start(_ name: Substring, _ a: [String: String]) {
        if name == "sheet", let n = a["name"] {
            let rid = a["r:id"] ?? a.first { $0.key.hasSuffix(":id") }?.value ?? ""
            sheets.append((n, rid, (a["state"] ?? "visible") != "visible"))
        } else if name == "workbookPr" {
            date1904 = a["date1904"] == "1" || a["date1904"] == "true"
        }
    }
}

final class RelationshipParser: PartParser {
    var targets: [String: String] = [:]

    static func parse(_ data: Data) -> [String: String] {
        let p = RelationshipParser()
        p.run(data)
        return p.targets
    }

    override func start(_ name: Substring, _ a: [String: String]) {
        if name == "Relationship", let id = a["Id"], let t = a["Target"] { targets[id] = t }
    }
}

final class SharedStringsParser: PartParser {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) -> [String] {
        let p = SharedStringsParser()
        p.run(data)
        return p.strings
    }

    override func start(_ name: Substring, _ a: [String: String]) {
        switch name {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": inText = !inPhonetic
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "si": strings.append(current)
        case "rPh": inPhonetic = false
        case "t": inText = false
        default: break
        }
    }

    override func text(_ s: String) { if inText { current += s } }
}

/// Which cell styles show dates: built-in formats 14–22 and 45–47, and custom formats whose code
/// has a day, month or year outside quotes and brackets (and is not elapsed time).
final class StylesParser: PartParser {
    var custom: [Int: String] = [:]
    var inCellXfs = false
    var formats: [Int] = []

    static func parse(_ data: Data) -> [Bool] {
        let p = StylesParser()
        p.run(data)
        return p.formats.map { id in
            if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id) { return true }
            guard let code = p.custom[id] else { return false }
            return isDateFormat(code)
        }
    }

    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var previous: Character = " "
        for c in code.lowercased() {
            defer { previous = c }
            if previous == "\\" { continue }
            if c == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if c == "[" { inBracket = true; continue }
            if c == "]" { inBracket = false; continue }
            if inBracket { continue }
            if c == "y" || c == "d" || c == "m" { return true }
        }
        return false
    }

    override func start(_ name: Substring, _ a: [String: String]) {
        switch name {
        case "numFmt":
            if let id = a["numFmtId"].flatMap(Int.init), let code = a["formatCode"] { custom[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: formats.append(a["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func end(_ name: Substring) { if name == "cellXfs" { inCellXfs = false } }
}

/// A worksheet's cells, row by row; merged ranges filled at the end.
final class SheetParser: PartParser {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var rows: [Sheet.Row] = []
    var merges: [(c0: Int, r0: Int, c1: Int, r1: Int)] = []

    var rowNumber = 0
    var cells: [CellValue] = []
    var column = 0
    var type = "n"
    var style = 0
    var value = ""
    var inValue = false
    var inInlineText = false
    var inPhonetic = false
    var inCell = false

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    override func start(_ name: Substring, _ a: [String: String]) {
        switch name {
        case "row":
            rowNumber = a["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            if let ref = a["r"], let p = ColumnName.parse(ref[...]) { column = p.column }
            type = a["t"] ?? "n"
            style = a["s"].flatMap(Int.init) ?? 0
            value = ""
            inCell = true
        case "v": inValue = inCell
        case "rPh": inPhonetic = true
        case "t": inInlineText = inCell && !inPhonetic
        case "mergeCell":
            if let ref = a["ref"] {
                let ends = ref.split(separator: ":")
                if ends.count == 2, let a = ColumnName.parse(ends[0]), let b = ColumnName.parse(ends[1]) {
                    merges.append((a.column, a.row, b.column, b.row))
                }
            }
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": inPhonetic = false
        case "c":
            inCell = false
            let cell = decode()
            guard column < 16384 else { return }
            if column >= cells.count { cells += Array(repeating: .empty, count: column - cells.count + 1) }
            cells[column] = cell
            column += 1
        case "row":
            while let last = cells.last, last.isEmpty, case .empty = last { cells.removeLast() }
            rows.append(Sheet.Row(number: rowNumber, cells: cells))
        default: break
        }
    }

    override func text(_ s: String) { if inValue || inInlineText { value += s } }

    func decode() -> CellValue {
        switch type {
        case "s":
            guard let i = Int(value), i >= 0, i < sharedStrings.count else { return .empty }
            return sharedStrings[i].isEmpty ? .empty : .text(sharedStrings[i])
        case "inlineStr", "str":
            return value.isEmpty ? .empty : .text(value)
        case "b":
            return value.isEmpty ? .empty : .bool(value == "1" || value == "true")
        case "e":
            return value.isEmpty ? .empty : .text(value)
        case "d":
            return SheetDate(text: String(value.prefix(10))).map { .date($0) } ?? (value.isEmpty ? .empty : .text(value))
        default:
            guard !value.isEmpty else { return .empty }
            guard let d = Double(value.trimmingCharacters(in: .whitespaces)) else { return .text(value) }
            if style < dateStyles.count, dateStyles[style], let date = SheetDate(serial: d, date1904: date1904) { return .date(date) }
            return .number(d)
        }
    }

    func finishedRows() -> [Sheet.Row] {
        guard !merges.isEmpty else { return rows }
        var byNumber: [Int: Int] = [:]
        for (i, r) in rows.enumerated() { byNumber[r.number] = i }
        for m in merges where m.r1 - m.r0 < 10_000 && m.c1 - m.c0 < 1000 {
            guard let top = byNumber[m.r0] else { continue }
            let value = rows[top][m.c0]
            if value.isEmpty { continue }
            for r in m.r0...m.r1 {
                if byNumber[r] == nil {
                    rows.append(Sheet.Row(number: r, cells: []))
                    byNumber[r] = rows.count - 1
                }
                let i = byNumber[r]!
                if rows[i].cells.count <= m.c1 { rows[i].cells += Array(repeating: .empty, count: m.c1 - rows[i].cells.count + 1) }
                for c in m.c0...m.c1 where rows[i].cells[c].isEmpty { rows[i].cells[c] = value }
            }
        }
        return rows.sorted { $0.number < $1.number }
    }
}
