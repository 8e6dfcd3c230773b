import CatalogFiles
import Foundation
import GRDB

/// A damaged database file — the index or the journal overwritten, truncated, or not a database at
/// all. The index is derived: a command that may write rebuilds it; the journal is set aside.
public struct IndexDamage: Error, CustomStringConvertible, Sendable {
    /// SQLite's words for it: `database disk image is malformed`, `file is not a database`.
    public var reason: String

    public var description: String { reason }

    /// The damage `error` reports, if it is one (also inside an `IndexDamage`).
    public static func of(_ error: Error) -> IndexDamage? {
        if let d = error as? IndexDamage { return d }
        guard let e = error as? DatabaseError, e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB else { return nil }
        return IndexDamage(reason: e.message ?? "\(e.resultCode)")
    }
}

extension IndexStore {
    /// Removes a damaged index (its database and WAL files), so the next run builds a new one.
    public static func removeDamaged(catalogRoot: String) {
        let path = databasePath(catalogRoot: catalogRoot)
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    /// Reads a page of every table, so a damaged file is found when it is opened rather than by
    /// the first query that happens to touch the damage: `PRAGMA quick_check` on the index, which
    /// reads every page (about 1 s per 100 MB).
    public func check() throws {
        let result = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(1)") }
        if result != ["ok"] { throw IndexDamage(reason: result.first ?? "quick_check failed") }
    }
}
