import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogSync
import Wording

struct ValidateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "validate",
        abstract: Text.cliHelpValidateAbstract.text,
        discussion: Text.cliHelpValidateDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Flag(help: usage(.cliHelpStrict)) var strict = false

    func run() throws {
        let layout = try catalog.layout()
        let progress = Terminal.Progress(Text.cliProgressChecking.text)
        let report = CatalogCheck.run(root: layout.root, progress: progress.update)
        progress.finish()
        let failed = report.diagnostics.hasErrors || (strict && !report.diagnostics.isEmpty)
        if output.format == .json || output.format == .yaml || output.format == .csv {
            let rows: [JSONValue] = report.diagnostics.map { d in
                .object([("file", .string(layout.path(d.file))), ("line", .int(d.position.line)), ("column", .int(d.position.column)),
                         ("severity", .string(d.severity.rawValue)), ("message", .string(d.message))])
            }
            Terminal.out(JSONValue.object([
                ("ok", .bool(!failed)), ("files", .int(report.fileCount)),
                ("errors", .int(report.diagnostics.errorCount)), ("warnings", .int(report.diagnostics.warningCount)),
                ("diagnostics", .array(rows)),
            ]).text())
        } else {
            printDiagnostics(report.diagnostics, root: layout.root)
            let counts = EntityKind.allCases.map { Text.validateKindCount(report.counts[$0] ?? 0, Wording.language == .zh ? Names.kind($0) : $0.plural) }
                .joined(separator: Text.listSeparator.text)
            Terminal.err(Text.validateSummary(report.fileCount + 4, counts, report.diagnostics.errorCount, report.diagnostics.warningCount))
        }
        if report.register?.book.isEmpty ?? true { Terminal.err(Text.cliNote(Text.cliRegisterUncheckedNote.text)) }
        // A clone whose merge driver cannot run would merge entity files by git's rules alone.
        if let repo = try? CatalogRepository.open(catalogRoot: layout.root), let problem = Registration.problem(repo) {
            Terminal.err(Text.cliWarning(problem))
        }
        if failed { throw CommandFailure(.invalid, "") }
    }
}
