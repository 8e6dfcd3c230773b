import CatalogCore
import CatalogFiles
import Foundation
import Testing
@testable import CatalogIndex

/// The freshness check answers "nothing changed" from one stored fingerprint of the scan
/// (docs/0021); every change the file-by-file comparison finds must still be found.
@Suite("An unchanged catalogue is recognised by its scan fingerprint; every change is still found")
struct ScanFingerprintTests {
    let sid = "chaozhou-ancient-city-guide"

    func run(_ f: StoreFixture) throws -> IndexReport {
        let report = try Indexer(root: f.root, store: f.store.index).run()
        #expect(report.committed, "\(report.diagnostics)")
        return report
    }

    func fingerprint(_ f: StoreFixture) throws -> String? { try f.store.index.meta(IndexStore.scanFingerprintKey) }

    /// Gives `file` a time stamp `seconds` from now, as an editor saving it later would.
    func stamp(_ f: StoreFixture, _ file: String, _ seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(seconds)], ofItemAtPath: "\(f.root)/\(file)")
    }

    @Test("a file rewritten in place with the same size, a new file, a removed file, catalog.yaml")
    func changesAreFound() throws {
        let f = try StoreFixture()
        let files = try run(f).filesScanned
        let stored = try #require(try fingerprint(f))
        let again = try run(f)
        #expect(again.filesParsed == 0 && again.filesTouched == 0 && again.filesScanned == files)
        #expect(try fingerprint(f) == stored)

        // In place, same size: the folder's time stamp does not change, the file's does.
        let path = "scenarios/\(sid).yaml"
        let text = try f.text(path)
        let sameSize = text.replacingOccurrences(of: "潮州古城", with: "潮州古镇")
        #expect(sameSize.utf8.count == text.utf8.count && sameSize != text)
        try sameSize.write(toFile: "\(f.root)/\(path)", atomically: false, encoding: .utf8)
        try stamp(f, path, 10)
        #expect(try run(f).filesParsed == 1)
        #expect(try f.store.index.search("潮州古镇").map(\.id).contains(sid))
        #expect(try fingerprint(f) != stored)

        // Only the time stamp: read, found unchanged, the stamp recorded.
        try stamp(f, path, 20)
        let touched = try run(f)
        #expect(touched.filesParsed == 0 && touched.filesTouched == 1)
        #expect(try run(f).filesTouched == 0)

        // A new file, then its removal.
        let copy = "scenarios/chaozhou-guide-copy.yaml"
        try text.replacingOccurrences(of: "id: \(sid)", with: "id: chaozhou-guide-copy")
            .write(toFile: "\(f.root)/\(copy)", atomically: false, encoding: .utf8)
        #expect(try run(f).filesParsed == 1)
        #expect(try f.store.index.kind(of: "chaozhou-guide-copy") == .scenario)
        try FileManager.default.removeItem(atPath: "\(f.root)/\(copy)")
        #expect(try run(f).filesRemoved == 1)
        #expect(try f.store.index.kind(of: "chaozhou-guide-copy") == nil)

        // catalog.yaml is not an entity file, and is covered too.
        let info = try String(contentsOfFile: "\(f.root)/catalog.yaml", encoding: .utf8)
        try info.replacingOccurrences(of: "（示例）", with: "（试行）").write(toFile: "\(f.root)/catalog.yaml", atomically: false, encoding: .utf8)
        try stamp(f, "catalog.yaml", 30)
        _ = try run(f)
        #expect(try f.store.index.catalogInfo()?.name.contains("（试行）") == true)
    }

    @Test("a folder scencat does not read (registers/) changes nothing")
    func otherFoldersAreIgnored() throws {
        let f = try StoreFixture()
        _ = try run(f)
        let stored = try fingerprint(f)
        try FileManager.default.createDirectory(atPath: "\(f.root)/registers/2026-Q4", withIntermediateDirectories: true)
        try "kind: Register\n".write(toFile: "\(f.root)/registers/2026-Q4/snapshot.yaml", atomically: false, encoding: .utf8)
        let report = try run(f)
        #expect(report.filesParsed == 0 && report.diagnostics.isEmpty)
        #expect(try fingerprint(f) == stored)
    }

    @Test("a save indexes its own file and forgets the fingerprint; the next full scan stores a new one")
    func saveForgetsTheFingerprint() throws {
        let f = try StoreFixture()
        _ = try run(f)
        #expect(try fingerprint(f) != nil)
        let doc = try f.store.open(sid)
        guard case .scenario(var s) = doc.entity else { Issue.record("not a scenario"); return }
        s.title = "潮州古城智能导览（新版）"
        guard case .saved = try f.store.save(.scenario(s), base: doc, summary: "set title") else { Issue.record("not saved"); return }
        #expect(try fingerprint(f) == nil)
        let report = try run(f)
        #expect(report.filesParsed == 0)
        #expect(try fingerprint(f) != nil)
        #expect(try Indexer(root: f.root, store: f.store.index).pendingChanges().changed.isEmpty)
    }
}
