import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles

struct FmtCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "fmt",
        abstract: Text.cliHelpFmtAbstract.text,
        discussion: Text.cliHelpFmtDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: usage(.cliHelpFmtCheck)) var check = false

    func run() throws {
        let layout = try catalog.layout()
        let progress = Terminal.Progress(check ? Text.cliProgressChecking.text : Text.cliProgressFormatting.text)
        let report = try CatalogFormatter.run(root: layout.root, check: check, progress: progress.update)
        progress.finish()
        let errors = report.diagnostics.filter { $0.severity == .error }
        printDiagnostics(errors, root: layout.root)
        for path in report.changed {
            Terminal.out(check ? Text.cliFmtNotCanonical(layout.path(path)) : Text.cliFmtReformatted(layout.path(path)))
        }
        let errorCount = errors.isEmpty ? "" : Text.cliFmtErrors(errors.count)
        Terminal.err(check ? Text.cliFmtSummaryCheck(report.fileCount, report.changed.count, errorCount)
                           : Text.cliFmtSummary(report.fileCount, report.changed.count, errorCount))
        if !errors.isEmpty || (check && !report.changed.isEmpty) { throw CommandFailure(.invalid, "") }
    }
}

struct SchemaCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "schema",
        abstract: Text.cliHelpSchemaAbstract.text,
        discussion: Text.cliHelpSchemaDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        Terminal.out(JSONSchemaExport.document().text())
    }
}
