import GRDB

/// Writing many rows at once: a bulk load into an empty index (secondary indexes dropped and built
/// again, the text tables merged once at the end) and a large batch into a full one (the text
/// tables' incremental merging paused until the transaction ends).
extension IndexWriter {
    /// FTS5's pending-terms limit while a bulk load fills `search`, and its default restored after.
    static let bulkHashSize = 32 << 20
    /// The same for `search_pinyin`.
    static let pinyinBulkHashSize = 4 << 20
    static let defaultHashSize = 1 << 20
    /// FTS5's default `automerge`, restored after a bulk load or a paused batch.
    static let defaultAutomerge = 4
    /// How many rows one `upsert(prepared:)` must bring for merging to be paused.
    static let pauseMergingAt = 1_000
    /// Every FTS5 table of the index.
    static let textTables = IndexSchema.searchTables + ["search_pinyin"]

    /// Sets `automerge` of every text table.
    func setAutomerge(_ value: Int) throws {
        for t in IndexWriter.textTables {
            try db.execute(sql: "INSERT INTO \(t)(\(t), rank) VALUES ('automerge', \(value))")
        }
    }

    /// Sets the pending-terms limit of the text tables that a bulk load fills in larger segments.
    private func setHashSizes(search: Int, pinyin: Int) throws {
        try db.execute(sql: "INSERT INTO search(search, rank) VALUES ('hashsize', \(search))")
        try db.execute(sql: "INSERT INTO search_pinyin(search_pinyin, rank) VALUES ('hashsize', \(pinyin))")
    }

    /// Drops the secondary indexes when the first upsert finds no entity at all.
    func enterBulkModeIfEmpty() throws {
        guard bulk == nil else { return }
        let empty = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM entity LIMIT 1)") == 0
        if empty {
            for name in IndexSchema.secondaryIndexNames { try db.execute(sql: "DROP INDEX IF EXISTS \(name)") }
            // Merge the text indexes once at the end rather than level by level as they grow.
            try setAutomerge(0)
            // Fewer, larger segments: FTS5 flushes its pending terms every `hashsize` bytes (1 MiB
            // by default); 32 MiB cut the text index's CPU time by a fifth (docs/0024). For the
            // pinyin words 4 MiB: 110,200 names' rows in 1.53 s instead of 2.05 s; 32 MiB gave
            // 1.37 s but held 28 MB more, which would take the cold index past its 200 MB (docs/0036).
            try setHashSizes(search: IndexWriter.bulkHashSize, pinyin: IndexWriter.pinyinBulkHashSize)
            everyModelDirty = true
            changes = Changes(everything: true)
        }
        bulk = empty
    }

    /// Builds the secondary indexes again after a bulk load; queries inside the transaction call
    /// it first so they never run without indexes.
    func restoreIndexes() throws {
        guard bulk == true else { return }
        for sql in IndexSchema.secondaryIndexes {
            try db.execute(sql: sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS"))
        }
        // The text tables merged once, FTS5's defaults back for what follows.
        for t in IndexWriter.textTables { try db.execute(sql: "INSERT INTO \(t)(\(t)) VALUES ('optimize')") }
        try setAutomerge(IndexWriter.defaultAutomerge)
        try setHashSizes(search: IndexWriter.defaultHashSize, pinyin: IndexWriter.defaultHashSize)
        // Statistics for the query planner, sampled so that they cost little at 100,000 rows.
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
        // The segments 'optimize' merged away are free pages; give them back (auto_vacuum is
        // incremental, IndexStore), so the index file holds no dead weight after a bulk load.
        try db.execute(sql: "PRAGMA incremental_vacuum")
        bulk = false
    }

    /// From `pauseMergingAt` rows at once written into or removed from an index that holds
    /// entities (an import, an index run after a large `git pull`, the undo of an import), the
    /// text tables' incremental merging is off until the transaction ends (docs/0038, 0039): FTS5
    /// then merges only where a level fills up (`crisismerge`), which at 100,000 entities took an
    /// import of 10,000 from 2.13 to 1.68 s of inserts and left no more segments than before.
    func pauseMerging(for rows: Int) throws {
        guard bulk != true, !mergingPaused, rows >= IndexWriter.pauseMergingAt else { return }
        try setAutomerge(0)
        mergingPaused = true
    }

    /// Merging as FTS5 does by default again, before the commit (`finish`).
    func resumeMerging() throws {
        guard mergingPaused else { return }
        try setAutomerge(IndexWriter.defaultAutomerge)
        mergingPaused = false
    }
}
