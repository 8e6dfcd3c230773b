import Testing
import TerminalKit

@Suite struct TextWrapTests {
    @Test func chineseBreaksBetweenAnyTwoCharacters() {
        #expect(TextWrap.wrap("人工智能场景清单", width: 6) == ["人工智", "能场景", "清单"])
        #expect(TextWrap.wrap("人工智能", width: 5) == ["人工", "智能"])
    }

    @Test func asciiBreaksAtSpaces() {
        #expect(TextWrap.wrap("AI for hospitals and schools", width: 10) == ["AI for", "hospitals", "and", "schools"])
        #expect(TextWrap.wrap("supercalifragilistic", width: 8) == ["supercal", "ifragili", "stic"])
    }

    @Test func mixedTextAndPunctuation() {
        #expect(TextWrap.wrap("使用AI模型进行质检，提高效率", width: 10) == ["使用AI模型", "进行质检，", "提高效率"])
        // A closing comma never starts a line: the character before it moves down with it.
        #expect(TextWrap.wrap("中文中文，好", width: 8) == ["中文中", "文，好"])
    }

    @Test func paragraphsAndStyles() {
        #expect(TextWrap.wrap("第一段\n\n第二段", width: 20) == ["第一段", "", "第二段"])
        let label = Style(bold: true)
        let lines = TextWrap.wrap([Span("需求方：", style: label), Span("广州市第一人民医院")], width: 12)
        #expect(lines == [[Span("需求方：", style: label), Span("广州")], [Span("市第一人民医")], [Span("院")]])
        for line in lines { #expect(line.displayWidth <= 12) }
    }

    @Test func scrollViewScrollsWrappedLinesWithAScrollbar() {
        let text = (1...10).map { "第\($0)行" }.joined(separator: "\n")
        let view = ScrollView(text: text, offset: 3)
        let area = Rect(x: 0, y: 0, width: 10, height: 4)
        #expect(view.maxOffset(for: area) == 6)
        var buffer = Buffer(width: 10, height: 4)
        view.render(into: &buffer, area: area)
        #expect(buffer.plainText() == """
        第4行    │
        第5行    ┃
        第6行    │
        第7行    │
        """)
        var past = view
        past.offset = 100
        var end = Buffer(width: 10, height: 4)
        past.render(into: &end, area: area)
        #expect(end.line(3).hasPrefix("第10行"))
        #expect(end[9, 3].symbol == "┃")
    }
}
