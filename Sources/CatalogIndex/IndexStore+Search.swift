import CatalogCore
import CatalogFiles
import GRDB

/// Where a search hit matched, best field first.
public enum SearchField: String, Sendable, Hashable {
    case name, nameEn, organisation, tag, summary, id, filingNo
    /// The name, by its pinyin (IndexStore+Pinyin).
    case pinyin
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
    public var kind: EntityKind
    public var id: String
    /// Scenario title, model or center name.
    public var name: String
    /// The first field that shows a query word verbatim (nil when none does, e.g. a prefix hit
    /// inside a longer word).
    public var field: SearchField?
    /// That field's text around the word, shortened with `…`; the name when no field shows it.
    public var snippet: String
}

extension IndexStore {
    /// Up to this many matches are ranked with bm25; above it a query is so common that ranking
    /// every match would cost more than the 20 ms budget, and hits are taken tier by tier.
    static let rankedSearchCap = 3_000

    /// Entities matching every word of `text` (Chinese of any length, latin words as prefixes),
    /// best first. Any input is safe: text without letters, digits or CJK characters finds nothing.
    ///
    /// Ranking: bm25 with column weights, so a title hit outranks an organisation, tag or id hit,
    /// which outranks a summary hit. When more than `rankedSearchCap` entities match (a word like
    /// 智能 in an AI catalogue, whose bm25 weight is nil anyway), names that match come first,
    /// shortest first, then other matches.
    func wordSearch(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws -> [SearchHit] {
        guard let words = SearchText.matchQuery(text), limit > 0 else { return [] }
        var kindFilter = ""
        if let kinds, kinds.count < EntityKind.allCases.count {
            guard !kinds.isEmpty else { return [] }
            let names = kinds.map { "\"\($0.rawValue.lowercased())\"" }.sorted().joined(separator: " OR ")
            kindFilter = " AND ({kind} : (\(names)))"
        }
        let terms = SearchText.highlightTerms(text)
        return try pool.read { db in
            let all = "(\(words))\(kindFilter)"
            // Every read of a text index joins `entity`: rows of entities changed or removed since
            // the text index was built are dead there (docs/0029) and must count for nothing.
            let matches = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT 1 FROM search JOIN entity e ON e.pk = search.rowid
                                      WHERE search MATCH ? LIMIT \(IndexStore.rankedSearchCap + 1))
                """, arguments: [all]) ?? 0
            if matches == 0 { return [] }
            var order: [Int64: Int] = [:]   // pk → position (ranked) or tier (tiered)
            if matches <= IndexStore.rankedSearchCap {
                let pks = try Int64.fetchAll(db, sql: """
                    SELECT search.rowid FROM search JOIN entity e ON e.pk = search.rowid
                    WHERE search MATCH ? ORDER BY \(ListSQL.bm25) LIMIT \(limit)
                    """, arguments: [all])
                for (i, pk) in pks.enumerated() { order[pk] = i }
            } else {
                // Names first, from the small name index; then anything else, in index order,
                // which stops after `limit` rows however many match.
                for pk in try Int64.fetchAll(db, sql: """
                    SELECT search_name.rowid FROM search_name JOIN entity e ON e.pk = search_name.rowid
                    WHERE search_name MATCH ? LIMIT \(limit)
                    """, arguments: [all]) {
                    order[pk] = 0
                }
                if order.count < limit {
                    for pk in try Int64.fetchAll(db, sql: """
                        SELECT search.rowid FROM search JOIN entity e ON e.pk = search.rowid
                        WHERE search MATCH ? LIMIT \(limit + order.count)
                        """, arguments: [all]) where order.count < limit && order[pk] == nil {
                        order[pk] = 1
                    }
                }
            }
            var hits: [(rank: Int, nameLength: Int, hit: SearchHit)] = []
            let list = order.keys.map(String.init).joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.pk, e.kind, e.id, e.name, e.name_en, e.demand_org, e.provider, e.operator, e.filing_no, e.file, f.hash
                FROM entity e LEFT JOIN file f ON f.path = e.file WHERE e.pk IN (\(list))
                """)
            // The texts the row does not hold come from the files (a few tens), on every core; a
            // file changed since indexing gives its hit without them rather than stale words.
            let reader = fileReader
            let sources = rows.map { (id: $0["id"] as String, file: $0["file"] as String, hash: $0["hash"] as String?) }
            let entities = ParallelMap.map(sources) { s in
                try? IndexStore.readIndexed(id: s.id, file: s.file, hash: s.hash, reader: reader).get()
            }
            for (row, entity) in zip(rows, entities) {
                let name: String = row["name"]
                let found = SearchSnippet.find(terms, in: SearchSnippet.fields(of: row, entity: entity))
                let hit = SearchHit(kind: EntityKind(rawValue: row["kind"]) ?? .scenario, id: row["id"], name: name,
                                    field: found?.field, snippet: found?.snippet ?? name)
                hits.append((order[row["pk"]] ?? 0, name.count, hit))
            }
            let ranked = matches <= IndexStore.rankedSearchCap
            hits.sort { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                if !ranked, a.nameLength != b.nameLength { return a.nameLength < b.nameLength }
                return a.hit.id < b.hit.id
            }
            return hits.map(\.hit)
        }
    }
}
