import Foundation
import Testing

/// Editing in a real terminal: the built scencat in a tmux pane (a server of its own, 80×24,
/// UTF-8), a scenario's Chinese title changed through the form (Ctrl-S saves) and through
/// `$VISUAL` (a scripted editor), the list showing each new title with its columns aligned, and
/// the terminal in the shell's modes while the editor runs and sane again after it.
@Suite("Editing in the terminal (tmux)", .serialized)
struct EditTerminalTests {
    static let file = "scenarios/chaozhou-ancient-city-guide.yaml"

    /// The first data row of the scenario list holding `title`, and whether its city column is where the header says.
    func expectAligned(_ screen: String, title: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = screen.components(separatedBy: "\n")
        let (_, cityColumn) = try #require(DisplayText.cityColumn(rows), sourceLocation: sourceLocation)
        let row = try #require(rows.first { $0.contains(title) }, "\(screen)", sourceLocation: sourceLocation)
        let cell = DisplayText.slice(row, from: cityColumn, width: 6)
        #expect(cell.startsAtColumn && cell.text.hasPrefix("潮州"), "city column of: \(row)", sourceLocation: sourceLocation)
    }

    @Test func editATitleThroughTheFormAndThroughTheEditor() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        // The scripted editor: records the terminal's modes and whether it has one, then edits the title.
        term.environment["VISUAL"] = try term.script("editor.sh", """
            #!/bin/sh
            stty -a > '\(term.directory)/editor-stty.txt'
            [ -t 0 ] && [ -t 1 ] && echo tty > '\(term.directory)/editor-tty.txt'
            sed -i 's/^title: .*/title: 编辑器里改的标题/' "$1"

            """)
        try term.startApp()
        try term.waitFor("108 条 entries")

        // The form: the title replaced with Chinese, saved with Ctrl-S.
        try term.press("e")
        let form = try term.waitFor("编辑 Edit · \(Self.file)")
        #expect(form.contains("标题 title*             潮州古城多语种智能导览"))
        try term.press("C-u")
        try term.type("潮州古城导览（表单）")
        let typed = try term.waitFor("潮州古城导览（表单）")
        let titleLine = try #require(typed.components(separatedBy: "\n").first { $0.contains("标题 title*") })
        #expect(DisplayText.column(of: "潮州古城导览（表单）", in: titleLine) == 25, "\(titleLine)")
        #expect(typed.contains("● 已修改 modified"))
        try term.press("C-s")
        let saved = try term.waitFor("已保存 saved \(Self.file)")
        try expectAligned(saved, title: "潮州古城导览（表单）")
        let afterForm = try term.catalogFile(Self.file)
        #expect(afterForm.contains("\ntitle: 潮州古城导览（表单）\n"))

        // The editor: curses hands the terminal over and takes it back.
        try term.press("E")
        let edited = try term.waitFor("（编辑器 editor）")
        try expectAligned(edited, title: "编辑器里改的标题")
        #expect(edited.contains(" scencat │"), "the screen is repainted after the editor:\n\(edited)")
        #expect(try term.alternateScreen())
        let afterEditor = try term.catalogFile(Self.file)
        #expect(afterEditor.contains("\ntitle: 编辑器里改的标题\n"))
        // While the editor ran, the terminal was the shell's: line editing and echo on.
        let stty = try String(contentsOfFile: term.directory + "/editor-stty.txt", encoding: .utf8)
        let modes = TmuxSession.modes(stty)
        #expect(modes.contains("icanon") && modes.contains("echo"), "\(stty)")
        #expect(FileManager.default.fileExists(atPath: term.directory + "/editor-tty.txt"))

        // Keys work again after the editor: move down a row, then undo the editor's change.
        try term.press("j")
        try term.waitFor("2/108")
        try term.press("u")
        let undone = try term.waitFor("已撤销 undone: edit in $EDITOR")
        #expect(undone.contains("潮州古城导览（表单）"))
        try term.press("q")
        try term.expectEnded(exit: 0)
    }

    @Test func aFormSaveRefusedThenAConflictWithTheEditor() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor("108 条 entries")
        try term.press("e")
        try term.waitFor("编辑 Edit · \(Self.file)")
        // An empty title: the save is refused and the message is under the field.
        try term.press("C-u", "C-s")
        // The field's error shows as soon as the title is empty; the refusal once Ctrl-S is read: wait for both.
        let refused = try term.waitFor("有 1 个错误，未保存")
        #expect(refused.contains("✗ missing required key 'title'"))
        try term.type("控制台标题")
        // Someone else changes the file meanwhile.
        let theirs = try term.catalogFile(Self.file).replacingOccurrences(of: "stage: demonstration", with: "stage: scaled")
        try theirs.write(toFile: term.catalog + "/" + Self.file, atomically: true, encoding: .utf8)
        try term.press("C-s")
        try term.waitFor("保存冲突 Save conflict")
        try term.press("c")
        let compare = try term.waitFor("磁盘上 On disk now")
        let stageRow = try #require(compare.components(separatedBy: "\n").first { $0.contains("stage: demonstration") })
        #expect(stageRow.contains("≠") && stageRow.contains("stage: scaled"))
        try term.press("o")
        try term.waitFor("已保存 saved \(Self.file)")
        let mine = try term.catalogFile(Self.file)
        #expect(mine.contains("\ntitle: 控制台标题\n") && mine.contains("\nstage: demonstration\n"))
        try term.press("q")
        try term.expectEnded(exit: 0)
    }
}
