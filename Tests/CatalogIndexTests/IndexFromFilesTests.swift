import CatalogCore
import CatalogFiles
import Foundation
import GRDB
import Testing
@testable import CatalogIndex

/// The index keeps no copy of entities (docs/0029): what its columns do not hold comes from the
/// entity's file, checked against the content hash the index recorded. A file changed since is
/// never shown as if it were indexed, and the text indexes' dead rows are never found.
@Suite struct IndexFromFilesTests {
    typealias F = Fixtures

    @Test func anEntityIsReadFromItsFileAsIndexed() throws {
        let store = try F.store()
        let s = F.scenario("gz-port", title: "港口调度", summary: "集装箱码头的智能调度", tags: ["影像", "港口"], titleEn: "Port scheduling")
        let m = F.model("m-one", name: "示例模型")
        try F.load(store, [m, s])
        guard case .scenario(let scenario) = s else { Issue.record("not a scenario"); return }
        #expect(try store.entity(id: "gz-port") == s)
        #expect(try store.entity(id: "m-one") == m)
        #expect(try store.entity(id: "no-such") == nil)
        #expect(try store.entityName(id: "gz-port") == "港口调度")
        #expect(try store.scenarios(ids: ["gz-port", "m-one", "no-such"]) == [scenario, nil, nil])
        var listed: [Scenario] = []
        try store.forEachScenario(listedBy: ListQuery(kind: .scenario)) { listed += $0.map(\.scenario) }
        #expect(listed == [scenario])
        // Search shows where a word matched, from the file: a tag, the summary.
        #expect(try store.search("影像").first?.field == .tag)
        #expect(try store.search("集装箱").first?.field == .summary)
    }

    @Test func aFileChangedButNotIndexedIsStaleNotShown() throws {
        let store = try F.store()
        let s = F.scenario("gz-port", title: "港口调度", summary: "集装箱码头的智能调度", tags: ["影像"])
        try F.load(store, [s, F.scenario("other", title: "其他场景")])
        let root = try #require(store.catalogRoot)
        let file = root + "/scenarios/gz-port.yaml"
        // Changed on disk (an editor, a checkout), not yet indexed: the index must not show the
        // new text as indexed, nor the old one as the file's.
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "港口调度", with: "港口调度（改）")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: IndexStale(path: "scenarios/gz-port.yaml")) { try store.entity(id: "gz-port") }
        #expect(throws: IndexStale.self) { try store.scenarios(ids: ["other", "gz-port"]) }
        #expect(throws: IndexStale.self) { try store.forEachScenario(listedBy: ListQuery(kind: .scenario)) { _ in } }
        #expect(try store.entity(id: "other") != nil)
        // Search still finds it by what was indexed, showing the indexed name, not the file's text.
        let hit = try #require(try store.search("影像").first)
        #expect(hit.id == "gz-port" && hit.field == nil && hit.snippet == "港口调度")
        // A removed file, the same.
        try FileManager.default.removeItem(atPath: file)
        #expect(throws: IndexStale(path: "scenarios/gz-port.yaml")) { try store.entity(id: "gz-port") }
        // Brought back as it was indexed, it shows again.
        _ = try F.put(store, s)
        #expect(try store.entity(id: "gz-port") == s)
    }

    /// The export's cursor reads chunks ahead of `body` (docs/0031): every scenario still comes
    /// once, in the list's order, with its place; and a stale file stops it after the chunks
    /// before the one that holds it were handed over, none after.
    @Test func theCursorPipelineKeepsOrderPlacesAndStopsAtAStaleChunk() throws {
        let store = try F.store()
        let ids = (1...7).map { "s\($0)" }
        try F.load(store, ids.map { F.scenario($0, title: "场景\($0)") })
        var seen: [(String, Int)] = []
        var sizes: [Int] = []
        try store.forEachScenario(listedBy: ListQuery(kind: .scenario, sort: .id, descending: true), chunk: 2,
                                  transform: { listed, place in (listed.scenario.id, place) }) { chunk in
            sizes.append(chunk.count)
            seen += chunk
        }
        #expect(seen.map(\.0) == ids.reversed())
        #expect(seen.map(\.1) == Array(0..<7))
        #expect(sizes == [2, 2, 2, 1])
        // s3 is the fifth listed (third chunk): the first two chunks are handed over, then IndexStale.
        let root = try #require(store.catalogRoot)
        let file = root + "/scenarios/s3.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "场景s3", with: "场景s3（改）")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var handed: [String] = []
        #expect(throws: IndexStale(path: "scenarios/s3.yaml")) {
            try store.forEachScenario(listedBy: ListQuery(kind: .scenario, sort: .id, descending: true), chunk: 2) { chunk in
                handed += chunk.map(\.scenario.id)
            }
        }
        #expect(handed == ["s7", "s6", "s5", "s4"])
        // A body that throws stops the cursor too, with its own error.
        struct Stop: Error {}
        var calls = 0
        #expect(throws: Stop.self) {
            try store.forEachScenario(listedBy: ListQuery(kind: .scenario), chunk: 1) { _ in calls += 1; throw Stop() }
        }
        #expect(calls == 1)
    }

    @Test func theStaleErrorNamesTheFileAndTheWayOut() {
        let e = IndexStale(path: "scenarios/x.yaml")
        #expect(e.description == "scenarios/x.yaml changed after the index was last brought up to date and cannot be shown; the index follows once the catalogue has no errors (scencat validate lists them)")
        #expect(e.coded?.code == "indexStale" && e.coded?.arguments == ["scenarios/x.yaml"])
    }

    /// A catalogue with an error keeps its last good index (docs/0001): the broken file's entity
    /// cannot be shown until the error is fixed, then it is shown as the file says.
    @Test func aBrokenFileIsStaleUntilTheCatalogueIsValid() throws {
        let f = try StoreFixture()
        let index = f.store.index
        let path = "scenarios/chaozhou-ancient-city-guide.yaml"
        let good = try f.text(path)
        try good.replacingOccurrences(of: "stage: demonstration", with: "stage: demonstratoin")
            .write(toFile: f.root + "/" + path, atomically: true, encoding: .utf8)
        let report = try Indexer(root: f.root, store: index).run()
        #expect(!report.committed)
        #expect(throws: IndexStale(path: path)) { try index.entity(id: "chaozhou-ancient-city-guide") }
        try good.replacingOccurrences(of: "潮州古城多语种智能导览", with: "潮州古城导览")
            .write(toFile: f.root + "/" + path, atomically: true, encoding: .utf8)
        #expect(try Indexer(root: f.root, store: index).run().committed)
        #expect(try index.entity(id: "chaozhou-ancient-city-guide")?.displayName == "潮州古城导览")
    }

    /// Rewrites the title line of a scenario file.
    private func retitle(_ root: String, _ id: String, _ title: String) throws {
        let file = "\(root)/scenarios/\(id).yaml"
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        try lines.map { $0.hasPrefix("title: ") ? "title: \(title)" : $0 }.joined(separator: "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
    }

    private func vocabulary(_ index: IndexStore) throws -> Set<String> {
        try index.writer().writeWithoutTransaction { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search, 'row')")
            return Set(try String.fetchAll(db, sql: "SELECT term FROM temp.search_terms"))
        }
    }

    /// Changes leave dead rows, counted; once they are at least the minimum and a fifth of the
    /// live entities, the next full run loads the index afresh and none is left. Before and after,
    /// no search, count or list shows a dead row.
    @Test func deadRowsTriggerAReloadAndAreNeverShown() throws {
        let f = try StoreFixture()
        let index = f.store.index
        var indexer = Indexer(root: f.root, store: index)
        indexer.deadDocumentsMinimum = 20
        let ids = try index.list(ListQuery(kind: .scenario, limit: 40)).map(\.id)
        let live = try index.count(ListQuery(kind: .scenario)) + index.count(ListQuery(kind: .model)) + index.count(ListQuery(kind: .center))
        #expect(ids.count == 40 && live >= 100 && live <= 175)

        // 10 titles changed: 10 dead rows, below the minimum.
        for (i, id) in ids.prefix(10).enumerated() { try retitle(f.root, id, "甲乙丙临时标题\(i)") }
        var report = try indexer.run()
        #expect(report.committed && !report.rebuilt)
        #expect(try index.deadDocuments() == 10)
        #expect(try index.search("甲乙丙", limit: 100).count == 10)
        // The same ten again, and 30 more: 50 dead rows (of which ten held 甲乙丙).
        for (i, id) in ids.enumerated() { try retitle(f.root, id, "丁戊己复核标题\(i)") }
        report = try indexer.run()
        #expect(report.committed && !report.rebuilt)
        #expect(try index.deadDocuments() == 50)
        #expect(try vocabulary(index).contains("甲乙"))
        #expect(try index.search("甲乙丙", limit: 100).isEmpty)
        #expect(try index.count(ListQuery(kind: .scenario, text: "甲乙丙")) == 0)
        #expect(try index.search("丁戊己", limit: 100).count == 40)
        #expect(try index.count(ListQuery(kind: .scenario, text: "丁戊己")) == 40)
        #expect(try index.list(ListQuery(kind: .scenario, text: "丁戊己", sort: .relevance)).count == 40)
        #expect(try index.count(ListQuery(kind: .scenario)) + index.count(ListQuery(kind: .model)) + index.count(ListQuery(kind: .center)) == live)

        // 50 ≥ 20 and 50 ≥ live/5: the next full run (nothing else changed) reloads.
        #expect(try index.needsReload(minimum: 20))
        report = try indexer.run()
        #expect(report.committed && report.rebuilt)
        #expect(try index.deadDocuments() == 0)
        #expect(!(try vocabulary(index).contains("甲乙")))
        #expect(try index.search("丁戊己", limit: 100).count == 40)
        #expect(try index.entity(id: ids[0])?.displayName == "丁戊己复核标题0")
        // And the run after that has nothing to do.
        report = try indexer.run()
        #expect(report.committed && !report.rebuilt && report.filesParsed == 0)
    }

    /// bm25 still ranks a title hit above a summary hit with dead rows about.
    @Test func rankingHoldsWithDeadRows() throws {
        let store = try F.store()
        let inSummary = F.scenario("a-summary", title: "港口调度", summary: "用于医学影像的调度")
        let inTitle = F.scenario("b-title", title: "医学影像辅助诊断")
        let churn = F.scenario("c-churn", title: "医学影像质控", summary: "医学影像")
        try F.load(store, [inSummary, inTitle, churn])
        #expect(try store.search("医学影像").first?.id != "a-summary")
        for i in 0..<30 {
            let changed = F.scenario("c-churn", title: "无关标题\(i)", summary: "医学影像 \(i)")
            let record = try F.put(store, changed)
            try store.write { w in try w.upsert(changed, file: record, references: []) }
        }
        #expect(try store.deadDocuments() == 30)
        let ranked = try store.search("医学影像").map(\.id)
        #expect(ranked.first == "b-title" && Set(ranked) == ["a-summary", "b-title", "c-churn"] && ranked.count == 3)
        #expect(try store.count(ListQuery(kind: .scenario, text: "医学影像")) == 3)
    }
}
