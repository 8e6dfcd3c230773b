import ArgumentParser
import CatalogCore
import CatalogFiles

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite catalogue files in canonical form (atomic writes); --check only lists them.",
        discussion: "With --check, prints each file that is not canonical and exits 1 if any. Files with errors are never rewritten.")

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: "Change nothing; list files that are not canonical and exit 1 if there are any.") var check = false

    func run() throws {
        let layout = try catalog.layout()
        let progress = Terminal.Progress(check ? "checking" : "formatting")
        let report = try CatalogFormatter.run(root: layout.root, check: check, progress: progress.update)
        progress.finish()
        let errors = report.diagnostics.filter { $0.severity == .error }
        printDiagnostics(errors, root: layout.root)
        for path in report.changed {
            Terminal.out(check ? "\(layout.path(path)): not canonical" : "\(layout.path(path)): reformatted")
        }
        Terminal.err("\(report.fileCount) files, \(report.changed.count) \(check ? "not canonical" : "reformatted")\(errors.isEmpty ? "" : ", \(errors.count) errors")")
        if !errors.isEmpty || (check && !report.changed.isEmpty) { throw CommandFailure(.invalid, "") }
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of the catalogue file format.",
        discussion: "The schema is the format's, the same for every catalogue: --catalog is accepted and not needed.")

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        Terminal.out(JSONSchemaExport.document().text())
    }
}
