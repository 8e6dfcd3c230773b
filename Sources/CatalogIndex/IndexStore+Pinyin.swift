import CatalogCore
import ChineseText
import Dispatch
import GRDB

/// Pinyin in the index (docs/0019-pinyin.md): each entity's name has a sort key in pinyin order
/// (`entity_pinyin`, indexed, so sorting by name stays an indexed query), and the first letters of
/// its characters' readings as words in a small full-text table (`search_pinyin`), from which
/// `PinyinQuery.indexKeys` find candidates that `PinyinQuery.match` then decides.
enum PinyinIndex {
    static let tablesSQL = """
    CREATE TABLE entity_pinyin (pk INTEGER PRIMARY KEY, kind TEXT NOT NULL, sort_key TEXT NOT NULL, id TEXT NOT NULL);
    -- words: PinyinText.indexWords (window 8, 16 spellings; start words `0…`) of the name, not kept
    -- (contentless: a delete recomputes them from the name); two-letter prefixes indexed, so that a
    -- two-letter key reads one list, not every word under it
    CREATE VIRTUAL TABLE search_pinyin USING fts5(words, tokenize = 'ascii', detail = 'none', prefix = '2', content = '');
    """

    static let secondaryIndexes = ["CREATE INDEX entity_pinyin_sort ON entity_pinyin(kind, sort_key, id)"]

    /// Queries shorter than this (one letter) find too much to mean anything.
    static let minimumQueryLength = 2
    /// At most this many candidates are read for a search (it shows tens of hits; it stops
    /// sooner, when it has a page of them)…
    static let searchCandidates = 1_500
    /// …of which those matching from the start of a name may be more: at 100k, 3,020 names start
    /// with `fs` (docs/0032); all are ranked, so that the page is the best of them.
    static let startCandidates = 5_000
    /// …and for a list's text filter, which should hold every match.
    static let listCandidates = 20_000

    /// The FTS5 expression for a query's keys (letters and digits only, so quoting is safe).
    static func match(_ query: PinyinQuery) -> String? {
        expression(query.indexKeys)
    }

    /// The FTS5 expression for the names the query may match from their start (`startKeys`).
    static func startMatch(_ query: PinyinQuery) -> String? {
        expression(query.startKeys)
    }

    static func expression(_ keys: [String]) -> String? {
        keys.isEmpty ? nil : keys.map { "\"\($0)\"*" }.joined(separator: " OR ")
    }

    /// The query to look up by pinyin, or nil when `text` has no letters or is a single character.
    static func query(_ text: String) -> PinyinQuery? {
        guard let q = PinyinQuery(text), q.hasLetters, q.scalars.count >= minimumQueryLength else { return nil }
        return q
    }
}

/// How pinyin hits are ranked (docs/0032), best first:
/// 1. the match covers the fewest characters — the more of the query is read as whole
///    syllables, the better (`shan`: 佛山 before 上海安南 read s-h-a-n; `zhijian`: 智能质检
///    before 智嘉农业 read zhi-jia-n);
/// 2. it starts the name (`yl`: 医疗影像 before 智慧医疗);
/// 3. it needs no rarer reading of a character;
/// 4. the shorter name (in characters, as SQLite's `length` counts them), so a name that is the
///    query itself (医疗) comes before longer names starting with it;
/// 5. pinyin order of the name (its sort key), then the id — a stable order for ties.
/// Keys 4 and 5 are the order in which a search reads candidates (`pinyinHits`).
struct PinyinRank: Comparable {
    var hit: PinyinHit
    var key: String
    var nameLength: Int

    init(hit: PinyinHit, key: String) {
        self.hit = hit
        self.key = key
        nameLength = hit.name.unicodeScalars.count
    }

    static func < (a: PinyinRank, b: PinyinRank) -> Bool {
        let x = a.hit.match, y = b.hit.match
        if x.length != y.length { return x.length < y.length }
        if x.everyday != y.everyday { return x.everyday }
        if x.atStart != y.atStart { return x.atStart }
        if a.nameLength != b.nameLength { return a.nameLength < b.nameLength }
        // Byte order, as SQLite's BINARY collation compares them.
        if a.key != b.key { return a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
        return a.hit.id.utf8.lexicographicallyPrecedes(b.hit.id.utf8)
    }

    static func == (a: PinyinRank, b: PinyinRank) -> Bool { a.hit == b.hit && a.key == b.key }
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

    /// Forgets the pinyin rows of `pk`, whose `entity` row must still hold the name they were
    /// made from: the text table keeps no copy of its words (contentless, docs/0027), so FTS5 is
    /// told them again, recomputed from the name as `EntityColumns` computed them.
    func forgetPinyin(_ pk: Int64) throws {
        let stored = try Int64.fetchOne(db.cachedStatement(sql: "SELECT pk FROM entity_pinyin WHERE pk = ?"), arguments: [pk]) != nil
        guard stored else { return }
        guard let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM entity WHERE pk = ?"), arguments: [pk]) else {
            throw IndexDamage(reason: "the pinyin of entity \(pk) has no name to be forgotten by; run `scencat index --rebuild`", code: "indexDamageStored")
        }
        try db.cachedStatement(sql: "DELETE FROM entity_pinyin WHERE pk = ?").execute(arguments: [pk])
        try RawStatement(db, "INSERT INTO search_pinyin (search_pinyin, rowid, words) VALUES ('delete', ?, ?)")
            .run([.int(pk), .text(PinyinText.indexWords(of: name))])
    }

    /// Empties the pinyin tables (`removeAll`): dropping the text table is instant, deleting is not.
    func removeAllPinyin() throws {
        try db.execute(sql: "DELETE FROM entity_pinyin; DROP TABLE search_pinyin")
        try db.execute(sql: PinyinIndex.tablesSQL.components(separatedBy: "\n").filter { $0.contains("search_pinyin") }.joined(separator: "\n"))
    }
}

extension IndexStore {
    /// Entities whose name `text` matches by pinyin (see `PinyinQuery`), best first
    /// (`PinyinRank`, docs/0032): matches covering the fewest characters, then those by
    /// everyday readings, then those at the start of the name, then shorter names, then pinyin order.
    /// Empty for text without letters.
    public func pinyinSearch(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws -> [PinyinHit] {
        guard limit > 0, let query = PinyinIndex.query(text) else { return [] }
        return try pool.read { db in
            Array(try IndexStore.pinyinHits(db, query, kinds: kinds, candidates: PinyinIndex.searchCandidates, page: limit).prefix(limit))
        }
    }

    /// Loads the pinyin tables on another thread now, so that the first pinyin query does not
    /// wait for them (a search from the command line or the terminal's `/` calls it on opening
    /// the index). Safe to call more than once; a query meanwhile waits for this load.
    public func preparePinyinSearch() {
        IndexStore.preparePinyin()
    }

    /// `preparePinyinSearch`, for callers without a store.
    public static func preparePinyin() {
        DispatchQueue.global(qos: .userInitiated).async { Pinyin.prepare() }
    }

    /// The names `query` matches by pinyin among the candidates read from the index, best first
    /// (`PinyinRank`).
    ///
    /// With a `page` (a search, which shows one page), two passes, each over at most `candidates`
    /// candidates taken in index order and read shortest name first (then in pinyin order, then
    /// by id — the order of `PinyinRank` after its first three keys): the names the query may
    /// match from their start (`startKeys`; at most `startCandidates`), then the names found by
    /// the keys anywhere. A pass stops as soon as `page` hits are settled — hits nothing unread
    /// can outrank: matches at the start covering the fewest characters by everyday readings
    /// (`PinyinQuery.fewestUnits`) in the first pass; in the second, those (every match at the
    /// start was read in the first) and the matches inside covering the fewest by everyday
    /// readings. A match needing a rarer reading settles nothing: an everyday match inside, not
    /// read yet, would outrank it. So the page is the best page of the candidates, not the
    /// first page read.
    /// Without a page (a list's filter), every candidate up to `candidates` is read and ranked.
    static func pinyinHits(_ db: Database, _ query: PinyinQuery, kinds: Set<EntityKind>?, candidates: Int, page: Int? = nil) throws -> [PinyinHit] {
        guard let match = PinyinIndex.match(query) else { return [] }
        var kindFilter = ""
        if let kinds, kinds.count < EntityKind.allCases.count {
            guard !kinds.isEmpty else { return [] }
            kindFilter = " AND e.kind IN (\(kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")))"
        }
        var hits: [PinyinRank] = []
        var read = Set<Int64>()
        var settled = 0
        var matched: [String: PinyinMatch?] = [:]
        /// Reads the candidates of `expression` not read yet; false once `page` hits are settled.
        func collect(_ expression: String, cap: Int, settles: ((PinyinMatch) -> Bool)?) throws -> Bool {
            // The candidates are capped in index order (the kind filter inside the cap), then
            // ordered for a page; a cursor, not fetchAll: each row is read once, as it is stepped.
            let candidates = kindFilter.isEmpty
                ? "SELECT s.rowid AS pk FROM search_pinyin s WHERE search_pinyin MATCH ? LIMIT \(cap)"
                : "SELECT s.rowid AS pk FROM search_pinyin s JOIN entity e ON e.pk = s.rowid WHERE search_pinyin MATCH ?\(kindFilter) LIMIT \(cap)"
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.pk, e.kind, e.id, e.name, p.sort_key FROM (\(candidates)) c JOIN entity e ON e.pk = c.pk
                JOIN entity_pinyin p ON p.pk = e.pk\(settles == nil ? "" : " ORDER BY length(e.name), p.sort_key, e.id")
                """, arguments: [expression])
            while let row = try rows.next() {
                let pk: Int64 = row[0]
                guard read.insert(pk).inserted else { continue }
                let name: String = row[3]
                // Names repeat (the same title in many cities), and a page's rows come sorted, so
                // alike names are read one after another: each is read and matched once.
                let m: PinyinMatch?
                if let known = matched[name] {
                    m = known
                } else {
                    m = query.match(PinyinText(name))
                    matched[name] = m
                }
                guard let m else { continue }
                let hit = PinyinHit(pk: pk, kind: EntityKind(rawValue: row[1]) ?? .scenario, id: row[2], name: name, match: m)
                hits.append(PinyinRank(hit: hit, key: row[4]))
                if let settles, let page, settles(m) {
                    settled += 1
                    if settled >= page { return false }
                }
            }
            return true
        }
        if let page, page > 0 {
            let perfect = { (m: PinyinMatch) in m.length == query.fewestUnits && m.everyday }
            var more = true
            if let start = PinyinIndex.startMatch(query) {
                more = try collect(start, cap: PinyinIndex.startCandidates) { $0.atStart && perfect($0) }
            }
            if more {
                settled = hits.filter { $0.hit.match.atStart && perfect($0.hit.match) }.count
                if settled < page { _ = try collect(match, cap: candidates) { !$0.atStart && perfect($0) } }
            }
        } else {
            _ = try collect(match, cap: candidates, settles: nil)
        }
        hits.sort(by: <)
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
        let hits = try IndexStore.pinyinHits(db, q, kinds: [query.kind], candidates: PinyinIndex.listCandidates)
        guard !hits.isEmpty else { return }
        pinyinPks = "[" + hits.map { String($0.pk) }.joined(separator: ",") + "]"
        pinyinTierEnds = []
        for (i, hit) in hits.enumerated().dropFirst() {
            let a = hits[i - 1].match, b = hit.match
            if a.atStart != b.atStart || a.length != b.length || a.everyday != b.everyday { pinyinTierEnds.append(i) }
        }
        pinyinTierEnds.append(hits.count)
    }
}
