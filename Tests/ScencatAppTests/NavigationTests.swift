import CatalogCore
import CatalogIndex
import Foundation
import Testing
import TerminalKit
@testable import ScencatApp

/// Search, links between entities, the breadcrumb, Backspace and jumping to an id.
@Suite struct NavigationTests {
    let app = AppFixture.shared

    /// The boxes of a panel that spans the screen: its left and right borders are the first and
    /// last columns of every row between its corners, so nothing of the screen beneath shows.
    func expectFullWidthPanel(_ screen: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = screen.rows
        guard let top = rows.firstIndex(where: { $0.hasPrefix("┌") }),
              let bottom = rows.lastIndex(where: { $0.hasPrefix("└") }) else {
            Issue.record("no panel on screen:\n\(screen)", sourceLocation: sourceLocation)
            return
        }
        #expect(rows[top].hasSuffix("┐") && rows[top].displayWidth == width, sourceLocation: sourceLocation)
        #expect(rows[bottom].hasSuffix("┘") && rows[bottom].displayWidth == width, sourceLocation: sourceLocation)
        for row in rows[(top + 1)..<bottom] {
            #expect(row.hasPrefix("│") && row.hasSuffix("│") && row.displayWidth == width, "\(row)", sourceLocation: sourceLocation)
        }
    }

    @Test func searchAsYouTypeWithATwoCharacterWord() throws {
        let (backend, runtime) = app.run("/医疗")
        let screen = backend.screenText()
        expectSnapshot(screen, "search-医疗-80x24")
        expectFullWidthPanel(screen, width: 80)
        guard case .search(let panel) = runtime.state.overlay else { Issue.record("no search panel"); return }
        #expect(panel.hits.count >= 15)
        #expect(screen.contains("模型 粤海医疗大模型"))
        #expect(screen.contains("场景 县域远程医疗影像协同诊断"))
        // Every hit is about healthcare: the word is in its name or the matching field shown.
        let healthcare = try app.store.list(ListQuery(kind: .scenario, sector: "healthcare", limit: 200)).map(\.id)
        for hit in panel.hits where hit.kind == .scenario {
            #expect(healthcare.contains(hit.id) || hit.name.contains("医疗") || hit.snippet.contains("医疗"), "\(hit)")
        }
        // Typing narrows as it goes: one key, one query.
        let (_, partial) = app.run("/医")
        guard case .search(let one) = partial.state.overlay else { Issue.record("no search panel"); return }
        #expect(one.input.text == "医")

        let wide = app.screen("/医疗", width: 120, height: 40)
        expectSnapshot(wide, "search-医疗-120x40")
        #expect(wide.contains("场景 社保业务智能客服"))
    }

    @Test func searchWithAOneCharacterWord() throws {
        let (backend, runtime) = app.run("/医")
        let screen = backend.screenText()
        expectSnapshot(screen, "search-医-80x24")
        guard case .search(let panel) = runtime.state.overlay else { Issue.record("no search panel"); return }
        // One character finds words that contain it anywhere, e.g. 粤医影像 and 中医.
        #expect(panel.hits.contains { $0.name == "粤医影像大模型" })
        #expect(panel.hits.contains { $0.name == "中医辨证论治智能辅助" })
        #expect(panel.hits.allSatisfy { $0.name.contains("医") || $0.snippet.contains("医") })
        // Nothing matches: said so.
        #expect(app.screen("/zzqqxx").contains("没有结果 · no matches"))
        #expect(app.screen("/").contains("输入中文或英文词语"))
    }

    @Test func enterOnAHitOpensItAndEscClosesSearch() throws {
        let (backend, runtime) = app.run("/医疗<Down><Enter>")
        let screen = backend.screenText()
        expectSnapshot(screen, "search-hit-opened-80x24")
        #expect(runtime.state.overlay == nil)
        #expect(runtime.state.path.map(\.id) == ["meizhou-county-telemedicine-imaging"])
        #expect(screen.rows[2] == " 场景 Scenarios › 县域远程医疗影像协同诊断")
        #expect(screen.contains("Scenario · meizhou-county-telemedicine-imaging"))
        // Backspace returns to the list the search started from.
        let (_, backRuntime) = app.run("/医疗<Down><Enter><BS>")
        #expect(backRuntime.state.path.isEmpty)
        let (_, closed) = app.run("/医疗<Esc>")
        #expect(closed.state.overlay == nil && closed.state.path.isEmpty)
    }

    @Test func nextAndPreviousMatch() throws {
        let hits = try app.store.search("医疗", limit: 100)
        #expect(hits.count > 3)
        // After Esc, n opens the hit that was selected — the first one — then steps on.
        let (first, firstRuntime) = app.run("/医疗<Esc>n")
        #expect(firstRuntime.state.path.map(\.id) == [hits[0].id])
        #expect(first.screenText().contains("匹配 1/\(hits.count) · match 1 of \(hits.count)"))
        #expect(app.run("/医疗<Esc>nn").1.state.path.map(\.id) == [hits[1].id])
        #expect(app.run("/医疗<Esc>nnnN").1.state.path.map(\.id) == [hits[1].id])
        // N from the first wraps to the last.
        #expect(app.run("/医疗<Esc>N").1.state.path.map(\.id) == [hits[hits.count - 1].id])
        // After Enter opened a hit, n goes to the one after it.
        #expect(app.run("/医疗<Down><Enter>n").1.state.path.map(\.id) == [hits[2].id])
        // Without a search, n adds a new entry (NewKeyTests); where nothing can be added, it says how to search.
        #expect(app.screen("4n").contains("先用 / 搜索 · search with / first"))
        // A search closed with no hits keeps the previous one for n.
        #expect(app.run("/医疗<Esc>/zzqqxx<Esc>n").1.state.path.map(\.id) == [hits[0].id])
    }

    @Test func linksFromScenarioToModelToBaseModelAndBack() throws {
        let scenario = app.screen("<Enter>")
        expectSnapshot(scenario, "detail-scenario-80x24")
        #expect(scenario.rows[2] == " 场景 Scenarios › 潮州古城多语种智能导览")
        #expect(scenario.contains("▶ 已部署 deployed · 潮韵文化大模型"))

        let model = app.screen("<Enter><Enter>")
        expectSnapshot(model, "detail-model-80x24")
        #expect(model.rows[2] == " 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型")
        #expect(model.contains("Model · chaoyun-culture"))
        #expect(model.contains("▶ ↳ 岭南开源大模型轻量版 (lingnan-open-lite)"))

        let (base, baseRuntime) = app.run("<Enter><Enter><Enter>")
        let baseScreen = base.screenText()
        expectSnapshot(baseScreen, "detail-base-model-80x24")
        #expect(baseRuntime.state.path.map(\.id) == ["chaozhou-ancient-city-guide", "chaoyun-culture", "lingnan-open-lite"])
        // At 80 columns the whole path fits once the tab is named in Chinese alone.
        #expect(baseScreen.rows[2] == " 场景 › 潮州古城多语种智能导览 › 潮韵文化大模型 › 岭南开源大模型轻量版")
        let wide = app.screen("<Enter><Enter><Enter>", width: 120, height: 40)
        #expect(wide.rows[2] == " 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型 › 岭南开源大模型轻量版")

        // The second lineage step (j) goes two generations up.
        #expect(app.run("<Enter><Enter>j<Enter>").1.state.path.last?.id == "lingnan-open")

        // Backspace walks back, one step at a time, keeping the link that was followed selected.
        let (back, backRuntime) = app.run("<Enter><Enter>j<Enter><BS>")
        #expect(back.screenText().rows[2] == " 场景 Scenarios › 潮州古城多语种智能导览 › 潮韵文化大模型")
        #expect(back.screenText().contains("▶   ↳ 岭南开源大模型 (lingnan-open)"))
        #expect(backRuntime.state.path.count == 2)
        let (home, homeRuntime) = app.run("<Enter><Enter><Enter><BS><BS><BS>")
        #expect(homeRuntime.state.path.isEmpty)
        #expect(home.screenText() == app.screen(""))
        // Esc and h go back too.
        #expect(app.run("<Enter><Enter><Esc>h").1.state.path.isEmpty)
    }

    @Test func modelToTheScenariosThatUseIt() throws {
        let (backend, runtime) = app.run(":chaoyun-culture<Enter>jj<Enter>")
        #expect(runtime.state.path.map(\.id) == ["chaoyun-culture", "chaozhou-ancient-city-guide"])
        #expect(backend.screenText().rows[2] == " 场景 Scenarios › 潮韵文化大模型 › 潮州古城多语种智能导览")
        let model = app.screen(":chaoyun-culture<Enter>jj")
        #expect(model.contains("使用它的场景 Used by scenarios"))
        #expect(model.contains("▶ 已部署 deployed · 潮州古城多语种智能导览 [已批准]"))
        #expect(model.contains("  候选 candidate · 潮汕文化研学课程智能生成 [草稿]"))

        // From the models tab, a model used by many scenarios (the list scrolls with the selection).
        let (many, manyRuntime) = app.run("2G<Enter>GG", width: 80, height: 24)
        let selected = try #require(manyRuntime.state.path.last)
        let links = try #require(selected.preview?.links)
        #expect(selected.selectedLink == links.count - 1)
        #expect(many.screenText().contains("▶ " + links.last!.text))
    }

    @Test func centerToTheScenariosThatNeedIt() throws {
        // The page opens at its top (the chart of its quarters); moving brings the links on screen.
        let center = app.screen("3<Enter>")
        expectSnapshot(center, "detail-center-80x24")
        #expect(center.contains("各季度需求/容量 Demand vs capacity by quarter"))
        let moved = app.screen("3<Enter>jk")
        #expect(moved.contains("需要它的场景 Scenarios needing it"))
        #expect(moved.contains("▶ 慢病患者智能随访 · 推理 inference 10.0 PFLOPS · 2025-Q1→"))
        let (backend, runtime) = app.run("3<Enter><Enter>")
        #expect(runtime.state.path.map(\.id) == ["dongguan-compute", "dongguan-chronic-disease-followup"])
        #expect(backend.screenText().rows[2] == " 算力 Centers › 东莞松湖公共智算平台（示例） › 慢病患者智能随访")
        let wide = app.screen("3<Enter>", width: 120, height: 40)
        expectSnapshot(wide, "detail-center-120x40")
    }

    @Test func jumpToAnIdAndToAMissingId() throws {
        let prompt = app.screen(":chaoyun")
        expectSnapshot(prompt, "jump-prompt-80x24")
        #expect(prompt.contains(": chaoyun"))

        let (found, foundRuntime) = app.run(":chaoyun-culture<Enter>")
        #expect(foundRuntime.state.path.map(\.id) == ["chaoyun-culture"])
        #expect(found.screenText().contains("Model · chaoyun-culture"))

        let (missing, missingRuntime) = app.run(":no-such-scenario<Enter>")
        let screen = missing.screenText()
        expectSnapshot(screen, "jump-missing-80x24")
        #expect(missingRuntime.state.path.last?.missing == true)
        #expect(screen.contains("没有此 id · no entity with id 'no-such-scenario' — backspace to go back"))
        #expect(screen.rows[22] == " 没有此 id · no entity with id 'no-such-scenario'")
        #expect(app.run(":no-such-scenario<Enter><BS>").1.state.path.isEmpty)
        // Esc cancels; an empty id does nothing.
        #expect(app.run(":abc<Esc>").1.state.overlay == nil)
        #expect(app.run(":<Enter>").1.state.path.isEmpty)
    }
}
