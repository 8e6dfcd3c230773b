import CatalogCore
import CatalogFiles
import Dispatch
import Foundation
import GRDB

/// One entity to store: what its file holds and where each reference sits in it.
public struct IndexItem: Sendable {
    public var entity: Entity
    public var file: FileRecord
    public var references: [Reference]

    public init(entity: Entity, file: FileRecord, references: [Reference]) {
        self.entity = entity
        self.file = file
        self.references = references
    }
}

/// The only way to change the index, handed out by `IndexStore.write`: everything done through one
/// writer is one transaction, committed when the `write` body returns and rolled back when it throws.
///
/// A writer must not escape its `write` body. Upserting into an empty index (after `removeAll()`,
/// or the first time) is a bulk load: secondary indexes are dropped and built again when the body
/// ends, and `upsert(contentsOf:)` prepares rows on all cores — feed it batches of a few thousand.
public final class IndexWriter {
    let db: Database
    /// Accelerator id → FP16 TFLOPS per card, from the taxonomy as stored now.
    private(set) var tflops: [String: Double]
    /// Models whose `used_by` count may be stale; `everyModelDirty` after bulk changes.
    private var dirtyModels: Set<String> = []
    var everyModelDirty = false
    /// Dead rows in the text indexes (`meta.dead_documents`), once this transaction changed them.
    private var deadDocuments: Int?
    /// The text-index documents that files held before the caller changed them, by path
    /// (`Indexer.run(only:previous:)`): an entity whose recorded file hash is one of these has its
    /// rows removed exactly instead of left dead (see `forgetSearchDocument`).
    var formerDocuments: [String: FormerDocument] = [:]
    /// nil until the first upsert decides; true while secondary indexes are dropped.
    var bulk: Bool?
    /// FTS5's incremental merging is off until `finish` (`upsert(prepared:)` of many rows).
    var mergingPaused = false
    /// Files or entities changed, and whether the scan fingerprint they match was given.
    private var filesChanged = false
    private var fingerprintGiven = false
    /// What this transaction changed, so checks can look at that alone.
    var changes = Changes()

    struct Changes {
        /// Entity rows written (their references may be new).
        var rows: Set<Int64> = []
        /// Models written (a new status may change warnings about links to them).
        var models: Set<String> = []
        /// Ids that lost their entity (references to them may now dangle).
        var removedIds: Set<String> = []
        /// A sector, city or accelerator went away.
        var taxonomyShrunk = false
        /// Too much changed to look piece by piece (bulk load, `removeAll`).
        var everything = false
    }

    init(_ db: Database) throws {
        self.db = db
        tflops = try IndexWriter.loadTflops(db)
    }

    static func loadTflops(_ db: Database) throws -> [String: Double] {
        var map: [String: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, fp16_tflops FROM taxonomy_accelerator") {
            map[row[0]] = row[1]
        }
        return map
    }

    // MARK: Catalogue-wide data

    /// Replaces the three taxonomies. When an accelerator's TFLOPS changed (or one appeared or went),
    /// compute PFLOPS are recomputed so demand figures follow the taxonomy.
    public func replaceTaxonomy(_ taxonomy: Taxonomy) throws {
        filesChanged = true
        let before = Set(try String.fetchAll(db, sql: """
            SELECT 's:' || id FROM taxonomy_sector UNION ALL SELECT 'c:' || id FROM taxonomy_city
            UNION ALL SELECT 'a:' || id FROM taxonomy_accelerator
            """))
        let after = Set(taxonomy.sectors.map { "s:" + $0.id } + taxonomy.cities.map { "c:" + $0.id } + taxonomy.accelerators.map { "a:" + $0.id })
        if !before.isSubset(of: after) { changes.taxonomyShrunk = true }
        try db.execute(sql: "DELETE FROM taxonomy_sector; DELETE FROM taxonomy_city; DELETE FROM taxonomy_accelerator")
        for (i, s) in taxonomy.sectors.enumerated() {
            try db.execute(sql: "INSERT OR REPLACE INTO taxonomy_sector (id, ord, zh, en) VALUES (?, ?, ?, ?)", arguments: [s.id, i, s.zh, s.en])
        }
        for (i, c) in taxonomy.cities.enumerated() {
            try db.execute(sql: "INSERT OR REPLACE INTO taxonomy_city (id, ord, zh, en) VALUES (?, ?, ?, ?)", arguments: [c.id, i, c.zh, c.en])
        }
        for (i, a) in taxonomy.accelerators.enumerated() {
            try db.execute(sql: """
                INSERT OR REPLACE INTO taxonomy_accelerator (id, ord, name, vendor, domestic, fp16_tflops) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [a.id, i, a.name, a.vendor, a.domestic, a.fp16Tflops])
        }
        if try IndexWriter.loadTflops(db) != tflops {
            try recomputeCompute()
        }
    }

    /// Stores `catalog.yaml` (nil removes it).
    public func setCatalogInfo(_ info: CatalogInfo?) throws {
        if let info {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try setMeta("catalog", String(decoding: try encoder.encode(info), as: UTF8.self))
        } else {
            try setMeta("catalog", nil)
        }
    }

    /// Sets one `meta` value (`indexed_at`, …); nil deletes it.
    public func setMeta(_ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    // MARK: Files and entities

    /// Records a file that holds no entity (`catalog.yaml`, `taxonomy/*.yaml`), so the next scan
    /// can tell whether it changed.
    public func recordFile(_ file: FileRecord) throws {
        try recordFile(file, entityId: nil)
    }

    /// Records the fingerprint of the full scan this transaction brings the index up to
    /// (`Indexer.run`); any other change of files forgets the stored one when it commits.
    func setScanFingerprint(_ text: String) throws {
        try setMeta(IndexStore.scanFingerprintKey, text)
        fingerprintGiven = true
    }

    private func recordFile(_ file: FileRecord, entityId: String?) throws {
        filesChanged = true
        try RawStatement(db, "INSERT OR REPLACE INTO file (path, size, mtime_ns, hash, entity_id) VALUES (?, ?, ?, ?, ?)")
            .run([.text(file.path), .int(file.size), .int(file.mtimeNs), .text(file.hash), SQLValue(entityId)])
    }

    /// Sets the size and time stamp of files recorded in this transaction: a batch records its
    /// files while they are still being written (`EntityStore.create(checked:…)`).
    func restamp(_ files: [(path: String, size: Int64, mtimeNs: Int64)]) throws {
        let update = try RawStatement(db, "UPDATE file SET size = ?, mtime_ns = ? WHERE path = ?")
        for f in files { try update.run([.int(f.size), .int(f.mtimeNs), .text(f.path)]) }
    }

    /// The file that defines `id`, if any.
    public func owner(of id: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT file FROM entity WHERE id = ?"), arguments: [id])
    }

    /// Stores `entity` as read from `file`, replacing what that file held before, with every
    /// reference it makes and its position.
    ///
    /// Throws `IndexError.duplicateId` — before changing anything, so the caller may go on — when
    /// another file already defines the id: remove vanished files before upserting changed ones.
    public func upsert(_ entity: Entity, file: FileRecord, references: [Reference]) throws {
        let item = IndexItem(entity: entity, file: file, references: references)
        if let conflict = try store(item, EntityColumns(entity, file: file.path, accelerators: tflops)) {
            throw conflict
        }
    }

    /// Stores many entities, preparing their rows on all cores first. Items whose id another file
    /// already defines are skipped and returned as `IndexError.duplicateId`, in item order.
    public func upsert(contentsOf items: [IndexItem]) throws -> [IndexError] {
        let rows = EntityColumns.prepare(items, accelerators: tflops)
        var conflicts: [IndexError] = []
        for (item, columns) in zip(items, rows) {
            if let conflict = try store(item, columns) { conflicts.append(conflict) }
        }
        return conflicts
    }

    /// Items with their rows computed, ready to store: `prepare` runs without the database, so
    /// the indexer computes them on other threads while SQLite writes the previous batch.
    public struct PreparedItem: Sendable {
        let item: IndexItem
        let columns: EntityColumns
    }

    /// Computes the rows of `items` on all cores; `accelerators` are the taxonomy's FP16 TFLOPS
    /// per card, which must be those the index holds when the items are stored.
    public static func prepare(_ items: [IndexItem], accelerators: [String: Double]) -> [PreparedItem] {
        zip(items, EntityColumns.prepare(items, accelerators: accelerators)).map { PreparedItem(item: $0, columns: $1) }
    }

    /// Stores prepared items, like `upsert(contentsOf:)`; many at once with the text tables'
    /// merging paused (`pauseMerging(for:)`).
    public func upsert(prepared: [PreparedItem]) throws -> [IndexError] {
        try enterBulkModeIfEmpty()
        try pauseMerging(for: prepared.count)
        var conflicts: [IndexError] = []
        for p in prepared {
            if let conflict = try store(p.item, p.columns) { conflicts.append(conflict) }
        }
        return conflicts
    }

    private func store(_ item: IndexItem, _ columns: EntityColumns) throws -> IndexError? {
        try enterBulkModeIfEmpty()
        let pk: Int64
        if bulk == true, let inserted = try insertIfNew(columns) {
            pk = inserted
        } else {
            switch try replaceRow(item, columns) {
            case .success(let p): pk = p
            case .failure(let conflict): return conflict
            }
        }
        try insertLinks(of: item.entity, pk: pk)
        let refInsert = try RawStatement(db, "INSERT INTO ref (entity, seq, kind, target, line, col, field) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (seq, r) in item.references.enumerated() {
            try refInsert.run([.int(pk), .int(Int64(seq)), .text(r.kind.rawValue), .text(r.target),
                               .int(Int64(r.position.line)), .int(Int64(r.position.column)), .text(r.field)])
        }
        try RawStatement(db, "INSERT INTO search (rowid, name, orgs, tags, summary, ident, kind) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .run([.int(pk)] + columns.search.map(SQLValue.text))
        try RawStatement(db, "INSERT INTO search_name (rowid, name, kind) VALUES (?, ?, ?)")
            .run([.int(pk), .text(columns.search[0]), .text(columns.search[5])])
        try storePinyin(item.entity, columns, pk: pk)
        if case .model = item.entity { markModelDirty(item.entity.id) }
        if !changes.everything {
            changes.rows.insert(pk)
            if case .model = item.entity { changes.models.insert(item.entity.id) }
        }
        try recordFile(item.file, entityId: item.entity.id)
        return nil
    }

    private static let insertSQL = "INSERT INTO entity (\(EntityColumns.names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: EntityColumns.names.count).joined(separator: ", ")))"

    /// The bulk path: inserts without looking first, and returns nil (changing nothing) when the id
    /// or file is already there, for `replaceRow` to sort out.
    private func insertIfNew(_ columns: EntityColumns) throws -> Int64? {
        do {
            try RawStatement(db, IndexWriter.insertSQL).run(columns.values)
            return db.lastInsertedRowID
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            return nil
        }
    }

    /// Writes the entity row of `item`, replacing the row its file held (under this or another id);
    /// fails when another file holds the id.
    private func replaceRow(_ item: IndexItem, _ columns: EntityColumns) throws -> Result<Int64, IndexError> {
        let id = item.entity.id, path = item.file.path
        var previous: (pk: Int64, id: String)?
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT pk, id, file FROM entity WHERE id = ? OR file = ?"),
                                    arguments: [id, path]) {
            let rowFile: String = row[2]
            if rowFile == path {
                previous = (row[0], row[1])
            } else {
                return .failure(.duplicateId(id: id, file: path, existingFile: rowFile))
            }
        }
        if let previous, previous.id == id {
            // A new row (a new pk: AUTOINCREMENT never gives one twice), so the text indexes'
            // rows of the old one are dead rather than wrong (see `forgetSearchDocument`).
            try forgetLinks(of: previous.pk)
            try db.cachedStatement(sql: "DELETE FROM entity WHERE pk = ?").execute(arguments: [previous.pk])
            changes.rows.remove(previous.pk)
        } else if let previous {
            try deleteEntity(pk: previous.pk)
        }
        try RawStatement(db, IndexWriter.insertSQL).run(columns.values)
        return .success(db.lastInsertedRowID)
    }

    /// Forgets `path` and the entity it defined, if any.
    public func remove(file path: String) throws {
        filesChanged = true
        if let pk = try Int64.fetchOne(db.cachedStatement(sql: "SELECT pk FROM entity WHERE file = ?"), arguments: [path]) {
            try deleteEntity(pk: pk)
        }
        try db.cachedStatement(sql: "DELETE FROM file WHERE path = ?").execute(arguments: [path])
    }

    /// Empties the index of entities, files, taxonomy and catalogue info (for `index --rebuild`);
    /// the upserts that follow are a bulk load.
    public func removeAll() throws {
        filesChanged = true
        try db.execute(sql: """
            DELETE FROM ref; DELETE FROM compute_need; DELETE FROM scenario_model; DELETE FROM entity;
            DELETE FROM file; DELETE FROM meta;
            DELETE FROM taxonomy_sector; DELETE FROM taxonomy_city; DELETE FROM taxonomy_accelerator;
            """)
        // Deleting FTS rows one by one re-tokenizes each; dropping the tables is instant.
        for t in IndexSchema.searchTables { try db.execute(sql: "DROP TABLE \(t)") }
        try db.execute(sql: IndexSchema.searchTablesSQL)
        try removeAllPinyin()
        deadDocuments = 0
        tflops = [:]
        dirtyModels = []
        everyModelDirty = true
        changes = Changes(everything: true)
        if bulk != true { bulk = nil }
    }

    private func deleteEntity(pk: Int64) throws {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, kind FROM entity WHERE pk = ?"), arguments: [pk]) {
            if row[1] == EntityKind.model.rawValue { markModelDirty(row[0]) }
            if !changes.everything {
                changes.removedIds.insert(row[0])
                changes.rows.remove(pk)
            }
        }
        try forgetLinks(of: pk)
        try db.cachedStatement(sql: "DELETE FROM entity WHERE pk = ?").execute(arguments: [pk])
    }

    /// Deletes what hangs off an entity row: links, compute, references and its search document.
    private func forgetLinks(of pk: Int64) throws {
        for model in try String.fetchAll(db.cachedStatement(sql: "SELECT model_id FROM scenario_model WHERE scenario = ?"), arguments: [pk]) {
            markModelDirty(model)
        }
        try db.cachedStatement(sql: "DELETE FROM scenario_model WHERE scenario = ?").execute(arguments: [pk])
        try db.cachedStatement(sql: "DELETE FROM compute_need WHERE scenario = ?").execute(arguments: [pk])
        try db.cachedStatement(sql: "DELETE FROM ref WHERE entity = ?").execute(arguments: [pk])
        try forgetSearchDocument(of: pk)
        try forgetPinyin(pk)
    }

    /// Leaves an entity's rows in the text indexes (`search`, `search_name`) as dead rows and
    /// counts them (`search_pinyin` is told its words again, `forgetPinyin`: they come from the
    /// name the row still holds). The tables are contentless and SQLite 3.40 has no
    /// `contentless_delete`: FTS5 removes a row only when told the exact text it indexed, and
    /// once the file changed that text is gone (the index keeps no copy of entities, docs/0029).
    /// A dead row's rowid is a pk that no longer exists and never will again (AUTOINCREMENT), and
    /// every query of a text index joins `entity` on it, so a dead row is never found. bm25's
    /// collection statistics still count it; `Indexer` reloads the index once dead rows are
    /// `IndexStore.deadDocumentsMinimum` and a fifth of the live ones (`needsReload`).
    ///
    /// When the caller that changed the file kept what it held before (a save, an undo), and
    /// those bytes are the ones the index recorded (same content hash, same id), their document
    /// is the text FTS5 indexed — decoding and `EntityColumns.searchDocument` are deterministic,
    /// and the schema identifier names the tokenization — so the rows are removed exactly
    /// and nothing is left dead.
    private func forgetSearchDocument(of pk: Int64) throws {
        if !formerDocuments.isEmpty,
           let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT e.id, e.file, f.hash FROM entity e JOIN file f ON f.path = e.file WHERE e.pk = ?"),
                                      arguments: [pk]),
           let former = formerDocuments[row[1] as String], former.hash == (row[2] as String?), former.id == (row[0] as String) {
            try RawStatement(db, "INSERT INTO search (search, rowid, \(IndexSchema.searchColumns.joined(separator: ", "))) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)")
                .run([.int(pk)] + former.search.map(SQLValue.text))
            try RawStatement(db, "INSERT INTO search_name (search_name, rowid, name, kind) VALUES ('delete', ?, ?, ?)")
                .run([.int(pk), .text(former.search[0]), .text(former.search[5])])
            return
        }
        let before = try deadDocuments ?? IndexStore.deadDocuments(db)
        deadDocuments = before + 1
    }

    /// What a file held before a change, as the text index knows it.
    struct FormerDocument: Sendable {
        let hash: String
        let id: String
        /// `EntityColumns.searchDocument` of the entity the bytes hold.
        let search: [String]
    }

    /// The documents of files' former bytes (path → bytes), decoded on every core; bytes that hold
    /// no entity are left out (their rows, if any, are left dead as before).
    static func formerDocuments(_ previous: [String: [UInt8]]) -> [String: FormerDocument] {
        let pairs = Array(previous)
        let documents = ParallelMap.map(pairs) { path, bytes -> FormerDocument? in
            guard let entity = CatalogReader.entity(decoding: bytes, as: path) else { return nil }
            return FormerDocument(hash: ContentHash.of(bytes), id: entity.id, search: EntityColumns.searchDocument(entity))
        }
        var out: [String: FormerDocument] = [:]
        for (pair, document) in zip(pairs, documents) { out[pair.0] = document }
        return out
    }

    private func insertLinks(of entity: Entity, pk: Int64) throws {
        guard case .scenario(let s) = entity else { return }
        // A plain INSERT of each model once (the last link to it wins, as INSERT OR REPLACE did): a
        // REPLACE into a table with an index needs a statement savepoint, at which FTS5 flushes its
        // pending rows, so every linked scenario would write text-index segments of its own (docs/0017).
        let link = try RawStatement(db, "INSERT INTO scenario_model (scenario, model_id, role) VALUES (?, ?, ?)")
        var seen = Set<String>()
        for l in s.models.reversed() where seen.insert(l.model).inserted {
            try link.run([.int(pk), .text(l.model), .text(l.role.rawValue)])
            markModelDirty(l.model)
        }
        let need = try RawStatement(db, """
            INSERT INTO compute_need (scenario, row, workload, amount, unit, accelerator, precision, center_id, from_q, until_q, pflops,
                                      live, sector, city)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let live: SQLValue = .int(s.status == .withdrawn ? 0 : 1)
        for (i, c) in s.compute.enumerated() {
            try need.run([.int(pk), .int(Int64(i)), .text(c.workload.rawValue), .real(c.amount), .text(c.unit.rawValue),
                          SQLValue(c.accelerator), SQLValue(c.precision?.rawValue), SQLValue(c.center), .int(Int64(c.from.ordinal)),
                          SQLValue(c.until?.ordinal), SQLValue(ComputeMath.pflops(c, accelerators: tflops)),
                          live, .text(s.sector), .text(s.city)])
        }
    }

    // MARK: Derived columns

    private func markModelDirty(_ id: String) {
        if !everyModelDirty { dirtyModels.insert(id) }
    }

    /// Recomputes every compute row's PFLOPS and every scenario's peak demand from the stored
    /// taxonomy. `replaceTaxonomy` calls it when accelerator TFLOPS change; call it after editing
    /// the taxonomy tables any other way.
    public func recomputeCompute() throws {
        tflops = try IndexWriter.loadTflops(db)
        try db.execute(sql: """
            UPDATE compute_need SET pflops = CASE unit
                WHEN 'pflops' THEN amount
                ELSE amount * (SELECT fp16_tflops FROM taxonomy_accelerator a WHERE a.id = compute_need.accelerator) / 1000.0
            END;
            UPDATE entity SET peak_pflops = coalesce((
                SELECT max(d) FROM (
                    SELECT (SELECT total(c2.pflops) FROM compute_need c2
                            WHERE c2.scenario = c1.scenario AND c2.from_q <= c1.from_q
                              AND (c2.until_q IS NULL OR c2.until_q >= c1.from_q)) AS d
                    FROM compute_need c1 WHERE c1.scenario = entity.pk)
            ), 0)
            WHERE kind = 'Scenario';
            """)
    }

    /// Brings indexes and derived columns up to date before the transaction commits.
    func finish() throws {
        try restoreIndexes()
        try resumeMerging()
        if filesChanged && !fingerprintGiven { try setMeta(IndexStore.scanFingerprintKey, nil) }
        if let deadDocuments { try setMeta(IndexStore.deadDocumentsKey, deadDocuments == 0 ? nil : String(deadDocuments)) }
        if everyModelDirty || dirtyModels.count > 2_000 {
            try db.execute(sql: """
                UPDATE entity SET used_by = (SELECT count(*) FROM scenario_model WHERE model_id = entity.id)
                WHERE kind = 'Model'
                """)
        } else {
            let update = try db.cachedStatement(sql: """
                UPDATE entity SET used_by = (SELECT count(*) FROM scenario_model WHERE model_id = entity.id)
                WHERE kind = 'Model' AND id = ?
                """)
            for id in dirtyModels { try update.execute(arguments: [id]) }
        }
        dirtyModels = []
        everyModelDirty = false
    }
}
