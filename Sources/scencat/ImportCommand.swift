import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSheets
import Foundation
import Spreadsheet

struct ImportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "import",
        abstract: Text.cliHelpImportAbstract.text,
        discussion: Text.cliHelpImportDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpImportFile, "FILE")) var file: String
    @Option(help: usage(.cliHelpImportSheet)) var sheet: String?
    @Option(name: .customLong("map"), help: usage(.cliHelpImportMap, "列名=field"))
    var maps: [String] = []
    @Flag(help: usage(.cliHelpDryRunPlan)) var dryRun = false
    @Option(help: usage(.cliHelpImportRejects, "PATH")) var rejects: String?

    func run() throws {
        let layout = try catalog.layout()
        let overrides: [String: String]
        do { overrides = try ImportPlanner.parseOverrides(maps) } catch { throw ValidationError("\(error)") }
        // The catalogue's side of the plan (the index brought up to date, the ids taken, the titles
        // there) is read while the sheet is: neither needs the other (docs/0038).
        let reading = Background { () throws -> (EntityStore, SheetImport.Catalogue) in
            let entities = try EntityStore(root: layout.root, index: try freshStore(layout))
            return (entities, try SheetImport.Catalogue(entities))
        }
        let source: SheetImport.Source
        do { source = try SheetImport.read(file, sheet: sheet) } catch {
            _ = try? reading.value()
            throw CommandFailure(.invalid, "scencat: \(ErrorWording.shown(error))")
        }
        let (entities, catalogue) = try reading.value()
        let plan: ImportPlan
        do { plan = try SheetImport.plan(source, file: file, catalogue: catalogue, overrides: overrides) } catch let e as ImportError {
            throw CommandFailure(.invalid, "scencat: \(e.message)")
        }
        Terminal.write(Self.describe(plan, encoding: source.encoding))
        printDiagnostics(plan.problems, root: "", limit: 200)
        let rejectPath = rejects ?? SheetImport.defaultRejectPath(for: file, csv: source.isCSV)
        var summary = Text.cliImportPlan(plan.adds.count, plan.duplicates.count, plan.duplicates.count == 1 ? "" : "s", plan.rejects.count)
        if dryRun {
            Terminal.err(summary + Text.cliDryRunNothingWritten.text)
        } else {
            let applied: SheetImport.Applied
            do {
                applied = try SheetImport.apply(plan, store: entities, rejectPath: rejectPath, csv: source.isCSV, modified: Date())
            } catch let e as ImportError {
                throw CommandFailure(.invalid, "scencat: \(e.message)")
            }
            printDiagnostics(applied.warnings, root: layout.root, limit: 20)
            summary = Text.cliImported(applied.added, applied.added == 1 ? "" : "s")
                + (plan.duplicates.isEmpty ? "" : Text.cliImportDuplicatesNotAdded(plan.duplicates.count, plan.duplicates.count == 1 ? "" : "s"))
                + (applied.rejectSheet.map { Text.cliImportRejectedWritten(plan.rejects.count, plan.rejects.count == 1 ? "" : "s", $0) } ?? "")
            Terminal.err("scencat: " + summary)
        }
        if !plan.rejects.isEmpty { throw CommandFailure(.invalid, "") }
    }

    /// The plan as lines: the header mapping, each row to add or reported, values not mapped.
    static func describe(_ plan: ImportPlan, encoding: CSV.Encoding?) -> String {
        var out = Text.cliImportSheet(plan.file, plan.sheet, encoding.map { " (\($0.rawValue))" } ?? "", plan.mapping.headerRow) + "\n"
        let mapped = plan.mapping.columns.filter { $0.field != nil }.map { "\($0.header) → \(Wording.language == .both ? $0.field! : Names.field($0.field!))\($0.overridden ? " (--map)" : "")" }
        out += Text.cliImportColumns(mapped.joined(separator: ", ")) + "\n"
        let skipped = plan.mapping.columns.filter { $0.field == nil && !$0.header.isEmpty }.map(\.header)
        if !skipped.isEmpty { out += Text.cliImportNotImported(skipped.joined(separator: ", ")) + "\n" }
        for a in plan.adds {
            out += Text.cliImportAddRow(a.row, a.scenario.id, a.scenario.title) + "\n"
        }
        for d in plan.duplicates {
            out += Text.cliImportDupRow(d.row, d.title, d.shownExisting, d.existingTitle, d.shownReason) + "\n"
        }
        for r in plan.rejects {
            out += Text.cliImportRejRow(r.row, r.problems.count, r.problems.count == 1 ? "" : "s") + "\n"
        }
        for u in plan.unmapped {
            out += Text.cliImportNotMapped(u.field, u.value, u.rows, u.rows == 1 ? "" : "s") + "\n"
        }
        return out
    }
}
