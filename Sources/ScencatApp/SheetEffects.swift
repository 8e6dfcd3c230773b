import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSheets
import Foundation
import Spreadsheet
import Wording

/// Spreadsheet work of the terminal UI: the export `x` writes, the import wizard's reading,
/// planning and writing. Run by `EffectRunner` through CatalogSheets, exactly as `scencat export`
/// and `scencat import` run it.
public enum SheetEffect: Sendable {
    /// Write the rows of `query` to `path` (full path) in `format`; unless `replace`, a file
    /// already there is only reported (`exportExists`) so that the user is asked first.
    case export(ListQuery, path: String, format: ExportFormat, replace: Bool)
    /// The .xlsx and .csv files in a folder, for the wizard's first step.
    case listFiles(directory: String)
    /// Open a sheet file: its sheets (nil for CSV, which has one).
    case openWorkbook(path: String)
    /// Plan the import of `path`'s `sheet` (nil: the first visible), with `maps` as `--map` takes them.
    case plan(path: String, file: String, sheet: String?, maps: [String])
    /// Carry the plan out as `scencat import` does: drafts in one journalled change, the reject sheet.
    case apply(ImportPlan, rejectPath: String, csv: Bool)
}

/// A sheet of a workbook, as the wizard offers it.
public struct SheetChoice: Sendable, Equatable {
    public var name: String
    public var hidden: Bool
    public init(name: String, hidden: Bool) {
        self.name = name
        self.hidden = hidden
    }
}

/// Why the planner could not plan, and the columns of the likeliest header row, so that the
/// wizard can still offer to map them (a sheet whose title column the synonym table lacks).
public struct ImportFailure: Sendable, Equatable {
    public var message: String
    public var headers: [String]
    public init(message: String, headers: [String] = []) {
        self.message = message
        self.headers = headers
    }
}

/// The results of `SheetEffect`s.
public enum SheetResult: Sendable {
    case exported(path: String, rows: Int)
    case exportExists(path: String)
    case exportFailed(String)
    case files([String])
    case workbookOpened(path: String, sheets: [SheetChoice]?)
    case planned(ImportPlan, csv: Bool)
    case importFailed(ImportFailure)
    case imported(added: Int, rejectSheet: String?, warnings: Int)
}

extension Runtime {
    /// Writing an export, planning and applying an import run off the UI loop, one after
    /// another (100,000 rows take tens of seconds: the screen says it is working meanwhile);
    /// their results come back as actions. Listing a folder and opening a workbook run here.
    func startSheetsJob(_ effect: SheetEffect) -> Bool {
        switch effect {
        case .listFiles, .openWorkbook: return false
        case .export, .plan, .apply: break
        }
        let inbox = self.inbox
        let runner = self.runner
        syncJobs.submit {
            for action in runner.performSheets(effect) { inbox.post(action) }
        }
        return true
    }
}

extension EffectRunner {
    func performSheets(_ effect: SheetEffect) -> [Action] {
        switch effect {
        case .export(let query, let path, let format, let replace):
            if !replace && access(path, F_OK) == 0 { return [.sheets(.exportExists(path: path))] }
            do {
                let rows = try ExportTable.write(query, store: store, to: path, format: format, modified: Date())
                return [.sheets(.exported(path: path, rows: rows))]
            } catch {
                return [.sheets(.exportFailed(ErrorWording.shown(error)))]
            }
        case .listFiles(let directory):
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            let sheets = names.filter { ["xlsx", "csv"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
            return [.sheets(.files(sheets.sorted()))]
        case .openWorkbook(let path):
            do {
                let source = try SheetImport.read(path)
                if source.isCSV { return [.sheets(.workbookOpened(path: path, sheets: nil))] }
                let sheets = try XLSXReader(path: path).sheets.map { SheetChoice(name: $0.name, hidden: $0.hidden) }
                return [.sheets(.workbookOpened(path: path, sheets: sheets))]
            } catch {
                return [.sheets(.importFailed(ImportFailure(message: ErrorWording.shown(error))))]
            }
        case .plan(let path, let file, let sheet, let maps):
            guard let entities else { return [.sheets(.importFailed(ImportFailure(message: entitiesError ?? "")))] }
            var source: SheetImport.Source?
            do {
                let overrides = try ImportPlanner.parseOverrides(maps)
                source = try SheetImport.read(path, sheet: sheet)
                let plan = try SheetImport.plan(source!, file: file, store: entities, overrides: overrides)
                return [.sheets(.planned(plan, csv: source!.isCSV))]
            } catch {
                return [.sheets(.importFailed(ImportFailure(message: ErrorWording.shown(error), headers: source.map { Self.likelyHeader($0.sheet) } ?? [])))]
            }
        case .apply(let plan, let rejectPath, let csv):
            guard let entities else { return [.sheets(.importFailed(ImportFailure(message: entitiesError ?? "")))] }
            do {
                let applied = try SheetImport.apply(plan, store: entities, rejectPath: rejectPath, csv: csv, modified: Date())
                return [.sheets(.imported(added: applied.added, rejectSheet: applied.rejectSheet, warnings: applied.warnings.count))]
            } catch {
                return [.sheets(.importFailed(ImportFailure(message: ErrorWording.shown(error))))]
            }
        }
    }

    /// When no header row is found: the row among the first ones with the most different texts
    /// (a merged title row repeats one text), offered for mapping by hand.
    static func likelyHeader(_ sheet: Sheet) -> [String] {
        var best: [String] = [], bestCount = 0
        for row in sheet.rows.prefix(ImportPlanner.headerSearchRows) {
            let texts = row.cells.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            let count = Set(texts.filter { !$0.isEmpty }).count
            if count > bestCount { (best, bestCount) = (texts, count) }
        }
        return best
    }
}
