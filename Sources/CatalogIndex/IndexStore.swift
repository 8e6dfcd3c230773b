import CatalogCore
import CatalogFiles
import Foundation
import GRDB
import Synchronization

/// The SQLite index of one catalogue (`<catalogue>/.scencat/index.sqlite`, WAL mode).
///
/// Files are the truth: the index is derived from them and may be deleted and rebuilt at any time.
/// Readers see the last committed state, even while a write is running; writes are serialised
/// and each is one transaction. Every query fetches only what it returns, never the whole catalogue.
///
/// An index that exists with the current schema is opened **read-only**: a query command whose
/// freshness check finds nothing changed writes nothing at all (no transaction, no sync, no
/// checkpoint; docs/0028). The writable connection is opened at the first write (`writer()`):
/// when the check found changes, or for an edit.
public final class IndexStore: Sendable {
    /// What every query reads through: a read-only connection (a queue for a command, a pool for
    /// a session), or the writer itself when it had to be opened at once (a new file, a schema
    /// change, a rebuild's private file).
    let pool: any DatabaseReader
    /// The writable connections, once opened (see `writer()`).
    private let writable: Mutex<(any DatabaseWriter)?>
    /// Whether this is a rebuild's private file, turned into a WAL database when closed.
    private let building: Bool
    private let memory: Memory
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
    /// finds no files recorded and loads them all. An index with the current schema is opened
    /// read-only; nothing is written until `writer()` is first asked for.
    public convenience init(path: String, memory: Memory = .command) throws {
        if FileManager.default.fileExists(atPath: path), let reader = try IndexStore.openCurrent(path: path, memory: memory) {
            self.init(reader: reader, writer: nil, path: path, memory: memory, building: false)
            return
        }
        let writer = try IndexStore.openWriter(path: path, memory: memory)
        let migrator = IndexSchema.migrator
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            // Made with another schema: derived data, so start afresh.
            try writer.erase()
        }
        try migrator.migrate(writer)
        self.init(reader: writer, writer: writer, path: path, memory: memory, building: false)
    }

    /// The index at `path` opened read-only, or nil when its schema is not the current one
    /// (none yet, or another version's): then the writer must make it.
    private static func openCurrent(path: String, memory: Memory) throws -> (any DatabaseReader)? {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(memory.cacheKiB); PRAGMA mmap_size = \(memory.mmapBytes)")
        }
        // A command reads on one thread at a time: one connection. A session reads from several.
        let reader: any DatabaseReader = memory == .command
            ? try DatabaseQueue(path: path, configuration: config)
            : try DatabasePool(path: path, configuration: config)
        let migrator = IndexSchema.migrator
        if try reader.read({ try migrator.hasCompletedMigrations($0) && !migrator.hasBeenSuperseded($0) }) { return reader }
        try reader.close()
        return nil
    }

    /// The writable connections of the index at `path` (a WAL pool), created with the file when
    /// there is none.
    private static func openWriter(path: String, memory: Memory) throws -> any DatabaseWriter {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Several scencat processes may index one catalogue at once (a TUI and a command): wait for the writer.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // WAL makes NORMAL durable enough for a derived index, and commits much cheaper.
            // Memory-mapped pages count as resident memory (see `Memory`).
            // auto_vacuum is set when the file is made (before its first table; it has no effect
            // later): pages a bulk load frees (text-index segments merged away) are returned to
            // the file system by `PRAGMA incremental_vacuum` rather than kept as free pages
            // (docs/0021). Only then: on an existing index it is a no-op (docs/0028).
            if !db.configuration.readonly, try Int.fetchOne(db, sql: "PRAGMA page_count") == 0 {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(memory.cacheKiB); PRAGMA mmap_size = \(memory.mmapBytes)")
        }
        return try DatabasePool(path: path, configuration: config)
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
        let queue = try DatabaseQueue(path: path, configuration: config)
        let migrator = IndexSchema.migrator
        if try queue.read({ try migrator.hasBeenSuperseded($0) }) { try queue.erase() }
        try migrator.migrate(queue)
        self.init(reader: queue, writer: queue, path: path, memory: .command, building: true)
    }

    private init(reader: any DatabaseReader, writer: (any DatabaseWriter)?, path: String, memory: Memory, building: Bool) {
        pool = reader
        writable = Mutex(writer)
        self.path = path
        self.memory = memory
        catalogRoot = IndexStore.catalogRoot(ofDatabase: path)
        self.building = building
    }

    /// The writable connections, opened at the first call (the index was opened read-only).
    /// Every write goes through here.
    func writer() throws -> any DatabaseWriter {
        try writable.withLock { open in
            if let open { return open }
            let writer = try IndexStore.openWriter(path: path, memory: memory)
            open = writer
            return writer
        }
    }

    /// The read-only connections are closed before the writer, so that the writer's close is the
    /// last one of this process and checkpoints the WAL into the file (and removes it) when no
    /// other process has the index open: a reader of a read-only catalogue (`immutable=1`, which
    /// ignores the WAL) then sees every commit.
    deinit {
        guard let writer = writerIfOpen, writer as AnyObject !== pool as AnyObject else { return }
        try? pool.close()
        try? writer.close()
    }

    /// Whether a writable connection was opened (for the tests: a query that found nothing
    /// changed must not need one).
    var writerOpened: Bool { writerIfOpen != nil }

    /// The writable connections if they were opened.
    var writerIfOpen: (any DatabaseWriter)? { writable.withLock { $0 } }

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
        writable = Mutex(nil)
        self.path = path
        memory = .command
        self.catalogRoot = catalogRoot
        building = false
        let migrator = IndexSchema.migrator
        guard try pool.read({ try migrator.hasCompletedMigrations($0) && !migrator.hasBeenSuperseded($0) }) else {
            throw IndexDamage(reason: "made by another version of scencat", code: "indexDamageOtherVersion")
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
    /// A store that never wrote has nothing to checkpoint: its read-only connections are closed.
    public func close() throws {
        let writer = writerIfOpen
        if let writer {
            if building { try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") } }
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        // The read-only connections first: the writer's close is then the last (see `deinit`).
        try pool.close()
        try writer?.close()
    }

    // MARK: Writing

    /// Runs `body` as one transaction: committed when it returns, rolled back when it throws, so
    /// the index keeps its last good state.
    public func write<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        try writer().write { db in
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
        try writer().writeWithoutTransaction { db in
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
        let writer = try writer()
        try writer.write { db in
            for t in IndexSchema.searchTables { try db.execute(sql: "INSERT INTO \(t)(\(t)) VALUES ('optimize')") }
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
        try writer.writeWithoutTransaction { db in
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
