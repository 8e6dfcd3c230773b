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

    /// Entities checked as an import's plan checks them: dated today, canonical text from the check.
    static func checked(_ f: StoreFixture, _ ids: [String]) throws -> (items: [CheckedCreation], known: CrossCheck.Known) {
        let known = try f.store.known()
        let items = try ids.map { id -> CheckedCreation in
            guard case .scenario(var s) = scenario(id, title: "批量场景\(id)") else { throw InjectedFault() }
            s.updated = Journal.today()
            let c = EntityCheck.check(EntityEncoder.fields(.scenario(s)), file: "scenarios/\(id).yaml", known: known)
            guard c.isValid, let e = c.entity else { throw InjectedFault() }
            return CheckedCreation(entity: e, text: c.text, references: c.references)
        }
        return (items, known)
    }

    struct InjectedFault: Error {}

    @Test("checked entities: written as checked, indexed, one journal group that one undo removes")
    func createCheckedAndUndo() throws {
        let f = try StoreFixture()
        let ids = (1...25).map { "checked-\($0)" }
        let (items, known) = try Self.checked(f, ids)
        guard case .saved(let n, let warnings) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not saved"); return
        }
        #expect(n == 25 && warnings.isEmpty)
        #expect(try f.text("scenarios/checked-3.yaml") == items[2].text)
        #expect(try f.store.index.entity(id: "checked-25") != nil)
        #expect(Set(try f.store.journal.lastUndoable(session: "test").map(\.id)) == Set(ids))
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        for id in ids { #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/\(id).yaml")) }
        #expect(try f.store.index.entity(id: "checked-1") == nil)
    }

    @Test("checked entities: an id taken, given twice, or a file that appeared since refuses them all")
    func createCheckedRefused() throws {
        let f = try StoreFixture()
        var (items, known) = try Self.checked(f, ["fresh-1", "fresh-2", "fresh-2"])
        guard case .invalid(let twice) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not refused"); return
        }
        #expect(twice.map(\.id) == ["fresh-2"])
        (items, known) = try Self.checked(f, ["fresh-1", "chaozhou-ancient-city-guide"])
        guard case .invalid(let taken) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not refused"); return
        }
        #expect(taken.first?.issues.first?.message.contains("already used") == true)
        (items, known) = try Self.checked(f, ["fresh-1", "fresh-3"])
        try "kind: Scenario\n".write(toFile: "\(f.root)/models/fresh-3.yaml", atomically: false, encoding: .utf8)
        guard case .changedOnDisk(let file) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not refused"); return
        }
        #expect(file == "models/fresh-3.yaml")
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/fresh-1.yaml"))
        #expect(try f.store.journal.lastUndoable(session: "test").isEmpty)
    }

    @Test("checked against a taxonomy that has changed since: every entity is checked again")
    func createCheckedRechecksWhenKnownChanged() throws {
        let f = try StoreFixture()
        var (items, known) = try Self.checked(f, ["recheck-1"])
        known.cities.insert("atlantis")
        guard case .scenario(var s) = items[0].entity else { Issue.record("not a scenario"); return }
        s.city = "atlantis"
        items[0] = CheckedCreation(entity: .scenario(s), text: items[0].text.replacingOccurrences(of: "city: shenzhen", with: "city: atlantis"))
        guard case .invalid(let list) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not checked again"); return
        }
        #expect(list.map(\.id) == ["recheck-1"])
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/recheck-1.yaml"))
    }

    @Test("a batch save that fails at any step leaves no entity file, no temporary file and no journal entry",
          arguments: AtomicFile.BatchStep.allCases)
    func failedBatchLeavesNothing(at step: AtomicFile.BatchStep) throws {
        let f = try StoreFixture()
        let before = try FileManager.default.contentsOfDirectory(atPath: "\(f.root)/scenarios").sorted()
        let (items, known) = try Self.checked(f, (1...12).map { "fault-\($0)" })
        #expect(throws: InjectedFault.self) {
            _ = try f.store.create(checked: items, checkedAgainst: known, summary: "import") { reached in
                if reached == step { throw InjectedFault() }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(f.root)/scenarios").sorted() == before)
        #expect(try f.store.journal.lastUndoable(session: "test").isEmpty)
        #expect(try f.store.index.entity(id: "fault-1") == nil)
    }

    @Test("the references a check hands over are those a read of the written text gives, positions included")
    func checkedReferencesAreTheTexts() throws {
        let f = try StoreFixture()
        let (items, _) = try Self.checked(f, ["refs-1", "refs-2"])
        for item in items {
            let refs = try #require(item.references)
            let root = try #require(YAMLReader.read(Array(item.text.utf8), file: item.entity.relativePath).root)
            #expect(refs == EntityDecoder.decode(root, file: item.entity.relativePath).references)
            #expect(Set(refs.map(\.target)).isSuperset(of: ["healthcare", "shenzhen"]))
        }
    }

    @Test("a file of a new id that appears while the batch is written is not replaced: changed on disk, nothing saved")
    func fileAppearingDuringTheBatchIsKept() throws {
        let f = try StoreFixture()
        let (items, known) = try Self.checked(f, ["race-1", "race-2", "race-3"])
        let path = "\(f.root)/scenarios/race-2.yaml"
        let outcome = try f.store.create(checked: items, checkedAgainst: known, summary: "import") { reached in
            if reached == .temporariesWritten { try "someone else's\n".write(toFile: path, atomically: false, encoding: .utf8) }
        }
        guard case .changedOnDisk(let file) = outcome else { Issue.record("not refused: \(outcome)"); return }
        #expect(file == "scenarios/race-2.yaml")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "someone else's\n")
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/race-1.yaml"))
        #expect(!FileManager.default.fileExists(atPath: "\(f.root)/scenarios/race-3.yaml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(f.root)/scenarios").allSatisfy { !$0.hasPrefix(".") })
        #expect(try f.store.journal.lastUndoable(session: "test").isEmpty)
    }

    @Test("the index, written beside the files, commits after them with each file's size and time stamp as on disk")
    func indexCommitsAfterTheFilesWithTheirStamps() throws {
        let f = try StoreFixture()
        let ids = (1...40).map { "stamped-\($0)" }
        let (items, known) = try Self.checked(f, ids)
        var visible: [AtomicFile.BatchStep: Bool] = [:]
        let outcome = try f.store.create(checked: items, checkedAgainst: known, summary: "import") { step in
            // A reader never sees the rows before every file is in place.
            visible[step] = try f.store.index.entity(id: "stamped-1") != nil
        }
        guard case .saved(40, let warnings) = outcome else { Issue.record("not saved: \(outcome)"); return }
        #expect(warnings.isEmpty)
        #expect(visible == [.temporariesWritten: false, .flushed: false, .renamed: false])
        let paths = ids.map { "scenarios/\($0).yaml" }
        let stamps = try f.store.index.fileStamps(paths: paths)
        for path in paths {
            var st = stat()
            #expect(stat("\(f.root)/\(path)", &st) == 0)
            #expect(stamps[path] == FileStamp(size: Int64(st.st_size), mtimeNs: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)))
        }
        #expect(try Indexer(root: f.root, store: f.store.index).pendingChanges().changed.isEmpty)
    }

    @Test("a batch of a thousand pauses the text tables' merging while it is written and resumes it before the commit")
    func largeBatchResumesMerging() throws {
        let f = try StoreFixture()
        let ids = (1...IndexWriter.pauseMergingAt).map { "many-\($0)" }
        let (items, known) = try Self.checked(f, ids)
        guard case .saved(let n, let warnings) = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not saved"); return
        }
        #expect(n == ids.count && warnings.isEmpty)
        for table in ["search", "search_name", "search_pinyin"] {
            let automerge = try f.store.index.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT v FROM \(table)_config WHERE k = 'automerge'")
            }
            #expect(automerge == IndexWriter.defaultAutomerge, "\(table)")
        }
        #expect(try f.store.index.search("批量场景many-999").contains { $0.id == "many-999" })
        #expect(try f.store.index.search("plcj").contains { $0.id == "many-1" })
    }

    @Test("the undo of a thousand removes them with merging paused too, and resumes it before the commit")
    func largeUndoResumesMerging() throws {
        let f = try StoreFixture()
        let ids = (1...IndexWriter.pauseMergingAt).map { "many-\($0)" }
        let (items, known) = try Self.checked(f, ids)
        guard case .saved = try f.store.create(checked: items, checkedAgainst: known, summary: "import") else {
            Issue.record("not saved"); return
        }
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        for table in ["search", "search_name", "search_pinyin"] {
            let automerge = try f.store.index.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT v FROM \(table)_config WHERE k = 'automerge'")
            }
            #expect(automerge == IndexWriter.defaultAutomerge, "\(table)")
        }
        #expect(try f.store.index.entity(id: "many-999") == nil)
        #expect(try !f.store.index.search("批量场景many-999").contains { $0.id.hasPrefix("many-") })
        #expect(try !f.store.index.search("plcj").contains { $0.id.hasPrefix("many-") })
        #expect(try Indexer(root: f.root, store: f.store.index).pendingChanges().changed.isEmpty)
    }

    @Test("a batch's ids are found on disk alike whether each is looked up or the folders are listed",
          arguments: [3, EntityStore.lookUpNamesUpTo + 1])
    func namesOnDiskBothWays(count: Int) throws {
        let f = try StoreFixture()
        let layout = CatalogLayout(root: f.root)
        let scenarios = layout.path("scenarios"), models = layout.path("models")
        try "x".write(toFile: scenarios + "/plain.yaml", atomically: false, encoding: .utf8)
        try "x".write(toFile: models + "/in-models.yaml", atomically: false, encoding: .utf8)
        try "x".write(toFile: scenarios + "/other-ext.yml", atomically: false, encoding: .utf8)
        try "x".write(toFile: scenarios + "/.hidden.yaml", atomically: false, encoding: .utf8)
        #expect(symlink("/nonexistent/target", scenarios + "/dangling.yaml") == 0)
        let asked = ["plain", "in-models", "other-ext", ".hidden", "dangling", "absent"]
            + (0..<max(0, count - 6)).map { "filler-\($0)" }
        let found = EntityStore.entityNamesOnDisk(layout, among: Array(asked.prefix(max(count, 6))))
        #expect(found == ["plain", "in-models", "dangling"])
        #expect(found == EntityStore.entityNamesOnDisk(layout).intersection(asked))
    }

    @Test("the batch's ids are looked up in the index as one set")
    func existingIdsOfTheBatch() throws {
        let f = try StoreFixture()
        #expect(try f.store.index.existingIds(among: ["chaozhou-ancient-city-guide", "no-such-id", "guangzhou-port-container-scheduling"])
                == ["chaozhou-ancient-city-guide", "guangzhou-port-container-scheduling"])
        #expect(try f.store.index.existingIds(among: []).isEmpty)
    }
}

