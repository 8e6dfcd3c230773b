import Testing
import TerminalKit

@Suite struct TextAreaTests {
    func typed(_ script: String, width: Int = 10, into area: TextArea = TextArea()) -> TextArea {
        var area = area
        for key in Key.script(script) { area.handle(key, width: width) }
        return area
    }

    func lines(_ area: TextArea, width: Int) -> [String] {
        let chars = Array(area.text)
        return area.visualLines(width: width).map { String(chars[$0]) }
    }

    @Test func chineseWrapsByDisplayWidthWithoutSpaces() {
        let area = typed("智能制造质检平台上线")
        #expect(area.text == "智能制造质检平台上线")
        #expect(lines(area, width: 10) == ["智能制造质", "检平台上线", ""])
        #expect(lines(area, width: 9) == ["智能制造", "质检平台", "上线"])
        #expect(area.cursorLocation(width: 9) == (2, 4))
    }

    @Test func latinWrapsAtSpacesAndCutsLongWords() {
        let area = TextArea("hello world abcdefghijkl")
        #expect(lines(area, width: 8) == ["hello ", "world ", "abcdefgh", "ijkl"])
    }

    @Test func enterBreaksTheLineAndBackspaceJoinsIt() {
        var area = typed("第一行<Enter>第二行")
        #expect(area.text == "第一行\n第二行")
        #expect(lines(area, width: 20) == ["第一行", "第二行"])
        area = typed("<Home><BS>", width: 20, into: area)
        #expect(area.text == "第一行第二行")
        #expect(area.cursor == 3)
    }

    @Test func upAndDownMoveByVisualLineKeepingTheColumn() {
        var area = TextArea("abcdefgh\nab\nabcdefgh")
        area.moveCursor(to: 6)  // column 6 of the first line
        var moved = area.moveDown(width: 20)
        #expect(moved && area.cursor == 11)  // end of "ab" (column 2)
        moved = area.moveDown(width: 20)
        #expect(moved && area.cursor == 18)  // back to column 6
        moved = area.moveDown(width: 20)
        #expect(!moved)
        moved = area.moveUp(width: 20) && area.moveUp(width: 20)
        #expect(moved && area.cursor == 6)
        moved = area.moveUp(width: 20)
        #expect(!moved)
        // Over wide characters the column lands on a character boundary.
        var cjk = TextArea("ab智能\n制造质检")
        cjk.moveCursor(to: 3)  // after 智: column 4
        moved = cjk.moveDown(width: 20)
        #expect(moved && cjk.cursor == 7)  // after 制造: column 4
    }

    @Test func arrowsAtTheEdgesAreLeftToTheCaller() {
        var area = TextArea("one")
        let used = [Key.up, .down, .escape, .tab, .left].map { area.handle($0, width: 10) }
        #expect(used == [false, false, false, false, true])
    }

    @Test func killKeysWorkPerParagraph() {
        var area = TextArea("first line\nsecond line")
        area.moveCursor(to: 17)  // "second|"... after "second"
        area.handle(.ctrl("u"), width: 40)
        #expect(area.text == "first line\n line")
        area.handle(.ctrl("k"), width: 40)
        #expect(area.text == "first line\n")
        area.handle(.backspace, width: 40)
        area.handle(.ctrl("w"), width: 40)
        #expect(area.text == "first ")
    }

    @Test func pastedTextKeepsLineBreaksAndDropsControls() {
        var area = TextArea()
        area.insert("a\r\nb\rc\u{7}\td")
        #expect(area.text == "a\nb\nc d")
    }

    @Test func rendersTheVisibleLinesWithTheCursor() {
        var area = TextArea("一二三四五六七八九十")
        area.moveCursor(to: 0)
        var buffer = Buffer(width: 6, height: 2)
        buffer.render(area, in: Rect(x: 0, y: 0, width: 6, height: 2))
        #expect(buffer.lines() == ["一二三", "四五六"])
        #expect(buffer.cursor == Position(x: 0, y: 0))
        // The cursor at the end scrolls the last lines into view.
        area.moveCursor(to: 10)
        buffer = Buffer(width: 6, height: 2)
        buffer.render(area, in: Rect(x: 0, y: 0, width: 6, height: 2))
        #expect(buffer.lines() == ["七八九", "十"])
        #expect(buffer.cursor == Position(x: 2, y: 1))
    }

    @Test func aFullLastLineLeavesRoomForTheCursor() {
        let area = TextArea("abcd")
        #expect(area.cursorLocation(width: 4) == (1, 0))
        var buffer = Buffer(width: 4, height: 2)
        buffer.render(area, in: Rect(x: 0, y: 0, width: 4, height: 2))
        #expect(buffer.cursor == Position(x: 0, y: 1))
    }

    @Test func placeholderShowsWhenEmpty() {
        let area = TextArea("", placeholder: "简介 summary")
        var buffer = Buffer(width: 20, height: 2)
        buffer.render(area, in: Rect(x: 0, y: 0, width: 20, height: 2))
        #expect(buffer.line(0) == "简介 summary")
    }
}
