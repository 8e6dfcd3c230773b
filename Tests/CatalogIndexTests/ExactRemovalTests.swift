import CatalogCore
import CatalogFiles
import Foundation
import GRDB
import Testing
@testable import CatalogIndex

/// A change made through scencat knows what the file held before, so the text indexes' rows of
/// the old entity are removed exactly; only changes scencat did not make leave dead rows.
@Suite("Text-index rows removed exactly when the former file is known")
struct ExactRemovalTests {
    let sid = "chaozhou-ancient-city-guide"

    /// Rows in each text index, live entities, the dead-row count, and the terms `search` holds.
    struct TextIndexState: Equatable {
        var searchRows: Int
        var nameRows: Int
        var entities: Int
        var dead: Int
    }

    func state(_ index: IndexStore) throws -> TextIndexState {
        try index.writer().writeWithoutTransaction { db in
            TextIndexState(searchRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM search_docsize") ?? -1,
                           nameRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM search_name_docsize") ?? -1,
                           entities: try Int.fetchOne(db, sql: "SELECT count(*) FROM entity") ?? -1,
                           dead: try IndexStore.deadDocuments(db))
        }
    }

    /// How many documents of `search` hold `term` (dead rows included).
    func documents(with term: String, _ index: IndexStore) throws -> Int {
        try index.writer().writeWithoutTransaction { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.exact_terms USING fts5vocab(main, search, 'row')")
            return try Int.fetchOne(db, sql: "SELECT coalesce(sum(doc), 0) FROM temp.exact_terms WHERE term = ?", arguments: [term]) ?? -1
        }
    }

    /// FTS5's own check of both text indexes' structures.
    func integrityCheck(_ index: IndexStore) throws {
        try index.writer().writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO search(search) VALUES ('integrity-check')")
            try db.execute(sql: "INSERT INTO search_name(search_name) VALUES ('integrity-check')")
        }
    }

    @Test("an edit, a deletion and their undos leave no dead row, and the old words are gone from the index")
    func editsThroughTheStore() throws {
        let f = try StoreFixture()
        let index = f.store.index
        let start = try state(index)
        #expect(start.dead == 0 && start.searchRows == start.entities && start.nameRows == start.entities)
        #expect(try documents(with: "导览", index) > 0)
        let guides = try documents(with: "导览", index)

        let doc = try f.store.open(sid)
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario"); return }
        s.title = "潮州古城氦闪巡游"
        guard case .saved = try f.store.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        #expect(try state(index) == start)
        #expect(try documents(with: "氦闪", index) == 1)
        #expect(try documents(with: "导览", index) == guides - 1)
        #expect(try index.search("氦闪巡游").map(\.id).contains(sid))
        try integrityCheck(index)

        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        #expect(try state(index) == start)
        #expect(try documents(with: "氦闪", index) == 0)
        #expect(try documents(with: "导览", index) == guides)

        let model = try f.store.open("chaoyun-culture")
        guard case .saved = try f.store.delete(model, unlink: true) else { Issue.record("not deleted"); return }
        let afterDelete = try state(index)
        #expect(afterDelete.dead == 0 && afterDelete.entities == start.entities - 1 && afterDelete.searchRows == afterDelete.entities)
        #expect(afterDelete.nameRows == afterDelete.entities)
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        #expect(try state(index) == start)
        try integrityCheck(index)
        // A full run afterwards finds the index exactly as the files say.
        let run = try Indexer(root: f.root, store: index).run()
        #expect(run.committed && run.filesParsed == 0 && !run.rebuilt)
    }

    @Test("undoing a batch of new scenarios removes their rows: nothing dead, no reload due")
    func batchUndo() throws {
        let f = try StoreFixture()
        let index = f.store.index
        let start = try state(index)
        let doc = try f.store.open(sid)
        guard case .scenario(let base) = doc.entity else { Issue.record("not a scenario"); return }
        let made: [Entity] = (1...40).map { n in
            var s = base
            s.id = "exact-batch-\(n)"
            s.title = "批量导入场景第\(n)号氢能巡检"
            return .scenario(s)
        }
        guard case .saved(let count, _) = try f.store.create(made, summary: "import") else { Issue.record("not created"); return }
        #expect(count == 40)
        #expect(try documents(with: "氢能", index) == 40)
        guard case .saved = try f.store.undo() else { Issue.record("not undone"); return }
        #expect(try state(index) == start)
        #expect(try documents(with: "氢能", index) == 0)
        #expect(try index.needsReload(minimum: 1) == false)
        try integrityCheck(index)
    }

    @Test("a file changed outside scencat still leaves a dead row, and wrong former bytes are not trusted")
    func unknownFormerText() throws {
        let f = try StoreFixture()
        let index = f.store.index
        let start = try state(index)
        let file = "scenarios/\(sid).yaml"
        let original = try f.text(file)
        // Changed by another program: the index sees only the new file.
        let edited = original.replacingOccurrences(of: "潮州古城多语种智能导览", with: "潮州古城甲乙丙")
        #expect(edited != original)
        try AtomicFile.write(edited, to: "\(f.root)/\(file)")
        #expect(try Indexer(root: f.root, store: index).run(only: [file]).committed)
        #expect(try state(index).dead == 1)
        // Former bytes that are not the ones the index recorded (the original, while the index
        // holds the edit): not used, the row is left dead rather than deleted with the wrong text.
        let again = original.replacingOccurrences(of: "潮州古城多语种智能导览", with: "潮州古城丁戊己")
        try AtomicFile.write(again, to: "\(f.root)/\(file)")
        #expect(try Indexer(root: f.root, store: index).run(only: [file], previous: [file: Array(original.utf8)]).committed)
        #expect(try state(index).dead == 2)
        #expect(try documents(with: "甲乙", index) == 1)  // the dead row's words stay until a reload
        #expect(try index.search("甲乙丙").isEmpty)
        // The right former bytes: removed exactly.
        let third = original.replacingOccurrences(of: "潮州古城多语种智能导览", with: "潮州古城庚辛")
        try AtomicFile.write(third, to: "\(f.root)/\(file)")
        #expect(try Indexer(root: f.root, store: index).run(only: [file], previous: [file: Array(again.utf8)]).committed)
        let end = try state(index)
        #expect(end.dead == 2 && end.entities == start.entities && end.searchRows == start.searchRows + 2)
        #expect(try documents(with: "戊己", index) == 0)
        #expect(try index.search("庚辛").map(\.id) == [sid])
        try integrityCheck(index)
    }
}
