import CatalogCore
import CatalogFiles
import Foundation
import GRDB
import Testing
@testable import CatalogIndex

/// Every query command first brings the index up to date; when nothing changed, that check and
/// the query write nothing: the index is opened read-only and a writer is opened only at the
/// first write (docs/0028).
@Suite("An unchanged catalogue is answered without writing the index; a change still is indexed")
struct FreshWithoutWritesTests {
    let sid = "chaozhou-ancient-city-guide"

    /// A copy of the shipped catalogue, indexed once by a store that is then closed.
    func indexedCopy() throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-fresh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let root = dir.appendingPathComponent("Catalog").path
        try FileManager.default.copyItem(atPath: url.appendingPathComponent("Catalog").path, toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.scencat")
        let store = try IndexStore(catalogRoot: root)
        let report = try Indexer(root: root, store: store).run()
        #expect(report.committed, "\(report.diagnostics)")
        try store.close()
        return root
    }

    /// Inode, size and modification time of a file; nil when there is none.
    struct FileState: Equatable, CustomStringConvertible {
        var inode: UInt64, size: Int64, mtimeSec: Int, mtimeNsec: Int
        var description: String { "inode \(inode), \(size) bytes, mtime \(mtimeSec).\(mtimeNsec)" }
    }

    func state(_ path: String) -> FileState? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileState(inode: UInt64(st.st_ino), size: Int64(st.st_size), mtimeSec: st.st_mtim.tv_sec, mtimeNsec: st.st_mtim.tv_nsec)
    }

    /// What a query command does: open, bring up to date, answer. Returns the report and whether
    /// a writer was opened.
    func query(_ root: String, memory: IndexStore.Memory = .command, expect text: String = "潮州") throws -> (IndexReport, Bool) {
        let store = try IndexStore(catalogRoot: root, memory: memory)
        let report = try Indexer(root: root, store: store).run()
        #expect(report.committed, "\(report.diagnostics)")
        #expect(try store.search(text).map(\.id).contains(sid))
        #expect(try store.entity(id: sid) != nil)
        #expect(try store.taxonomy().sectors.isEmpty == false)
        return (report, store.writerOpened)
    }

    @Test("nothing changed: no writer is opened, the index file and its WAL stay as they were", arguments: [IndexStore.Memory.command, .session])
    func unchangedWritesNothing(memory: IndexStore.Memory) throws {
        let root = try indexedCopy()
        let db = IndexStore.databasePath(catalogRoot: root)
        let before = try #require(state(db))
        let (first, wroteFirst) = try query(root, memory: memory)
        #expect(first.filesParsed == 0 && first.filesTouched == 0 && first.filesRemoved == 0)
        #expect(!wroteFirst)
        #expect(state(db) == before)
        // The read-only connection may have made an empty WAL; later runs leave both alone.
        let wal = state(db + "-wal")
        #expect((wal?.size ?? 0) == 0)
        for _ in 0..<2 {
            let (again, wrote) = try query(root, memory: memory)
            #expect(again.filesParsed == 0 && !wrote)
            #expect(state(db) == before)
            #expect(state(db + "-wal") == wal)
        }
    }

    @Test("the connection a query reads through is read-only")
    func readerCannotWrite() throws {
        let root = try indexedCopy()
        let store = try IndexStore(catalogRoot: root)
        let reader = try #require(store.pool as? any DatabaseWriter)
        #expect(throws: DatabaseError.self) {
            try reader.write { try $0.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('x', 'y')") }
        }
        #expect(!store.writerOpened)
    }

    @Test("a changed file is indexed through a writer opened for it; the next run writes nothing again")
    func changedFileIsIndexed() throws {
        let root = try indexedCopy()
        let path = "\(root)/scenarios/\(sid).yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "潮州古城", with: "潮州古镇")
        #expect(changed != text)
        try changed.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: path)

        let (report, wrote) = try query(root, expect: "潮州古镇")
        #expect(report.filesParsed == 1)
        #expect(wrote)
        // The writer closed last, so its close checkpointed the WAL into the file.
        #expect((state(IndexStore.databasePath(catalogRoot: root) + "-wal")?.size ?? 0) == 0)

        let (again, wroteAgain) = try query(root, expect: "潮州古镇")
        #expect(again.filesParsed == 0 && again.filesTouched == 0)
        #expect(!wroteAgain)
    }

    @Test("a save through the entity store opens the writer; the readers see it at once")
    func saveOpensTheWriter() throws {
        let root = try indexedCopy()
        let index = try IndexStore(catalogRoot: root)
        #expect(try Indexer(root: root, store: index).run().filesParsed == 0)
        #expect(!index.writerOpened)
        let store = try EntityStore(root: root, index: index, session: "test")
        let doc = try store.open(sid)
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario"); return }
        s.title = "潮州古城智能导览（只读之后）"
        guard case .saved = try store.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        #expect(index.writerOpened)
        #expect(try index.entity(id: sid)?.displayName == "潮州古城智能导览（只读之后）")
    }

    @Test("a read-only catalogue's index (opened immutable) answers what the last writer committed")
    func readOnlyFolderAnswers() throws {
        let root = try indexedCopy()
        let path = "\(root)/scenarios/\(sid).yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "潮州古城", with: "潮州古镇").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: path)
        // A query run that writes (a writer opened beside the read-only connection), then one that does not.
        #expect(try query(root, expect: "潮州古镇").1)
        #expect(try !query(root, expect: "潮州古镇").1)

        let dir = IndexStore.directory(catalogRoot: root)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(chmod(dir, 0o555) == 0 && chmod(root, 0o555) == 0)
        defer { chmod(dir, 0o755); chmod(root, 0o755) }
        if getuid() != 0 { #expect(!IndexStore.isWritable(catalogRoot: root)) }
        let store = try IndexStore(readOnlyCatalogRoot: root)
        #expect(try store.search("潮州古镇").map(\.id).contains(sid))
        #expect(try store.entity(id: sid)?.displayName.contains("潮州古镇") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == files)
    }
}
