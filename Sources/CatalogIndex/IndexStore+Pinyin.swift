import CatalogCore
import ChineseText
import GRDB

/// Pinyin in the index (docs/0019-pinyin.md): each entity's name has a sort key in pinyin order
/// (`entity_pinyin`, indexed, so sorting by name stays an indexed query), and the first letters of
/// its characters' readings as words in a small full-text table (`search_pinyin`), from which
/// `PinyinQuery.indexKeys` find candidates that `PinyinQuery.match` then decides.
enum PinyinIndex {
    static let tablesSQL = """
    CREATE TABLE entity_pinyin (pk INTEGER PRIMARY KEY, kind TEXT NOT NULL, sort_key TEXT NOT NULL, id TEXT NOT NULL);
    -- words: PinyinText.indexTokens (window 8, 16 spellings) of the name; contentless, dead rows as `search`'s
    CREATE VIRTUAL TABLE search_pinyin USING fts5(words, tokenize = 'ascii', detail = 'none', content = '');
    """

    static let secondaryIndexes = ["CREATE INDEX entity_pinyin_sort ON entity_pinyin(kind, sort_key, id)"]

    /// Queries shorter than this (one letter) find too much to mean anything.
    static let minimumQueryLength = 2
    /// At most this many candidates are read for a search (it shows tens of hits)…
    static let searchCandidates = 1_500
    /// …and for a list's text filter, which should hold every match.
    static let listCandidates = 20_000

    /// The FTS5 expression for a query's keys (letters and digits only, so quoting is safe).
    static func match(_ query: PinyinQuery) -> String? {
        let keys = query.indexKeys
        return keys.isEmpty ? nil : keys.map { "\"\($0)\"*" }.joined(separator: " OR ")
    }

    /// The query to look up by pinyin, or nil when `text` has no letters or is a single character.
    static func query(_ text: String) -> PinyinQuery? {
        guard let q = PinyinQuery(text), q.hasLetters, q.scalars.count >= minimumQueryLength else { return nil }
        return q
    }
}

/// One entity found by the pinyin of its name.
public struct PinyinHit: Sendable, Hashable {
    public var pk: Int64
    public var kind: EntityKind
    public var id: String
    public var name: String
    /// Where in the name (Character offsets) the query matched.
    public var match: PinyinMatch
}

extension IndexWriter {
    /// Stores the sort key and pinyin words of an entity's name (the row of `pk` is new or was forgotten).
    func storePinyin(_ entity: Entity, _ columns: EntityColumns, pk: Int64) throws {
        // A DELETE and a plain INSERT rather than INSERT OR REPLACE: REPLACE into a table with an
        // index needs a statement savepoint, at which SQLite has FTS5 flush every full-text
        // table's pending rows as a segment of their own — per entity, a third of an import of
        // 10,000 scenarios (docs/0017).
        try RawStatement(db, "DELETE FROM entity_pinyin WHERE pk = ?").run([.int(pk)])
        try RawStatement(db, "INSERT INTO entity_pinyin (pk, kind, sort_key, id) VALUES (?, ?, ?, ?)")
            .run([.int(pk), .text(entity.kind.rawValue), .text(columns.pinyinSortKey), .text(entity.id)])
        try RawStatement(db, "INSERT INTO search_pinyin (rowid, words) VALUES (?, ?)")
            .run([.int(pk), .text(columns.pinyinWords)])
    }

    /// The sort key goes; the row of `search_pinyin` (contentless) stays as a dead row, which
    /// every query drops by joining `entity` (see `IndexWriter.forgetSearchDocument`).
    func forgetPinyin(_ pk: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM entity_pinyin WHERE pk = ?").execute(arguments: [pk])
    }

    /// Empties the pinyin tables (`removeAll`): dropping the text table is instant, deleting is not.
    func removeAllPinyin() throws {
        try db.execute(sql: "DELETE FROM entity_pinyin; DROP TABLE search_pinyin")
        try db.execute(sql: PinyinIndex.tablesSQL.components(separatedBy: "\n").filter { $0.contains("search_pinyin") }.joined(separator: "\n"))
    }

    /// After a bulk load: the text table merged once.
    func optimizePinyin() throws {
        try db.execute(sql: "INSERT INTO search_pinyin(search_pinyin) VALUES ('optimize')")
    }
}

extension IndexStore {
    /// Entities whose name `text` matches by pinyin (see `PinyinQuery`), best first: matches by
    /// everyday readings, then those at the start of the name, then shorter names, then pinyin
    /// order. Empty for text without letters.
    public func pinyinSearch(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws -> [PinyinHit] {
        guard let query = PinyinIndex.query(text) else { return [] }
        return try pool.read { db in
            Array(try IndexStore.pinyinHits(db, query, kinds: kinds, candidates: PinyinIndex.searchCandidates).prefix(limit))
        }
    }

    static func pinyinHits(_ db: Database, _ query: PinyinQuery, kinds: Set<EntityKind>?, candidates: Int) throws -> [PinyinHit] {
        guard let match = PinyinIndex.match(query) else { return [] }
        var kindFilter = ""
        if let kinds, kinds.count < EntityKind.allCases.count {
            guard !kinds.isEmpty else { return [] }
            kindFilter = " AND e.kind IN (\(kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")))"
        }
        var hits: [(hit: PinyinHit, length: Int, key: String)] = []
        // A cursor, not fetchAll: each row is read once, in place, as it is stepped.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.pk, e.kind, e.id, e.name, p.sort_key FROM search_pinyin s JOIN entity e ON e.pk = s.rowid
            JOIN entity_pinyin p ON p.pk = e.pk
            WHERE search_pinyin MATCH ?\(kindFilter) LIMIT \(candidates)
            """, arguments: [match])
        while let row = try rows.next() {
            let name: String = row[3]
            let text = PinyinText(name)
            guard let m = query.match(text) else { continue }
            let hit = PinyinHit(pk: row[0], kind: EntityKind(rawValue: row[1]) ?? .scenario, id: row[2], name: name, match: m)
            hits.append((hit, text.units.count, row[4]))
        }
        hits.sort { a, b in
            if a.hit.match.everyday != b.hit.match.everyday { return a.hit.match.everyday }
            if a.hit.match.atStart != b.hit.match.atStart { return a.hit.match.atStart }
            if a.length != b.length { return a.length < b.length }
            if a.key != b.key { return a.key < b.key }
            return a.hit.id < b.hit.id
        }
        return hits.map(\.hit)
    }

    /// Entities matching every word of `text` (see `wordSearch`), then — when `text` has letters —
    /// those whose name it matches by pinyin (`yl`, `yiliao`, `医l` find 医疗…), best first.
    public func search(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws -> [SearchHit] {
        var hits = try wordSearch(text, kinds: kinds, limit: limit)
        guard hits.count < limit, PinyinIndex.query(text) != nil else { return hits }
        var seen = Set(hits.map(\.id))
        for p in try pinyinSearch(text, kinds: kinds, limit: limit) where hits.count < limit && seen.insert(p.id).inserted {
            hits.append(SearchHit(kind: p.kind, id: p.id, name: p.name, field: .pinyin, snippet: p.name))
        }
        return hits
    }
}

extension ListSQL {
    /// Adds the entities whose name the text filter matches by pinyin (as a JSON list of pks, bound).
    mutating func addPinyin(_ db: Database) throws {
        guard let text = query.text, match != nil, let q = PinyinIndex.query(text) else { return }
        let pks = try IndexStore.pinyinHits(db, q, kinds: [query.kind], candidates: PinyinIndex.listCandidates).map(\.pk)
        if !pks.isEmpty { pinyinPks = "[" + pks.map(String.init).joined(separator: ",") + "]" }
    }
}
