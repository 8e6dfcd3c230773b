import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Spreadsheet
import Wording

/// Reading a submission file and carrying out an import plan (the effects around `ImportPlanner`).
public enum SheetImport {
    public struct Source: Sendable {
        public var sheet: Sheet
        /// For CSV: the encoding it was read in.
        public var encoding: CSV.Encoding?
        public var isCSV: Bool { encoding != nil }
    }

    /// Reads `path` as xlsx (a zip) or CSV (anything else), `sheet` chosen by name or 1-based number.
    public static func read(_ path: String, sheet: String? = nil) throws -> Source {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path, limit: 256 << 20) } catch { throw ImportError("\(path): \(error)") }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do {
                return Source(sheet: try XLSXReader(path: path).sheet(sheet), encoding: nil)
            } catch let e as SheetError {
                throw ImportError(e.message)
            }
        }
        let ext = (path as NSString).pathExtension.lowercased()
        if ["xlsx", "xlsm", "xls", "et"].contains(ext) {
            throw ImportError((ext == "xls" || ext == "et" ? Text.importErrOldWorkbook : Text.importErrNotZip).rendered(in: Wording.language, [path]))
        }
        if let sheet, sheet != "1" { throw ImportError(Text.importErrCSVSheet(path, sheet)) }
        do {
            let read = try CSV.read(bytes, name: (path as NSString).lastPathComponent)
            return Source(sheet: read.sheet, encoding: read.encoding)
        } catch let e as SheetError {
            throw ImportError("\(path): \(e.message)")
        }
    }

    /// What a plan checks rows against, read from the catalogue once: its taxonomy, the ids
    /// references may name, the scenarios already there (for duplicates) and every id taken. It
    /// does not depend on the sheet, so a caller may read it while the sheet is read (docs/0038).
    public struct Catalogue: Sendable {
        let known: CrossCheck.Known
        let taxonomy: Taxonomy
        let existing: DuplicateFinder
        let ids: Set<String>

        /// Reads it from `store`; the duplicate finder over every scenario's title (a third of a
        /// second at 100,000) is built on another thread while the ids are gathered.
        public init(_ store: EntityStore) throws {
            let existing = Background {
                DuplicateFinder(try store.index.scenarioTitles().map { ExistingScenario(id: $0.id, title: $0.title, city: $0.city) })
            }
            known = try store.known()
            taxonomy = try store.index.taxonomy()
            // Every id in the index, and every file name in the entity folders (read without a
            // `stat` each), in one set: an id suggestion tries several per row. `known`'s model
            // and center ids come from these two sources, so they are in it already.
            var ids = try store.index.allIds()
            EntityStore.entityNamesOnDisk(CatalogLayout(root: store.root), into: &ids)
            self.ids = ids
            self.existing = try existing.value()
        }
    }

    /// A planner fed from the catalogue (`Catalogue`). New scenarios are dated today, as the save
    /// dates them, so the plan's check is the save's.
    public static func plan(_ source: Source, file: String, catalogue: Catalogue, overrides: [String: String]) throws -> ImportPlan {
        var planner = ImportPlanner(taxonomy: catalogue.taxonomy, known: catalogue.known, overrides: overrides)
        planner.today = Journal.today()
        return try planner.plan(source.sheet, file: file, existing: catalogue.existing, isTaken: { catalogue.ids.contains($0) })
    }

    /// `plan` against the catalogue of `store` as it is now.
    public static func plan(_ source: Source, file: String, store: EntityStore, overrides: [String: String]) throws -> ImportPlan {
        try plan(source, file: file, catalogue: Catalogue(store), overrides: overrides)
    }

    /// The default reject sheet beside the input: `申报表.xlsx` → `申报表-问题行.xlsx`.
    public static func defaultRejectPath(for input: String, csv: Bool) -> String {
        let base = (input as NSString).deletingPathExtension
        return base + "-问题行." + (csv ? "csv" : "xlsx")
    }

    /// What applying a plan did.
    public struct Applied: Sendable {
        public var added: Int
        /// Where the reject sheet went (nil: no rows were rejected).
        public var rejectSheet: String?
        public var warnings: [Diagnostic]
    }

    /// Writes the plan's new scenarios as drafts in one journalled change (one `undo` removes them
    /// all), and the reject sheet. The reject sheet is written first and removed again when the
    /// save is refused, so either both are there or neither.
    public static func apply(_ plan: ImportPlan, store: EntityStore, rejectPath: String, csv: Bool, modified: Date) throws -> Applied {
        var wroteRejects = false
        if !plan.rejects.isEmpty {
            let table = ImportPlanner.rejectSheet(plan)
            do {
                if csv {
                    try AtomicFile.write(CSV.bytes(header: table.columns.map(\.header), rows: table.rows.map { $0.map(\.text) }), to: rejectPath)
                } else {
                    try XLSXWriter.write(table, to: rejectPath, modified: modified)
                }
            } catch {
                throw ImportError(Text.importErrRejectSheet(rejectPath, error))
            }
            wroteRejects = true
        }
        var done = false
        defer { if wroteRejects && !done { unlink(rejectPath) } }
        var warnings: [Diagnostic] = []
        if !plan.adds.isEmpty {
            let summary = "import \((plan.file as NSString).lastPathComponent) (\(plan.adds.count) scenario\(plan.adds.count == 1 ? "" : "s"))"
            // Rows the plan checked, dated as a save dates them, are written as checked; otherwise
            // (a planner without `today`) the save checks and dates them.
            let checked = plan.adds.compactMap(\.checked)
            let dated = checked.allSatisfy { if case .scenario(let s) = $0.entity { s.updated != nil } else { false } }
            let outcome = if let known = plan.checkedAgainst, checked.count == plan.adds.count, dated {
                try store.create(checked: checked, checkedAgainst: known, summary: summary)
            } else {
                try store.create(plan.adds.map { .scenario($0.scenario) }, summary: summary)
            }
            switch outcome {
            case .saved(_, let w):
                warnings = w
            case .invalid(let list):
                let rows = Dictionary(plan.adds.map { ($0.scenario.id, $0.row) }, uniquingKeysWith: { a, _ in a })
                let lines = list.prefix(10).map { item in
                    "\(plan.file):\(rows[item.id] ?? 0): error: \(item.issues.first?.diagnostic.shownMessage ?? Text.diagSheetDoesNotCheck.text)"
                }
                throw ImportError(Text.importErrRefused(lines.joined(separator: "\n")))
            case .changedOnDisk(let file):
                throw ImportError(Text.importErrAppeared(file))
            }
        }
        done = true
        return Applied(added: plan.adds.count, rejectSheet: wroteRejects ? rejectPath : nil, warnings: warnings)
    }
}
