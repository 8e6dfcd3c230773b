import CatalogCore
import Foundation
import Testing
@testable import CatalogIndex

/// A bulk load (a first index, `index --rebuild`) checks references in memory (`FullLoadCheck`);
/// every other run checks them in SQL. Both must say exactly the same.
@Suite("A bulk load's reference checks in memory say what the SQL checks say")
struct FullLoadCheckTests {
    /// The shipped catalogue, copied, with `edits` (file → [(old, new)]) and `extra` files written.
    func catalogue(_ edits: [String: [(String, String)]], extra: [String: String] = [:]) throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-fullcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let root = dir.appendingPathComponent("Catalog").path
        try FileManager.default.copyItem(atPath: url.appendingPathComponent("Catalog").path, toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.scencat")
        for (file, replacements) in edits {
            var text = try String(contentsOfFile: "\(root)/\(file)", encoding: .utf8)
            for (old, new) in replacements {
                #expect(text.contains(old), "\(file) has no '\(old)'")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: "\(root)/\(file)", atomically: true, encoding: .utf8)
        }
        for (file, text) in extra { try text.write(toFile: "\(root)/\(file)", atomically: true, encoding: .utf8) }
        return root
    }

    /// The report of a first index of `root`, with references checked in memory and in SQL.
    func bothWays(_ root: String) throws -> (memory: IndexReport, sql: IndexReport) {
        func index(inSQL: Bool) throws -> IndexReport {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-fullcheck-ix-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let store = try IndexStore(path: dir.appendingPathComponent("index.sqlite").path)
            return try Indexer(root: root, store: store).run(rebuild: false, only: nil, progress: nil, referenceChecksInSQL: inSQL)
        }
        return (try index(inSQL: false), try index(inSQL: true))
    }

    @Test("dangling model, city and base-model references, a suspended model, an unreadable model, a refused duplicate id")
    func errorsAgree() throws {
        let guide = "scenarios/chaozhou-ancient-city-guide.yaml"
        let root = try catalogue([
            "models/chaoyun-culture.yaml": [("status: active", "status: suspended")],
            "models/chengmou-city.yaml": [("base_model: pearl-vision", "base_model: no-such-base")],
            guide: [("- model: yueyou-tourism", "- model: yueyou-tourisn"), ("city: chaozhou", "city: chaozou")],
            "scenarios/shantou-chaoshan-culture-course.yaml": [("- model: chaoyun-culture", "- model: broken-model")],
        ], extra: ["models/broken-model.yaml": "kind: Model\nid: [broken\n"])
        // A center taking a model's id: read first (path order), so the model is the duplicate
        // refused, and links to it dangle.
        let center = try String(contentsOfFile: "\(root)/centers/dongguan-compute.yaml", encoding: .utf8)
        try center.replacingOccurrences(of: "id: dongguan-compute", with: "id: yueyou-tourism")
            .write(toFile: "\(root)/centers/yueyou-tourism.yaml", atomically: true, encoding: .utf8)
        let (memory, sql) = try bothWays(root)
        #expect(!memory.committed && !sql.committed)
        let texts = memory.diagnostics.map(\.description)
        #expect(texts == sql.diagnostics.map(\.description))
        let all = texts.joined(separator: "\n")
        // No hint: the model it was a typo of is the refused duplicate.
        #expect(all.contains("unknown model 'yueyou-tourisn' in 'models[1].model' (see models/)\n"))
        #expect(all.contains("unknown city 'chaozou' in 'city' (see taxonomy/cities.yaml); did you mean 'chaozhou'?"))
        #expect(all.contains("unknown model 'no-such-base' in 'base_model'"))
        #expect(all.contains("model 'chaoyun-culture' is suspended"))
        #expect(all.contains("models/yueyou-tourism.yaml:2:5: error: duplicate id 'yueyou-tourism': also used by centers/yueyou-tourism.yaml"))
        #expect(all.contains("unknown model 'yueyou-tourism'"))
        #expect(!all.contains("unknown model 'broken-model'"))
    }

    @Test("warnings alone: both commit and say the same")
    func warningsAgree() throws {
        let root = try catalogue(["models/chaoyun-culture.yaml": [("status: active", "status: withdrawn")]])
        let (memory, sql) = try bothWays(root)
        #expect(memory.committed && sql.committed)
        #expect(memory.diagnostics.map(\.description) == sql.diagnostics.map(\.description))
        #expect(memory.diagnostics.contains { $0.message == "model 'chaoyun-culture' is withdrawn" })
    }
}

/// `index --rebuild` writes its private file without a WAL (docs/0024) and swaps it in only when
/// the catalogue is valid (docs/0005).
@Suite("A rebuild swaps in a WAL index when valid and leaves the last good index otherwise")
struct RebuildSwapTests {
    @Test func validThenInvalid() throws {
        let root = try FullLoadCheckTests().catalogue([:])
        let dir = IndexStore.directory(catalogRoot: root)
        let first = try Indexer.rebuild(root: root)
        #expect(first.committed && first.rebuilt)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".rebuild") }
        #expect(leftovers.isEmpty)
        do {
            let store = try IndexStore(catalogRoot: root)
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try store.kind(of: "chaozhou-ancient-city-guide") == .scenario)
            #expect(try store.search("潮州古城").map(\.id).contains("chaozhou-ancient-city-guide"))
            try store.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: IndexStore.databasePath(catalogRoot: root)))

        let guide = "\(root)/scenarios/chaozhou-ancient-city-guide.yaml"
        let text = try String(contentsOfFile: guide, encoding: .utf8)
        try text.replacingOccurrences(of: "- model: yueyou-tourism", with: "- model: no-such-model").write(toFile: guide, atomically: true, encoding: .utf8)
        let failed = try Indexer.rebuild(root: root)
        #expect(!failed.committed)
        #expect(failed.diagnostics.contains { $0.message.contains("unknown model 'no-such-model'") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".rebuild") }.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: IndexStore.databasePath(catalogRoot: root))) == before)
        let store = try IndexStore(catalogRoot: root)
        #expect(try store.kind(of: "yueyou-tourism") == .model)
        #expect(try store.search("潮州古城").map(\.id).contains("chaozhou-ancient-city-guide"))
    }
}
