import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import ScencatApp
import Testing
import TerminalKit
import TerminalKitTestSupport

/// A copy of the demo catalogue (`Catalog/`, 108 scenarios) in a temporary folder, indexed, and
/// the app run on it with an in-memory terminal.
///
/// The indexed copy is made once per test process and shared by every test that only reads; a
/// test that edits files makes its own with `AppFixture.fresh()`.
final class AppFixture: Sendable {
    let root: String
    let store: IndexStore
    var layout: CatalogLayout { CatalogLayout(root: root) }

    /// The package root, found from this file's path (Tests/ScencatAppTests/AppFixture.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared, read-only indexed catalogue.
    static let shared: AppFixture = {
        do { return try fresh() } catch { fatalError("could not build the test catalogue: \(error)") }
    }()

    /// A new copy of Catalog/, indexed.
    static func fresh() throws -> AppFixture {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("scencat-app-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let source = packageRoot.appendingPathComponent("Catalog").path
        for entry in try fm.contentsOfDirectory(atPath: source) where entry != ".scencat" {
            try fm.copyItem(atPath: source + "/" + entry, toPath: root + "/" + entry)
        }
        let store = try IndexStore(catalogRoot: root)
        let report = try Indexer(root: root, store: store).run()
        guard report.committed else {
            throw FixtureError("the demo catalogue did not index: \(report.diagnostics.prefix(3))")
        }
        return AppFixture(root: root, store: store)
    }

    init(root: String, store: IndexStore) {
        self.root = root
        self.store = store
    }

    /// Runs the app on this catalogue at `width`×`height` with `script` (a `Key.script`) and
    /// returns the backend (its last frame) and the runtime (its state).
    func run(_ script: String, width: Int = 80, height: Int = 24) -> (TestBackend, Runtime) {
        let backend = TestBackend(width: width, height: height, keys: Key.script(script))
        let runtime = Runtime(backend: backend, store: store, layout: layout)
        runtime.run(refreshIndex: false, untilIdle: true)
        return (backend, runtime)
    }

    /// The screen after `script`, as plain text.
    func screen(_ script: String, width: Int = 80, height: Int = 24) -> String {
        run(script, width: width, height: height).0.screenText()
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Compares a screen with `Snapshots/<name>.txt` beside these tests (RECORD_SNAPSHOTS=1 re-records).
func expectSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let mismatch = Snapshot.mismatch(text, named: name, testFile: #filePath)
    #expect(mismatch == nil, "\(mismatch ?? "")\n\(text)", sourceLocation: sourceLocation)
}

extension TestBackend {
    /// Types `script` into `runtime` (which draws on this backend), runs it until idle, and
    /// returns the screen afterwards.
    @discardableResult
    func type(_ script: String, into runtime: Runtime) -> String {
        enqueue(script: script)
        runtime.run(refreshIndex: false, untilIdle: true)
        return screenText()
    }
}

extension String {
    /// Rows of a screen.
    var rows: [String] { components(separatedBy: "\n") }

    /// The display column where `needle` starts in this line, or nil.
    func column(of needle: String) -> Int? {
        guard let r = range(of: needle) else { return nil }
        return self[..<r.lowerBound].displayWidth
    }
}

extension Buffer {
    /// The text in display columns `x..<x+width` of row `y` (a wide character counts two columns).
    func text(x: Int, y: Int, width: Int) -> String {
        var out = ""
        for column in x..<min(self.width, x + width) {
            let cell = cells[y * self.width + column]
            if !cell.isContinuation { out.append(cell.symbol) }
        }
        return out
    }

    /// Whether column `x` of row `y` starts a character (is not the right half of a wide one).
    func startsCharacter(x: Int, y: Int) -> Bool { !cells[y * width + x].isContinuation }
}
