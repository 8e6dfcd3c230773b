import CatalogCore
import CatalogIndex
import Foundation
import ScencatApp
import Testing
import TerminalKit

/// The app over an index it cannot read: the header never says "up to date" over it.
@Suite struct DamagedIndexTests {
    @Test func aListThatMeetsADamagedIndexSaysSoInTheHeader() throws {
        let fixture = try AppFixture.fresh()
        defer { fixture.remove() }
        try fixture.store.close()
        // The root page of the entity table overwritten (found with Python's sqlite3): opening
        // reads only the schema, the list meets the damage.
        let path = IndexStore.databasePath(catalogRoot: fixture.root)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            size = c.execute('PRAGMA page_size').fetchone()[0]
            root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entity'").fetchone()[0]
            c.close()
            f = open(sys.argv[1], 'r+b'); f.seek((root - 1) * size); f.write(b'\\xa5' * size); f.close()
            """, path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let store = try IndexStore(catalogRoot: fixture.root)
        let screen = AppFixture(root: fixture.root, store: store).screen("")
        #expect(screen.contains("索引损坏 index damaged"), "\(screen)")
        #expect(!screen.contains("up to date"), "\(screen)")
        #expect(screen.contains("scencat index --rebuild"), "\(screen)")
    }
}
