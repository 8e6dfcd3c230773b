import CatalogCore
import CatalogFiles
import Foundation
import GRDB

/// A new entity its caller already checked exactly as a save checks it (`EntityCheck` against a
/// `CrossCheck.Known`), with the canonical text that check gave: what an import's plan hands over,
/// so that ten thousand rows are checked once, not again at the save.
public struct CheckedCreation: Sendable, Hashable {
    public var entity: Entity
    /// The canonical YAML the check produced: the file's bytes.
    public var text: String
    /// The references the check read from `text`, with their positions in it (nil: the save reads
    /// them from the text again).
    public var references: [Reference]?

    public init(entity: Entity, text: String, references: [Reference]? = nil) {
        self.entity = entity
        self.text = text
        self.references = references
    }
}

extension EntityStore {
    /// Creates many new entities that were checked against `known` as one change: one write lock,
    /// one flush of the file system for every file, one journal group (one `undo` removes them
    /// all), one index transaction.
    ///
    /// What the checks relied on is verified again under the lock: the taxonomy and the model and
    /// center ids must still be `known` (else every entity is checked again, as `create` does), no
    /// file of these ids may exist and no id may be taken or given twice. Models, whose lineage only
    /// the one-by-one check sees, always take `create`.
    public func create(checked items: [CheckedCreation], checkedAgainst known: CrossCheck.Known, summary: String) throws -> BatchOutcome {
        try create(checked: items, checkedAgainst: known, summary: summary, after: { _ in })
    }

    func create(checked items: [CheckedCreation], checkedAgainst known: CrossCheck.Known, summary: String,
                after: (AtomicFile.BatchStep) throws -> Void) throws -> BatchOutcome {
        guard !items.isEmpty else { return .saved(0, warnings: []) }
        guard items.allSatisfy({ $0.entity.kind != .model }), Self.same(try self.known(), known) else {
            return try create(items.map(\.entity), summary: summary)
        }
        let lock = try WriteLock(catalogRoot: root)
        defer { lock.release() }
        // The index transaction runs beside the checks below and the writing of the files and the
        // journal, on its own thread (docs/0038): SQLite's inserts, the longest part of a batch,
        // overlap the disk's flush. It commits only once the files and the journal are done, with
        // the files' time stamps, so the order in which the effects become durable stays files,
        // journal, index; it rolls back when a check refuses the batch or a step fails.
        let written = Handoff<[(size: Int64, mtimeNs: Int64)]>()
        let indexing = Background { [self] in try self.indexCreated(items, stamps: written) }
        // Whatever happens below, the transaction has ended before the write lock is released.
        defer {
            written.put(nil)
            _ = try? indexing.value()
        }
        let layout = reader.layout
        // Ids: none given twice, none in the index, no file of that id in any kind's folder.
        var invalid: [(id: String, issues: [FieldIssue])] = []
        var seen = Set<String>()
        let indexed = try index.existingIds(among: items.map(\.entity.id))
        for item in items {
            let e = item.entity
            let file = e.relativePath
            if !seen.insert(e.id).inserted {
                invalid.append((e.id, [FieldIssue(path: "id", diagnostic: .error(file, .start, "id '\(e.id)' is given twice", code: "IdTwice", arguments: [e.id]))]))
            } else if indexed.contains(e.id) {
                invalid.append((e.id, [FieldIssue(path: "id", diagnostic: .error(file, SourcePosition(line: 2, column: 5), "id '\(e.id)' is already used", code: "IdUsed", arguments: [e.id]))]))
            }
        }
        if !invalid.isEmpty { return .invalid(invalid) }
        let onDisk = Self.entityNamesOnDisk(layout, among: items.map(\.entity.id))
        for item in items where onDisk.contains(item.entity.id) {
            let file = EntityKind.allCases.map { "\($0.directory)/\(item.entity.id).yaml" }.first { access(layout.path($0), F_OK) == 0 }
            return .changedOnDisk(file: file ?? item.entity.relativePath)
        }
        for dir in Set(items.map { $0.entity.kind.directory }) {
            if let error = layout.folderError(dir, file: layout.path(dir)) { throw error }
            try AtomicFile.makeDirectories(layout.path(dir))
        }
        let files = items.map { (path: layout.path($0.entity.relativePath), bytes: Array($0.text.utf8)) }
        // Each file atomically, one flush for all (`syncfs`: measured against an fsync per file in docs/0017).
        let stamps: [(size: Int64, mtimeNs: Int64)]
        do {
            stamps = try AtomicFile.writeAll(files, after: after)
        } catch let e as FileError where e.code == "fileSystem" && e.arguments == ["cannot create the file", String(EEXIST)] {
            // A file of that name appeared since the look above: nothing was replaced, nothing is left.
            let relative = items.first { layout.path($0.entity.relativePath) == e.path }?.entity.relativePath
            return .changedOnDisk(file: relative ?? e.path)
        }
        // The journal before the index: the files and their record of creation stand or fall together.
        do {
            try journal.recordCreations(items, session: session, summary: summary)
        } catch {
            for f in files { unlink(f.path) }
            throw error
        }
        written.put(stamps)
        var warnings: [Diagnostic] = []
        let refused: [Diagnostic]?
        do { refused = try indexing.value() } catch {
            refused = [.warning(items[0].entity.relativePath, .start, "\(error)")]
        }
        if let refused {
            warnings = refused
            warnings.append(.warning(items[0].entity.relativePath, .start, "the files are saved but the index was not updated; run `scencat index`", code: "IndexNotUpdatedFiles"))
        }
        return .saved(items.count, warnings: warnings)
    }

    /// Puts the new files in the index in one transaction, from the text in hand rather than read
    /// back from disk: each text parsed (on every core) for its references and their positions, as
    /// the indexer parses a file. The rows are written while the files are (`create`); the
    /// transaction then waits for `stamps` — each file's size and time stamp once it is in place,
    /// in item order — records them and commits, or rolls back when they never come (nil: the
    /// files or the journal failed; the error thrown then is not reported). Returns the problems
    /// when the index refuses the entities (nothing stored then), nil when they are in.
    func indexCreated(_ items: [CheckedCreation], stamps: Handoff<[(size: Int64, mtimeNs: Int64)]>) throws -> [Diagnostic]? {
        // A file's time stamp is known once it is written; the row gets it before the commit.
        let parsed = ParallelMap.map(items) { item -> IndexItem? in
            let file = item.entity.relativePath
            let bytes = Array(item.text.utf8)
            let record = FileRecord(path: file, size: Int64(bytes.count), mtimeNs: 0, hash: ContentHash.of(bytes))
            if let references = item.references {
                // The check read this very text: its entity and references stand.
                return IndexItem(entity: item.entity, file: record, references: references)
            }
            guard let root = YAMLReader.read(bytes, file: file).root else { return nil }
            let decoded = EntityDecoder.decode(root, file: file)
            guard let entity = decoded.entity else { return nil }
            return IndexItem(entity: entity, file: record, references: decoded.references)
        }
        guard !parsed.contains(where: { $0 == nil }) else { return [] }
        struct Refused: Error { var diagnostics: [Diagnostic] }
        struct Abandoned: Error {}
        let accelerators = Dictionary(try index.taxonomy().accelerators.map { ($0.id, $0.fp16Tflops) }, uniquingKeysWith: { a, _ in a })
        do {
            try index.write { w in
                var diags: [Diagnostic] = []
                let prepared = IndexWriter.prepare(parsed.map { $0! }, accelerators: accelerators)
                for case let IndexError.duplicateId(id, file, existing) in try w.upsert(prepared: prepared) {
                    diags.append(.error(file, .start, "duplicate id '\(id)': also used by \(existing)", code: "DuplicateId", arguments: [id, existing]))
                }
                diags += try w.referenceDiagnostics(changesOnly: true)
                if diags.hasErrors { throw Refused(diagnostics: diags) }
                guard let stamps = stamps.take() else { throw Abandoned() }
                try w.restamp(zip(parsed, stamps).map { (path: $0!.file.path, size: $1.size, mtimeNs: $1.mtimeNs) })
            }
        } catch let r as Refused {
            return r.diagnostics
        }
        return nil
    }

    /// The stems of every file in the entity folders, read with `readdir` alone (no `stat`):
    /// which ids are taken on disk, for 100,000 files in a few tens of milliseconds.
    public static func entityNamesOnDisk(_ layout: CatalogLayout) -> Set<String> {
        var names = Set<String>()
        entityNamesOnDisk(layout, into: &names)
        return names
    }

    /// `entityNamesOnDisk`, added to `names` (the ids of an index, which hold most of them,
    /// without a second set of 100,000 names).
    public static func entityNamesOnDisk(_ layout: CatalogLayout, into names: inout Set<String>) {
        for kind in EntityKind.allCases {
            guard let dir = opendir(layout.path(kind.directory)) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                if name.hasSuffix(".yaml") && !name.hasPrefix(".") { names.insert(String(name.dropLast(5))) }
            }
        }
    }

    /// Which of `ids` name a file in an entity folder, as `entityNamesOnDisk` would list them: for
    /// a few ids (a city's sheet of forty rows) a look-up of each name in each folder, for many the
    /// folders listed once — listing 110,000 names took ~0.2 s, a look-up takes microseconds.
    public static func entityNamesOnDisk(_ layout: CatalogLayout, among ids: [String]) -> Set<String> {
        guard ids.count <= lookUpNamesUpTo else { return entityNamesOnDisk(layout).intersection(ids) }
        var found = Set<String>()
        for kind in EntityKind.allCases {
            let dir = Glibc.open(layout.path(kind.directory), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard dir >= 0 else { continue }
            defer { close(dir) }
            var st = stat()
            // `fstatat` without following a link: any entry of that name counts, as in a listing.
            for id in ids where !id.hasPrefix(".") && !found.contains(id) && fstatat(dir, id + ".yaml", &st, AT_SYMLINK_NOFOLLOW) == 0 {
                found.insert(id)
            }
        }
        return found
    }

    /// Up to this many ids, `entityNamesOnDisk(_:among:)` looks each up.
    static let lookUpNamesUpTo = 1_000

    static func same(_ a: CrossCheck.Known, _ b: CrossCheck.Known) -> Bool {
        a.sectors == b.sectors && a.cities == b.cities && a.accelerators == b.accelerators && a.models == b.models && a.centers == b.centers
    }
}

extension Journal {
    /// Records the creation of `items` as one group, in one transaction with one prepared statement.
    func recordCreations(_ items: [CheckedCreation], session: String, summary: String) throws {
        let time = Journal.timestamp()
        try queue.write { db in
            let group = (try Int64.fetchOne(db, sql: "SELECT max(grp) FROM entry") ?? 0) + 1
            let insert = try db.cachedStatement(sql: """
                INSERT INTO entry(grp, session, time, action, kind, id, file, before, after, summary)
                VALUES (?, ?, ?, 'create', ?, ?, ?, NULL, ?, ?)
                """)
            for item in items {
                let e = item.entity
                try insert.execute(arguments: [group, session, time, e.kind.rawValue, e.id, e.relativePath, item.text, summary])
            }
        }
    }
}

extension IndexStore {
    /// Which of `ids` the index holds, in one query over the id index (`json_each` of the list):
    /// a batch of 10,000 looks up 10,000 ids instead of reading all 110,000 of a large catalogue.
    func existingIds(among ids: [String]) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let list = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        return try pool.read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM entity WHERE id IN (SELECT value FROM json_each(?))", arguments: [list]))
        }
    }
}
