import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// The SQLite index of one catalogue (`<catalogue>/.scencat/index.sqlite`, WAL mode).
///
/// Files are the truth: the index is derived from them and may be deleted and rebuilt at any time.
/// Readers see the last committed state, even while a write is running; writes are serialised
/// and each is one transaction. Every query fetches only what it returns, never the whole catalogue.
public final class IndexStore: Sendable {
    /// A pool (WAL) for every index in use; a queue for a rebuild's private file (`init(buildingAt:)`).
    let pool: any DatabaseWriter
    /// Whether this is a rebuild's private file, turned into a WAL database when closed.
    private let building: Bool
    /// The database file.
    public let path: String
    /// The catalogue whose files the index describes: entities are read from them (`entity(id:)`),
    /// the index keeps no copy (docs/0029). Nil for an index outside a catalogue's `.scencat/`.
    public let catalogRoot: String?

    /// The index folder of a catalogue.
    public static func directory(catalogRoot: String) -> String {
        (catalogRoot as NSString).appendingPathComponent(".scencat")
    }

    /// The index database of a catalogue.
    public static func databasePath(catalogRoot: String) -> String {
        (directory(catalogRoot: catalogRoot) as NSString).appendingPathComponent("index.sqlite")
    }

    /// The catalogue of an index file at `<catalogue>/.scencat/…`, else nil.
    static func catalogRoot(ofDatabase path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard (folder as NSString).lastPathComponent == ".scencat" else { return nil }
        let root = (folder as NSString).deletingLastPathComponent
        return root.isEmpty ? "." : root
    }

    /// Whether the catalogue has an index yet.
    public static func exists(catalogRoot: String) -> Bool {
        FileManager.default.fileExists(atPath: databasePath(catalogRoot: catalogRoot))
    }

    /// Opens (creating `.scencat/` and the database when needed) the index of the catalogue at `catalogRoot`.
    public convenience init(catalogRoot: String, memory: Memory = .command) throws {
        try FileManager.default.createDirectory(atPath: IndexStore.directory(catalogRoot: catalogRoot), withIntermediateDirectories: true)
        try self.init(path: IndexStore.databasePath(catalogRoot: catalogRoot), memory: memory)
    }

    /// Opens or creates the index database at `path` and brings its schema up to date. An index
    /// written with a different schema is erased (every table dropped), so the next indexing run
    /// finds no files recorded and loads them all.
    public convenience init(path: String, memory: Memory = .command) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Several scencat processes may index one catalogue at once (a TUI and a command): wait for the writer.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // WAL makes NORMAL durable enough for a derived index, and commits much cheaper.
            // Memory-mapped pages count as resident memory (see `Memory`).
            // auto_vacuum takes effect only in a new database (before its first table): pages a
            // bulk load frees (text-index segments merged away) are returned to the file system
            // by `PRAGMA incremental_vacuum` rather than kept as free pages (docs/0021).
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(memory.cacheKiB); PRAGMA mmap_size = \(memory.mmapBytes)")
        }
        try self.init(writer: DatabasePool(path: path, configuration: config), path: path, building: false)
    }

    /// Creates the new index file of `index --rebuild`, private to this process until
    /// `Indexer.rebuild` renames it into place: its one load transaction is journalled in memory
    /// and never synced, so each page is written once (not to the WAL, then again into the file
    /// by a checkpoint). A failed load rolls back or its file is deleted; `close()` switches the
    /// file to WAL, as every index is, before the swap. No memory map: the load writes straight
    /// into the file, and mapped pages read back would count as resident (up to 64 MiB more at
    /// 100k, over the 200 MB goal), where a WAL load kept them in the WAL.
    convenience init(buildingAt path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA mmap_size = 0")
        }
        try self.init(writer: DatabaseQueue(path: path, configuration: config), path: path, building: true)
    }

    private init(writer: any DatabaseWriter, path: String, building: Bool) throws {
        pool = writer
        self.path = path
        catalogRoot = IndexStore.catalogRoot(ofDatabase: path)
        self.building = building
        let migrator = IndexSchema.migrator
        if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
            // Made with another schema: derived data, so start afresh.
            try pool.erase()
        }
        try migrator.migrate(pool)
    }

    /// Opens the index of a catalogue scencat cannot write (a read-only folder or file): queries
    /// only, no schema change. Throws when there is no index or it was made with another schema.
    public init(readOnlyCatalogRoot catalogRoot: String) throws {
        let path = IndexStore.databasePath(catalogRoot: catalogRoot)
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        // A WAL database opens read-only only when its -shm file can be made, or as immutable
        // (a URI: SQLite as shipped by Debian and Ubuntu accepts them in file names).
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute) + "?immutable=1"
        pool = try DatabasePool(path: uri, configuration: config)
        self.path = path
        self.catalogRoot = catalogRoot
        building = false
        let migrator = IndexSchema.migrator
        guard try pool.read({ try migrator.hasCompletedMigrations($0) && !migrator.hasBeenSuperseded($0) }) else {
            throw IndexDamage(reason: "made by another version of scencat")
        }
    }

    /// Whether this process can write the catalogue's index (create or change its files).
    public static func isWritable(catalogRoot: String) -> Bool {
        let dir = directory(catalogRoot: catalogRoot)
        guard access(dir, F_OK) == 0 else { return access(catalogRoot, W_OK) == 0 }
        let db = databasePath(catalogRoot: catalogRoot)
        return access(dir, W_OK) == 0 && (access(db, F_OK) != 0 || access(db, W_OK) == 0)
    }

    /// Checkpoints the WAL into the database file and closes every connection; the store is unusable after.
    public func close() throws {
        if building { try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") } }
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }

    // MARK: Writing

    /// Runs `body` as one transaction: committed when it returns, rolled back when it throws, so
    /// the index keeps its last good state.
    public func write<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        try pool.write { db in
            let writer = try IndexWriter(db)
            let value = try body(writer)
            try writer.finish()
            return value
        }
    }

    /// Runs `body` as one transaction, then asks `validate` (still inside it, so it can query the
    /// new state, e.g. `danglingReferences()`) whether to keep it: `false` rolls everything back.
    public func write<T>(_ body: (IndexWriter) throws -> T,
                         validate: (IndexWriter, T) throws -> Bool) throws -> (value: T, committed: Bool) {
        try pool.writeWithoutTransaction { db in
            var outcome: (value: T, committed: Bool)?
            try db.inTransaction(.immediate) {
                let writer = try IndexWriter(db)
                let value = try body(writer)
                try writer.finish()
                let keep = try validate(writer, value)
                outcome = (value, keep)
                return keep ? .commit : .rollback
            }
            return outcome!
        }
    }

    /// Merges the full-text indexes into one segment each, refreshes the planner's statistics and
    /// copies the WAL into the database file. A bulk load does the first two itself; this is for
    /// after many incremental changes (a few hundred ms at 100,000 entities).
    public func optimize() throws {
        try pool.write { db in
            for t in IndexSchema.searchTables { try db.execute(sql: "INSERT INTO \(t)(\(t)) VALUES ('optimize')") }
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA optimize")
            _ = try db.checkpoint(.truncate)
        }
    }

    // MARK: Reading what was indexed

    /// Every indexed file: path → size, mtime and hash, for the incremental scan.
    /// Size and time stamp of every indexed file: what the incremental scan compares, without the
    /// content hashes (needed only for the few files whose stamp changed; see `fileHash`).
    public func fileStamps() throws -> [String: FileStamp] {
        try pool.read { db in
            var map: [String: FileStamp] = [:]
            map.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM file") ?? 0)
            let rows = try Row.fetchCursor(db, sql: "SELECT path, size, mtime_ns FROM file")
            while let row = try rows.next() {
                map[row[0]] = FileStamp(size: row[1], mtimeNs: row[2])
            }
            return map
        }
    }

    /// Size and time stamp of those of `paths` that are indexed.
    public func fileStamps(paths: [String]) throws -> [String: FileStamp] {
        try pool.read { db in
            var map: [String: FileStamp] = [:]
            for path in paths {
                if let row = try Row.fetchOne(db, sql: "SELECT size, mtime_ns FROM file WHERE path = ?", arguments: [path]) {
                    map[path] = FileStamp(size: row[0], mtimeNs: row[1])
                }
            }
            return map
        }
    }

    /// The content hash recorded for `path`, or nil when it is not indexed.
    public func fileHash(_ path: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT hash FROM file WHERE path = ?", arguments: [path]) }
    }

    public func fileRecords() throws -> [String: FileRecord] {
        try pool.read { db in
            var map: [String: FileRecord] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, size, mtime_ns, hash FROM file")
            while let row = try rows.next() {
                let r = FileRecord(path: row[0], size: row[1], mtimeNs: row[2], hash: row[3])
                map[r.path] = r
            }
            return map
        }
    }

    /// The `meta` key of the `ScanFingerprint` of the last full scan committed (absent after any
    /// other change of files).
    static let scanFingerprintKey = "scan_fingerprint"

    /// A `meta` value such as `indexed_at`.
    public func meta(_ key: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// `catalog.yaml` as last indexed.
    public func catalogInfo() throws -> CatalogInfo? {
        guard let json = try meta("catalog") else { return nil }
        return try JSONDecoder().decode(CatalogInfo.self, from: Data(json.utf8))
    }

    /// The taxonomies as last indexed, in file order.
    public func taxonomy() throws -> Taxonomy {
        try pool.read { db in
            Taxonomy(
                sectors: try Row.fetchAll(db, sql: "SELECT id, zh, en FROM taxonomy_sector ORDER BY ord").map {
                    Sector(id: $0[0], zh: $0[1], en: $0[2])
                },
                cities: try Row.fetchAll(db, sql: "SELECT id, zh, en FROM taxonomy_city ORDER BY ord").map {
                    City(id: $0[0], zh: $0[1], en: $0[2])
                },
                accelerators: try Row.fetchAll(db, sql: "SELECT id, name, vendor, domestic, fp16_tflops FROM taxonomy_accelerator ORDER BY ord").map {
                    Accelerator(id: $0[0], name: $0[1], vendor: $0[2], domestic: $0[3], fp16Tflops: $0[4])
                })
        }
    }

    /// The file (relative to the catalogue) that defines `id`.
    public func entityFile(id: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT file FROM entity WHERE id = ?", arguments: [id]) }
    }

    /// The kind of the entity with `id`, if it exists.
    public func kind(of id: String) throws -> EntityKind? {
        try pool.read { try String.fetchOne($0, sql: "SELECT kind FROM entity WHERE id = ?", arguments: [id]) }
            .flatMap(EntityKind.init(rawValue:))
    }

    /// Dangling references in the committed index (see `IndexWriter.danglingReferences`).
    public func danglingReferences() throws -> [DanglingReference] {
        try pool.read { try IndexWriter.dangling($0, where: "1") }
    }
}
