import Testing
import TerminalKit

@Suite struct WidgetTests {
    @Test func barChartAlignsLabelsAndDrawsPartialBlocks() {
        let chart = BarChart(bars: [
            .init("韶关", value: 46, secondary: 60),
            .init("广州", value: 24, secondary: 60),
            .init("深圳鹏城", value: 70, secondary: 60),
        ])
        var buffer = Buffer(width: 30, height: 3)
        chart.render(into: &buffer, area: buffer.area)
        #expect(buffer.plainText() == """
        韶关     ████████▌░░   46 / 60
        广州     ████▌░░░░░░   24 / 60
        深圳鹏城 █████████████ 70 / 60
        """)
        // Demand beyond capacity takes the overflow style.
        #expect(buffer[20, 2].style == chart.overflowStyle)
        #expect(buffer[21, 2].style == chart.overflowStyle)
        #expect(buffer[19, 2].style == chart.barStyle)
        #expect(buffer[18, 0].style == chart.secondaryStyle)
    }

    @Test func barChartValueFormatting() {
        #expect(BarChart.format(12, fractionDigits: 1) == "12")
        #expect(BarChart.format(12.46, fractionDigits: 1) == "12.5")
        #expect(BarChart.format(0.05, fractionDigits: 2) == "0.05")
        #expect(BarChart.format(-3.5, fractionDigits: 1) == "-3.5")
    }

    @Test func modalIsCentred() {
        let modal = Modal(title: "撤回场景", body: ["确定撤回该场景吗？撤回后不会出现在下一期清单中。"],
                          buttons: ["撤回", "取消"])
        let screen = Rect(x: 0, y: 0, width: 80, height: 24)
        let frame = modal.frame(in: screen)
        #expect(frame == Rect(x: 14, y: 9, width: 52, height: 5))
        #expect(frame.x - screen.x == screen.maxX - frame.maxX)

        var buffer = Buffer(width: 80, height: 24)
        buffer.fill(buffer.area, with: ".")
        modal.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(9).hasPrefix(String(repeating: ".", count: 14) + "┌─ 撤回场景 ─"))
        #expect(buffer.line(9).hasSuffix("┐" + String(repeating: ".", count: 14)))
        #expect(buffer.line(10).contains("│ 确定撤回该场景吗？"))
        #expect(buffer.line(12).contains("[ 撤回 ]  [ 取消 ]"))
        #expect(buffer[31, 12].symbol == "[" && buffer[31, 12].style.reverse)
        #expect(!buffer[41, 12].style.reverse)
        #expect(buffer.line(13).hasPrefix(String(repeating: ".", count: 14) + "└"))

        // On a narrow screen the body wraps and the box stays centred.
        let narrow = modal.frame(in: Rect(x: 0, y: 0, width: 40, height: 24))
        #expect(narrow == Rect(x: 0, y: 9, width: 40, height: 6))
    }

    @Test func tabsShowNumbersCountsAndTheActiveTab() {
        let tabs = Tabs(items: [.init("场景", count: 108), .init("模型", count: 32), .init("算力")], active: 1)
        var buffer = Buffer(width: 40, height: 1)
        tabs.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == " 1 场景 (108)   2 模型 (32)   3 算力")
        #expect(tabs.tabRanges() == [0..<14, 15..<28, 29..<37])
        #expect(buffer[15, 0].style.reverse && buffer[27, 0].style.reverse && !buffer[28, 0].style.reverse)
        #expect(!buffer[0, 0].style.reverse)
        #expect(buffer[1, 0].style.foreground == .cyan)
    }

    @Test func hintBarKeepsWholeHintsThatFit() {
        let bar = HintBar(hints: [.init(.char("j"), "下移"), .init(.char("k"), "上移"),
                                  .init(.enter, "打开"), .init(.char("?"), "帮助")])
        // Too narrow for the full form: the compact one keeps more hints, still whole.
        var buffer = Buffer(width: 30, height: 1)
        bar.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "j 下移 k 上移 ↵ 打开 ? 帮助")
        var narrow = Buffer(width: 16, height: 1)
        bar.render(into: &narrow, area: narrow.area)
        #expect(narrow.line(0) == "j 下移 k 上移")
        #expect(HintBar.compact("ctrl-s") == "^S")
        var wide = Buffer(width: 60, height: 1)
        bar.render(into: &wide, area: wide.area)
        #expect(wide.line(0) == "<j> 下移  <k> 上移  <enter> 打开  <?> 帮助")
        #expect(wide[0, 0].style.bold && !wide[4, 0].style.bold)
    }

    @Test func statusLineKeepsTheRightPart() {
        let status = StatusLine(left: "已索引 108 个场景，32 个模型，12 个算力中心", right: "2026-Q3")
        var buffer = Buffer(width: 30, height: 1)
        status.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "已索引 108 个场景，32… 2026-Q3")
        #expect(buffer.line(0).hasSuffix("2026-Q3"))
        #expect(buffer.line(0).displayWidth == 30)
        #expect((0..<30).allSatisfy { buffer[$0, 0].style.reverse })
    }

    @Test func breadcrumbDropsLeadingParts() {
        let crumbs = Breadcrumb(items: ["场景", "医疗", "智能导诊系统"])
        var buffer = Buffer(width: 40, height: 1)
        crumbs.render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "场景 › 医疗 › 智能导诊系统")
        #expect(crumbs.visibleItems(width: 16) == ["…", "智能导诊系统"])
        var narrow = Buffer(width: 16, height: 1)
        crumbs.render(into: &narrow, area: narrow.area)
        #expect(narrow.line(0) == "… › 智能导诊系统")
        #expect(narrow[4, 0].style.bold)
    }

    @Test func borderWithTitle() {
        var buffer = Buffer(width: 16, height: 3)
        Border(title: "场景详情").render(into: &buffer, area: buffer.area)
        #expect(buffer.plainText() == """
        ┌─ 场景详情 ───┐
        │              │
        └──────────────┘
        """)
        #expect(Border.inner(buffer.area) == Rect(x: 1, y: 1, width: 14, height: 1))
    }

    @Test func listViewShowsCountsOnTheRight() {
        let list = ListView(items: [.init("制造", count: 42), .init("医疗", count: 17), .init("教育", count: nil)],
                            selected: 1)
        var buffer = Buffer(width: 12, height: 3)
        list.render(into: &buffer, area: buffer.area)
        #expect(buffer.plainText() == """
        制造      42
        医疗      17
        教育
        """)
        #expect(buffer[0, 1].style.reverse && buffer[11, 1].style.reverse)
        #expect(buffer[10, 0].style.dim)
    }
}
