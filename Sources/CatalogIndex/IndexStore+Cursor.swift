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
        try forEachScenario(listedBy: query, chunk: chunk, transform: { listed, _ in listed }, body)
    }

    /// `forEachScenario(listedBy:chunk:_:)` with `transform` applied to each scenario (and its
    /// 0-based place in the listing) on the core that read it, and pipelined: while `body` takes
    /// one chunk on the calling thread, the next chunk's files are already being read and
    /// transformed on the other cores. So an export turns each file into its row in one pass,
    /// and its writing overlaps the reading. At most two chunks are held.
    public func forEachScenario<T: Sendable>(listedBy query: ListQuery, chunk: Int = 2048,
                                             transform: @escaping @Sendable (ListedScenario, Int) -> T,
                                             _ body: ([T]) throws -> Void) throws {
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
            typealias Item = (place: Int, peak: Double?, id: String, file: String, hash: String)
            var pending: [Item] = []
            pending.reserveCapacity(chunk)
            var listed = 0
            var inFlight: Background<[Result<T, IndexStale>]>?
            // Whatever ends the loop, no chunk is left being read behind it.
            defer { _ = try? inFlight?.value() }
            func launch() throws {
                let items = pending
                pending.removeAll(keepingCapacity: true)
                let next = Background {
                    ParallelMap.map(items) { item in
                        IndexStore.readIndexedScenario(id: item.id, file: item.file, hash: item.hash, reader: reader)
                            .map { transform(ListedScenario(scenario: $0, peakPflops: item.peak), item.place) }
                    }
                }
                let previous = inFlight
                inFlight = next
                if let previous { try body(try previous.value().map { try $0.get() }) }
            }
            while let row = try rows.next() {
                pending.append((listed, row[0], row[1], row[2], row[3] ?? ""))
                listed += 1
                if pending.count >= chunk { try launch() }
            }
            if !pending.isEmpty { try launch() }
            if let last = inFlight {
                inFlight = nil
                try body(try last.value().map { try $0.get() })
            }
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
