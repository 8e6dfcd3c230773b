import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Spreadsheet
import Wording

/// Which column of a submission sheet holds which field.
public struct HeaderMapping: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        /// 0-based.
        public var index: Int
        public var header: String
        /// nil: not imported (unknown, or deliberately ignored).
        public var field: String?
        /// Given by `--map`, not found in the synonym table.
        public var overridden: Bool
    }

    /// 1-based row number of the header row.
    public var headerRow: Int
    public var columns: [Column]

    public func column(of field: String) -> Column? { columns.first { $0.field == field } }
    /// Headers that mean nothing to the import (neither a field nor an ignored header).
    public var unknown: [Column] { columns.filter { $0.field == nil && !$0.header.isEmpty } }
}

/// A row that becomes a new scenario.
public struct PlannedScenario: Sendable, Hashable {
    public var row: Int
    public var scenario: Scenario
    /// The scenario as the plan checked it, with the file text that check gave: what the save
    /// writes without checking it again (nil: the save checks it).
    public var checked: CheckedCreation?
}

/// A row that looks like a scenario already in the catalogue (or an earlier row of the sheet).
public struct DuplicateRow: Sendable, Hashable {
    public var row: Int
    public var title: String
    /// The existing scenario's id, or `row N` for an earlier row of the same sheet.
    public var existing: String
    public var existingTitle: String
    /// `same title and city`, `nearly the same title`.
    public var reason: String

    /// The reason in the language in effect (the plan's lines and the import wizard show it).
    public var shownReason: String {
        switch reason {
        case "same title and city": return Text.importDupSameTitleCity.text
        case "nearly the same title": return Text.importDupNearTitle.text
        default: return reason
        }
    }

    /// `existing` in the language in effect: an earlier row of the sheet is `第 4 行` in Chinese.
    public var shownExisting: String {
        guard existing.hasPrefix("row "), let n = Int(existing.dropFirst(4)) else { return existing }
        return Text.importDupEarlierRow(n)
    }
}

/// A row that cannot be imported, as it came, with each problem at its cell.
public struct RejectedRow: Sendable, Hashable {
    public var row: Int
    public var cells: [CellValue]
    public var problems: [Diagnostic]
}

/// A value the taxonomy has no entry for, and how many rows gave it.
public struct UnmappedValue: Sendable, Hashable {
    public var field: String
    public var value: String
    public var rows: Int
}

/// What importing a sheet would do. Planning writes nothing; `ImportPlanner.plan` is pure.
public struct ImportPlan: Sendable {
    public var file: String
    public var sheet: String
    public var mapping: HeaderMapping
    public var header: [CellValue]
    public var adds: [PlannedScenario]
    public var duplicates: [DuplicateRow]
    public var rejects: [RejectedRow]
    public var unmapped: [UnmappedValue]
    /// The taxonomy and ids the rows were checked against (the save verifies they still hold).
    public var checkedAgainst: CrossCheck.Known?

    /// Every problem, in row and column order.
    public var problems: [Diagnostic] { rejects.flatMap(\.problems) }
}

/// Why a sheet cannot be imported at all.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An existing scenario, as duplicates are looked for.
public struct ExistingScenario: Sendable, Hashable {
    public var id: String
    public var title: String
    public var city: String
    public init(id: String, title: String, city: String) {
        self.id = id
        self.title = title
        self.city = city
    }
}

/// Turns a submission sheet into an import plan: finds the header row, maps headers and values,
/// checks each row as a save would, and looks for duplicates.
public struct ImportPlanner: Sendable {
    public var vocabulary: ImportVocabulary
    public var taxonomy: Taxonomy
    public var known: CrossCheck.Known
    /// `--map 列名=field`: a header (as it reads) → field, or `-` to leave the column out.
    public var overrides: [String: String]
    /// The `updated` date new scenarios get (a save dates them today), so that the text checked
    /// here is the text written; nil leaves it out.
    public var today: String?

    public init(taxonomy: Taxonomy, known: CrossCheck.Known, overrides: [String: String] = [:], vocabulary: ImportVocabulary = .standard) {
        self.vocabulary = vocabulary
        self.taxonomy = taxonomy
        self.known = known
        self.overrides = overrides
    }

    /// The fields a column may be mapped to.
    public static let fields = ["title", "title_en", "sector", "city", "stage", "demand_org", "supplier_orgs", "summary",
                                "contact", "since", "tags", "data_class", "links"]
    /// A sheet without these columns cannot be imported.
    public static let requiredFields = ["title", "sector", "city"]
    /// Rows searched for the header row (title rows and notes above it).
    public static let headerSearchRows = 30

    /// Checks `--map` entries: each field must be one an import fills.
    public static func parseOverrides(_ entries: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for e in entries {
            guard let eq = e.lastIndex(of: "=") else { throw ImportError(Text.importErrMapForm(e)) }
            let header = String(e[..<eq]).trimmingCharacters(in: .whitespaces)
            let field = String(e[e.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard !header.isEmpty else { throw ImportError(Text.importErrMapEmpty(e)) }
            guard field == "-" || fields.contains(field) else {
                let closest = Suggest.closest(to: field, in: fields)
                throw ImportError((closest == nil ? Text.importErrMapField : Text.importErrMapFieldHint)
                    .rendered(in: Wording.language, [e, field, fields.joined(separator: ", "), closest ?? ""]))
            }
            out[ImportVocabulary.normalise(header)] = field
        }
        return out
    }

    // MARK: Header

    /// The vocabulary's headers normalised once: normalised header → field (the first field in
    /// name order where two would claim one), and the normalised headers left out.
    struct HeaderTable {
        var fields: [String: String] = [:]
        var ignored: Set<String> = []
    }

    func headerTable() -> HeaderTable {
        var table = HeaderTable()
        for field in vocabulary.headers.keys.sorted() {
            for name in vocabulary.headers[field]! {
                let h = ImportVocabulary.normalise(name)
                if table.fields[h] == nil { table.fields[h] = field }
            }
        }
        table.ignored = Set(vocabulary.ignoredHeaders.map(ImportVocabulary.normalise))
        return table
    }

    func field(forHeader header: String, in table: HeaderTable) -> (field: String?, overridden: Bool) {
        let h = ImportVocabulary.normalise(header)
        if let o = overrides[h] { return (o == "-" ? nil : o, true) }
        if h.isEmpty || table.ignored.contains(h) { return (nil, false) }
        return (table.fields[h], false)
    }

    /// The header row: among the first rows, the one whose cells name the most fields (at least
    /// two, one of them the title). Title rows above it name none.
    public func mapping(_ sheet: Sheet, file: String) throws -> HeaderMapping {
        var best: HeaderMapping?
        var bestCount = 1
        let table = headerTable()
        for row in sheet.rows.prefix(ImportPlanner.headerSearchRows) where !row.isEmpty {
            var columns: [HeaderMapping.Column] = []
            var used = Set<String>()
            for (i, cell) in row.cells.enumerated() {
                let header = cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
                var (field, overridden) = field(forHeader: header, in: table)
                // A merged header cell repeats across its columns: the first takes the field.
                if let f = field, !used.insert(f).inserted { field = nil }
                columns.append(.init(index: i, header: header, field: field, overridden: overridden))
            }
            let count = columns.filter { $0.field != nil }.count
            if count > bestCount, columns.contains(where: { $0.field == "title" }) {
                best = HeaderMapping(headerRow: row.number, columns: columns)
                bestCount = count
            }
        }
        guard let best else {
            throw ImportError(Text.importErrNoHeader(file, ImportPlanner.headerSearchRows, sheet.name))
        }
        let missing = ImportPlanner.requiredFields.filter { best.column(of: $0) == nil }
        if !missing.isEmpty {
            let unknown = best.unknown.map { "'\($0.header)'" }.joined(separator: ", ")
            throw ImportError("\(file):\(best.headerRow): error: " + (unknown.isEmpty ? Text.importErrNoColumn : Text.importErrNoColumnUnknown)
                .rendered(in: Wording.language, [missing.joined(separator: ", "), unknown]))
        }
        return best
    }

    // MARK: Plan

    public func plan(_ sheet: Sheet, file: String, existing: [ExistingScenario], isTaken: (String) -> Bool) throws -> ImportPlan {
        try plan(sheet, file: file, existing: DuplicateFinder(existing), isTaken: isTaken)
    }

    /// `plan` against a duplicate finder built beforehand (`SheetImport.Catalogue`).
    func plan(_ sheet: Sheet, file: String, existing finder: DuplicateFinder, isTaken: (String) -> Bool) throws -> ImportPlan {
        let mapping = try mapping(sheet, file: file)
        let values = ValueMapper(taxonomy: taxonomy, vocabulary: vocabulary)
        let headerCells = sheet.rows.first { $0.number == mapping.headerRow }?.cells ?? []
        var plan = ImportPlan(file: file, sheet: sheet.name, mapping: mapping, header: headerCells, adds: [], duplicates: [], rejects: [], unmapped: [],
                              checkedAgainst: known)
        var unmapped: [String: (field: String, value: String, rows: Int)] = [:]
        var sheetTitles = DuplicateFinder([])
        var planned = Set<String>()
        var suggestedNumbers: [String: Int] = [:]
        var candidates: [(Sheet.Row, Scenario)] = []
        let headerTexts = mapping.columns.map { ImportVocabulary.normalise($0.header) }
        var columnOf: [String: Int] = [:]
        for c in mapping.columns { if let f = c.field, columnOf[f] == nil { columnOf[f] = c.index } }
        for row in sheet.rows where row.number > mapping.headerRow && !row.isEmpty {
            // A header repeated further down (sheets pasted together) is not a row.
            if mapping.columns.allSatisfy({ ImportVocabulary.normalise(row[$0.index].text) == headerTexts[$0.index] }) { continue }
            var problems: [Diagnostic] = []
            func problem(_ field: String, _ message: CodedMessage) {
                problems.append(cellProblem(mapping, file: file, row: row.number, field: field, message))
            }
            func text(_ field: String) -> String? {
                guard let c = columnOf[field] else { return nil }
                let t = ImportPlanner.trimmed(row[c].text)
                return t.isEmpty ? nil : t
            }
            func mapped(_ field: String, _ lookup: (String) -> String?) -> String? {
                guard let raw = text(field) else { return nil }
                if let id = lookup(raw) { return id }
                let key = field + "\u{0}" + raw
                unmapped[key, default: (field, raw, 0)].rows += 1
                let closest = Suggest.closest(to: ImportVocabulary.normalise(raw), in: values.names(field))
                problem(field, CodedMessage("unknown \(field) '\(raw)'" + ValueMapper.hint(raw, values.names(field)),
                                            closest == nil ? "SheetUnknown" : "SheetUnknownHint", [field, raw, closest ?? ""]))
                return nil
            }
            let title = text("title")
            if title == nil { problem("title", CodedMessage("the title is empty", "SheetEmpty", ["title"])) }
            let sector = mapped("sector", values.sector)
            if text("sector") == nil { problem("sector", CodedMessage("the sector is empty", "SheetEmpty", ["sector"])) }
            let city = mapped("city", values.city)
            if text("city") == nil { problem("city", CodedMessage("the city is empty", "SheetEmpty", ["city"])) }
            let stage = text("stage") == nil ? Stage.proposed : mapped("stage", values.stage).flatMap(Stage.init(rawValue:))
            let dataClass = mapped("data_class", values.dataClass).flatMap(DataClass.init(rawValue:))
            var since: Quarter?
            if let c = mapping.column(of: "since"), !row[c.index].isEmpty {
                since = ValueMapper.quarter(row[c.index])
                if since == nil { problem("since", CodedMessage("'\(row[c.index].text)' is not a quarter (2026-Q1, 2026年第一季度) or a date", "SheetQuarter", [row[c.index].text])) }
            }
            guard problems.isEmpty, let title, let sector, let city, let stage else {
                plan.rejects.append(RejectedRow(row: row.number, cells: row.cells, problems: problems.sorted { $0.position < $1.position }))
                continue
            }
            if let dup = finder.match(title: title, city: city) {
                plan.duplicates.append(DuplicateRow(row: row.number, title: title, existing: dup.id, existingTitle: dup.title, reason: dup.reason))
                continue
            }
            if let dup = sheetTitles.match(title: title, city: city) {
                plan.duplicates.append(DuplicateRow(row: row.number, title: title, existing: dup.id, existingTitle: dup.title, reason: dup.reason))
                continue
            }
            var s = Scenario(id: "", title: title, titleEn: text("title_en"), sector: sector, city: city, stage: stage, status: .draft,
                             demandOrg: text("demand_org"), supplierOrgs: ValueMapper.list(text("supplier_orgs")), summary: text("summary"),
                             dataClass: dataClass, tags: ValueMapper.list(text("tags")), since: since,
                             links: ValueMapper.list(text("links")), contact: text("contact"))
            s.updated = today
            let fields = EntityEncoder.fields(.scenario(s))
            guard let id = IdSuggestion.suggest(kind: .scenario, fields: fields, isTaken: { planned.contains($0) || isTaken($0) },
                                                numbers: &suggestedNumbers) else {
                problem("title", CodedMessage("no free id could be suggested for this scenario", "SheetNoId", []))
                plan.rejects.append(RejectedRow(row: row.number, cells: row.cells, problems: problems))
                continue
            }
            s.id = id
            planned.insert(id)
            sheetTitles.add(ExistingScenario(id: "row \(row.number)", title: title, city: city))
            candidates.append((row, s))
        }
        // Each row checked as a save checks a file, on every core.
        let known = self.known
        let checks = ParallelMap.map(candidates.map(\.1)) { s in
            EntityCheck.check(EntityEncoder.fields(.scenario(s)), file: "scenarios/\(s.id).yaml", known: known)
        }
        for ((row, s), checked) in zip(candidates, checks) {
            let errors = checked.issues.filter(\.isError)
            if errors.isEmpty && checked.isValid, let entity = checked.entity {
                plan.adds.append(PlannedScenario(row: row.number, scenario: s, checked: CheckedCreation(entity: entity, text: checked.text,
                                                                                                       references: checked.references)))
                continue
            }
            var problems = errors.map { e -> Diagnostic in
                let field = String(e.path.prefix { $0 != "." && $0 != "[" })
                let coded = CodedMessage(e.message, e.diagnostic.code ?? "", e.diagnostic.arguments)
                return cellProblem(mapping, file: file, row: row.number, field: ImportPlanner.fields.contains(field) ? field : "title", coded)
            }
            if problems.isEmpty { problems.append(cellProblem(mapping, file: file, row: row.number, field: "title",
                                                                     CodedMessage("the scenario does not check", "SheetDoesNotCheck", []))) }
            plan.rejects.append(RejectedRow(row: row.number, cells: row.cells, problems: problems.sorted { $0.position < $1.position }))
        }
        plan.rejects.sort { $0.row < $1.row }
        plan.unmapped = unmapped.values.map { UnmappedValue(field: $0.field, value: $0.value, rows: $0.rows) }
            .sorted { ($0.field, $0.value) < ($1.field, $1.value) }
        return plan
    }

    /// `text` without white space at either end — the set of Foundation's
    /// `.whitespacesAndNewlines` (Unicode's White_Space and, as CoreFoundation has it, U+200B) —
    /// without bridging to an NSString: a cell that needs no trimming (nearly every one) is
    /// returned as it is.
    static func trimmed(_ text: String) -> String {
        @inline(__always) func isSpace(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// `FILE:ROW:COL: error: MESSAGE (column C 城市)` at the column of `field`. Coded `Cell.CODE`
    /// with the column's letters and header after the message's own arguments (Wording words it).
    func cellProblem(_ mapping: HeaderMapping, file: String, row: Int, field: String, _ message: CodedMessage) -> Diagnostic {
        let c = mapping.column(of: field)
        let at = c.map { " (column \(ColumnName.letters($0.index)) \($0.header))" } ?? ""
        let code = message.code.isEmpty ? nil : c == nil ? message.code : "Cell." + message.code
        let arguments = message.arguments + (c.map { [ColumnName.letters($0.index), $0.header] } ?? [])
        return .error(file, SourcePosition(line: row, column: (c?.index ?? 0) + 1), message.message + at, code: code, arguments: arguments)
    }

    // MARK: Reject sheet

    /// The rejected rows as they came, under the sheet's header, with a 问题 column saying why.
    public static func rejectSheet(_ plan: ImportPlan) -> SheetTable {
        let width = max(plan.header.count, plan.rejects.map(\.cells.count).max() ?? 0)
        var columns = (0..<width).map { i -> SheetTable.Column in
            let h = i < plan.header.count ? plan.header[i].text : ""
            return SheetTable.Column(h.isEmpty ? ColumnName.letters(i) : h)
        }
        columns.append(SheetTable.Column("问题", .longText))
        let rows = plan.rejects.map { r -> [CellValue] in
            var cells = r.cells + Array(repeating: CellValue.empty, count: width - r.cells.count)
            cells.append(.text(r.problems.map { "第\($0.position.line)行\(ColumnName.letters($0.position.column - 1))列：\($0.shownMessage)" }.joined(separator: "\n")))
            return cells
        }
        return SheetTable(name: "问题行", columns: columns, rows: rows)
    }
}
