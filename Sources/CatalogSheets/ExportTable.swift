import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Spreadsheet
import Wording

/// How an export names its columns and values.
public enum ExportHeaders: String, Sendable, CaseIterable {
    /// Chinese headers and display names (the shape of the published Chinese lists).
    case zh
    /// English headers and display names.
    case en
    /// Field names as headers, ids as values: for programs.
    case id
}

/// One column of an export: its field name, its headers, how a sheet shows it.
public struct ExportColumn: Sendable {
    public var key: String
    public var zh: String
    public var en: String
    public var kind: SheetTable.Kind

    public init(_ key: String, _ zh: String, _ en: String, _ kind: SheetTable.Kind = .text) {
        self.key = key
        self.zh = zh
        self.en = en
        self.kind = kind
    }

    public func header(_ h: ExportHeaders) -> String {
        switch h {
        case .zh: return zh
        case .en: return en
        case .id: return key
        }
    }
}

/// The rows of a list as a table to write in any format: what `scencat export` and the TUI's
/// export write. Built from the index with the same `ListQuery` the list shows.
public struct ExportTable: Sendable {
    public var kind: EntityKind
    public var columns: [ExportColumn]
    public var rows: [[CellValue]]
    public var headers: ExportHeaders

    /// Scenarios: 序号, 场景名称, 所属行业, 所属地市, 阶段, 状态, 需求方, 供给方, 场景简介, 关联模型,
    /// 算力需求 (peak, per quarter), 起始季度, 更新日期, then the id, and `contact` only when asked.
    public static func scenarioColumns(includeInternal: Bool) -> [ExportColumn] {
        var c = [
            ExportColumn("seq", "序号", "No.", .number),
            ExportColumn("title", "场景名称", "Title"),
            ExportColumn("sector", "所属行业", "Sector"),
            ExportColumn("city", "所属地市", "City"),
            ExportColumn("stage", "阶段", "Stage"),
            ExportColumn("status", "状态", "Status"),
            ExportColumn("demand_org", "需求方", "Demand organisation"),
            ExportColumn("supplier_orgs", "供给方", "Suppliers"),
            ExportColumn("summary", "场景简介", "Summary", .longText),
            ExportColumn("models", "关联模型（名称、备案号）", "Models (name, filing no.)", .longText),
            ExportColumn("peak_pflops", "算力需求峰值（PFLOPS FP16）", "Peak compute (PFLOPS FP16)", .number),
            ExportColumn("pflops_by_quarter", "分季度算力需求（PFLOPS FP16）", "Compute by quarter (PFLOPS FP16)", .longText),
            ExportColumn("since", "起始季度", "Since"),
            ExportColumn("updated", "更新日期", "Updated", .date),
            ExportColumn("id", "场景编号", "ID"),
        ]
        if includeInternal { c.append(ExportColumn("contact", "联系人（内部）", "Contact (internal)")) }
        return c
    }

    public static let modelColumns = [
        ExportColumn("seq", "序号", "No.", .number),
        ExportColumn("name", "模型名称", "Name"),
        ExportColumn("provider", "提供方", "Provider"),
        ExportColumn("filing_kind", "备案类型", "Filing kind"),
        ExportColumn("filing_no", "备案号", "Filing no."),
        ExportColumn("filed_on", "备案日期", "Filed on", .date),
        ExportColumn("params_b", "参数量（十亿）", "Parameters (B)", .number),
        ExportColumn("functions", "功能", "Functions"),
        ExportColumn("status", "状态", "Status"),
        ExportColumn("base_model", "基座模型", "Base model"),
        ExportColumn("used_by", "关联场景数", "Used by", .number),
        ExportColumn("id", "模型编号", "ID"),
    ]

    public static let centerColumns = [
        ExportColumn("seq", "序号", "No.", .number),
        ExportColumn("name", "算力中心名称", "Name"),
        ExportColumn("city", "所属地市", "City"),
        ExportColumn("operator", "运营方", "Operator"),
        ExportColumn("tier", "等级", "Tier"),
        ExportColumn("status", "状态", "Status"),
        ExportColumn("capacity_pflops_fp16", "算力规模（PFLOPS FP16）", "Capacity (PFLOPS FP16)", .number),
        ExportColumn("demand_pflops", "本季度需求（PFLOPS FP16）", "Demand in the quarter (PFLOPS FP16)", .number),
        ExportColumn("utilisation", "利用率", "Utilisation", .number),
        ExportColumn("since", "起始季度", "Since"),
        ExportColumn("id", "中心编号", "ID"),
    ]

    /// The rows `query` lists (all of them: its limit and offset are ignored), as a table.
    public static func load(_ query: ListQuery, store: IndexStore, headers: ExportHeaders = .zh,
                            includeInternal: Bool = false) throws -> ExportTable {
        var q = query
        q.limit = nil
        q.offset = 0
        let taxonomy = try store.taxonomy()
        let names = DisplayNames(taxonomy: taxonomy, headers: headers)
        switch query.kind {
        case .scenario:
            var cells: [[CellValue]] = []
            try forEachScenarioChunk(q, store: store, headers: headers, includeInternal: includeInternal) { chunk in
                cells += chunk
            }
            return ExportTable(kind: .scenario, columns: scenarioColumns(includeInternal: includeInternal), rows: cells, headers: headers)
        case .model:
            let cells = try store.list(q).enumerated().map { i, r -> [CellValue] in
                [.number(Double(i + 1)), .text(r.name), text(r.provider), text(r.filingKind.map { names.filingKind($0) }),
                 text(r.filingNo), date(r.filedOn), r.paramsB.map { .number($0) } ?? .empty,
                 text(r.functions.map(names.function).joined(separator: names.separator)), .text(names.status(r.status, kind: .model)),
                 text(r.baseModel), .number(Double(r.usedBy ?? 0)), .text(r.id)]
            }
            return ExportTable(kind: .model, columns: modelColumns, rows: cells, headers: headers)
        case .center:
            let cells = try store.list(q).enumerated().map { i, r -> [CellValue] in
                [.number(Double(i + 1)), .text(r.name), text(r.city.map(names.city)), text(r.operator),
                 text(r.tier.map(names.tier)), .text(names.status(r.status, kind: .center)), number(r.capacity),
                 number(r.demand.map(ExportTable.round3)), number(r.utilisation.map(ExportTable.round3)), text(r.since?.description), .text(r.id)]
            }
            return ExportTable(kind: .center, columns: centerColumns, rows: cells, headers: headers)
        }
    }

    /// Writes what `query` lists to an xlsx file and returns how many rows it has. Scenarios are
    /// streamed: read from the index as a cursor, a chunk at a time turned into cells and XML on
    /// every core, and appended to the sheet, so that no more than a chunk is ever held.
    public static func writeXLSX(_ query: ListQuery, store: IndexStore, headers: ExportHeaders = .zh, includeInternal: Bool = false,
                                 to path: String, modified: Date) throws -> Int {
        let name = sheetName(query.kind, headers)
        guard query.kind == .scenario else {
            let table = try load(query, store: store, headers: headers, includeInternal: includeInternal)
            try XLSXWriter.write(table.sheet(name: name), to: path, modified: modified)
            return table.rows.count
        }
        let columns = scenarioColumns(includeInternal: includeInternal).map { SheetTable.Column($0.header(headers), $0.kind) }
        let stream = try XLSXStream(name: name, columns: columns)
        let encoder = stream.encoder
        // Each file becomes its row's XML on the core that read it; the rows are appended in order.
        try forEachScenarioChunk(query, store: store, headers: headers, includeInternal: includeInternal,
                                 transform: { cells, place in encoder.encode(cells, index: place) }) { rows in
            for row in rows { try stream.append(row) }
        }
        try stream.write(to: path, modified: modified)
        return stream.rowCount
    }

    /// The scenarios `query` lists as cells, a chunk at a time (made on every core), numbered on.
    static func forEachScenarioChunk(_ query: ListQuery, store: IndexStore, headers: ExportHeaders, includeInternal: Bool,
                                     _ body: ([[CellValue]]) throws -> Void) throws {
        try forEachScenarioChunk(query, store: store, headers: headers, includeInternal: includeInternal,
                                 transform: { cells, _ in cells }, body)
    }

    /// The scenarios `query` lists as cells, each turned by `transform` (with its 0-based place)
    /// on the core that read its file, a chunk at a time (`IndexStore.forEachScenario`'s pipeline).
    static func forEachScenarioChunk<T: Sendable>(_ query: ListQuery, store: IndexStore, headers: ExportHeaders, includeInternal: Bool,
                                                  transform: @escaping @Sendable ([CellValue], Int) -> T,
                                                  _ body: ([T]) throws -> Void) throws {
        let taxonomy = try store.taxonomy()
        let names = DisplayNames(taxonomy: taxonomy, headers: headers)
        let models = Dictionary(try store.list(ListQuery(kind: .model, limit: nil)).map { ($0.id, (name: $0.name, filingNo: $0.filingNo ?? "")) },
                                uniquingKeysWith: { a, _ in a })
        let accelerators = Dictionary(taxonomy.accelerators.map { ($0.id, $0.fp16Tflops) }, uniquingKeysWith: { a, _ in a })
        try store.forEachScenario(listedBy: query, transform: { listed, place in
            transform(scenarioRow(place + 1, listed, names: names, models: models, accelerators: accelerators,
                                  includeInternal: includeInternal), place)
        }, body)
    }

    static func scenarioRow(_ n: Int, _ listed: ListedScenario, names: DisplayNames,
                            models: [String: (name: String, filingNo: String)], accelerators: [String: Double],
                            includeInternal: Bool) -> [CellValue] {
        let sep = names.separator
        let s = listed.scenario
        var cells: [CellValue] = [
            .number(Double(n)), .text(s.title), text(names.sector(s.sector)), text(names.city(s.city)),
            text(names.stage(s.stage)), .text(names.status(s.status.rawValue, kind: .scenario)), text(s.demandOrg),
            text(s.supplierOrgs.joined(separator: sep)), text(s.summary),
            text(s.models.map { l in
                guard let m = models[l.model] else { return l.model }
                return m.filingNo.isEmpty ? m.name : "\(m.name)（\(m.filingNo)）"
            }.joined(separator: sep)),
            number(listed.peakPflops.map(ExportTable.round3)),
            text(quarterSeries(s, accelerators: accelerators, separator: sep)),
            text(s.since?.description), date(s.updated), .text(s.id),
        ]
        if includeInternal { cells.append(text(s.contact)) }
        return cells
    }

    /// The scenario's compute in PFLOPS from each quarter where it changes: `2026-Q1: 5.12；2027-Q1: 0`.
    public static func quarterSeries(_ s: Scenario, accelerators: [String: Double], separator: String) -> String {
        var points = Set(s.compute.map(\.from))
        for c in s.compute { if let u = c.until { points.insert(u.adding(1)) } }
        return points.sorted().map { q in
            "\(q): \(NumberFormat.text(ExportTable.round3(ComputeMath.demand(of: s, in: q, accelerators: accelerators))))"
        }.joined(separator: separator)
    }

    /// PFLOPS to 0.001, as the published lists give them.
    public static func round3(_ d: Double) -> Double {
        let r = (d * 1000).rounded() / 1000
        return r == 0 ? 0 : r
    }

    static func text(_ s: String?) -> CellValue { s.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
    static func number(_ d: Double?) -> CellValue { d.map { .number($0) } ?? .empty }
    static func date(_ s: String?) -> CellValue {
        guard let s else { return .empty }
        return SheetDate(text: s).map { .date($0) } ?? .text(s)
    }

    /// The file name an export suggests: the list's name, its sector or city when filtered, the date.
    /// `场景清单-医疗-2026-12-06.xlsx`.
    public static func suggestedFileName(_ query: ListQuery, taxonomy: Taxonomy, date: String, format: String = "xlsx") -> String {
        var parts = [sheetName(query.kind, .zh)]
        if let s = query.sector { parts.append(taxonomy.sector(s)?.zh ?? s) }
        if let c = query.city { parts.append(taxonomy.city(c)?.zh ?? c) }
        if let q = query.quarter { parts.append(q.description) }
        parts.append(date)
        return parts.joined(separator: "-").map { "/\\:*?\"<>|".contains($0) ? "_" : $0 }.map(String.init).joined() + "." + format
    }

    /// The sheet's name: 场景清单, 模型清单, 算力中心清单 (or the kind's folder name).
    public static func sheetName(_ kind: EntityKind, _ headers: ExportHeaders) -> String {
        switch (kind, headers) {
        case (.scenario, .zh): return "场景清单"
        case (.model, .zh): return "模型清单"
        case (.center, .zh): return "算力中心清单"
        default: return kind.directory
        }
    }

    // MARK: Output

    public var headerTexts: [String] { columns.map { $0.header(headers) } }

    public func sheet(name: String) -> SheetTable {
        SheetTable(name: name, columns: columns.map { SheetTable.Column($0.header(headers), $0.kind) }, rows: rows)
    }

    /// CSV: UTF-8 with a BOM, CRLF, formula-looking cells neutralised.
    public var csv: [UInt8] { CSV.bytes(header: headerTexts, rows: rows.map { $0.map(\.text) }) }

    /// Rows as JSON objects keyed by field name; numbers as numbers, dates as `YYYY-MM-DD`.
    public var json: JSONValue {
        .array(rows.map { row in
            .object(zip(columns, row).map { c, v in
                switch v {
                case .empty: return (c.key, .null)
                case .number(let d): return (c.key, .number(d))
                case .bool(let b): return (c.key, .bool(b))
                case .text(let s): return (c.key, .string(s))
                case .date(let d): return (c.key, .string(d.description))
                }
            })
        })
    }
}

/// Taxonomy ids and enum values as the chosen headers name them.
struct DisplayNames: Sendable {
    var sectors: [String: Sector] = [:]
    var cities: [String: City] = [:]
    var headers: ExportHeaders

    init(taxonomy: Taxonomy, headers: ExportHeaders) {
        for s in taxonomy.sectors { sectors[s.id] = s }
        for c in taxonomy.cities { cities[c.id] = c }
        self.headers = headers
    }

    /// Between the items of a list cell: the Chinese semicolon in Chinese sheets.
    var separator: String { headers == .zh ? "；" : "; " }

    func sector(_ id: String) -> String { pick(id, sectors[id]?.zh, sectors[id]?.en) }
    func city(_ id: String) -> String { pick(id, cities[id]?.zh, cities[id]?.en) }
    // Stages, statuses, tiers, filing kinds and functions are named by the one table the screens use.
    func stage(_ s: Stage) -> String { named(s.rawValue) }
    func tier(_ t: CenterTier) -> String { named(t.rawValue) }
    func filingKind(_ k: FilingKind) -> String { named(k.rawValue) }
    func function(_ f: ModelFunction) -> String { named(f.rawValue) }
    func status(_ s: String, kind: EntityKind) -> String { named(s) }
    func named(_ value: String) -> String { pick(value, Names.chinese[value], value) }

    func pick(_ id: String, _ zh: String?, _ en: String?) -> String {
        switch headers {
        case .zh: return zh ?? id
        case .en: return en ?? id
        case .id: return id
        }
    }
}

