import Foundation
import Testing
@testable import CatalogIndex
#if canImport(Glibc)
import Glibc
#endif

/// The journal's check when it is opened: every page up to `Journal.fullCheckLimit`, what saves read
/// beyond it (docs/0030), so that an import does not grow slower with the journal.
@Suite("Checking the journal")
struct JournalCheckTests {
    /// A journal in a fresh catalogue folder holding `groups` groups of `perGroup` changes of ~1 KB each.
    static func journal(groups: Int = 20, perGroup: Int = 20) throws -> (root: String, journal: Journal) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-journal-\(UUID().uuidString)").path
        let journal = try Journal(catalogRoot: root)
        let text = String(repeating: "summary: 用于检查的修改记录\n", count: 30)
        for g in 0..<groups {
            try journal.record((0..<perGroup).map { i in
                Journal.Change(action: "create", kind: .scenario, id: "j-\(g)-\(i)", file: "scenarios/j-\(g)-\(i).yaml", before: nil, after: text, summary: "import")
            }, session: "test")
        }
        return (root, journal)
    }

    @Test("up to the limit every page is read; above it the lighter check runs, and a sound journal passes both")
    func depthByLimit() throws {
        let (_, journal) = try Self.journal()
        #expect(try journal.check() == .everyPage)
        #expect(try journal.check(fullCheckUpTo: 0) == .whatSavesRead)
        #expect(Journal.fullCheckLimit == 32 << 20)
    }

    @Test("above the limit a truncated journal is still found damaged")
    func truncatedAboveTheLimit() throws {
        let root = try Self.journal(groups: 40).root   // the journal is closed when it goes
        let path = Journal.path(catalogRoot: root)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 200_000)
        #expect(truncate(path, off_t(size / 2)) == 0)
        // Opening it, as `openOrSetAside` does, or the lighter check finds it.
        var damage: IndexDamage?
        do { try Journal(catalogRoot: root).check(fullCheckUpTo: 0) } catch { damage = IndexDamage.of(error) }
        #expect(damage != nil)
    }

    @Test("above the limit a journal whose header is overwritten is found damaged")
    func overwrittenHeaderAboveTheLimit() throws {
        let root = try Self.journal(groups: 40).root
        let path = Journal.path(catalogRoot: root)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4_096))
        try handle.close()
        var damage: IndexDamage?
        do { try Journal(catalogRoot: root).check(fullCheckUpTo: 0) } catch { damage = IndexDamage.of(error) }
        #expect(damage != nil)
    }
}
