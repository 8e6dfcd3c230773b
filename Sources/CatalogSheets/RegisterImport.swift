import CatalogCore
import CatalogFiles
import Foundation
import Spreadsheet
import Wording

/// The words official filing lists use for their columns, kept as data like `ImportVocabulary`:
/// the JSON below is the table, compared after `ImportVocabulary.normalise`.
public struct RegisterVocabulary: Sendable, Decodable {
    /// Field (`filing_no`, `name`, `organisation`, `place`, `date`) → the headers that mean it.
    public var headers: [String: [String]]
    /// Filing-number headers that mark a list of registered (登记) apps rather than filed models.
    public var registeredHeaders: [String]

    enum CodingKeys: String, CodingKey { case headers, registeredHeaders = "registered_headers" }

    public static let standard: RegisterVocabulary = {
        do {
            return try JSONDecoder().decode(RegisterVocabulary.self, from: Data(table.utf8))
        } catch {
            preconditionFailure("RegisterVocabulary.table does not decode: \(error)")
        }
    }()

    static let table = """
    {
      "headers": {
        "filing_no": ["备案编号", "备案号", "上线编号", "登记编号", "备案/上线编号", "filing_no", "filing number", "filing no"],
        "name": ["模型名称", "服务名称", "应用名称", "产品名称", "模型/服务名称", "应用或功能名称", "name", "model", "service"],
        "organisation": ["备案单位", "企业名称", "单位名称", "主体名称", "备案主体", "登记主体", "公司名称", "organisation", "organization", "company"],
        "place": ["属地", "地市", "所在地", "省份", "所属地区", "地区", "place", "province", "city"],
        "date": ["备案时间", "备案日期", "登记时间", "登记日期", "上线时间", "上线日期", "date"]
      },
      "registered_headers": ["上线编号", "登记编号"]
    }
    """

    public func field(forHeader header: String) -> String? {
        let h = ImportVocabulary.normalise(header)
        guard !h.isEmpty else { return nil }
        for (field, names) in headers where names.contains(where: { ImportVocabulary.normalise($0) == h }) { return field }
        return nil
    }

    public func isRegisteredHeader(_ header: String) -> Bool {
        let h = ImportVocabulary.normalise(header)
        return registeredHeaders.contains { ImportVocabulary.normalise($0) == h }
    }
}

/// Reading an official list of filed or registered services into a snapshot (`scencat register import`).
public enum RegisterImport {
    public static let requiredFields = ["filing_no", "name", "organisation"]

    /// A sheet's header row: 1-based row number, 0-based column → field, and whether the filing
    /// column says 上线编号 (registered apps).
    public struct Header: Sendable, Hashable {
        public var row: Int
        public var columns: [Int: String]
        public var headers: [Int: String]
        public var registered: Bool

        public func column(of field: String) -> Int? { columns.first { $0.value == field }?.key }
    }

    /// What an import read: the rows of every sheet that has a header, and the sheets without one.
    public struct Read: Sendable {
        public var rows: [RegisterRow]
        /// Sheet name, header row, rows read.
        public var sheets: [(name: String, header: Int, rows: Int)]
        public var skipped: [String]
        /// `FILE:ROW:COL: error: …` per bad cell; any of them stops the import.
        public var problems: [Diagnostic]
    }

    /// The header row among a sheet's first rows: the one naming the most fields, at least the
    /// filing number, the name and the organisation. Title rows and notes above it name none; a
    /// header merged across columns maps only once.
    public static func header(_ sheet: Sheet, vocabulary: RegisterVocabulary = .standard) -> Header? {
        var best: Header?
        for row in sheet.rows.prefix(ImportPlanner.headerSearchRows) where !row.isEmpty {
            var columns: [Int: String] = [:]
            var headers: [Int: String] = [:]
            var used = Set<String>()
            var registered = false
            for (i, cell) in row.cells.enumerated() {
                let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
                headers[i] = text
                guard let field = vocabulary.field(forHeader: text), used.insert(field).inserted else { continue }
                columns[i] = field
                if field == "filing_no" { registered = vocabulary.isRegisteredHeader(text) }
            }
            guard requiredFields.allSatisfy(used.contains), columns.count > (best?.columns.count ?? 0) else { continue }
            best = Header(row: row.number, columns: columns, headers: headers, registered: registered)
        }
        return best
    }

    /// The rows of one sheet under `header`. Empty rows and notes (a row with one filled cell) are
    /// skipped; a row with some of filing number, name and organisation but not all is a problem.
    public static func rows(_ sheet: Sheet, header: Header, file: String) -> (rows: [RegisterRow], problems: [Diagnostic]) {
        var out: [RegisterRow] = []
        var problems: [Diagnostic] = []
        let kind: FilingKind = header.registered || sheet.name.contains("登记") ? .registered : .filed
        for row in sheet.rows where row.number > header.row && !row.isEmpty {
            if row.cells.filter({ !$0.isEmpty }).count <= 1 { continue }
            func text(_ field: String) -> String? {
                guard let c = header.column(of: field) else { return nil }
                let t = row[c].text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return t.isEmpty ? nil : t
            }
            func problem(_ field: String, _ message: String) {
                let c = header.column(of: field) ?? 0
                problems.append(.error(file, SourcePosition(line: row.number, column: c + 1),
                                       "\(ColumnName.letters(c)) (\(header.headers[c] ?? field)): \(message)",
                                       code: "RegisterCellEmpty", arguments: [ColumnName.letters(c), header.headers[c] ?? field]))
            }
            let no = text("filing_no"), name = text("name"), org = text("organisation")
            for (field, value) in [("filing_no", no), ("name", name), ("organisation", org)] where value == nil {
                problem(field, "empty; a register row needs the filing number, the name and the organisation")
            }
            guard let no, let name, let org else { continue }
            var date: String?
            if let c = header.column(of: "date") {
                switch row[c] {
                case .empty: date = nil
                case .date(let d): date = d.description
                case .number(let n): date = SheetDate(serial: n)?.description ?? NumberFormat.text(n)
                case let other: date = RegisterText.date(other.text) ?? text("date")
                }
            }
            out.append(RegisterRow(filingNo: no, name: name, organisation: org, place: text("place"), date: date, kind: kind))
        }
        return (out, problems)
    }

    /// Reads every sheet of an xlsx that has a header row (the national list keeps 已备案 and 已登记
    /// on two), or the one sheet `sheet` names, or a CSV. Throws when no sheet has a header.
    public static func read(_ path: String, sheet selector: String? = nil, vocabulary: RegisterVocabulary = .standard) throws -> Read {
        var sheets: [Sheet] = []
        let first = try SheetImport.read(path, sheet: selector)
        if first.isCSV || selector != nil {
            sheets = [first.sheet]
        } else {
            let reader: XLSXReader
            do { reader = try XLSXReader(path: path) } catch let e as SheetError { throw ImportError(e.message) }
            for info in reader.sheets where !info.hidden {
                do { sheets.append(try reader.sheet(info.name)) } catch let e as SheetError { throw ImportError(e.message) }
            }
        }
        var read = Read(rows: [], sheets: [], skipped: [], problems: [])
        for s in sheets {
            guard let header = header(s, vocabulary: vocabulary) else { read.skipped.append(s.name); continue }
            let (rows, problems) = rows(s, header: header, file: path)
            read.rows += rows
            read.problems += problems
            read.sheets.append((s.name, header.row, rows.count))
        }
        if read.sheets.isEmpty {
            throw ImportError(Text.importErrRegisterNoHeader(path, ImportPlanner.headerSearchRows))
        }
        // One filing number twice with different content cannot be checked against: say where.
        var seen: [String: RegisterRow] = [:]
        var unique: [RegisterRow] = []
        for r in read.rows {
            let key = RegisterText.filingNo(r.filingNo)
            if let earlier = seen[key] {
                if earlier != r {
                    read.problems.append(.error(path, .start, "filing number \(r.filingNo) appears twice with different rows ('\(earlier.name)', '\(r.name)')",
                                                code: "RegisterFilingTwice", arguments: [r.filingNo, earlier.name, r.name]))
                }
                continue
            }
            seen[key] = r
            unique.append(r)
        }
        read.rows = unique
        return read
    }

    /// The snapshot an import makes of `path`.
    public static func snapshot(_ read: Read, path: String, source: String, asOf: String) throws -> RegisterSnapshot {
        let bytes = try AtomicFile.read(path, limit: 256 << 20)
        return RegisterSnapshot(ref: RegisterSnapshotRef(source: source, asOf: asOf), importedFrom: (path as NSString).lastPathComponent,
                                fingerprint: ContentHash.of(bytes), rows: read.rows)
    }
}
