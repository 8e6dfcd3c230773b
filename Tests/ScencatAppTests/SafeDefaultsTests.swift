import CatalogCore
import CatalogFiles
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// Every question that destroys, unlinks, discards or overwrites has the harmless answer
/// selected, so Enter alone changes nothing; undo and redo as the user meets them.
@Suite struct SafeDefaultsTests {
    static let chaozhou = "scenarios/chaozhou-ancient-city-guide.yaml"

    /// The dialog on top, as a confirmation.
    func confirmation(_ s: EditSession) -> ConfirmDialog? {
        if case .confirm(let d)? = s.state.dialog { return d }
        return nil
    }

    @Test func discardingAFormNeedsAnExplicitKey() throws {
        let s = try EditSession()
        let before = s.read(Self.chaozhou)
        s.type("e<End>！<Esc>")
        let d = try #require(confirmation(s))
        #expect(d.commands[d.selected] == .back)
        // Enter presses the selected button (keep editing); Esc too.
        s.type("<Enter>")
        #expect(s.form?.isDirty == true && s.state.dialog == nil)
        s.type("<Esc><Esc>")
        #expect(s.form?.isDirty == true && s.state.dialog == nil)
        // Moving to Discard and pressing Enter, or y, discards.
        s.type("<Esc><Left><Enter>")
        #expect(s.form == nil)
        #expect(s.read(Self.chaozhou) == before)
    }

    @Test func unlinkAsksWithNoSelected() throws {
        let s = try EditSession()
        let before = s.read(Self.chaozhou)
        s.type(":chaozhou-ancient-city-guide<Enter>gU")
        let d = try #require(confirmation(s))
        #expect(d.commands[d.selected] == .back)
        s.type("<Enter>")
        #expect(s.read(Self.chaozhou) == before)
    }

    @Test func deleteAsksWithNoSelected() throws {
        let s = try EditSession()
        s.type("1d")
        let d = try #require(confirmation(s))
        #expect(d.commands[d.selected] == .back)
        #expect(d.destructive)
    }

    @Test func undoingACreationAsksFirst() throws {
        let s = try EditSession()
        s.type("a重做测试场景<Tab>Redo test")
        s.focus("sector")
        s.type("交通<Enter>")
        s.type("深圳<Enter>")
        let id = try #require(s.form?.id)
        s.type("<C-s>")
        let file = "scenarios/\(id).yaml"
        #expect(s.exists(file))
        s.type("u")
        let ask = try #require(confirmation(s))
        guard case .undo = ask.action else { Issue.record("\(ask.action)"); return }
        #expect(ask.commands[ask.selected] == .back)
        #expect(s.screen.contains(file))
        s.type("<Enter>")
        #expect(s.exists(file))
        // y undoes the creation; ctrl-r brings it back.
        s.type("uy")
        #expect(!s.exists(file))
        s.type("<C-r>")
        #expect(s.exists(file))
        #expect(s.state.message?.hasPrefix("已重做 redone:") == true)
    }

    @Test func redoAfterUndoAfterSave() throws {
        let s = try EditSession()
        let original = try #require(s.read(Self.chaozhou))
        s.type("e<C-u>重做的标题<C-s>")
        let saved = try #require(s.read(Self.chaozhou))
        #expect(saved != original)
        s.type("u")
        #expect(s.read(Self.chaozhou) == original)
        s.type("<C-r>")
        #expect(s.read(Self.chaozhou) == saved)
        #expect(s.state.message == "已重做 redone: edit title (form) (\(Self.chaozhou))")
        #expect(s.screen.rows[4].contains("重做的标题"))
        // Nothing more to redo; undo still works after a redo.
        s.type("<C-r>")
        #expect(s.state.message?.hasPrefix("没有可重做的更改 · nothing to redo") == true)
        s.type("u")
        #expect(s.read(Self.chaozhou) == original)
    }

    @Test func redoIsRefusedWhenTheFileChangedSinceTheUndo() throws {
        let s = try EditSession()
        let original = try #require(s.read(Self.chaozhou))
        s.type("e<C-u>重做的标题<C-s>u")
        #expect(s.read(Self.chaozhou) == original)
        let byHand = original.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 手改")
        try s.write(Self.chaozhou, byHand)
        s.type("<C-r>")
        #expect(s.read(Self.chaozhou) == byHand)
        #expect(s.state.message == "无法重做 redo：\(Self.chaozhou) 在那之后已被修改 · cannot redo: \(Self.chaozhou) changed since")
    }

    @Test func aNewChangeEndsWhatCanBeRedone() throws {
        let s = try EditSession()
        s.type("e<C-u>第一<C-s>u")
        s.type("e<C-u>第二<C-s>")
        s.type("<C-r>")
        #expect(s.state.message?.hasPrefix("没有可重做的更改 · nothing to redo") == true)
        #expect(s.read(Self.chaozhou)?.contains("title: 第二\n") == true)
    }
}
