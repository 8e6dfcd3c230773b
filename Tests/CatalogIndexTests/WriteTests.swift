import CatalogCore
import Foundation
import GRDB
import Testing
@testable import CatalogIndex

@Suite struct WriteTests {
    typealias F = Fixtures

    @Test func upsertStoresTheEntityAndItsFile() throws {
        let store = try F.store()
        let s = F.scenario("gz-imaging", title: "医疗影像辅助诊断", summary: "基层医院", tags: ["影像"],
                           models: [ModelLink(model: "m-one", role: .deployed)])
        try F.load(store, [F.model("m-one"), s])
        #expect(try store.entity(id: "gz-imaging") == s)
        #expect(try store.entityFile(id: "gz-imaging") == "scenarios/gz-imaging.yaml")
        #expect(try store.kind(of: "m-one") == .model)
        #expect(try store.fileRecords()["scenarios/gz-imaging.yaml"] == F.put(store, s))
        #expect(try store.taxonomy() == F.taxonomy)
    }

    @Test func upsertReplacesWhatTheFileHeld() throws {
        let store = try F.store()
        try F.load(store, [F.scenario("a-one", title: "旧标题", sector: "finance")])
        let changed = F.scenario("a-one", title: "新标题", sector: "manufacturing")
        let record = try F.put(store, changed)
        try store.write { w in try w.upsert(changed, file: record, references: F.references(of: changed)) }
        #expect(try store.entity(id: "a-one") == changed)
        #expect(try store.fileRecords()["scenarios/a-one.yaml"]?.hash == record.hash)
        #expect(try store.search("旧标题").isEmpty)
        #expect(try store.search("新标题").map(\.id) == ["a-one"])
        #expect(try store.count(ListQuery(kind: .scenario, sector: "finance")) == 0)
        #expect(try store.count(ListQuery(kind: .scenario)) == 1)
    }

    @Test func aFileThatChangesItsIdDropsTheOldEntity() throws {
        let store = try F.store()
        try F.load(store, [F.scenario("old-id", title: "甲")])
        let renamed = F.scenario("new-id", title: "乙")
        // The same file now says another id (the validator reports the mismatch; the index follows the file).
        try store.write { w in
            try w.upsert(renamed, file: FileRecord(path: "scenarios/old-id.yaml", size: 1, mtimeNs: 2, hash: "x"), references: [])
        }
        #expect(try store.entity(id: "old-id") == nil)
        #expect(try store.entityFile(id: "new-id") == "scenarios/old-id.yaml")
        #expect(try store.search("甲").isEmpty)
    }

    @Test func removeForgetsTheFileAndEverythingItHeld() throws {
        let store = try F.store()
        let s = F.scenario("to-go", title: "将被删除", models: [ModelLink(model: "m-one", role: .candidate)],
                           compute: [ComputeNeed(workload: .inference, amount: 5, unit: .pflops, center: "c-one", from: F.q("2026-Q1"))])
        try F.load(store, [F.model("m-one"), F.center("c-one"), s])
        try store.write { w in
            try w.recordFile(FileRecord(path: "catalog.yaml", size: 1, mtimeNs: 1, hash: "c"))
            try w.remove(file: "scenarios/to-go.yaml")
        }
        #expect(try store.entity(id: "to-go") == nil)
        #expect(try store.fileRecords().keys.sorted() == ["catalog.yaml", "centers/c-one.yaml", "models/m-one.yaml"])
        #expect(try store.search("删除").isEmpty)
        #expect(try store.scenariosUsing(model: "m-one").isEmpty)
        #expect(try store.scenarios(needingCenter: "c-one").isEmpty)
        #expect(try store.list(ListQuery(kind: .model)).first?.usedBy == 0)
    }

    @Test func aThrowingWriteLeavesTheLastGoodState() throws {
        struct Boom: Error {}
        let store = try F.store()
        try F.load(store, [F.scenario("keep-me", title: "保留")])
        #expect(throws: Boom.self) {
            try store.write { w in
                try w.remove(file: "scenarios/keep-me.yaml")
                try w.upsert(F.scenario("new-one"), file: F.record(F.scenario("new-one")), references: [])
                throw Boom()
            }
        }
        #expect(try store.entity(id: "keep-me") != nil)
        #expect(try store.entity(id: "new-one") == nil)
        #expect(try store.search("保留").map(\.id) == ["keep-me"])
    }

    @Test func validateFalseRollsBackAndTrueCommits() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one"), F.scenario("user", models: [ModelLink(model: "m-one", role: .deployed)])])
        let rejected = try store.write({ w in
            try w.remove(file: "models/m-one.yaml")
            return try w.danglingReferencesOfChanges()
        }, validate: { _, dangling in dangling.isEmpty })
        #expect(!rejected.committed)
        #expect(rejected.value.map(\.target) == ["m-one"])
        #expect(try store.entity(id: "m-one") != nil)

        let accepted = try store.write({ w in
            try w.upsert(F.model("m-two"), file: F.put(store, F.model("m-two")), references: [])
            return try w.danglingReferencesOfChanges()
        }, validate: { _, dangling in dangling.isEmpty })
        #expect(accepted.committed)
        #expect(try store.entity(id: "m-two") != nil)
    }

    @Test func danglingReferencesAfterRemovingAModelAScenarioUses() throws {
        let store = try F.store()
        let user = F.scenario("user", models: [ModelLink(model: "m-one", role: .deployed), ModelLink(model: "m-two", role: .candidate)])
        try F.load(store, [F.model("m-one"), F.model("m-two"), user])
        try store.write { w in
            #expect(try w.danglingReferences().isEmpty)
            try w.remove(file: "models/m-one.yaml")
            let dangling = try w.danglingReferences()
            #expect(dangling.count == 1)
            let d = try #require(dangling.first)
            #expect(d.kind == .model && d.target == "m-one" && d.fromId == "user")
            #expect(d.file == "scenarios/user.yaml" && d.field == "models[0].model")
            let expected = try #require(F.references(of: user).first { $0.field == "models[0].model" })
            #expect(d.position == expected.position)
            #expect(try w.danglingReferencesOfChanges() == dangling)
            let diags = try w.referenceDiagnostics(changesOnly: true)
            #expect(diags.map(\.description) == [
                "scenarios/user.yaml:\(d.position.line):\(d.position.column): error: unknown model 'm-one' in 'models[0].model' (see models/)",
            ])
        }
        #expect(try store.danglingReferences().count == 1)
    }

    @Test func danglingTaxonomyReferencesWhenTheTaxonomyShrinks() throws {
        let store = try F.store()
        try F.load(store, [F.scenario("fin", sector: "finance"), F.scenario("health", sector: "healthcare")])
        try store.write { w in
            var smaller = F.taxonomy
            smaller.sectors.removeAll { $0.id == "finance" }
            try w.replaceTaxonomy(smaller)
            let dangling = try w.danglingReferencesOfChanges()
            #expect(dangling.map(\.fromId) == ["fin"])
            #expect(dangling.first?.kind == .sector)
            #expect(try w.danglingReferences() == dangling)
        }
    }

    @Test func referencesFromChangedEntitiesAreChecked() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one")])
        try store.write { w in
            let bad = F.scenario("bad", city: "guangzho", models: [ModelLink(model: "m-none", role: .deployed)])
            try w.upsert(bad, file: F.record(bad), references: F.references(of: bad))
            #expect(Set(try w.danglingReferencesOfChanges().map(\.target)) == ["guangzho", "m-none"])
            let messages = try w.referenceDiagnostics(changesOnly: true).map(\.message)
            #expect(messages.contains("unknown city 'guangzho' in 'city' (see taxonomy/cities.yaml); did you mean 'guangzhou'?"))
        }
    }

    @Test func referencesFromManyChangedEntitiesAreCheckedAsOneSet() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one", status: .suspended)])
        let diags = try store.write { w in
            for i in 0...IndexWriter.rowsCheckedOneByOne {
                let s = i == 7 ? F.scenario("s-\(i)", city: "guangzho", models: [ModelLink(model: "m-none", role: .deployed)])
                    : i == 40 ? F.scenario("s-\(i)", models: [ModelLink(model: "m-one", role: .deployed)]) : F.scenario("s-\(i)")
                try w.upsert(s, file: F.record(s), references: F.references(of: s))
            }
            #expect(w.changedRowConditions().count == 1)
            #expect(Set(try w.danglingReferencesOfChanges().map(\.target)) == ["guangzho", "m-none"])
            return try w.referenceDiagnostics(changesOnly: true)
        }
        #expect(diags.filter { $0.severity == .error }.map(\.file) == ["scenarios/s-7.yaml", "scenarios/s-7.yaml"])
        #expect(diags.filter { $0.severity == .warning }.map(\.description).map { $0.hasPrefix("scenarios/s-40.yaml:") } == [true])
        #expect(diags.contains { $0.message == "model 'm-one' is suspended" })
    }

    @Test func warningsForLinksToInactiveModels() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one", status: .suspended),
                           F.scenario("live", models: [ModelLink(model: "m-one", role: .deployed)]),
                           F.scenario("gone", status: .withdrawn, models: [ModelLink(model: "m-one", role: .deployed)])])
        let diags = try store.write { w in try w.referenceDiagnostics() }
        #expect(diags.count == 1)
        #expect(diags.first?.severity == .warning)
        #expect(diags.first?.file == "scenarios/live.yaml")
        #expect(diags.first?.message == "model 'm-one' is suspended")
        // Changing only the model still finds the warning about links to it.
        let again = try store.write { w in
            try w.upsert(F.model("m-one", status: .withdrawn), file: F.record(F.model("m-one")), references: [])
            return try w.referenceDiagnostics(changesOnly: true)
        }
        #expect(again.map(\.message) == ["model 'm-one' is withdrawn"])
    }

    @Test func duplicateIdFromAnotherFileIsRefusedBeforeAnyChange() throws {
        let store = try F.store()
        try F.load(store, [F.model("shared-id")])
        let clash = F.scenario("shared-id", title: "冲突")
        try store.write { w in
            #expect(throws: IndexError.duplicateId(id: "shared-id", file: "scenarios/shared-id.yaml", existingFile: "models/shared-id.yaml")) {
                try w.upsert(clash, file: F.record(clash), references: [])
            }
            #expect(try w.owner(of: "shared-id") == "models/shared-id.yaml")
            // The batch form skips the clash and reports it; the rest is stored.
            let other = F.scenario("fine-id")
            let conflicts = try w.upsert(contentsOf: [IndexItem(entity: clash, file: F.record(clash), references: []),
                                                      IndexItem(entity: other, file: F.put(store, other), references: [])])
            #expect(conflicts == [.duplicateId(id: "shared-id", file: "scenarios/shared-id.yaml", existingFile: "models/shared-id.yaml")])
        }
        #expect(try store.kind(of: "shared-id") == .model)
        #expect(try store.entity(id: "fine-id") != nil)
        #expect(try store.fileRecords()["scenarios/shared-id.yaml"] == nil)
    }

    @Test func duplicateIdInsideABulkLoadIsReported() throws {
        let store = try F.store()
        let a = F.scenario("twin")
        let b = F.model("twin")
        let conflicts = try store.write { w in
            try w.replaceTaxonomy(F.taxonomy)
            return try w.upsert(contentsOf: [IndexItem(entity: a, file: F.record(a), references: []),
                                             IndexItem(entity: b, file: F.record(b), references: [])])
        }
        #expect(conflicts == [.duplicateId(id: "twin", file: "models/twin.yaml", existingFile: "scenarios/twin.yaml")])
        // The bulk load rebuilt its indexes: filtered queries work.
        #expect(try store.list(ListQuery(kind: .scenario, sector: "healthcare")).map(\.id) == ["twin"])
    }

    @Test func removeAllEmptiesTheIndexForARebuild() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one"), F.scenario("s-one", title: "重建")])
        try store.write { w in
            try w.setCatalogInfo(CatalogInfo(name: "示例清单", owner: "示例办公室"))
            try w.setMeta("indexed_at", "2026-01-01T00:00:00Z")
        }
        #expect(try store.catalogInfo()?.name == "示例清单")
        #expect(try store.meta("indexed_at") == "2026-01-01T00:00:00Z")
        try store.write { w in
            try w.removeAll()
            try w.replaceTaxonomy(F.taxonomy)
            try w.upsert(F.scenario("s-two", title: "新的"), file: F.record(F.scenario("s-two")), references: [])
        }
        #expect(try store.catalogInfo() == nil)
        #expect(try store.entity(id: "s-one") == nil)
        #expect(try store.search("重建").isEmpty)
        #expect(try store.search("新的").map(\.id) == ["s-two"])
        #expect(try store.fileRecords().keys.sorted() == ["scenarios/s-two.yaml"])
    }

    @Test func usedByFollowsScenarioLinks() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one"), F.model("m-two"),
                           F.scenario("s-a", models: [ModelLink(model: "m-one", role: .deployed)]),
                           F.scenario("s-b", models: [ModelLink(model: "m-one", role: .candidate), ModelLink(model: "m-two", role: .evaluated)])])
        func usedBy() throws -> [String: Int?] {
            Dictionary(uniqueKeysWithValues: try store.list(ListQuery(kind: .model)).map { ($0.id, $0.usedBy) })
        }
        #expect(try usedBy() == ["m-one": 2, "m-two": 1])
        try store.write { w in
            let s = F.scenario("s-b", models: [ModelLink(model: "m-two", role: .deployed)])
            try w.upsert(s, file: F.record(s), references: F.references(of: s))
        }
        #expect(try usedBy() == ["m-one": 1, "m-two": 1])
        // A model added after the scenarios that name it counts them at once.
        try store.write { w in
            let s = F.scenario("s-c", models: [ModelLink(model: "m-three", role: .deployed)])
            try w.upsert(s, file: F.record(s), references: F.references(of: s))
            try w.upsert(F.model("m-three"), file: F.record(F.model("m-three")), references: [])
        }
        #expect(try usedBy()["m-three"] == 1)
    }

    @Test func taxonomyTflopsChangeRecomputesCompute() throws {
        let store = try F.store()
        let s = F.scenario("cards", compute: [
            ComputeNeed(workload: .training, amount: 100, unit: .cards, accelerator: "gpu-a", center: "c-one", from: F.q("2026-Q1"), until: F.q("2026-Q2")),
            ComputeNeed(workload: .inference, amount: 10, unit: .pflops, center: "c-one", from: F.q("2026-Q2")),
        ])
        try F.load(store, [F.center("c-one"), s])
        // 100 cards × 312 TFLOPS / 1000 = 31.2; peak in 2026-Q2: 31.2 + 10.
        #expect(abs((try store.list(ListQuery(kind: .scenario)).first?.peakPflops ?? 0) - 41.2) < 1e-9)
        try store.write { w in
            var t = F.taxonomy
            t.accelerators[0].fp16Tflops = 400
            try w.replaceTaxonomy(t)
        }
        #expect(try store.list(ListQuery(kind: .scenario)).first?.peakPflops == 50)
        #expect(try store.links(ofScenario: "cards")?.compute.map(\.pflops) == [40, 10])
    }

    @Test func lineageEdgesAndSummaries() throws {
        let store = try F.store()
        try F.load(store, [F.model("base"), F.model("child", baseModel: "base"), F.model("grandchild", baseModel: "child")])
        try store.write { w in
            #expect(try w.baseModelEdges().map { "\($0.id)>\($0.base)" } == ["child>base", "grandchild>child"])
            #expect(CrossCheck.lineageCycles(try w.lineageSummaries()).isEmpty)
            let loop = F.model("base", baseModel: "grandchild")
            try w.upsert(loop, file: F.record(loop), references: F.references(of: loop))
            let cycles = CrossCheck.lineageCycles(try w.lineageSummaries())
            #expect(cycles.count == 3)
        }
        #expect(try store.lineage(ofModel: "grandchild") == ["child", "base"])
    }

    @Test func anIndexMadeWithAnotherSchemaIsErasedOnOpen() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-old-\(UUID().uuidString)/.scencat")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("index.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            try old.write { db in
                try db.execute(sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE entity (pk INTEGER PRIMARY KEY, id TEXT);
                    INSERT INTO entity VALUES (1, 'stale');
                    """)
            }
        }
        let store = try IndexStore(path: path)
        #expect(try store.entity(id: "stale") == nil)
        #expect(try store.fileRecords().isEmpty)
        try F.load(store, [F.model("m-one")])
        #expect(try store.entity(id: "m-one") != nil)
    }

    @Test func openingByCatalogueRootCreatesTheIndexFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-root-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(!IndexStore.exists(catalogRoot: root))
        let store = try IndexStore(catalogRoot: root)
        #expect(IndexStore.exists(catalogRoot: root))
        #expect(store.path == root + "/.scencat/index.sqlite")
        // Reopening an existing index migrates nothing and keeps the data.
        try F.load(store, [F.model("m-one")])
        #expect(try IndexStore(catalogRoot: root).entity(id: "m-one") != nil)
    }

    /// The text indexes keep no copy of the text (contentless, docs/0021) and cannot be told the
    /// old text of a changed entity (its file is the only copy, docs/0029): its rows stay as dead
    /// rows under a pk that no longer exists. None may ever be found, counted or ranked.
    @Test func deadTextIndexRowsAreNeverFound() throws {
        let store = try F.store()
        try F.load(store, [F.model("m-one", name: "Ｗｉｄｅ模型 Alpha"), F.center("c-one", name: "韶关算力中心"),
                           F.scenario("s-one", title: "医学影像辅助诊断", summary: "基层医院的ＣＴ影像，Résumé 与 PCB 质检", tags: ["影像", "医疗"]),
                           F.scenario("s-two", title: "港口调度", demandOrg: "广州港集团", titleEn: "Port scheduling")])
        #expect(try store.deadDocuments() == 0)
        let changed = F.scenario("s-one", title: "智能质检", summary: "工业视觉", tags: ["质检"])
        let record = try F.put(store, changed)
        try store.write { w in try w.upsert(changed, file: record, references: F.references(of: changed)) }
        #expect(try store.deadDocuments() == 1)
        #expect(try store.search("影像").isEmpty)
        #expect(try store.search("résumé").isEmpty)
        #expect(try store.search("质检").map(\.id) == ["s-one"])
        #expect(try store.count(ListQuery(kind: .scenario, text: "影像")) == 0)
        #expect(try store.count(ListQuery(kind: .scenario, text: "质检")) == 1)
        #expect(try store.list(ListQuery(kind: .scenario, text: "质检", sort: .relevance)).map(\.id) == ["s-one"])
        // The name's pinyin (yxfz: 影像辅助) is dead too.
        #expect(try store.pinyinSearch("yxyx").isEmpty)
        let renamed = F.scenario("s-three", title: "数字人导览")
        try store.write { w in
            try w.upsert(renamed, file: FileRecord(path: "scenarios/s-two.yaml", size: 1, mtimeNs: 2, hash: "x"), references: [])
        }
        #expect(try store.search("港口").isEmpty)
        #expect(try store.search("port").isEmpty)
        #expect(try store.search("数字人").map(\.id) == ["s-three"])
        #expect(try store.deadDocuments() == 2)
        try store.write { w in
            for path in try store.fileRecords().keys { try w.remove(file: path) }
        }
        try store.optimize()
        #expect(try store.deadDocuments() == 6)
        // The tokens are still in the index (dead rows) …
        let left = try store.writer().writeWithoutTransaction { db -> [Int] in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search, 'row')")
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_name_terms USING fts5vocab(main, search_name, 'row')")
            return [try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.search_terms") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.search_name_terms") ?? -1]
        }
        #expect(left.allSatisfy { $0 > 0 })
        // … and no query finds any of them.
        for word in ["影像", "医", "wide", "alpha", "韶关", "质检", "数字人", "港口", "s-one", "scenario", "zn", "szr"] {
            #expect(try store.search(word).isEmpty, "\(word)")
            #expect(try store.count(ListQuery(kind: .scenario, text: word)) == 0, "\(word)")
        }
        // A removal leaves no pk to be reused: a new entity gets a new one.
        let fresh = F.scenario("s-four", title: "医学影像")
        try F.load(store, [fresh])
        #expect(try store.search("影像").map(\.id) == ["s-four"])
    }
}
