import CatalogCore
import CatalogFiles
import GRDB

/// A scenario as a list shows it: the entity from its file, and the peak the index computed.
public struct ListedScenario: Sendable {
    public var scenario: Scenario
    /// Peak PFLOPS (FP16) over the quarters the scenario's compute spans.
    public var peakPflops: Double?
}

extension IndexStore {
    /// Every scenario `query` lists (its limit and offset ignored), in its order, read as a cursor
    /// and handed to `body` `chunk` at a time, each chunk's files read and decoded on every core
    /// (checked against the hashes the index recorded; `IndexStale` when one changed since):
    /// what an export of 100,000 scenarios reads without holding them all.
    public func forEachScenario(listedBy query: ListQuery, chunk: Int = 2048, _ body: ([ListedScenario]) throws -> Void) throws {
        var q = query
        q.kind = .scenario
        q.limit = nil
        q.offset = 0
        let sql = ListSQL(q)
        let reader = fileReader
        try pool.read { db in
            let plan = sql.textPlan(matches: try sql.probeMatches(db))
            let (fromWhere, args) = sql.fromWhere(plan)
            let text = "SELECT e.peak_pflops, e.id, e.file, (SELECT f.hash FROM file f WHERE f.path = e.file) \(fromWhere) \(sql.orderBy(plan))"
            let rows = try Row.fetchCursor(db, sql: text, arguments: StatementArguments(args))
            var pending: [(peak: Double?, id: String, file: String, hash: String)] = []
            pending.reserveCapacity(chunk)
            func decode() throws {
                let decoded = ParallelMap.map(pending) { item in
                    IndexStore.readIndexedScenario(id: item.id, file: item.file, hash: item.hash, reader: reader)
                        .map { ListedScenario(scenario: $0, peakPflops: item.peak) }
                }
                pending.removeAll(keepingCapacity: true)
                try body(decoded.map { try $0.get() })
            }
            while let row = try rows.next() {
                pending.append((row[0], row[1], row[2], row[3] ?? ""))
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
