import CatalogCore
import Foundation
import GRDB

/// The SQL of a `ListQuery`: its WHERE conditions with their arguments, and its ORDER BY.
/// Values from the user are always bound; only numbers and names of our own enums are inlined
/// (kind literals let SQLite pick the partial indexes).
struct ListSQL {
    var conditions: [String] = []
    var arguments: [DatabaseValueConvertible?] = []
    /// The FTS5 expression of `query.text`, when it has searchable terms.
    var match: String?
    /// Entities the text matches by the pinyin of their names, as a JSON list of pks (`addPinyin`).
    var pinyinPks: String?
    /// `pinyinPks` are in `PinyinRank` order; these are where each of its tiers (matches alike in
    /// their first three keys: characters covered, everyday readings, at the start) ends. Within
    /// a tier the rank is SQL's: name length, pinyin order, id (`orderBy`).
    var pinyinTierEnds: [Int] = []
    /// Rows come in pinyin order of their names, from `entity_pinyin`'s index.
    let byPinyin: Bool
    let query: ListQuery

    /// Column weights of `bm25()` in `IndexSchema.searchColumns` order: a title hit outranks an
    /// organisation or tag hit, which outranks a summary hit.
    static let bm25 = "bm25(search, 10.0, 4.0, 4.0, 1.0, 2.0, 0.0)"

    /// `except` leaves out one filter, so a facet counts its values within the other filters;
    /// `forCount` picks the plans that suit visiting every match rather than one page.
    init(_ q: ListQuery, except: FacetField? = nil, forCount: Bool = false) {
        query = q
        byPinyin = q.sort == .name && !forCount
        let kind = q.kind
        add("e.kind = '\(kind.rawValue)'")
        if byPinyin { add("p.kind = '\(kind.rawValue)'") }
        if let v = q.sector, except != .sector {
            switch kind {
            case .scenario: add("e.sector = ?", v)
            case .model: add("(e.domain IS NULL OR instr(e.domain, ?) > 0)", ",\(v),")
            case .center: add("0")
            }
        }
        if let v = q.city, except != .city { add("e.city = ?", v) }
        if let v = q.stage, except != .stage { add("e.stage = ?", v.rawValue) }
        if let v = q.status, except != .status { add("e.status = ?", v) }
        if let v = q.dataClass, except != .dataClass { add("e.data_class = ?", v.rawValue) }
        if let v = q.model {
            if let role = q.role {
                add("e.pk IN (SELECT scenario FROM scenario_model WHERE model_id = ? AND role = ?)", v, role.rawValue)
            } else {
                add("e.pk IN (SELECT scenario FROM scenario_model WHERE model_id = ?)", v)
            }
        }
        if let v = q.center { add("e.pk IN (SELECT scenario FROM compute_need WHERE center_id = ?)", v) }
        if let ids = q.ids { add("e.id IN (SELECT value FROM json_each(?))", "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]") }
        switch q.since {
        case .upTo(let quarter)?: add("(e.since IS NULL OR e.since <= ?)", quarter.description)
        case .exactly(let quarter)?: add("e.since = ?", quarter.description)
        case nil: break
        }
        if let v = q.quarter, kind == .scenario {
            let active = "c.from_q <= \(v.ordinal) AND (c.until_q IS NULL OR c.until_q >= \(v.ordinal))"
            if forCount {
                add("e.pk IN (SELECT c.scenario FROM compute_need c WHERE \(active))")
            } else {
                // Most scenarios are active in a given quarter, so a page fills after a few
                // probes of each row's compute rows by primary key.
                add("EXISTS (SELECT 1 FROM compute_need c WHERE c.scenario = e.pk AND \(active))")
            }
        }
        if let text = q.text, let m = SearchText.matchQuery(text) {
            match = "(\(m)) AND {kind} : \"\(kind.rawValue.lowercased())\""
        }
        if let v = q.filingKind, except != .filingKind { add("e.filing_kind = ?", v.rawValue) }
        if let v = q.function, except != .function { add("instr(e.functions, ?) > 0", ",\(v.rawValue),") }
        if let v = q.provider, except != .provider { add("e.provider = ?", v) }
        if let v = q.baseModel { add("e.base_model = ?", v) }
        if let v = q.tier, except != .tier { add("e.tier = ?", v.rawValue) }
        if let v = q.updatedBefore { add(kind == .scenario ? "(e.updated IS NULL OR e.updated < ?)" : "0 AND ? IS NULL", v) }
    }

    private mutating func add(_ condition: String, _ args: DatabaseValueConvertible?...) {
        conditions.append(condition)
        arguments.append(contentsOf: args)
    }

    /// How a text filter joins the list.
    enum TextPlan {
        /// Rows come from the search table, ranked by bm25 (few enough matches to rank).
        case ranked
        /// `pk IN (all matches)`: best when matches are few, and for counts.
        case collect
        /// A per-row check in list order: best when matches are many, as a page fills quickly.
        case probe
    }

    /// How to apply the text filter to a page of the list, given how many rows match it (capped
    /// at `denseMatches`). Counts always collect.
    func textPlan(matches: Int) -> TextPlan {
        let dense = matches >= ListSQL.denseMatches
        if pinyinPks != nil { return .collect }
        if query.sort == .relevance, !dense { return .ranked }
        // Probing pays per row visited, so only for a page near the top.
        let nearTop = query.offset <= 2_000 && (query.limit ?? Int.max) <= 1_000
        return dense && nearTop ? .probe : .collect
    }

    /// Above this many matches a text filter is "dense" (see `TextPlan`).
    static let denseMatches = 3_000

    /// `FROM … WHERE …` with the arguments it binds.
    func fromWhere(_ plan: TextPlan = .collect) -> (sql: String, arguments: [DatabaseValueConvertible?]) {
        let from = byPinyin ? "FROM entity_pinyin p JOIN entity e ON e.pk = p.pk" : "FROM entity e"
        guard let match else {
            return ("\(from) WHERE " + conditions.joined(separator: " AND "), arguments)
        }
        switch plan {
        case .ranked:
            return ("FROM search JOIN entity e ON e.pk = search.rowid WHERE search MATCH ? AND " + conditions.joined(separator: " AND "),
                    [match] + arguments)
        case .collect:
            if let pinyinPks {
                return ("\(from) WHERE (e.pk IN (SELECT rowid FROM search WHERE search MATCH ?) OR e.pk IN (SELECT value FROM json_each(?))) AND "
                        + conditions.joined(separator: " AND "), [match, pinyinPks] + arguments)
            }
            return ("\(from) WHERE e.pk IN (SELECT rowid FROM search WHERE search MATCH ?) AND " + conditions.joined(separator: " AND "),
                    [match] + arguments)
        case .probe:
            return ("\(from) WHERE " + conditions.joined(separator: " AND ") + " AND EXISTS (SELECT 1 FROM search WHERE search MATCH ? AND rowid = e.pk)",
                    arguments + [match])
        }
    }

    /// How many rows the text filter matches, counting no further than `denseMatches`.
    func probeMatches(_ db: Database) throws -> Int {
        guard let match else { return 0 }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM search JOIN entity e ON e.pk = search.rowid WHERE search MATCH ? LIMIT \(ListSQL.denseMatches))",
                                arguments: [match]) ?? 0
    }

    /// The quarter whose demand centers show.
    var demandQuarter: Quarter { query.quarter ?? IndexStore.currentQuarter() }

    /// PFLOPS asked of center `e` in `demandQuarter` by scenarios that are not withdrawn.
    var demandExpression: String {
        let q = demandQuarter.ordinal
        return """
            (SELECT total(c.pflops) FROM compute_need c
             WHERE c.center_id = e.id AND c.live = 1 AND c.from_q <= \(q) AND (c.until_q IS NULL OR c.until_q >= \(q)))
            """
    }

    func orderBy(_ plan: TextPlan) -> String {
        let dir = query.descending ? " DESC" : ""
        let expr: String
        switch query.sort {
        case .id: return "ORDER BY e.id\(dir)"
        case .relevance:
            // Words found (by id) before names found by their pinyin alone, best first (docs/0032):
            // the match is the first argument, the pinyin pks the second.
            if pinyinPks != nil {
                let words = "e.pk IN (SELECT rowid FROM search WHERE search MATCH ?1)"
                let tiers = pinyinTierEnds.enumerated()
                    .map { "WHEN e.pk IN (SELECT value FROM json_each(?2) WHERE key < \($1)) THEN \($0 + 1)" }.joined(separator: " ")
                return """
                    ORDER BY CASE WHEN \(words) THEN 0 \(tiers) ELSE \(pinyinTierEnds.count + 1) END,
                    CASE WHEN \(words) THEN 0 ELSE length(e.name) END,
                    CASE WHEN \(words) THEN NULL ELSE (SELECT sort_key FROM entity_pinyin WHERE pk = e.pk) END, e.id
                    """
            }
            return plan == .ranked ? "ORDER BY \(ListSQL.bm25), e.id" : "ORDER BY e.id\(dir)"
        case .name: return "ORDER BY p.sort_key\(dir), p.id\(dir)"
        case .sector: expr = "e.sector"
        case .city: expr = "e.city"
        case .stage: expr = "e.stage_ord"
        case .status: expr = "e.status"
        case .since: expr = "e.since"
        case .updated: expr = "e.updated"
        case .dataClass: expr = "e.data_class"
        case .peakPflops: expr = "e.peak_pflops"
        case .modelCount: expr = "e.model_count"
        case .provider: expr = "e.provider"
        case .filingNo: expr = "e.filing_no"
        case .filedOn: expr = "e.filed_on"
        case .paramsB: expr = "e.params_b"
        case .usedBy: expr = "e.used_by"
        case .tier: expr = "e.tier_ord"
        case .capacity: expr = "e.capacity"
        case .demand: expr = query.kind == .center ? demandExpression : "NULL"
        case .utilisation: expr = query.kind == .center ? "(\(demandExpression) / nullif(e.capacity, 0))" : "NULL"
        }
        return "ORDER BY \(expr)\(dir), e.id\(dir)"
    }

    var limitOffset: String {
        guard let limit = query.limit else { return query.offset > 0 ? "LIMIT -1 OFFSET \(query.offset)" : "" }
        return "LIMIT \(max(0, limit)) OFFSET \(max(0, query.offset))"
    }

}

extension IndexStore {
    /// The calendar quarter today (UTC): the quarter of every single demand figure that is not
    /// given one — the Centers list, `list centers`, the headline of `stats` and the dashboard.
    public static func currentQuarter() -> Quarter {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month], from: Date())
        return Quarter(year: c.year ?? 2026, quarter: ((c.month ?? 1) - 1) / 3 + 1) ?? Quarter(ordinal: 2026 * 4)
    }
}
