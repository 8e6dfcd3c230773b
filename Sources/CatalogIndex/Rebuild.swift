import CatalogCore
import CatalogFiles
import Foundation

extension Indexer {
    /// `index --rebuild`: builds a new index in a file beside the current one and, only when the
    /// catalogue is valid, swaps it in with a rename. Deleting 100,000 rows in place would cost
    /// more than loading them; a failed rebuild leaves the last good index untouched.
    /// No `IndexStore` of this catalogue may be open in this process while it runs.
    public static func rebuild(root: String, progress: ((Int, Int) -> Void)? = nil) throws -> IndexReport {
        try FileManager.default.createDirectory(atPath: IndexStore.directory(catalogRoot: root), withIntermediateDirectories: true)
        let target = IndexStore.databasePath(catalogRoot: root)
        let fresh = target + ".rebuild"
        removeDatabase(at: fresh)
        var report: IndexReport
        do {
            let store = try IndexStore(buildingAt: fresh)
            report = try Indexer(root: root, store: store).run(rebuild: false, progress: progress)
            try store.close()
        } catch {
            removeDatabase(at: fresh)
            throw error
        }
        report.rebuilt = true
        guard report.committed else {
            removeDatabase(at: fresh)
            return report
        }
        // The old database's WAL must not outlive it: SQLite would replay it into the new file.
        unlink(target + "-wal")
        unlink(target + "-shm")
        guard rename(fresh, target) == 0 else {
            throw FileError(target, "cannot replace the index: \(String(cString: strerror(errno)))")
        }
        unlink(fresh + "-wal")
        unlink(fresh + "-shm")
        return report
    }

    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
