import Foundation
import Testing

/// `scencat undo` on a terminal asks before it removes what a creation made (as `delete` asks and
/// as the TUI's `u` asks); `n` keeps the file, `y` removes it, and without a terminal it does not ask.
@Suite(.serialized) struct UndoQuestionTerminalTests {
    @Test func undoingACreationAsksFirstAndNoKeepsTheFile() throws {
        let term = try TmuxSession(width: 200, height: 30)
        defer { term.close() }
        let file = "scenarios/foshan-manufacturing-undo.yaml"
        let scencat = "'\(CLI.binary)' --catalog '\(term.catalog)'"
        try term.type("clear; \(scencat) new scenario title=待撤销场景 title_en='To undo' sector=manufacturing city=foshan; echo NEW=$?")
        try term.press("Enter")
        try term.waitFor(all: [file, "NEW=0"])
        #expect(FileManager.default.fileExists(atPath: term.catalog + "/" + file))

        try term.type("clear; \(scencat) undo; echo UNDO=$?")
        try term.press("Enter")
        try term.waitFor(all: ["undo removes \(file), created by", "[y/N]"])
        try term.type("n")
        try term.press("Enter")
        try term.waitFor(all: ["not undone", "UNDO=1"])
        #expect(FileManager.default.fileExists(atPath: term.catalog + "/" + file), "answering n keeps the created file")

        try term.type("clear; \(scencat) undo; echo UNDO=$?")
        try term.press("Enter")
        try term.waitFor(all: ["[y/N]"])
        try term.type("y")
        try term.press("Enter")
        try term.waitFor(all: ["UNDO=0"])
        #expect(!FileManager.default.fileExists(atPath: term.catalog + "/" + file), "answering y removes it")
    }

    @Test func withoutATerminalUndoDoesNotAsk() throws {
        let cat = try CLI.demoCopy()
        let made = try CLI.run(["new", "scenario", "title=待撤销场景", "title_en=To undo", "sector=manufacturing", "city=foshan", "--catalog", cat])
        #expect(made.code == 0, "\(made.stderr)")
        let undone = try CLI.run(["undo", "--catalog", cat])
        #expect(undone.code == 0 && !undone.stderr.contains("[y/N]"), "\(undone.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cat + "/scenarios/foshan-manufacturing-undo.yaml"))
    }
}
