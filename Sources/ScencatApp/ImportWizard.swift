import CatalogCore
import CatalogFiles
import CatalogSheets
import Foundation
import Spreadsheet
import TerminalKit

/// The import wizard (`I` on the Scenarios tab): choose a file, a sheet, see and fix the column
/// mapping, see the plan, confirm. Nothing is written before the confirmation (a dry run is the
/// default); the confirmation writes through `SheetImport.apply`, as `scencat import` does.
public struct ImportWizard: Sendable {
    public enum Step: Sendable, Equatable {
        case file, sheet, mapping, field, plan, confirm, running
    }

    public var step: Step = .file
    /// The folder scencat was started in: the files offered, and relative paths.
    public var directory: String
    /// Its .xlsx and .csv files.
    public var files: [String] = []
    public var fileCursor = ListState()
    /// The path typed (or the file picked, put here).
    public var path = TextInput("", placeholder: "申报表.xlsx")
    /// The file chosen: as typed (the plan's FILE in FILE:ROW:COL), and in full.
    public var file = ""
    public var fullPath = ""
    /// A workbook's sheets (empty for CSV).
    public var sheets: [SheetChoice] = []
    public var sheetCursor = ListState()
    /// The sheet chosen (nil: the first visible, or a CSV).
    public var sheet: String?
    /// Columns mapped by hand, as `--map 列名=field` (`-` ignores the column), in the order given.
    public var maps: [(header: String, field: String)] = []
    public var plan: ImportPlan?
    public var isCSV = false
    /// Why the sheet could not be planned, with the columns offered for mapping by hand.
    public var failure: ImportFailure?
    public var columnCursor = ListState()
    public var fieldCursor = ListState()
    public var planScroll = 0
    /// Whether the Import button is selected in the confirmation (Back is, when it opens).
    public var importSelected = false

    public init(directory: String) { self.directory = directory }

    var keyContexts: [KeyContext] {
        switch step {
        case .file: return [.importFile]
        case .sheet: return [.importSheet]
        case .mapping: return [.importMapping]
        case .field: return [.importField]
        case .plan: return [.importPlan]
        case .confirm: return [.confirm]
        case .running: return []
        }
    }

    /// One column of the mapping step: its letter, header and field (nil: ignored).
    struct ColumnRow: Equatable {
        var letter: String
        var header: String
        var field: String?
        var byHand: Bool
    }

    /// The columns as the planner mapped them; after a failure, the likeliest header row's.
    var columns: [ColumnRow] {
        if let plan {
            return plan.mapping.columns.map { ColumnRow(letter: ColumnName.letters($0.index), header: $0.header, field: $0.field, byHand: $0.overridden) }
        }
        return (failure?.headers ?? []).enumerated().map { i, header in
            let mapped = maps.last { $0.header == header }?.field
            return ColumnRow(letter: ColumnName.letters(i), header: header, field: mapped == "-" ? nil : mapped, byHand: mapped != nil)
        }
    }

    /// The field picker's choices: ignore, then every field an import fills.
    static let fieldChoices: [String?] = [nil] + ImportPlanner.fields.map { Optional($0) }

    /// Where the reject sheet goes: beside the source, as `scencat import` puts it.
    var rejectPath: String { SheetImport.defaultRejectPath(for: fullPath, csv: isCSV) }

    /// `--map` entries for the planner.
    var mapEntries: [String] { maps.map { "\($0.header)=\($0.field)" } }

    mutating func map(_ header: String, to field: String?) {
        maps.removeAll { $0.header == header }
        maps.append((header, field ?? "-"))
    }

    // MARK: Layout (shared by update and the view)

    /// The wizard's box: the screen under the header, above the status line and the hint bar.
    static func box(_ size: Size) -> Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 3)) }
    /// Inside the box's border (what `Overlays.box` returns).
    static func inner(_ size: Size) -> Rect { Border.inner(box(size)).inset(horizontal: 1) }
    /// Lines above a step's list or table.
    static let headLines = 2
    /// Rows of a step's list, or lines of the plan, shown at once.
    static func listRows(_ size: Size) -> Int { max(1, inner(size).height - headLines) }

    /// The plan as lines at `width`: counts, then the rows to add, the duplicates, the rejected
    /// rows with every FILE:ROW:COL reason (wrapped), and the values not mapped.
    func planLines(width: Int) -> [PlanLine] {
        guard let plan else { return [] }
        var out: [PlanLine] = []
        let rowWidth = 6
        // A row's number, then its text; wrapped lines start under the text.
        func add(_ text: String, _ kind: PlanLine.Kind, row: Int? = nil) {
            let number = "  " + (row.map { "\($0)" } ?? "").padded(toWidth: rowWidth)
            let wrapped = TextWrap.wrap(text, width: max(8, width - number.displayWidth))
            for (i, line) in wrapped.enumerated() {
                out.append(PlanLine(text: (i == 0 ? number : String(repeating: " ", count: number.displayWidth)) + line, kind: kind))
            }
        }
        out.append(PlanLine(text: ImportTexts.addHeading(plan.adds.count), kind: .heading))
        for a in plan.adds { add("\(a.scenario.id)  \(a.scenario.title)", .add, row: a.row) }
        out.append(PlanLine(text: ImportTexts.duplicateHeading(plan.duplicates.count), kind: .heading))
        for d in plan.duplicates { add("\(d.title) ≈ \(d.existing) \(d.existingTitle) (\(d.reason))", .duplicate, row: d.row) }
        out.append(PlanLine(text: ImportTexts.rejectHeading(plan.rejects.count), kind: .heading))
        for r in plan.rejects {
            for p in r.problems { add(p.formatted(), .reject, row: r.row) }
        }
        if !plan.unmapped.isEmpty {
            out.append(PlanLine(text: ImportTexts.unmappedHeading, kind: .heading))
            for u in plan.unmapped { add("\(u.field) '\(u.value)' (\(u.rows) \(u.rows == 1 ? "row" : "rows"))", .reject) }
        }
        return out
    }

    /// The largest scroll of the plan at this size.
    func planMaxScroll(_ size: Size) -> Int {
        max(0, planLines(width: ImportWizard.inner(size).width).count - ImportWizard.listRows(size))
    }
}

/// A line of the plan table.
struct PlanLine: Equatable {
    enum Kind { case heading, add, duplicate, reject }
    var text: String
    var kind: Kind
}

/// The wizard's texts, together so that they can move into the message tables.
enum ImportTexts {
    static let title = "导入场景 Import scenarios"
    static let stepTitles: [ImportWizard.Step: String] = [
        .file: "1/4 选择文件 Choose a file", .sheet: "2/4 选择工作表 Choose a sheet", .mapping: "3/4 表头对应 Columns",
        .field: "3/4 表头对应 Columns", .plan: "4/4 计划 Plan · 预演，未写入 dry run", .confirm: "4/4 确认 Confirm",
        .running: "正在导入 Importing…",
    ]
    static let pathLabel = "路径 Path: "
    static let noFiles = "（此文件夹没有 .xlsx 或 .csv · no .xlsx or .csv here: type a path）"
    static let emptyPath = "请输入或选择文件 · type or pick a file"
    static let hidden = "（隐藏 hidden）"
    static let ignored = "忽略 ignored"
    static let byHand = "（手动 by hand）"
    static let planning = "计划中 planning…"
    static let notScenarios = "导入场景请在场景标签页按 I · import from the Scenarios tab (1, then I)"
    static let fixMapping = "先修正表头对应 · map the columns first (enter on a column)"
    static let nothingToImport = "没有可导入的行 · nothing to import: every row is a duplicate"
    static let confirmTitle = "导入 Import"
    static let confirmButtons = ["y 导入 Import", "n 返回 Back"]
    static let unmappedHeading = "未能对应的值 Values not mapped"
    static let columnsHead = "列 Col  表头 Header → 字段 Field"

    static func folder(_ directory: String) -> String { "位于 in \(directory) · ↑↓ 选择 pick" }
    static func sheetHead(_ file: String) -> String { "\(file) 有多个工作表 has several sheets:" }
    static func mappingHead(_ plan: ImportPlan) -> String {
        "\(plan.file) · 工作表 sheet \(plan.sheet) · 表头在第 \(plan.mapping.headerRow) 行 header row \(plan.mapping.headerRow)"
    }
    static func planHead(_ plan: ImportPlan) -> String {
        "新增 add \(plan.adds.count) · 疑似重复 duplicates \(plan.duplicates.count) · 拒绝 rejected \(plan.rejects.count)"
    }
    static func addHeading(_ n: Int) -> String { "新增 Rows to add (\(n)) — 行 row, 建议编号 suggested id, 标题 title" }
    static func duplicateHeading(_ n: Int) -> String { "疑似重复 Likely duplicates (\(n)) — 不导入 not added" }
    static func rejectHeading(_ n: Int) -> String { "拒绝 Rejected (\(n)) — 写入问题行表 go to the reject sheet" }

    /// What a field is, in both languages.
    static func field(_ field: String?) -> String {
        guard let field else { return ignored }
        let zh = ["title": "场景名称", "title_en": "英文名称", "sector": "所属行业", "city": "所属地市", "stage": "阶段",
                  "demand_org": "需求方", "supplier_orgs": "供给方", "summary": "场景简介", "contact": "联系人",
                  "since": "起始季度", "tags": "标签", "data_class": "数据分级", "links": "链接"][field]
        return zh.map { "\($0) \(field)" } ?? field
    }

    static func confirmBody(_ plan: ImportPlan, rejectPath: String) -> [String] {
        var body = ["导入 \(plan.adds.count) 个场景为草稿（一次更改，u 可全部撤销）。",
                    "Import \(plan.adds.count) scenarios as drafts, in one change (u undoes it all)."]
        if !plan.duplicates.isEmpty { body.append("\(plan.duplicates.count) 行疑似重复，不导入 · likely duplicates, not added.") }
        if !plan.rejects.isEmpty {
            let name = (rejectPath as NSString).lastPathComponent
            body.append("\(plan.rejects.count) 行拒绝，写入源文件旁的 \(name) · rejected rows go to \(name) beside the source.")
        }
        return body
    }

    static func imported(_ added: Int, rejectSheet: String?, rejected: Int) -> String {
        "已导入 \(added) 个草稿场景 · \(added) drafts imported"
            + (rejectSheet.map { " · \(rejected) 行拒绝 rejected → \($0)" } ?? " (u undoes)")
    }

    static func failed(_ reason: String) -> String { "无法导入，未写入 · cannot import, nothing written: \(reason)" }
}
