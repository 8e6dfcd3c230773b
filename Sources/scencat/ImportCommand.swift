import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSheets
import Foundation
import Spreadsheet

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add scenarios from a city's submission sheet (xlsx or CSV) as drafts.",
        discussion: """
        Finds the header row below any title rows, maps headers by the synonym table (场景名称 → title,
        需求单位 → demand_org, 城市 → city, 领域 → sector, …) and values to the taxonomy (深圳市 → shenzhen,
        医疗卫生 → healthcare). Rows that look like an existing scenario (same title and city, or nearly the
        same title) are reported, not added; rows with bad cells are rejected with FILE:ROW:COL: error: lines.
        Without --dry-run the new scenarios are saved as status: draft in one change (one `scencat undo`
        removes them all) and the rejected rows go to a reject sheet with a 问题 column, for the city to fix.
        CSV may be UTF-8 (with or without BOM) or GBK/GB18030. Exit 1 when any row is rejected.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("The submission sheet (.xlsx or .csv).", valueName: "FILE")) var file: String
    @Option(help: "The sheet, by name or number (default: the first visible sheet).") var sheet: String?
    @Option(name: .customLong("map"), help: ArgumentHelp("Map a column: 列名=field (or 列名=- to leave it out). Repeatable.", valueName: "列名=field"))
    var maps: [String] = []
    @Flag(help: "Show the plan; write nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Where the reject sheet goes (default: FILE-问题行.xlsx beside FILE).", valueName: "PATH")) var rejects: String?

    func run() throws {
        let layout = try catalog.layout()
        let overrides: [String: String]
        do { overrides = try ImportPlanner.parseOverrides(maps) } catch { throw ValidationError("\(error)") }
        let source: SheetImport.Source
        do { source = try SheetImport.read(file, sheet: sheet) } catch { throw CommandFailure(.invalid, "scencat: \(error)") }
        let store = try freshStore(layout)
        let entities = try EntityStore(root: layout.root, index: store)
        let plan: ImportPlan
        do { plan = try SheetImport.plan(source, file: file, store: entities, overrides: overrides) } catch let e as ImportError {
            throw CommandFailure(.invalid, "scencat: \(e.message)")
        }
        Terminal.write(Self.describe(plan, encoding: source.encoding))
        printDiagnostics(plan.problems, root: "", limit: 200)
        let rejectPath = rejects ?? SheetImport.defaultRejectPath(for: file, csv: source.isCSV)
        var summary = "plan: \(plan.adds.count) to add, \(plan.duplicates.count) duplicate\(plan.duplicates.count == 1 ? "" : "s"), \(plan.rejects.count) rejected"
        if dryRun {
            Terminal.err(summary + " (dry run: nothing written)")
        } else {
            let applied: SheetImport.Applied
            do {
                applied = try SheetImport.apply(plan, store: entities, rejectPath: rejectPath, csv: source.isCSV, modified: Date())
            } catch let e as ImportError {
                throw CommandFailure(.invalid, "scencat: \(e.message)")
            }
            printDiagnostics(applied.warnings, root: layout.root, limit: 20)
            summary = "imported \(applied.added) scenario\(applied.added == 1 ? "" : "s") as drafts (undo with `scencat undo`)"
                + (plan.duplicates.isEmpty ? "" : "; \(plan.duplicates.count) duplicate\(plan.duplicates.count == 1 ? "" : "s") not added")
                + (applied.rejectSheet.map { "; \(plan.rejects.count) rejected row\(plan.rejects.count == 1 ? "" : "s") written to \($0)" } ?? "")
            Terminal.err("scencat: " + summary)
        }
        if !plan.rejects.isEmpty { throw CommandFailure(.invalid, "") }
    }

    /// The plan as lines: the header mapping, each row to add or reported, values not mapped.
    static func describe(_ plan: ImportPlan, encoding: CSV.Encoding?) -> String {
        var out = "\(plan.file): sheet '\(plan.sheet)'\(encoding.map { " (\($0.rawValue))" } ?? ""), header row \(plan.mapping.headerRow)\n"
        let mapped = plan.mapping.columns.filter { $0.field != nil }.map { "\($0.header) → \($0.field!)\($0.overridden ? " (--map)" : "")" }
        out += "  columns: \(mapped.joined(separator: ", "))\n"
        let skipped = plan.mapping.columns.filter { $0.field == nil && !$0.header.isEmpty }.map(\.header)
        if !skipped.isEmpty { out += "  not imported: \(skipped.joined(separator: ", "))\n" }
        for a in plan.adds {
            out += "add  row \(a.row): \(a.scenario.id)  \(a.scenario.title)\n"
        }
        for d in plan.duplicates {
            out += "dup  row \(d.row): \(d.title) — looks like \(d.existing) \(d.existingTitle) (\(d.reason)); not added\n"
        }
        for r in plan.rejects {
            out += "rej  row \(r.row): \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s")\n"
        }
        for u in plan.unmapped {
            out += "not mapped: \(u.field) '\(u.value)' (\(u.rows) row\(u.rows == 1 ? "" : "s"))\n"
        }
        return out
    }
}
