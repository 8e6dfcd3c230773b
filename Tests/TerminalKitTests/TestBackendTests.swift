import Foundation
import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct TestBackendTests {
    @Test func scriptedKeysComeOutInOrder() {
        let backend = TestBackend(width: 40, height: 5)
        backend.enqueue(script: "ab<Enter>")
        #expect(backend.readKey(timeoutMs: 100) == .char("a"))
        #expect(backend.readKey(timeoutMs: 100) == .char("b"))
        #expect(backend.readKey(timeoutMs: 100) == .enter)
        #expect(backend.readKey(timeoutMs: 100) == nil)
    }

    @Test func resizeChangesTheSizeAndDeliversAKey() {
        let backend = TestBackend(width: 80, height: 24)
        backend.resize(width: 100, height: 30)
        #expect(backend.size == Size(width: 100, height: 30))
        #expect(backend.readKey(timeoutMs: 0) == .resize(100, 30))
    }

    /// A miniature UI loop, the way screens are tested: keys in, frames out, compared as text.
    @Test func aSearchPromptDrivenByScriptedKeys() {
        let backend = TestBackend(width: 24, height: 3, keys: Key.script("医疗<BS>学影像<Enter>"))
        var input = TextInput()
        var submitted: String?
        func draw() {
            var frame = Buffer(size: backend.size)
            frame.put("/", x: 0, y: 0)
            input.render(into: &frame, area: Rect(x: 2, y: 0, width: 22, height: 1))
            StatusLine(left: "搜索", right: submitted ?? "").render(into: &frame, area: frame.area.row(2))
            backend.draw(frame)
        }
        draw()
        while let key = backend.readKey(timeoutMs: -1) {
            if key == .enter { submitted = input.text } else { input.handle(key) }
            draw()
        }
        #expect(submitted == "医学影像")
        #expect(backend.screenText() == "/ 医学影像\n\n搜索            医学影像")
        #expect(backend.cursor == Position(x: 10, y: 0))
        #expect(backend.frameCount == 8)
    }
}

@Suite struct SnapshotTests {
    @Test func recordsThenComparesPlainText() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scencat-snapshots-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let screen = "场景 │ 城市\n智能制造 │ 广州"
        let first = Snapshot.mismatch(screen, named: "table", directory: directory, record: false)
        #expect(first?.hasPrefix("recorded new snapshot") == true)
        #expect(Snapshot.mismatch(screen, named: "table", directory: directory, record: false) == nil)
        let changed = Snapshot.mismatch("场景 │ 城市\n智能制造 │ 深圳", named: "table", directory: directory, record: false)
        #expect(changed?.contains("line 2") == true)
        #expect(Snapshot.mismatch("新", named: "table", directory: directory, record: true) == nil)
        #expect(Snapshot.mismatch("新", named: "table", directory: directory, record: false) == nil)
    }
}
