import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import CatalogIndex

@Suite("Creating many entities as one change")
struct EntityStoreBatchTests {
    static func scenario(_ id: String, title: String = "批量场景", city: String = "shenzhen") -> Entity {
        .scenario(Scenario(id: id, title: title, sector: "healthcare", city: city, stage: .proposed, status: .draft))
    }

    @Test("all written, indexed and dated as one journal group; one undo removes them all")
    func createAndUndo() throws {
        let f = try StoreFixture()
        let ids = (1...30).map { "batch-\($0)" }
        guard case .saved(let n, _) = try f.store.create(ids.map { Self.scenario($0) }, summary: "import") else {
            Issue.record("not saved"); return
        }
        #expect(n == 30)
        #expect(try f.text("scenarios/batch-7.yaml").contains("updated: \(Journal.today())"))
        #expect(try f.store.index.entity(id: "batch-30") != nil)
        #expect(Set(try f.store.journal.lastUndoable(session: "test").map(\.id)) == Set(ids))
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        for id in ids { #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/\(id).yaml")) }
        #expect(try f.store.index.entity(id: "batch-1") == nil)
    }

    @Test("one bad entity, a taken id or an id given twice: nothing is written")
    func refusedAsAWhole() throws {
        let f = try StoreFixture()
        let bad: [Entity] = [Self.scenario("batch-ok"), Self.scenario("batch-city", city: "atlantis"),
                             Self.scenario("chaozhou-ancient-city-guide"), Self.scenario("batch-twice"), Self.scenario("batch-twice")]
        guard case .invalid(let list) = try f.store.create(bad, summary: "import") else { Issue.record("not refused"); return }
        #expect(Set(list.map(\.id)) == ["batch-city", "chaozhou-ancient-city-guide", "batch-twice"])
        #expect(list.first { $0.id == "chaozhou-ancient-city-guide" }?.issues.contains { $0.message.contains("already used") } == true)
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/batch-ok.yaml"))
        #expect(try f.store.journal.lastUndoable(session: "test").isEmpty)
    }
}
