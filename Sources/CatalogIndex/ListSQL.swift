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
    let query: ListQuery

    /// Column weights of `bm25()` in `IndexSchema.searchColumns` order: a title hit outranks an
    /// organisation or tag hit, which outranks a summary hit.
    static let bm25 = "bm25(search, 10.0, 4.0, 4.0, 1.0, 2.0, 0.0)"

    /// `except` leaves out one filter, so a facet counts its values within the other filters.
    init(_ q: ListQuery, except: FacetField? = nil) {
        query = q
        let kind = q.kind
        add("e.kind = '\(kind.rawValue)'")
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
        switch q.since {
        case .upTo(let quarter)?: add("(e.since IS NULL OR e.since <= ?)", quarter.description)
        case .exactly(let quarter)?: add("e.since = ?", quarter.description)
        case nil: break
        }
        if let v = q.quarter, kind == .scenario {
            add("e.pk IN (SELECT scenario FROM compute_need WHERE from_q <= \(v.ordinal) AND (until_q IS NULL OR until_q >= \(v.ordinal)))")
        }
        if let text = q.text, let m = SearchText.matchQuery(text) {
            match = "(\(m)) AND {kind} : \"\(kind.rawValue.lowercased())\""
            if q.sort != .relevance { add("e.pk IN (SELECT rowid FROM search WHERE search MATCH ?)", m) }
        }
        if let v = q.filingKind, except != .filingKind { add("e.filing_kind = ?", v.rawValue) }
        if let v = q.function, except != .function { add("instr(e.functions, ?) > 0", ",\(v.rawValue),") }
        if let v = q.provider, except != .provider { add("e.provider = ?", v) }
        if let v = q.baseModel { add("e.base_model = ?", v) }
        if let v = q.tier, except != .tier { add("e.tier = ?", v.rawValue) }
    }

    private mutating func add(_ condition: String, _ args: DatabaseValueConvertible?...) {
        conditions.append(condition)
        arguments.append(contentsOf: args)
    }

    /// Whether rows come from joining the search table, ranked.
    var ranked: Bool { match != nil && query.sort == .relevance }

    /// `FROM … WHERE …` with the arguments it binds.
    var fromWhere: (sql: String, arguments: [DatabaseValueConvertible?]) {
        if ranked, let match {
            return ("FROM search JOIN entity e ON e.pk = search.rowid WHERE search MATCH ? AND " + conditions.joined(separator: " AND "),
                    [match] + arguments)
        }
        return ("FROM entity e WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The quarter whose demand centers show.
    var demandQuarter: Quarter { query.quarter ?? ListSQL.currentQuarter() }

    /// PFLOPS asked of center `e` in `demandQuarter` by scenarios that are not withdrawn.
    var demandExpression: String {
        let q = demandQuarter.ordinal
        return """
            (SELECT total(c.pflops) FROM compute_need c JOIN entity s ON s.pk = c.scenario
             WHERE c.center_id = e.id AND c.from_q <= \(q) AND (c.until_q IS NULL OR c.until_q >= \(q)) AND s.status <> 'withdrawn')
            """
    }

    var orderBy: String {
        let dir = query.descending ? " DESC" : ""
        let expr: String
        switch query.sort {
        case .id: return "ORDER BY e.id\(dir)"
        case .relevance: return ranked ? "ORDER BY \(ListSQL.bm25), e.id" : "ORDER BY e.id\(dir)"
        case .name: expr = "e.name"
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

    /// The calendar quarter today (UTC).
    static func currentQuarter() -> Quarter {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month], from: Date())
        return Quarter(year: c.year ?? 2026, quarter: ((c.month ?? 1) - 1) / 3 + 1) ?? Quarter(ordinal: 2026 * 4)
    }
}
