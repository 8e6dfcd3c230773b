import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSheets
import Foundation
import Spreadsheet

extension ExportFormat: ExpressibleByArgument {}
extension ExportHeaders: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "export",
        abstract: Text.cliHelpExportAbstract.text,
        discussion: Text.cliHelpExportDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var filters: ListFilterOptions
    @Option(name: .shortAndLong, help: usage(.cliHelpExportOutput, "FILE"))
    var output: String
    @Option(help: usage(.cliHelpExportFormat)) var format: ExportFormat?
    @Option(help: usage(.cliHelpExportHeaders)) var headers: ExportHeaders = .zh
    @Flag(help: usage(.cliHelpExportInternal)) var includeInternal = false
    @Flag(help: usage(.cliHelpExportForce)) var force = false

    var resolvedFormat: ExportFormat {
        format ?? ExportFormat(fileName: output) ?? .xlsx
    }

    func validate() throws {
        if output == "-" && resolvedFormat == .xlsx { throw ValidationError(Text.cliExportStdoutXlsx.text) }
    }

    func run() throws {
        let layout = try catalog.layout()
        if output != "-" && !force && access(output, F_OK) == 0 {
            throw CommandFailure(.invalid, Text.cliExists(output))
        }
        let store = try freshStore(layout)
        if output == "-" {
            let table = try ExportTable.load(filters.query, store: store, headers: headers, includeInternal: includeInternal)
            guard let bytes = table.bytes(resolvedFormat) else { return }
            Terminal.write(String(decoding: bytes, as: UTF8.self))
            return
        }
        let count: Int
        do {
            count = try ExportTable.write(filters.query, store: store, headers: headers, includeInternal: includeInternal,
                                          to: output, format: resolvedFormat, modified: Date())
        } catch { throw CommandFailure(.environment, "scencat: \(ErrorWording.shown(error))") }
        Terminal.err(Text.cliExportWrote(count, Wording.language == .zh ? Names.kind(filters.what.kind) : filters.what.rawValue, output))
    }
}
