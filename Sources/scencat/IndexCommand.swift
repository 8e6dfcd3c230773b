import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the SQLite index (.scencat/) up to date; only new and changed files are read.",
        discussion: "On errors nothing is written: the index keeps its last good state, and the command exits 1.")

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: "Rebuild the index from scratch.") var rebuild = false
    @Flag(name: .shortAndLong, help: "Print what was done.") var verbose = false

    func run() throws {
        let layout = try catalog.layout()
        let report = try runIndex(layout, rebuild: rebuild)
        printDiagnostics(report.diagnostics, root: layout.root)
        let summary = "\(report.filesScanned) files: \(report.filesParsed) read, \(report.filesTouched) touched, \(report.filesRemoved) removed"
        if !report.committed {
            throw CommandFailure(.invalid, "index not updated (\(report.diagnostics.errorCount) errors); it keeps its last good state")
        }
        if verbose || Terminal.stderrIsTTY { Terminal.err("indexed \(summary)\(report.rebuilt ? " (rebuilt)" : "")") }
    }
}

/// Opens the index store, mapping failures to the environment exit code.
func openStore(_ layout: CatalogLayout) throws -> IndexStore {
    do {
        return try IndexStore(catalogRoot: layout.root)
    } catch {
        throw CommandFailure(.environment, "scencat: cannot open the index in \(layout.stateDirectory): \(error)")
    }
}

/// Runs the indexer with a progress bar on a terminal.
/// `store`: the index to bring up to date (opened here when nil; a rebuild makes a new one).
func runIndex(_ layout: CatalogLayout, rebuild: Bool, store: IndexStore? = nil) throws -> IndexReport {
    let progress = Terminal.Progress(rebuild ? "rebuilding index" : "indexing")
    defer { progress.finish() }
    do {
        if rebuild { return try Indexer.rebuild(root: layout.root, progress: progress.update) }
        let store = try store ?? openStore(layout)
        return try Indexer(root: layout.root, store: store).run(rebuild: false, progress: progress.update)
    } catch let e as CommandFailure {
        throw e
    } catch {
        throw CommandFailure(.environment, "scencat: indexing failed: \(error)")
    }
}

/// The index, refreshed first so every query answers for the files as they are now.
/// When the catalogue has errors, queries run on the last good index after a warning.
func freshStore(_ layout: CatalogLayout) throws -> IndexStore {
    let store = try openStore(layout)
    let report = try runIndex(layout, rebuild: false, store: store)
    if !report.committed {
        printDiagnostics(report.diagnostics.filter { $0.severity == .error }, root: layout.root, limit: 10)
        Terminal.err("scencat: warning: the catalogue has errors; showing the last good index")
    }
    return store
}
