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

    static let ready = TmuxSession.demoListReady

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
        try term.waitFor(all: Self.ready + ["1/108"])

        // The form: the title replaced with Chinese, saved with Ctrl-S.
        try term.press("e")
        try term.waitFor(all: ["编辑 Edit · \(Self.file)", "标题 title*             潮州古城多语种智能导览"])
        try term.press("C-u")
        try term.type("潮州古城导览（表单）")
        let typed = try term.waitFor(all: ["标题 title*             潮州古城导览（表单）", "● 已修改 modified"])
        let titleLine = try #require(TmuxSession.row(typed, containing: "标题 title*"))
        #expect(DisplayText.column(of: "潮州古城导览（表单）", in: titleLine) == 25, "\(titleLine)")
        try term.press("C-s")
        // Back on the list, the new title in its row.
        let saved = try term.waitFor(all: ["已保存 saved \(Self.file)", "潮州古城导览（表单）", "标题 Title"], none: ["编辑 Edit ·"])
        try expectAligned(saved, title: "潮州古城导览（表单）")
        let afterForm = try term.catalogFile(Self.file)
        #expect(afterForm.contains("\ntitle: 潮州古城导览（表单）\n"))

        // The editor: curses hands the terminal over and takes it back.
        try term.press("E")
        // The screen is repainted after the editor: header, the list with the new title.
        let edited = try term.waitFor(all: ["（编辑器 editor）", "编辑器里改的标题", " scencat │", "标题 Title"])
        try expectAligned(edited, title: "编辑器里改的标题")
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
        try term.waitFor(all: ["已撤销 undone: edit in $EDITOR", "潮州古城导览（表单）"], none: ["编辑器里改的标题"])
        try term.press("q")
        try term.expectEnded(exit: 0)
    }

    @Test func aFormSaveRefusedThenAConflictWithTheEditor() throws {
        let term = try TmuxSession(width: 80, height: 24)
        defer { term.close() }
        try term.startApp()
        try term.waitFor(all: Self.ready + ["1/108"])
        try term.press("e")
        try term.waitFor(all: ["编辑 Edit · \(Self.file)", "标题 title*             潮州古城多语种智能导览"])
        // An empty title: the save is refused and the message is under the field.
        try term.press("C-u", "C-s")
        try term.waitFor(all: ["✗ missing required key 'title'", "有 1 个错误，未保存"])
        try term.type("控制台标题")
        // The typed title is in the form before anyone else touches the file.
        try term.waitFor("标题 title*             控制台标题")
        // Someone else changes the file meanwhile.
        let theirs = try term.catalogFile(Self.file).replacingOccurrences(of: "stage: demonstration", with: "stage: scaled")
        try theirs.write(toFile: term.catalog + "/" + Self.file, atomically: true, encoding: .utf8)
        try term.press("C-s")
        try term.waitFor("保存冲突 Save conflict")
        try term.press("c")
        // The comparison, down to the row that differs: mine left, the disk's right.
        try term.waitForScreen { screen in
            guard screen.contains("磁盘上 On disk now") else { return ["磁盘上 On disk now"] }
            guard let row = TmuxSession.row(screen, containing: "stage: demonstration"),
                  row.contains("≠"), row.contains("stage: scaled") else {
                return ["a row \"stage: demonstration ≠ stage: scaled\""]
            }
            return []
        }
        try term.press("o")
        try term.waitFor(all: ["已保存 saved \(Self.file)", "控制台标题"], none: ["对比 Compare"])
        let mine = try term.catalogFile(Self.file)
        #expect(mine.contains("\ntitle: 控制台标题\n") && mine.contains("\nstage: demonstration\n"))
        try term.press("q")
        try term.expectEnded(exit: 0)
    }
}
