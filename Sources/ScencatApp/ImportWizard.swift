import CatalogCore
import CatalogFiles
import CatalogSheets
import Foundation
import Spreadsheet
import TerminalKit
import Wording

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
        for d in plan.duplicates { add("\(d.title) ≈ \(d.shownExisting) \(d.existingTitle) (\(d.shownReason))", .duplicate, row: d.row) }
        out.append(PlanLine(text: ImportTexts.rejectHeading(plan.rejects.count), kind: .heading))
        for r in plan.rejects {
            for p in r.problems { add(p.shown(), .reject, row: r.row) }
        }
        if !plan.unmapped.isEmpty {
            out.append(PlanLine(text: Text.importUnmappedHeading.text, kind: .heading))
            for u in plan.unmapped { add("\(u.field) '\(u.value)' (\(ImportTexts.unmappedRows(u.rows)))", .reject) }
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

/// The wizard's texts, from the wording tables.
enum ImportTexts {
    static func stepTitle(_ step: ImportWizard.Step) -> String {
        switch step {
        case .file: return Text.importStepFile.text
        case .sheet: return Text.importStepSheet.text
        case .mapping, .field: return Text.importStepColumns.text
        case .plan: return Text.importStepPlan.text
        case .confirm: return Text.importStepConfirm.text
        case .running: return Text.importStepRunning.text
        }
    }
    static var confirmButtons: [String] { [Text.importButtonImport.text, Text.importButtonBack.text] }

    static func folder(_ directory: String) -> String { Text.importFolder(directory) }
    static func sheetHead(_ file: String) -> String { Text.importSheetHead(file) }
    static func mappingHead(_ plan: ImportPlan) -> String { Text.importMappingHead(plan.file, plan.sheet, plan.mapping.headerRow) }
    static func planHead(_ plan: ImportPlan) -> String { Text.importPlanHead(plan.adds.count, plan.duplicates.count, plan.rejects.count) }
    static func addHeading(_ n: Int) -> String { Text.importAddHeading(n) }
    static func duplicateHeading(_ n: Int) -> String { Text.importDuplicateHeading(n) }
    static func rejectHeading(_ n: Int) -> String { Text.importRejectHeading(n) }
    static func unmappedRows(_ n: Int) -> String { n == 1 ? Text.importUnmappedRow(n) : Text.importUnmappedRows(n) }

    static let fieldNames: [String: Text] = [
        "title": .importFieldTitle, "title_en": .importFieldTitleEn, "sector": .importFieldSector, "city": .importFieldCity,
        "stage": .importFieldStage, "demand_org": .importFieldDemandOrg, "supplier_orgs": .importFieldSupplierOrgs,
        "summary": .importFieldSummary, "contact": .importFieldContact, "since": .importFieldSince, "tags": .importFieldTags,
        "data_class": .importFieldDataClass, "links": .importFieldLinks,
    ]

    /// What a field is, in the language in effect.
    static func field(_ field: String?) -> String {
        guard let field else { return Text.importIgnored.text }
        return fieldNames[field]?.text ?? field
    }

    static func confirmBody(_ plan: ImportPlan, rejectPath: String) -> [String] {
        var body = Text.importConfirmBody.lines(plan.adds.count)
        if !plan.duplicates.isEmpty { body.append(Text.importConfirmDuplicates(plan.duplicates.count)) }
        if !plan.rejects.isEmpty {
            body.append(Text.importConfirmRejects(plan.rejects.count, (rejectPath as NSString).lastPathComponent))
        }
        return body
    }

    static func imported(_ added: Int, rejectSheet: String?, rejected: Int) -> String {
        rejectSheet.map { Text.importImportedRejects(added, rejected, $0) } ?? Text.importImported(added)
    }

    static func failed(_ reason: String) -> String { Text.importFailed(reason) }
}
