import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import Wording

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the SQLite index (.scencat/) up to date; only new and changed files are read.",
        discussion: """
        On errors nothing is written: the index keeps its last good state, and the command exits 1.
        A damaged index (overwritten, truncated, not a database) is named and rebuilt from the files.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Flag(help: "Rebuild the index from scratch.") var rebuild = false
    @Flag(help: "Read every page of the index first (PRAGMA quick_check; ~0.3 s per 100 MB); a damaged index is rebuilt.") var check = false
    @Flag(name: .shortAndLong, help: "Print what was done.") var verbose = false

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
        Terminal.err(Text.cliIndexDamagedRebuilding(path, damage.reason))
        IndexStore.removeDamaged(catalogRoot: layout.root)
        return try body()
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
        if let damage = IndexDamage.of(error) { throw damage }
        throw CommandFailure(.environment, "scencat: indexing failed: \(error)")
    }
}

/// The index, refreshed first so every query answers for the files as they are now.
/// When the catalogue has errors, queries run on the last good index after a warning.
func freshStore(_ layout: CatalogLayout) throws -> IndexStore {
    // A catalogue this user cannot write is queried as last indexed.
    if !IndexStore.isWritable(catalogRoot: layout.root) {
        guard IndexStore.exists(catalogRoot: layout.root) else {
            throw CommandFailure(.environment, "scencat: \(layout.stateDirectory) cannot be written and holds no index; run scencat index as a user who can write the catalogue")
        }
        do {
            let store = try IndexStore(readOnlyCatalogRoot: layout.root)
            Terminal.err("scencat: note: the catalogue is read-only here: answering from its index as last written (not refreshed)")
            return store
        } catch {
            throw CommandFailure(.environment, "scencat: cannot read the index in \(layout.stateDirectory) (read-only): \(IndexDamage.of(error).map { "\($0.reason); run scencat index --rebuild as a user who can write it" } ?? "\(error)")")
        }
    }
    let (store, report) = try healingIndex(layout) {
        let store = try openStore(layout)
        return (store, try runIndex(layout, rebuild: false, store: store))
    }
    if !report.committed {
        printDiagnostics(report.diagnostics.filter { $0.severity == .error }, root: layout.root, limit: 10)
        Terminal.err("scencat: warning: the catalogue has errors; showing the last good index")
    }
    return store
}
