import Testing
import TerminalKit

@Suite struct TextInputTests {
    func typed(_ script: String, into input: TextInput = TextInput()) -> TextInput {
        var input = input
        for key in Key.script(script) { input.handle(key) }
        return input
    }

    @Test func editingChineseMovesByCharacter() {
        var input = typed("医疗AI")
        #expect(input.text == "医疗AI")
        #expect(input.cursor == 4)
        #expect(input.cursorColumn == 6)
        input = typed("<Left><Left>影像", into: input)
        #expect(input.text == "医疗影像AI")
        #expect(input.cursor == 4)
        #expect(input.cursorColumn == 8)
        input = typed("<BS>", into: input)
        #expect(input.text == "医疗影AI")
        input = typed("<Home><Del>", into: input)
        #expect(input.text == "疗影AI")
        #expect(input.cursor == 0)
        input = typed("<End><C-u>", into: input)
        #expect(input.text == "")
        #expect(input.cursor == 0)
    }

    @Test func killWordAndKillToEnd() {
        var input = typed("hello 世界 abc<C-w>")
        #expect(input.text == "hello 世界 ")
        input = typed("<C-a><Right><Right><C-k>", into: input)
        #expect(input.text == "he")
    }

    @Test func combiningMarkJoinsThePreviousCharacter() {
        let input = typed("e\u{301}x")
        #expect(input.text == "e\u{301}x")
        #expect(input.text.count == 2)
        #expect(input.cursor == 2)
    }

    @Test func keysTheInputDoesNotUseArePassedOn() {
        var input = TextInput("abc")
        let used = [Key.enter, .escape, .up, .char("d")].map { input.handle($0) }
        #expect(used == [false, false, false, true])
        #expect(input.text == "abcd")
    }

    @Test func rendersWithACursorCellAndScrollsByDisplayWidth() {
        let input = TextInput("医疗影像AI")
        var buffer = Buffer(width: 6, height: 1)
        input.render(into: &buffer, area: buffer.area)
        // Text is 10 columns plus the cursor cell: columns 5…10 are shown; the right half of
        // 影 at the left edge becomes a space.
        #expect(buffer.line(0) == " 像AI")
        #expect(buffer.cursor == Position(x: 5, y: 0))
        #expect(buffer[5, 0].style.reverse)
        #expect(!buffer[4, 0].style.reverse)

        var home = input
        home.moveHome()
        var start = Buffer(width: 6, height: 1)
        home.render(into: &start, area: start.area)
        #expect(start.line(0) == "医疗影")
        #expect(start.cursor == Position(x: 0, y: 0))
        #expect(start[0, 0].style.reverse && start[0, 0].width == 2)
    }

    @Test func storedScrollKeepsTheViewStill() {
        var input = TextInput("abcdefghij")
        input.keepCursorVisible(width: 6)
        #expect(input.scrollColumn == 5)
        input.handle(.left)
        input.keepCursorVisible(width: 6)
        input.handle(.left)
        input.keepCursorVisible(width: 6)
        #expect(input.scrollColumn == 4)
        var buffer = Buffer(width: 6, height: 1)
        input.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "efghij")
        #expect(buffer.cursor == Position(x: 4, y: 0))
    }

    @Test func placeholderShowsWhenEmpty() {
        let input = TextInput(placeholder: "搜索场景…")
        var buffer = Buffer(width: 12, height: 1)
        input.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "搜索场景…")
        #expect(buffer.cursor == Position(x: 0, y: 0))
        #expect(buffer[0, 0].style.reverse)
    }
}
