import CatalogCore
import GRDB

/// Lists, counts and facets: each fetches one screen or one aggregate, never the catalogue.
extension IndexStore {
    /// The rows of `query`, in its order, `limit` rows from `offset`.
    public func list(_ query: ListQuery) throws -> [EntityRow] {
        var sql = ListSQL(query)
        let demand = query.kind == .center ? ", \(sql.demandExpression) AS demand" : ""
        return try pool.read { db in
            try sql.addPinyin(db)
            let plan = sql.textPlan(matches: try sql.probeMatches(db))
            let (fromWhere, args) = sql.fromWhere(plan)
            let text = "SELECT \(EntityRow.selection)\(demand) \(fromWhere) \(sql.orderBy(plan)) \(sql.limitOffset)"
            return try Row.fetchAll(db, sql: text, arguments: StatementArguments(args)).map { row in
                EntityRow(row: row, demand: query.kind == .center ? row["demand"] : nil)
            }
        }
    }

    /// How many entities match `query`'s filters (ignoring sort, limit and offset).
    public func count(_ query: ListQuery) throws -> Int {
        var sql = ListSQL(query, forCount: true)
        return try pool.read { db in
            try sql.addPinyin(db)
            if let match = sql.match, sql.conditions.count == 1, sql.pinyinPks == nil {
                // Text and kind only: the full-text index counts, joined to `entity` only to drop dead rows.
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM search JOIN entity e ON e.pk = search.rowid WHERE search MATCH ?", arguments: [match]) ?? 0
            }
            let (fromWhere, args) = sql.fromWhere()
            return try Int.fetchOne(db, sql: "SELECT count(*) \(fromWhere)", arguments: StatementArguments(args)) ?? 0
        }
    }

    /// Each value of `field` among entities of `kind`, with its count, most frequent first.
    public func facetCounts(kind: EntityKind, field: FacetField) throws -> [FacetCount] {
        try facetCounts(field: field, within: ListQuery(kind: kind))
    }

    /// Each value of `field` among the entities `query` matches when its own filter on `field` is
    /// left out (so a sidebar shows what choosing another value would give), most frequent first.
    /// Empty when the field does not apply to the kind.
    public func facetCounts(field: FacetField, within query: ListQuery) throws -> [FacetCount] {
        try pool.read { try IndexStore.facetCounts($0, field: field, within: query) }
    }

    static func facetCounts(_ db: Database, field: FacetField, within query: ListQuery) throws -> [FacetCount] {
        var sql = ListSQL(query, except: field, forCount: true)
        try sql.addPinyin(db)
        let (fromWhere, args) = sql.fromWhere()
        let column: String
        var group: String?
        switch (field, query.kind) {
        case (.sector, .scenario): column = "e.sector"
        case (.stage, .scenario):
            // Grouped by the indexed lifecycle order; the name comes along.
            column = "e.stage"
            group = "e.stage_ord"
        case (.dataClass, .scenario): column = "e.data_class"
        case (.city, _): column = "e.city"
        case (.status, _): column = "e.status"
        case (.filingKind, .model): column = "e.filing_kind"
        case (.provider, .model): column = "e.provider"
        case (.tier, .center): column = "e.tier"
        case (.function, .model):
            return try functionCounts(db, fromWhere: fromWhere, args: args)
        default:
            return []
        }
        // Unfiltered, the column's index yields the groups in order; filtered, `+column` keeps
        // SQLite from choosing that index over the one that serves the filter.
        let filtered = sql.conditions.count > 1 || sql.match != nil
        let key = group ?? column
        return try Row.fetchAll(db, sql: """
            SELECT \(column) AS v, count(*) AS n \(fromWhere) GROUP BY \(filtered ? "+" : "")\(key) HAVING v IS NOT NULL ORDER BY n DESC, v
            """, arguments: StatementArguments(args)).map { FacetCount(value: $0[0], count: $0[1]) }
    }

    /// Functions are a list per model: one count per function, in one pass.
    private static func functionCounts(_ db: Database, fromWhere: String, args: [DatabaseValueConvertible?]) throws -> [FacetCount] {
        let sums = ModelFunction.allCases.map { "total(instr(e.functions, ',\($0.rawValue),') > 0)" }.joined(separator: ", ")
        guard let row = try Row.fetchOne(db, sql: "SELECT \(sums) \(fromWhere)", arguments: StatementArguments(args)) else { return [] }
        return ModelFunction.allCases.enumerated()
            .map { FacetCount(value: $1.rawValue, count: Int(row[$0] as Double)) }
            .filter { $0.count > 0 }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }
}
