import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// A damaged database file — the index or the journal overwritten, truncated, or not a database at
/// all. The index is derived: a command that may write rebuilds it; the journal is set aside.
public struct IndexDamage: Error, CustomStringConvertible, Sendable, CodedError {
    /// SQLite's words for it: `database disk image is malformed`, `file is not a database`.
    public var reason: String
    /// The reason's code (a `Text` key, Wording) when scencat knows it; nil for SQLite's rarer words.
    public var code: String?

    public init(reason: String, code: String? = nil) {
        self.reason = reason
        self.code = code
    }

    public var description: String { reason }

    /// The reason, coded: SQLite's two common findings, a check that found damage, an index made by
    /// another version, stored data that does not read back (`…; run \`scencat index --rebuild\``).
    public var coded: CodedMessage? {
        if let code { return CodedMessage(reason, code, [reason]) }
        if reason.hasSuffix("; run `scencat index --rebuild`") { return CodedMessage(reason, "indexDamageStored", [reason]) }
        return nil
    }

    /// The damage `error` reports, if it is one (also inside an `IndexDamage`).
    public static func of(_ error: Error) -> IndexDamage? {
        if let d = error as? IndexDamage { return d }
        guard let e = error as? DatabaseError, e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB else { return nil }
        let code = e.resultCode == .SQLITE_NOTADB ? "indexDamageNotADatabase"
            : e.message == "database disk image is malformed" ? "indexDamageMalformed" : nil
        return IndexDamage(reason: e.message ?? "\(e.resultCode)", code: code)
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
        if result != ["ok"] { throw IndexDamage(reason: result.first ?? "quick_check failed", code: "indexDamageCheck") }
    }
}
