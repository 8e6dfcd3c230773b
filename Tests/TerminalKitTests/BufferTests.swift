import Testing
import TerminalKit

@Suite struct BufferTests {
    @Test func putReturnsColumnsUsed() {
        var buffer = Buffer(width: 20, height: 2)
        #expect(buffer.put("医疗ab", x: 1, y: 0) == 6)
        #expect(buffer.plainText() == " 医疗ab\n")
    }

    @Test func overwritingTheRightHalfOfAWideCharacterBlanksTheLeftHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.line(0) == " x文")
        #expect(buffer[0, 0] == Cell.blank)
        #expect(buffer[2, 0].symbol == "文")
    }

    @Test func overwritingTheLeftHalfOfAWideCharacterBlanksTheRightHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("y", x: 2, y: 0)
        #expect(buffer.line(0) == "中y")
        #expect(buffer[3, 0] == Cell.blank)
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func aWideCharacterOverTwoWideCharactersBlanksTheirOuterHalves() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("字", x: 1, y: 0)
        #expect(buffer.line(0) == " 字")
        #expect(buffer[1, 0].width == 2)
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer[3, 0] == Cell.blank)
    }

    @Test func wideCharacterStraddlingTheClipBecomesASpace() {
        var buffer = Buffer(width: 10, height: 1)
        buffer.fill(buffer.area, with: ".")
        let used = buffer.put("ab医疗", x: 0, y: 0, maxWidth: 5)
        #expect(used == 5)
        #expect(buffer.line(0) == "ab医 .....")
        var edge = Buffer(width: 3, height: 1)
        edge.put("a医", x: 1, y: 0)
        #expect(edge.line(0) == " a")
        #expect(!edge[2, 0].isContinuation)
    }

    @Test func controlCharactersAreSkippedAndTabsBecomeSpaces() {
        var buffer = Buffer(width: 10, height: 1)
        buffer.put("a\u{7}b\tc\nd", x: 0, y: 0)
        #expect(buffer.line(0) == "ab cd")
    }

    @Test func plainTextTrimsTrailingSpacesAndSkipsContinuations() {
        var buffer = Buffer(width: 8, height: 3)
        buffer.put("标题", x: 0, y: 0)
        buffer.put("x", x: 7, y: 2)
        #expect(buffer.plainText() == "标题\n\n       x")
    }

    @Test func fillAndStyles() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.fill(Rect(x: 1, y: 0, width: 2, height: 2), with: "#", style: Style(bold: true))
        #expect(buffer.plainText() == " ##\n ##")
        #expect(buffer[1, 1].style.bold)
        buffer.patchStyle(Style(reverse: true), in: buffer.area)
        #expect(buffer[1, 1].style == Style(bold: true, reverse: true))
        #expect(buffer[0, 0].style == Style(reverse: true))
    }

    @Test func diffListsChangedRunsAndKeepsWideCharactersWhole() {
        var old = Buffer(width: 10, height: 3)
        old.put("医疗 abc", x: 0, y: 0)
        old.put("same", x: 0, y: 1)
        var new = old
        new.put("x", x: 6, y: 0)
        new.put("教育", x: 0, y: 2)
        let runs = new.diff(from: old)
        #expect(runs.count == 2)
        #expect(runs[0] == Buffer.Run(x: 6, y: 0, cells: [Cell("x")]))
        #expect(runs[1].y == 2 && runs[1].x == 0 && runs[1].cells.count == 4)

        // Only the right half changed (its style): the run starts at the leading cell.
        var styled = old
        styled.patchStyle(Style(bold: true), in: Rect(x: 1, y: 0, width: 1, height: 1))
        let wide = styled.diff(from: old)
        #expect(wide.count == 1)
        #expect(wide[0].x == 0 && wide[0].cells.count == 2)
        #expect(old.diff(from: old).isEmpty)
        #expect(new.diff(from: Buffer(width: 5, height: 3)).count == 3)
    }
}
