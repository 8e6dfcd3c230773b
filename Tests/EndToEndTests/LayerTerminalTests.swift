import Foundation
import Testing

/// The safe answers and redo in a real terminal: the built scencat in a tmux pane at 80×24. A
/// delete of a referenced model is refused and Enter changes nothing; Esc and Enter in a form
/// with changes keep editing; undo then ctrl-r puts the saved title back.
@Suite("Layers and safe answers in the terminal (tmux)", .serialized)
struct LayerTerminalTests {
    static let scenario = "scenarios/chaozhou-ancient-city-guide.yaml"
    static let model = "models/chaoyun-culture.yaml"

    @Test func deleteOfAReferencedModelIsRefused() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("2")
        try term.waitFor("32 条 entries")
        let before = try term.catalogFile(Self.model)
        try term.press("d")
        // Waited for together: a screen caught mid-frame can show the dialog's title without its body.
        try term.waitFor(all: ["Delete refused", "chaozhou-ancient-city-guide"])
        // Enter presses the selected button: Cancel.
        try term.press("Enter")
        try term.waitFor("已取消 · cancelled")
        #expect(try term.catalogFile(Self.model) == before)
        // u shows the titles that change, and still asks.
        try term.press("d")
        try term.waitFor("Delete refused")
        try term.press("u")
        try term.waitFor(all: ["Unlink and delete", "「潮州古城多语种智能导览」"])
        try term.press("Escape")
        try term.waitFor("已取消 · cancelled")
        #expect(try term.catalogFile(Self.model) == before)
        try term.press("q")
        _ = try term.expectEnded(exit: 0)
    }

    @Test func escapeAndEnterKeepAChangedFormOpen() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        let before = try term.catalogFile(Self.scenario)
        try term.press("e")
        try term.waitFor("编辑 Edit · \(Self.scenario)")
        try term.press("C-u")
        try term.type("潮州古城导览！改")
        try term.waitFor("● 已修改 modified")
        try term.press("Escape")
        try term.waitFor("放弃更改 Discard changes?")
        try term.press("Enter")
        try term.waitFor(all: ["● 已修改 modified", "潮州古城导览！改"], none: ["放弃更改 Discard changes?"])
        try term.press("Escape")
        try term.waitFor("放弃更改 Discard changes?")
        try term.press("Escape")
        try term.waitFor { !$0.contains("放弃更改 Discard changes?") && $0.contains("● 已修改 modified") }
        #expect(try term.catalogFile(Self.scenario) == before)
        // y discards.
        try term.press("Escape")
        try term.waitFor("放弃更改 Discard changes?")
        try term.press("y")
        try term.waitFor("已放弃更改 · changes discarded")
        #expect(try term.catalogFile(Self.scenario) == before)
        try term.press("q")
        _ = try term.expectEnded(exit: 0)
    }

    @Test func undoThenRedo() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        let original = try term.catalogFile(Self.scenario)
        try term.press("e")
        try term.waitFor("编辑 Edit · \(Self.scenario)")
        try term.press("C-u")
        try term.type("重做之后的标题")
        try term.waitFor("● 已修改 modified")
        try term.press("C-s")
        try term.waitFor("已保存 saved \(Self.scenario)")
        let saved = try term.catalogFile(Self.scenario)
        try term.press("u")
        try term.waitFor("已撤销 undone")
        #expect(try term.catalogFile(Self.scenario) == original)
        try term.press("C-r")
        try term.waitFor(all: ["已重做 redone", "重做之后的标题"])
        #expect(try term.catalogFile(Self.scenario) == saved)
        try term.press("C-r")
        try term.waitFor("nothing to redo")
        try term.press("q")
        _ = try term.expectEnded(exit: 0)
    }
}
