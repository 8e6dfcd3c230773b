import CatalogCore
import CatalogFiles
import Dispatch

/// What one indexing run did.
public struct IndexReport: Sendable {
    /// Problems found; when any is an error, nothing was written and the index keeps its last good state.
    public var diagnostics: [Diagnostic]
    public var filesScanned: Int
    /// Files read and parsed because they are new or changed.
    public var filesParsed: Int
    /// Files whose time stamp changed but whose content did not.
    public var filesTouched: Int
    public var filesRemoved: Int
    public var rebuilt: Bool
    /// True when the index now reflects the files.
    public var committed: Bool
}

/// Brings the index up to date with the files: reads only new and changed files (by size,
/// time stamp, then content hash), checks every rule, and commits in one transaction — or
/// commits nothing when the catalogue has errors, so the index keeps its last good state.
public struct Indexer: Sendable {
    public let reader: CatalogReader
    public let store: IndexStore
    /// Dead text-index rows a full run tolerates before it reloads the index (`IndexStore.needsReload`).
    var deadDocumentsMinimum = IndexStore.deadDocumentsMinimum

    public init(root: String, store: IndexStore) {
        reader = CatalogReader(root: root)
        self.store = store
    }

    /// Files that differ from what the index holds, without reading any file: cheap enough to run
    /// at every start to tell whether the catalogue changed since indexing.
    public func pendingChanges() throws -> (changed: [EntityFile], removed: [String], diagnostics: [Diagnostic]) {
        let quick = reader.layout.quickScan()
        if let quick, try unchanged([], quick.fingerprint) { return ([], [], []) }
        let (files, diags, fingerprint) = scan(reader.layout, quick: quick)
        if try unchanged(diags, fingerprint) { return ([], [], diags) }
        let (changed, removed) = Self.compare(files, with: try store.fileStamps())
        return (changed, removed, diags)
    }

    /// Every entity file, with the fingerprint of what was seen: from the quick scan (the usual
    /// case: folders of regular .yaml files), or the full scan, which judges anything else.
    func scan(_ layout: CatalogLayout, quick: QuickScan?) -> (files: [EntityFile], diagnostics: [Diagnostic], fingerprint: ScanFingerprint) {
        if let quick {
            let (files, diags) = quick.files()
            return (files, diags, quick.fingerprint)
        }
        let (files, diags) = layout.scanEntityFiles()
        return (files, diags, ScanFingerprint(files: files, layout: layout))
    }

    /// Whether a full scan saw exactly what the index last committed: the fingerprint stored
    /// then, and nothing the scan would report (the run that stored it reported nothing either).
    func unchanged(_ scanDiagnostics: [Diagnostic], _ fingerprint: ScanFingerprint) throws -> Bool {
        guard scanDiagnostics.isEmpty else { return false }
        return try store.meta(IndexStore.scanFingerprintKey) == fingerprint.text
    }

    /// New or changed files (sorted by path) and removed paths, by size and time stamp.
    static func compare(_ files: [EntityFile], with known: [String: FileStamp]) -> (changed: [EntityFile], removed: [String]) {
        var changed: [EntityFile] = []
        var matched = 0
        for f in files {
            guard let k = known[f.path] else { changed.append(f); continue }
            matched += 1
            if k.size == f.size, k.mtimeNs == f.mtimeNs { continue }
            changed.append(f)
        }
        // Every known file still there (the usual case): nothing was removed, and no set of 100,000 paths is needed.
        var removed: [String] = []
        if matched < known.count {
            let present = Set(files.map(\.path))
            removed = known.keys.filter { !present.contains($0) }.sorted()
        }
        changed.sort { $0.path < $1.path }
        return (changed, removed)
    }

    struct Aborted: Error {}

    /// Brings the index up to date. With `paths`, only those files (relative paths, present or
    /// removed) are looked at: what a save or a merge that knows what it touched needs, without
    /// scanning 100,000 files. `previous`: what some of those files held before the caller
    /// changed them (path → bytes), so that their text-index rows are removed exactly rather
    /// than left dead (`IndexWriter.forgetSearchDocument`); only looked at with `paths`.
    public func run(rebuild: Bool = false, only paths: [String]? = nil, previous: [String: [UInt8]] = [:],
                    progress: ((Int, Int) -> Void)? = nil) throws -> IndexReport {
        try run(rebuild: rebuild, only: paths, progress: progress, referenceChecksInSQL: false, previous: previous)
    }

    /// `referenceChecksInSQL`: check a bulk load's references in SQL, as an incremental run does,
    /// instead of in memory (`FullLoadCheck`); for the tests that compare both.
    func run(rebuild: Bool, only paths: [String]?, progress: ((Int, Int) -> Void)?, referenceChecksInSQL: Bool,
             previous: [String: [UInt8]] = [:]) throws -> IndexReport {
        // Too many dead rows in the text indexes (entities changed since they were built,
        // docs/0029): this full run loads every file afresh, in one transaction as always.
        let rebuild = try rebuild || (paths == nil && store.needsReload(minimum: deadDocumentsMinimum))
        let restricted = rebuild ? nil : paths
        let store = self.store
        let layout = self.reader.layout
        // Every file stat'ed first, and the fingerprint of that (taken before any file is read):
        // when it is the one the index committed last, nothing changed and nothing more is done.
        let files: [EntityFile], scanDiags: [Diagnostic], fingerprint: ScanFingerprint?
        if let restricted {
            (files, scanDiags) = layout.statEntityFiles(restricted)
            fingerprint = nil
        } else {
            let quick = layout.quickScan()
            if !rebuild, let quick, try unchanged([], quick.fingerprint) {
                // Strings and records for 110,000 files are made only when something changed.
                return IndexReport(diagnostics: [], filesScanned: quick.count, filesParsed: 0, filesTouched: 0,
                                   filesRemoved: 0, rebuilt: false, committed: true)
            }
            (files, scanDiags, fingerprint) = scan(layout, quick: quick)
        }
        // The index's stamps are read while the taxonomy is parsed.
        let knownStamps = Background { rebuild ? [:] : try restricted.map { try store.fileStamps(paths: $0) } ?? store.fileStamps() }
        let (info, taxonomy, taxonomyDiags) = reader.readTaxonomy()
        var diags = taxonomyDiags
        diags += scanDiags
        let known = try knownStamps.value()
        let taxonomyChanged = rebuild ? true : (try store.taxonomy()) != taxonomy
        let (candidates, removed) = Self.compare(files, with: known)
        let modelsChanged = rebuild || candidates.contains { $0.kind == .model } || removed.contains { $0.hasPrefix("models/") }
        var report = IndexReport(diagnostics: [], filesScanned: files.count, filesParsed: 0, filesTouched: 0,
                                 filesRemoved: removed.count, rebuilt: rebuild, committed: false)
        if diags.hasErrors && info == nil {
            report.diagnostics = diags.sortedForDisplay()
            return report
        }
        let reader = self.reader
        var brokenFiles: [String] = []
        let former = restricted == nil || previous.isEmpty ? [:] : IndexWriter.formerDocuments(previous)
        do {
            try store.write { w in
                w.formerDocuments = former
                if rebuild { try w.removeAll() }
                if taxonomyChanged { try w.replaceTaxonomy(taxonomy) }
                try w.setCatalogInfo(info)
                // Removing an import's thousands of rows (its undo) writes as many delete markers.
                try w.pauseMerging(for: removed.count)
                for path in removed { try w.remove(file: path) }
                // Same size, new time stamp (a checkout, a touch): the recorded hash tells whether it changed.
                var oldHashes: [String: String] = [:]
                for f in candidates where known[f.path]?.size == f.size {
                    oldHashes[f.path] = try store.fileHash(f.path)
                }
                let tflops = Dictionary(taxonomy.accelerators.map { ($0.id, $0.fp16Tflops) }, uniquingKeysWith: { a, _ in a })
                let decode: @Sendable ([EntityFile]) -> ParsedChunk = { [oldHashes] chunk in
                    let results = ParallelMap.map(chunk) { f -> (EntityFile, DecodedEntity?, String?) in
                        if let old = oldHashes[f.path], let h = reader.hash(f.path), h == old { return (f, nil, h) }
                        let (decoded, hash) = reader.readEntityAndHash(f)
                        return (f, decoded, hash)
                    }
                    // The rows too: SQLite's thread then only writes.
                    var items: [IndexItem] = []
                    for (f, decoded, hash) in results {
                        guard let entity = decoded?.entity else { continue }
                        items.append(IndexItem(entity: entity, file: FileRecord(path: f.path, size: f.size, mtimeNs: f.mtimeNs, hash: hash ?? ""),
                                               references: decoded!.references))
                    }
                    return ParsedChunk(results: results, prepared: IndexWriter.prepare(items, accelerators: tflops))
                }
                // A pipeline: the next chunk is read and parsed on the other cores while this one is
                // written, so neither SQLite nor the parser waits for the other.
                let chunkSize = 2048
                let chunks = stride(from: 0, to: candidates.count, by: chunkSize).map {
                    Array(candidates[$0..<min(candidates.count, $0 + chunkSize)])
                }
                var next = chunks.isEmpty ? nil : PendingChunk(chunks[0], decode)
                var done = 0
                // A bulk load (every entity in the index comes from this run) checks references
                // in memory as it goes; nil until the first chunk is written tells which it is.
                var fullCheck: FullLoadCheck?
                for i in chunks.indices {
                    let parsed = next!.wait()
                    let results = parsed.results
                    next = i + 1 < chunks.count ? PendingChunk(chunks[i + 1], decode) : nil
                    var positions: [String: SourcePosition] = [:]
                    for (f, decoded, hash) in results {
                        let record = FileRecord(path: f.path, size: f.size, mtimeNs: f.mtimeNs, hash: hash ?? "")
                        guard let decoded else {
                            report.filesTouched += 1
                            try w.recordFile(record)
                            continue
                        }
                        report.filesParsed += 1
                        diags += decoded.diagnostics
                        guard decoded.entity != nil else { brokenFiles.append(f.path); continue }
                        positions[f.path] = decoded.idPosition
                    }
                    var refused: Set<String> = []
                    for case let IndexError.duplicateId(id, file, existing) in try w.upsert(prepared: parsed.prepared) {
                        diags.append(.error(file, positions[file] ?? .start, "duplicate id '\(id)': also used by \(existing)", code: "DuplicateId", arguments: [id, existing]))
                        refused.insert(file)
                    }
                    if i == 0, w.changes.everything, !referenceChecksInSQL { fullCheck = FullLoadCheck(taxonomy: taxonomy) }
                    if fullCheck != nil {
                        for p in parsed.prepared where !refused.contains(p.item.file.path) { fullCheck!.stored(p.item) }
                    }
                    done += results.count
                    progress?(done, candidates.count)
                }
                // Rules that span files, checked against the whole index in SQL.
                // A file that failed to read is already reported; references to it are not news.
                let unreadable = Set(brokenFiles.map { EntityFile(path: $0, kind: .model, size: 0, mtimeNs: 0).stem })
                if fullCheck != nil {
                    diags += fullCheck!.diagnostics(unreadable: unreadable)
                } else {
                    diags += try w.referenceDiagnostics(changesOnly: !rebuild, unreadable: unreadable)
                }
                // The index was committed without cycles, so only a changed model can make one.
                if modelsChanged { diags += CrossCheck.lineageCycles(try w.lineageSummaries()) }
                if diags.hasErrors { throw Aborted() }
                if restricted == nil { try w.setMeta("indexed_files", String(files.count)) }
                // A run that reported nothing about the layout or taxonomy can be skipped next
                // time if the scan folds to the same fingerprint (any other write forgets it).
                if let fingerprint, taxonomyDiags.isEmpty, scanDiags.isEmpty { try w.setScanFingerprint(fingerprint.text) }
            }
            report.committed = true
        } catch is Aborted {
            report.committed = false
        }
        report.diagnostics = diags.sortedForDisplay()
        return report
    }
}

/// A chunk read, parsed and turned into rows.
struct ParsedChunk: Sendable {
    var results: [(EntityFile, DecodedEntity?, String?)]
    var prepared: [IndexWriter.PreparedItem]
}

/// One chunk of files being read and parsed in the background.
final class PendingChunk: @unchecked Sendable {
    private var results = ParsedChunk(results: [], prepared: [])
    private let group = DispatchGroup()

    init(_ chunk: [EntityFile], _ decode: @escaping @Sendable ([EntityFile]) -> ParsedChunk) {
        group.enter()
        DispatchQueue.global().async {
            self.results = decode(chunk)
            self.group.leave()
        }
    }

    /// The parsed chunk, once it is ready (the group orders the write before this read).
    func wait() -> ParsedChunk {
        group.wait()
        return results
    }
}
