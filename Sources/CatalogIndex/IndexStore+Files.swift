import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// An entity the index lists but whose file no longer holds what was indexed (changed, removed
/// or unreadable since): the index keeps no copy of entities (docs/0029), so it cannot be shown
/// until the index is brought up to date — which happens once the catalogue has no errors.
public struct IndexStale: Error, CustomStringConvertible, Sendable, Equatable, CodedError {
    /// The file, relative to the catalogue.
    public var path: String

    public init(path: String) { self.path = path }

    public var description: String {
        "\(path) changed after the index was last brought up to date and cannot be shown; the index follows once the catalogue has no errors (scencat validate lists them)"
    }

    public var coded: CodedMessage? { CodedMessage(description, "indexStale", [path]) }
}

extension IndexStore {
    /// The reader of the catalogue's files (nil for an index outside a catalogue).
    var fileReader: CatalogReader? { catalogRoot.map { CatalogReader(root: $0) } }

    /// The entity with `id` as its file holds it — the file whose content hash the index
    /// recorded. Throws `IndexStale` when the file changed since (the index shows nothing it
    /// cannot vouch for); nil when no entity has the id.
    public func entity(id: String) throws -> Entity? {
        guard let row = try pool.read({
            try Row.fetchOne($0, sql: "SELECT e.file, f.hash FROM entity e JOIN file f ON f.path = e.file WHERE e.id = ?", arguments: [id])
        }) else { return nil }
        return try IndexStore.readIndexed(id: id, file: row[0], hash: row[1], reader: fileReader).get()
    }

    /// The entity `file` holds if its content hash is still `hash` (the one the index recorded)
    /// and its id `id`, else `IndexStale`: the check every read of an indexed entity goes through.
    static func readIndexed(id: String, file: String, hash: String?, reader: CatalogReader?) -> Result<Entity, IndexStale> {
        guard let reader, let hash, let entity = reader.readEntity(file, expectingHash: hash), entity.id == id else {
            return .failure(IndexStale(path: file))
        }
        return .success(entity)
    }

    /// `readIndexed` for a scenario: another kind of entity in the file is as stale as a changed one.
    static func readIndexedScenario(id: String, file: String, hash: String?, reader: CatalogReader?) -> Result<Scenario, IndexStale> {
        readIndexed(id: id, file: file, hash: hash, reader: reader).flatMap { entity in
            guard case .scenario(let s) = entity else { return .failure(IndexStale(path: file)) }
            return .success(s)
        }
    }

    /// The name (scenario title, model or center name) of the entity with `id`, from the index
    /// alone (no file read): what links and confirmations show.
    public func entityName(id: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT name FROM entity WHERE id = ?", arguments: [id]) }
    }

    /// The scenarios with these ids, in the same order (nil where an id is no scenario): what an
    /// export writes beyond a list's columns. Read from their files on every core, each checked
    /// against the hash the index recorded (`IndexStale` when one changed since); callers with
    /// many ids pass them a few thousand at a time.
    public func scenarios(ids: [String]) throws -> [Scenario?] {
        guard !ids.isEmpty else { return [] }
        let files: [String: (file: String, hash: String)] = try pool.read { db in
            var out: [String: (file: String, hash: String)] = [:]
            out.reserveCapacity(ids.count)
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.id, e.file, f.hash FROM entity e JOIN file f ON f.path = e.file
                WHERE e.kind = 'Scenario' AND e.id IN (\(marks))
                """, arguments: StatementArguments(ids))
            while let row = try rows.next() { out[row[0]] = (row[1], row[2]) }
            return out
        }
        let reader = fileReader
        let read = ParallelMap.map(ids) { id -> Result<Scenario?, IndexStale> in
            guard let f = files[id] else { return .success(nil) }
            return IndexStore.readIndexedScenario(id: id, file: f.file, hash: f.hash, reader: reader).map { $0 }
        }
        return try read.map { try $0.get() }
    }
}

extension IndexStore {
    /// The `meta` key counting dead rows of the text indexes (see `IndexWriter.forgetSearchDocument`).
    static let deadDocumentsKey = "dead_documents"
    /// Dead rows are tolerated below this many (and below a fifth of the live rows).
    public static let deadDocumentsMinimum = 1_000

    static func deadDocuments(_ db: Database) throws -> Int {
        Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [deadDocumentsKey]) ?? "") ?? 0
    }

    /// Dead rows in the text indexes: entities changed or removed since the text index was built.
    public func deadDocuments() throws -> Int {
        try pool.read { try IndexStore.deadDocuments($0) }
    }

    /// Whether the text indexes hold so many dead rows (at least `minimum`, and at least a fifth of
    /// the live entities) that the index should be loaded afresh: dead rows cost space and skew
    /// bm25's collection statistics, though no query ever returns one.
    public func needsReload(minimum: Int = IndexStore.deadDocumentsMinimum) throws -> Bool {
        try pool.read { db in
            let dead = try IndexStore.deadDocuments(db)
            guard dead >= minimum, dead > 0 else { return false }
            let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM entity") ?? 0
            return dead * 5 >= live
        }
    }
}
