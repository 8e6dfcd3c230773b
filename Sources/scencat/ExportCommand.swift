import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSheets
import Foundation
import Spreadsheet

extension ExportFormat: ExpressibleByArgument {}
extension ExportHeaders: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write scenarios, models or centers to an xlsx, CSV, JSON or YAML file.",
        discussion: """
        Takes every filter, search and sort that `list` takes, and writes all matching rows (--limit caps them).
        Scenarios' columns: 序号, 场景名称, 所属行业, 所属地市, 阶段, 状态, 需求方, 供给方, 场景简介, 关联模型,
        算力需求峰值, 分季度算力需求, 起始季度, 更新日期, 场景编号; 联系人 only with --include-internal.
        The format follows the file name (.xlsx, .csv, .json, .yaml) unless --format says otherwise.
        CSV is UTF-8 with a BOM and CRLF; cells beginning with = + - @ tab or CR get a leading ' so that no
        spreadsheet runs them as formulas (OWASP's advice). In xlsx every text cell is a string, never a formula.
        """)

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var filters: ListFilterOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (- for standard output, not for xlsx).", valueName: "FILE"))
    var output: String
    @Option(help: "xlsx, csv, json or yaml (default: from the file name's extension, else xlsx).") var format: ExportFormat?
    @Option(help: "Headers and names: zh (Chinese, the default), en, or id (field names and ids).") var headers: ExportHeaders = .zh
    @Flag(help: "Include internal fields (contact), which are never exported by default.") var includeInternal = false
    @Flag(help: "Replace FILE when it exists.") var force = false

    var resolvedFormat: ExportFormat {
        format ?? ExportFormat(fileName: output) ?? .xlsx
    }

    func validate() throws {
        if output == "-" && resolvedFormat == .xlsx { throw ValidationError("an xlsx workbook cannot go to standard output; name a file with -o FILE.xlsx") }
    }

    func run() throws {
        let layout = try catalog.layout()
        if output != "-" && !force && access(output, F_OK) == 0 {
            throw CommandFailure(.invalid, "scencat: \(output) exists; use --force to replace it")
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
        } catch { throw CommandFailure(.environment, "scencat: \(error)") }
        Terminal.err("scencat: wrote \(count) \(filters.what.rawValue) to \(output)")
    }
}
