import CatalogCore
import Testing
@testable import ScencatApp

/// `n` is both "next match" (the terminal UI) and "new entity" (editing): it steps through the
/// last search while there is one, and adds a new entry otherwise; Esc on a list forgets the search.
@Suite struct NewKeyTests {
    @Test func nAddsANewEntryWhenNoSearchIsActive() throws {
        let s = try EditSession()
        s.type("2n")
        #expect(s.form?.mode == .new)
        #expect(s.form?.kind == .model)
    }

    @Test func nStepsThroughTheLastSearchThenEscForgetsIt() throws {
        let s = try EditSession()
        s.type("/医疗<Enter>")
        let first = s.state.path.map(\.id)
        #expect(!first.isEmpty)
        s.type("n")
        #expect(s.form == nil)
        #expect(s.state.path.map(\.id) != first)
        s.type("<Esc><Esc>")
        #expect(s.state.path.isEmpty)
        #expect(s.state.lastSearch.isEmpty)
        s.type("n")
        #expect(s.form?.mode == .new)
        #expect(s.form?.kind == .scenario)
    }
}

/// A terminal shrunk below the minimum while a form has unsaved edits does not quit on `q`.
@Suite struct TooSmallWithAFormTests {
    @Test func unsavedEditsAreNotDroppedOnATerminalTooSmallToShowThem() throws {
        let s = try EditSession()
        s.type("e")
        s.type("新的标题")
        #expect(s.form?.isDirty == true)
        s.backend.resize(width: 40, height: 10)
        let screen = s.type("q")
        #expect(!s.state.quit)
        #expect(screen.contains("unsaved form"))
        s.backend.resize(width: 80, height: 24)
        s.type("")
        #expect(s.form?.isDirty == true)
    }

    @Test func withNothingUnsavedQQuits() throws {
        let s = try EditSession()
        s.backend.resize(width: 40, height: 10)
        s.type("q")
        #expect(s.state.quit)
    }
}
