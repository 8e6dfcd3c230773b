import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import CatalogIndex

/// The demo catalogue copied to a temporary folder, indexed, with an entity store on it.
struct StoreFixture {
    let root: String
    let store: EntityStore

    init() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        root = dir.appendingPathComponent("Catalog").path
        try FileManager.default.copyItem(atPath: url.appendingPathComponent("Catalog").path, toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.scencat")
        let index = try IndexStore(catalogRoot: root)
        let report = try Indexer(root: root, store: index).run()
        precondition(report.committed)
        store = try EntityStore(root: root, index: index, session: "test")
    }

    func text(_ file: String) throws -> String { try String(contentsOfFile: "\(root)/\(file)", encoding: .utf8) }
}

@Suite("The entity store: every save checked, atomic, indexed and journalled")
struct EntityStoreTests {
    let sid = "chaozhou-ancient-city-guide"

    @Test("a change is written canonical, indexed at once, and undone")
    func saveAndUndo() throws {
        let f = try StoreFixture()
        let before = try f.text("scenarios/\(sid).yaml")
        let doc = try f.store.open(sid)
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario"); return }
        s.title = "潮州古城智能导览（新版）"
        guard case .saved(let docs, _) = try f.store.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        #expect(try f.text("scenarios/\(sid).yaml").contains("title: 潮州古城智能导览（新版）"))
        #expect(try f.store.index.entity(id: sid)?.displayName == "潮州古城智能导览（新版）")
        #expect(docs.first?.hash != doc.hash)
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        #expect(try f.text("scenarios/\(sid).yaml") == before)
        #expect(try f.store.index.entity(id: sid)?.displayName == "潮州古城多语种智能导览")
        guard case .nothingToUndo = try f.store.undo() else { Issue.record("undid twice"); return }
        #expect(try f.store.history(of: sid).map(\.action) == ["undo", "update"])
    }

    @Test("an invalid change is refused with the error on its field, and nothing is written")
    func invalid() throws {
        let f = try StoreFixture()
        let before = try f.text("scenarios/\(sid).yaml")
        let doc = try f.store.open(sid)
        let fields = try EntityEdit.apply([Assignment(key: "sector", text: "healthcar"), Assignment(key: "compute", row: .append, subkey: "amount", text: "-1")],
                                          to: EntityEncoder.fields(doc.entity), spec: Schema.scenario).get()
        guard case .invalid(let issues) = try f.store.save(fields, base: doc, summary: "set") else { Issue.record("saved"); return }
        #expect(issues.contains { $0.path == "sector" && $0.message.contains("did you mean 'healthcare'") })
        #expect(issues.contains { $0.path.hasPrefix("compute[0]") })
        #expect(try f.text("scenarios/\(sid).yaml") == before)
    }

    @Test("a file changed on disk since it was opened is not overwritten unless asked")
    func conflict() throws {
        let f = try StoreFixture()
        let doc = try f.store.open(sid)
        let theirs = try f.text("scenarios/\(sid).yaml").replacingOccurrences(of: "stage: demonstration", with: "stage: scaled")
        try AtomicFile.write(theirs, to: "\(f.root)/scenarios/\(sid).yaml")
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario: \(doc.entity)"); return }
        s.title = "我的修改"
        guard case .changedOnDisk(let file, let current) = try f.store.save(.scenario(s), base: doc, summary: "set title") else {
            Issue.record("overwrote a change made on disk"); return
        }
        #expect(file == "scenarios/\(sid).yaml")
        #expect(current == theirs)
        #expect(try f.text(file) == theirs)
        guard case .saved = try f.store.save(.scenario(s), base: doc, overwrite: true, summary: "set title") else { Issue.record("not overwritten"); return }
        #expect(try f.text(file).contains("我的修改"))
    }

    @Test("a new entity gets a unique id; a taken id is refused")
    func create() throws {
        let f = try StoreFixture()
        var fields = [Field("kind", Node(.string("Center"))), Field("id", Node(.string("gz-new-center"))), Field("name", Node(.string("新中心"))),
                      Field("city", Node(.string("guangzhou"))), Field("tier", Node(.string("city"))), Field("status", Node(.string("planned"))),
                      Field("capacity_pflops_fp16", Node(.number(50, raw: "50")))]
        guard case .saved = try f.store.save(fields, base: nil, summary: "new") else { Issue.record("not created"); return }
        #expect(try f.store.index.kind(of: "gz-new-center") == .center)
        fields[1] = Field("id", Node(.string(sid)))
        guard case .invalid(let issues) = try f.store.save(fields, base: nil, summary: "new") else { Issue.record("duplicate id saved"); return }
        #expect(issues.contains { $0.path == "id" && $0.message.contains("already used") })
    }

    @Test("deleting a model that scenarios use is refused, or done with the links removed, and undone together")
    func deleteReferenced() throws {
        let f = try StoreFixture()
        let doc = try f.store.open("chaoyun-culture")
        guard case .referenced(let ids) = try f.store.delete(doc) else { Issue.record("deleted a used model"); return }
        #expect(ids.contains(sid))
        guard case .saved = try f.store.delete(doc, unlink: true) else { Issue.record("not deleted"); return }
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/models/chaoyun-culture.yaml"))
        #expect(try !f.text("scenarios/\(sid).yaml").contains("chaoyun-culture"))
        #expect(try f.store.index.kind(of: "chaoyun-culture") == nil)
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        #expect(try f.text("scenarios/\(sid).yaml").contains("chaoyun-culture"))
        #expect(try f.store.index.kind(of: "chaoyun-culture") == .model)
        let reindex = try Indexer(root: f.root, store: f.store.index).run()
        #expect(reindex.committed && reindex.filesParsed == 0)
    }

    @Test("undo is scoped to its session: two stores on one catalogue each undo their own change, not the latest")
    func undoIsScopedToTheSession() throws {
        let f = try StoreFixture()
        // A second session on the same catalogue, as a second scencat process would open it.
        let other = try EntityStore(root: f.root, index: try IndexStore(catalogRoot: f.root), session: "other")
        let mine = "scenarios/\(sid).yaml"
        let theirsId = "dongguan-chronic-disease-followup"
        let theirs = "scenarios/\(theirsId).yaml"
        let (mineBefore, theirsBefore) = (try f.text(mine), try f.text(theirs))

        func retitle(_ store: EntityStore, _ id: String, _ title: String) throws {
            let doc = try store.open(id)
            guard case .scenario(var s) = doc.entity else { Issue.record("\(id) is not a scenario"); return }
            s.title = title
            guard case .saved = try store.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        }
        try retitle(f.store, sid, "本会话的标题")
        try retitle(other, theirsId, "另一会话的标题")   // the latest change of all, made by the other session

        guard case .saved = try f.store.undo() else { Issue.record("nothing undone"); return }
        #expect(try f.text(mine) == mineBefore, "this session's change is undone")
        #expect(try f.text(theirs).contains("title: 另一会话的标题\n"), "the other session's change stays")
        guard case .nothingToUndo = try f.store.undo() else { Issue.record("undid another session's change"); return }
        #expect(try f.text(theirs).contains("title: 另一会话的标题\n"))

        guard case .saved = try other.undo() else { Issue.record("the other session has nothing to undo"); return }
        #expect(try f.text(theirs) == theirsBefore)
        #expect(try f.text(mine) == mineBefore)
    }

    @Test("`scencat undo` (any session) undoes the latest change of all sessions")
    func undoAnySession() throws {
        let f = try StoreFixture()
        let other = try EntityStore(root: f.root, index: try IndexStore(catalogRoot: f.root), session: "other")
        let doc = try other.open(sid)
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario"); return }
        s.title = "另一会话的标题"
        guard case .saved = try other.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        guard case .nothingToUndo = try f.store.undo() else { Issue.record("undid another session's change"); return }
        guard case .saved = try f.store.undo(anySession: true) else { Issue.record("not undone"); return }
        #expect(try f.text("scenarios/\(sid).yaml").contains("title: 潮州古城多语种智能导览\n"))
    }

    @Test("a base_model that makes a lineage cycle is refused")
    func lineageCycle() throws {
        let f = try StoreFixture()
        let derived = try #require(try f.store.index.list(ListQuery(kind: .model, limit: nil)).first { row in
            if case .model(let m)? = try? f.store.index.entity(id: row.id) { return m.baseModel != nil }
            return false
        }, "the demo catalogue has no derived model any more")
        guard case .model(let m) = try f.store.open(derived.id).entity, let base = m.baseModel else {
            Issue.record("the demo catalogue has no derived model any more"); return
        }
        let baseDoc = try f.store.open(base)
        guard case .model(var b) = baseDoc.entity else { Issue.record("\(base) is not a model"); return }
        b.baseModel = m.id
        guard case .invalid(let issues) = try f.store.save(.model(b), base: baseDoc, summary: "set") else { Issue.record("cycle saved"); return }
        #expect(issues.contains { $0.path == "base_model" && $0.message.contains("cycle") })
    }
}
