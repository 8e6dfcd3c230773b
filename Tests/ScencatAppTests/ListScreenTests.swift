import CatalogCore
import ChineseText
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// The Scenarios, Models and Centers tabs, driven by keys through the real runtime and index.
@Suite struct ListScreenTests {
    let app = AppFixture.shared

    /// The scenario table's rows on screen, checked cell by cell: every city starts in the
    /// column of its header, whatever mix of Chinese and ASCII came before it.
    func expectAlignedScenarioTable(_ backend: TestBackend, _ runtime: Runtime, width: Int,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let frame = try #require(backend.lastFrame)
        let layout = ScreenLayout(size: Size(width: width, height: frame.height), tab: .scenarios)
        let headerY = layout.table.y
        let header = frame.line(headerY)
        let cityX = try #require(header.column(of: "城市"), sourceLocation: sourceLocation)
        let titleX = try #require(header.column(of: "标题"), sourceLocation: sourceLocation)
        let list = runtime.state.lists[0]
        let first = list.cursor.offset
        for row in 0..<min(layout.tableRows, list.total - first) {
            let y = headerY + 1 + row
            let entity = list.window[first + row - list.windowStart]
            let city = runtime.state.cityName(entity.city)
            #expect(frame.startsCharacter(x: cityX, y: y), sourceLocation: sourceLocation)
            #expect(frame.text(x: cityX, y: y, width: 6).trimmingCharacters(in: .whitespaces) == city,
                    "row \(row): \(frame.line(y))", sourceLocation: sourceLocation)
            #expect(frame.text(x: titleX, y: y, width: cityX - titleX - 1) == entity.name.fitted(toWidth: cityX - titleX - 1),
                    "row \(row): \(frame.line(y))", sourceLocation: sourceLocation)
            // PFLOPS is the last column, right-aligned to the screen's edge.
            #expect(frame.line(y).displayWidth == width, "row \(row): \(frame.line(y))", sourceLocation: sourceLocation)
        }
    }

    @Test func scenariosTabAt80x24() throws {
        let (backend, runtime) = app.run("")
        let screen = backend.screenText()
        expectSnapshot(screen, "scenarios-80x24")
        #expect(screen.rows[4].hasPrefix("全部 All     108 "))
        #expect(screen.contains("制造          17 "))
        #expect(screen.contains(" 108 条 entries · 排序 sort: ID ↑"))
        try expectAlignedScenarioTable(backend, runtime, width: 80)
        // The preview pane shows the selected scenario.
        #expect(screen.contains("chaozhou-ancient-city-guide"))
    }

    @Test func scenariosTabAt120x40ShowsIds() throws {
        let (backend, runtime) = app.run("", width: 120, height: 40)
        let screen = backend.screenText()
        expectSnapshot(screen, "scenarios-120x40")
        let header = screen.rows[3]
        #expect(header.column(of: "ID") != nil)
        #expect(header.column(of: "标题 Title")! > header.column(of: "ID")!)
        #expect(screen.rows[4].contains("chaozhou-ancient-city-guide"))
        try expectAlignedScenarioTable(backend, runtime, width: 120)
    }

    @Test func at100ColumnsTitlesStayWholeRatherThanShowIds() throws {
        let (backend, runtime) = app.run("", width: 100, height: 30)
        let screen = backend.screenText()
        #expect(screen.rows[3].column(of: "ID") == nil)
        #expect(screen.contains("惠企政策智能匹配与免申即享 "))
        try expectAlignedScenarioTable(backend, runtime, width: 100)
        let models = app.screen("2", width: 100, height: 30)
        #expect(models.rows[3].contains("备案号 Filing no"))
        #expect(!models.rows[3].contains("功能"))
        #expect(models.contains("城眸城市治理视觉模型 "))
    }

    @Test func movingAndPaging() throws {
        let (backend, runtime) = app.run("jjj")
        #expect(runtime.state.lists[0].cursor.selected == 3)
        #expect(backend.screenText().contains(" 4/108"))
        #expect(backend.screenText().contains("dongguan-enterprise-policy-matching"))

        let (paged, pagedRuntime) = app.run("jjj<PgDn>")
        #expect(pagedRuntime.state.lists[0].cursor.selected == 13)
        expectSnapshot(paged.screenText(), "scenarios-paged-80x24")
        try expectAlignedScenarioTable(paged, pagedRuntime, width: 80)

        let (end, endRuntime) = app.run("G")
        #expect(end.screenText().contains(" 108/108"))
        #expect(end.screenText().contains("zhuhai-tcm-syndrome-assistant"))
        try expectAlignedScenarioTable(end, endRuntime, width: 80)

        // Rows far from the first window are fetched on the way (only a window is ever held).
        let (back, backRuntime) = app.run("G<PgUp><PgUp><PgUp>kkk")
        #expect(backRuntime.state.lists[0].cursor.selected == 107 - 30 - 3)
        #expect(back.screenText().contains(" 75/108"))
        try expectAlignedScenarioTable(back, backRuntime, width: 80)

        #expect(app.screen("G<Home>").contains(" 1/108"))
        #expect(app.screen("<PgDn><PgDn>g").contains(" 1/108"))
    }

    @Test func sectorSidebar() throws {
        let (focused, focusedRuntime) = app.run("h")
        #expect(focusedRuntime.state.lists[0].sidebarFocused)
        #expect(focused.screenText().rows.last!.hasPrefix("↵ apply"))

        // j moves in the sidebar (sectors in pinyin order: 城市治理, 交通, …), not the table; Enter
        // applies the sector and goes to the table.
        let (applied, appliedRuntime) = app.run("hjj<Enter>")
        let screen = applied.screenText()
        expectSnapshot(screen, "scenarios-sector-transport-80x24")
        #expect(!appliedRuntime.state.lists[0].sidebarFocused)
        #expect(appliedRuntime.state.lists[0].cursor.selected == 0)
        #expect(appliedRuntime.state.lists[0].value(of: .sector) == "transport")
        #expect(screen.contains("sector=交通 ✕"))
        #expect(screen.contains(" 7 条 entries"))
        #expect(appliedRuntime.state.lists[0].window.allSatisfy { $0.sector == "transport" })
        // The counts stay those of every sector, so another can be chosen.
        #expect(screen.contains("全部 All     108"))

        // So does l; j then moves in the table.
        let (_, tableRuntime) = app.run("hjjlj")
        #expect(!tableRuntime.state.lists[0].sidebarFocused)
        #expect(tableRuntime.state.lists[0].cursor.selected == 1)
        #expect(tableRuntime.state.lists[0].value(of: .sector) == "transport")

        // h comes back to the chosen sector; "全部 All" at the top clears it.
        #expect(app.run("hjj<Enter>h").1.state.lists[0].sidebar.selected == 2)
        let (_, allRuntime) = app.run("hjj<Enter>hg<Enter>")
        #expect(allRuntime.state.lists[0].value(of: .sector) == nil)
        #expect(allRuntime.state.lists[0].total == 108)
    }

    @Test func filtersByFieldAndValueShowChipsAndClear() throws {
        // f opens the fields; j moves there too (nothing is typed at that step).
        let fields = app.screen("fj")
        expectSnapshot(fields, "filter-fields-80x24")
        #expect(fields.contains("筛选 Filter — 选择字段 choose a field"))

        let values = app.screen("fj<Enter>广")
        // In pinyin order: 广东省 guang dong before 广州 guang zhou; 广z narrows to 广州.
        expectSnapshot(values, "filter-city-values-80x24")
        #expect(values.contains("广州 Guangzhou"))
        #expect(values.contains("广东省 Guangdong Province"))
        #expect(!values.contains("深圳 Shenzhen"))

        let (one, oneRuntime) = app.run("fj<Enter>广z<Enter>")
        #expect(one.screenText().contains("city=广州 ✕"))
        #expect(one.screenText().contains(" 16 条 entries"))
        #expect(oneRuntime.state.lists[0].window.allSatisfy { $0.city == "guangzhou" })

        let (two, twoRuntime) = app.run("fj<Enter>广z<Enter>f<Down><Down><Enter><Down><Enter>")
        let chips = two.screenText()
        expectSnapshot(chips, "filter-two-chips-80x24")
        #expect(chips.rows[2].contains("city=广州 ✕"))
        #expect(chips.rows[2].contains("stage=试点 piloting ✕"))
        #expect(twoRuntime.state.lists[0].window.allSatisfy { $0.city == "guangzhou" && $0.stage == .piloting })
        #expect(chips.contains(" 5 条 entries"))

        let (cleared, clearedRuntime) = app.run("fj<Enter>广z<Enter>f<Down><Down><Enter><Down><Enter>F")
        #expect(clearedRuntime.state.lists[0].filters.isEmpty)
        #expect(cleared.screenText().contains("筛选 filters: 无 none"))
        #expect(cleared.screenText().contains("已清除筛选 · filters cleared"))
        #expect(clearedRuntime.state.lists[0].total == 108)

        // Esc steps back from values to fields, then closes.
        let (_, escRuntime) = app.run("fj<Enter><Esc><Esc>")
        #expect(escRuntime.state.overlay == nil)
        #expect(escRuntime.state.lists[0].filters.isEmpty)
    }

    @Test func sortNextColumnAndReverse() throws {
        let (byTitle, byTitleRuntime) = app.run("s")
        #expect(byTitle.screenText().contains("排序 sort: 标题 ↑"))
        let titles = byTitleRuntime.state.lists[0].window.map(\.name)
        #expect(titles == titles.sorted { Pinyin.sortKey($0) < Pinyin.sortKey($1) })   // pinyin order (docs/0019)
        #expect(titles.first == "12345热线工单智能分派" && titles.contains("潮州古城多语种智能导览"))

        let (reversed, reversedRuntime) = app.run("sS")
        #expect(reversed.screenText().contains("排序 sort: 标题 ↓"))
        let down = reversedRuntime.state.lists[0].window.map(\.name)
        #expect(down == down.sorted { Pinyin.sortKey($0) > Pinyin.sortKey($1) })
        expectSnapshot(reversed.screenText(), "scenarios-sorted-title-desc-80x24")

        let (_, cityRuntime) = app.run("ss")
        let cities = cityRuntime.state.lists[0].window.compactMap(\.city)
        #expect(cities == cities.sorted())
    }

    @Test func modelsTab() throws {
        let small = app.screen("2")
        expectSnapshot(small, "models-80x24")
        #expect(small.contains(" 32 条 entries"))
        #expect(small.rows[3].hasPrefix("名称 Name"))
        // The filing number stays at 80 columns; a long provider name is cut with … inside its column.
        #expect(small.rows[3].contains("备案号 Filing no"))
        #expect(small.contains("Guangdong-SAMPLE-"))
        #expect(small.contains("潮汕文脉数字…"))
        #expect(small.contains("Guangdong-SAMPLE-2025-0031"))
        let wide = app.screen("2", width: 120, height: 40)
        expectSnapshot(wide, "models-120x40")
        #expect(wide.rows[3].contains("备案号 Filing no"))
        #expect(wide.rows[3].contains("功能 Functions"))
    }

    @Test func centersTab() throws {
        let small = app.screen("3")
        expectSnapshot(small, "centers-80x24")
        #expect(small.contains(" 12 条 entries"))
        let wide = app.screen("3", width: 120, height: 40)
        expectSnapshot(wide, "centers-120x40")
        // Capacity, demand and utilisation are right-aligned: every row ends at the edge.
        for line in wide.rows[4..<16] { #expect(line.displayWidth == 120, "\(line)") }
    }

    @Test func dashboardTab() throws {
        let small = app.screen("4")
        expectSnapshot(withoutToday(small), "dashboard-80x24")
        // At 80 columns the stage and status labels are the short Chinese ones, not cut English.
        #expect(small.contains("│提出   "))
        #expect(small.contains("│已批准 "))
        #expect(!small.contains("propos…"))
        #expect(!small.contains("…"))
        #expect(small.contains("算力需求/容量 PFLOPS"))
        let wide = app.screen("4", width: 120, height: 40)
        expectSnapshot(withoutToday(wide), "dashboard-120x40")
        #expect(wide.contains("示范 demonstration"))
        #expect(wide.contains("算力需求/容量 Demand vs capacity (PFLOPS)"))
        #expect(wide.contains(" 108 场景 · 32 模型 · 12 算力中心"))
    }

    @Test func tabKeysCycle() {
        #expect(app.run("<Tab>").1.state.tab == .models)
        // After the dashboard comes Publications (a screen over the tabs), then Scenarios again.
        #expect(app.run("<Tab><Tab><Tab><Tab>").1.state.publicationsScreen != nil)
        #expect(app.run("<Tab><Tab><Tab><Tab><Tab>").1.state.tab == .scenarios)
        #expect(app.run("<Tab><Tab><Tab><Tab><Tab>").1.state.publicationsScreen == nil)
        #expect(app.run("<BackTab>").1.state.publicationsScreen != nil)
        #expect(app.run("<BackTab><BackTab>").1.state.tab == .dashboard)
        #expect(app.run("4321").1.state.tab == .scenarios)
    }

    @Test func longChineseTitleIsTruncatedWithoutSplittingACharacter() throws {
        let fixture = try AppFixture.fresh()
        defer { fixture.remove() }
        let path = fixture.root + "/scenarios/chaozhou-ancient-city-guide.yaml"
        let long = "潮州古城多语种智能导览与文化遗产数字化保护综合服务平台建设"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "title: 潮州古城多语种智能导览\n", with: "title: \(long)\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Indexer(root: fixture.root, store: fixture.store).run().committed)

        for (width, height) in [(80, 24), (60, 15), (120, 40)] {
            let (backend, runtime) = fixture.run("", width: width, height: height)
            let frame = try #require(backend.lastFrame)
            let headerY = 3
            let header = frame.line(headerY)
            let titleX = try #require(header.column(of: "标题"))
            let cityX = try #require(header.column(of: "城市"))
            let cell = frame.text(x: titleX, y: headerY + 1, width: cityX - titleX - 1)
            // Cut with … and padded: never half a character, never past the column.
            #expect(cell.hasSuffix("… ") || cell.hasSuffix("…"), "\(width): \(cell)")
            #expect(cell.displayWidth == cityX - titleX - 1)
            let kept = String(cell.prefix { $0 != "…" })
            #expect(long.hasPrefix(kept), "\(width): \(kept)")
            #expect(frame.startsCharacter(x: cityX, y: headerY + 1))
            try expectAlignedScenarioTable(backend, runtime, width: width)
            if width == 80 { expectSnapshot(backend.screenText(), "long-title-80x24") }
        }
    }

    @Test func mouseClicksAndWheel() {
        // A click on a tab switches to it; on a row selects it; the wheel moves three rows.
        let tabs = app.run("").1.state.tabsWidget.tabRanges(from: 0)
        #expect(app.run("<Click:\(tabs[1].lowerBound + 1),1>").1.state.tab == .models)
        #expect(app.run("<Click:\(tabs[4].lowerBound + 1),1>").1.state.publicationsScreen != nil)
        #expect(app.run("<Click:40,6>").1.state.lists[0].cursor.selected == 2)
        #expect(app.run("<WheelDown><WheelDown>").1.state.lists[0].cursor.selected == 6)
        // A click in the sidebar applies that sector (pinyin order: 城市治理, 交通, …).
        let sidebar = app.run("<Click:3,6>").1.state.lists[0]
        #expect(sidebar.value(of: .sector) == "transport")
    }
}
