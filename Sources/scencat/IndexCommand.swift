import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

struct IndexCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "index",
        abstract: Text.cliHelpIndexAbstract.text,
        discussion: Text.cliHelpIndexDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: usage(.cliHelpRebuild)) var rebuild = false
    @Flag(help: usage(.cliHelpIndexCheck)) var check = false
    @Flag(name: .shortAndLong, help: usage(.cliHelpVerbose)) var verbose = false

    func run() throws {
        let layout = try catalog.layout()
        // Damage the run meets is healed; --check reads every page so damage anywhere is met.
        let report = try rebuild ? runIndex(layout, rebuild: true) : healingIndex(layout) {
            let store = try openStore(layout)
            if check { do { try store.check() } catch { throw IndexDamage.of(error) ?? error } }
            return try runIndex(layout, rebuild: false, store: store)
        }
        printDiagnostics(report.diagnostics, root: layout.root)
        let summary = Text.cliIndexSummary(report.filesScanned, report.filesParsed, report.filesTouched, report.filesRemoved)
        if !report.committed {
            throw CommandFailure(.invalid, Text.cliIndexNotUpdated(report.diagnostics.errorCount))
        }
        if verbose || Terminal.stderrIsTTY { Terminal.err(Text.cliIndexed(summary, report.rebuilt ? Text.cliRebuilt.text : "")) }
    }
}

/// Opens the index store, mapping failures to the environment exit code (a damaged index is
/// passed on as `IndexDamage`, for `healingIndex` to rebuild).
func openStore(_ layout: CatalogLayout, memory: IndexStore.Memory = .command) throws -> IndexStore {
    do {
        return try IndexStore(catalogRoot: layout.root, memory: memory)
    } catch {
        if let damage = IndexDamage.of(error) { throw damage }
        throw CommandFailure(.environment, Text.cliCannotOpenIndex(layout.stateDirectory, error))
    }
}

/// Runs `body`; when it finds the index damaged, says so, rebuilds the index from the files and
/// runs `body` once more. For commands that may write the index.
func healingIndex<T>(_ layout: CatalogLayout, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let damage as IndexDamage {
        let path = IndexStore.databasePath(catalogRoot: layout.root)
        Terminal.err(Text.cliIndexDamagedRebuilding(path, ErrorWording.shown(damage)))
        IndexStore.removeDamaged(catalogRoot: layout.root)
        return try body()
    }
}

/// Runs the indexer with a progress bar on a terminal.
/// `store`: the index to bring up to date (opened here when nil; a rebuild makes a new one).
func runIndex(_ layout: CatalogLayout, rebuild: Bool, store: IndexStore? = nil) throws -> IndexReport {
    let progress = Terminal.Progress(rebuild ? Text.cliProgressRebuilding.text : Text.cliProgressIndexing.text)
    defer { progress.finish() }
    do {
        if rebuild { return try Indexer.rebuild(root: layout.root, progress: progress.update) }
        let store = try store ?? openStore(layout)
        return try Indexer(root: layout.root, store: store).run(rebuild: false, progress: progress.update)
    } catch let e as CommandFailure {
        throw e
    } catch {
        if let damage = IndexDamage.of(error) { throw damage }
        throw CommandFailure(.environment, Text.cliIndexingFailed(error))
    }
}

/// The index, refreshed first so every query answers for the files as they are now.
/// When the catalogue has errors, queries run on the last good index after a warning.
func freshStore(_ layout: CatalogLayout) throws -> IndexStore {
    // A catalogue this user cannot write is queried as last indexed.
    if !IndexStore.isWritable(catalogRoot: layout.root) {
        guard IndexStore.exists(catalogRoot: layout.root) else {
            throw CommandFailure(.environment, Text.cliReadOnlyNoIndex(layout.stateDirectory))
        }
        do {
            let store = try IndexStore(readOnlyCatalogRoot: layout.root)
            Terminal.err(Text.cliReadOnlyNote.text)
            return store
        } catch {
            throw CommandFailure(.environment, Text.cliReadOnlyCannotRead(layout.stateDirectory, IndexDamage.of(error).map { Text.cliReadOnlyDamaged(ErrorWording.shown($0)) } ?? "\(error)"))
        }
    }
    let (store, report) = try healingIndex(layout) {
        let store = try openStore(layout)
        return (store, try runIndex(layout, rebuild: false, store: store))
    }
    if !report.committed {
        printDiagnostics(report.diagnostics.filter { $0.severity == .error }, root: layout.root, limit: 10)
        Terminal.err(Text.cliShowingLastGoodIndex.text)
    }
    return store
}
