import CatalogCore
import CatalogFiles
import Foundation
import Spreadsheet

/// Texts shared by the renderers: how a model link and a compute row read in one line.
public enum Summaries {
    /// `星河政务大模型 (Guangdong-SAMPLE-2024-0001, deployed)`; the id when the model is unknown; checked
    /// against the filing registers, `(…, deployed, 在册 listed guangdong 2026-02-28)`.
    public static func model(_ m: ResolvedModel) -> String {
        let name = m.name ?? m.link.model
        let checked = m.registerText.map { ", \($0)" } ?? ""
        if let no = m.filingNo { return "\(name) (\(no), \(m.link.role.rawValue)\(checked))" }
        return "\(name) (\(m.link.role.rawValue)\(checked))"
    }

    /// `inference 16 cards ascend-910b fp16 @sg-hub 2026-Q1–2027-Q4 = 5.12 PFLOPS`.
    public static func compute(_ c: ResolvedCompute) -> String {
        let n = c.need
        var s = "\(n.workload.rawValue) \(NumberText.format(n.amount)) \(n.unit.rawValue)"
        if let a = n.accelerator { s += " \(a)" }
        if let p = n.precision { s += " \(p.rawValue)" }
        if let ce = n.center { s += " @\(ce)" }
        s += " \(n.from)–\(n.until?.description ?? "")"
        if let p = c.pflops { s += " = \(Figures.pflops(p)) PFLOPS" }
        return s
    }

    public static let separator = "; "
}

/// `list.csv`: one row per scenario, UTF-8 with a byte order mark (so spreadsheet programs on
/// Chinese systems pick the right encoding), RFC 4180: CRLF line ends, fields quoted when they
/// hold a comma, quote, CR or LF, quotes doubled; a field beginning with = + - @ tab or CR gets a
/// leading ' so that no spreadsheet runs it as a formula (`CSV.neutralised`, OWASP's advice).
public enum CSVRenderer {
    public static let columns = [
        "id", "title", "title_en", "sector", "sector_name", "city", "city_name", "stage", "demand_org", "supplier_orgs",
        "data_class", "tags", "models", "compute", "quarter_pflops", "since", "links", "updated", "summary",
    ]

    public static func row(_ l: ListedScenario) -> [String] {
        let s = l.scenario
        let j = Summaries.separator
        return [
            s.id, s.title, s.titleEn ?? "", s.sector, l.sectorName, s.city, l.cityName, s.stage.rawValue, s.demandOrg ?? "",
            s.supplierOrgs.sorted().joined(separator: j), s.dataClass?.rawValue ?? "", s.tags.sorted().joined(separator: j),
            l.models.map(Summaries.model).joined(separator: j), l.compute.map(Summaries.compute).joined(separator: j),
            Figures.pflops(l.quarterPflops), s.since?.description ?? "", s.links.joined(separator: j), s.updated ?? "", s.summary ?? "",
        ]
    }

    public static func render(_ selection: Selection) -> [UInt8] {
        let lines = ParallelMap.map(selection.scenarios) { l -> [UInt8] in
            var out: [UInt8] = []
            out.reserveCapacity(1536)
            CSV.appendLine(row(l), into: &out)
            return out
        }
        var out: [UInt8] = CSV.byteOrderMark
        out.reserveCapacity(lines.reduce(64) { $0 + $1.count })
        CSV.appendLine(columns, into: &out)
        for l in lines { out += l }
        return out
    }

    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        CSV.appendLine(fields, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func quoted(_ field: String) -> String {
        var out: [UInt8] = []
        CSV.appendField(field, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// `list.xlsx`: the rows and headers of list.csv as a workbook (frozen header, autofilter, PFLOPS
/// as numbers, the update date as a date). Its zip entries carry the commit's time, so the same
/// commit gives the same bytes.
public enum XLSXRenderer {
    static let kinds: [String: SheetTable.Kind] = [
        "quarter_pflops": .number, "updated": .date, "summary": .longText, "models": .longText, "compute": .longText,
    ]

    public static func render(_ selection: Selection, source: PublicationSource) throws -> [UInt8] {
        let columns = CSVRenderer.columns.map { SheetTable.Column($0, kinds[$0] ?? .text) }
        let rows = ParallelMap.map(selection.scenarios) { l -> [CellValue] in
            zip(CSVRenderer.columns, CSVRenderer.row(l)).map { key, text -> CellValue in
                if text.isEmpty { return .empty }
                switch kinds[key] {
                case .number?: return Double(text).map { .number($0) } ?? .text(text)
                case .date?: return SheetDate(text: text).map { .date($0) } ?? .text(text)
                default: return .text(text)
                }
            }
        }
        return try XLSXWriter.bytes(SheetTable(name: selection.quarter.description, columns: columns, rows: rows),
                                    modified: zipTime(source.commitDate))
    }

    /// The commit's time (ISO 8601 with offset); 1980-01-01, the first time a zip can hold, when it does not parse.
    static func zipTime(_ iso: String) -> Date {
        ISO8601DateFormatter().date(from: iso) ?? Date(timeIntervalSince1970: 315_532_800)
    }
}

/// `list.md`: the list for people reading it in a repository browser.
public enum MarkdownRenderer {
    public static func render(_ selection: Selection, source: PublicationSource) -> String {
        var head = "# \(escape(selection.catalogName)) · \(selection.quarter)\n\n"
        head += "人工智能应用场景清单 · AI application scenario list\n\n"
        head += "- 发布日期 Published: \(source.date)\n"
        head += "- 目录版本 Catalogue commit: `\(source.commit)`\n"
        head += "- 场景 Scenarios: \(selection.scenarios.count)\n"
        head += "- 本季度算力需求 Compute in the quarter: \(Figures.pflops(selection.totalPflops)) PFLOPS (FP16)\n\n"
        head += "## 分领域汇总 By sector\n\n"
        head += "| 领域 Sector | 场景 Scenarios | PFLOPS |\n|---|---:|---:|\n"
        return ListOutline(
            head: head,
            summaryRow: { sector, count, pflops in "| \(escape(sector.zh)) \(escape(sector.en)) | \(count) | \(pflops) |\n" },
            total: { count, pflops in "| **合计 Total** | **\(count)** | **\(pflops)** |\n" },
            sectionHead: { sector, count in
                "\n## \(escape(sector.zh)) \(escape(sector.en)) (\(count))\n\n"
                    + "| 编号 ID | 场景 Scenario | 城市 City | 阶段 Stage | 需求方 Demand | 模型 Models | PFLOPS |\n"
                    + "|---|---|---|---|---|---|---:|\n"
            },
            row: row
        ).render(selection)
    }

    static func row(_ l: ListedScenario) -> String {
        let s = l.scenario
        let title = escape(s.title) + (s.titleEn.map { "<br>" + escape($0) } ?? "")
        let models = l.models.map { escape(Summaries.model($0)) }.joined(separator: "<br>")
        return "| `\(s.id)` | \(title) | \(escape(l.cityName)) | \(s.stage.zh) \(s.stage.rawValue) | \(escape(s.demandOrg ?? "")) | \(models) | \(Figures.pflops(l.quarterPflops)) |\n"
    }

    /// Text safe inside a Markdown table cell: markup characters escaped, line breaks as spaces.
    public static func escape(_ s: String) -> String {
        let special = s.utf8.contains { b in
            switch b {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x7C, 0x23, 0x7E, 0x0A, 0x0D, 0x26: return true
            default: return false
            }
        }
        guard special else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~": out += "\\"; out.unicodeScalars.append(c)
            case "\n", "\r": out += " "
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// `list.html`: one self-contained printable page (no scripts, fonts, images or links to fetch),
/// grouped by sector, with counts and the compute summary.
public enum HTMLRenderer {
    static let style = """
    :root { color-scheme: light; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
           font-size: 10.5pt; line-height: 1.45; color: #111; margin: 2em auto; max-width: 72em; padding: 0 1em; }
    h1 { font-size: 20pt; margin: 0 0 .2em; }
    h2 { font-size: 14pt; margin: 1.6em 0 .5em; border-bottom: 2px solid #333; padding-bottom: .15em; }
    h2 .count { font-size: 10.5pt; font-weight: normal; color: #555; margin-left: .6em; }
    .sub { font-size: 12pt; color: #333; margin: 0 0 1em; }
    dl.meta { display: grid; grid-template-columns: max-content auto; gap: .2em 1.2em; margin: 0 0 1em; }
    dl.meta dt { color: #555; } dl.meta dd { margin: 0; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border: 1px solid #bbb; padding: .3em .45em; vertical-align: top; text-align: left; }
    th { background: #eee; font-weight: bold; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.id { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; max-width: 15em; overflow-wrap: anywhere; }
    .en { color: #555; font-size: 9pt; }
    .summary { color: #333; font-size: 9pt; margin-top: .2em; white-space: pre-line; }
    tfoot td { font-weight: bold; }
    ul.models { margin: 0; padding-left: 1.1em; }
    footer { margin-top: 2em; font-size: 9pt; color: #555; border-top: 1px solid #bbb; padding-top: .5em; }
    @page { size: A4 landscape; margin: 12mm; }
    @media print {
      body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
      section.sector { break-before: page; }
      thead { display: table-header-group; }
      tfoot { display: table-row-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      h2 { break-after: avoid; page-break-after: avoid; }
      th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    public static func render(_ selection: Selection, source: PublicationSource) -> String {
        let q = selection.quarter.description
        let name = escape(selection.catalogName)
        var head = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        head += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        head += "<meta name=\"generator\" content=\"scencat\">\n"
        head += "<title>\(name) · \(q) 人工智能应用场景清单</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        head += "<header>\n<h1>\(name)</h1>\n<p class=\"sub\">\(q) 人工智能应用场景清单 · AI application scenario list</p>\n"
        head += "<dl class=\"meta\">\n"
        head += "<dt>发布日期 Published</dt><dd>\(escape(source.date))</dd>\n"
        head += "<dt>目录版本 Catalogue commit</dt><dd><code>\(escape(source.commit))</code></dd>\n"
        head += "<dt>场景 Scenarios</dt><dd>\(selection.scenarios.count)</dd>\n"
        head += "<dt>本季度算力需求 Compute</dt><dd>\(Figures.pflops(selection.totalPflops)) PFLOPS (FP16)</dd>\n"
        head += "</dl>\n</header>\n"
        head += "<section class=\"overview\">\n<h2>分领域汇总 Summary by sector</h2>\n<table>\n"
        head += "<thead><tr><th>领域 Sector</th><th class=\"num\">场景 Scenarios</th><th class=\"num\">本季度算力 PFLOPS</th></tr></thead>\n<tbody>\n"
        var foot = "<footer>由 scencat 从目录版本 <code>\(escape(source.commit))</code> 生成；算力按 FP16 稠密 PFLOPS 计，"
        foot += "为本季度有效的需求之和。Generated by scencat from the catalogue commit above; compute is FP16 dense PFLOPS "
        foot += "needed in the quarter.</footer>\n</body>\n</html>\n"
        return ListOutline(
            head: head,
            summaryRow: { sector, count, pflops in
                "<tr><td><a href=\"#sector-\(escape(sector.id))\">\(escape(sector.zh))</a> <span class=\"en\">\(escape(sector.en))</span></td>"
                    + "<td class=\"num\">\(count)</td><td class=\"num\">\(pflops)</td></tr>\n"
            },
            total: { count, pflops in
                "</tbody>\n<tfoot><tr><td>合计 Total</td><td class=\"num\">\(count)</td>"
                    + "<td class=\"num\">\(pflops)</td></tr></tfoot>\n</table>\n</section>\n"
            },
            sectionHead: { sector, count in
                "<section class=\"sector\" id=\"sector-\(escape(sector.id))\">\n"
                    + "<h2>\(escape(sector.zh)) <span class=\"en\">\(escape(sector.en))</span><span class=\"count\">\(count) 项 scenarios</span></h2>\n"
                    + "<table>\n<thead><tr><th>编号 ID</th><th>场景 Scenario</th><th>城市 City</th><th>阶段 Stage</th>"
                    + "<th>需求方 Demand</th><th>模型 Models</th><th class=\"num\">PFLOPS</th></tr></thead>\n<tbody>\n"
            },
            row: row,
            sectionEnd: "</tbody>\n</table>\n</section>\n",
            foot: foot
        ).render(selection)
    }

    static func row(_ l: ListedScenario) -> String {
        let s = l.scenario
        var out = "<tr><td class=\"id\">\(escape(s.id))</td><td><strong>\(escape(s.title))</strong>"
        if let en = s.titleEn { out += "<br><span class=\"en\">\(escape(en))</span>" }
        if let summary = s.summary { out += "<div class=\"summary\">\(escape(summary))</div>" }
        out += "</td><td>\(escape(l.cityName))</td><td>\(s.stage.zh)<br><span class=\"en\">\(s.stage.rawValue)</span></td>"
        out += "<td>\(escape(s.demandOrg ?? ""))</td><td>"
        if !l.models.isEmpty {
            out += "<ul class=\"models\">"
            for m in l.models { out += "<li>\(escape(Summaries.model(m)))</li>" }
            out += "</ul>"
        }
        out += "</td><td class=\"num\">\(Figures.pflops(l.quarterPflops))</td></tr>\n"
        return out
    }

    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else {
            return s
        }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// The outline list.md and list.html share: a head with the publication's facts, a summary table
/// with a row per sector (its scenarios and their PFLOPS in the quarter) and a total row, then a
/// section per sector with a row per scenario (rendered on every core), and a foot. Each renderer
/// gives the pieces in its own markup.
struct ListOutline {
    /// Everything before the summary table's first row.
    var head: String
    var summaryRow: (_ sector: Sector, _ scenarios: Int, _ pflops: String) -> String
    /// The summary's total row and what closes the summary.
    var total: (_ scenarios: Int, _ pflops: String) -> String
    var sectionHead: (_ sector: Sector, _ scenarios: Int) -> String
    var row: @Sendable (ListedScenario) -> String
    var sectionEnd = ""
    var foot = ""

    func render(_ selection: Selection) -> String {
        let groups = selection.bySector
        var out = head
        for (sector, items) in groups {
            out += summaryRow(sector, items.count, Figures.pflops(items.reduce(0) { $0 + $1.quarterPflops }))
        }
        out += total(selection.scenarios.count, Figures.pflops(selection.totalPflops))
        for (sector, items) in groups {
            out += sectionHead(sector, items.count)
            for r in ParallelMap.map(items, row) { out += r }
            out += sectionEnd
        }
        return out + foot
    }
}
