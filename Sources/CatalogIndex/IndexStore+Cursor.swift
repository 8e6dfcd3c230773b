import CatalogCore
import CatalogFiles
import GRDB

/// A scenario as a list shows it: the entity from the index's JSON, and the peak the index computed.
public struct ListedScenario: Sendable {
    public var scenario: Scenario
    /// Peak PFLOPS (FP16) over the quarters the scenario's compute spans.
    public var peakPflops: Double?
}

extension IndexStore {
    /// Every scenario `query` lists (its limit and offset ignored), in its order, read as a cursor
    /// and handed to `body` `chunk` at a time, each chunk's JSON decoded on every core (by
    /// `ScenarioJSON`, with `JSONDecoder` for what it does not read): what an
    /// export of 100,000 scenarios reads without holding them all.
    public func forEachScenario(listedBy query: ListQuery, chunk: Int = 2048, _ body: ([ListedScenario]) throws -> Void) throws {
        var q = query
        q.kind = .scenario
        q.limit = nil
        q.offset = 0
        let sql = ListSQL(q)
        try pool.read { db in
            let plan = sql.textPlan(matches: try sql.probeMatches(db))
            let (fromWhere, args) = sql.fromWhere(plan)
            let text = "SELECT e.peak_pflops, (SELECT j.json FROM entity_json j WHERE j.pk = e.pk) \(fromWhere) \(sql.orderBy(plan))"
            let rows = try Row.fetchCursor(db, sql: text, arguments: StatementArguments(args))
            var pending: [(peak: Double?, json: String)] = []
            pending.reserveCapacity(chunk)
            func decode() throws {
                let decoded = ParallelMap.map(pending) { item -> ListedScenario? in
                    if let s = ScenarioJSON.decode(item.json) { return ListedScenario(scenario: s, peakPflops: item.peak) }
                    guard case .scenario(let s)? = try? EntityJSON.decode(kind: .scenario, json: item.json) else { return nil }
                    return ListedScenario(scenario: s, peakPflops: item.peak)
                }
                pending.removeAll(keepingCapacity: true)
                guard !decoded.contains(where: { $0 == nil }) else {
                    throw IndexDamage(reason: "a scenario's stored JSON does not read; run `scencat index --rebuild`")
                }
                try body(decoded.map { $0! })
            }
            while let row = try rows.next() {
                pending.append((row[0], row[1] ?? ""))
                if pending.count >= chunk { try decode() }
            }
            if !pending.isEmpty { try decode() }
        }
    }
}

extension IndexStore {
    /// Every scenario's id, title and city (what an import looks for duplicates among), read by
    /// column position: for 100,000 rows, finding columns by name costs more than the query.
    public func scenarioTitles() throws -> [(id: String, title: String, city: String)] {
        try pool.read { db in
            var out: [(id: String, title: String, city: String)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, name, coalesce(city, '') FROM entity WHERE kind = 'Scenario'")
            while let row = try rows.next() { out.append((id: row[0], title: row[1], city: row[2])) }
            return out
        }
    }

    /// Every entity id in the index, of any kind.
    public func allIds() throws -> Set<String> {
        try pool.read { db in
            var ids = Set<String>()
            let rows = try String.fetchCursor(db, sql: "SELECT id FROM entity")
            while let id = try rows.next() { ids.insert(id) }
            return ids
        }
    }
}
